//! The execution plan of one verified graph: every node turned into a step over planned
//! f32 buffers, constants as views of the loaded file, shapes propagated again only when
//! the external inputs change shape.
//!
//! All arithmetic is f32. A value the graph declares f16 is rounded to f16 after the node
//! that writes it (and f16 inputs and constants are widened), so an f16 graph computes
//! each node in f32 and stores f16 results, within f16's precision of the official
//! runtime. Buffers are shared between values whose lifetimes do not overlap (greedy, in
//! node order), sized at load from the graph's dims (the bounds, for dynamic inputs) and
//! grown only if a later input shape needs more; executing allocates nothing otherwise.

use pterun_memory::Segment;

use crate::error::{Error, Result};
use crate::graph::{ConstantSource, Datatype, Graph, Params, Quantization, Scales, Value};
use crate::kind::NodeKind;
use crate::ops::elementwise::{self, Binary, Unary};
use crate::ops::layout;
use crate::ops::linear::{self, ConvGeometry};
use crate::ops::pool::{self, PoolGeometry};
use crate::ops::quantized::{self, FilterKind, QuantizedFilter, QuantizedRows, ScaleSlice};
use pterun_kernels::BlockwiseTables;

/// XNNPACK flag: the fully connected filter is `[in, out]` / the second batched operand
/// is transposed.
const FLAG_TRANSPOSE: u32 = 1;
/// XNNPACK flag: resize with corners aligned.
const FLAG_ALIGN_CORNERS: u32 = 8;

/// Most bytes of activation buffers and scratch one plan may hold (the runtime's planned
/// memory limit is of the same order): shapes from a hostile blob or an oversized input
/// are refused before anything is allocated.
pub const ACTIVATION_LIMIT: u64 = 8 << 30;

/// Elements of `shape`, or `None` when the count overflows.
fn checked_numel(shape: &[usize]) -> Option<usize> {
    shape.iter().try_fold(1usize, |a, &d| a.checked_mul(d))
}

/// A constant's elements.
#[derive(Debug)]
enum ConstantData {
    /// f32 elements read in place: segment, byte start, element count.
    View { segment: usize, start: usize, len: usize },
    /// Elements widened (f16) or realigned at load.
    Owned(Vec<f32>),
    /// Quantized elements read in place, as bytes: segment, byte start, byte count.
    Bytes { segment: usize, start: usize, len: usize },
}

/// The scales of a quantized filter.
#[derive(Debug)]
enum ScaleData {
    /// Listed in the FlatBuffer.
    Owned(Vec<f32>),
    /// Read in place: segment, byte start, count, and whether they are bf16 (else f32).
    View { segment: usize, start: usize, count: usize, bf16: bool },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Storage {
    Constant(usize),
    Buffer(usize),
    /// A `qdint8` value: rows of [`Plan::quantized`].
    Quantized(usize),
}

#[derive(Debug)]
struct Slot {
    storage: Storage,
    shape: Vec<usize>,
    datatype: Datatype,
    /// A quantized constant's scales.
    scales: Option<ScaleData>,
}

#[derive(Debug)]
enum Op {
    Unary(Unary),
    Binary(Binary),
    Softmax,
    GlobalAverage,
    FullyConnected {
        transposed: bool,
    },
    /// `Convert` f32 -> `qdint8`, per row of the last dimension.
    QuantizeRows,
    /// Fully connected with a `qdint8` input and a quantized `[n, k]` filter.
    QuantizedFullyConnected(FilterKind),
    Convolution {
        params: crate::graph::Convolution,
        kind: ConvKind,
        geometry: Option<ConvGeometry>,
    },
    Pooling {
        params: crate::graph::Pooling,
        max: bool,
        geometry: Option<PoolGeometry>,
    },
    Transpose(Vec<usize>),
    Reshape(Vec<usize>),
    Slice {
        offsets: Vec<usize>,
        sizes: Vec<usize>,
    },
    Pad {
        pre: Vec<usize>,
        post: Vec<usize>,
        value: f32,
    },
    Concatenate {
        axis: usize,
    },
    Resize {
        height: usize,
        width: usize,
        align_corners: bool,
    },
    BatchMatmul {
        transpose_b: bool,
    },
    Attention,
}

#[derive(Debug)]
enum ConvKind {
    Regular,
    Depthwise,
    /// Transposed, with the filter packed per group.
    Transposed(Vec<f32>),
}

#[derive(Debug)]
struct Step {
    node: usize,
    kind: NodeKind,
    op: Op,
    inputs: Vec<usize>,
    output: usize,
    clamp: Option<(f32, f32)>,
}

/// What the plan copied or packed at load.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PlanStats {
    /// Constant bytes read in place from the loaded file.
    pub constant_bytes_viewed: u64,
    /// Constant bytes converted (f16 to f32) or realigned into memory of the plan's own.
    pub constant_bytes_converted: u64,
    /// Bytes of weights repacked at load (transposed convolution filters).
    pub packed_bytes: u64,
    /// Activation buffers, and their total bytes.
    pub buffers: usize,
    /// Bytes of the activation buffers and the scratch.
    pub buffer_bytes: u64,
}

/// An executable graph.
#[derive(Debug)]
pub struct Plan {
    segments: Vec<Segment>,
    constants: Vec<ConstantData>,
    slots: Vec<Slot>,
    steps: Vec<Step>,
    buffers: Vec<Vec<f32>>,
    /// One per `qdint8` value (they are small: a byte per element).
    quantized: Vec<QuantizedRows>,
    /// Per slot: the official runtime's tables of a blockwise 4-bit filter.
    blockwise: Vec<Option<BlockwiseTables>>,
    scratch: Vec<f32>,
    /// External inputs and outputs: slot and external id, sorted by external id.
    inputs: Vec<(usize, u32)>,
    outputs: Vec<(usize, u32)>,
    /// Input shapes the current shapes were propagated from.
    propagated_for: Vec<Vec<usize>>,
    stats: PlanStats,
}

fn unsupported_node(delegate: usize, node: usize, kind: NodeKind) -> Error {
    Error::UnsupportedNode { delegate, node, kind: kind.name() }
}

