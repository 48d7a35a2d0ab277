//! The open decision rule: which ENN open function a blob takes, as a pure function of
//! where the blob lives, what the library exports and what the caller asked for.
//!
//! | path | condition | copies |
//! |---|---|---|
//! | [`OpenPath::FileFd`] | blob in a mapped file at an offset ≤ `u32::MAX`, library exports `EnnOpenModelWithFileOpenFd` | 0 by pterun (the library reads the file) |
//! | [`OpenPath::SharedFd`] | blob at offset 0 of a shared buffer (ENN buffer, dma-buf, memfd), library exports `EnnOpenModelFromFd` | 1 in total: file → buffer, made by the loader |
//! | [`OpenPath::Memory`] | anything else | 1: made by the library from the segment bytes (the mapping), never a heap copy first |
//!
//! A page-aligned file offset (an export with 16 KiB segment alignment) is the preferred
//! case; Samsung's exports align segments to 128 bytes, and whether a library accepts such
//! an offset is the library's business: the automatic policy tries, and falls back to the
//! memory open when it refuses (the [`OpenRecord`](crate::OpenRecord) says which happened).
//!
//! Every blob must be at most `u32::MAX` bytes (the C API's sizes are 32-bit).

use std::fmt;
use std::str::FromStr;

use pterun_memory::Provenance;

use crate::error::{Error, Result};

/// The largest size or offset the 32-bit C API accepts.
pub const ENN_MAX_SIZE: u64 = u32::MAX as u64;

/// How a model blob reached the library.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OpenPath {
    /// (a) `EnnOpenModelWithFileOpenFd(fd, size, offset)` on the mapped `.pte` file.
    FileFd,
    /// (b) `EnnOpenModelFromFd(fd)` on the shared buffer holding the blob at offset 0.
    SharedFd,
    /// (c) `EnnOpenModelFromMemory(ptr, size)` on the segment bytes; the library copies.
    Memory,
}

impl OpenPath {
    /// The C function this path calls.
    pub fn function(self) -> &'static str {
        match self {
            OpenPath::FileFd => "EnnOpenModelWithFileOpenFd",
            OpenPath::SharedFd => "EnnOpenModelFromFd",
            OpenPath::Memory => "EnnOpenModelFromMemory",
        }
    }

    /// A short stable name for reports (`file-fd`, `shared-fd`, `memory`).
    pub fn as_str(self) -> &'static str {
        match self {
            OpenPath::FileFd => "file-fd",
            OpenPath::SharedFd => "shared-fd",
            OpenPath::Memory => "memory",
        }
    }
}

impl fmt::Display for OpenPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which open path to take: [`OpenPolicy::Auto`] applies the rule (and falls back to the
/// memory path when an fd open fails); the others force one path for measurement, and
/// forcing an impossible path is an error.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum OpenPolicy {
    /// The rule: file fd, else shared fd, else memory.
    #[default]
    Auto,
    /// Only [`OpenPath::FileFd`].
    FileFd,
    /// Only [`OpenPath::SharedFd`].
    SharedFd,
    /// Only [`OpenPath::Memory`].
    Memory,
}

impl OpenPolicy {
    /// A short stable name (`auto`, `file-fd`, `shared-fd`, `memory`).
    pub fn as_str(self) -> &'static str {
        match self {
            OpenPolicy::Auto => "auto",
            OpenPolicy::FileFd => "file-fd",
            OpenPolicy::SharedFd => "shared-fd",
            OpenPolicy::Memory => "memory",
        }
    }
}

impl fmt::Display for OpenPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An unknown [`OpenPolicy`] name.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown ENN open policy {0:?} (expected auto, file-fd, shared-fd or memory)")]
pub struct UnknownOpenPolicy(pub String);

impl FromStr for OpenPolicy {
    type Err = UnknownOpenPolicy;
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        Ok(match s {
            "auto" => OpenPolicy::Auto,
            "file-fd" => OpenPolicy::FileFd,
            "shared-fd" => OpenPolicy::SharedFd,
            "memory" => OpenPolicy::Memory,
            other => return Err(UnknownOpenPolicy(other.to_owned())),
        })
    }
}

/// Where a blob lives, as far as the rule cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BlobLocation {
    /// In a mapped file at `offset`.
    MappedFile {
        /// Absolute file offset of the blob.
        offset: u64,
        /// Whether `offset` is a multiple of the run-time page size.
        page_aligned: bool,
    },
    /// In a shared buffer, at `offset` of its fd.
    SharedBuffer {
        /// Absolute offset of the blob in the fd.
        offset: u64,
    },
    /// Somewhere without an fd (heap, caller bytes).
    Memory,
}

