//! The verified XNNPACK graph: [`Graph::parse`] reads the whole delegate blob once with
//! `pterun-format`'s checked FlatBuffers reader and checks every id, dimension and
//! constant region; what it returns holds only numbers and borrowed key strings.
//!
//! Field slots are those of `crates/schema/fbs/xnnpack.fbs` (the `slot` module below); a
//! union takes two slots, its tag then its value. `tests/schema_agreement.rs` compares
//! this reader with the planus-generated one on every XNNPACK fixture.

use std::collections::HashMap;

use pterun_format::flat::{Read, Table, Vector};
use pterun_format::FlatBufferFault;

use crate::error::{Error, Result};
use crate::header::{self, BlobLayout};
use crate::kind::NodeKind;

/// XNNPACK's "no value" id (an absent bias, an internal value's external id).
pub const INVALID_ID: u32 = u32::MAX;
/// Largest rank XNNPACK accepts.
pub const MAX_DIMS: usize = 6;
/// Largest `num_externs` the official runtime accepts.
pub const MAX_EXTERNS: u32 = 4096;
/// Value flag: external input.
pub const FLAG_EXTERNAL_INPUT: u32 = 1;
/// Value flag: external output.
pub const FLAG_EXTERNAL_OUTPUT: u32 = 2;

mod slot {
    pub(super) mod graph {
        pub const VERSION: usize = 0;
        pub const NODES: usize = 1;
        pub const VALUES: usize = 2;
        pub const NUM_EXTERNS: usize = 3;
        pub const INPUT_IDS: usize = 4;
        pub const OUTPUT_IDS: usize = 5;
        pub const CONSTANT_BUFFER: usize = 6;
        pub const CONSTANT_DATA: usize = 8;
    }
    pub(super) mod value {
        pub const TAG: usize = 0;
        pub const VALUE: usize = 1;
    }
    pub(super) mod tensor {
        pub const DATATYPE: usize = 0;
        pub const NUM_DIMS: usize = 1;
        pub const DIMS: usize = 2;
        pub const CONSTANT: usize = 3;
        pub const EXTERNAL_ID: usize = 4;
        pub const FLAGS: usize = 5;
        pub const ID_OUT: usize = 6;
        pub const DQ_DATATYPE: usize = 7;
    }
    pub(super) mod quantized {
        pub const TENSOR: usize = 0;
        pub const PARAMS_TAG: usize = 1;
        pub const PARAMS: usize = 2;
    }
    pub(super) mod per_tensor {
        pub const SCALE: usize = 0;
        pub const ZERO_POINT: usize = 1;
    }
    pub(super) mod per_channel {
        pub const SCALE: usize = 0;
        pub const CHANNEL_DIM: usize = 1;
        pub const SCALE_BUFFER: usize = 2;
        pub const NUM_SCALES: usize = 3;
    }
    pub(super) mod per_token {
        pub const NUM_NONBATCH_DIMS: usize = 0;
    }
    pub(super) mod per_group {
        pub const SCALE: usize = 0;
        pub const CHANNEL_DIM: usize = 1;
        pub const GROUP_SIZE: usize = 2;
        // Slot 3 is the deprecated inline bf16 scales.
        pub const SCALE_BUFFER: usize = 4;
        pub const NUM_SCALES: usize = 5;
    }
    pub(super) mod node {
        pub const TAG: usize = 0;
        pub const VALUE: usize = 1;
        pub const DEBUG_HANDLE: usize = 2;
        pub const MIN_MAX: usize = 3;
    }
    pub(super) mod constant {
        pub const OFFSET: usize = 0;
        pub const SIZE: usize = 1;
        pub const NAMED_KEY: usize = 2;
    }
}

/// Element type of a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Datatype {
    /// IEEE single precision.
    F32,
    /// IEEE half precision.
    F16,
    /// bfloat16.
    Bf16,
    /// 32-bit integers.
    I32,
    /// A quantized or packed type, by its schema number.
    Other(u16),
}

impl Datatype {
    fn from_raw(raw: u16) -> Option<Datatype> {
        Some(match raw {
            0 => return None,
            1 => Datatype::F32,
            2 => Datatype::F16,
            12 => Datatype::I32,
            14 => Datatype::Bf16,
            n @ 3..=13 => Datatype::Other(n),
            _ => return None,
        })
    }

    /// `qint8`: per-tensor quantized signed bytes.
    pub const QINT8: Datatype = Datatype::Other(3);
    /// `quint8`: per-tensor quantized unsigned bytes.
    pub const QUINT8: Datatype = Datatype::Other(4);
    /// `qint32`: per-tensor quantized 32-bit integers (biases).
    pub const QINT32: Datatype = Datatype::Other(5);
    /// `qcint8`: per-channel quantized signed bytes.
    pub const QCINT8: Datatype = Datatype::Other(6);
    /// `qcint32`: per-channel quantized 32-bit integers (biases).
    pub const QCINT32: Datatype = Datatype::Other(7);
    /// `qcint4`: per-channel quantized 4-bit values, two a byte.
    pub const QCINT4: Datatype = Datatype::Other(8);
    /// `qdint8`: signed bytes quantized at run time per row.
    pub const QDINT8: Datatype = Datatype::Other(9);
    /// `qbint4`: blockwise quantized 4-bit values, two a byte.
    pub const QBINT4: Datatype = Datatype::Other(10);

    /// Bytes a constant of this type and `dims` occupies: 4-bit types pack two values a
    /// byte along the last dimension, each row padded to whole bytes (the exporter's
    /// layout); `None` on overflow or for types without a storage size.
    pub fn stored_bytes(self, dims: &[usize]) -> Option<usize> {
        let numel = dims.iter().try_fold(1usize, |a, &d| a.checked_mul(d))?;
        match self {
            Datatype::QCINT4 | Datatype::QBINT4 => {
                let (last, rows) = match dims.split_last() {
                    Some((&last, rest)) => {
                        (last, rest.iter().try_fold(1usize, |a, &d| a.checked_mul(d))?)
                    }
                    None => (1, 1),
                };
                rows.checked_mul(last.div_ceil(2))
            }
            other => numel.checked_mul(other.element_size()?),
        }
    }