impl Plan {
    /// Builds the plan of `graph`, whose blob is `segments[0]`; `resolve` finds a named
    /// constant's bytes (and is called once per key).
    pub fn new(
        graph: &Graph<'_>,
        blob: Segment,
        delegate: usize,
        mut resolve: impl FnMut(&str) -> Result<Option<Segment>>,
    ) -> Result<Plan> {
        let mut segments = vec![blob];
        let mut stats = PlanStats::default();
        // Constants: resolve named keys (once each), view f32 data in place.
        let mut named: Vec<(&str, usize)> = Vec::new();
        // Values sharing a constant entry share its data only when they read it alike
        // (same element type and count); each view is sized for the value it serves.
        let mut loaded: Vec<(u32, Datatype, usize, usize)> = Vec::new();
        let mut constants = Vec::new();
        let mut slots = Vec::with_capacity(graph.values.len());
        let mut quantized = Vec::new();
        for value in &graph.values {
            check_value(value, delegate)?;
            let scales = match &value.quantization {
                Some(
                    Quantization::PerChannel { scales, .. }
                    | Quantization::PerChannelGroup { scales, .. },
                ) => Some(load_scales(
                    graph,
                    value,
                    scales,
                    &mut segments,
                    &mut named,
                    &mut resolve,
                    &mut stats,
                )?),
                _ => None,
            };
            let storage = match value.constant {
                Some(index) => {
                    let numel = value.numel().unwrap_or(0);
                    let same = |&&(i, t, n, _): &&(u32, Datatype, usize, usize)| {
                        i == index && t == value.datatype && n == numel
                    };
                    let c = match loaded.iter().find(same) {
                        Some(&(_, _, _, c)) => c,
                        None => {
                            let data = load_constant(
                                graph,
                                value,
                                index,
                                &mut segments,
                                &mut named,
                                &mut resolve,
                                &mut stats,
                            )?;
                            constants.push(data);
                            loaded.push((index, value.datatype, numel, constants.len() - 1));
                            constants.len() - 1
                        }
                    };
                    Storage::Constant(c)
                }
                None if value.datatype == Datatype::QDINT8 => {
                    quantized.push(QuantizedRows::default());
                    Storage::Quantized(quantized.len() - 1)
                }
                None => Storage::Buffer(usize::MAX),
            };
            slots.push(Slot {
                storage,
                shape: value.dims.clone(),
                datatype: value.datatype,
                scales,
            });
        }
        let position = |id: u32| graph.position(id).unwrap_or(usize::MAX);
        let mut steps = Vec::with_capacity(graph.nodes.len());
        for (n, node) in graph.nodes.iter().enumerate() {
            let inputs: Vec<usize> = node.inputs().into_iter().map(position).collect();
            let outputs = node.outputs();
            let [output_id] = outputs[..] else {
                return Err(unsupported_node(delegate, n, node.kind));
            };
            let output = position(output_id);
            let op = make_op(
                graph, node, &inputs, &slots, &constants, &segments, delegate, output, n,
                &mut stats,
            )?;
            steps.push(Step {
                node: n,
                kind: node.kind,
                op,
                inputs,
                output,
                clamp: node.output_min_max,
            });
        }
        let inputs: Vec<(usize, u32)> = graph
            .external_inputs()
            .into_iter()
            .filter_map(|i| Some((i, graph.values[i].external_id?)))
            .collect();
        let outputs: Vec<(usize, u32)> = graph
            .external_outputs()
            .into_iter()
            .filter_map(|i| Some((i, graph.values[i].external_id?)))
            .collect();
        let mut plan = Plan {
            segments,
            constants,
            slots,
            steps,
            buffers: Vec::new(),
            quantized,
            blockwise: Vec::new(),
            scratch: Vec::new(),
            inputs,
            outputs,
            propagated_for: Vec::new(),
            stats,
        };
        plan.prepare_blockwise();
        plan.assign_buffers();
        plan.propagate()?;
        plan.stats.buffers = plan.buffers.len();
        plan.stats.buffer_bytes =
            plan.buffers.iter().chain([&plan.scratch]).map(|b| 4 * b.len() as u64).sum();
        Ok(plan)
    }

    /// What was viewed, converted and packed at load.
    pub fn stats(&self) -> PlanStats {
        self.stats
    }

    /// External inputs (slot, external id) in external-id order.
    pub(crate) fn inputs(&self) -> &[(usize, u32)] {
        &self.inputs
    }

    /// External outputs (slot, external id) in external-id order.
    pub(crate) fn outputs(&self) -> &[(usize, u32)] {
        &self.outputs
    }

    /// Datatype of a slot.
    pub(crate) fn datatype(&self, slot: usize) -> Datatype {
        self.slots[slot].datatype
    }

    /// Current shape of a slot.
    pub(crate) fn shape(&self, slot: usize) -> &[usize] {
        &self.slots[slot].shape
    }

    /// Greedy buffer sharing in node order: a value takes a free buffer when one is
    /// free, and gives it back after its last reader (external values keep theirs).
    fn assign_buffers(&mut self) {
        let n_slots = self.slots.len();
        let mut last_use = vec![0usize; n_slots];
        let mut pinned = vec![false; n_slots];
        for &(s, _) in self.inputs.iter().chain(&self.outputs) {
            pinned[s] = true;
        }
        for (i, step) in self.steps.iter().enumerate() {
            for &s in &step.inputs {
                last_use[s] = i;
            }
        }
        let mut free: Vec<usize> = Vec::new();
        let mut count = 0usize;
        let mut take = |free: &mut Vec<usize>| match free.pop() {
            Some(b) => b,
            None => {
                count += 1;
                count - 1
            }
        };
        for &(s, _) in &self.inputs {
            let b = take(&mut free);
            self.slots[s].storage = Storage::Buffer(b);
        }
        for i in 0..self.steps.len() {
            let out = self.steps[i].output;
            if self.slots[out].storage == Storage::Buffer(usize::MAX) {
                let b = take(&mut free);
                self.slots[out].storage = Storage::Buffer(b);
            }
            let mut released: Vec<usize> = self.steps[i]
                .inputs
                .iter()
                .copied()
                .filter(|&s| last_use[s] == i && !pinned[s])
                .collect();
            if last_use[out] <= i && !pinned[out] {
                released.push(out);
            }
            released.sort_unstable();
            released.dedup();
            for s in released {
                if let Storage::Buffer(b) = self.slots[s].storage {
                    if !free.contains(&b) {
                        free.push(b);
                    }
                }
            }
        }
        self.buffers = vec![Vec::new(); count];
    }

    /// Sets the shape of external input `slot` before [`Plan::execute`].
    pub(crate) fn set_input_shape(&mut self, slot: usize, shape: &[usize]) -> Result<()> {
        let declared = &self.slots[slot].shape;
        if declared.len() != shape.len() {
            return Err(Error::Argument {
                detail: format!(
                    "input value has rank {}, the graph declares {:?}",
                    shape.len(),
                    declared
                ),
            });
        }
        if declared != shape {
            self.slots[slot].shape = shape.to_vec();
        }
        Ok(())
    }

    /// The input buffer of external input `slot`, sized for its current shape.
    pub(crate) fn input_buffer(&mut self, slot: usize) -> Result<&mut [f32]> {
        let n = self.slots[slot].shape.iter().product::<usize>();
        let Storage::Buffer(b) = self.slots[slot].storage else {
            return Err(Error::Argument { detail: "an external input is a constant".into() });
        };
        let buffer = &mut self.buffers[b];
        if buffer.len() < n {
            buffer.resize(n, 0.0);
        }
        Ok(&mut buffer[..n])
    }

