//! Malformed `.pte` and `.ptd` files: each case asserts the exact [`Error`] variant (with
//! its fields) and its ExecuTorch code. Cases are made by truncating or patching the
//! committed fixtures byte-wise, or by decoding a fixture into the owned planus types,
//! changing one field, and serializing it again (segment data re-attached behind a fresh
//! extended header), so that exactly one thing is wrong in each file.
#![allow(clippy::unwrap_used, reason = "test code")]

use std::path::PathBuf;

use pterun_core::ErrorCode;
use pterun_format::{DataFile, Error, ExtendedHeader, FlatBufferFault, Program};
use pterun_schema::container::{self, encode, with_prefix};
use pterun_schema::planus::{self, ReadAsRoot};
use pterun_schema::{ptd, pte};

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/models")
}

fn fixture(name: &str) -> Vec<u8> {
    let path = fixtures_dir().join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap())
}

fn u64_at(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap())
}

fn patch_u32(bytes: &[u8], at: usize, value: u32) -> Vec<u8> {
    let mut out = bytes.to_vec();
    out[at..at + 4].copy_from_slice(&value.to_le_bytes());
    out
}

fn patch_u64(bytes: &[u8], at: usize, value: u64) -> Vec<u8> {
    let mut out = bytes.to_vec();
    out[at..at + 8].copy_from_slice(&value.to_le_bytes());
    out
}

fn patch_bytes(bytes: &[u8], at: usize, value: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    out[at..at + value.len()].copy_from_slice(value);
    out
}

fn parse_err(bytes: &[u8]) -> Error {
    match Program::parse(bytes) {
        Ok(p) => panic!("expected an error, parsed {} methods", p.methods().len()),
        Err(e) => e,
    }
}

/// The error of a malformed `.ptd` file, unwrapped from `InExternalData` after checking
/// that it carries the external-data code whatever the check that failed.
fn data_err(bytes: &[u8]) -> Error {
    let err = match DataFile::parse(bytes) {
        Ok(f) => panic!("expected an error, parsed {} tensors", f.tensors().len()),
        Err(e) => e,
    };
    assert_eq!(err.code(), ErrorCode::InvalidExternalData, "{err}");
    match err {
        Error::InExternalData(inner) => {
            assert_ne!(inner.code(), ErrorCode::InvalidExternalData, "wrapped twice: {inner}");
            *inner
        }
        other => other,
    }
}

fn decode(bytes: &[u8]) -> container::Decoded {
    container::decode(bytes).expect("a well-formed program")
}

/// Decodes a fixture, applies `edit`, re-encodes.
fn rebuild(name: &str, edit: impl FnOnce(&mut pte::Program)) -> Vec<u8> {
    let mut decoded = decode(&fixture(name));
    edit(&mut decoded.program);
    encode(&decoded.program, decoded.segment_data.as_deref())
}

fn rebuild_err(name: &str, edit: impl FnOnce(&mut pte::Program)) -> Error {
    parse_err(&rebuild(name, edit))
}

fn method0(p: &mut pte::Program) -> &mut pte::Method {
    &mut p.methods.as_mut().unwrap()[0]
}

fn values(p: &mut pte::Program) -> &mut Vec<pte::ValueEntry> {
    method0(p).values.as_mut().unwrap()
}

fn instructions(p: &mut pte::Program) -> &mut Vec<pte::Instruction> {
    method0(p).chains.as_mut().unwrap()[0].instructions.as_mut().unwrap()
}

fn push_value(p: &mut pte::Program, value: pte::Value) -> i32 {
    let values = values(p);
    values.push(pte::ValueEntry { value: Some(value) });
    (values.len() - 1) as i32
}

fn int_value(v: i64) -> pte::Value {
    pte::Value::IntValue(Box::new(pte::IntValue { value: v }))
}

/// Index and mutable reference of the first tensor value matching `pred`.
fn find_tensor(
    p: &mut pte::Program,
    pred: impl Fn(&pte::TensorValue) -> bool,
) -> (usize, &mut pte::TensorValue) {
    values(p)
        .iter_mut()
        .enumerate()
        .find_map(|(i, v)| match v.value.as_mut() {
            Some(pte::Value::TensorValue(t)) if pred(t) => Some((i, t.as_mut())),
            _ => None,
        })
        .expect("fixture has such a tensor")
}

fn is_constant(t: &pte::TensorValue) -> bool {
    t.placement.is_none() && t.data_index > 0
}

fn is_planned(t: &pte::TensorValue) -> bool {
    t.placement.is_some()
}

fn first_index_of_kind(p: &mut pte::Program, pred: impl Fn(&pte::Value) -> bool) -> usize {
    values(p).iter().position(|v| v.value.as_ref().is_some_and(&pred)).expect("value kind present")
}

fn num_values(p: &mut pte::Program) -> usize {
    values(p).len()
}

/// Index of the byte that differs between two serializations (exactly one must differ).
fn single_differing_byte(a: &[u8], b: &[u8]) -> usize {
    assert_eq!(a.len(), b.len(), "variants must serialize to the same length");
    let diffs: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    assert_eq!(diffs.len(), 1, "variants differ in more than one byte: {diffs:?}");
    diffs[0]
}

fn find_pattern(haystack: &[u8], needle: &[u8]) -> usize {
    let hits: Vec<usize> = haystack
        .windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(hits.len(), 1, "pattern must occur exactly once");
    hits[0]
}

// linear.pte: eh00 header of 32 bytes, program_size 1464, segment base 1536, 60 bytes of
// segment data, file 1596 bytes; one segment (the constants).
const LINEAR_PROGRAM_SIZE: u64 = 1464;
const LINEAR_BASE: u64 = 1536;
const LINEAR_DATA: u64 = 60;
const LINEAR_LEN: u64 = 1596;

// ---------------------------------------------------------------------------------------
// Sanity: the fixtures and the re-encoding helper
// ---------------------------------------------------------------------------------------

#[test]
fn every_fixture_parses() {
    let mut seen = 0;
    for entry in std::fs::read_dir(fixtures_dir()).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        match path.extension().and_then(|e| e.to_str()) {
            Some("pte") => {
                let program = Program::parse(&bytes)
                    .unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()));
                assert!(!program.methods().is_empty(), "{}", path.display());
                for method in program.methods() {
                    assert!(!method.name.is_empty());
                    assert!(!method.values.is_empty(), "{}", path.display());
                }
                seen += 1;
            }
            Some("ptd") => {
                let file = DataFile::parse(&bytes)
                    .unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()));
                assert!(!file.tensors().is_empty());
                seen += 1;
            }
            _ => {}
        }
    }
    assert!(seen >= 12, "only {seen} fixtures found");
}

#[test]
fn linear_header_is_as_documented() {
    let bytes = fixture("linear.pte");
    assert_eq!(bytes.len() as u64, LINEAR_LEN);
    let header = ExtendedHeader::parse(&bytes[..64]).unwrap().unwrap();
    assert_eq!(
        header,
        ExtendedHeader {
            length: 32,
            program_size: LINEAR_PROGRAM_SIZE,
            segment_base_offset: LINEAR_BASE,
            segment_data_size: LINEAR_DATA,
        }
    );
    assert_eq!(ExtendedHeader::parse(&fixture("no_constants.pte")).unwrap(), None);
}

#[test]
fn reencoded_fixtures_still_parse() {
    for name in ["linear.pte", "mutable_buffer.pte", "no_constants.pte", "xnnpack.pte"] {
        let original = fixture(name);
        let rebuilt = rebuild(name, |_| {});
        let a = Program::parse(&original).unwrap();
        let b = Program::parse(&rebuilt).unwrap_or_else(|e| panic!("{name} rebuilt: {e}"));
        assert_eq!(a.methods().len(), b.methods().len());
        for (x, y) in a.methods().iter().zip(b.methods()) {
            assert_eq!(x.name, y.name);
            assert_eq!(x.values.len(), y.values.len());
        }
        assert_eq!(a.segment_table(), b.segment_table(), "{name}");
    }
}

// ---------------------------------------------------------------------------------------
// Truncation at every header boundary
// ---------------------------------------------------------------------------------------

#[test]
fn truncated_before_identifier() {
    let bytes = fixture("linear.pte");
    for len in [0usize, 4, 7] {
        let err = parse_err(&bytes[..len]);
        assert!(
            matches!(err, Error::TooShort { what: "file identifier", len: l, needed: 8 } if l == len as u64),
            "len {len}: {err:?}"
        );
        assert_eq!(err.code(), ErrorCode::InvalidArgument);
        // Same for the header reader alone and the data file reader.
        assert!(matches!(ExtendedHeader::parse(&bytes[..len]), Err(Error::TooShort { .. })));
        assert!(matches!(data_err(&bytes[..len]), Error::TooShort { what: "file identifier", .. }));
    }
}

