//! A loaded method: planned memory, the value table, resolved kernels and delegates, and
//! the interpreter that runs its instructions.
//!
//! Memory: every planned arena is one zeroed buffer owned by the method (heap, or shared
//! memory from [`MemoryOptions`] that delegates may import, see `method/delegate_io.rs`);
//! tensors are (arena, offset) views into it, so tensors alias exactly as the exporter's
//! memory planner decided. Constants are views into the program's loaded segments. A kernel
//! call borrows its outputs mutably and its inputs immutably from the arenas: the
//! interpreter splits each arena around the outputs' byte ranges, so the borrow checker,
//! not a convention, guarantees that no input is read while it is written. An input that
//! shares bytes with an output (in-place operators) is copied aside first.

use std::sync::Arc;
use std::time::{Duration, Instant};

use pterun_core::{ScalarType, ShapeDynamism};
use pterun_format::{
    Instruction, Method as MethodView, Tensor as TensorView, TensorData, Value as ValueView,
};
use pterun_kernels::{Arg, KernelCall, KernelFn, Registry, Scalar, Shape, TensorMut, TensorRef};
use pterun_memory::{DataLoader, SegmentInfo};

use crate::backend::{BackendRegistry, CompileSpec, Delegate, DelegateArg, InitContext};
use crate::error::{Error, Result};
use crate::external::ExternalData;
use crate::meta::MethodMeta;
use crate::program::Program;

mod aliases;
mod arena;
mod build;
mod defuse;
mod delegate_io;
mod exec;
mod observe;
mod passes;

use aliases::Aliases;
use arena::Arena;
pub use delegate_io::MemoryOptions;
pub use observe::StepValues;
pub use passes::{Pass, Passes, UnknownPass};

/// Largest total of planned memory a method may ask for (16 GiB): larger plans are refused
/// before anything is allocated, whatever the machine would overcommit.
pub const PLANNED_MEMORY_LIMIT: u64 = 16 << 30;

/// Executed-instruction limit of one `execute`, as in the reference runtime.
pub const INSTRUCTION_LIMIT: u64 = 10_000_000;

/// What a method needs besides the program: kernels, backends, external data.
#[derive(Clone, Copy)]
pub struct LoadOptions<'a> {
    /// Kernels by operator name.
    pub kernels: &'a Registry,
    /// Backends by name.
    pub backends: &'a BackendRegistry,
    /// The `.ptd` file holding external tensors, if the program uses one.
    pub external_data: Option<&'a ExternalData>,
    /// The load-time passes to run (all by default).
    pub passes: Passes,
}

impl<'a> LoadOptions<'a> {
    /// `kernels` and `backends`, no external data, every pass.
    pub fn new(kernels: &'a Registry, backends: &'a BackendRegistry) -> LoadOptions<'a> {
        LoadOptions { kernels, backends, external_data: None, passes: Passes::ALL }
    }
}

/// Figures about a method load.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MethodLoadStats {
    /// Time spent in [`Method::load`].
    pub load_time: Duration,
    /// Bytes of planned memory allocated.
    pub planned_bytes: u64,
    /// Bytes copied at load (initial state of mutable buffers, misaligned constants).
    pub bytes_copied: u64,
    /// Delegates initialised.
    pub delegates: usize,
    /// Instructions computed once at load because their inputs are constants.
    pub folded_instructions: usize,
    /// Bytes of the results kept for them.
    pub folded_bytes: u64,
    /// Views of folded results (tensors the exporter gave the result's planned bytes)
    /// moved along with them.
    pub folded_views: usize,
    /// Linear layers whose weight transpose was fused into the product (`linear.out`).
    pub fused_linears: usize,
    /// Batch norms and relu/hardtanh fused into the convolution before them.
    pub fused_epilogues: usize,
    /// Fused results moved into their convolution's output bytes (the planner had put them
    /// over the convolution's input).
    pub moved_results: usize,
    /// Max pools whose indices nothing reads, run without computing them.
    pub pools_without_indices: usize,
    /// Element-wise steps folded into the chain step before them (`pterun::pointwise.out`).
    pub fused_pointwise: usize,
}

/// Where a tensor's bytes are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Storage {
    /// No data (runtime-provided and not set, or freed).
    Null,
    /// Planned memory (or a method-owned buffer, also an arena).
    Arena { arena: usize, offset: usize },
    /// A constant in the program's loaded segments (absolute file offset).
    Constant { offset: u64 },
    /// Bytes of external data entry `index`.
    External { index: usize },
}

#[derive(Debug)]
struct TensorSlot {
    dtype: ScalarType,
    shape: Shape,
    storage: Storage,
    capacity: usize,
    value: usize,
    /// Computed once at load from constants; never written again.
    folded: bool,
    /// Holds data from the moment the method is loaded (a mutable buffer's initial state,
    /// a constant copied for alignment).
    preset: bool,
}

