//! `pterun inspect`: what a `.pte` or `.ptd` file contains.
//!
//! The report is built once as plain serializable structs ([`ProgramReport`],
//! [`DataReport`]) and printed either as JSON (`--json`, shape documented in the README and
//! checked against the official exporter's manifests by `tests/inspect.rs`) or as text.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Context;
use pterun::internal::format::{
    DataFile, DelegateBlob, FileKind, FileRange, Method, Program, TensorData, Value,
};
use pterun::internal::memory::page_size;
use serde::Serialize;

use crate::open;
use crate::LoaderChoice;

/// Runs the subcommand.
pub fn run(path: &Path, json: bool) -> anyhow::Result<()> {
    let loader = open::loader(path, LoaderChoice::Mmap)?;
    let bytes = open::whole_file(loader.as_ref(), path)?;
    let kind = pterun::internal::format::detect(&bytes);
    let out = match kind {
        Some(FileKind::Data) => {
            let file = DataFile::parse(&bytes)
                .map_err(|e| crate::coded(&e, e.code()))
                .with_context(|| format!("{} is not a valid .ptd file", path.display()))?;
            let report = DataReport::new(path, file_identifier(&bytes), &file);
            if json {
                serde_json::to_string_pretty(&report)?
            } else {
                report.text()
            }
        }
        _ => {
            let program = Program::parse(&bytes)
                .map_err(|e| crate::coded(&e, e.code()))
                .with_context(|| format!("{} is not a valid .pte program", path.display()))?;
            let report = ProgramReport::new(path, file_identifier(&bytes), &program);
            if json {
                serde_json::to_string_pretty(&report)?
            } else {
                report.text()
            }
        }
    };
    println!("{out}");
    Ok(())
}

/// The FlatBuffers file identifier (bytes 4..8) as found in the file; the parser has
/// checked it by the time a report is made.
fn file_identifier(bytes: &[u8]) -> String {
    bytes.get(4..8).map(|id| id.escape_ascii().to_string()).unwrap_or_default()
}

/// Everything `inspect --json` prints for a program.
#[derive(Serialize)]
pub struct ProgramReport {
    format: &'static str,
    file: String,
    file_size: u64,
    identifier: String,
    header: Option<HeaderReport>,
    program_size: u64,
    version: u32,
    segments: Vec<SegmentReport>,
    constant_segment: Option<SubSegmentReport>,
    constant_bytes: u64,
    mutable_data_segments: Vec<SubSegmentReport>,
    named_data: Vec<NamedDataReport>,
    methods: Vec<MethodReport>,
}

#[derive(Serialize)]
struct HeaderReport {
    length: u32,
    program_size: u64,
    segment_base_offset: u64,
    segment_data_size: u64,
}

#[derive(Serialize)]
struct SegmentReport {
    index: usize,
    offset: u64,
    size: u64,
    file_offset: u64,
    alignment: u64,
}

#[derive(Serialize)]
struct SubSegmentReport {
    segment_index: usize,
    offsets: Vec<u64>,
}

#[derive(Serialize)]
struct NamedDataReport {
    key: String,
    segment_index: usize,
    file_offset: u64,
    size: u64,
}

#[derive(Serialize)]
struct MethodReport {
    name: String,
    inputs: Vec<ValueReport>,
    outputs: Vec<ValueReport>,
    operators: Vec<OperatorReport>,
    delegates: Vec<DelegateReport>,
    non_const_buffer_sizes: Vec<u64>,
    planned_bytes: u64,
    constant_tensors: usize,
    constant_tensor_bytes: u64,
    num_values: usize,
    num_instructions: usize,
}

#[derive(Serialize)]
struct ValueReport {
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    dtype: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sizes: Option<Vec<usize>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dynamism: Option<&'static str>,
}

#[derive(Serialize)]
struct OperatorReport {
    name: String,
    count: usize,
}

#[derive(Serialize)]
struct DelegateReport {
    id: String,
    location: &'static str,
    index: usize,
    file_offset: u64,
    size: u64,
    alignment: u64,
    /// Whether the blob starts on a page boundary of this machine, so that a backend can
    /// open it from the file descriptor and an offset without copying.
    page_aligned: bool,
    compile_spec_keys: Vec<String>,
}