#[test]
fn truncated_after_identifier_has_no_room_for_root() {
    let bytes = fixture("linear.pte");
    // 8 bytes: no eh00 magic visible, so the 8 bytes are the whole FlatBuffer, and the
    // root offset (0x3c) points past it.
    let err = parse_err(&bytes[..8]);
    assert_eq!(err, Error::RootOutOfRange { offset: 0x3c, len: 8 });
    assert_eq!(err.code(), ErrorCode::InvalidProgram);
    assert_eq!(ExtendedHeader::parse(&bytes[..8]).unwrap(), None);
}

#[test]
fn truncated_inside_extended_header() {
    let bytes = fixture("linear.pte");
    for (len, needed) in [(12usize, 16u64), (16, 24), (24, 32), (32, 40), (39, 40)] {
        let err = parse_err(&bytes[..len]);
        assert_eq!(
            err,
            Error::TooShort { what: "extended header", len: len as u64, needed },
            "len {len}"
        );
        assert_eq!(err.code(), ErrorCode::InvalidArgument);
        assert_eq!(ExtendedHeader::parse(&bytes[..len]).unwrap_err(), err);
    }
}

#[test]
fn truncated_before_program_end() {
    let bytes = fixture("linear.pte");
    for len in [40usize, 64, LINEAR_PROGRAM_SIZE as usize - 1] {
        let err = parse_err(&bytes[..len]);
        assert_eq!(
            err,
            Error::ProgramSizeOutOfRange {
                program_size: LINEAR_PROGRAM_SIZE,
                file_len: len as u64
            },
            "len {len}"
        );
        assert_eq!(err.code(), ErrorCode::InvalidProgram);
    }
}

#[test]
fn truncated_inside_segment_data() {
    let bytes = fixture("linear.pte");
    for len in [LINEAR_PROGRAM_SIZE, LINEAR_BASE, LINEAR_BASE + 1, LINEAR_LEN - 1] {
        let err = parse_err(&bytes[..len as usize]);
        assert_eq!(
            err,
            Error::SegmentDataOutOfFile { base: LINEAR_BASE, size: LINEAR_DATA, file_len: len },
            "len {len}"
        );
        assert_eq!(err.code(), ErrorCode::InvalidProgram);
    }
}

#[test]
fn truncated_headerless_program_is_a_flatbuffer_error() {
    // no_constants has no extended header: the whole file is the FlatBuffer.
    let bytes = fixture("no_constants.pte");
    let root = u32_at(&bytes, 0);
    let err = parse_err(&bytes[..root as usize + 2]);
    assert_eq!(err, Error::RootOutOfRange { offset: root, len: root as u64 + 2 });
    // A third of the file keeps the root table, whose methods vector then points past the
    // end; half of it keeps the method table too, whose own vectors then do.
    let err = parse_err(&bytes[..bytes.len() / 3]);
    assert_eq!(err, Error::FlatBuffer { table: "Program", fault: FlatBufferFault::Offset });
    let err = parse_err(&bytes[..bytes.len() / 2]);
    assert_eq!(err, Error::FlatBuffer { table: "Method", fault: FlatBufferFault::Offset });
    // Every other cut is a structural error too, never a panic or a success.
    for len in root as usize + 4..bytes.len() {
        let err = parse_err(&bytes[..len]);
        assert!(matches!(err, Error::FlatBuffer { .. }), "len {len}: {err:?}");
        assert_eq!(err.code(), ErrorCode::InvalidProgram);
    }
}

// ---------------------------------------------------------------------------------------
// Identifier and header fields
// ---------------------------------------------------------------------------------------

#[test]
fn other_format_version_is_incompatible() {
    let bytes = patch_bytes(&fixture("linear.pte"), 4, b"ET13");
    let err = parse_err(&bytes);
    assert_eq!(err, Error::IncompatibleVersion { found: *b"ET13" });
    assert_eq!(err.code(), ErrorCode::InvalidProgram);
    let err = parse_err(&patch_bytes(&fixture("linear.pte"), 4, b"ET09"));
    assert_eq!(err, Error::IncompatibleVersion { found: *b"ET09" });
}

#[test]
fn foreign_identifier_is_wrong() {
    for id in [b"XXXX", b"ETAB", b"\0\0\0\0", b"FT01"] {
        let err = parse_err(&patch_bytes(&fixture("linear.pte"), 4, id));
        assert_eq!(err, Error::WrongIdentifier { found: *id, expected: "ET12" });
        assert_eq!(err.code(), ErrorCode::InvalidProgram);
    }
    // A .ptd given to the program parser and vice versa.
    let err = parse_err(&fixture("external_weights.ptd"));
    assert_eq!(err, Error::WrongIdentifier { found: *b"FT01", expected: "ET12" });
    let err = data_err(&fixture("linear.pte"));
    assert_eq!(err, Error::WrongIdentifier { found: *b"ET12", expected: "FT01" });
}

#[test]
fn extended_header_length_below_minimum() {
    for length in [0u32, 8, 16, 23] {
        let err = parse_err(&patch_u32(&fixture("linear.pte"), 12, length));
        assert_eq!(err, Error::HeaderTooShort { which: "eh00", length, minimum: 24 });
        assert_eq!(err.code(), ErrorCode::InvalidProgram);
    }
}

#[test]
fn extended_header_of_24_bytes_is_an_old_file() {
    // Length 24: segment_data_size is not read (treated as 0), the file stays valid.
    let bytes = patch_u32(&fixture("linear.pte"), 12, 24);
    let program = Program::parse(&bytes).unwrap();
    assert_eq!(program.header().unwrap().segment_data_size, 0);
    assert_eq!(program.header().unwrap().length, 24);
}

#[test]
fn wrong_magic_means_no_header() {
    // "eh00" replaced: bytes 8.. are read as FlatBuffer data and the segment has no base.
    let bytes = patch_bytes(&fixture("linear.pte"), 8, b"EH00");
    let err = parse_err(&bytes);
    assert_eq!(err, Error::SegmentWithoutHeader { index: 0, size: LINEAR_DATA });
    assert_eq!(err.code(), ErrorCode::NotFound);
}

#[test]
fn program_size_outside_the_file() {
    let bytes = fixture("linear.pte");
    for program_size in [LINEAR_LEN + 1, u64::MAX, 0, 39] {
        let err = parse_err(&patch_u64(&bytes, 16, program_size));
        assert_eq!(err, Error::ProgramSizeOutOfRange { program_size, file_len: LINEAR_LEN });
        assert_eq!(err.code(), ErrorCode::InvalidProgram);
    }
}

#[test]
fn segment_base_inside_program() {
    let bytes = fixture("linear.pte");
    for base in [1u64, 40, LINEAR_PROGRAM_SIZE - 1] {
        let err = parse_err(&patch_u64(&bytes, 24, base));
        assert_eq!(
            err,
            Error::SegmentBaseOverlapsProgram { base, program_size: LINEAR_PROGRAM_SIZE }
        );
        assert_eq!(err.code(), ErrorCode::InvalidProgram);
    }
}

#[test]
fn segment_base_or_size_outside_the_file() {
    let bytes = fixture("linear.pte");
    for base in [LINEAR_BASE + 1, LINEAR_LEN, u64::MAX] {
        let err = parse_err(&patch_u64(&bytes, 24, base));
        assert_eq!(
            err,
            Error::SegmentDataOutOfFile { base, size: LINEAR_DATA, file_len: LINEAR_LEN }
        );
    }
    for size in [LINEAR_DATA + 1, u64::MAX] {
        let err = parse_err(&patch_u64(&bytes, 32, size));
        assert_eq!(
            err,
            Error::SegmentDataOutOfFile { base: LINEAR_BASE, size, file_len: LINEAR_LEN }
        );
        assert_eq!(err.code(), ErrorCode::InvalidProgram);
    }
}

#[test]
fn segment_data_size_smaller_than_segment() {
    let err = parse_err(&patch_u64(&fixture("linear.pte"), 32, 10));
    assert_eq!(
        err,
        Error::SegmentOutOfFile { index: 0, offset: 0, size: LINEAR_DATA, file_len: LINEAR_LEN }
    );
    assert_eq!(err.code(), ErrorCode::InvalidProgram);
}

#[test]
fn segment_base_zero_with_segments() {
    let err = parse_err(&patch_u64(&fixture("linear.pte"), 24, 0));
    assert_eq!(err, Error::SegmentWithoutHeader { index: 0, size: LINEAR_DATA });
    assert_eq!(err.code(), ErrorCode::NotFound);
}

#[test]
fn root_offset_outside_program() {
    let bytes = fixture("linear.pte");
    for offset in [0u32, 4, 7, LINEAR_PROGRAM_SIZE as u32 - 3, u32::MAX] {
        let err = parse_err(&patch_u32(&bytes, 0, offset));
        assert_eq!(err, Error::RootOutOfRange { offset, len: LINEAR_PROGRAM_SIZE });
        assert_eq!(err.code(), ErrorCode::InvalidProgram);
    }
}

// ---------------------------------------------------------------------------------------
// FlatBuffer structure: huge counts, unknown union tags, missing fields
// ---------------------------------------------------------------------------------------