    /// The current elements of `slot` (after [`Plan::execute`] for outputs).
    pub(crate) fn data(&self, slot: usize) -> Result<&[f32]> {
        let n = self.slots[slot].shape.iter().product::<usize>();
        let data = match self.slots[slot].storage {
            Storage::Buffer(b) => self.buffers.get(b).map(|v| v.as_slice()),
            Storage::Constant(c) => constant_slice(&self.constants, &self.segments, c),
            Storage::Quantized(_) => None,
        };
        data.and_then(|d| d.get(..n)).ok_or_else(|| Error::Argument {
            detail: format!("value slot {slot} holds fewer than {n} elements"),
        })
    }

    /// Propagates shapes from the external inputs through every node and sizes the
    /// buffers, when the input shapes differ from the last propagation.
    fn propagate(&mut self) -> Result<()> {
        let current: Vec<Vec<usize>> =
            self.inputs.iter().map(|&(s, _)| self.slots[s].shape.clone()).collect();
        if current == self.propagated_for {
            return Ok(());
        }
        let too_large = |bytes: u64| Error::ActivationsTooLarge { bytes, limit: ACTIVATION_LIMIT };
        // Every shape a step reads is bounded: inputs and constants here, each step's output
        // below, so the products the kernels take afterwards cannot overflow.
        for slot in &self.slots {
            let n = checked_numel(&slot.shape).ok_or(too_large(u64::MAX))?;
            if 4 * n as u64 > ACTIVATION_LIMIT {
                return Err(too_large(4 * n as u64));
            }
        }
        let mut scratch = 0usize;
        for i in 0..self.steps.len() {
            let shapes: Vec<Vec<usize>> =
                self.steps[i].inputs.iter().map(|&s| self.slots[s].shape.clone()).collect();
            let step = &mut self.steps[i];
            let (shape, need) = infer(step, &shapes)?;
            scratch = scratch.max(need);
            let out = step.output;
            let declared = self.slots[out].shape.len();
            if shape.len() != declared {
                return Err(Error::Shape {
                    node: step.node,
                    kind: step.kind.name(),
                    detail: format!(
                        "computed output {shape:?}, the graph declares rank {declared}"
                    ),
                });
            }
            let n = checked_numel(&shape).ok_or(too_large(u64::MAX))?;
            if 4 * n as u64 > ACTIVATION_LIMIT {
                return Err(too_large(4 * n as u64));
            }
            self.slots[out].shape = shape;
        }
        let mut need = vec![0usize; self.buffers.len()];
        for slot in &self.slots {
            if let Storage::Buffer(b) = slot.storage {
                if let Some(n) = need.get_mut(b) {
                    *n = (*n).max(checked_numel(&slot.shape).unwrap_or(0));
                }
            }
        }
        let total =
            need.iter().chain([&scratch]).fold(0u64, |a, &n| a.saturating_add(4 * n as u64));
        if total > ACTIVATION_LIMIT {
            return Err(too_large(total));
        }
        // Fresh zeroed allocations (not `resize`): large ones are mapped lazily.
        for (buffer, n) in self.buffers.iter_mut().zip(need) {
            if buffer.len() < n {
                *buffer = vec![0.0; n];
            }
        }
        if self.scratch.len() < scratch {
            self.scratch = vec![0.0; scratch];
        }
        for slot in &self.slots {
            if let (Storage::Quantized(q), Some((&cols, rest))) =
                (slot.storage, slot.shape.split_last())
            {
                self.quantized[q].reserve(rest.iter().product(), cols);
            }
        }
        self.propagated_for = current;
        Ok(())
    }

    /// Runs every step on the current inputs.
    pub(crate) fn execute(&mut self) -> Result<()> {
        self.propagate()?;
        for i in 0..self.steps.len() {
            let out_slot = self.steps[i].output;
            if let Storage::Quantized(q) = self.slots[out_slot].storage {
                let mut rows = std::mem::take(&mut self.quantized[q]);
                let result = self.quantize_step(i, &mut rows);
                self.quantized[q] = rows;
                result?;
                continue;
            }
            let Storage::Buffer(b) = self.slots[out_slot].storage else {
                return Err(Error::Argument { detail: "a node writes a constant".into() });
            };
            let mut out = std::mem::take(&mut self.buffers[b]);
            let mut scratch = std::mem::take(&mut self.scratch);
            let result = self.run_step(i, &mut out, &mut scratch);
            self.buffers[b] = out;
            self.scratch = scratch;
            result?;
        }
        Ok(())
    }

    /// Runs a step writing a `qdint8` value (only `Convert` does).
    fn quantize_step(&self, i: usize, rows: &mut QuantizedRows) -> Result<()> {
        let step = &self.steps[i];
        let err = |source| Error::Kernel { node: step.node, kind: step.kind.name(), source };
        let Op::QuantizeRows = step.op else {
            return Err(Error::Shape {
                node: step.node,
                kind: step.kind.name(),
                detail: "only Convert writes a qdint8 value".into(),
            });
        };
        let input = step.inputs[0];
        let cols = self.slots[input].shape.last().copied().unwrap_or(1);
        quantized::quantize_rows(self.data(input)?, cols, rows).map_err(err)
    }

    /// Builds the tables of each blockwise filter a fully connected step reads (counted as
    /// packed bytes: the scales are copied, transposed).
    fn prepare_blockwise(&mut self) {
        let mut tables: Vec<Option<BlockwiseTables>> = vec![None; self.slots.len()];
        for step in &self.steps {
            let Op::QuantizedFullyConnected(kind @ FilterKind::Int4Blockwise { .. }) = step.op
            else {
                continue;
            };
            let Some(&slot) = step.inputs.get(1) else { continue };
            if slot >= tables.len() || tables[slot].is_some() {
                continue;
            }
            tables[slot] =
                self.quantized_filter(slot, kind).and_then(|f| quantized::blockwise_tables(&f));
            if let Some(t) = &tables[slot] {
                self.stats.packed_bytes += t.bytes() as u64;
            }
        }
        self.blockwise = tables;
    }

