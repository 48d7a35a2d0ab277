//! Loader tests: the intent of ExecuTorch's zero-copy loader tests, for every loader.

use std::fs::File;
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::fs::MetadataExt;
use std::sync::Arc;

use pterun_core::ErrorCode;
use pterun_memory::{
    page_size, Advice, BufferLoader, DataLoader, Error, FdLoader, FileLoader, MemfdAllocator,
    MmapLoader, MmapOptions, Provenance, SegmentInfo, SegmentKind, SharedLoader,
};

use crate::{patterned_file, ALIGNMENTS};

/// Length of the test file: several pages plus a ragged tail.
const LEN: usize = 5 * 4096 + 1234;

/// In-bounds loads at offsets that are multiples of each alignment, with varied sizes.
fn aligned_loads(len: usize) -> Vec<(u64, usize)> {
    let mut loads = Vec::new();
    for align in ALIGNMENTS {
        for k in [0usize, 1, 3] {
            let offset = align * k;
            for size in [1usize, 7, align, 3000] {
                if offset + size <= len {
                    loads.push((offset as u64, size));
                }
            }
        }
    }
    loads.push((0, len));
    loads.push(((len - 1) as u64, 1));
    loads
}

/// Loads that must fail with `OutOfBounds`.
fn out_of_bounds(len: usize) -> Vec<(u64, usize)> {
    vec![
        (len as u64, 1),
        ((len - 1) as u64, 2),
        (0, len + 1),
        (u64::MAX, 1),
        (u64::MAX - 1, 4),
        (1, usize::MAX),
    ]
}

/// Checks data, bounds and zero-size behaviour common to every loader; returns the sum of
/// the sizes loaded.
fn check_common(loader: &dyn DataLoader, data: &[u8], info: &SegmentInfo) -> u64 {
    assert_eq!(loader.size(), data.len() as u64);
    let mut total = 0u64;
    for (offset, size) in aligned_loads(data.len()) {
        let seg = loader.load(offset, size, info).unwrap();
        let start = offset as usize;
        assert_eq!(seg.len(), size);
        assert_eq!(&*seg, &data[start..start + size], "load({offset}, {size})");
        total += size as u64;
    }
    for (offset, size) in out_of_bounds(data.len()) {
        let err = loader.load(offset, size, info).unwrap_err();
        assert!(
            matches!(err, Error::OutOfBounds { offset: o, size: s, .. } if o == offset && s == size),
            "load({offset}, {size}) gave {err:?}"
        );
        assert_eq!(err.code(), ErrorCode::InvalidArgument);
    }
    for offset in [0u64, 5, data.len() as u64, u64::MAX] {
        let err = loader.load(offset, 0, info).unwrap_err();
        assert!(matches!(err, Error::ZeroSizeLoad { .. }), "{err:?}");
        assert_eq!(err.code(), ErrorCode::InvalidArgument);
    }
    // load_into: in bounds, out of bounds, zero size.
    let mut dst = vec![0u8; 100];
    loader.load_into(17, &mut dst, info).unwrap();
    assert_eq!(&dst[..], &data[17..117]);
    assert!(matches!(
        loader.load_into(data.len() as u64 - 50, &mut dst, info),
        Err(Error::OutOfBounds { .. })
    ));
    assert!(matches!(loader.load_into(0, &mut [], info), Err(Error::ZeroSizeLoad { .. })));
    total
}

/// Checks that `seg`'s provenance is the file at `offset` (same inode).
fn assert_mapped_from(seg: &pterun_memory::Segment, file: &File, offset: u64) {
    match seg.provenance() {
        Provenance::MappedFile { file: f, file_offset } => {
            assert_eq!(*file_offset, offset);
            let ours = f.metadata().unwrap();
            let theirs = file.metadata().unwrap();
            assert_eq!((ours.dev(), ours.ino()), (theirs.dev(), theirs.ino()));
        }
        other => panic!("expected MappedFile, got {other:?}"),
    }
    assert_eq!(seg.provenance().fd_offset(), Some(offset));
    assert!(seg.provenance().fd().is_some());
    assert_eq!(seg.provenance().is_page_aligned(), offset.is_multiple_of(page_size() as u64));
    assert_eq!(seg.bytes_copied(), 0);
}