#[test]
fn huge_vector_length_is_a_flatbuffer_error() {
    const MARK_F64: u64 = 0x1122_3344_5566_7788;
    const MARK_I64: i64 = 0x0102_0304_0506_0708;
    let bytes = rebuild("linear.pte", |p| {
        push_value(
            p,
            pte::Value::DoubleListValue(Box::new(pte::DoubleListValue {
                items: Some(vec![f64::from_bits(MARK_F64)]),
            })),
        );
    });
    assert!(Program::parse(&bytes).is_ok());
    let at = find_pattern(&bytes, &MARK_F64.to_le_bytes());
    assert_eq!(u32_at(&bytes, at - 4), 1, "vector length precedes the data");
    for len in [0x7fff_ffffu32, 0xffff_ffff, 0x0100_0000] {
        let err = parse_err(&patch_u32(&bytes, at - 4, len));
        assert_eq!(err, flatbuffer_length_error("DoubleListValue"));
        assert_eq!(err.code(), ErrorCode::InvalidProgram);
    }

    // The same on a vector of longs (boxed int list items).
    let bytes = rebuild("linear.pte", |p| {
        let int = push_value(p, int_value(MARK_I64));
        push_value(
            p,
            pte::Value::IntListValue(Box::new(pte::IntListValue {
                value_indices: Some(vec![i64::from(int), MARK_I64]),
            })),
        );
    });
    // The list item MARK_I64 is out of range, but the patched length fails first.
    let positions: Vec<usize> = bytes
        .windows(8)
        .enumerate()
        .filter(|(_, w)| *w == MARK_I64.to_le_bytes())
        .map(|(i, _)| i)
        .collect();
    let list_at = *positions.iter().find(|&&i| u32_at(&bytes, i - 12) == 2).unwrap();
    let err = parse_err(&patch_u32(&bytes, list_at - 12, 0x7fff_ffff));
    assert_eq!(err, flatbuffer_length_error("IntListValue"));
}

/// The error for a vector or string of `table` whose length runs past the buffer.
fn flatbuffer_length_error(table: &'static str) -> Error {
    Error::FlatBuffer { table, fault: FlatBufferFault::Length }
}

/// Follows the unsigned offset stored at `at` (test files are well formed).
fn follow(bytes: &[u8], at: usize) -> usize {
    at + u32_at(bytes, at) as usize
}

/// Position of field `slot` of the table whose object is at `object`, when present.
fn field_position(bytes: &[u8], object: usize, slot: usize) -> Option<usize> {
    let vtable = (object as i64 - i64::from(u32_at(bytes, object) as i32)) as usize;
    let vtable_len = usize::from(u16::from_le_bytes([bytes[vtable], bytes[vtable + 1]]));
    let entry = vtable + 4 + 2 * slot;
    if entry + 2 > vtable + vtable_len {
        return None;
    }
    let offset = usize::from(u16::from_le_bytes([bytes[entry], bytes[entry + 1]]));
    (offset != 0).then_some(object + offset)
}

#[test]
fn huge_table_vector_length_is_a_flatbuffer_error() {
    // Walk to the length of the values vector of linear's only method: root table ->
    // `methods` (slot 1) -> first method -> `values` (slot 2).
    let bytes = fixture("linear.pte");
    let root = follow(&bytes, 0);
    let methods = follow(&bytes, field_position(&bytes, root, 1).unwrap());
    let method = follow(&bytes, methods + 4);
    let values_len_at = follow(&bytes, field_position(&bytes, method, 2).unwrap());
    let count = Program::parse(&bytes).unwrap().methods()[0].values.len() as u32;
    assert_eq!(u32_at(&bytes, values_len_at), count, "the walk found the values vector");
    for len in [count + 1_000, 0x7fff_ffff, u32::MAX] {
        let err = parse_err(&patch_u32(&bytes, values_len_at, len));
        assert_eq!(err, flatbuffer_length_error("Method"), "length {len}");
        assert_eq!(err.code(), ErrorCode::InvalidProgram);
    }
}

#[test]
fn unknown_value_union_tag() {
    let list = |tensors: bool| {
        rebuild("linear.pte", move |p| {
            let v = if tensors {
                pte::Value::TensorListValue(Box::new(pte::TensorListValue {
                    value_indices: Some(vec![]),
                }))
            } else {
                pte::Value::OptionalTensorListValue(Box::new(pte::OptionalTensorListValue {
                    value_indices: Some(vec![]),
                }))
            };
            push_value(p, v);
        })
    };
    let (a, b) = (list(true), list(false));
    assert!(Program::parse(&a).is_ok() && Program::parse(&b).is_ok());
    let at = single_differing_byte(&a, &b);
    assert_eq!((a[at], b[at]), (10, 11), "tags of TensorListValue and OptionalTensorListValue");
    for tag in [12u8, 99, 255] {
        let mut bytes = a.clone();
        bytes[at] = tag;
        let err = parse_err(&bytes);
        assert_eq!(err, Error::UnknownUnionTag { union: "Value", tag });
        assert_eq!(err.code(), ErrorCode::InvalidProgram);
    }
    // Tag 0 (NONE) where a value is required.
    let mut bytes = a.clone();
    bytes[at] = 0;
    assert_eq!(parse_err(&bytes), Error::UnknownUnionTag { union: "Value", tag: 0 });
}

#[test]
fn value_entry_without_value() {
    let err = rebuild_err("linear.pte", |p| values(p).push(pte::ValueEntry { value: None }));
    assert_eq!(err, Error::UnknownUnionTag { union: "Value", tag: 0 });
    assert_eq!(err.code(), ErrorCode::InvalidProgram);
}

#[test]
fn unknown_instruction_union_tag() {
    let call = |kernel: bool| {
        rebuild("linear.pte", move |p| {
            let kind = if kernel {
                pte::InstructionKind::KernelCall(Box::new(pte::KernelCall {
                    operator_index: 0,
                    args: Some(vec![]),
                }))
            } else {
                pte::InstructionKind::DelegateCall(Box::new(pte::DelegateCall {
                    delegate_index: 0,
                    args: Some(vec![]),
                }))
            };
            instructions(p).push(pte::Instruction { kind: Some(kind) });
        })
    };
    let (a, b) = (call(true), call(false));
    assert!(Program::parse(&a).is_ok());
    let at = single_differing_byte(&a, &b);
    assert_eq!((a[at], b[at]), (1, 2), "tags of KernelCall and DelegateCall");
    for tag in [6u8, 200] {
        let mut bytes = a.clone();
        bytes[at] = tag;
        let err = parse_err(&bytes);
        assert_eq!(err, Error::UnknownUnionTag { union: "Instruction", tag });
        assert_eq!(err.code(), ErrorCode::InvalidProgram);
    }
    let mut bytes = a;
    bytes[at] = 0;
    assert_eq!(parse_err(&bytes), Error::UnknownUnionTag { union: "Instruction", tag: 0 });
}

#[test]
fn instruction_without_kind() {
    let err = rebuild_err("linear.pte", |p| instructions(p).push(pte::Instruction { kind: None }));
    assert_eq!(err, Error::UnknownUnionTag { union: "Instruction", tag: 0 });
}

#[test]
fn missing_required_fields() {
    type Edit = Box<dyn FnOnce(&mut pte::Program)>;
    let cases: Vec<(&str, &str, Edit)> = vec![
        ("Program", "methods", Box::new(|p| p.methods = None)),
        ("Method", "name", Box::new(|p| method0(p).name = None)),
        ("Method", "values", Box::new(|p| method0(p).values = None)),
        ("Method", "arena_sizes", Box::new(|p| method0(p).arena_sizes = None)),
        ("Method", "inputs", Box::new(|p| method0(p).inputs = None)),
        ("Method", "outputs", Box::new(|p| method0(p).outputs = None)),
        ("Method", "chains", Box::new(|p| method0(p).chains = None)),
        (
            "Chain",
            "instructions",
            Box::new(|p| method0(p).chains.as_mut().unwrap()[0].instructions = None),
        ),
        ("TensorValue", "sizes", Box::new(|p| find_tensor(p, |_| true).1.sizes = None)),
        ("TensorValue", "dim_order", Box::new(|p| find_tensor(p, |_| true).1.dim_order = None)),
        ("Operator", "name", Box::new(|p| method0(p).operators.as_mut().unwrap()[0].name = None)),
        (
            "StringValue",
            "value",
            Box::new(|p| {
                push_value(p, pte::Value::StringValue(Box::new(pte::StringValue { value: None })));
            }),
        ),
        (
            "NamedData",
            "key",
            Box::new(|p| p.named_data = Some(vec![pte::NamedBlob { key: None, segment_index: 0 }])),
        ),
    ];
    for (table, field, edit) in cases {
        let err = rebuild_err("linear.pte", edit);
        assert_eq!(err, Error::MissingField { table, field }, "{table}.{field}");
        assert_eq!(err.code(), ErrorCode::InvalidProgram);
    }
}

#[test]
fn method_without_chains() {
    let err = rebuild_err("linear.pte", |p| method0(p).chains = Some(vec![]));
    assert_eq!(err, Error::NoChains { method: 0 });
    assert_eq!(err.code(), ErrorCode::InvalidProgram);
}

// ---------------------------------------------------------------------------------------
// Segments and program tables
// ---------------------------------------------------------------------------------------

