//! The program parser reads FlatBuffers with its own small reader (`src/flat.rs`), whose
//! field slots are written by hand. This test decodes every committed `.pte` fixture a
//! second time with the planus code generated from `crates/schema/fbs/pte.fbs` and checks
//! that both readings agree field by field, so a slot that drifts from the schema fails.
//! The `.ptd` reader is checked the same way against `ptd.fbs`.
#![allow(clippy::unwrap_used, reason = "test code")]

use std::path::{Path, PathBuf};

use pterun_format::{
    DataFile, DelegateBlob, ExtendedHeader, InitialState, Instruction, Program, Tensor, TensorData,
    Value,
};
use pterun_schema::planus::ReadAsRoot;
use pterun_schema::{ptd, pte};

fn fixtures() -> Vec<PathBuf> {
    fixtures_with_extension("pte")
}

fn fixtures_with_extension(extension: &str) -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut files = Vec::new();
    for dir in ["models", "ops", "enn"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else { continue };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == extension) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn decode(bytes: &[u8]) -> pte::Program {
    let len = match ExtendedHeader::parse(bytes).unwrap() {
        Some(h) => h.program_size as usize,
        None => bytes.len(),
    };
    pte::Program::try_from(pte::ProgramRef::read_as_root(&bytes[..len]).unwrap()).unwrap()
}

fn check_tensor(at: &str, ours: &Tensor<'_>, theirs: &pte::TensorValue) {
    assert_eq!(ours.scalar_type as i8, theirs.element_type, "{at}: element type");
    let sizes: Vec<i32> = ours.sizes.iter().map(|s| s as i32).collect();
    assert_eq!(Some(&sizes), theirs.sizes.as_ref(), "{at}: sizes");
    assert_eq!(Some(ours.dim_order), theirs.dim_order.as_deref(), "{at}: dim order");
    assert_eq!(ours.requires_grad, theirs.requires_grad, "{at}: requires_grad");
    assert_eq!(ours.dynamism as i8, theirs.dynamism, "{at}: dynamism");
    let extras = theirs.extras.as_deref();
    assert_eq!(ours.name, extras.and_then(|e| e.qualified_name.as_deref()), "{at}: name");
    let placement = theirs
        .placement
        .as_deref()
        .map(|p| (p.arena_id as usize, u64::from(p.offset_low) | (u64::from(p.offset_high) << 32)));
    let external = extras.is_some_and(|e| e.data_location == 1);
    match &ours.data {
        TensorData::RuntimeProvided => {
            assert_eq!((theirs.data_index, placement, external), (0, None, false), "{at}")
        }
        TensorData::Constant { index, .. } | TensorData::InlineConstant { index, .. } => {
            assert_eq!((theirs.data_index as usize, placement), (*index, None), "{at}")
        }
        TensorData::External { .. } => assert!(external && placement.is_none(), "{at}"),
        TensorData::Planned { arena, offset, initial } => {
            assert_eq!(placement, Some((*arena, *offset)), "{at}: placement");
            match initial {
                None => assert!(theirs.data_index == 0 && !external, "{at}"),
                Some(InitialState::Segment { index, .. }) => {
                    assert_eq!(theirs.data_index as usize, *index, "{at}")
                }
                Some(InitialState::External { .. }) => assert!(external, "{at}"),
            }
        }
    }
}