impl TensorSlot {
    /// Bytes at the current sizes.
    fn nbytes(&self) -> usize {
        self.shape.sizes().iter().product::<usize>() * self.dtype.element_size()
    }
}

/// The value table entry at run time. Lists hold value indices, read at call time.
#[derive(Clone, Debug)]
enum Slot {
    None,
    Int(i64),
    Double(f64),
    Bool(bool),
    Str(String),
    IntList(Vec<usize>),
    DoubleList(Vec<f64>),
    BoolList(Vec<bool>),
    Tensor(usize),
    TensorList(Vec<usize>),
    OptionalTensorList(Vec<Option<usize>>),
}

impl Slot {
    fn kind(&self) -> &'static str {
        match self {
            Slot::None => "none",
            Slot::Int(_) => "int",
            Slot::Double(_) => "double",
            Slot::Bool(_) => "bool",
            Slot::Str(_) => "string",
            Slot::IntList(_) => "int list",
            Slot::DoubleList(_) => "double list",
            Slot::BoolList(_) => "bool list",
            Slot::Tensor(_) => "tensor",
            Slot::TensorList(_) => "tensor list",
            Slot::OptionalTensorList(_) => "optional tensor list",
        }
    }
}

/// An instruction prepared for execution.
enum Step {
    Kernel {
        op: &'static str,
        kernel: KernelFn,
        /// Shared so that executing an instruction never clones the list.
        args: Arc<[usize]>,
        ret: usize,
    },
    View {
        input: usize,
        size: usize,
        out: usize,
    },
    Delegate {
        index: usize,
        args: Arc<[usize]>,
    },
    Move {
        from: usize,
        to: usize,
    },
    JumpFalse {
        condition: usize,
        destination: usize,
    },
    Free {
        value: usize,
    },
    /// An instruction whose result was computed once at load (constant inputs only).
    Folded,
}

/// Operators the interpreter implements itself because they alias memory.
const VIEW_OP: &str = "executorch_prim::et_view.default";

/// Operators run by the interpreter rather than by a kernel.
pub const INTERPRETER_OPS: &[&str] = &[VIEW_OP];

struct DelegateSlot {
    backend: String,
    handle: Box<dyn Delegate>,
}

/// One output after execution.
#[derive(Debug)]
pub enum Output<'a> {
    /// A tensor, borrowing the method's memory until the next execution.
    Tensor(TensorRef<'a>),
    /// An integer.
    Int(i64),
    /// A float.
    Double(f64),
    /// A boolean.
    Bool(bool),
    /// Anything else, by kind name.
    Other(&'static str),
}

/// A loaded method, ready to execute any number of times.
pub struct Method {
    program: Program,
    name: String,
    meta: MethodMeta,
    arenas: Vec<Arena>,
    tensors: Vec<TensorSlot>,
    values: Vec<Slot>,
    initial_values: Vec<Slot>,
    /// Values an instruction can overwrite (scalar results of prim ops, move targets): the
    /// only ones reset before each execution.
    written_values: Vec<usize>,
    chains: Vec<Vec<Step>>,
    delegates: Vec<DelegateSlot>,
    inputs: Vec<usize>,
    outputs: Vec<usize>,
    inputs_set: Vec<bool>,
    /// Inputs whose planned bytes some instruction overwrites: their data is kept and
    /// copied back before each execution, so repeated executions see the same inputs.
    saved_inputs: Vec<Option<Vec<u8>>>,
    clobbered_inputs: Vec<bool>,
    external: Vec<pterun_memory::Segment>,
    stats: MethodLoadStats,
    profile: Option<Vec<ProfileEvent>>,
    /// Which tensors read other tensors' bytes, found before the load-time passes.
    aliases: Aliases,
}

/// One executed instruction, recorded when profiling is on.
#[derive(Clone, Debug, PartialEq)]
pub struct ProfileEvent {
    /// Chain and instruction index.
    pub chain: usize,
    /// Instruction index in its chain.
    pub instruction: usize,
    /// Operator name, `delegate:<backend>`, or the instruction kind.
    pub name: String,
    /// Start, from the beginning of the execution.
    pub start: Duration,
    /// Time spent.
    pub duration: Duration,
}

impl std::fmt::Debug for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Method")
            .field("name", &self.name)
            .field("values", &self.values.len())
            .field("arenas", &self.arenas.len())
            .field("delegates", &self.delegates.len())
            .finish()
    }
}

fn unsupported(value: usize, reason: impl Into<String>) -> Error {
    Error::UnsupportedTensor { value, reason: reason.into() }
}

impl Method {
    /// Turns per-instruction timing on (clearing earlier events) or off.
    pub fn set_profiling(&mut self, on: bool) {
        self.profile = if on { Some(Vec::new()) } else { None };
    }