#[test]
fn segment_entry_outside_the_file() {
    for (offset, size) in
        [(1000u64, LINEAR_DATA), (0, LINEAR_DATA + 1), (u64::MAX, 1), (1, u64::MAX)]
    {
        let err = rebuild_err("linear.pte", |p| {
            p.segments.as_mut().unwrap()[0] = pte::Segment { offset, size };
        });
        assert!(
            matches!(err, Error::SegmentOutOfFile { index: 0, offset: o, size: s, .. } if o == offset && s == size),
            "({offset}, {size}): {err:?}"
        );
        assert_eq!(err.code(), ErrorCode::InvalidProgram);
    }
    // A second segment past the data.
    let err = rebuild_err("linear.pte", |p| {
        p.segments.as_mut().unwrap().push(pte::Segment { offset: 64, size: 1 });
    });
    assert!(
        matches!(err, Error::SegmentOutOfFile { index: 1, offset: 64, size: 1, .. }),
        "{err:?}"
    );
}

#[test]
fn nonempty_segment_in_headerless_file() {
    let err = rebuild_err("no_constants.pte", |p| {
        p.segments = Some(vec![pte::Segment { offset: 0, size: 16 }]);
    });
    assert_eq!(err, Error::SegmentWithoutHeader { index: 0, size: 16 });
    assert_eq!(err.code(), ErrorCode::NotFound);
}

#[test]
fn constant_table_refers_to_missing_segment() {
    let err = rebuild_err("linear.pte", |p| {
        p.constant_segment.as_mut().unwrap().segment_index = 5;
    });
    assert_eq!(
        err,
        Error::SegmentIndexOutOfRange { referrer: "constant_segment", index: 5, count: 1 }
    );
    assert_eq!(err.code(), ErrorCode::InvalidProgram);
}

#[test]
fn constant_offset_past_its_segment() {
    let mut entry = 0;
    let err = rebuild_err("linear.pte", |p| {
        let offsets = p.constant_segment.as_mut().unwrap().offsets.as_mut().unwrap();
        entry = offsets.len() - 1;
        offsets[entry] = LINEAR_DATA + 1;
    });
    assert_eq!(
        err,
        Error::SubSegmentOutOfRange {
            table: "constant_segment",
            entry,
            offset: LINEAR_DATA + 1,
            segment: 0,
            segment_size: LINEAR_DATA,
        }
    );
}

#[test]
fn constants_both_inline_and_in_segment() {
    let err = rebuild_err("linear.pte", |p| {
        p.inline_constants = Some(vec![
            pte::InlineBytes { bytes: Some(vec![]) },
            pte::InlineBytes { bytes: Some(vec![0; 16]) },
        ]);
    });
    assert_eq!(err, Error::ConflictingConstantStorage);
    assert_eq!(err.code(), ErrorCode::InvalidProgram);
}

#[test]
fn more_than_one_mutable_table() {
    let err = rebuild_err("mutable_buffer.pte", |p| {
        let tables = p.mutable_segments.as_mut().unwrap();
        tables.push(tables[0].clone());
    });
    assert_eq!(err, Error::TooManyMutableDataTables { count: 2 });
    assert_eq!(err.code(), ErrorCode::NotSupported);
}

#[test]
fn mutable_table_offset_past_its_segment() {
    let err = rebuild_err("mutable_buffer.pte", |p| {
        p.mutable_segments.as_mut().unwrap()[0].offsets = Some(vec![0, 17]);
    });
    assert_eq!(
        err,
        Error::SubSegmentOutOfRange {
            table: "mutable_data_segments",
            entry: 1,
            offset: 17,
            segment: 1,
            segment_size: 16,
        }
    );
    let err = rebuild_err("mutable_buffer.pte", |p| {
        p.mutable_segments.as_mut().unwrap()[0].segment_index = 7;
    });
    assert_eq!(
        err,
        Error::SegmentIndexOutOfRange { referrer: "mutable_data_segments", index: 7, count: 2 }
    );
}

#[test]
fn named_data_refers_to_missing_segment() {
    let err = rebuild_err("linear.pte", |p| {
        p.named_data = Some(vec![pte::NamedBlob { key: Some("w".into()), segment_index: 3 }]);
    });
    assert_eq!(err, Error::SegmentIndexOutOfRange { referrer: "named data", index: 3, count: 1 });
}

// ---------------------------------------------------------------------------------------
// Method tables: arenas, indices, instructions
// ---------------------------------------------------------------------------------------

#[test]
fn negative_arena_size() {
    let err = rebuild_err("linear.pte", |p| {
        let sizes = method0(p).arena_sizes.as_mut().unwrap();
        sizes[1] = -1;
    });
    assert_eq!(err, Error::NegativeArenaSize { method: 0, arena: 1, size: -1 });
    assert_eq!(err.code(), ErrorCode::InvalidProgram);
}

#[test]
fn input_and_output_indices_out_of_range() {
    let mut count = 0;
    let err = rebuild_err("linear.pte", |p| {
        count = num_values(p);
        method0(p).inputs.as_mut().unwrap()[0] = 999;
    });
    assert_eq!(
        err,
        Error::ValueIndexOutOfRange { method: 0, referrer: "input 0".into(), index: 999, count }
    );
    assert_eq!(err.code(), ErrorCode::InvalidProgram);
    let err = rebuild_err("linear.pte", |p| method0(p).outputs.as_mut().unwrap()[0] = -1);
    assert_eq!(
        err,
        Error::ValueIndexOutOfRange { method: 0, referrer: "output 0".into(), index: -1, count }
    );
    let err = rebuild_err("linear.pte", |p| {
        let n = num_values(p) as i32;
        method0(p).outputs.as_mut().unwrap()[0] = n;
    });
    assert!(
        matches!(err, Error::ValueIndexOutOfRange { index, count: c, .. } if index == count as i64 && c == count)
    );
}

#[test]
fn operator_index_out_of_range() {
    for bad in [2i32, 1000, -1, i32::MIN] {
        let err = rebuild_err("linear.pte", |p| {
            let Some(pte::InstructionKind::KernelCall(call)) = instructions(p)[0].kind.as_mut()
            else {
                panic!("linear starts with a kernel call")
            };
            call.operator_index = bad;
        });
        assert_eq!(
            err,
            Error::OperatorIndexOutOfRange { method: 0, instruction: 0, index: bad, count: 2 }
        );
        assert_eq!(err.code(), ErrorCode::InvalidProgram);
    }
}

#[test]
fn kernel_argument_out_of_range() {
    let mut count = 0;
    let err = rebuild_err("linear.pte", |p| {
        count = num_values(p);
        let Some(pte::InstructionKind::KernelCall(call)) = instructions(p)[1].kind.as_mut() else {
            panic!("kernel call expected")
        };
        call.args.as_mut().unwrap()[2] = count as i32 + 5;
    });
    assert_eq!(
        err,
        Error::ValueIndexOutOfRange {
            method: 0,
            referrer: "instruction 1 argument 2".into(),
            index: count as i64 + 5,
            count,
        }
    );
}

#[test]
fn delegate_index_out_of_range() {
    let err = rebuild_err("linear.pte", |p| {
        instructions(p).push(pte::Instruction {
            kind: Some(pte::InstructionKind::DelegateCall(Box::new(pte::DelegateCall {
                delegate_index: 0,
                args: Some(vec![0]),
            }))),
        });
    });
    assert_eq!(
        err,
        Error::DelegateIndexOutOfRange { method: 0, instruction: 2, index: 0, count: 0 }
    );
    // xnnpack has two delegates.
    let err = rebuild_err("xnnpack.pte", |p| {
        instructions(p).insert(
            0,
            pte::Instruction {
                kind: Some(pte::InstructionKind::DelegateCall(Box::new(pte::DelegateCall {
                    delegate_index: 2,
                    args: None,
                }))),
            },
        );
    });
    assert_eq!(
        err,
        Error::DelegateIndexOutOfRange { method: 0, instruction: 0, index: 2, count: 2 }
    );
}

fn jump(condition: i32, destination: i32) -> pte::Instruction {
    pte::Instruction {
        kind: Some(pte::InstructionKind::JumpFalseCall(Box::new(pte::JumpFalseCall {
            condition_value: condition,
            destination,
        }))),
    }
}

#[test]
fn jump_destination_out_of_range() {
    // The chain has 2 instructions plus the jump: destinations 0..=3 are accepted.
    let ok = rebuild("linear.pte", |p| {
        let cond = push_value(p, pte::Value::BoolValue(Box::new(pte::BoolValue { value: true })));
        instructions(p).push(jump(cond, 3));
    });
    assert!(Program::parse(&ok).is_ok());
    for destination in [4i32, 1000, -1] {
        let err = rebuild_err("linear.pte", |p| {
            let cond =
                push_value(p, pte::Value::BoolValue(Box::new(pte::BoolValue { value: true })));
            instructions(p).push(jump(cond, destination));
        });
        assert_eq!(
            err,
            Error::JumpOutOfRange { method: 0, instruction: 2, destination, len: 3 },
            "destination {destination}"
        );
        assert_eq!(err.code(), ErrorCode::InvalidProgram);
    }
}

