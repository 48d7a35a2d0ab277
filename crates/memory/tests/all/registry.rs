//! BufferRegistry: point and range lookups, lifetime, concurrency.

use std::sync::Arc;

use pterun_memory::{BufferRegistry, Error, MemfdAllocator, SharedAllocator};

#[test]
fn lookups_inside_at_the_edges_and_outside() {
    let registry = BufferRegistry::new();
    let alloc = MemfdAllocator::new();
    let buf = alloc.allocate(10_000).unwrap();
    let base = buf.address();
    let len = buf.len();

    let unknown = 0usize;
    assert!(registry.find(base).is_none(), "not registered yet");
    registry.register(&buf).unwrap();
    assert!(registry.find(unknown).is_none());
    let local = 5u8;
    assert!(registry.find(&local as *const u8 as usize).is_none());

    let first = registry.find(base).unwrap();
    assert_eq!(first.buffer_id, buf.id());
    assert_eq!(first.offset_in_buffer, 0);
    assert_eq!(first.base_address, base);
    assert_eq!(first.buffer_len, len);
    assert_eq!(&*first.allocator, "memfd");
    assert_eq!(first.file_offset(), Some(0));
    assert_eq!(first.remaining(), len);

    let last = registry.find(base + len - 1).unwrap();
    assert_eq!(last.offset_in_buffer, len - 1);
    assert_eq!(last.remaining(), 1);
    assert!(registry.find(base + len).is_none(), "one past the end");
    assert!(registry.find(base - 1).is_none(), "one before the start");

    assert!(registry.find_range(base, len).is_some());
    assert!(registry.find_range(base + 100, len - 100).is_some());
    assert!(registry.find_range(base + 100, len - 99).is_none(), "spans past the end");
    assert!(registry.find_range(base, len + 1).is_none());
    assert!(registry.find_range(base - 1, 2).is_none());
    assert!(registry.find_range(usize::MAX, 2).is_none(), "overflow");

    assert_eq!(registry.live_buffers(), 1);
    assert_eq!(registry.live_bytes(), len as u64);

    let err = registry.register(&buf).unwrap_err();
    assert!(matches!(err, Error::RegistryOverlap { .. }));
    assert_eq!(registry.live_buffers(), 1);

    drop(buf);
    assert!(registry.find(base).is_none());
    assert_eq!(registry.live_buffers(), 0);
    assert_eq!(registry.live_bytes(), 0);
}

#[test]
fn live_counts_follow_buffers_and_registries() {
    let a = BufferRegistry::new();
    let b = BufferRegistry::new();
    let alloc = MemfdAllocator::new();
    let bufs: Vec<_> = (1..=4).map(|i| alloc.allocate(i * 1000).unwrap()).collect();
    for buf in &bufs {
        a.register(buf).unwrap();
    }
    b.register(&bufs[0]).unwrap();
    assert_eq!(a.live_buffers(), 4);
    assert_eq!(a.live_bytes(), 10_000);
    assert_eq!(b.live_buffers(), 1);
    for buf in &bufs {
        assert_eq!(a.find(buf.address() + 999).unwrap().buffer_id, buf.id());
    }
    let mut bufs = bufs;
    let first = bufs.remove(0);
    drop(first);
    assert_eq!(a.live_buffers(), 3);
    assert_eq!(a.live_bytes(), 9_000);
    assert_eq!(b.live_buffers(), 0, "left every registry it joined");
    drop(b); // a registry dropped before its buffers: their drop must still be fine
    let c = BufferRegistry::new();
    c.register(&bufs[0]).unwrap();
    drop(c);
    drop(bufs);
    assert_eq!(a.live_buffers(), 0);
}

#[test]
fn concurrent_allocation_registration_and_drop() {
    let registry = BufferRegistry::new();
    let alloc: Arc<dyn SharedAllocator> = Arc::new(MemfdAllocator::new());
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let registry = Arc::clone(&registry);
            let alloc = Arc::clone(&alloc);
            std::thread::spawn(move || {
                let mut held = Vec::new();
                for i in 0..40usize {
                    let buf = alloc.allocate(4096 * (1 + (i + t) % 3)).unwrap();
                    registry.register(&buf).unwrap();
                    let found = registry.find(buf.address() + buf.len() - 1).unwrap();
                    assert_eq!(found.buffer_id, buf.id());
                    if i % 3 == 0 {
                        held.push(buf);
                    }
                }
                for buf in &held {
                    assert_eq!(registry.find(buf.address()).unwrap().buffer_id, buf.id());
                }
                held.len()
            })
        })
        .collect();
    let held: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
    assert_eq!(held, 4 * 14);
    // Threads returned and dropped their held buffers.
    assert_eq!(registry.live_buffers(), 0);
    assert_eq!(registry.live_bytes(), 0);
}