    /// Events recorded since profiling was turned on, over all executions.
    pub fn profile_events(&self) -> &[ProfileEvent] {
        self.profile.as_deref().unwrap_or(&[])
    }

    fn step_name(&self, chain: usize, pc: usize) -> String {
        match &self.chains[chain][pc] {
            Step::Kernel { op, .. } => op.to_string(),
            Step::View { .. } => VIEW_OP.to_string(),
            Step::Delegate { index, .. } => {
                format!(
                    "delegate:{}",
                    self.delegates.get(*index).map_or("?", |d| d.backend.as_str())
                )
            }
            Step::Move { .. } => "move".to_string(),
            Step::JumpFalse { .. } => "jump_false".to_string(),
            Step::Free { .. } => "free".to_string(),
            Step::Folded => "folded".to_string(),
        }
    }

    /// The method's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Inputs, outputs and planned memory.
    pub fn meta(&self) -> &MethodMeta {
        &self.meta
    }

    /// Figures about the load.
    pub fn load_stats(&self) -> MethodLoadStats {
        self.stats
    }

    /// The program this method belongs to.
    pub fn program(&self) -> &Program {
        &self.program
    }

    /// Copies `bytes` into input `index`, resizing it to `sizes` (within its bounds when
    /// the input is dynamic).
    pub fn set_input(
        &mut self,
        index: usize,
        dtype: ScalarType,
        sizes: &[usize],
        bytes: &[u8],
    ) -> Result<()> {
        let count = self.inputs.len();
        let value = *self.inputs.get(index).ok_or(Error::InputCount {
            method: self.name.clone(),
            expected: count,
            found: index + 1,
        })?;
        let tensor = match self.values.get(value) {
            Some(Slot::Tensor(t)) => *t,
            Some(other) => return Err(Error::InputKind { index, kind: other.kind() }),
            None => return Err(Error::InputKind { index, kind: "none" }),
        };
        let slot = &mut self.tensors[tensor];
        if slot.dtype != dtype {
            return Err(Error::InputDtype { index, expected: slot.dtype, found: dtype });
        }
        let declared = slot.shape.sizes().to_vec();
        slot.shape.resize(sizes).map_err(|e| Error::InputShape {
            index,
            expected: declared.clone(),
            dynamism: slot.shape.dynamism().name(),
            found: sizes.to_vec(),
            reason: match e {
                pterun_kernels::Error::Resize { reason, .. } => reason.to_string(),
                other => other.to_string(),
            },
        })?;
        let nbytes =
            pterun_kernels::numel(sizes).unwrap_or(usize::MAX).saturating_mul(dtype.element_size());
        if bytes.len() != nbytes {
            return Err(Error::InputBytes { index, expected: nbytes, found: bytes.len() });
        }
        match slot.storage {
            Storage::Arena { arena, offset } => {
                let dst = self.arenas[arena]
                    .bytes_mut()
                    .get_mut(offset..offset + nbytes)
                    .ok_or(Error::NullData { value })?;
                dst.copy_from_slice(bytes);
            }
            _ => return Err(Error::NullData { value }),
        }
        if self.clobbered_inputs[index] {
            self.saved_inputs[index] = Some(bytes.to_vec());
        }
        self.inputs_set[index] = true;
        Ok(())
    }

    /// Runs the method once. Inputs stay set; planned memory (and with it the state of
    /// mutable buffers) persists to the next execution.
    pub fn execute(&mut self) -> Result<()> {
        self.run(None)
    }

    fn restore_inputs(&mut self) -> Result<()> {
        for (index, saved) in self.saved_inputs.iter().enumerate() {
            let Some(bytes) = saved else { continue };
            let value = self.inputs[index];
            let Some(Slot::Tensor(t)) = self.values.get(value) else { continue };
            if let Storage::Arena { arena, offset } = self.tensors[*t].storage {
                let dst = self.arenas[arena]
                    .bytes_mut()
                    .get_mut(offset..offset + bytes.len())
                    .ok_or(Error::NullData { value })?;
                dst.copy_from_slice(bytes);
            }
        }
        Ok(())
    }

    /// Output `index` of the last execution.
    pub fn output(&self, index: usize) -> Result<Output<'_>> {
        let value = *self.outputs.get(index).ok_or(Error::InputCount {
            method: self.name.clone(),
            expected: self.outputs.len(),
            found: index + 1,
        })?;
        Ok(match &self.values[value] {
            Slot::Tensor(t) => Output::Tensor(self.tensor_ref(*t)?),
            Slot::Int(v) => Output::Int(*v),
            Slot::Double(v) => Output::Double(*v),
            Slot::Bool(v) => Output::Bool(*v),
            other => Output::Other(other.kind()),
        })
    }

    /// Number of outputs.
    pub fn output_count(&self) -> usize {
        self.outputs.len()
    }
}

type Pieces<'a> = Vec<(usize, usize, &'a [u8])>;
