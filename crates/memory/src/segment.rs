//! Segments: owned, cheaply clonable views of loaded bytes, with their provenance.
//!
//! A [`Segment`] is what a [`DataLoader`](crate::DataLoader) returns. It keeps whatever
//! owns its bytes alive (the file mapping, the heap buffer, the caller's `Arc<[u8]>`, or a
//! [`SharedBuffer`]) and says where they live through its [`Provenance`], so a backend can
//! pick its path (open from fd + offset, hand over a shared buffer, or copy) from the type
//! rather than by looking raw pointers up.

use std::fmt;
use std::fs::File;
use std::ops::{Bound, Deref, RangeBounds};
use std::os::fd::{AsFd, BorrowedFd};
use std::sync::Arc;

use memmap2::Mmap;

use crate::error::{Error, Result};
use crate::shm::SharedBuffer;
use crate::sys::aligned::AlignedBuf;

/// The system page size, read at run time (4 KiB or 16 KiB, never hard-coded).
pub fn page_size() -> usize {
    rustix::param::page_size()
}

/// Whether a file or buffer offset can be mapped (or handed to an fd + offset open) on a
/// system whose page size is `page`: a multiple of it. A zero page size aligns nothing.
pub(crate) fn offset_is_page_aligned(offset: u64, page: usize) -> bool {
    let page = page as u64;
    page != 0 && offset.is_multiple_of(page)
}

/// What a segment is used for (ExecuTorch's `SegmentInfo::Type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SegmentKind {
    /// The program header and flatbuffer.
    Program,
    /// Constant tensor data and named data.
    Constant,
    /// A delegate (backend) blob.
    Backend,
    /// Initial state of mutable tensors.
    Mutable,
    /// External data (`.ptd`).
    External,
}

impl SegmentKind {
    /// Every kind, in declaration order.
    pub const ALL: [SegmentKind; 5] = [
        SegmentKind::Program,
        SegmentKind::Constant,
        SegmentKind::Backend,
        SegmentKind::Mutable,
        SegmentKind::External,
    ];

    fn bit(self) -> u8 {
        match self {
            SegmentKind::Program => 1,
            SegmentKind::Constant => 2,
            SegmentKind::Backend => 4,
            SegmentKind::Mutable => 8,
            SegmentKind::External => 16,
        }
    }
}

/// A set of [`SegmentKind`]s (for example the kinds a [`SharedLoader`](crate::SharedLoader)
/// places in shared memory).
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct SegmentKindSet(u8);

impl SegmentKindSet {
    /// The empty set.
    pub const fn empty() -> Self {
        Self(0)
    }

    /// Every kind.
    pub const fn all() -> Self {
        Self(31)
    }

    /// This set plus `kind`.
    #[must_use]
    pub fn with(self, kind: SegmentKind) -> Self {
        Self(self.0 | kind.bit())
    }

    /// Whether `kind` is in the set.
    pub fn contains(self, kind: SegmentKind) -> bool {
        self.0 & kind.bit() != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl FromIterator<SegmentKind> for SegmentKindSet {
    fn from_iter<I: IntoIterator<Item = SegmentKind>>(iter: I) -> Self {
        iter.into_iter().fold(Self::empty(), Self::with)
    }
}

impl From<SegmentKind> for SegmentKindSet {
    fn from(kind: SegmentKind) -> Self {
        Self::empty().with(kind)
    }
}

impl From<&[SegmentKind]> for SegmentKindSet {
    fn from(kinds: &[SegmentKind]) -> Self {
        kinds.iter().copied().collect()
    }
}

impl<const N: usize> From<[SegmentKind; N]> for SegmentKindSet {
    fn from(kinds: [SegmentKind; N]) -> Self {
        kinds.into_iter().collect()
    }
}

impl fmt::Debug for SegmentKindSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(SegmentKind::ALL.iter().filter(|k| self.contains(**k))).finish()
    }
}

