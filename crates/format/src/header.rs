//! The fixed bytes at the start of `.pte` and `.ptd` files.
//!
//! A `.pte` file starts with a FlatBuffer prefix (`u32` root offset, `"ET12"`), optionally
//! followed by the 32-byte `eh00` extended header that locates the segment data appended
//! after the FlatBuffer. Writers omit the extended header when there are no segment
//! bytes. A `.ptd` file always has its `FH01` header.

use crate::error::{Error, Result};

/// The FlatBuffers identifier of program files.
pub const PROGRAM_IDENTIFIER: &[u8; 4] = b"ET12";
/// The FlatBuffers identifier of external data files.
pub const DATA_IDENTIFIER: &[u8; 4] = b"FT01";
/// Bytes a reader should fetch to parse every header this crate knows.
pub const HEAD_LEN: usize = 64;

const EXTENDED_MAGIC: &[u8; 4] = b"eh00";
const EXTENDED_MIN_LEN: u32 = 24;
const DATA_MAGIC: &[u8; 4] = b"FH01";
const DATA_MIN_LEN: u32 = 40;

fn read_u32(bytes: &[u8], at: usize) -> Option<u32> {
    let raw = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes(raw.try_into().ok()?))
}

fn read_u64(bytes: &[u8], at: usize) -> Option<u64> {
    let raw = bytes.get(at..at.checked_add(8)?)?;
    Some(u64::from_le_bytes(raw.try_into().ok()?))
}

fn too_short(what: &'static str, bytes: &[u8], needed: usize) -> Error {
    Error::TooShort { what, len: bytes.len() as u64, needed: needed as u64 }
}

/// The `eh00` extended header of a program file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExtendedHeader {
    /// Header length as written (at least 24; writers emit 32).
    pub length: u32,
    /// Bytes of FlatBuffer data from the start of the file.
    pub program_size: u64,
    /// Absolute file offset of the first segment; 0 when there are none.
    pub segment_base_offset: u64,
    /// Bytes from the segment base to the end of the last segment (0 in old files).
    pub segment_data_size: u64,
}

impl ExtendedHeader {
    /// Reads the extended header from the first bytes of a file.
    ///
    /// Returns `Ok(None)` when the magic is absent: the whole file is then the FlatBuffer
    /// and has no segments. Checks the FlatBuffer identifier too.
    pub fn parse(head: &[u8]) -> Result<Option<ExtendedHeader>> {
        check_program_identifier(head)?;
        match head.get(8..12) {
            Some(magic) if magic == EXTENDED_MAGIC => {}
            _ => return Ok(None),
        }
        let length = read_u32(head, 12).ok_or_else(|| too_short("extended header", head, 16))?;
        if length < EXTENDED_MIN_LEN {
            return Err(Error::HeaderTooShort { which: "eh00", length, minimum: EXTENDED_MIN_LEN });
        }
        let program_size =
            read_u64(head, 16).ok_or_else(|| too_short("extended header", head, 24))?;
        let segment_base_offset =
            read_u64(head, 24).ok_or_else(|| too_short("extended header", head, 32))?;
        // Files written before the field existed have a 24-byte header.
        let segment_data_size = if length >= 32 {
            read_u64(head, 32).ok_or_else(|| too_short("extended header", head, 40))?
        } else {
            0
        };
        Ok(Some(ExtendedHeader { length, program_size, segment_base_offset, segment_data_size }))
    }

    /// Checks the header against the file length and returns the program data length.
    pub(crate) fn program_len(&self, file_len: u64) -> Result<u64> {
        let header_end = 8 + u64::from(self.length);
        if self.program_size < header_end || self.program_size > file_len {
            return Err(Error::ProgramSizeOutOfRange { program_size: self.program_size, file_len });
        }
        if self.segment_base_offset != 0 {
            if self.segment_base_offset < self.program_size {
                return Err(Error::SegmentBaseOverlapsProgram {
                    base: self.segment_base_offset,
                    program_size: self.program_size,
                });
            }
            let end = self.segment_base_offset.checked_add(self.segment_data_size);
            if end.is_none_or(|end| end > file_len) {
                return Err(Error::SegmentDataOutOfFile {
                    base: self.segment_base_offset,
                    size: self.segment_data_size,
                    file_len,
                });
            }
        }
        Ok(self.program_size)
    }
}

/// Checks the `ET12` identifier at bytes 4..8.
pub fn check_program_identifier(head: &[u8]) -> Result<()> {
    let found: [u8; 4] = head
        .get(4..8)
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| too_short("file identifier", head, 8))?;
    if &found == PROGRAM_IDENTIFIER {
        Ok(())
    } else if found[..2] == PROGRAM_IDENTIFIER[..2] && found[2..].iter().all(u8::is_ascii_digit) {
        Err(Error::IncompatibleVersion { found })
    } else {
        Err(Error::WrongIdentifier { found, expected: "ET12" })
    }
}

/// The `FH01` header of an external data file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DataHeader {
    /// Header length as written (at least 40).
    pub length: u32,
    /// Offset of the FlatBuffer table data.
    pub flatbuffer_offset: u64,
    /// Size of the FlatBuffer table data.
    pub flatbuffer_size: u64,
    /// Absolute file offset of the first segment.
    pub segment_base_offset: u64,
    /// Bytes of segment data.
    pub segment_data_size: u64,
}

impl DataHeader {
    /// Reads and checks the header against the file length.
    pub fn parse(head: &[u8], file_len: u64) -> Result<DataHeader> {
        let found: [u8; 4] = head
            .get(4..8)
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| too_short("file identifier", head, 8))?;
        if &found != DATA_IDENTIFIER {
            return Err(Error::WrongIdentifier { found, expected: "FT01" });
        }
        if head.get(8..12) != Some(DATA_MAGIC.as_slice()) {
            return Err(Error::MissingDataHeader);
        }
        let length = read_u32(head, 12).ok_or_else(|| too_short("data header", head, 16))?;
        if length < DATA_MIN_LEN {
            return Err(Error::HeaderTooShort { which: "FH01", length, minimum: DATA_MIN_LEN });
        }
        let field = |at| read_u64(head, at).ok_or_else(|| too_short("data header", head, at + 8));
        let header = DataHeader {
            length,
            flatbuffer_offset: field(16)?,
            flatbuffer_size: field(24)?,
            segment_base_offset: field(32)?,
            segment_data_size: field(40)?,
        };
        let fb_end = header.flatbuffer_offset.checked_add(header.flatbuffer_size);
        if fb_end.is_none_or(|end| end > file_len) {
            return Err(Error::DataFlatBufferOutOfFile {
                end: fb_end.unwrap_or(u64::MAX),
                file_len,
            });
        }
        let seg_end = header.segment_base_offset.checked_add(header.segment_data_size);
        if seg_end.is_none_or(|end| end > file_len) {
            return Err(Error::SegmentDataOutOfFile {
                base: header.segment_base_offset,
                size: header.segment_data_size,
                file_len,
            });
        }
        Ok(header)
    }

    /// Length of the prefix that holds the FlatBuffer (it is parsed from byte 0).
    pub fn flatbuffer_end(&self) -> u64 {
        // Checked against the file length in `parse`.
        self.flatbuffer_offset.saturating_add(self.flatbuffer_size)
    }
}