    /// Bytes of one element, for the types whose elements are whole bytes.
    pub fn element_size(self) -> Option<usize> {
        match self {
            Datatype::F32 | Datatype::I32 => Some(4),
            Datatype::F16 | Datatype::Bf16 => Some(2),
            Datatype::Other(3 | 4 | 6 | 9) => Some(1),
            Datatype::Other(5 | 7) => Some(4),
            Datatype::Other(_) => None,
        }
    }

    /// The schema's name.
    pub fn name(self) -> &'static str {
        match self {
            Datatype::F32 => "fp32",
            Datatype::F16 => "fp16",
            Datatype::Bf16 => "bf16",
            Datatype::I32 => "int32",
            Datatype::Other(3) => "qint8",
            Datatype::Other(4) => "quint8",
            Datatype::Other(5) => "qint32",
            Datatype::Other(6) => "qcint8",
            Datatype::Other(7) => "qcint32",
            Datatype::Other(8) => "qcint4",
            Datatype::Other(9) => "qdint8",
            Datatype::Other(10) => "qbint4",
            Datatype::Other(11) => "qpint8",
            Datatype::Other(13) => "pfp32",
            Datatype::Other(_) => "unknown",
        }
    }
}

/// Where a quantized value's scales are.
#[derive(Clone, Debug, PartialEq)]
pub enum Scales {
    /// Listed in the FlatBuffer (f32; for blockwise values the official runtime rounds
    /// them to bf16).
    Inline(Vec<f32>),
    /// In a constant entry (index into [`Graph::constants`]): f32 for per-channel
    /// values, bf16 for blockwise ones; `count` scales.
    Constant {
        /// Index into the constant table.
        index: u32,
        /// Number of scales.
        count: usize,
    },
}

impl Scales {
    /// Number of scales.
    pub fn len(&self) -> usize {
        match self {
            Scales::Inline(v) => v.len(),
            Scales::Constant { count, .. } => *count,
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Quantization parameters of a quantized value, checked against its element type and
/// dimensions by [`Graph::parse`].
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Quantization {
    /// `PerChannelQuant`: one scale per index of `channel_dim`; the zero point is 0
    /// (8 for 4-bit values).
    PerChannel {
        /// The scales.
        scales: Scales,
        /// The dimension they run along.
        channel_dim: usize,
    },
    /// `PerTensorQuant`.
    PerTensor {
        /// Scale.
        scale: f32,
        /// Zero point (in the element type's range).
        zero_point: i32,
    },
    /// `PerTokenDynamicQuant`: quantized at run time, one scale and zero point per row
    /// of the last `num_nonbatch_dims` dimensions.
    PerTokenDynamic {
        /// Dimensions each row spans (at least 1, at most the rank).
        num_nonbatch_dims: usize,
    },
    /// `PerChannelGroupQuant` (blockwise): one scale per `group_size` consecutive
    /// input channels of each output channel; the zero point is 8 (4-bit values).
    PerChannelGroup {
        /// The scales, `[out, in / group_size]` row-major.
        scales: Scales,
        /// The output-channel dimension.
        channel_dim: usize,
        /// Input channels per scale.
        group_size: usize,
    },
}

impl Quantization {
    /// The schema's name of the parameters' table.
    pub fn name(&self) -> &'static str {
        match self {
            Quantization::PerChannel { .. } => "PerChannel",
            Quantization::PerTensor { .. } => "PerTensor",
            Quantization::PerTokenDynamic { .. } => "PerTokenDynamic",
            Quantization::PerChannelGroup { .. } => "PerChannelGroup",
        }
    }
}

/// One tensor value.
#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    /// The id nodes use.
    pub id: u32,
    /// Element type.
    pub datatype: Datatype,
    /// Dimensions (for dynamic external inputs, the bound the exporter traced).
    pub dims: Vec<usize>,
    /// Index into [`Graph::constants`], or `None` for a non-constant value.
    pub constant: Option<u32>,
    /// Position among the delegate's arguments, for an external value.
    pub external_id: Option<u32>,
    /// Whether the value is an external input.
    pub is_input: bool,
    /// Whether the value is an external output.
    pub is_output: bool,
    /// Quantization, for a quantized value.
    pub quantization: Option<Quantization>,
    /// Whether the value is quantized at run time.
    pub dynamically_quantized: bool,
}

impl Value {
    /// Number of elements.
    pub fn numel(&self) -> Option<usize> {
        self.dims.iter().try_fold(1usize, |acc, &d| acc.checked_mul(d))
    }
}

/// Where a constant's bytes are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConstantSource<'a> {
    /// In the blob's constant region: start (in the blob) and length.
    Blob {
        /// Start in the blob.
        offset: usize,
        /// Length.
        size: usize,
    },
    /// A key of the program's named data (or of a `.ptd` file).
    Named {
        /// The key.
        key: &'a str,
        /// Bytes the entry declares.
        size: u64,
    },
    /// An entry no value uses (the reserved index 0, or an unused one).
    Unused,
}