/// Why a load is made (ExecuTorch's `DataLoader::SegmentInfo`). Loaders may use it for
/// placement decisions; most ignore it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SegmentInfo {
    /// What the bytes are for.
    pub kind: SegmentKind,
    /// Index in `Program.segments` (`None` for the program itself).
    pub segment_index: Option<usize>,
    /// The backend id, for [`SegmentKind::Backend`] loads.
    pub backend_id: Option<String>,
}

impl SegmentInfo {
    /// The program header and flatbuffer.
    pub fn program() -> Self {
        Self { kind: SegmentKind::Program, segment_index: None, backend_id: None }
    }

    /// Constant data in segment `index`.
    pub fn constant(index: usize) -> Self {
        Self { kind: SegmentKind::Constant, segment_index: Some(index), backend_id: None }
    }

    /// The blob in segment `index` for backend `backend_id` (e.g. `"EnnBackend"`).
    pub fn backend(index: usize, backend_id: impl Into<String>) -> Self {
        Self {
            kind: SegmentKind::Backend,
            segment_index: Some(index),
            backend_id: Some(backend_id.into()),
        }
    }

    /// Mutable initial state in segment `index`.
    pub fn mutable(index: usize) -> Self {
        Self { kind: SegmentKind::Mutable, segment_index: Some(index), backend_id: None }
    }

    /// External data.
    pub fn external() -> Self {
        Self { kind: SegmentKind::External, segment_index: None, backend_id: None }
    }
}

/// Where a segment's bytes live.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Provenance {
    /// A read-only mapping of a file: the bytes are the file's bytes at `file_offset`.
    /// A backend can reopen them from `(file, file_offset, len)` without touching them.
    MappedFile {
        /// The mapped file (kept open as long as any segment of it lives).
        file: Arc<File>,
        /// Absolute offset of the segment's first byte in the file.
        file_offset: u64,
    },
    /// A shared buffer (memfd, dma-buf or vendor buffer).
    SharedBuffer {
        /// The buffer (kept alive as long as the segment lives).
        buffer: Arc<SharedBuffer>,
        /// Absolute offset of the segment's first byte in the buffer's fd
        /// (`buffer.offset()` plus the position inside the buffer).
        offset: u64,
    },
    /// A private heap buffer filled by a read (one copy).
    Heap,
    /// Bytes the caller gave to a [`BufferLoader`](crate::BufferLoader) (zero copy, no fd).
    CallerBuffer,
}

impl Provenance {
    /// The file descriptor behind the bytes, if any (mapped file or shared buffer). It is
    /// borrowed: `dup` it to keep it beyond the segment's lifetime.
    pub fn fd(&self) -> Option<BorrowedFd<'_>> {
        match self {
            Provenance::MappedFile { file, .. } => Some(file.as_fd()),
            Provenance::SharedBuffer { buffer, .. } => Some(buffer.fd()),
            Provenance::Heap | Provenance::CallerBuffer => None,
        }
    }

    /// Absolute offset of the first byte in [`Provenance::fd`], if there is an fd.
    pub fn fd_offset(&self) -> Option<u64> {
        match self {
            Provenance::MappedFile { file_offset, .. } => Some(*file_offset),
            Provenance::SharedBuffer { offset, .. } => Some(*offset),
            Provenance::Heap | Provenance::CallerBuffer => None,
        }
    }

    /// Whether [`Provenance::fd_offset`] exists and is a multiple of the run-time page
    /// size (a requirement of `mmap` and of fd + offset open calls).
    pub fn is_page_aligned(&self) -> bool {
        self.fd_offset().is_some_and(|o| offset_is_page_aligned(o, page_size()))
    }

    /// The shared buffer's allocator name (`"memfd"`, `"dma-heap:system"`, ...).
    pub fn allocator_name(&self) -> Option<&str> {
        match self {
            Provenance::SharedBuffer { buffer, .. } => Some(buffer.allocator_name()),
            _ => None,
        }
    }

    /// Whether the bytes were handed out without a copy (mapped file or caller buffer).
    pub fn is_zero_copy(&self) -> bool {
        matches!(self, Provenance::MappedFile { .. } | Provenance::CallerBuffer)
    }

    /// This provenance moved `by` bytes forward (for sub-segments).
    fn advanced(&self, by: usize) -> Option<Provenance> {
        let by = u64::try_from(by).ok()?;
        Some(match self {
            Provenance::MappedFile { file, file_offset } => Provenance::MappedFile {
                file: Arc::clone(file),
                file_offset: file_offset.checked_add(by)?,
            },
            Provenance::SharedBuffer { buffer, offset } => Provenance::SharedBuffer {
                buffer: Arc::clone(buffer),
                offset: offset.checked_add(by)?,
            },
            Provenance::Heap => Provenance::Heap,
            Provenance::CallerBuffer => Provenance::CallerBuffer,
        })
    }
}