fn check_value(at: &str, ours: &Value<'_>, theirs: &pte::Value) {
    use pte::Value as V;
    let wide = |v: &Option<Vec<i64>>| v.clone().unwrap_or_default();
    let narrow =
        |v: &Option<Vec<i32>>| -> Vec<i64> { v.iter().flatten().map(|&i| i64::from(i)).collect() };
    match (ours, theirs) {
        (Value::Null, V::NullValue(_)) => {}
        (Value::Int(a), V::IntValue(b)) => assert_eq!(*a, b.value, "{at}"),
        (Value::Bool(a), V::BoolValue(b)) => assert_eq!(*a, b.value, "{at}"),
        (Value::Double(a), V::DoubleValue(b)) => assert_eq!(a.to_bits(), b.value.to_bits()),
        (Value::String(a), V::StringValue(b)) => assert_eq!(Some(*a), b.value.as_deref()),
        (Value::IntList(a), V::IntListValue(b)) => {
            let a: Vec<i64> = a.iter().map(|i| i as i64).collect();
            assert_eq!(a, wide(&b.value_indices), "{at}")
        }
        (Value::DoubleList(a), V::DoubleListValue(b)) => {
            let a: Vec<u64> = a.iter().map(f64::to_bits).collect();
            let b: Vec<u64> = b.items.iter().flatten().map(|f| f.to_bits()).collect();
            assert_eq!(a, b, "{at}")
        }
        (Value::BoolList(a), V::BoolListValue(b)) => {
            assert_eq!(a.iter().collect::<Vec<_>>(), b.items.clone().unwrap_or_default())
        }
        (Value::TensorList(a), V::TensorListValue(b)) => {
            let a: Vec<i64> = a.iter().map(|i| i as i64).collect();
            assert_eq!(a, narrow(&b.value_indices), "{at}")
        }
        (Value::OptionalTensorList(a), V::OptionalTensorListValue(b)) => {
            let a: Vec<i64> = a.iter().map(|i| i.map_or(-1, |i| i as i64)).collect();
            assert_eq!(a, narrow(&b.value_indices), "{at}")
        }
        (Value::Tensor(a), V::TensorValue(b)) => check_tensor(at, a, b),
        (a, _) => panic!("{at}: kind {} disagrees with the generated reader", a.kind_name()),
    }
}

fn check_instruction(at: &str, ours: &Instruction<'_>, theirs: &pte::InstructionKind) {
    use pte::InstructionKind as K;
    let args =
        |a: &pterun_format::Indices<'_>| -> Vec<i32> { a.iter().map(|i| i as i32).collect() };
    match (ours, theirs) {
        (Instruction::Kernel { operator, args: a }, K::KernelCall(c)) => {
            assert_eq!(*operator as i32, c.operator_index, "{at}");
            assert_eq!(args(a), c.args.clone().unwrap_or_default(), "{at}");
        }
        (Instruction::Delegate { delegate, args: a }, K::DelegateCall(c)) => {
            assert_eq!(*delegate as i32, c.delegate_index, "{at}");
            assert_eq!(args(a), c.args.clone().unwrap_or_default(), "{at}");
        }
        (Instruction::Move { from, to }, K::MoveCall(c)) => {
            assert_eq!((*from as i32, *to as i32), (c.from_value, c.to_value), "{at}")
        }
        (Instruction::JumpFalse { condition, destination }, K::JumpFalseCall(c)) => {
            assert_eq!((*condition as i32, *destination as i32), (c.condition_value, c.destination))
        }
        (Instruction::Free { value }, K::FreeCall(c)) => assert_eq!(*value as i32, c.value),
        (a, _) => panic!("{at}: instruction {a:?} disagrees with the generated reader"),
    }
}