impl ProgramReport {
    fn new(path: &Path, identifier: String, program: &Program<'_>) -> ProgramReport {
        let segments = program
            .segment_table()
            .iter()
            .zip(program.segments())
            .enumerate()
            .map(|(index, (&(offset, size), range))| SegmentReport {
                index,
                offset,
                size,
                file_offset: range.offset,
                alignment: range.alignment(),
            })
            .collect();
        let constant_segment = program.constant_table().map(|table| SubSegmentReport {
            segment_index: table.segment_index,
            offsets: table.offsets.clone(),
        });
        ProgramReport {
            format: "pte",
            file: path.display().to_string(),
            file_size: program.file_len(),
            identifier,
            header: program.header().map(|h| HeaderReport {
                length: h.length,
                program_size: h.program_size,
                segment_base_offset: h.segment_base_offset,
                segment_data_size: h.segment_data_size,
            }),
            program_size: program.program_len(),
            version: program.version(),
            segments,
            constant_segment,
            constant_bytes: program.constant_bytes(),
            mutable_data_segments: program
                .mutable_data_tables()
                .iter()
                .map(|t| SubSegmentReport {
                    segment_index: t.segment_index,
                    offsets: t.offsets.clone(),
                })
                .collect(),
            named_data: program
                .named_data()
                .iter()
                .map(|n| NamedDataReport {
                    key: n.key.to_string(),
                    segment_index: n.segment_index,
                    file_offset: n.range.offset,
                    size: n.range.len,
                })
                .collect(),
            methods: program.methods().iter().map(MethodReport::new).collect(),
        }
    }

    fn text(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{}: ExecuTorch program ({}), {} bytes",
            self.file, self.identifier, self.file_size
        );
        match &self.header {
            Some(h) => {
                let _ = writeln!(
                    s,
                    "header: eh00 length {}, program size {}, segment base {}, segment data {}",
                    h.length, h.program_size, h.segment_base_offset, h.segment_data_size
                );
            }
            None => {
                let _ = writeln!(
                    s,
                    "header: none (no segment data), program size {}",
                    self.program_size
                );
            }
        }
        let _ = writeln!(s, "segments: {}", self.segments.len());
        for seg in &self.segments {
            let _ = writeln!(
                s,
                "  [{:>3}] offset {:>10}  size {:>10}  file offset {:>10}  align {}",
                seg.index, seg.offset, seg.size, seg.file_offset, seg.alignment
            );
        }
        let _ = writeln!(s, "constant bytes: {}", self.constant_bytes);
        if !self.mutable_data_segments.is_empty() {
            for m in &self.mutable_data_segments {
                let _ = writeln!(
                    s,
                    "mutable data: segment {}, {} entries",
                    m.segment_index,
                    m.offsets.len().saturating_sub(1)
                );
            }
        }
        if !self.named_data.is_empty() {
            let _ = writeln!(s, "named data: {}", self.named_data.len());
            for n in &self.named_data {
                let _ =
                    writeln!(s, "  {} -> segment {} ({} bytes)", n.key, n.segment_index, n.size);
            }
        }
        for m in &self.methods {
            let _ = writeln!(
                s,
                "method {:?}: {} values, {} instructions, planned arenas {:?} ({} bytes), {} constant tensors ({} bytes)",
                m.name,
                m.num_values,
                m.num_instructions,
                m.non_const_buffer_sizes,
                m.planned_bytes,
                m.constant_tensors,
                m.constant_tensor_bytes
            );
            for (label, list) in [("input", &m.inputs), ("output", &m.outputs)] {
                for (i, v) in list.iter().enumerate() {
                    let _ = writeln!(s, "  {label} {i}: {}", v.describe());
                }
            }
            let _ = writeln!(s, "  operators: {}", m.operators.len());
            for op in &m.operators {
                let _ = writeln!(s, "    {:<56} x{}", op.name, op.count);
            }
            if !m.delegates.is_empty() {
                let _ = writeln!(s, "  delegates: {}", m.delegates.len());
                for (i, d) in m.delegates.iter().enumerate() {
                    let _ = writeln!(
                        s,
                        "    [{i}] {} blob {} #{} at file offset {} ({} bytes, align {}, {}), compile specs {:?}",
                        d.id,
                        d.location,
                        d.index,
                        d.file_offset,
                        d.size,
                        d.alignment,
                        if d.page_aligned { "fd+offset open possible" } else { "not page aligned" },
                        d.compile_spec_keys
                    );
                }
            }
        }
        s.trim_end().to_string()
    }
}

impl ValueReport {
    fn new(value: &Value<'_>) -> ValueReport {
        match value {
            Value::Tensor(t) => ValueReport {
                kind: "tensor",
                dtype: Some(t.scalar_type.name().to_string()),
                sizes: Some(t.sizes.to_vec()),
                dynamism: Some(t.dynamism.name()),
            },
            other => {
                ValueReport { kind: other.kind_name(), dtype: None, sizes: None, dynamism: None }
            }
        }
    }

    fn describe(&self) -> String {
        match (&self.dtype, &self.sizes, self.dynamism) {
            (Some(dtype), Some(sizes), Some(dynamism)) => format!("{dtype}{sizes:?} {dynamism}"),
            _ => self.kind.to_string(),
        }
    }
}