#[test]
fn jump_condition_of_wrong_kind() {
    let mut index = 0;
    let err = rebuild_err("linear.pte", |p| {
        index = push_value(p, int_value(1)) as usize;
        instructions(p).push(jump(index as i32, 0));
    });
    assert_eq!(
        err,
        Error::ValueKindMismatch {
            method: 0,
            referrer: "instruction 2 jump condition".into(),
            index,
            expected: "bool or tensor",
            found: "int",
        }
    );
    let err = rebuild_err("linear.pte", |p| instructions(p).push(jump(-5, 0)));
    assert!(matches!(err, Error::ValueIndexOutOfRange { index: -5, .. }), "{err:?}");
}

#[test]
fn free_and_move_indices() {
    let mut index = 0;
    let err = rebuild_err("linear.pte", |p| {
        index = push_value(p, pte::Value::NullValue(Box::default())) as usize;
        instructions(p).push(pte::Instruction {
            kind: Some(pte::InstructionKind::FreeCall(Box::new(pte::FreeCall {
                value: index as i32,
            }))),
        });
    });
    assert_eq!(
        err,
        Error::ValueKindMismatch {
            method: 0,
            referrer: "instruction 2 free".into(),
            index,
            expected: "tensor",
            found: "none",
        }
    );
    let mut count = 0;
    let err = rebuild_err("linear.pte", |p| {
        count = num_values(p);
        instructions(p).push(pte::Instruction {
            kind: Some(pte::InstructionKind::MoveCall(Box::new(pte::MoveCall {
                from_value: 0,
                to_value: 4096,
            }))),
        });
    });
    assert_eq!(
        err,
        Error::ValueIndexOutOfRange {
            method: 0,
            referrer: "instruction 2 move target".into(),
            index: 4096,
            count,
        }
    );
}

// ---------------------------------------------------------------------------------------
// Lists
// ---------------------------------------------------------------------------------------

#[test]
fn int_list_items() {
    // An item pointing at a tensor.
    let mut at = 0;
    let mut tensor = 0;
    let err = rebuild_err("linear.pte", |p| {
        tensor = first_index_of_kind(p, |v| matches!(v, pte::Value::TensorValue(_)));
        at = push_value(
            p,
            pte::Value::IntListValue(Box::new(pte::IntListValue {
                value_indices: Some(vec![tensor as i64]),
            })),
        ) as usize;
    });
    assert_eq!(
        err,
        Error::ValueKindMismatch {
            method: 0,
            referrer: format!("int list value {at}"),
            index: tensor,
            expected: "int",
            found: "tensor",
        }
    );
    assert_eq!(err.code(), ErrorCode::InvalidProgram);

    // An item past the table.
    let mut count = 0;
    let err = rebuild_err("linear.pte", |p| {
        at = push_value(
            p,
            pte::Value::IntListValue(Box::new(pte::IntListValue {
                value_indices: Some(vec![1 << 40]),
            })),
        ) as usize;
        count = num_values(p);
    });
    assert_eq!(
        err,
        Error::ValueIndexOutOfRange {
            method: 0,
            referrer: format!("int list value {at}"),
            index: 1 << 40,
            count,
        }
    );

    // A negative item.
    let err = rebuild_err("linear.pte", |p| {
        push_value(
            p,
            pte::Value::IntListValue(Box::new(pte::IntListValue { value_indices: Some(vec![-3]) })),
        );
    });
    assert!(matches!(err, Error::ValueIndexOutOfRange { method: 0, index: -3, .. }), "{err:?}");
}

#[test]
fn tensor_list_items() {
    let mut at = 0;
    let mut int = 0;
    let err = rebuild_err("linear.pte", |p| {
        int = push_value(p, int_value(7)) as usize;
        at = push_value(
            p,
            pte::Value::TensorListValue(Box::new(pte::TensorListValue {
                value_indices: Some(vec![int as i32]),
            })),
        ) as usize;
    });
    assert_eq!(
        err,
        Error::ValueKindMismatch {
            method: 0,
            referrer: format!("tensor list value {at}"),
            index: int,
            expected: "tensor",
            found: "int",
        }
    );
    let err = rebuild_err("linear.pte", |p| {
        push_value(
            p,
            pte::Value::TensorListValue(Box::new(pte::TensorListValue {
                value_indices: Some(vec![i32::MAX]),
            })),
        );
    });
    assert!(
        matches!(err, Error::ValueIndexOutOfRange { index, .. } if index == i64::from(i32::MAX))
    );
    let err = rebuild_err("linear.pte", |p| {
        push_value(
            p,
            pte::Value::TensorListValue(Box::new(pte::TensorListValue {
                value_indices: Some(vec![-1]),
            })),
        );
    });
    assert!(matches!(err, Error::ValueIndexOutOfRange { index: -1, .. }), "{err:?}");
}

#[test]
fn optional_tensor_list_items() {
    // -1 (absent), a tensor and a none are accepted.
    let ok = rebuild("linear.pte", |p| {
        let tensor = first_index_of_kind(p, |v| matches!(v, pte::Value::TensorValue(_))) as i32;
        let none = push_value(p, pte::Value::NullValue(Box::default()));
        push_value(
            p,
            pte::Value::OptionalTensorListValue(Box::new(pte::OptionalTensorListValue {
                value_indices: Some(vec![-1, tensor, none]),
            })),
        );
    });
    Program::parse(&ok).unwrap();
    let mut at = 0;
    let mut int = 0;
    let err = rebuild_err("linear.pte", |p| {
        int = push_value(p, int_value(1)) as usize;
        at = push_value(
            p,
            pte::Value::OptionalTensorListValue(Box::new(pte::OptionalTensorListValue {
                value_indices: Some(vec![-1, int as i32]),
            })),
        ) as usize;
    });
    assert_eq!(
        err,
        Error::ValueKindMismatch {
            method: 0,
            referrer: format!("optional tensor list value {at}"),
            index: int,
            expected: "tensor or none",
            found: "int",
        }
    );
    let err = rebuild_err("linear.pte", |p| {
        push_value(
            p,
            pte::Value::OptionalTensorListValue(Box::new(pte::OptionalTensorListValue {
                value_indices: Some(vec![-2]),
            })),
        );
    });
    assert!(matches!(err, Error::ValueIndexOutOfRange { index: -2, .. }), "{err:?}");
}

// ---------------------------------------------------------------------------------------
// Tensors
// ---------------------------------------------------------------------------------------

#[test]
fn unknown_scalar_type() {
    for code in [99i8, -1, 127] {
        let mut value = 0;
        let err = rebuild_err("linear.pte", |p| {
            let (i, t) = find_tensor(p, |_| true);
            value = i;
            t.element_type = code;
        });
        assert_eq!(err, Error::UnknownScalarType { method: 0, value, code });
        assert_eq!(err.code(), ErrorCode::InvalidProgram);
    }
}

#[test]
fn storage_offset_is_not_supported() {
    let mut value = 0;
    let err = rebuild_err("linear.pte", |p| {
        let (i, t) = find_tensor(p, |_| true);
        value = i;
        t.storage_offset = 4;
    });
    assert_eq!(err, Error::UnsupportedStorageOffset { method: 0, value, offset: 4 });
    assert_eq!(err.code(), ErrorCode::NotSupported);
}

#[test]
fn rank_too_large() {
    let mut value = 0;
    let err = rebuild_err("linear.pte", |p| {
        let (i, t) = find_tensor(p, |_| true);
        value = i;
        t.sizes = Some(vec![1; 17]);
        t.dim_order = Some((0..17).collect());
    });
    assert_eq!(err, Error::RankTooLarge { method: 0, value, rank: 17, limit: 16 });
    assert_eq!(err.code(), ErrorCode::InvalidProgram);
}

#[test]
fn negative_dimension() {
    let mut value = 0;
    let err = rebuild_err("linear.pte", |p| {
        let (i, t) = find_tensor(p, |_| true);
        value = i;
        let sizes = t.sizes.as_mut().unwrap();
        let dim = sizes.len() - 1;
        sizes[dim] = -4;
    });
    assert!(
        matches!(err, Error::NegativeDimension { method: 0, value: v, size: -4, .. } if v == value),
        "{err:?}"
    );
    assert_eq!(err.code(), ErrorCode::InvalidProgram);
}

#[test]
fn invalid_dim_order() {
    for order in [vec![0u8, 0], vec![1, 2], vec![0], vec![0, 1, 2], vec![255, 0]] {
        let mut value = 0;
        let err = rebuild_err("linear.pte", |p| {
            let (i, t) = find_tensor(p, |t| t.sizes.as_ref().is_some_and(|s| s.len() == 2));
            value = i;
            t.dim_order = Some(order.clone());
        });
        assert_eq!(
            err,
            Error::InvalidDimOrder { method: 0, value, dim_order: order.clone(), rank: 2 },
            "{order:?}"
        );
        assert_eq!(err.code(), ErrorCode::InvalidProgram);
    }
}