    /// The filter of a quantized fully connected step, viewed in place.
    fn quantized_filter(&self, slot: usize, kind: FilterKind) -> Option<QuantizedFilter<'_>> {
        let s = &self.slots[slot];
        let &[n, k] = &s.shape[..] else { return None };
        let Storage::Constant(c) = s.storage else { return None };
        let ConstantData::Bytes { segment, start, len } = *self.constants.get(c)? else {
            return None;
        };
        let data = self.segments.get(segment)?.as_bytes().get(start..start.checked_add(len)?)?;
        let scales = match s.scales.as_ref()? {
            ScaleData::Owned(v) => ScaleSlice::F32(v),
            &ScaleData::View { segment, start, count, bf16 } => {
                let width = if bf16 { 2 } else { 4 };
                let bytes = self
                    .segments
                    .get(segment)?
                    .as_bytes()
                    .get(start..start.checked_add(count.checked_mul(width)?)?)?;
                if bf16 {
                    ScaleSlice::Bf16Bytes(bytes)
                } else {
                    ScaleSlice::F32Bytes(bytes)
                }
            }
        };
        Some(QuantizedFilter { kind, data, scales, n, k })
    }

    fn run_step(&self, i: usize, out: &mut [f32], scratch: &mut [f32]) -> Result<()> {
        let step = &self.steps[i];
        let kernel = |source| Error::Kernel { node: step.node, kind: step.kind.name(), source };
        let mut ins: Vec<&[f32]> = Vec::with_capacity(step.inputs.len());
        for &s in &step.inputs {
            // Quantized inputs and filters are read by their steps below.
            match self.slots[s].storage {
                Storage::Quantized(_) => ins.push(&[]),
                Storage::Constant(c) if matches!(self.constants[c], ConstantData::Bytes { .. }) => {
                    ins.push(&[])
                }
                _ => ins.push(self.data(s)?),
            }
        }
        let shapes: Vec<&[usize]> =
            step.inputs.iter().map(|&s| self.slots[s].shape.as_slice()).collect();
        let out_shape = &self.slots[step.output].shape;
        let n: usize = out_shape.iter().product();
        let out = &mut out[..n];
        match &step.op {
            Op::Unary(u) => elementwise::unary(*u, ins[0], out),
            Op::Binary(b) => {
                elementwise::binary(*b, ins[0], shapes[0], ins[1], shapes[1], out, out_shape)
            }
            Op::Softmax => layout::softmax(ins[0], *out_shape.last().unwrap_or(&1), out),
            Op::GlobalAverage => {
                let s = shapes[0];
                let (batch, pixels, c) = (s[0], s[1] * s[2], s[3]);
                pool::global_average(ins[0], batch, pixels, c, out);
            }
            Op::FullyConnected { transposed } => {
                let k = *shapes[0].last().unwrap_or(&1);
                let m = ins[0].len().checked_div(k).unwrap_or(0);
                let filter = shapes[1];
                let units = if *transposed { filter[1] } else { filter[0] };
                linear::fully_connected(
                    ins[0],
                    m,
                    k,
                    ins[1],
                    units,
                    *transposed,
                    ins.get(2).copied(),
                    out,
                )
                .map_err(kernel)?;
            }
            Op::QuantizeRows => {
                return Err(Error::Shape {
                    node: step.node,
                    kind: step.kind.name(),
                    detail: "a quantizing Convert must write a qdint8 value".into(),
                })
            }
            Op::QuantizedFullyConnected(filter_kind) => {
                let missing = |what: &str| Error::Shape {
                    node: step.node,
                    kind: step.kind.name(),
                    detail: format!("the {what} is missing"),
                };
                let Storage::Quantized(q) = self.slots[step.inputs[0]].storage else {
                    return Err(missing("qdint8 input"));
                };
                let filter = self
                    .quantized_filter(step.inputs[1], *filter_kind)
                    .ok_or_else(|| missing("quantized filter"))?;
                let tables = self.blockwise.get(step.inputs[1]).and_then(Option::as_ref);
                quantized::fully_connected(
                    &self.quantized[q],
                    &filter,
                    tables,
                    ins.get(2).copied(),
                    out,
                )
                .map_err(kernel)?;
            }
            Op::Convolution { kind, geometry: Some(g), .. } => {
                let bias = ins.get(2).copied();
                match kind {
                    ConvKind::Regular => linear::convolution(g, ins[0], ins[1], bias, out, scratch)
                        .map_err(kernel)?,
                    ConvKind::Depthwise => linear::depthwise(g, ins[0], ins[1], bias, out),
                    ConvKind::Transposed(packed) => {
                        linear::deconvolution(g, ins[0], packed, bias, out, scratch)
                            .map_err(kernel)?
                    }
                }
            }
            Op::Pooling { geometry: Some(g), max, .. } => pool::pool(g, ins[0], out, *max),
            Op::Convolution { geometry: None, .. } | Op::Pooling { geometry: None, .. } => {
                return Err(Error::Shape {
                    node: step.node,
                    kind: step.kind.name(),
                    detail: "shapes were not propagated".into(),
                })
            }
            Op::Transpose(perm) => layout::transpose(ins[0], shapes[0], perm, out),
            Op::Reshape(_) => out.copy_from_slice(&ins[0][..n]),
            Op::Slice { offsets, .. } => layout::slice(ins[0], shapes[0], offsets, out_shape, out),
            Op::Pad { pre, value, .. } => {
                layout::pad(ins[0], shapes[0], pre, out_shape, *value, out)
            }
            Op::Concatenate { axis } => {
                let outer: usize = out_shape[..*axis].iter().product();
                let chunks: Vec<usize> =
                    shapes.iter().map(|s| s[*axis..].iter().product()).collect();
                layout::concatenate(&ins, &chunks, outer, out);
            }
            Op::Resize { align_corners, .. } => {
                let s = shapes[0];
                layout::resize_bilinear(
                    ins[0],
                    s[0],
                    s[1],
                    s[2],
                    s[3],
                    out_shape[1],
                    out_shape[2],
                    *align_corners,
                    out,
                );
            }
            Op::BatchMatmul { transpose_b } => linear::batch_matmul(
                ins[0],
                shapes[0],
                ins[1],
                shapes[1],
                *transpose_b,
                out,
                out_shape,
            )
            .map_err(kernel)?,
            Op::Attention => attention(&ins, &shapes, out, scratch).map_err(kernel)?,
        }
        if let Some((min, max)) = step.clamp {
            elementwise::clamp(out, min, max);
        }
        if self.slots[step.output].datatype == Datatype::F16 {
            elementwise::round_to_f16(out);
        }
        Ok(())
    }
}

fn check_value(value: &Value, delegate: usize) -> Result<()> {
    let refuse = |what: String| Error::UnsupportedValue { delegate, id: value.id, what };
    if let Some(q) = &value.quantization {
        let external = value.is_input || value.is_output;
        let constant = value.constant.is_some();
        // What the dynamically quantized linear layers use: per-row activations between
        // a Convert and fully connected layers, per-channel and blockwise constant filters.
        let runs = match (q, value.datatype) {
            (Quantization::PerTokenDynamic { .. }, Datatype::QDINT8) => !external,
            (
                Quantization::PerChannel { channel_dim: 0, .. },
                Datatype::QCINT8 | Datatype::QCINT4,
            )
            | (Quantization::PerChannelGroup { .. }, Datatype::QBINT4) => constant,
            _ => false,
        };
        if !runs {
            let place = match (external, constant) {
                (true, _) => ", external",
                (_, true) => ", constant",
                _ => "",
            };
            return Err(refuse(format!(
                "{} quantization ({}{place})",
                q.name(),
                value.datatype.name()
            )));
        }
        return Ok(());
    }
    if value.dynamically_quantized {
        return Err(refuse("dynamic quantization".into()));
    }
    match value.datatype {
        Datatype::F32 | Datatype::F16 => Ok(()),
        other => Err(refuse(format!("datatype {}", other.name()))),
    }
}