impl MethodReport {
    fn new(method: &Method<'_>) -> MethodReport {
        let value_report = |&i: &usize| {
            method.values.get(i).map_or(
                ValueReport { kind: "missing", dtype: None, sizes: None, dynamism: None },
                ValueReport::new,
            )
        };
        let counts = method.operator_call_counts();
        let page = page_size() as u64;
        let mut constant_tensors = 0;
        let mut constant_tensor_bytes = 0;
        for value in &method.values {
            if let Value::Tensor(t) = value {
                if matches!(t.data, TensorData::Constant { .. } | TensorData::InlineConstant { .. })
                {
                    constant_tensors += 1;
                    constant_tensor_bytes += t.nbytes;
                }
            }
        }
        MethodReport {
            name: method.name.to_string(),
            inputs: method.inputs.iter().map(value_report).collect(),
            outputs: method.outputs.iter().map(value_report).collect(),
            operators: method
                .operators
                .iter()
                .zip(counts)
                .map(|(op, count)| OperatorReport { name: op.full_name(), count })
                .collect(),
            delegates: method
                .delegates
                .iter()
                .map(|d| {
                    let range: FileRange = d.blob.file_range();
                    let (location, index) = match d.blob {
                        DelegateBlob::Inline { index, .. } => ("inline", index),
                        DelegateBlob::Segment { index, .. } => ("segment", index),
                    };
                    DelegateReport {
                        id: d.backend_id.to_string(),
                        location,
                        index,
                        file_offset: range.offset,
                        size: range.len,
                        alignment: range.alignment(),
                        page_aligned: range.offset.is_multiple_of(page),
                        compile_spec_keys: d
                            .compile_specs
                            .iter()
                            .map(|c| c.key.to_string())
                            .collect(),
                    }
                })
                .collect(),
            non_const_buffer_sizes: method.arena_sizes.clone(),
            planned_bytes: method.arena_sizes.iter().skip(1).sum(),
            constant_tensors,
            constant_tensor_bytes,
            num_values: method.values.len(),
            num_instructions: method.instruction_count(),
        }
    }
}

/// Everything `inspect --json` prints for an external data file.
#[derive(Serialize)]
pub struct DataReport {
    format: &'static str,
    file: String,
    file_size: u64,
    identifier: String,
    header: DataHeaderReport,
    segments: Vec<SegmentReport>,
    named_data: Vec<NamedTensorReport>,
}

#[derive(Serialize)]
struct DataHeaderReport {
    length: u32,
    flatbuffer_offset: u64,
    flatbuffer_size: u64,
    segment_base_offset: u64,
    segment_data_size: u64,
}

#[derive(Serialize)]
struct NamedTensorReport {
    key: String,
    segment_index: usize,
    file_offset: u64,
    size: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    dtype: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sizes: Option<Vec<usize>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dim_order: Option<Vec<u8>>,
}

impl DataReport {
    fn new(path: &Path, identifier: String, file: &DataFile<'_>) -> DataReport {
        let h = file.header();
        DataReport {
            format: "ptd",
            file: path.display().to_string(),
            file_size: file.file_len(),
            identifier,
            header: DataHeaderReport {
                length: h.length,
                flatbuffer_offset: h.flatbuffer_offset,
                flatbuffer_size: h.flatbuffer_size,
                segment_base_offset: h.segment_base_offset,
                segment_data_size: h.segment_data_size,
            },
            segments: file
                .segments()
                .iter()
                .enumerate()
                .map(|(index, r)| SegmentReport {
                    index,
                    offset: r.offset - h.segment_base_offset,
                    size: r.len,
                    file_offset: r.offset,
                    alignment: r.alignment(),
                })
                .collect(),
            named_data: file
                .tensors()
                .iter()
                .map(|t| NamedTensorReport {
                    key: t.key.to_string(),
                    segment_index: t.segment_index,
                    file_offset: t.range.offset,
                    size: t.range.len,
                    dtype: t.layout.as_ref().map(|l| l.scalar_type.name().to_string()),
                    sizes: t.layout.as_ref().map(|l| l.sizes.clone()),
                    dim_order: t.layout.as_ref().map(|l| l.dim_order.clone()),
                })
                .collect(),
        }
    }

    fn text(&self) -> String {
        let mut s = String::new();
        let h = &self.header;
        let _ = writeln!(
            s,
            "{}: ExecuTorch external data ({}), {} bytes",
            self.file, self.identifier, self.file_size
        );
        let _ = writeln!(
            s,
            "header: FH01 length {}, flatbuffer {}+{}, segment base {}, segment data {}",
            h.length,
            h.flatbuffer_offset,
            h.flatbuffer_size,
            h.segment_base_offset,
            h.segment_data_size
        );
        let _ = writeln!(s, "segments: {}", self.segments.len());
        for seg in &self.segments {
            let _ = writeln!(
                s,
                "  [{:>3}] offset {:>10}  size {:>10}  file offset {:>10}  align {}",
                seg.index, seg.offset, seg.size, seg.file_offset, seg.alignment
            );
        }
        let _ = writeln!(s, "named tensors: {}", self.named_data.len());
        for t in &self.named_data {
            let _ = writeln!(
                s,
                "  {:<40} {}{:?} segment {} ({} bytes)",
                t.key,
                t.dtype.as_deref().unwrap_or("?"),
                t.sizes.clone().unwrap_or_default(),
                t.segment_index,
                t.size
            );
        }
        s.trim_end().to_string()
    }
}