#[test]
fn tensor_size_overflow() {
    let mut value = 0;
    let err = rebuild_err("linear.pte", |p| {
        let (i, t) = find_tensor(p, |_| true);
        value = i;
        t.sizes = Some(vec![i32::MAX; 4]);
        t.dim_order = Some(vec![0, 1, 2, 3]);
    });
    assert_eq!(err, Error::TensorSizeOverflow { method: 0, value });
    assert_eq!(err.code(), ErrorCode::InvalidProgram);
}

#[test]
fn unknown_dynamism() {
    let err = rebuild_err("linear.pte", |p| find_tensor(p, |_| true).1.dynamism = 9);
    assert_eq!(err, Error::UnknownEnumValue { field: "TensorValue.dynamism", value: 9 });
}

#[test]
fn constant_index_out_of_range() {
    let mut value = 0;
    let mut count = 0;
    let err = rebuild_err("linear.pte", |p| {
        count = p.constant_segment.as_ref().unwrap().offsets.as_ref().unwrap().len();
        let (i, t) = find_tensor(p, is_constant);
        value = i;
        t.data_index = 99;
    });
    assert_eq!(err, Error::ConstantIndexOutOfRange { method: 0, value, index: 99, count });
    assert_eq!(err.code(), ErrorCode::InvalidProgram);
    // A constant in a program without constants.
    let err = rebuild_err("no_constants.pte", |p| {
        value = push_value(
            p,
            pte::Value::TensorValue(Box::new(pte::TensorValue {
                element_type: 6,
                sizes: Some(vec![2]),
                dim_order: Some(vec![0]),
                data_index: 1,
                ..Default::default()
            })),
        ) as usize;
    });
    assert_eq!(err, Error::ConstantIndexOutOfRange { method: 0, value, index: 1, count: 0 });
}

#[test]
fn constant_larger_than_its_segment() {
    let mut value = 0;
    let mut offset = 0;
    let err = rebuild_err("linear.pte", |p| {
        let offsets = p.constant_segment.as_ref().unwrap().offsets.clone().unwrap();
        let (i, t) = find_tensor(p, is_constant);
        value = i;
        offset = offsets[t.data_index as usize];
        t.sizes = Some(vec![1000, 1000]);
        t.dim_order = Some(vec![0, 1]);
    });
    assert_eq!(
        err,
        Error::TensorDataOutOfRange {
            method: 0,
            value,
            source_name: "constant segment",
            offset,
            nbytes: 4_000_000,
            available: LINEAR_DATA,
        }
    );
    assert_eq!(err.code(), ErrorCode::InvalidProgram);
}

#[test]
fn inline_constant_too_small() {
    // Constants moved to the (deprecated) inline table, with a buffer too small.
    let mut value = 0;
    let err = rebuild_err("linear.pte", |p| {
        p.constant_segment = None;
        p.inline_constants = Some(vec![
            pte::InlineBytes { bytes: Some(vec![]) },
            pte::InlineBytes { bytes: Some(vec![0; 4]) },
            pte::InlineBytes { bytes: Some(vec![0; 4]) },
            pte::InlineBytes { bytes: Some(vec![0; 4]) },
        ]);
        let (i, t) = find_tensor(p, is_constant);
        value = i;
        t.data_index = 1;
        t.sizes = Some(vec![2, 2]);
        t.dim_order = Some(vec![0, 1]);
    });
    assert_eq!(
        err,
        Error::TensorDataOutOfRange {
            method: 0,
            value,
            source_name: "inline constant",
            offset: 0,
            nbytes: 16,
            available: 4,
        }
    );
}

#[test]
fn planned_tensor_in_missing_arena() {
    for arena_id in [0u32, 2, u32::MAX] {
        let mut value = 0;
        let err = rebuild_err("linear.pte", |p| {
            let (i, t) = find_tensor(p, is_planned);
            value = i;
            t.placement.as_mut().unwrap().arena_id = arena_id;
        });
        assert_eq!(err, Error::ArenaIdOutOfRange { method: 0, value, arena_id, count: 1 });
        assert_eq!(err.code(), ErrorCode::InvalidProgram);
    }
}

#[test]
fn planned_tensor_outside_its_arena() {
    let mut value = 0;
    let mut arena_size = 0;
    let err = rebuild_err("linear.pte", |p| {
        arena_size = method0(p).arena_sizes.as_ref().unwrap()[1] as u64;
        let (i, t) = find_tensor(p, is_planned);
        value = i;
        let placement = t.placement.as_mut().unwrap();
        placement.offset_low = arena_size as u32;
        placement.offset_high = 0;
    });
    assert!(
        matches!(err, Error::PlannedOutsideArena { method: 0, value: v, arena_id: 1, offset, arena_size: a, .. }
            if v == value && offset == arena_size && a == arena_size),
        "{err:?}"
    );
    assert_eq!(err.code(), ErrorCode::InvalidProgram);
    // Offset near u64::MAX: the end overflows.
    let err = rebuild_err("linear.pte", |p| {
        let placement = find_tensor(p, is_planned).1.placement.as_mut().unwrap();
        placement.offset_low = u32::MAX;
        placement.offset_high = u32::MAX;
    });
    assert!(matches!(err, Error::PlannedOutsideArena { offset: u64::MAX, .. }), "{err:?}");
}

#[test]
fn planned_tensor_with_initial_state_but_no_mutable_table() {
    let mut value = 0;
    let err = rebuild_err("linear.pte", |p| {
        let (i, t) = find_tensor(p, is_planned);
        value = i;
        t.data_index = 1;
    });
    assert_eq!(err, Error::MutableIndexOutOfRange { method: 0, value, index: 1, count: 0 });
}

#[test]
fn mutable_state_index_and_size() {
    let mut value = 0;
    let err = rebuild_err("mutable_buffer.pte", |p| {
        let (i, t) = find_tensor(p, |t| is_planned(t) && t.data_index > 0);
        value = i;
        t.data_index = 5;
    });
    assert_eq!(err, Error::MutableIndexOutOfRange { method: 0, value, index: 5, count: 2 });
    let err = rebuild_err("mutable_buffer.pte", |p| {
        let (i, t) = find_tensor(p, |t| is_planned(t) && t.data_index > 0);
        value = i;
        t.element_type = 7; // float64: twice the bytes of the 16-byte segment entry.
        method0(p).arena_sizes.as_mut().unwrap()[1] += 1024;
    });
    assert_eq!(
        err,
        Error::TensorDataOutOfRange {
            method: 0,
            value,
            source_name: "mutable data segment",
            offset: 0,
            nbytes: 32,
            available: 16,
        }
    );
}

#[test]
fn tensor_extras() {
    let err = rebuild_err("linear.pte", |p| {
        find_tensor(p, |_| true).1.extras =
            Some(Box::new(pte::TensorExtras { data_location: 3, ..Default::default() }));
    });
    assert_eq!(err, Error::UnknownEnumValue { field: "TensorExtras.data_location", value: 3 });
    let err = rebuild_err("linear.pte", |p| {
        find_tensor(p, |_| true).1.extras =
            Some(Box::new(pte::TensorExtras { data_location: 1, ..Default::default() }));
    });
    assert_eq!(err, Error::MissingField { table: "TensorExtras", field: "qualified_name" });
}

// ---------------------------------------------------------------------------------------
// Delegates and arena devices
// ---------------------------------------------------------------------------------------

fn delegate(location: i8, index: u32) -> pte::Delegate {
    pte::Delegate {
        backend_id: Some("TestBackend".into()),
        blob: Some(Box::new(pte::BlobReference { location, index })),
        compile_specs: None,
    }
}

#[test]
fn delegate_blob_references() {
    let err = rebuild_err("linear.pte", |p| method0(p).delegates = Some(vec![delegate(0, 0)]));
    assert_eq!(
        err,
        Error::InlineBlobIndexOutOfRange { method: 0, delegate: 0, index: 0, count: 0 }
    );
    let err = rebuild_err("linear.pte", |p| method0(p).delegates = Some(vec![delegate(1, 1)]));
    assert_eq!(
        err,
        Error::SegmentIndexOutOfRange { referrer: "delegate blob", index: 1, count: 1 }
    );
    let err = rebuild_err("linear.pte", |p| method0(p).delegates = Some(vec![delegate(2, 0)]));
    assert_eq!(err, Error::UnknownEnumValue { field: "BlobReference.location", value: 2 });
    let err = rebuild_err("linear.pte", |p| {
        let mut d = delegate(1, 0);
        d.backend_id = None;
        method0(p).delegates = Some(vec![d]);
    });
    assert_eq!(err, Error::MissingField { table: "Delegate", field: "backend_id" });
    let err = rebuild_err("linear.pte", |p| {
        let mut d = delegate(1, 0);
        d.blob = None;
        method0(p).delegates = Some(vec![d]);
    });
    assert_eq!(err, Error::MissingField { table: "Delegate", field: "blob" });
    let err = rebuild_err("xnnpack.pte", |p| {
        let d = &mut method0(p).delegates.as_mut().unwrap()[1];
        d.blob.as_mut().unwrap().index = 7;
    });
    assert_eq!(
        err,
        Error::SegmentIndexOutOfRange { referrer: "delegate blob", index: 7, count: 7 }
    );
}