fn constant_slice<'s>(
    constants: &'s [ConstantData],
    segments: &'s [Segment],
    c: usize,
) -> Option<&'s [f32]> {
    match constants.get(c)? {
        ConstantData::Owned(v) => Some(v),
        ConstantData::View { segment, start, len } => {
            let bytes = segments
                .get(*segment)?
                .as_bytes()
                .get(*start..start.checked_add(len.checked_mul(4)?)?)?;
            bytemuck::try_cast_slice(bytes).ok()
        }
        // Quantized bytes are not f32 elements; their steps view them directly.
        ConstantData::Bytes { .. } => None,
    }
}

/// Segment and byte start of constant entry `index` (resolving a named key once).
fn locate<'g>(
    graph: &Graph<'g>,
    value: &Value,
    index: u32,
    segments: &mut Vec<Segment>,
    named: &mut Vec<(&'g str, usize)>,
    resolve: &mut impl FnMut(&str) -> Result<Option<Segment>>,
) -> Result<(usize, usize)> {
    Ok(match graph.constants.get(index as usize) {
        Some(ConstantSource::Blob { offset, .. }) => (0, *offset),
        Some(ConstantSource::Named { key, .. }) => {
            let at = match named.iter().find(|(k, _)| k == key) {
                Some(&(_, at)) => at,
                None => {
                    let seg = resolve(key)?
                        .ok_or_else(|| Error::NamedDataMissing { index, key: key.to_string() })?;
                    segments.push(seg);
                    named.push((key, segments.len() - 1));
                    segments.len() - 1
                }
            };
            (at, 0)
        }
        _ => {
            return Err(Error::BadConstant {
                index,
                id: value.id,
                detail: "the entry is reserved".into(),
            })
        }
    })
}

/// The scales of a per-channel or blockwise value: listed ones copied, a constant's
/// viewed in place (f32 per channel, bf16 blockwise; f32 listed blockwise scales are
/// converted to bf16 as the official runtime does).
#[allow(clippy::too_many_arguments, reason = "the plan's tables under construction")]
fn load_scales<'g>(
    graph: &Graph<'g>,
    value: &Value,
    scales: &Scales,
    segments: &mut Vec<Segment>,
    named: &mut Vec<(&'g str, usize)>,
    resolve: &mut impl FnMut(&str) -> Result<Option<Segment>>,
    stats: &mut PlanStats,
) -> Result<ScaleData> {
    let blockwise = value.datatype == Datatype::QBINT4;
    match scales {
        Scales::Inline(v) if blockwise => {
            stats.constant_bytes_converted += 4 * v.len() as u64;
            // As the official runtime converts them: scaled up by its constant 1.00389105
            // (f32 bits 0x3F807F80, about 1 + 2^-8, so that the truncation rounds), then
            // the upper 16 bits kept.
            let adjust = f32::from_bits(0x3F80_7F80);
            Ok(ScaleData::Owned(
                v.iter().map(|&s| f32::from_bits((s * adjust).to_bits() & 0xFFFF_0000)).collect(),
            ))
        }
        Scales::Inline(v) => Ok(ScaleData::Owned(v.clone())),
        &Scales::Constant { index, count } => {
            let (segment, start) = locate(graph, value, index, segments, named, resolve)?;
            let width = if blockwise { 2 } else { 4 };
            let bytes = count.saturating_mul(width);
            let available = segments[segment].len().saturating_sub(start);
            if available < bytes {
                return Err(Error::BadQuantization {
                    id: value.id,
                    detail: format!(
                        "scale buffer {index}: {available} bytes available, {count} scales need {bytes}"
                    ),
                });
            }
            stats.constant_bytes_viewed += bytes as u64;
            Ok(ScaleData::View { segment, start, count, bf16: blockwise })
        }
    }
}

#[allow(clippy::too_many_arguments, reason = "the plan's tables under construction")]
fn load_constant<'g>(
    graph: &Graph<'g>,
    value: &Value,
    index: u32,
    segments: &mut Vec<Segment>,
    named: &mut Vec<(&'g str, usize)>,
    resolve: &mut impl FnMut(&str) -> Result<Option<Segment>>,
    stats: &mut PlanStats,
) -> Result<ConstantData> {
    let elements = value.numel().unwrap_or(0);
    let bytes = value.datatype.stored_bytes(&value.dims).unwrap_or(elements * 4);
    let (segment, start) = locate(graph, value, index, segments, named, resolve)?;
    let seg = &segments[segment];
    let raw = seg.as_bytes().get(start..start + bytes).ok_or_else(|| Error::BadConstant {
        index,
        id: value.id,
        detail: format!("{} bytes available, {bytes} needed", seg.len().saturating_sub(start)),
    })?;
    match value.datatype {
        Datatype::F32 if bytemuck::try_cast_slice::<u8, f32>(raw).is_ok() => {
            stats.constant_bytes_viewed += bytes as u64;
            Ok(ConstantData::View { segment, start, len: elements })
        }
        Datatype::F32 => {
            stats.constant_bytes_converted += bytes as u64;
            Ok(ConstantData::Owned(
                raw.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect(),
            ))
        }
        Datatype::QCINT8 | Datatype::QCINT4 | Datatype::QBINT4 => {
            stats.constant_bytes_viewed += bytes as u64;
            Ok(ConstantData::Bytes { segment, start, len: bytes })
        }
        Datatype::F16 => {
            stats.constant_bytes_converted += bytes as u64;
            Ok(ConstantData::Owned(
                raw.chunks_exact(2)
                    .map(|c| half::f16::from_le_bytes([c[0], c[1]]).to_f32())
                    .collect(),
            ))
        }
        other => Err(Error::UnsupportedValue {
            delegate: 0,
            id: value.id,
            what: format!("constant of {}", other.name()),
        }),
    }
}

