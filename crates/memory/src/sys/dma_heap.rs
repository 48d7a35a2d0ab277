//! The dma-heap allocation and dma-buf sync ioctls (`<linux/dma-heap.h>`,
//! `<linux/dma-buf.h>`).

use std::io;
use std::os::fd::{BorrowedFd, FromRawFd, OwnedFd};

use rustix::fs::OFlags;
use rustix::ioctl::{ioctl, opcode, Opcode, Setter, Updater};

/// `struct dma_heap_allocation_data` from `<linux/dma-heap.h>` (24 bytes).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DmaHeapAllocationData {
    /// In: requested length (the kernel rounds it up to a page). 0 is `EINVAL`.
    pub len: u64,
    /// Out: the new dma-buf fd. Must be 0 on input.
    pub fd: u32,
    /// In: flags for the new fd; only `O_CLOEXEC | O_ACCMODE` bits are allowed.
    pub fd_flags: u32,
    /// In: heap flags; must be 0 (none are defined in mainline).
    pub heap_flags: u64,
}

/// `DMA_HEAP_IOCTL_ALLOC = _IOWR('H', 0x0, struct dma_heap_allocation_data)`
/// (0xC0184800 on the common Linux ABIs).
pub const DMA_HEAP_IOCTL_ALLOC: Opcode = opcode::read_write::<DmaHeapAllocationData>(b'H', 0);

/// `struct dma_buf_sync` from `<linux/dma-buf.h>`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DmaBufSync {
    /// `DMA_BUF_SYNC_*` flags.
    pub flags: u64,
}

/// `DMA_BUF_IOCTL_SYNC = _IOW('b', 0, struct dma_buf_sync)` (0x40086200).
pub const DMA_BUF_IOCTL_SYNC: Opcode = opcode::write::<DmaBufSync>(b'b', 0);
/// `DMA_BUF_SYNC_READ | DMA_BUF_SYNC_WRITE`.
pub const DMA_BUF_SYNC_RW: u64 = 3;
/// `DMA_BUF_SYNC_START`.
pub const DMA_BUF_SYNC_START: u64 = 0;
/// `DMA_BUF_SYNC_END`.
pub const DMA_BUF_SYNC_END: u64 = 4;

/// Allocates a `len`-byte dma-buf from the heap device `heap`.
pub(crate) fn allocate(heap: BorrowedFd<'_>, len: u64) -> io::Result<OwnedFd> {
    let mut data = DmaHeapAllocationData {
        len,
        fd: 0,
        fd_flags: (OFlags::RDWR | OFlags::CLOEXEC).bits(),
        heap_flags: 0,
    };
    // SAFETY: `DMA_HEAP_IOCTL_ALLOC` is the kernel's opcode for exactly this `#[repr(C)]`
    // struct (layout checked by the unit tests against <linux/dma-heap.h>), and `data`
    // is a valid, exclusively borrowed value for the kernel to read and update.
    unsafe { ioctl(heap, Updater::<DMA_HEAP_IOCTL_ALLOC, _>::new(&mut data)) }?;
    let raw = i32::try_from(data.fd)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "kernel returned an invalid fd"))?;
    if raw < 0 {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "kernel returned an invalid fd"));
    }
    // SAFETY: the ioctl succeeded, so the kernel installed `raw` as a new file descriptor
    // in this process; nothing else refers to it, so taking ownership is sound.
    Ok(unsafe { OwnedFd::from_raw_fd(raw) })
}

/// Brackets CPU access to a dma-buf (`DMA_BUF_IOCTL_SYNC`).
pub(crate) fn sync(buf: BorrowedFd<'_>, flags: u64) -> io::Result<()> {
    // SAFETY: `DMA_BUF_IOCTL_SYNC` takes a pointer to `struct dma_buf_sync`, which
    // `DmaBufSync` reproduces (`#[repr(C)]`, one u64); the kernel only reads it.
    unsafe { ioctl(buf, Setter::<DMA_BUF_IOCTL_SYNC, _>::new(DmaBufSync { flags })) }?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::{offset_of, size_of};

    /// `_IOC(dir, type, nr, size)` as the generic Linux `<asm-generic/ioctl.h>` defines it.
    const fn ioc(dir: u64, ty: u8, nr: u8, size: usize) -> u64 {
        (dir << 30) | ((size as u64) << 16) | ((ty as u64) << 8) | nr as u64
    }

    #[test]
    fn allocation_data_layout_matches_uapi() {
        assert_eq!(size_of::<DmaHeapAllocationData>(), 24);
        assert_eq!(offset_of!(DmaHeapAllocationData, len), 0);
        assert_eq!(offset_of!(DmaHeapAllocationData, fd), 8);
        assert_eq!(offset_of!(DmaHeapAllocationData, fd_flags), 12);
        assert_eq!(offset_of!(DmaHeapAllocationData, heap_flags), 16);
        assert_eq!(size_of::<DmaBufSync>(), 8);
    }

    // The generic encoding (read|write = 3) holds on x86, arm, aarch64, riscv and
    // loongarch; powerpc, mips and sparc use other direction bits.
    #[cfg(any(
        target_arch = "x86",
        target_arch = "x86_64",
        target_arch = "arm",
        target_arch = "aarch64",
        target_arch = "riscv64"
    ))]
    #[test]
    fn ioctl_numbers_match_formula_and_headers() {
        // The opcode's type is the C library's ioctl request type: unsigned long on glibc,
        // int on bionic (Android); compare the 32 bits the kernel reads.
        #[allow(
            clippy::cast_sign_loss,
            clippy::unnecessary_cast,
            reason = "request type differs by libc"
        )]
        fn opcode_bits(op: Opcode) -> u64 {
            u64::from(op as u32)
        }
        let alloc = ioc(3, b'H', 0, size_of::<DmaHeapAllocationData>());
        assert_eq!(alloc, 0xC018_4800);
        assert_eq!(opcode_bits(DMA_HEAP_IOCTL_ALLOC), alloc);
        let sync = ioc(1, b'b', 0, size_of::<DmaBufSync>());
        assert_eq!(sync, 0x4008_6200);
        assert_eq!(opcode_bits(DMA_BUF_IOCTL_SYNC), sync);
    }

    #[cfg(any(target_arch = "x86", target_arch = "x86_64", target_arch = "aarch64"))]
    #[test]
    fn fd_flags_are_rdwr_cloexec() {
        let flags = (OFlags::RDWR | OFlags::CLOEXEC).bits();
        assert_eq!(flags, 0o2 | 0o2_000_000);
    }
}