/// What keeps a segment's bytes alive.
#[derive(Clone)]
enum Owner {
    Mapped(Arc<Mmap>),
    Heap(Arc<AlignedBuf>),
    Caller(Arc<[u8]>),
    Shared(Arc<SharedBuffer>),
}

impl Owner {
    fn bytes(&self) -> &[u8] {
        match self {
            Owner::Mapped(map) => map,
            Owner::Heap(buf) => buf,
            Owner::Caller(bytes) => bytes,
            Owner::Shared(buf) => buf.as_slice(),
        }
    }
}

/// Loaded bytes: owned, `Send + Sync`, cheap to clone (an `Arc` inside), dereferencing to
/// `[u8]`, and carrying their [`Provenance`].
///
/// Clones and [`Segment::slice`]s share the same owner: the mapping, buffer or file stays
/// alive until the last segment referring to it is dropped.
#[derive(Clone)]
pub struct Segment {
    owner: Owner,
    start: usize,
    len: usize,
    provenance: Provenance,
    /// Whether producing the bytes copied them (heap read, shared placement).
    copied: bool,
}

impl Segment {
    /// `len` bytes at `start` of a file mapping that begins at file offset 0.
    pub(crate) fn mapped(map: Arc<Mmap>, file: Arc<File>, start: usize, len: usize) -> Self {
        Self {
            owner: Owner::Mapped(map),
            start,
            len,
            provenance: Provenance::MappedFile { file, file_offset: start as u64 },
            copied: false,
        }
    }

    /// A whole heap buffer filled by a read.
    pub(crate) fn heap(buf: AlignedBuf) -> Self {
        let len = buf.len();
        Self {
            owner: Owner::Heap(Arc::new(buf)),
            start: 0,
            len,
            provenance: Provenance::Heap,
            copied: true,
        }
    }

    /// `len` bytes at `start` of caller-owned bytes.
    pub(crate) fn caller(bytes: Arc<[u8]>, start: usize, len: usize) -> Self {
        Self {
            owner: Owner::Caller(bytes),
            start,
            len,
            provenance: Provenance::CallerBuffer,
            copied: false,
        }
    }

    /// A segment over all of `bytes`, provenance [`Provenance::CallerBuffer`].
    pub fn from_bytes(bytes: impl Into<Arc<[u8]>>) -> Self {
        let bytes = bytes.into();
        let len = bytes.len();
        Self::caller(bytes, 0, len)
    }