#[allow(clippy::too_many_arguments, reason = "the plan's tables under construction")]
fn make_op(
    graph: &Graph<'_>,
    node: &crate::graph::Node,
    inputs: &[usize],
    slots: &[Slot],
    constants: &[ConstantData],
    segments: &[Segment],
    delegate: usize,
    output_slot: usize,
    n: usize,
    stats: &mut PlanStats,
) -> Result<Op> {
    use NodeKind as K;
    let shape_error = |detail: String| Error::Shape { node: n, kind: node.kind.name(), detail };
    let unary = |u| Ok(Op::Unary(u));
    let param = match &node.params {
        Params::Unary { param, .. } => *param,
        _ => 0.0,
    };
    match (&node.params, node.kind) {
        (_, K::Abs) => unary(Unary::Abs),
        (_, K::Ceiling) => unary(Unary::Ceiling),
        (_, K::Clamp) => unary(Unary::Clamp),
        (_, K::Convert)
            if slots.get(inputs[0]).map(|s| s.datatype) == Some(Datatype::F32)
                && slots.get(output_slot).map(|s| s.datatype) == Some(Datatype::QDINT8) =>
        {
            Ok(Op::QuantizeRows)
        }
        (_, K::Copy | K::Convert) => {
            let types: Vec<Datatype> = inputs
                .iter()
                .chain([&output_slot])
                .filter_map(|&i| slots.get(i).map(|s| s.datatype))
                .collect();
            if types.iter().any(|t| !matches!(t, Datatype::F32 | Datatype::F16)) {
                let names: Vec<&str> = types.iter().map(|t| t.name()).collect();
                return Err(shape_error(format!("cannot convert between {names:?}")));
            }
            unary(Unary::Copy)
        }
        (_, K::Cos) => unary(Unary::Cos),
        (_, K::ELU) => unary(Unary::Elu(param)),
        (_, K::Exp) => unary(Unary::Exp),
        (_, K::Floor) => unary(Unary::Floor),
        (_, K::Gelu) => unary(Unary::Gelu),
        (_, K::Hardswish) => unary(Unary::Hardswish),
        (_, K::LeakyReLU) => unary(Unary::LeakyRelu(param)),
        (_, K::Log) => unary(Unary::Log),
        (_, K::Negate) => unary(Unary::Negate),
        (_, K::ReciprocalSquareRoot) => unary(Unary::ReciprocalSquareRoot),
        (_, K::Sigmoid) => unary(Unary::Sigmoid),
        (_, K::Sin) => unary(Unary::Sin),
        (_, K::Square) => unary(Unary::Square),
        (_, K::SquareRoot) => unary(Unary::SquareRoot),
        (_, K::Tanh) => unary(Unary::Tanh),
        (_, K::Softmax) => Ok(Op::Softmax),
        (_, K::GlobalAvgPooling2d) => Ok(Op::GlobalAverage),
        (_, K::Add) => Ok(Op::Binary(Binary::Add)),
        (_, K::Subtract) => Ok(Op::Binary(Binary::Subtract)),
        (_, K::Multiply) => Ok(Op::Binary(Binary::Multiply)),
        (_, K::Div) => Ok(Op::Binary(Binary::Div)),
        (_, K::Minimum) => Ok(Op::Binary(Binary::Minimum)),
        (_, K::Maximum) => Ok(Op::Binary(Binary::Maximum)),
        (_, K::PReLU) => Ok(Op::Binary(Binary::Prelu)),
        (Params::Binary { flags, .. }, K::BatchMatrixMultiply) => {
            Ok(Op::BatchMatmul { transpose_b: flags & FLAG_TRANSPOSE != 0 })
        }
        (Params::FullyConnected { flags, .. }, K::FullyConnected) => {
            let Some(filter) = slots.get(inputs[1]).filter(|s| s.shape.len() == 2) else {
                return Err(shape_error("the filter must have rank 2".into()));
            };
            let input_type = slots.get(inputs[0]).map(|s| s.datatype);
            let quantized_input = input_type == Some(Datatype::QDINT8);
            let filter_kind = match filter.datatype {
                Datatype::QCINT8 => Some(FilterKind::Int8),
                Datatype::QCINT4 => Some(FilterKind::Int4),
                Datatype::QBINT4 => match graph
                    .value(node_filter(node))
                    .and_then(|v| v.quantization.as_ref())
                {
                    Some(&Quantization::PerChannelGroup { group_size, .. }) => {
                        Some(FilterKind::Int4Blockwise { group: group_size })
                    }
                    _ => {
                        return Err(shape_error("a qbint4 filter without block parameters".into()))
                    }
                },
                _ => None,
            };
            match (quantized_input, filter_kind) {
                (false, None) => Ok(Op::FullyConnected { transposed: flags & FLAG_TRANSPOSE != 0 }),
                (true, Some(kind)) => {
                    if flags & FLAG_TRANSPOSE != 0 {
                        return Err(shape_error("a quantized filter stored [in, out]".into()));
                    }
                    if let FilterKind::Int4Blockwise { group } = kind {
                        if !group.is_multiple_of(2) {
                            return Err(shape_error(format!("odd group size {group}")));
                        }
                    }
                    if let Some(&b) = inputs.get(2) {
                        if slots[b].datatype != Datatype::F32 {
                            return Err(shape_error(format!(
                                "a {} bias with a qdint8 input",
                                slots[b].datatype.name()
                            )));
                        }
                    }
                    if slots.get(output_slot).map(|s| s.datatype) != Some(Datatype::F32) {
                        return Err(shape_error(
                            "a qdint8 product must have an fp32 output".into(),
                        ));
                    }
                    Ok(Op::QuantizedFullyConnected(kind))
                }
                (true, None) => Err(shape_error(format!(
                    "a qdint8 input with a {} filter",
                    filter.datatype.name()
                ))),
                (false, Some(_)) => Err(shape_error(format!(
                    "a {} filter with a {} input (only qdint8 inputs are run)",
                    filter.datatype.name(),
                    input_type.map_or("missing", |t| t.name())
                ))),
            }
        }
        (Params::Convolution(c), K::Conv2d | K::DepthwiseConv2d | K::ConvTranspose2d) => {
            let filter = &slots[inputs[1]];
            let Storage::Constant(fc) = filter.storage else {
                return Err(shape_error("the filter must be a constant".into()));
            };
            let expected = match node.kind {
                K::DepthwiseConv2d => {
                    [1, c.kernel[0], c.kernel[1], c.groups * c.group_output_channels]
                }
                _ => [
                    c.groups * c.group_output_channels,
                    c.kernel[0],
                    c.kernel[1],
                    c.group_input_channels,
                ],
            };
            if filter.shape != expected {
                return Err(shape_error(format!(
                    "filter is {:?}, the parameters need {expected:?}",
                    filter.shape
                )));
            }
            if let Some(&b) = inputs.get(2) {
                if slots[b].shape.iter().product::<usize>() != c.groups * c.group_output_channels {
                    return Err(shape_error(format!("bias is {:?}", slots[b].shape)));
                }
            }
            if c.stride.contains(&0) || c.groups == 0 {
                return Err(shape_error("zero stride or groups".into()));
            }
            let kind = match node.kind {
                K::Conv2d => ConvKind::Regular,
                K::DepthwiseConv2d => {
                    if c.group_input_channels != 1 {
                        return Err(shape_error(
                            "a depthwise convolution has one input channel per group".into(),
                        ));
                    }
                    ConvKind::Depthwise
                }
                _ => {
                    let data = constant_slice(constants, segments, fc)
                        .ok_or_else(|| shape_error("the filter's bytes are missing".into()))?;
                    let g = ConvGeometry {
                        batch: 0,
                        in_h: 0,
                        in_w: 0,
                        out_h: 0,
                        out_w: 0,
                        kernel: c.kernel,
                        stride: c.stride,
                        dilation: c.dilation,
                        pad: [c.padding[0], c.padding[3]],
                        groups: c.groups,
                        group_in: c.group_input_channels,
                        group_out: c.group_output_channels,
                    };
                    let packed = linear::pack_deconvolution_filter(&g, data);
                    stats.packed_bytes += 4 * packed.len() as u64;
                    ConvKind::Transposed(packed)
                }
            };
            Ok(Op::Convolution { params: c.clone(), kind, geometry: None })
        }
        (Params::Pooling(p), K::AvgPooling2d | K::MaxPooling2d) => {
            if p.stride.contains(&0) || p.window.contains(&0) {
                return Err(shape_error("zero stride or window".into()));
            }
            Ok(Op::Pooling { params: p.clone(), max: node.kind == K::MaxPooling2d, geometry: None })
        }
        (Params::Transpose { perm, .. }, _) => {
            let mut seen = vec![false; perm.len()];
            for &p in perm {
                match seen.get_mut(p) {
                    Some(s) if !*s => *s = true,
                    _ => return Err(shape_error(format!("{perm:?} is not a permutation"))),
                }
            }
            Ok(Op::Transpose(perm.clone()))
        }
        (Params::Reshape { shape, .. }, _) => Ok(Op::Reshape(shape.clone())),
        (Params::Slice { offsets, sizes, .. }, _) => {
            Ok(Op::Slice { offsets: offsets.clone(), sizes: sizes.clone() })
        }
        (Params::Pad { pre, post, value, .. }, _) => {
            Ok(Op::Pad { pre: pre.clone(), post: post.clone(), value: *value })
        }
        (Params::Concatenate { axis, .. }, _) => Ok(Op::Concatenate { axis: *axis as usize }),
        (Params::ResizeBilinear { height, width, flags, .. }, _) => {
            if flags & 4 != 0 {
                return Err(shape_error("TensorFlow legacy resize mode is not supported".into()));
            }
            Ok(Op::Resize {
                height: *height,
                width: *width,
                align_corners: flags & FLAG_ALIGN_CORNERS != 0,
            })
        }
        (Params::Attention { .. }, K::ScaledDotProductAttention) => Ok(Op::Attention),
        _ => Err(unsupported_node(delegate, n, node.kind)),
    }
}