impl BlobLocation {
    /// The location described by `provenance`, with `page_size` read at run time.
    pub fn of(provenance: &Provenance, page_size: usize) -> BlobLocation {
        let page = page_size as u64;
        match provenance {
            Provenance::MappedFile { file_offset, .. } => BlobLocation::MappedFile {
                offset: *file_offset,
                page_aligned: page != 0 && file_offset % page == 0,
            },
            Provenance::SharedBuffer { offset, .. } => {
                BlobLocation::SharedBuffer { offset: *offset }
            }
            _ => BlobLocation::Memory,
        }
    }
}

/// Optional open functions the library exports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct OpenCapabilities {
    /// `EnnOpenModelWithFileOpenFd`.
    pub open_with_file_fd: bool,
    /// `EnnOpenModelFromFd`.
    pub open_from_fd: bool,
}

/// Checks that `value` fits the 32-bit C API.
pub fn check_u32(what: &'static str, value: u64) -> Result<u32> {
    u32::try_from(value).map_err(|_| Error::TooLarge { what, size: value, limit: ENN_MAX_SIZE })
}

/// The rule: which path a blob of `len` bytes at `location` takes under `policy`.
///
/// # Errors
///
/// [`Error::TooLarge`] for a blob over `u32::MAX` bytes (or a forced file-fd open at an
/// offset over `u32::MAX`); [`Error::PathUnavailable`] when a forced path is impossible.
pub fn choose_open_path(
    location: BlobLocation,
    len: u64,
    capabilities: OpenCapabilities,
    policy: OpenPolicy,
) -> Result<OpenPath> {
    check_u32("blob size", len)?;
    let unavailable = |reason| Err(Error::PathUnavailable { policy, reason });
    let file_fd = || -> Result<OpenPath> {
        let BlobLocation::MappedFile { offset, .. } = location else {
            return unavailable("the blob is not in a mapped file");
        };
        check_u32("file offset", offset)?;
        if !capabilities.open_with_file_fd {
            return unavailable("the library does not export EnnOpenModelWithFileOpenFd");
        }
        Ok(OpenPath::FileFd)
    };
    let shared_fd = || -> Result<OpenPath> {
        let BlobLocation::SharedBuffer { offset } = location else {
            return unavailable("the blob is not in a shared buffer");
        };
        if offset != 0 {
            return unavailable("the blob does not start at offset 0 of its shared buffer");
        }
        if !capabilities.open_from_fd {
            return unavailable("the library does not export EnnOpenModelFromFd");
        }
        Ok(OpenPath::SharedFd)
    };
    match policy {
        OpenPolicy::FileFd => file_fd(),
        OpenPolicy::SharedFd => shared_fd(),
        OpenPolicy::Memory => Ok(OpenPath::Memory),
        OpenPolicy::Auto => Ok(file_fd().or_else(|_| shared_fd()).unwrap_or(OpenPath::Memory)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: OpenCapabilities = OpenCapabilities { open_with_file_fd: true, open_from_fd: true };
    const NONE: OpenCapabilities =
        OpenCapabilities { open_with_file_fd: false, open_from_fd: false };

    fn mapped(offset: u64) -> BlobLocation {
        BlobLocation::MappedFile { offset, page_aligned: offset.is_multiple_of(4096) }
    }

    #[test]
    fn auto_prefers_file_fd_then_shared_fd_then_memory() {
        let auto = |loc, caps| choose_open_path(loc, 100, caps, OpenPolicy::Auto).ok();
        assert_eq!(auto(mapped(4096), ALL), Some(OpenPath::FileFd));
        assert_eq!(auto(mapped(0), ALL), Some(OpenPath::FileFd));
        // Unaligned mapped blob (the default 128-byte segment alignment): tried by fd too.
        assert_eq!(auto(mapped(1536), ALL), Some(OpenPath::FileFd));
        // Aligned but the library lacks the function.
        assert_eq!(auto(mapped(4096), NONE), Some(OpenPath::Memory));
        let shared0 = BlobLocation::SharedBuffer { offset: 0 };
        assert_eq!(auto(shared0, ALL), Some(OpenPath::SharedFd));
        assert_eq!(auto(shared0, NONE), Some(OpenPath::Memory));
        let shared_sub = BlobLocation::SharedBuffer { offset: 64 };
        assert_eq!(auto(shared_sub, ALL), Some(OpenPath::Memory));
        assert_eq!(auto(BlobLocation::Memory, ALL), Some(OpenPath::Memory));
    }

    #[test]
    fn auto_skips_file_fd_for_offsets_over_u32() {
        let far = mapped(1 << 33);
        assert_eq!(choose_open_path(far, 100, ALL, OpenPolicy::Auto).ok(), Some(OpenPath::Memory));
        assert!(matches!(
            choose_open_path(far, 100, ALL, OpenPolicy::FileFd),
            Err(Error::TooLarge { what: "file offset", size, limit: ENN_MAX_SIZE }) if size == 1 << 33
        ));
    }

    #[test]
    fn forced_paths_fail_with_reasons() {
        let forced = |loc, caps, policy| choose_open_path(loc, 100, caps, policy);
        assert!(matches!(
            forced(BlobLocation::Memory, ALL, OpenPolicy::FileFd),
            Err(Error::PathUnavailable { policy: OpenPolicy::FileFd, reason }) if reason.contains("mapped")
        ));
        assert_eq!(forced(mapped(100), ALL, OpenPolicy::FileFd).ok(), Some(OpenPath::FileFd));
        assert!(matches!(
            forced(mapped(4096), NONE, OpenPolicy::FileFd),
            Err(Error::PathUnavailable { reason, .. }) if reason.contains("EnnOpenModelWithFileOpenFd")
        ));
        assert!(matches!(
            forced(mapped(4096), ALL, OpenPolicy::SharedFd),
            Err(Error::PathUnavailable { policy: OpenPolicy::SharedFd, .. })
        ));
        assert!(matches!(
            forced(BlobLocation::SharedBuffer { offset: 8 }, ALL, OpenPolicy::SharedFd),
            Err(Error::PathUnavailable { reason, .. }) if reason.contains("offset 0")
        ));
        assert!(matches!(
            forced(BlobLocation::SharedBuffer { offset: 0 }, NONE, OpenPolicy::SharedFd),
            Err(Error::PathUnavailable { reason, .. }) if reason.contains("EnnOpenModelFromFd")
        ));
        assert_eq!(forced(mapped(4096), ALL, OpenPolicy::Memory).ok(), Some(OpenPath::Memory));
        assert_eq!(
            forced(BlobLocation::SharedBuffer { offset: 0 }, ALL, OpenPolicy::SharedFd).ok(),
            Some(OpenPath::SharedFd)
        );
    }

    #[test]
    fn blobs_over_u32_are_too_large_for_every_path() {
        for policy in
            [OpenPolicy::Auto, OpenPolicy::FileFd, OpenPolicy::SharedFd, OpenPolicy::Memory]
        {
            let len = u64::from(u32::MAX) + 1;
            assert!(matches!(
                choose_open_path(mapped(0), len, ALL, policy),
                Err(Error::TooLarge { what: "blob size", size, limit: ENN_MAX_SIZE }) if size == len
            ));
        }
        assert!(choose_open_path(mapped(0), u64::from(u32::MAX), ALL, OpenPolicy::Auto).is_ok());
        assert_eq!(check_u32("x", u64::from(u32::MAX)).ok(), Some(u32::MAX));
        assert!(check_u32("x", u64::MAX).is_err());
    }

    #[test]
    fn location_from_provenance_uses_the_page_size() {
        assert_eq!(BlobLocation::of(&Provenance::Heap, 4096), BlobLocation::Memory);
        assert_eq!(BlobLocation::of(&Provenance::CallerBuffer, 4096), BlobLocation::Memory);
        let file = std::sync::Arc::new(tempfile::tempfile().expect("tempfile"));
        let at = |file_offset, page| {
            BlobLocation::of(
                &Provenance::MappedFile { file: std::sync::Arc::clone(&file), file_offset },
                page,
            )
        };
        assert_eq!(
            at(16384, 16384),
            BlobLocation::MappedFile { offset: 16384, page_aligned: true }
        );
        assert_eq!(at(4096, 16384), BlobLocation::MappedFile { offset: 4096, page_aligned: false });
        assert_eq!(at(4096, 4096), BlobLocation::MappedFile { offset: 4096, page_aligned: true });
    }

    #[test]
    fn policy_names_round_trip() {
        for p in [OpenPolicy::Auto, OpenPolicy::FileFd, OpenPolicy::SharedFd, OpenPolicy::Memory] {
            assert_eq!(p.as_str().parse::<OpenPolicy>().ok(), Some(p));
        }
        assert!("mmap".parse::<OpenPolicy>().is_err());
        assert_eq!(OpenPath::SharedFd.to_string(), "shared-fd");
        assert_eq!(OpenPath::Memory.function(), "EnnOpenModelFromMemory");
    }
}