/// The parameters of a node, by the shape of its table.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Params {
    /// One input, one output; `param` is ELU's alpha or LeakyReLU's slope (else 0).
    Unary {
        /// Input id.
        input: u32,
        /// Output id.
        output: u32,
        /// Extra parameter.
        param: f32,
    },
    /// Two inputs, one output.
    Binary {
        /// First input id.
        input1: u32,
        /// Second input id.
        input2: u32,
        /// Output id.
        output: u32,
        /// Flags (transpose of the second operand for batched products).
        flags: u32,
    },
    /// Concatenation of 2 to 5 inputs.
    Concatenate {
        /// Axis.
        axis: u32,
        /// Input ids.
        inputs: Vec<u32>,
        /// Output id.
        output: u32,
    },
    /// Fully connected layer.
    FullyConnected {
        /// Input id.
        input: u32,
        /// Filter id.
        filter: u32,
        /// Bias id, if any.
        bias: Option<u32>,
        /// Output id.
        output: u32,
        /// Flags (bit 0: filter stored transposed, `[in, out]`).
        flags: u32,
    },
    /// Convolution, depthwise convolution or transposed convolution.
    Convolution(Convolution),
    /// Average or max pooling.
    Pooling(Pooling),
    /// Permutation of dimensions: output dim `i` is input dim `perm[i]`.
    Transpose {
        /// The permutation.
        perm: Vec<usize>,
        /// Input id.
        input: u32,
        /// Output id.
        output: u32,
    },
    /// Bilinear resize of an NHWC tensor.
    ResizeBilinear {
        /// Output height.
        height: usize,
        /// Output width.
        width: usize,
        /// Input id.
        input: u32,
        /// Output id.
        output: u32,
        /// Flags (align corners, legacy mode).
        flags: u32,
    },
    /// Constant padding.
    Pad {
        /// Padding before each dimension.
        pre: Vec<usize>,
        /// Padding after each dimension.
        post: Vec<usize>,
        /// The padding value.
        value: f32,
        /// Input id.
        input: u32,
        /// Output id.
        output: u32,
    },
    /// Reshape; a 0 entry is inferred from the others.
    Reshape {
        /// New dimensions.
        shape: Vec<usize>,
        /// Input id.
        input: u32,
        /// Output id.
        output: u32,
    },
    /// Slice.
    Slice {
        /// Start of each dimension.
        offsets: Vec<usize>,
        /// Size of each dimension (0: to the end).
        sizes: Vec<usize>,
        /// Input id.
        input: u32,
        /// Output id.
        output: u32,
    },
    /// Scaled dot-product attention.
    Attention {
        /// Query, key, value, scale and mask ids.
        inputs: [u32; 5],
        /// Output id.
        output: u32,
    },
    /// Max pooling with indices (parsed, not run).
    ArgMaxPooling {
        /// Input id.
        input: u32,
        /// Value and index outputs.
        outputs: [u32; 2],
    },
}

/// Convolution parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Convolution {
    /// Top, right, bottom, left padding.
    pub padding: [usize; 4],
    /// Kernel height and width.
    pub kernel: [usize; 2],
    /// Stride.
    pub stride: [usize; 2],
    /// Dilation.
    pub dilation: [usize; 2],
    /// Input channels per group.
    pub group_input_channels: usize,
    /// Output channels per group.
    pub group_output_channels: usize,
    /// Groups.
    pub groups: usize,
    /// Output adjustment (transposed convolution).
    pub adjustment: [usize; 2],
    /// Input id.
    pub input: u32,
    /// Filter id.
    pub filter: u32,
    /// Bias id, if any.
    pub bias: Option<u32>,
    /// Output id.
    pub output: u32,
    /// Flags.
    pub flags: u32,
}

/// Pooling parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pooling {
    /// Top, right, bottom, left padding.
    pub padding: [usize; 4],
    /// Window height and width.
    pub window: [usize; 2],
    /// Stride.
    pub stride: [usize; 2],
    /// Dilation.
    pub dilation: [usize; 2],
    /// Input id.
    pub input: u32,
    /// Output id.
    pub output: u32,
    /// Flags.
    pub flags: u32,
}

/// One node.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Its kind.
    pub kind: NodeKind,
    /// Its parameters.
    pub params: Params,
    /// The fused output clamp, if any.
    pub output_min_max: Option<(f32, f32)>,
    /// Link back to the exporter's graph.
    pub debug_handle: u32,
}

impl Node {
    /// Ids the node reads, in its table's order (absent bias skipped).
    pub fn inputs(&self) -> Vec<u32> {
        match &self.params {
            Params::Unary { input, .. }
            | Params::Transpose { input, .. }
            | Params::ResizeBilinear { input, .. }
            | Params::Pad { input, .. }
            | Params::Reshape { input, .. }
            | Params::Slice { input, .. }
            | Params::ArgMaxPooling { input, .. } => vec![*input],
            Params::Pooling(p) => vec![p.input],
            Params::Binary { input1, input2, .. } => vec![*input1, *input2],
            Params::Concatenate { inputs, .. } => inputs.clone(),
            Params::FullyConnected { input, filter, bias, .. } => {
                [Some(*input), Some(*filter), *bias].into_iter().flatten().collect()
            }
            Params::Convolution(c) => {
                [Some(c.input), Some(c.filter), c.bias].into_iter().flatten().collect()
            }
            Params::Attention { inputs, .. } => inputs.to_vec(),
        }
    }

    /// Ids the node writes.
    pub fn outputs(&self) -> Vec<u32> {
        match &self.params {
            Params::Unary { output, .. }
            | Params::Binary { output, .. }
            | Params::Concatenate { output, .. }
            | Params::FullyConnected { output, .. }
            | Params::Transpose { output, .. }
            | Params::ResizeBilinear { output, .. }
            | Params::Pad { output, .. }
            | Params::Reshape { output, .. }
            | Params::Slice { output, .. }
            | Params::Attention { output, .. } => vec![*output],
            Params::Convolution(c) => vec![c.output],
            Params::Pooling(p) => vec![p.output],
            Params::ArgMaxPooling { outputs, .. } => outputs.to_vec(),
        }
    }
}

/// A verified XNNPACK graph.
#[derive(Clone, Debug)]
pub struct Graph<'a> {
    /// Where the FlatBuffer and constants are in the blob.
    pub layout: BlobLayout,
    /// The identifier (`XN00` or `XN01`).
    pub identifier: [u8; 4],
    /// Schema version string, if any.
    pub version: Option<&'a str>,
    /// Values, in the blob's order.
    pub values: Vec<Value>,
    /// Nodes, in execution order.
    pub nodes: Vec<Node>,
    /// External ids the graph reserves.
    pub num_externs: u32,
    /// Constant table (index 0 reserved).
    pub constants: Vec<ConstantSource<'a>>,
    index: HashMap<u32, usize>,
}