fn check_file(path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    let ours = Program::parse(&bytes).unwrap();
    let theirs = decode(&bytes);
    let file = path.file_name().unwrap().to_string_lossy();

    assert_eq!(ours.version(), theirs.version, "{file}: version");
    let segments: Vec<(u64, u64)> =
        theirs.segments.iter().flatten().map(|s| (s.offset, s.size)).collect();
    assert_eq!(ours.segment_table(), &segments[..], "{file}: segments");
    assert_eq!(
        ours.constant_table().map(|t| (t.segment_index, t.offsets.clone())),
        theirs
            .constant_segment
            .as_deref()
            .map(|t| (t.segment_index as usize, t.offsets.clone().unwrap_or_default())),
        "{file}: constant segment"
    );
    let mutable: Vec<(usize, Vec<u64>)> = theirs
        .mutable_segments
        .iter()
        .flatten()
        .map(|t| (t.segment_index as usize, t.offsets.clone().unwrap_or_default()))
        .collect();
    let ours_mutable: Vec<(usize, Vec<u64>)> =
        ours.mutable_data_tables().iter().map(|t| (t.segment_index, t.offsets.clone())).collect();
    assert_eq!(ours_mutable, mutable, "{file}: mutable segments");
    let named: Vec<(String, usize)> = theirs
        .named_data
        .iter()
        .flatten()
        .map(|n| (n.key.clone().unwrap(), n.segment_index as usize))
        .collect();
    let ours_named: Vec<(String, usize)> =
        ours.named_data().iter().map(|n| (n.key.to_string(), n.segment_index)).collect();
    assert_eq!(ours_named, named, "{file}: named data");
    let inline_blobs: Vec<Vec<u8>> = theirs
        .inline_delegate_blobs
        .iter()
        .flatten()
        .map(|b| b.bytes.clone().unwrap_or_default())
        .collect();
    let ours_blobs: Vec<Vec<u8>> = ours.inline_blobs().iter().map(|b| b.bytes.to_vec()).collect();
    assert_eq!(ours_blobs, inline_blobs, "{file}: inline delegate blobs");

    let methods = theirs.methods.as_ref().unwrap();
    assert_eq!(ours.methods().len(), methods.len(), "{file}: method count");
    for (method, plan) in ours.methods().iter().zip(methods) {
        let at = format!("{file}:{}", method.name);
        assert_eq!(Some(method.name), plan.name.as_deref());
        let sizes: Vec<u64> = method.arena_sizes.clone();
        let theirs_sizes: Vec<u64> = plan.arena_sizes.iter().flatten().map(|&s| s as u64).collect();
        assert_eq!(sizes, theirs_sizes, "{at}: arena sizes");
        let io = |v: &Option<Vec<i32>>| -> Vec<usize> {
            v.iter().flatten().map(|&i| i as usize).collect()
        };
        assert_eq!(method.inputs, io(&plan.inputs), "{at}: inputs");
        assert_eq!(method.outputs, io(&plan.outputs), "{at}: outputs");
        let spec = plan.container_spec.as_deref();
        assert_eq!(method.inputs_spec, spec.and_then(|s| s.inputs_spec.as_deref()));
        assert_eq!(method.outputs_spec, spec.and_then(|s| s.outputs_spec.as_deref()));
        let devices: Vec<(usize, i8, i8)> = plan
            .arena_devices
            .iter()
            .flatten()
            .map(|d| (d.arena_index as usize, d.device_kind, d.device_ordinal))
            .collect();
        assert_eq!(method.arena_devices, devices, "{at}: arena devices");

        let values = plan.values.as_ref().unwrap();
        assert_eq!(method.values.len(), values.len(), "{at}: value count");
        for (index, (ours, theirs)) in method.values.iter().zip(values).enumerate() {
            check_value(&format!("{at} value {index}"), ours, theirs.value.as_ref().unwrap());
        }

        let operators: Vec<(String, String)> = plan
            .operators
            .iter()
            .flatten()
            .map(|o| (o.name.clone().unwrap(), o.overload.clone().unwrap_or_default()))
            .collect();
        let ours_operators: Vec<(String, String)> =
            method.operators.iter().map(|o| (o.name.to_string(), o.overload.to_string())).collect();
        assert_eq!(ours_operators, operators, "{at}: operators");

        let delegates = plan.delegates.clone().unwrap_or_default();
        assert_eq!(method.delegates.len(), delegates.len(), "{at}: delegate count");
        for (ours, theirs) in method.delegates.iter().zip(&delegates) {
            assert_eq!(Some(ours.backend_id), theirs.backend_id.as_deref());
            let blob = theirs.blob.as_deref().unwrap();
            let (location, index) = match ours.blob {
                DelegateBlob::Inline { index, .. } => (0, index),
                DelegateBlob::Segment { index, .. } => (1, index),
            };
            assert_eq!((location, index as u32), (blob.location, blob.index), "{at}: blob");
            let specs: Vec<(String, Vec<u8>)> = theirs
                .compile_specs
                .iter()
                .flatten()
                .map(|s| (s.key.clone().unwrap(), s.value.clone().unwrap_or_default()))
                .collect();
            let ours_specs: Vec<(String, Vec<u8>)> =
                ours.compile_specs.iter().map(|s| (s.key.to_string(), s.value.to_vec())).collect();
            assert_eq!(ours_specs, specs, "{at}: compile specs");
        }

        let chains = plan.chains.as_ref().unwrap();
        assert_eq!(method.chains.len(), chains.len(), "{at}: chain count");
        for (ours, theirs) in method.chains.iter().zip(chains) {
            let instructions = theirs.instructions.as_ref().unwrap();
            assert_eq!(ours.len(), instructions.len(), "{at}: instruction count");
            for (i, (ours, theirs)) in ours.iter().zip(instructions).enumerate() {
                check_instruction(
                    &format!("{at} instruction {i}"),
                    ours,
                    theirs.kind.as_ref().unwrap(),
                );
            }
        }
    }
}