#[test]
fn mmap_loader_is_zero_copy_and_reports_fd_offsets() {
    let (tmp, data) = patterned_file(LEN);
    for options in [
        MmapOptions::default(),
        MmapOptions { advice: Advice::WillNeed, mlock: true },
        MmapOptions { advice: Advice::Populate, mlock: false },
    ] {
        let loader = MmapLoader::open(tmp.path(), options).unwrap();
        assert_eq!(loader.path(), Some(tmp.path()));
        if !options.mlock {
            assert!(!loader.mlocked());
        }
        let info = SegmentInfo::constant(0);
        let total = check_common(&loader, &data, &info);
        let stats = loader.stats();
        assert_eq!(stats.bytes_copied, 100, "only the load_into copied");
        assert_eq!(stats.bytes_mapped, total);
        assert_eq!(stats.loads, aligned_loads(LEN).len() as u64 + 1);

        let file = File::open(tmp.path()).unwrap();
        for (offset, size) in aligned_loads(LEN) {
            let seg = loader.load(offset, size, &info).unwrap();
            assert_mapped_from(&seg, &file, offset);
            for align in ALIGNMENTS {
                if offset % align as u64 == 0 {
                    assert!(seg.is_aligned_to(align), "offset {offset} align {align}");
                }
            }
        }
        let first = loader.load(0, 10, &info).unwrap();
        assert!(first.is_aligned_to(page_size()));
        assert!(first.provenance().is_page_aligned());
        // A sub-segment shares the mapping and moves the file offset.
        let sub = first.slice(3..9).unwrap();
        assert_eq!(sub.address(), first.address() + 3);
        assert_mapped_from(&sub, &file, 3);
    }
}

#[test]
fn mapped_segments_outlive_their_loader() {
    let (tmp, data) = patterned_file(LEN);
    let loader = MmapLoader::open(tmp.path(), MmapOptions::default()).unwrap();
    let seg = loader.load(4096, 4096, &SegmentInfo::program()).unwrap();
    drop(loader);
    drop(tmp); // the file is unlinked; the mapping and the open file keep the bytes
    assert_eq!(&*seg, &data[4096..8192]);
}

#[test]
fn empty_file_maps_to_an_empty_loader() {
    let (tmp, _) = patterned_file(0);
    let loader = MmapLoader::open(tmp.path(), MmapOptions::default()).unwrap();
    assert_eq!(loader.size(), 0);
    assert!(loader.as_bytes().is_empty());
    assert!(matches!(
        loader.load(0, 1, &SegmentInfo::program()),
        Err(Error::OutOfBounds { source_len: 0, .. })
    ));
    assert!(matches!(loader.load(0, 0, &SegmentInfo::program()), Err(Error::ZeroSizeLoad { .. })));
    let fd = FdLoader::new(OwnedFd::from(File::open(tmp.path()).unwrap())).unwrap();
    assert_eq!(fd.size(), 0);
    assert!(matches!(fd.load(0, 1, &SegmentInfo::program()), Err(Error::OutOfBounds { .. })));
}

#[test]
fn missing_files_fail_with_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("absent.pte");
    for err in [
        MmapLoader::open(&missing, MmapOptions::default()).unwrap_err(),
        FileLoader::open(&missing, 16).unwrap_err(),
    ] {
        match &err {
            Error::Open { path, source } => {
                assert_eq!(path, &missing);
                assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
            }
            other => panic!("expected Open, got {other:?}"),
        }
        assert_eq!(err.code(), ErrorCode::AccessFailed);
        assert!(err.to_string().contains("absent.pte"));
    }
}

#[test]
fn file_loader_honours_each_alignment_and_counts_copies() {
    let (tmp, data) = patterned_file(LEN);
    for align in ALIGNMENTS {
        let loader = FileLoader::open(tmp.path(), align).unwrap();
        assert_eq!(loader.alignment(), align);
        let info = SegmentInfo::constant(1);
        let total = check_common(&loader, &data, &info);
        let stats = loader.stats();
        assert_eq!(stats.bytes_mapped, 0);
        assert_eq!(stats.bytes_copied, total + 100);
        // Odd offsets too: the buffer, not the file offset, carries the alignment.
        for (offset, size) in [(0u64, 1usize), (1, 33), (4097, 1000), (LEN as u64 - 10, 10)] {
            let seg = loader.load(offset, size, &info).unwrap();
            assert!(seg.is_aligned_to(align), "align {align} offset {offset}");
            assert!(matches!(seg.provenance(), Provenance::Heap));
            assert!(seg.provenance().fd().is_none());
            assert_eq!(seg.bytes_copied(), size as u64);
            assert_eq!(&*seg, &data[offset as usize..offset as usize + size]);
        }
    }
}

#[test]
fn file_loader_rejects_bad_alignments() {
    let (tmp, _) = patterned_file(64);
    for align in [0usize, 3, 5, 17] {
        let err = FileLoader::open(tmp.path(), align).unwrap_err();
        assert!(matches!(err, Error::InvalidAlignment(a) if a == align), "{err:?}");
        assert_eq!(err.code(), ErrorCode::InvalidArgument);
    }
}