impl<'a> Graph<'a> {
    /// The value with id `id`.
    pub fn value(&self, id: u32) -> Option<&Value> {
        self.values.get(*self.index.get(&id)?)
    }

    /// Position of the value with id `id` in [`Graph::values`].
    pub fn position(&self, id: u32) -> Option<usize> {
        self.index.get(&id).copied()
    }

    /// External inputs sorted by external id (the order the official runtime binds
    /// them), as positions in [`Graph::values`].
    pub fn external_inputs(&self) -> Vec<usize> {
        self.externals(|v| v.is_input)
    }

    /// External outputs sorted by external id.
    pub fn external_outputs(&self) -> Vec<usize> {
        self.externals(|v| v.is_output)
    }

    fn externals(&self, pick: impl Fn(&Value) -> bool) -> Vec<usize> {
        let mut found: Vec<(u32, usize)> = self
            .values
            .iter()
            .enumerate()
            .filter(|(_, v)| pick(v))
            .filter_map(|(i, v)| Some((v.external_id?, i)))
            .collect();
        found.sort_unstable();
        found.into_iter().map(|(_, i)| i).collect()
    }

    /// Reads and verifies a whole blob.
    pub fn parse(blob: &'a [u8]) -> Result<Graph<'a>> {
        let layout = header::parse(blob)?;
        let (fb_start, fb_len) = layout.flatbuffer;
        let fb = blob
            .get(fb_start..fb_start + fb_len)
            .ok_or(Error::TooShort { len: blob.len(), what: "the flatbuffer" })?;
        let identifier: [u8; 4] = fb
            .get(4..8)
            .and_then(|b| b.try_into().ok())
            .ok_or(Error::TooShort { len: fb.len(), what: "a FlatBuffer identifier" })?;
        if &identifier != b"XN00" && &identifier != b"XN01" {
            return Err(Error::Identifier { found: identifier });
        }
        let root = Table::root(fb).map_err(fault("XNNGraph"))?;
        let version = root.str(slot::graph::VERSION).map_err(fault("XNNGraph.version"))?;
        let num_externs =
            root.scalar::<u32>(slot::graph::NUM_EXTERNS, 0).map_err(fault("XNNGraph"))?;
        if num_externs > MAX_EXTERNS {
            return Err(Error::InvalidGraph {
                detail: format!("num_externs {num_externs} exceeds {MAX_EXTERNS}"),
            });
        }
        let legacy =
            root.tables(slot::graph::CONSTANT_BUFFER).map_err(fault("XNNGraph.constant_buffer"))?;
        if legacy.is_some_and(|v| v.len() > 1) {
            return Err(Error::InvalidGraph {
                detail: "constants stored inside the FlatBuffer (constant_buffer, the oldest layout) are not supported"
                    .into(),
            });
        }
        let constants = read_constants(&root, &layout)?;
        let values_vec = root.tables(slot::graph::VALUES).map_err(fault("XNNGraph.xvalues"))?;
        let mut values = Vec::with_capacity(values_vec.map_or(0, |v| v.len()));
        let mut index = HashMap::with_capacity(values.capacity());
        for table in values_vec.iter().flat_map(|v| v.tables()) {
            let value = read_value(table.map_err(fault("XValue"))?, constants.len())?;
            if index.insert(value.id, values.len()).is_some() {
                return Err(Error::InvalidGraph {
                    detail: format!("two values have id {}", value.id),
                });
            }
            values.push(value);
        }
        let nodes_vec = root.tables(slot::graph::NODES).map_err(fault("XNNGraph.xnodes"))?;
        let mut nodes = Vec::with_capacity(nodes_vec.map_or(0, |v| v.len()));
        for table in nodes_vec.iter().flat_map(|v| v.tables()) {
            nodes.push(read_node(table.map_err(fault("XNode"))?, nodes.len())?);
        }
        let graph =
            Graph { layout, identifier, version, values, nodes, num_externs, constants, index };
        for (table, slot) in
            [("input_ids", slot::graph::INPUT_IDS), ("output_ids", slot::graph::OUTPUT_IDS)]
        {
            let ids = root.scalars::<u32>(slot).map_err(fault("XNNGraph"))?;
            for id in ids.iter().flat_map(|v| v.iter::<u32>()) {
                if graph.value(id).is_none() {
                    return Err(Error::InvalidGraph {
                        detail: format!("XNNGraph.{table} names value {id}, which does not exist"),
                    });
                }
            }
        }
        graph.check_values()?;
        graph.check_nodes()?;
        Ok(graph)
    }

    fn check_values(&self) -> Result<()> {
        let mut externals: Vec<u32> = Vec::new();
        for v in &self.values {
            if v.is_input || v.is_output {
                let Some(ext) = v.external_id else {
                    return Err(Error::InvalidGraph {
                        detail: format!("external value {} has no external id", v.id),
                    });
                };
                if ext >= self.num_externs {
                    return Err(Error::InvalidGraph {
                        detail: format!(
                            "value {} has external id {ext}, the graph reserves {}",
                            v.id, self.num_externs
                        ),
                    });
                }
                if externals.contains(&ext) {
                    return Err(Error::InvalidGraph {
                        detail: format!("two external values have external id {ext}"),
                    });
                }
                externals.push(ext);
                if v.constant.is_some() {
                    return Err(Error::InvalidGraph {
                        detail: format!("external value {} is also a constant", v.id),
                    });
                }
            }
            self.check_scale_constant(v)?;
            let Some(index) = v.constant else { continue };
            let expected = match (v.numel(), v.datatype.stored_bytes(&v.dims)) {
                (None, _) => None,
                (Some(_), bytes) => Some(bytes.unwrap_or(0)),
            };
            let Some(expected) = expected else {
                return Err(Error::BadConstant {
                    index,
                    id: v.id,
                    detail: format!("the byte size of {:?} overflows", v.dims),
                });
            };
            let size = match self.constants.get(index as usize) {
                Some(ConstantSource::Blob { size, .. }) => *size as u64,
                Some(ConstantSource::Named { size, .. }) => *size,
                Some(ConstantSource::Unused) | None => {
                    return Err(Error::BadConstant {
                        index,
                        id: v.id,
                        detail: "the entry is reserved".into(),
                    })
                }
            };
            if size < expected as u64 {
                return Err(Error::BadConstant {
                    index,
                    id: v.id,
                    detail: format!(
                        "{size} bytes stored, {} {:?} needs {expected}",
                        v.datatype.name(),
                        v.dims
                    ),
                });
            }
        }
        Ok(())
    }

    /// A quantized value's scales held in a constant: an entry in use, large enough for
    /// its count of f32 (per channel) or bf16 (blockwise) scales.
    fn check_scale_constant(&self, v: &Value) -> Result<()> {
        let (scales, width) = match &v.quantization {
            Some(Quantization::PerChannel { scales, .. }) => (scales, 4u64),
            Some(Quantization::PerChannelGroup { scales, .. }) => (scales, 2u64),
            _ => return Ok(()),
        };
        let Scales::Constant { index, count } = *scales else {
            return Ok(());
        };
        let size = match self.constants.get(index as usize) {
            Some(ConstantSource::Blob { size, .. }) => *size as u64,
            Some(ConstantSource::Named { size, .. }) => *size,
            Some(ConstantSource::Unused) | None => {
                return Err(Error::BadQuantization {
                    id: v.id,
                    detail: format!("scale buffer {index} is not a constant entry in use"),
                })
            }
        };
        let needed = (count as u64).saturating_mul(width);
        if size < needed {
            return Err(Error::BadQuantization {
                id: v.id,
                detail: format!(
                    "scale buffer {index} holds {size} bytes, {count} scales need {needed}"
                ),
            });
        }
        Ok(())
    }

    fn check_nodes(&self) -> Result<()> {
        // Defined so far: constants and external inputs, then each node's outputs.
        let mut defined: Vec<bool> =
            self.values.iter().map(|v| v.constant.is_some() || v.is_input).collect();
        for (n, node) in self.nodes.iter().enumerate() {
            let bad = |field, id, reason| Error::BadValueRef {
                node: n,
                kind: node.kind.name(),
                field,
                id,
                reason,
            };
            for id in node.inputs() {
                let at = self.position(id).ok_or_else(|| bad("input", id, "does not exist"))?;
                if !defined.get(at).copied().unwrap_or(false) {
                    return Err(bad("input", id, "is read before any node writes it"));
                }
            }
            for id in node.outputs() {
                let at = self.position(id).ok_or_else(|| bad("output", id, "does not exist"))?;
                let v = &self.values[at];
                if v.constant.is_some() || v.is_input {
                    return Err(bad("output", id, "is a constant or an external input"));
                }
                if defined[at] {
                    return Err(bad("output", id, "is written twice"));
                }
                defined[at] = true;
            }
        }
        for (v, &d) in self.values.iter().zip(&defined) {
            if v.is_output && !d {
                return Err(Error::InvalidGraph {
                    detail: format!("external output {} is written by no node", v.id),
                });
            }
        }
        Ok(())
    }
}

fn fault(table: &'static str) -> impl Fn(FlatBufferFault) -> Error {
    move |fault| Error::FlatBuffer { table, fault }
}

fn read_constants<'a>(root: &Table<'a>, layout: &BlobLayout) -> Result<Vec<ConstantSource<'a>>> {
    let entries =
        root.tables(slot::graph::CONSTANT_DATA).map_err(fault("XNNGraph.constant_data"))?;
    let (region_start, region_len) = layout.constants;
    let mut out = Vec::with_capacity(entries.map_or(0, |v| v.len()));
    let mut ranges: Vec<(usize, usize, u32)> = Vec::new();
    for (i, entry) in entries.iter().flat_map(|v| v.tables()).enumerate() {
        let entry = entry.map_err(fault("ConstantDataOffset"))?;
        let read = |e: Read<u64>| e.map_err(fault("ConstantDataOffset"));
        let offset = read(entry.scalar::<u64>(slot::constant::OFFSET, 0))?;
        let size = read(entry.scalar::<u64>(slot::constant::SIZE, 0))?;
        let key =
            entry.str(slot::constant::NAMED_KEY).map_err(fault("ConstantDataOffset.named_key"))?;
        let index = i as u32;
        let source = match key {
            Some(key) if !key.is_empty() => ConstantSource::Named { key, size },
            _ if i == 0 && size == 0 => ConstantSource::Unused,
            _ => {
                let fits = offset.checked_add(size).is_some_and(|end| end <= region_len as u64);
                if !fits {
                    return Err(Error::BadConstant {
                        index,
                        id: INVALID_ID,
                        detail: format!(
                            "offset {offset} + size {size} is outside the constant region of {region_len} bytes"
                        ),
                    });
                }
                let start = region_start + offset as usize;
                ranges.push((start, start + size as usize, index));
                ConstantSource::Blob { offset: start, size: size as usize }
            }
        };
        out.push(source);
    }
    // Distinct entries may not overlap partially (identical ranges are a writer's dedup).
    ranges.sort_unstable();
    for pair in ranges.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if b.0 < a.1 && (a.0, a.1) != (b.0, b.1) && b.0 != b.1 {
            return Err(Error::BadConstant {
                index: b.2,
                id: INVALID_ID,
                detail: format!(
                    "bytes {}..{} overlap constant {} ({}..{})",
                    b.0, b.1, a.2, a.0, a.1
                ),
            });
        }
    }
    Ok(out)
}