    /// A segment over a whole shared buffer, provenance [`Provenance::SharedBuffer`].
    /// [`Segment::bytes_copied`] reports its length: filling a shared buffer is a copy.
    pub fn from_shared_buffer(buffer: SharedBuffer) -> Self {
        let buffer = Arc::new(buffer);
        let len = buffer.len();
        let offset = buffer.offset();
        Self {
            owner: Owner::Shared(Arc::clone(&buffer)),
            start: 0,
            len,
            provenance: Provenance::SharedBuffer { buffer, offset },
            copied: true,
        }
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        // The range was checked when the segment was built; `get` keeps this panic-free.
        self.owner.bytes().get(self.start..self.start.saturating_add(self.len)).unwrap_or(&[])
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the segment is empty (only sub-segments can be).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Address of the first byte.
    pub fn address(&self) -> usize {
        self.as_bytes().as_ptr() as usize
    }

    /// Whether the first byte's address is a multiple of `alignment` (false for 0).
    pub fn is_aligned_to(&self, alignment: usize) -> bool {
        alignment != 0 && self.address().is_multiple_of(alignment)
    }

    /// Where the bytes live.
    pub fn provenance(&self) -> &Provenance {
        &self.provenance
    }

    /// Bytes copied to produce this segment: 0 for mapped and caller bytes, its length for
    /// heap reads and shared-buffer placements (sub-segments report their own length).
    pub fn bytes_copied(&self) -> u64 {
        if self.copied {
            self.len as u64
        } else {
            0
        }
    }

    /// A sub-segment sharing the same owner, its provenance offset moved accordingly.
    ///
    /// # Errors
    ///
    /// [`Error::SliceOutOfBounds`] when the range does not fit in the segment.
    pub fn slice(&self, range: impl RangeBounds<usize>) -> Result<Segment> {
        let oob = |start: usize, end: usize| Error::SliceOutOfBounds { start, end, len: self.len };
        let start = match range.start_bound() {
            Bound::Included(&s) => s,
            Bound::Excluded(&s) => s.checked_add(1).ok_or_else(|| oob(usize::MAX, usize::MAX))?,
            Bound::Unbounded => 0,
        };
        let end = match range.end_bound() {
            Bound::Included(&e) => e.checked_add(1).ok_or_else(|| oob(start, usize::MAX))?,
            Bound::Excluded(&e) => e,
            Bound::Unbounded => self.len,
        };
        if start > end || end > self.len {
            return Err(oob(start, end));
        }
        let new_start = self.start.checked_add(start).ok_or_else(|| oob(start, end))?;
        let provenance = self.provenance.advanced(start).ok_or_else(|| oob(start, end))?;
        Ok(Segment {
            owner: self.owner.clone(),
            start: new_start,
            len: end - start,
            provenance,
            copied: self.copied,
        })
    }
}

impl Deref for Segment {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl AsRef<[u8]> for Segment {
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl fmt::Debug for Segment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Segment")
            .field("address", &format_args!("{:#x}", self.address()))
            .field("len", &self.len)
            .field("provenance", &self.provenance)
            .field("bytes_copied", &self.bytes_copied())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn segment_is_send_sync_and_clone_shares_bytes() {
        assert_send_sync::<Segment>();
        let seg = Segment::from_bytes(vec![1u8, 2, 3, 4]);
        let clone = seg.clone();
        assert_eq!(seg.address(), clone.address());
        assert_eq!(&*clone, &[1, 2, 3, 4]);
        assert_eq!(seg.bytes_copied(), 0);
        assert!(seg.provenance().is_zero_copy());
        assert!(seg.provenance().fd().is_none());
        assert!(!seg.provenance().is_page_aligned());
    }

    #[test]
    fn slices_share_owner_and_check_bounds() {
        let seg = Segment::from_bytes((0u8..10).collect::<Vec<_>>());
        let sub = seg.slice(2..5).expect("in bounds");
        assert_eq!(&*sub, &[2, 3, 4]);
        assert_eq!(sub.address(), seg.address() + 2);
        let subsub = sub.slice(1..).expect("in bounds");
        assert_eq!(&*subsub, &[3, 4]);
        assert_eq!(seg.slice(..=9).expect("in bounds").len(), 10);
        assert!(seg.slice(10..).expect("empty tail").is_empty());
        assert!(matches!(
            seg.slice(5..11),
            Err(Error::SliceOutOfBounds { start: 5, end: 11, len: 10 })
        ));
        #[allow(clippy::reversed_empty_ranges, reason = "testing the rejection")]
        let reversed = seg.slice(6..5);
        assert!(reversed.is_err());
        assert!(seg.slice(..=usize::MAX).is_err());
        assert!(seg.slice((Bound::Excluded(usize::MAX), Bound::Unbounded)).is_err());
    }