/// The filter id of a fully connected node.
fn node_filter(node: &crate::graph::Node) -> u32 {
    match node.params {
        Params::FullyConnected { filter, .. } => filter,
        _ => crate::graph::INVALID_ID,
    }
}

/// Output size of a convolution or pooling along one dimension.
fn window_out(
    input: usize,
    pad: usize,
    kernel: usize,
    dilation: usize,
    stride: usize,
) -> Option<usize> {
    let effective = dilation.max(1).checked_mul(kernel.checked_sub(1)?)?.checked_add(1)?;
    let padded = input.checked_add(pad)?;
    Some(padded.checked_sub(effective)? / stride + 1)
}

/// The output shape of a step from its inputs' shapes, and the scratch it needs.
fn infer(step: &mut Step, shapes: &[Vec<usize>]) -> Result<(Vec<usize>, usize)> {
    let err = |detail: String| Error::Shape { node: step.node, kind: step.kind.name(), detail };
    let first = shapes.first().cloned().unwrap_or_default();
    let rank4 = |s: &[usize]| -> Result<[usize; 4]> {
        s.try_into().map_err(|_| err(format!("input {s:?} is not NHWC")))
    };
    let numel = |s: &[usize]| s.iter().try_fold(1usize, |a, &d| a.checked_mul(d));
    Ok(match &mut step.op {
        Op::Unary(_) | Op::Softmax | Op::QuantizeRows => (first, 0),
        Op::Binary(_) => {
            let b = shapes.get(1).cloned().unwrap_or_default();
            (
                elementwise::broadcast_shape(&first, &b)
                    .ok_or_else(|| err(format!("{first:?} and {b:?} do not broadcast")))?,
                0,
            )
        }
        Op::GlobalAverage => {
            let [n, _, _, c] = rank4(&first)?;
            (vec![n, 1, 1, c], 0)
        }
        Op::FullyConnected { .. } | Op::QuantizedFullyConnected(_) => {
            let transposed = matches!(step.op, Op::FullyConnected { transposed: true });
            let f = &shapes[1];
            let (units, k) = if transposed { (f[1], f[0]) } else { (f[0], f[1]) };
            if first.last() != Some(&k) {
                return Err(err(format!(
                    "input {first:?} does not end in the filter's {k} inputs"
                )));
            }
            if let Some(bias) = shapes.get(2) {
                if checked_numel(bias) != Some(units) {
                    return Err(err(format!("bias {bias:?} for {units} units")));
                }
            }
            let mut out = first.clone();
            if let Some(last) = out.last_mut() {
                *last = units;
            }
            (out, 0)
        }
        Op::Convolution { params: c, kind, geometry } => {
            let [n, h, w, ch] = rank4(&first)?;
            if ch != c.groups * c.group_input_channels {
                return Err(err(format!(
                    "input has {ch} channels, the filter {} x {}",
                    c.groups, c.group_input_channels
                )));
            }
            let (oh, ow) = if matches!(kind, ConvKind::Transposed(_)) {
                let dim = |i: usize, k: usize, s: usize, d: usize, adj: usize, pads: usize| {
                    let full = i
                        .checked_sub(1)?
                        .checked_mul(s)?
                        .checked_add(adj)?
                        .checked_add(d.max(1).checked_mul(k - 1)? + 1)?;
                    full.checked_sub(pads)
                };
                (
                    dim(
                        h,
                        c.kernel[0],
                        c.stride[0],
                        c.dilation[0],
                        c.adjustment[0],
                        c.padding[0] + c.padding[2],
                    ),
                    dim(
                        w,
                        c.kernel[1],
                        c.stride[1],
                        c.dilation[1],
                        c.adjustment[1],
                        c.padding[1] + c.padding[3],
                    ),
                )
            } else {
                (
                    window_out(
                        h,
                        c.padding[0] + c.padding[2],
                        c.kernel[0],
                        c.dilation[0],
                        c.stride[0],
                    ),
                    window_out(
                        w,
                        c.padding[1] + c.padding[3],
                        c.kernel[1],
                        c.dilation[1],
                        c.stride[1],
                    ),
                )
            };
            let (Some(oh), Some(ow)) = (oh, ow) else {
                return Err(err(format!("input {first:?} is smaller than the kernel")));
            };
            let g = ConvGeometry {
                batch: n,
                in_h: h,
                in_w: w,
                out_h: oh,
                out_w: ow,
                kernel: c.kernel,
                stride: c.stride,
                dilation: [c.dilation[0].max(1), c.dilation[1].max(1)],
                pad: [c.padding[0], c.padding[3]],
                groups: c.groups,
                group_in: c.group_input_channels,
                group_out: c.group_output_channels,
            };
            let scratch = match kind {
                ConvKind::Regular => g.scratch_len(),
                ConvKind::Depthwise => 0,
                ConvKind::Transposed(_) => linear::deconvolution_scratch(&g),
            };
            *geometry = Some(g);
            (vec![n, oh, ow, c.groups * c.group_output_channels], scratch)
        }
        Op::Pooling { params: p, geometry, .. } => {
            let [n, h, w, ch] = rank4(&first)?;
            let oh =
                window_out(h, p.padding[0] + p.padding[2], p.window[0], p.dilation[0], p.stride[0]);
            let ow =
                window_out(w, p.padding[1] + p.padding[3], p.window[1], p.dilation[1], p.stride[1]);
            let (Some(oh), Some(ow)) = (oh, ow) else {
                return Err(err(format!("input {first:?} is smaller than the window")));
            };
            *geometry = Some(PoolGeometry {
                batch: n,
                in_h: h,
                in_w: w,
                channels: ch,
                out_h: oh,
                out_w: ow,
                window: p.window,
                stride: p.stride,
                dilation: [p.dilation[0].max(1), p.dilation[1].max(1)],
                pad: [p.padding[0], p.padding[3]],
            });
            (vec![n, oh, ow, ch], 0)
        }
        Op::Transpose(perm) => {
            if perm.len() != first.len() {
                return Err(err(format!("permutation {perm:?} for input {first:?}")));
            }
            (perm.iter().map(|&p| first[p]).collect(), 0)
        }
        Op::Reshape(shape) => {
            let total = numel(&first).ok_or_else(|| err("element count overflows".into()))?;
            let known =
                shape.iter().filter(|&&d| d != 0).try_fold(1usize, |a, &d| a.checked_mul(d));
            let zeros = shape.iter().filter(|&&d| d == 0).count();
            let out: Vec<usize> = match (zeros, known) {
                (0, Some(k)) if k == total => shape.clone(),
                (1, Some(k)) if k > 0 && total % k == 0 => {
                    shape.iter().map(|&d| if d == 0 { total / k } else { d }).collect()
                }
                _ => return Err(err(format!("cannot reshape {first:?} to {shape:?}"))),
            };
            (out, 0)
        }
        Op::Slice { offsets, sizes } => {
            if offsets.len() != first.len() {
                return Err(err(format!("{} offsets for input {first:?}", offsets.len())));
            }
            let mut out = Vec::with_capacity(first.len());
            for ((&d, &o), &s) in first.iter().zip(offsets.iter()).zip(sizes.iter()) {
                let size = if s == 0 { d.checked_sub(o) } else { Some(s) };
                match size {
                    Some(size) if o.checked_add(size).is_some_and(|e| e <= d) => out.push(size),
                    _ => {
                        return Err(err(format!("slice {offsets:?} + {sizes:?} outside {first:?}")))
                    }
                }
            }
            (out, 0)
        }
        Op::Pad { pre, post, .. } => {
            if pre.len() != first.len() {
                return Err(err(format!("{} paddings for input {first:?}", pre.len())));
            }
            let out: Option<Vec<usize>> = first
                .iter()
                .zip(pre.iter())
                .zip(post.iter())
                .map(|((&d, &a), &b)| d.checked_add(a)?.checked_add(b))
                .collect();
            (out.ok_or_else(|| err("padded size overflows".into()))?, 0)
        }
        Op::Concatenate { axis } => {
            let axis = *axis;
            if axis >= first.len() {
                return Err(err(format!("axis {axis} for input {first:?}")));
            }
            let mut out = first.clone();
            out[axis] = 0;
            for s in shapes {
                let same = s.len() == first.len()
                    && s.iter().zip(&first).enumerate().all(|(d, (a, b))| d == axis || a == b);
                if !same {
                    return Err(err(format!(
                        "inputs {first:?} and {s:?} differ outside axis {axis}"
                    )));
                }
                out[axis] += s[axis];
            }
            (out, 0)
        }
        Op::Resize { height, width, .. } => {
            let [n, h, w, c] = rank4(&first)?;
            if h == 0 || w == 0 || *height == 0 || *width == 0 {
                return Err(err("empty image".into()));
            }
            (vec![n, *height, *width, c], 0)
        }
        Op::BatchMatmul { transpose_b } => {
            let b = &shapes[1];
            if first.len() < 2 || b.len() < 2 {
                return Err(err(format!("operands {first:?} and {b:?} need rank 2 or more")));
            }
            let (m, k) = (first[first.len() - 2], first[first.len() - 1]);
            let (kb, nb) = if *transpose_b {
                (b[b.len() - 1], b[b.len() - 2])
            } else {
                (b[b.len() - 2], b[b.len() - 1])
            };
            if k != kb {
                return Err(err(format!("cannot multiply {first:?} by {b:?}")));
            }
            let mut out =
                elementwise::broadcast_shape(&first[..first.len() - 2], &b[..b.len() - 2])
                    .ok_or_else(|| {
                        err(format!("batch dims of {first:?} and {b:?} do not broadcast"))
                    })?;
            out.extend([m, nb]);
            (out, 0)
        }
        Op::Attention => {
            let [q, k, v] = [&shapes[0], &shapes[1], &shapes[2]];
            if q.len() != 4 || k.len() != 4 || v.len() != 4 || q[3] != k[3] || k[2] != v[2] {
                return Err(err(format!("query {q:?}, key {k:?}, value {v:?}")));
            }
            (vec![q[0], q[1], q[2], v[3]], q[2] * k[2])
        }
    })
}