/// Reads the `XNNQuantParams` union member with tag `tag`; the checks against the
/// value's type and dims are [`check_quantization`]'s.
fn read_quantization(tag: u8, t: &Table<'_>) -> Result<Quantization> {
    let index = |raw: i32, table: &'static str| {
        usize::try_from(raw)
            .map_err(|_| Error::InvalidGraph { detail: format!("{table}.channel_dim is {raw}") })
    };
    let scales = |table: &'static str, inline: usize, buffer: usize, count: usize| {
        let listed: Vec<f32> = t
            .scalars::<f32>(inline)
            .map_err(fault(table))?
            .map(|v| v.iter::<f32>().collect())
            .unwrap_or_default();
        let index = t.scalar::<u32>(buffer, 0).map_err(fault(table))?;
        let count = t.scalar::<u32>(count, 0).map_err(fault(table))? as usize;
        Ok::<_, Error>(if index != 0 {
            Scales::Constant { index, count }
        } else {
            Scales::Inline(listed)
        })
    };
    Ok(match tag {
        1 => {
            let table = "PerChannelQuant";
            use slot::per_channel as s;
            let raw = t.scalar::<i32>(s::CHANNEL_DIM, 0).map_err(fault(table))?;
            Quantization::PerChannel {
                scales: scales(table, s::SCALE, s::SCALE_BUFFER, s::NUM_SCALES)?,
                channel_dim: index(raw, table)?,
            }
        }
        2 => {
            let table = "PerTensorQuant";
            use slot::per_tensor as s;
            Quantization::PerTensor {
                scale: t.scalar::<f32>(s::SCALE, 0.0).map_err(fault(table))?,
                zero_point: t.scalar::<i32>(s::ZERO_POINT, 0).map_err(fault(table))?,
            }
        }
        3 => {
            let table = "PerTokenDynamicQuant";
            let raw =
                t.scalar::<i32>(slot::per_token::NUM_NONBATCH_DIMS, 0).map_err(fault(table))?;
            Quantization::PerTokenDynamic {
                num_nonbatch_dims: usize::try_from(raw).map_err(|_| Error::InvalidGraph {
                    detail: format!("{table}.num_nonbatch_dims is {raw}"),
                })?,
            }
        }
        4 => {
            let table = "PerChannelGroupQuant";
            use slot::per_group as s;
            let raw = t.scalar::<i32>(s::CHANNEL_DIM, 0).map_err(fault(table))?;
            let group = t.scalar::<i32>(s::GROUP_SIZE, 0).map_err(fault(table))?;
            Quantization::PerChannelGroup {
                scales: scales(table, s::SCALE, s::SCALE_BUFFER, s::NUM_SCALES)?,
                channel_dim: index(raw, table)?,
                group_size: usize::try_from(group).ok().filter(|&g| g > 0).ok_or_else(|| {
                    Error::InvalidGraph { detail: format!("{table}.group_size is {group}") }
                })?,
            }
        }
        tag => return Err(Error::UnknownTag { union: "XNNQuantParams", tag }),
    })
}

