//! The `XH00` header that starts most XNNPACK blobs.
//!
//! Layout (little-endian), from ExecuTorch's `XNNHeader`: bytes 0..4 unused (where a bare
//! FlatBuffer keeps its root offset), 4..8 the magic `XH00` (where a bare FlatBuffer keeps
//! its identifier, so the two are told apart by these bytes), 8..10 the header length,
//! 10..14 the FlatBuffer's offset, 14..18 its size, 18..22 the constant region's offset,
//! 22..30 its size. The FlatBuffer comes before the constant region and they may not
//! overlap. A blob without the magic is all FlatBuffer, with no constant region (older
//! writers).

use crate::error::{Error, Result};

/// The magic at bytes 4..8.
pub const MAGIC: [u8; 4] = *b"XH00";
/// Bytes of the header fields.
pub const HEADER_LEN: usize = 30;

/// Where the graph and the constants are in a blob.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BlobLayout {
    /// Whether the blob started with an `XH00` header.
    pub has_header: bool,
    /// The FlatBuffer: start and length in the blob.
    pub flatbuffer: (usize, usize),
    /// The constant region: start and length in the blob (empty without a header).
    pub constants: (usize, usize),
}

fn u32_at(blob: &[u8], at: usize) -> u64 {
    blob.get(at..at + 4)
        .and_then(|b| b.try_into().ok())
        .map_or(0, |b: [u8; 4]| u32::from_le_bytes(b) as u64)
}

fn u64_at(blob: &[u8], at: usize) -> u64 {
    blob.get(at..at + 8).and_then(|b| b.try_into().ok()).map_or(0, u64::from_le_bytes)
}

/// Finds the FlatBuffer and the constant region of a blob, checking both against it.
pub fn parse(blob: &[u8]) -> Result<BlobLayout> {
    if blob.len() < 8 {
        return Err(Error::TooShort { len: blob.len(), what: "a FlatBuffer or XH00 header" });
    }
    if blob.get(4..8) != Some(&MAGIC[..]) {
        return Ok(BlobLayout {
            has_header: false,
            flatbuffer: (0, blob.len()),
            constants: (0, 0),
        });
    }
    if blob.len() < HEADER_LEN {
        return Err(Error::TooShort { len: blob.len(), what: "the XH00 header" });
    }
    let (fb_offset, fb_size) = (u32_at(blob, 10), u32_at(blob, 14));
    let (const_offset, const_size) = (u32_at(blob, 18), u64_at(blob, 22));
    let len = blob.len() as u64;
    let region = |what, offset: u64, size: u64, detail| Error::HeaderRegion {
        what,
        offset,
        size,
        blob: blob.len(),
        detail,
    };
    if fb_size < 8 {
        return Err(region("flatbuffer", fb_offset, fb_size, " (smaller than a FlatBuffer head)"));
    }
    if fb_offset > len || fb_size > len - fb_offset {
        return Err(region("flatbuffer", fb_offset, fb_size, ""));
    }
    if const_offset > len || const_size > len - const_offset {
        return Err(region("constant data", const_offset, const_size, ""));
    }
    if const_offset < fb_offset + fb_size {
        return Err(region(
            "constant data",
            const_offset,
            const_size,
            " (it must follow the flatbuffer without overlapping it)",
        ));
    }
    Ok(BlobLayout {
        has_header: true,
        flatbuffer: (fb_offset as usize, fb_size as usize),
        constants: (const_offset as usize, const_size as usize),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "test code")]
mod tests {
    use super::*;

    fn header(fb: (u32, u32), constants: (u32, u64), total: usize) -> Vec<u8> {
        let mut b = vec![0u8; total];
        b[4..8].copy_from_slice(&MAGIC);
        b[8..10].copy_from_slice(&(HEADER_LEN as u16).to_le_bytes());
        b[10..14].copy_from_slice(&fb.0.to_le_bytes());
        b[14..18].copy_from_slice(&fb.1.to_le_bytes());
        b[18..22].copy_from_slice(&constants.0.to_le_bytes());
        b[22..30].copy_from_slice(&constants.1.to_le_bytes());
        b
    }

    #[test]
    fn regions_are_checked() {
        let ok = header((32, 16), (48, 16), 64);
        assert_eq!(
            parse(&ok).unwrap(),
            BlobLayout { has_header: true, flatbuffer: (32, 16), constants: (48, 16) }
        );
        assert!(matches!(parse(&header((32, 40), (48, 16), 64)), Err(Error::HeaderRegion { .. })));
        assert!(matches!(parse(&header((32, 16), (40, 8), 64)), Err(Error::HeaderRegion { .. })));
        assert!(matches!(
            parse(&header((32, 16), (48, u64::MAX), 64)),
            Err(Error::HeaderRegion { .. })
        ));
        assert!(matches!(parse(&header((32, 4), (48, 0), 64)), Err(Error::HeaderRegion { .. })));
        assert!(matches!(parse(&ok[..20]), Err(Error::TooShort { .. })));
        let bare = [12u8, 0, 0, 0, b'X', b'N', b'0', b'1', 0, 0, 0, 0];
        assert_eq!(parse(&bare).unwrap().flatbuffer, (0, 12));
    }
}