#[test]
fn file_loader_reports_short_reads_when_the_file_shrinks() {
    let (tmp, _) = patterned_file(LEN);
    let loader = FileLoader::open(tmp.path(), 16).unwrap();
    tmp.as_file().set_len(100).unwrap();
    let err = loader.load(50, 100, &SegmentInfo::program()).unwrap_err();
    assert!(matches!(err, Error::ShortRead { offset: 50, expected: 100, read: 50 }), "{err:?}");
    assert_eq!(err.code(), ErrorCode::AccessFailed);
}

#[test]
fn fd_loader_maps_regular_files() {
    let (tmp, data) = patterned_file(LEN);
    let fd = OwnedFd::from(File::open(tmp.path()).unwrap());
    let loader = FdLoader::new(fd).unwrap();
    assert!(loader.is_mapped());
    let info = SegmentInfo::backend(0, "EnnBackend");
    let total = check_common(&loader, &data, &info);
    assert_eq!(loader.stats().bytes_mapped, total);
    assert_eq!(loader.stats().bytes_copied, 100);
    let file = File::open(tmp.path()).unwrap();
    for (offset, size) in aligned_loads(LEN) {
        let seg = loader.load(offset, size, &info).unwrap();
        assert_mapped_from(&seg, &file, offset);
        for align in ALIGNMENTS {
            if offset % align as u64 == 0 {
                assert!(seg.is_aligned_to(align));
            }
        }
    }
}

#[test]
fn fd_loader_maps_memfds() {
    use rustix::fs::{memfd_create, MemfdFlags};
    let data = crate::pattern(LEN);
    let fd = memfd_create("pterun-fd-loader-test", MemfdFlags::CLOEXEC).unwrap();
    rustix::io::write(&fd, &data).unwrap();
    let loader = FdLoader::new(fd).unwrap();
    assert!(loader.is_mapped());
    check_common(&loader, &data, &SegmentInfo::program());
    // One page in: page aligned whatever the page size (4 KiB, or 16 KiB on recent phones).
    let page = page_size() as u64;
    let seg = loader.load(page, 16, &SegmentInfo::program()).unwrap();
    assert_eq!(seg.provenance().fd_offset(), Some(page));
    assert!(seg.provenance().is_page_aligned());
    let seg = loader.load(page + 64, 16, &SegmentInfo::program()).unwrap();
    assert!(!seg.provenance().is_page_aligned(), "64 bytes past a page boundary");
}

#[test]
fn fd_loader_reads_non_regular_files() {
    let fd = OwnedFd::from(File::open("/dev/null").unwrap());
    let loader = FdLoader::new(fd).unwrap();
    assert!(!loader.is_mapped());
    assert_eq!(loader.size(), 0);
    assert!(matches!(loader.load(0, 1, &SegmentInfo::program()), Err(Error::OutOfBounds { .. })));
    let fd = OwnedFd::from(File::open("/dev/null").unwrap());
    assert!(matches!(
        FdLoader::with_options(fd, MmapOptions::default(), 3),
        Err(Error::InvalidAlignment(3))
    ));
}

#[test]
fn buffer_loader_hands_out_caller_bytes() {
    let data = crate::pattern(LEN);
    let loader = BufferLoader::new(data.clone());
    let info = SegmentInfo::program();
    let total = check_common(&loader, &data, &info);
    assert_eq!(loader.stats().bytes_mapped, total);
    assert_eq!(loader.stats().bytes_copied, 100);
    let base = loader.as_bytes().as_ptr() as usize;
    for (offset, size) in aligned_loads(LEN) {
        let seg = loader.load(offset, size, &info).unwrap();
        assert_eq!(seg.address(), base + offset as usize, "zero copy");
        assert!(matches!(seg.provenance(), Provenance::CallerBuffer));
        assert_eq!(seg.bytes_copied(), 0);
        assert!(!seg.provenance().is_page_aligned());
    }
}