/// Checks a quantized value's parameters against its element type and dims (what the
/// official runtime's `xnn_define_*_tensor_value` calls check); the scales held in
/// constants are checked by [`Graph::check_values`].
fn check_quantization(v: &Value) -> Result<()> {
    let Some(q) = &v.quantization else {
        return Ok(());
    };
    let bad = |detail: String| Error::BadQuantization { id: v.id, detail };
    let t = v.datatype;
    let finite_positive = |s: &[f32]| s.iter().position(|&x| !(x.is_finite() && x > 0.0));
    match q {
        Quantization::PerTensor { scale, zero_point } => {
            let range = match t {
                Datatype::QINT8 => -128..=127,
                Datatype::QUINT8 => 0..=255,
                Datatype::QINT32 => 0..=0,
                other => return Err(bad(format!("per-tensor parameters on {}", other.name()))),
            };
            if !range.contains(zero_point) {
                return Err(bad(format!(
                    "zero point {zero_point} is outside {range:?} for {}",
                    t.name()
                )));
            }
            if !(scale.is_finite() && *scale > 0.0) {
                return Err(bad(format!("scale {scale} is not finite and positive")));
            }
        }
        Quantization::PerChannel { scales, channel_dim } => {
            if !matches!(t, Datatype::QCINT8 | Datatype::QCINT4 | Datatype::QCINT32) {
                return Err(bad(format!("per-channel parameters on {}", t.name())));
            }
            let Some(&channels) = v.dims.get(*channel_dim) else {
                return Err(bad(format!("channel dim {channel_dim} of {:?}", v.dims)));
            };
            if scales.len() != channels {
                return Err(bad(format!(
                    "{} scales for {channels} channels (dim {channel_dim} of {:?})",
                    scales.len(),
                    v.dims
                )));
            }
            if let Scales::Inline(s) = scales {
                if let Some(i) = finite_positive(s) {
                    return Err(bad(format!("scale {i} is {}", s[i])));
                }
            }
        }
        Quantization::PerChannelGroup { scales, channel_dim, group_size } => {
            if t != Datatype::QBINT4 {
                return Err(bad(format!("blockwise parameters on {}", t.name())));
            }
            let &[out, input] = &v.dims[..] else {
                return Err(bad(format!("blockwise values are 2-D, not {:?}", v.dims)));
            };
            if *channel_dim != 0 {
                return Err(bad(format!("blockwise channel dim is {channel_dim}, not 0")));
            }
            if !input.is_multiple_of(*group_size) {
                return Err(bad(format!(
                    "group size {group_size} does not divide the {input} input channels"
                )));
            }
            let expected = out.checked_mul(input / group_size);
            if expected != Some(scales.len()) {
                return Err(bad(format!(
                    "{} scales for {out} x {input} in groups of {group_size}",
                    scales.len()
                )));
            }
            if let Scales::Inline(s) = scales {
                if let Some(i) = finite_positive(s) {
                    return Err(bad(format!("scale {i} is {}", s[i])));
                }
            }
        }
        Quantization::PerTokenDynamic { num_nonbatch_dims } => {
            if t != Datatype::QDINT8 {
                return Err(bad(format!("per-token dynamic parameters on {}", t.name())));
            }
            if *num_nonbatch_dims == 0 || *num_nonbatch_dims > v.dims.len() {
                return Err(bad(format!(
                    "{num_nonbatch_dims} non-batch dims for rank {}",
                    v.dims.len()
                )));
            }
            if v.constant.is_some() {
                return Err(bad("a dynamically quantized value cannot be a constant".into()));
            }
        }
    }
    Ok(())
}