#[test]
fn arena_device_index() {
    for arena_index in [0i32, 2, -1] {
        let err = rebuild_err("linear.pte", |p| {
            method0(p).arena_devices =
                Some(vec![pte::ArenaDevice { arena_index, device_kind: 0, device_ordinal: 0 }]);
        });
        // linear.pte plans one arena (id 1).
        assert_eq!(err, Error::ArenaDeviceOutOfRange { method: 0, arena_index, count: 1 });
        assert_eq!(err.code(), ErrorCode::InvalidProgram);
    }
}

// ---------------------------------------------------------------------------------------
// .ptd external data files
// ---------------------------------------------------------------------------------------

// external_weights.ptd: FH01 header of 40 bytes, flatbuffer 48 + 272, segment base 384,
// 140 bytes of segment data, file 524 bytes; segments (0, 48) and (128, 12).
const PTD_LEN: u64 = 524;

#[test]
fn ptd_identifier_and_magic() {
    let bytes = fixture("external_weights.ptd");
    let err = data_err(&patch_bytes(&bytes, 4, b"XXXX"));
    assert_eq!(err, Error::WrongIdentifier { found: *b"XXXX", expected: "FT01" });
    let err = data_err(&patch_bytes(&bytes, 4, b"ET12"));
    assert_eq!(err, Error::WrongIdentifier { found: *b"ET12", expected: "FT01" });
    let err = data_err(&patch_bytes(&bytes, 8, b"FH02"));
    assert_eq!(err, Error::MissingDataHeader);
    assert_eq!(err.code(), ErrorCode::InvalidExternalData);
}

#[test]
fn ptd_header_length_below_minimum() {
    for length in [0u32, 32, 39] {
        let err = data_err(&patch_u32(&fixture("external_weights.ptd"), 12, length));
        assert_eq!(err, Error::HeaderTooShort { which: "FH01", length, minimum: 40 });
    }
}

#[test]
fn ptd_truncated() {
    let bytes = fixture("external_weights.ptd");
    assert_eq!(data_err(&bytes[..8]), Error::MissingDataHeader);
    assert_eq!(data_err(&bytes[..11]), Error::MissingDataHeader);
    for (len, needed) in [(12usize, 16u64), (16, 24), (24, 32), (32, 40), (40, 48), (47, 48)] {
        let err = data_err(&bytes[..len]);
        assert_eq!(err, Error::TooShort { what: "data header", len: len as u64, needed }, "{len}");
    }
    for len in [48u64, 319] {
        let err = data_err(&bytes[..len as usize]);
        assert_eq!(err, Error::DataFlatBufferOutOfFile { end: 320, file_len: len });
        assert_eq!(err.code(), ErrorCode::InvalidExternalData);
    }
    for len in [320u64, 384, PTD_LEN - 1] {
        let err = data_err(&bytes[..len as usize]);
        assert_eq!(err, Error::SegmentDataOutOfFile { base: 384, size: 140, file_len: len });
    }
}

#[test]
fn ptd_header_fields_outside_the_file() {
    let bytes = fixture("external_weights.ptd");
    let err = data_err(&patch_u64(&bytes, 24, PTD_LEN));
    assert_eq!(err, Error::DataFlatBufferOutOfFile { end: 48 + PTD_LEN, file_len: PTD_LEN });
    let err = data_err(&patch_u64(&bytes, 16, u64::MAX));
    assert_eq!(err, Error::DataFlatBufferOutOfFile { end: u64::MAX, file_len: PTD_LEN });
    let err = data_err(&patch_u64(&bytes, 32, u64::MAX));
    assert_eq!(err, Error::SegmentDataOutOfFile { base: u64::MAX, size: 140, file_len: PTD_LEN });
    let err = data_err(&patch_u64(&bytes, 40, 141));
    assert_eq!(err, Error::SegmentDataOutOfFile { base: 384, size: 141, file_len: PTD_LEN });
    // Segment data shrunk below the last segment's end.
    let err = data_err(&patch_u64(&bytes, 40, 139));
    assert_eq!(err, Error::SegmentOutOfFile { index: 1, offset: 128, size: 12, file_len: PTD_LEN });
}

#[test]
fn ptd_root_offset_outside_flatbuffer() {
    let bytes = fixture("external_weights.ptd");
    for offset in [0u32, 7, 317, u32::MAX] {
        let err = data_err(&patch_u32(&bytes, 0, offset));
        assert_eq!(err, Error::RootOutOfRange { offset, len: 320 });
    }
}

struct DecodedPtd {
    file: ptd::TensorFile,
    segment_data: Vec<u8>,
}

fn decode_ptd(bytes: &[u8]) -> DecodedPtd {
    let fb_end = (u64_at(bytes, 16) + u64_at(bytes, 24)) as usize;
    let base = u64_at(bytes, 32) as usize;
    let size = u64_at(bytes, 40) as usize;
    let root = ptd::TensorFileRef::read_as_root(&bytes[..fb_end]).unwrap();
    DecodedPtd {
        file: ptd::TensorFile::try_from(root).unwrap(),
        segment_data: bytes[base..base + size].to_vec(),
    }
}

/// Serializes a data file with a 40-byte FH01 header after the prefix.
fn encode_ptd(file: &ptd::TensorFile, segment_data: &[u8]) -> Vec<u8> {
    let mut builder = planus::Builder::new();
    let fb = builder.finish(file, None).to_vec();
    wrap_ptd(&fb, segment_data)
}

/// A data file from a finished FlatBuffer: the FH01 header, then the segment data.
fn wrap_ptd(fb: &[u8], segment_data: &[u8]) -> Vec<u8> {
    const HEADER: usize = 40;
    let fb_end = fb.len() + 4 + HEADER;
    let base = fb_end.div_ceil(128) * 128;
    let mut header = Vec::with_capacity(HEADER);
    header.extend_from_slice(b"FH01");
    header.extend_from_slice(&(HEADER as u32).to_le_bytes());
    header.extend_from_slice(&48u64.to_le_bytes());
    header.extend_from_slice(&((fb_end - 48) as u64).to_le_bytes());
    header.extend_from_slice(&(base as u64).to_le_bytes());
    header.extend_from_slice(&(segment_data.len() as u64).to_le_bytes());
    let mut out = with_prefix(fb, b"FT01", &header);
    out.resize(base, 0);
    out.extend_from_slice(segment_data);
    out
}

fn rebuild_ptd(edit: impl FnOnce(&mut ptd::TensorFile)) -> Vec<u8> {
    let mut decoded = decode_ptd(&fixture("external_weights.ptd"));
    edit(&mut decoded.file);
    encode_ptd(&decoded.file, &decoded.segment_data)
}

fn weight_shape(f: &mut ptd::TensorFile) -> &mut ptd::TensorShape {
    let entry = &mut f.named_data.as_mut().unwrap()[0];
    assert_eq!(entry.key.as_deref(), Some("fc.weight"));
    entry.shape.as_mut().unwrap()
}

/// The key every layout test corrupts, as the errors carry it.
fn weight_key() -> String {
    "fc.weight".to_string()
}

/// Parses a data file whose layout is expected to be rejected as invalid external data.
fn layout_err(bytes: &[u8]) -> Error {
    let err = data_err(bytes);
    assert_eq!(err.code(), ErrorCode::InvalidExternalData, "{err}");
    err
}

#[test]
fn ptd_reencoded_still_parses() {
    let bytes = rebuild_ptd(|_| {});
    let file = DataFile::parse(&bytes).unwrap();
    let keys: Vec<&str> = file.tensors().iter().map(|t| t.key).collect();
    assert_eq!(keys, ["fc.weight", "fc.bias"]);
}

#[test]
fn ptd_tensor_larger_than_its_segment() {
    let err = layout_err(&rebuild_ptd(|f| weight_shape(f).sizes = Some(vec![3, 5])));
    assert_eq!(
        err,
        Error::ExternalTensorLargerThanSegment { key: weight_key(), nbytes: 60, segment_len: 48 }
    );
}

#[test]
fn ptd_tensor_layout_errors() {
    let err = layout_err(&rebuild_ptd(|f| weight_shape(f).element_type = 99));
    assert_eq!(err, Error::ExternalTensorScalarType { key: weight_key(), code: 99 });
    let err = layout_err(&rebuild_ptd(|f| weight_shape(f).sizes = Some(vec![3, -4])));
    assert_eq!(err, Error::ExternalTensorNegativeDimension { key: weight_key(), dim: 1, size: -4 });
    let err = layout_err(&rebuild_ptd(|f| weight_shape(f).dim_order = Some(vec![1, 1])));
    assert_eq!(
        err,
        Error::ExternalTensorDimOrder { key: weight_key(), dim_order: vec![1, 1], rank: 2 }
    );
    let err = layout_err(&rebuild_ptd(|f| weight_shape(f).dim_order = Some(vec![0])));
    assert_eq!(
        err,
        Error::ExternalTensorDimOrder { key: weight_key(), dim_order: vec![0], rank: 2 }
    );
    let err = layout_err(&rebuild_ptd(|f| {
        let s = weight_shape(f);
        s.sizes = Some(vec![1; 17]);
        s.dim_order = Some((0..17).collect());
    }));
    assert_eq!(err, Error::ExternalTensorRankTooLarge { key: weight_key(), rank: 17, limit: 16 });
    let err = layout_err(&rebuild_ptd(|f| {
        let s = weight_shape(f);
        s.sizes = Some(vec![i32::MAX; 4]);
        s.dim_order = Some(vec![0, 1, 2, 3]);
    }));
    assert_eq!(err, Error::ExternalTensorSizeOverflow { key: weight_key() });
}

