//! The `.pte` container around the FlatBuffer, for tests that decode a real program into
//! owned tables, edit it, and write it back: `[root offset][ET12][eh00 header]` then the
//! FlatBuffer's body, then segment data at a 128-byte boundary.

use planus::ReadAsRoot;

use crate::pte;

/// A program decoded into owned tables, plus its segment data (when it had a header).
pub struct Decoded {
    /// The program's tables.
    pub program: pte::Program,
    /// The bytes after the FlatBuffer, from the segment base on.
    pub segment_data: Option<Vec<u8>>,
}

/// Length of the extended header pterun writes (`eh00`, its length, program size,
/// segment base, segment data size).
const HEADER_LEN: usize = 32;

fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
}

/// Decodes a well-formed `.pte` file; `None` when it is not one.
pub fn decode(bytes: &[u8]) -> Option<Decoded> {
    let (program_len, segment_data) = if bytes.get(8..12) == Some(b"eh00") {
        let program_size = usize::try_from(u64_at(bytes, 16)?).ok()?;
        let base = usize::try_from(u64_at(bytes, 24)?).ok()?;
        let size = usize::try_from(u64_at(bytes, 32)?).ok()?;
        (program_size, Some(bytes.get(base..base.checked_add(size)?)?.to_vec()))
    } else {
        (bytes.len(), None)
    };
    let root = pte::ProgramRef::read_as_root(bytes.get(..program_len)?).ok()?;
    Some(Decoded { program: pte::Program::try_from(root).ok()?, segment_data })
}

/// Lays out `[root][identifier][header]` and the rest of a FlatBuffer serialized without
/// identifier. Every FlatBuffer offset but the root's is relative to its own position,
/// so shifting the body by `4 + header.len()` bytes keeps it valid. (planus 1.3's
/// `finish(.., Some(id))` writes the identifier *before* the root offset, which is not
/// where ExecuTorch files have it.)
pub fn with_prefix(fb: &[u8], identifier: &[u8; 4], header: &[u8]) -> Vec<u8> {
    let root = u32::from_le_bytes(fb[..4].try_into().expect("a FlatBuffer starts with its root"));
    let shift = 4 + header.len() as u32;
    let mut out = Vec::with_capacity(fb.len() + shift as usize);
    out.extend_from_slice(&(root + shift).to_le_bytes());
    out.extend_from_slice(identifier);
    out.extend_from_slice(header);
    out.extend_from_slice(&fb[4..]);
    out
}

/// Serializes a program; with segment data, adds a 32-byte `eh00` header after the
/// FlatBuffer prefix and appends the data at the next 128-byte boundary.
pub fn encode(program: &pte::Program, segment_data: Option<&[u8]>) -> Vec<u8> {
    let mut builder = planus::Builder::new();
    let fb = builder.finish(program, None).to_vec();
    let Some(data) = segment_data else {
        return with_prefix(&fb, b"ET12", &[]);
    };
    let program_size = fb.len() + 4 + HEADER_LEN;
    let base = program_size.div_ceil(128) * 128;
    let mut header = Vec::with_capacity(HEADER_LEN);
    header.extend_from_slice(b"eh00");
    header.extend_from_slice(&(HEADER_LEN as u32).to_le_bytes());
    header.extend_from_slice(&(program_size as u64).to_le_bytes());
    header.extend_from_slice(&(base as u64).to_le_bytes());
    header.extend_from_slice(&(data.len() as u64).to_le_bytes());
    let mut out = with_prefix(&fb, b"ET12", &header);
    out.resize(base, 0);
    out.extend_from_slice(data);
    out
}