#[test]
fn shared_loader_copies_chosen_kinds_once_and_maps_the_rest() {
    let (tmp, data) = patterned_file(LEN);
    let base = Arc::new(MmapLoader::open(tmp.path(), MmapOptions::default()).unwrap());
    let registry = pterun_memory::BufferRegistry::new();
    let loader = SharedLoader::new(
        base.clone(),
        Arc::new(MemfdAllocator::with_label(crate::unique_label("shared-loader"))),
        [SegmentKind::Backend],
        Some(registry.clone()),
    );
    assert_eq!(loader.allocator_name(), "memfd");
    assert!(loader.kinds().contains(SegmentKind::Backend));

    // Mapped kinds: common checks on a non-placed kind.
    let constant = SegmentInfo::constant(0);
    let mapped_total = check_common(&loader, &data, &constant);
    assert_eq!(base.stats().bytes_copied, 100, "only load_into copied");
    assert_eq!(registry.live_buffers(), 0);

    // Placed kind: the same battery, through shared buffers.
    let backend = SegmentInfo::backend(2, "EnnBackend");
    let placed_total = check_common(&loader, &data, &backend);
    let base_stats = base.stats();
    assert_eq!(base_stats.bytes_mapped, mapped_total, "placements are not mapped");
    assert_eq!(
        base_stats.bytes_copied,
        placed_total + 200,
        "each placed byte copied exactly once, from the mapping"
    );
    let stats = loader.stats();
    assert_eq!(stats.bytes_mapped, mapped_total);
    assert_eq!(stats.bytes_copied, placed_total + 200);

    // Provenance of a placed segment: memfd fd at offset 0 holding exactly the bytes.
    let seg = loader.load(4096, 10_000, &backend).unwrap();
    assert_eq!(&*seg, &data[4096..14_096]);
    assert_eq!(seg.bytes_copied(), 10_000);
    assert!(seg.is_aligned_to(page_size()));
    match seg.provenance() {
        Provenance::SharedBuffer { buffer, offset } => {
            assert_eq!(*offset, 0);
            assert_eq!(buffer.allocator_name(), "memfd");
            assert_eq!(buffer.len(), 10_000);
        }
        other => panic!("expected SharedBuffer, got {other:?}"),
    }
    assert!(seg.provenance().is_page_aligned());
    let fd = seg.provenance().fd().unwrap();
    let mut through_fd = vec![0u8; 10_000];
    assert_eq!(rustix::io::pread(fd.as_fd(), &mut through_fd, 0).unwrap(), 10_000);
    assert_eq!(&through_fd[..], &data[4096..14_096]);
    assert_eq!(registry.live_buffers(), 1);
    assert_eq!(registry.live_bytes(), 10_000);
    let found = registry.find(seg.address() + 9_999).unwrap();
    assert_eq!(found.offset_in_buffer, 9_999);

    // A constant load right after is still mapped.
    let mapped = loader.load(4096, 10_000, &constant).unwrap();
    assert!(matches!(mapped.provenance(), Provenance::MappedFile { file_offset: 4096, .. }));
    assert_eq!(mapped.bytes_copied(), 0);

    drop(seg);
    assert_eq!(registry.live_buffers(), 0, "buffer left the registry on drop");
}

#[test]
fn shared_loader_over_a_pread_base_never_maps() {
    let (tmp, data) = patterned_file(LEN);
    let base = Arc::new(FileLoader::open(tmp.path(), 64).unwrap());
    let loader = SharedLoader::new(
        base.clone(),
        Arc::new(MemfdAllocator::new()),
        [SegmentKind::Backend, SegmentKind::Constant],
        None,
    );
    let seg = loader.load(1, 5000, &SegmentInfo::constant(0)).unwrap();
    assert_eq!(&*seg, &data[1..5001]);
    assert!(matches!(seg.provenance(), Provenance::SharedBuffer { .. }));
    let prog = loader.load(1, 5000, &SegmentInfo::program()).unwrap();
    assert!(matches!(prog.provenance(), Provenance::Heap));
    assert_eq!(base.stats().bytes_copied, 10_000);
    assert_eq!(loader.stats().bytes_copied, 10_000);
    assert_eq!(loader.stats().bytes_mapped, 0);
}

#[test]
fn shared_loader_can_place_only_some_backends_blobs() {
    let (tmp, data) = patterned_file(LEN);
    let base = Arc::new(MmapLoader::open(tmp.path(), MmapOptions::default()).unwrap());
    let loader =
        SharedLoader::new(base, Arc::new(MemfdAllocator::new()), [SegmentKind::Backend], None)
            .only_backends(["EnnBackend"]);
    let enn = loader.load(4096, 100, &SegmentInfo::backend(0, "EnnBackend")).unwrap();
    assert!(matches!(enn.provenance(), Provenance::SharedBuffer { .. }));
    let xnn = loader.load(4096, 100, &SegmentInfo::backend(1, "XnnpackBackend")).unwrap();
    assert!(matches!(xnn.provenance(), Provenance::MappedFile { .. }), "{:?}", xnn.provenance());
    assert_eq!(&*enn, &*xnn);
    assert_eq!(&*xnn, &data[4096..4196]);
    assert_eq!((loader.stats().bytes_copied, loader.stats().bytes_mapped), (100, 100));
}