/// `softmax((q * scale) k^T + mask) v` per batch and head: `q` `[B, H, T, D]`, `k`
/// `[B, H, S, D]`, `v` `[B, H, S, Dv]`, `scale` `[D]`, `mask` `[T, S]`.
fn attention(
    ins: &[&[f32]],
    shapes: &[&[usize]],
    out: &mut [f32],
    scratch: &mut [f32],
) -> pterun_kernels::Result<()> {
    let (q, k, v, scale, mask) = (ins[0], ins[1], ins[2], ins[3], ins[4]);
    let (qs, ks, vs) = (shapes[0], shapes[1], shapes[2]);
    let (b, h, t, d) = (qs[0], qs[1], qs[2], qs[3]);
    let (s, dv) = (ks[2], vs[3]);
    let logits = &mut scratch[..t * s];
    let mut scaled = vec![0.0f32; t * d];
    for bh in 0..b * h {
        let qh = &q[bh * t * d..][..t * d];
        for (o, (&x, i)) in scaled.iter_mut().zip(qh.iter().zip(0..)) {
            *o = x * scale.get(i % d).copied().unwrap_or(1.0);
        }
        let kh = &k[bh * s * d..];
        pterun_kernels::matmul_f32(
            logits,
            s,
            pterun_kernels::Strided::row_major(&scaled, t, d),
            pterun_kernels::Strided::row_major(kh, s, d).t(),
            false,
        )?;
        for (l, &m) in logits.iter_mut().zip(mask.iter().cycle()) {
            *l += m;
        }
        let probs: Vec<f32> = logits.to_vec();
        layout::softmax(&probs, s, logits);
        pterun_kernels::matmul_f32(
            &mut out[bh * t * dv..],
            dv,
            pterun_kernels::Strided::row_major(logits, t, s),
            pterun_kernels::Strided::row_major(&v[bh * s * dv..], s, dv),
            false,
        )?;
    }
    Ok(())
}