fn read_value(table: Table<'_>, constants: usize) -> Result<Value> {
    let tag = table.scalar::<u8>(slot::value::TAG, 0).map_err(fault("XValue"))?;
    let inner = table.table(slot::value::VALUE).map_err(fault("XValue"))?;
    let inner = inner.ok_or(Error::MissingField { table: "XValue", field: "xvalue_union" })?;
    let (tensor, quantization) = match tag {
        1 => (inner, None),
        2 => {
            let t = inner
                .table(slot::quantized::TENSOR)
                .map_err(fault("XNNQuantizedTensorValue"))?
                .ok_or(Error::MissingField {
                    table: "XNNQuantizedTensorValue",
                    field: "tensor_value",
                })?;
            let tag = inner
                .scalar::<u8>(slot::quantized::PARAMS_TAG, 0)
                .map_err(fault("XNNQuantizedTensorValue"))?;
            let params = inner
                .table(slot::quantized::PARAMS)
                .map_err(fault("XNNQuantizedTensorValue"))?
                .ok_or(Error::MissingField {
                    table: "XNNQuantizedTensorValue",
                    field: "quant_params",
                })?;
            (t, Some(read_quantization(tag, &params)?))
        }
        tag => return Err(Error::UnknownTag { union: "XValueUnion", tag }),
    };
    let f = fault("XNNTensorValue");
    let raw_type = tensor.scalar::<u16>(slot::tensor::DATATYPE, 0).map_err(&f)?;
    let id = tensor.scalar::<u32>(slot::tensor::ID_OUT, 0).map_err(&f)?;
    let datatype = Datatype::from_raw(raw_type).ok_or_else(|| Error::InvalidGraph {
        detail: format!("value {id} has datatype {raw_type}, not one of the schema's"),
    })?;
    let num_dims = tensor.scalar::<u32>(slot::tensor::NUM_DIMS, 0).map_err(&f)?;
    let dims: Vec<usize> = tensor
        .scalars::<u32>(slot::tensor::DIMS)
        .map_err(&f)?
        .map(|v| v.iter::<u32>().map(|d| d as usize).collect())
        .unwrap_or_default();
    if dims.len() != num_dims as usize || dims.len() > MAX_DIMS {
        return Err(Error::InvalidGraph {
            detail: format!(
                "value {id} declares {num_dims} dims and lists {} (at most {MAX_DIMS})",
                dims.len()
            ),
        });
    }
    let constant = tensor.scalar::<u32>(slot::tensor::CONSTANT, 0).map_err(&f)?;
    if constant as usize >= constants.max(1) && constant != 0 {
        return Err(Error::BadConstant {
            index: constant,
            id,
            detail: format!("the constant table has {constants} entries"),
        });
    }
    let external = tensor.scalar::<u32>(slot::tensor::EXTERNAL_ID, 0).map_err(&f)?;
    let flags = tensor.scalar::<u32>(slot::tensor::FLAGS, 0).map_err(&f)?;
    if flags & !(FLAG_EXTERNAL_INPUT | FLAG_EXTERNAL_OUTPUT | 4) != 0 {
        return Err(Error::InvalidGraph {
            detail: format!("value {id} has unknown flags {flags:#x}"),
        });
    }
    let dq = tensor.scalar::<u16>(slot::tensor::DQ_DATATYPE, 0).map_err(&f)?;
    let value = Value {
        id,
        datatype,
        dims,
        constant: (constant != 0).then_some(constant),
        external_id: (external != INVALID_ID).then_some(external),
        is_input: flags & FLAG_EXTERNAL_INPUT != 0,
        is_output: flags & FLAG_EXTERNAL_OUTPUT != 0,
        quantization,
        dynamically_quantized: dq != 0,
    };
    check_quantization(&value)?;
    Ok(value)
}

/// Reads `u32` fields by slot, with the schema's default 0.
fn u32s<const N: usize>(t: &Table<'_>, table: &'static str, slots: [usize; N]) -> Result<[u32; N]> {
    let mut out = [0u32; N];
    for (o, s) in out.iter_mut().zip(slots) {
        *o = t.scalar::<u32>(s, 0).map_err(fault(table))?;
    }
    Ok(out)
}

fn list(t: &Table<'_>, table: &'static str, slot: usize) -> Result<Vec<usize>> {
    let v: Option<Vector<'_>> = t.scalars::<u32>(slot).map_err(fault(table))?;
    Ok(v.map(|v| v.iter::<u32>().map(|x| x as usize).collect()).unwrap_or_default())
}

fn optional(id: u32) -> Option<u32> {
    (id != INVALID_ID).then_some(id)
}