    #[test]
    fn heap_segments_report_copies() {
        let mut buf = AlignedBuf::zeroed(64, 64).expect("alloc");
        buf.as_mut_slice()[0] = 7;
        let seg = Segment::heap(buf);
        assert_eq!(seg.bytes_copied(), 64);
        assert!(seg.is_aligned_to(64));
        assert!(!seg.is_aligned_to(0));
        assert!(matches!(seg.provenance(), Provenance::Heap));
        assert_eq!(seg.slice(0..16).expect("slice").bytes_copied(), 16);
        assert_eq!(seg[0], 7);
    }

    #[test]
    fn kind_sets() {
        let set = SegmentKindSet::from([SegmentKind::Backend, SegmentKind::Constant]);
        assert!(set.contains(SegmentKind::Backend));
        assert!(set.contains(SegmentKind::Constant));
        assert!(!set.contains(SegmentKind::Program));
        assert!(SegmentKindSet::empty().is_empty());
        assert!(SegmentKind::ALL.iter().all(|k| SegmentKindSet::all().contains(*k)));
        assert_eq!(format!("{set:?}"), "{Constant, Backend}");
    }

    #[test]
    fn segment_info_constructors() {
        let info = SegmentInfo::backend(3, "EnnBackend");
        assert_eq!(info.kind, SegmentKind::Backend);
        assert_eq!(info.segment_index, Some(3));
        assert_eq!(info.backend_id.as_deref(), Some("EnnBackend"));
        assert_eq!(SegmentInfo::program().segment_index, None);
        assert_eq!(SegmentInfo::constant(1).kind, SegmentKind::Constant);
        assert_eq!(SegmentInfo::mutable(2).kind, SegmentKind::Mutable);
        assert_eq!(SegmentInfo::external().kind, SegmentKind::External);
    }

    #[test]
    fn page_size_is_a_power_of_two() {
        assert!(page_size().is_power_of_two());
        assert!(page_size() >= 4096);
    }

    /// The page size the system reports is the one the emulator or device was started
    /// with: tools/ci/aarch64.sh reruns these tests under qemu with 16 KiB pages and sets
    /// `PTERUN_EXPECT_PAGE_SIZE`, so a loader reading a hard-coded size would show here.
    #[test]
    fn page_size_is_the_one_the_system_runs_with() {
        match std::env::var("PTERUN_EXPECT_PAGE_SIZE") {
            Ok(want) => assert_eq!(page_size().to_string(), want),
            Err(_) => eprintln!("note: PTERUN_EXPECT_PAGE_SIZE unset; page size {}", page_size()),
        }
    }

    #[test]
    fn page_alignment_for_4k_and_16k_pages() {
        for (offset, on_4k, on_16k) in [
            (0u64, true, true),
            (4096, true, false),
            (8192, true, false),
            (12288, true, false),
            (16384, true, true),
            (16384 + 128, false, false),
            (128, false, false),
            (3 * 16384, true, true),
            (u64::MAX - 4095, true, false),
        ] {
            assert_eq!(offset_is_page_aligned(offset, 4096), on_4k, "offset {offset}, 4 KiB");
            assert_eq!(offset_is_page_aligned(offset, 16384), on_16k, "offset {offset}, 16 KiB");
        }
        assert!(!offset_is_page_aligned(0, 0), "a zero page size aligns nothing");
    }
}
