//! [`BufferRegistry`]: which shared buffer does a raw address belong to?
//!
//! Segments carry their provenance, so loaders and backends never need this for their own
//! bytes. It exists for foreign pointers: a caller's input tensor that happens to live in a
//! shared buffer, identified by address only. Lookups are `O(log n)` in a `BTreeMap` keyed
//! by start address. Registries are explicit values passed around (no global singleton),
//! and a buffer leaves every registry it joined when it is dropped.

use std::collections::BTreeMap;
use std::os::fd::{AsRawFd, RawFd};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};

use crate::error::{Error, Result};
use crate::shm::SharedBuffer;

#[derive(Debug, Clone)]
struct Entry {
    id: u64,
    len: usize,
    raw_fd: RawFd,
    fd_offset: u64,
    allocator: Arc<str>,
}

/// What a lookup found: the buffer holding an address, and where the address is in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BufferRef {
    /// The buffer's [`SharedBuffer::id`].
    pub buffer_id: u64,
    /// Start address of the buffer's mapping.
    pub base_address: usize,
    /// Length of the buffer.
    pub buffer_len: usize,
    /// The buffer's fd number. It is only valid while the buffer lives: the caller must
    /// know that it does (for example because it holds the memory the address points to).
    pub raw_fd: RawFd,
    /// Offset of the buffer's first byte in its fd.
    pub fd_offset: u64,
    /// Offset of the looked-up address from the start of the buffer.
    pub offset_in_buffer: usize,
    /// The buffer's allocator name.
    pub allocator: Arc<str>,
}

impl BufferRef {
    /// Absolute offset of the looked-up address in the fd (`fd_offset + offset_in_buffer`).
    pub fn file_offset(&self) -> Option<u64> {
        self.fd_offset.checked_add(self.offset_in_buffer as u64)
    }

    /// Bytes from the looked-up address to the end of the buffer.
    pub fn remaining(&self) -> usize {
        self.buffer_len.saturating_sub(self.offset_in_buffer)
    }
}

/// A registration of one buffer in one registry, held by the buffer.
#[derive(Debug)]
pub(crate) struct Registration {
    registry: Weak<BufferRegistry>,
    key: usize,
}

impl Registration {
    /// Removes the entry if the registry still exists and the entry is still `id`'s.
    pub(crate) fn remove(self, id: u64) {
        if let Some(registry) = self.registry.upgrade() {
            let mut map = registry.lock();
            if map.get(&self.key).is_some_and(|e| e.id == id) {
                map.remove(&self.key);
            }
        }
    }
}

/// A thread-safe map from address ranges to live [`SharedBuffer`]s.
#[derive(Debug, Default)]
pub struct BufferRegistry {
    entries: Mutex<BTreeMap<usize, Entry>>,
}

impl BufferRegistry {
    /// An empty registry, ready to share.
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    fn lock(&self) -> MutexGuard<'_, BTreeMap<usize, Entry>> {
        // A panic while holding the lock cannot leave the map half-updated (each
        // operation is a single insert/remove), so a poisoned lock is still usable.
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Registers `buffer` until it is dropped.
    ///
    /// # Errors
    ///
    /// [`Error::RegistryOverlap`] when its range overlaps a registered buffer (including
    /// itself: a buffer is registered at most once per registry).
    pub fn register(self: &Arc<Self>, buffer: &SharedBuffer) -> Result<()> {
        let address = buffer.address();
        let len = buffer.len();
        let overlap = || Error::RegistryOverlap { address, len };
        let end = address.checked_add(len).ok_or_else(overlap)?;
        {
            let mut map = self.lock();
            if let Some((&start, prev)) = map.range(..=address).next_back() {
                if start.saturating_add(prev.len) > address {
                    return Err(overlap());
                }
            }
            if let Some((&next, _)) = map.range(address..).next() {
                if next < end {
                    return Err(overlap());
                }
            }
            map.insert(
                address,
                Entry {
                    id: buffer.id(),
                    len,
                    raw_fd: buffer.fd().as_raw_fd(),
                    fd_offset: buffer.offset(),
                    allocator: Arc::from(buffer.allocator_name()),
                },
            );
        }
        buffer
            .registrations
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(Registration { registry: Arc::downgrade(self), key: address });
        Ok(())
    }

    /// The buffer containing `address`, if any.
    pub fn find(&self, address: usize) -> Option<BufferRef> {
        self.find_range(address, 1)
    }

    /// The buffer containing all of `[address, address + len)` (a zero `len` is treated as
    /// 1), if any. A range running past a buffer's end finds nothing.
    pub fn find_range(&self, address: usize, len: usize) -> Option<BufferRef> {
        let end = address.checked_add(len.max(1))?;
        let map = self.lock();
        let (&start, entry) = map.range(..=address).next_back()?;
        let buffer_end = start.checked_add(entry.len)?;
        if end > buffer_end {
            return None;
        }
        Some(BufferRef {
            buffer_id: entry.id,
            base_address: start,
            buffer_len: entry.len,
            raw_fd: entry.raw_fd,
            fd_offset: entry.fd_offset,
            offset_in_buffer: address - start,
            allocator: Arc::clone(&entry.allocator),
        })
    }

    /// Number of registered, live buffers.
    pub fn live_buffers(&self) -> usize {
        self.lock().len()
    }

    /// Total bytes of registered, live buffers.
    pub fn live_bytes(&self) -> u64 {
        self.lock().values().map(|e| e.len as u64).sum()
    }
}
