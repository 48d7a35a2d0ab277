//! Field slots of the schema's tables (`crates/schema/fbs/pte.fbs`), in declaration order;
//! a union takes two slots, its tag and its value. `tests/schema_agreement.rs` fails if one
//! of these drifts from the schema.

pub(crate) mod program {
    pub const VERSION: usize = 0;
    pub const METHODS: usize = 1;
    pub const INLINE_CONSTANTS: usize = 2;
    pub const INLINE_DELEGATE_BLOBS: usize = 3;
    pub const SEGMENTS: usize = 4;
    pub const CONSTANT_SEGMENT: usize = 5;
    pub const MUTABLE_SEGMENTS: usize = 6;
    pub const NAMED_DATA: usize = 7;
}
pub(crate) mod method {
    pub const NAME: usize = 0;
    pub const CONTAINER_SPEC: usize = 1;
    pub const VALUES: usize = 2;
    pub const INPUTS: usize = 3;
    pub const OUTPUTS: usize = 4;
    pub const CHAINS: usize = 5;
    pub const OPERATORS: usize = 6;
    pub const DELEGATES: usize = 7;
    pub const ARENA_SIZES: usize = 8;
    pub const ARENA_DEVICES: usize = 9;
}
pub(crate) mod tensor {
    pub const ELEMENT_TYPE: usize = 0;
    pub const STORAGE_OFFSET: usize = 1;
    pub const SIZES: usize = 2;
    pub const DIM_ORDER: usize = 3;
    pub const REQUIRES_GRAD: usize = 4;
    pub const DATA_INDEX: usize = 5;
    pub const PLACEMENT: usize = 6;
    pub const DYNAMISM: usize = 8;
    pub const EXTRAS: usize = 9;
    pub const SLOTS: usize = 10;
}
pub(crate) mod placement {
    pub const ARENA_ID: usize = 0;
    pub const OFFSET_LOW: usize = 1;
    pub const OFFSET_HIGH: usize = 2;
}
pub(crate) mod extras {
    pub const QUALIFIED_NAME: usize = 1;
    pub const DATA_LOCATION: usize = 2;
}
/// `ValueEntry.value` and `Instruction.kind`: the union's tag, then its value.
pub const UNION: usize = 0;
/// The only field of single-field value tables (`IntValue.value`, `DoubleListValue.items`...).
pub const ONLY: usize = 0;
pub(crate) mod value_tag {
    pub const NULL: u8 = 1;
    pub const INT: u8 = 2;
    pub const BOOL: u8 = 3;
    pub const DOUBLE: u8 = 4;
    pub const TENSOR: u8 = 5;
    pub const STRING: u8 = 6;
    pub const INT_LIST: u8 = 7;
    pub const DOUBLE_LIST: u8 = 8;
    pub const BOOL_LIST: u8 = 9;
    pub const TENSOR_LIST: u8 = 10;
    pub const OPTIONAL_TENSOR_LIST: u8 = 11;
}
pub(crate) mod instruction_tag {
    pub const KERNEL: u8 = 1;
    pub const DELEGATE: u8 = 2;
    pub const MOVE: u8 = 3;
    pub const JUMP_FALSE: u8 = 4;
    pub const FREE: u8 = 5;
}
/// `KernelCall` and `DelegateCall`: callee index, then arguments.
pub(crate) mod call {
    pub const CALLEE: usize = 0;
    pub const ARGS: usize = 1;
}
/// `MoveCall` (from, to) and `JumpFalseCall` (condition, destination).
pub const FIRST: usize = 0;
pub const SECOND: usize = 1;
pub(crate) mod chain {
    pub const INSTRUCTIONS: usize = 2;
}
pub(crate) mod operator {
    pub const NAME: usize = 0;
    pub const OVERLOAD: usize = 1;
}
pub(crate) mod delegate {
    pub const BACKEND_ID: usize = 0;
    pub const BLOB: usize = 1;
    pub const COMPILE_SPECS: usize = 2;
}
pub(crate) mod blob {
    pub const LOCATION: usize = 0;
    pub const INDEX: usize = 1;
}
/// `CompileSpec` (key, value), `ContainerSpec` (inputs, outputs), `Segment` (offset,
/// size), `SubSegments` (segment index, offsets), `NamedBlob` (key, segment index),
/// `OperatorName` (name, overload): two-field tables.
pub const KEY: usize = 0;
pub const VALUE: usize = 1;
pub(crate) mod arena_device {
    pub const ARENA_INDEX: usize = 0;
    pub const DEVICE_KIND: usize = 1;
    pub const DEVICE_ORDINAL: usize = 2;
}
