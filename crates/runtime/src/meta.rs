//! Method metadata: what a caller needs to prepare inputs and read outputs.

use pterun_core::{ScalarType, ShapeDynamism};
use pterun_format::{Method as MethodView, Value};

/// Description of one input or output.
#[derive(Clone, Debug, PartialEq)]
pub enum IoMeta {
    /// A tensor.
    Tensor(TensorMeta),
    /// A non-tensor value (int, float, bool, string, none), baked into the program.
    Other {
        /// The value's kind name.
        kind: &'static str,
    },
}

/// A tensor input or output.
#[derive(Clone, Debug, PartialEq)]
pub struct TensorMeta {
    /// Element type.
    pub dtype: ScalarType,
    /// Sizes (upper bounds when dynamic).
    pub sizes: Vec<usize>,
    /// Dimension order.
    pub dim_order: Vec<u8>,
    /// Whether sizes may change.
    pub dynamism: ShapeDynamism,
    /// Bytes at the declared sizes.
    pub nbytes: usize,
}

/// A method's inputs, outputs and planned memory.
#[derive(Clone, Debug, PartialEq)]
pub struct MethodMeta {
    /// Method name.
    pub name: String,
    /// Inputs in order.
    pub inputs: Vec<IoMeta>,
    /// Outputs in order.
    pub outputs: Vec<IoMeta>,
    /// Sizes of the planned arenas (without the reserved entry 0).
    pub planned_buffer_sizes: Vec<u64>,
    /// Number of instructions.
    pub instructions: usize,
}

fn io_meta(method: &MethodView<'_>, index: usize) -> IoMeta {
    match method.values.get(index) {
        Some(Value::Tensor(t)) => IoMeta::Tensor(TensorMeta {
            dtype: t.scalar_type,
            sizes: t.sizes.to_vec(),
            dim_order: t.dim_order.to_vec(),
            dynamism: t.dynamism,
            nbytes: t.nbytes as usize,
        }),
        Some(other) => IoMeta::Other { kind: other.kind_name() },
        None => IoMeta::Other { kind: "none" },
    }
}

impl MethodMeta {
    pub(crate) fn new(method: &MethodView<'_>) -> MethodMeta {
        MethodMeta {
            name: method.name.to_string(),
            inputs: method.inputs.iter().map(|&i| io_meta(method, i)).collect(),
            outputs: method.outputs.iter().map(|&i| io_meta(method, i)).collect(),
            planned_buffer_sizes: method.arena_sizes.iter().skip(1).copied().collect(),
            instructions: method.instruction_count(),
        }
    }
}