fn read_node(table: Table<'_>, index: usize) -> Result<Node> {
    let f = fault("XNode");
    let tag = table.scalar::<u8>(slot::node::TAG, 0).map_err(&f)?;
    let kind = NodeKind::from_tag(tag).ok_or(Error::UnknownTag { union: "XNodeUnion", tag })?;
    let t = table
        .table(slot::node::VALUE)
        .map_err(&f)?
        .ok_or(Error::MissingField { table: "XNode", field: "xnode_union" })?;
    let debug_handle = table.scalar::<u32>(slot::node::DEBUG_HANDLE, 0).map_err(&f)?;
    let output_min_max = match table.table(slot::node::MIN_MAX).map_err(&f)? {
        Some(mm) => {
            let min = mm.scalar::<f32>(0, 0.0).map_err(fault("OutputMinMax"))?;
            let max = mm.scalar::<f32>(1, 0.0).map_err(fault("OutputMinMax"))?;
            if min.is_nan() || max.is_nan() || min > max {
                return Err(Error::InvalidGraph {
                    detail: format!("node {index}: output range [{min}, {max}] is empty"),
                });
            }
            Some((min, max))
        }
        None => None,
    };
    use NodeKind as K;
    let name = kind.name();
    let params = match kind {
        K::Add
        | K::Div
        | K::Minimum
        | K::Maximum
        | K::Multiply
        | K::Subtract
        | K::PReLU
        | K::BatchMatrixMultiply => {
            let [input1, input2, output, flags] = u32s(&t, name, [0, 1, 2, 3])?;
            Params::Binary { input1, input2, output, flags }
        }
        K::ELU | K::LeakyReLU => {
            let param = t.scalar::<f32>(0, 0.0).map_err(fault(name))?;
            let [input, output] = u32s(&t, name, [1, 2])?;
            Params::Unary { input, output, param }
        }
        K::Softmax
        | K::Sigmoid
        | K::Clamp
        | K::Floor
        | K::Convert
        | K::GlobalAvgPooling2d
        | K::SquareRoot
        | K::Ceiling
        | K::Hardswish
        | K::Negate
        | K::Square
        | K::Abs
        | K::ReciprocalSquareRoot
        | K::Log
        | K::Gelu
        | K::Tanh
        | K::Exp
        | K::Sin
        | K::Copy
        | K::Cos => {
            let [input, output] = u32s(&t, name, [0, 1])?;
            Params::Unary { input, output, param: 0.0 }
        }
        K::Concatenate2 | K::Concatenate3 | K::Concatenate4 | K::Concatenate5 => {
            let [axis, i1, i2, i3, i4, output, _flags, i5] =
                u32s(&t, name, [0, 1, 2, 3, 4, 5, 6, 7])?;
            let count = match kind {
                K::Concatenate2 => 2,
                K::Concatenate3 => 3,
                K::Concatenate4 => 4,
                _ => 5,
            };
            Params::Concatenate { axis, inputs: [i1, i2, i3, i4, i5][..count].to_vec(), output }
        }
        K::FullyConnected => {
            let [input, filter, bias, output, flags] = u32s(&t, name, [0, 1, 2, 3, 4])?;
            Params::FullyConnected { input, filter, bias: optional(bias), output, flags }
        }
        K::Conv2d | K::DepthwiseConv2d | K::ConvTranspose2d => {
            let v = u32s(&t, name, std::array::from_fn::<usize, 20, _>(|i| i))?;
            let u = |i: usize| v[i] as usize;
            Params::Convolution(Convolution {
                padding: [u(0), u(1), u(2), u(3)],
                kernel: [u(4), u(5)],
                stride: [u(6), u(7)],
                dilation: [u(8), u(9)],
                group_input_channels: u(10),
                group_output_channels: u(11),
                groups: u(12),
                adjustment: [u(13), u(14)],
                input: v[15],
                filter: v[16],
                bias: optional(v[17]),
                output: v[18],
                flags: v[19],
            })
        }
        K::AvgPooling2d | K::MaxPooling2d => {
            let v = u32s(&t, name, std::array::from_fn::<usize, 13, _>(|i| i))?;
            let u = |i: usize| v[i] as usize;
            Params::Pooling(Pooling {
                padding: [u(0), u(1), u(2), u(3)],
                window: [u(4), u(5)],
                stride: [u(6), u(7)],
                dilation: [u(8), u(9)],
                input: v[10],
                output: v[11],
                flags: v[12],
            })
        }
        K::ArgMaxPooling2d => {
            let [input, value, index_out] = u32s(&t, name, [6, 7, 8])?;
            Params::ArgMaxPooling { input, outputs: [value, index_out] }
        }
        K::StaticTranspose => {
            let perm = list(&t, name, 1)?;
            let [num_dims, input, output] = u32s(&t, name, [0, 2, 3])?;
            check_count(index, name, "perm", num_dims, perm.len())?;
            Params::Transpose { perm, input, output }
        }
        K::StaticResizeBilinear2D => {
            let [h, w, input, output, flags] = u32s(&t, name, [0, 1, 2, 3, 4])?;
            Params::ResizeBilinear { height: h as usize, width: w as usize, input, output, flags }
        }
        K::StaticConstantPad => {
            let pre = list(&t, name, 0)?;
            let post = list(&t, name, 1)?;
            let value = t.scalar::<f32>(2, 0.0).map_err(fault(name))?;
            let [input, output] = u32s(&t, name, [3, 4])?;
            if pre.len() != post.len() {
                return Err(Error::InvalidGraph {
                    detail: format!(
                        "node {index}: {} pre paddings, {} post",
                        pre.len(),
                        post.len()
                    ),
                });
            }
            Params::Pad { pre, post, value, input, output }
        }
        K::StaticReshape => {
            let shape = list(&t, name, 1)?;
            let [num_dims, input, output] = u32s(&t, name, [0, 2, 3])?;
            check_count(index, name, "new_shape", num_dims, shape.len())?;
            Params::Reshape { shape, input, output }
        }
        K::StaticSlice => {
            let offsets = list(&t, name, 1)?;
            let sizes = list(&t, name, 2)?;
            let [num_dims, input, output] = u32s(&t, name, [0, 3, 4])?;
            check_count(index, name, "offsets", num_dims, offsets.len())?;
            check_count(index, name, "sizes", num_dims, sizes.len())?;
            Params::Slice { offsets, sizes, input, output }
        }
        K::ScaledDotProductAttention => {
            let [q, k, v, s, m, output] = u32s(&t, name, [0, 1, 2, 3, 4, 5])?;
            Params::Attention { inputs: [q, k, v, s, m], output }
        }
    };
    Ok(Node { kind, params, output_min_max, debug_handle })
}

fn check_count(
    node: usize,
    kind: &'static str,
    field: &str,
    num_dims: u32,
    len: usize,
) -> Result<()> {
    if num_dims as usize != len || len > MAX_DIMS {
        return Err(Error::Shape {
            node,
            kind,
            detail: format!("num_dims {num_dims} but {field} lists {len} (at most {MAX_DIMS})"),
        });
    }
    Ok(())
}