#[test]
fn hand_written_reader_agrees_with_the_generated_one_on_every_fixture() {
    let files = fixtures();
    assert!(files.len() > 300, "only {} .pte fixtures found", files.len());
    for path in &files {
        check_file(path);
    }
    eprintln!("{} fixtures agree", files.len());
}

/// Which `.ptd` fields held a value other than their default somewhere: a field left at
/// its default would agree whatever slot the hand-written reader used.
#[derive(Default)]
struct Exercised {
    segment_offset: bool,
    segment_size: bool,
    segment_index: bool,
    element_type: bool,
    sizes: bool,
    dim_order: bool,
}

/// Reads a `.ptd` file with both readers and compares segments and named tensors.
fn check_data_file(path: &Path, seen: &mut Exercised) {
    let bytes = std::fs::read(path).unwrap();
    let ours = DataFile::parse(&bytes).unwrap();
    let header = ours.header();
    let end = (header.flatbuffer_offset + header.flatbuffer_size) as usize;
    let root = ptd::TensorFileRef::read_as_root(&bytes[..end]).unwrap();
    let theirs = ptd::TensorFile::try_from(root).unwrap();
    let file = path.file_name().unwrap().to_string_lossy();

    let theirs_segments = theirs.segments.unwrap_or_default();
    let segments: Vec<(u64, u64)> =
        theirs_segments.iter().map(|s| (header.segment_base_offset + s.offset, s.size)).collect();
    let ours_segments: Vec<(u64, u64)> =
        ours.segments().iter().map(|r| (r.offset, r.len)).collect();
    assert_eq!(ours_segments, segments, "{file}: segments");
    seen.segment_offset |= theirs_segments.iter().any(|s| s.offset != 0);
    seen.segment_size |= theirs_segments.iter().any(|s| s.size != 0);

    let named = theirs.named_data.unwrap_or_default();
    assert_eq!(ours.tensors().len(), named.len(), "{file}: named tensors");
    for (ours, theirs) in ours.tensors().iter().zip(&named) {
        let at = format!("{file}: {}", ours.key);
        assert_eq!(Some(ours.key), theirs.key.as_deref(), "{at}: key");
        assert_eq!(ours.segment_index, theirs.segment_index as usize, "{at}: segment index");
        seen.segment_index |= theirs.segment_index != 0;
        let shape = theirs.shape.as_deref();
        assert_eq!(ours.layout.is_some(), shape.is_some(), "{at}: shape present");
        if let (Some(layout), Some(shape)) = (&ours.layout, shape) {
            assert_eq!(layout.scalar_type as i8, shape.element_type, "{at}: element type");
            let sizes: Vec<usize> =
                shape.sizes.iter().flatten().map(|&s| usize::try_from(s).unwrap()).collect();
            assert_eq!(layout.sizes, sizes, "{at}: sizes");
            let dim_order = shape.dim_order.clone().unwrap_or_default();
            assert_eq!(layout.dim_order, dim_order, "{at}: dim order");
            seen.element_type |= shape.element_type != 0;
            seen.sizes |= !sizes.is_empty();
            seen.dim_order |= dim_order.iter().any(|&d| d != 0);
        }
    }
}

#[test]
fn hand_written_data_reader_agrees_with_the_generated_one() {
    let files = fixtures_with_extension("ptd");
    assert!(!files.is_empty(), "no .ptd fixtures found");
    let mut seen = Exercised::default();
    for path in &files {
        check_data_file(path, &mut seen);
    }
    let Exercised { segment_offset, segment_size, segment_index, element_type, sizes, dim_order } =
        seen;
    assert!(segment_offset, "no .ptd fixture has a segment at a non-zero offset");
    assert!(segment_size, "no .ptd fixture has a non-empty segment");
    assert!(segment_index, "no .ptd fixture has a tensor outside segment 0");
    assert!(element_type, "no .ptd fixture records a non-zero element type");
    assert!(sizes, "no .ptd fixture records sizes");
    assert!(dim_order, "no .ptd fixture has a dimension order beyond [0]");
}