#[test]
fn ptd_table_errors() {
    let err = data_err(&rebuild_ptd(|f| f.named_data.as_mut().unwrap()[1].segment_index = 2));
    assert_eq!(
        err,
        Error::SegmentIndexOutOfRange { referrer: "external tensor", index: 2, count: 2 }
    );
    let err = data_err(&rebuild_ptd(|f| f.named_data.as_mut().unwrap()[0].key = None));
    assert_eq!(err, Error::MissingField { table: "NamedTensor", field: "key" });
    let err = data_err(&rebuild_ptd(|f| {
        f.segments.as_mut().unwrap()[1] = ptd::DataSegment { offset: 200, size: 12 };
    }));
    assert!(
        matches!(err, Error::SegmentOutOfFile { index: 1, offset: 200, size: 12, .. }),
        "{err:?}"
    );
    let err = data_err(&rebuild_ptd(|f| {
        f.segments.as_mut().unwrap()[0] = ptd::DataSegment { offset: u64::MAX, size: 2 };
    }));
    assert!(matches!(err, Error::SegmentOutOfFile { index: 0, offset: u64::MAX, .. }), "{err:?}");
}

// ---------------------------------------------------------------------------------------
// Shared tables: a few kilobytes that would read as millions of items
// ---------------------------------------------------------------------------------------

/// How many times each shared part is referenced, and the size of what it holds. Without
/// the parse budget each case reads about `N * N` items (millions) from a file of a few
/// tens of kilobytes.
const N: usize = 2000;

fn int_entry(b: &mut planus::Builder) -> planus::Offset<pte::ValueEntry> {
    pte::ValueEntry::create(b, pte::Value::IntValue(Box::new(pte::IntValue { value: 0 })))
}

fn move_instruction(b: &mut planus::Builder) -> planus::Offset<pte::Instruction> {
    let call = pte::MoveCall { from_value: 0, to_value: 0 };
    pte::Instruction::create(b, pte::InstructionKind::MoveCall(Box::new(call)))
}

/// A method over `values`, with `chains` and `operators`.
fn shared_method(
    b: &mut planus::Builder,
    values: Vec<planus::Offset<pte::ValueEntry>>,
    chains: Vec<planus::Offset<pte::Chain>>,
    operators: Vec<planus::Offset<pte::OperatorName>>,
) -> planus::Offset<pte::Method> {
    let no_ints: Vec<i32> = Vec::new();
    pte::Method::create(
        b,
        "forward",
        (),
        values,
        no_ints.clone(),
        no_ints,
        chains,
        operators,
        (),
        vec![0i64],
        (),
    )
}

fn chain_of(
    b: &mut planus::Builder,
    instructions: Vec<planus::Offset<pte::Instruction>>,
) -> planus::Offset<pte::Chain> {
    pte::Chain::create(b, Vec::<i32>::new(), Vec::<i32>::new(), instructions, ())
}

/// The program file (no segments) whose method table is `methods`.
fn shared_program(mut b: planus::Builder, methods: Vec<planus::Offset<pte::Method>>) -> Vec<u8> {
    let program = pte::Program::create(&mut b, 0u32, methods, (), (), (), (), (), ());
    let fb = b.finish(program, None).to_vec();
    with_prefix(&fb, b"ET12", &[])
}

/// The error of a file whose reads exceed the budget at `what`.
fn over_budget(bytes: &[u8], what: &'static str) {
    let len = bytes.len() as u64;
    let limit = len * pterun_format::READS_PER_BYTE;
    let err = Program::parse(bytes).map(|_| ()).unwrap_err();
    assert_eq!(err, Error::ExcessiveSharing { what, limit, len });
    assert_eq!(err.code(), ErrorCode::InvalidProgram);
}

#[test]
fn one_method_listed_many_times() {
    let mut b = planus::Builder::new();
    let entry = int_entry(&mut b);
    let chain = chain_of(&mut b, Vec::new());
    let method = shared_method(&mut b, vec![entry; N], vec![chain], Vec::new());
    let bytes = shared_program(b, vec![method; N]);
    assert!(bytes.len() < 20_000, "{} bytes", bytes.len());
    over_budget(&bytes, "Method.values");
    // The same method listed a few times is a valid, if odd, program.
    let mut b = planus::Builder::new();
    let entry = int_entry(&mut b);
    let chain = chain_of(&mut b, Vec::new());
    let method = shared_method(&mut b, vec![entry; N], vec![chain], Vec::new());
    let bytes = shared_program(b, vec![method; 3]);
    let program = Program::parse(&bytes).unwrap();
    assert_eq!(program.methods().len(), 3);
    assert_eq!(program.methods()[2].values.len(), N);
}

#[test]
fn one_list_referenced_by_many_values() {
    let mut b = planus::Builder::new();
    let int = int_entry(&mut b);
    let list =
        pte::Value::IntListValue(Box::new(pte::IntListValue { value_indices: Some(vec![0; N]) }));
    let list = pte::ValueEntry::create(&mut b, list);
    let mut values = vec![int];
    values.extend(std::iter::repeat_n(list, N));
    let chain = chain_of(&mut b, Vec::new());
    let method = shared_method(&mut b, values, vec![chain], Vec::new());
    over_budget(&shared_program(b, vec![method]), "list values");
}

#[test]
fn one_call_with_many_arguments_run_many_times() {
    let mut b = planus::Builder::new();
    let int = int_entry(&mut b);
    let call = pte::KernelCall { operator_index: 0, args: Some(vec![0; N]) };
    let call = pte::Instruction::create(&mut b, pte::InstructionKind::KernelCall(Box::new(call)));
    let chain = chain_of(&mut b, vec![call; N]);
    let operator = pte::OperatorName::create(&mut b, "aten::add", "out");
    let method = shared_method(&mut b, vec![int], vec![chain], vec![operator]);
    over_budget(&shared_program(b, vec![method]), "instruction arguments");
}

#[test]
fn one_chain_listed_many_times() {
    let mut b = planus::Builder::new();
    let int = int_entry(&mut b);
    let step = move_instruction(&mut b);
    let chain = chain_of(&mut b, vec![step; N]);
    let method = shared_method(&mut b, vec![int], vec![chain; N], Vec::new());
    over_budget(&shared_program(b, vec![method]), "Chain.instructions");
}

#[test]
fn one_long_operator_name_listed_many_times() {
    let mut b = planus::Builder::new();
    let int = int_entry(&mut b);
    let chain = chain_of(&mut b, Vec::new());
    let operator = pte::OperatorName::create(&mut b, "x".repeat(N), "");
    let method = shared_method(&mut b, vec![int], vec![chain], vec![operator; N]);
    over_budget(&shared_program(b, vec![method]), "Operator.name");
}

#[test]
fn ptd_one_long_key_listed_many_times() {
    let mut b = planus::Builder::new();
    let key = "k".repeat(N);
    let tensor = ptd::NamedTensor::create(&mut b, key.as_str(), 0u32, ());
    let segment = ptd::DataSegment { offset: 0, size: 16 };
    let file = ptd::TensorFile::create(&mut b, 0u32, vec![segment], vec![tensor; N]);
    let bytes = wrap_ptd(b.finish(file, None), &[0; 16]);
    let len = u64_at(&bytes, 16) + u64_at(&bytes, 24);
    let limit = len * pterun_format::READS_PER_BYTE;
    let err = data_err(&bytes);
    assert_eq!(err, Error::ExcessiveSharing { what: "NamedTensor.key", limit, len });
}

// ---------------------------------------------------------------------------------------
// No panic on any single-byte corruption
// ---------------------------------------------------------------------------------------

#[test]
fn no_panic_on_any_single_byte_corruption() {
    const MASKS: [u8; 4] = [0xFF, 0x01, 0x80, 0x7F];
    let mut parsed = 0usize;
    for name in ["linear.pte", "mutable_buffer.pte", "external_weights.ptd"] {
        let original = fixture(name);
        let mut bytes = original.clone();
        for at in 0..original.len() {
            for mask in MASKS {
                bytes[at] = original[at] ^ mask;
                let outcome = std::panic::catch_unwind(|| {
                    let _ = Program::parse(&bytes);
                    let _ = DataFile::parse(&bytes);
                    let _ = ExtendedHeader::parse(&bytes);
                });
                assert!(outcome.is_ok(), "{name}: byte {at} ^ {mask:#04x} panics");
                parsed += 1;
            }
            bytes[at] = original[at];
        }
    }
    assert!(parsed > 10_000);
}
