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
    /// A result computed once at load, in the plan's frozen buffer `index`.
    Frozen { index: usize, offset: usize },
}

#[derive(Clone, Debug)]
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
        /// Argument positions the kernel writes in place besides `ret` (a KV cache), as
        /// its registry declares: handed to it as outputs and counted as written.
        writes: &'static [usize],
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
    /// Locked for each call: states sharing the plan take turns on a delegate.
    handle: std::sync::Mutex<Box<dyn Delegate>>,
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

/// A loaded method, ready to execute any number of times: an immutable [`Plan`] shared by
/// `Arc`, and the memory of one execution ([`State`]). [`Method::new_execution`] gives
/// another state over the same plan, so one loaded method can run on several threads at
/// once.
pub struct Method {
    plan: Arc<Plan>,
    state: State,
}

/// What a load decided, shared by every execution state: the value and tensor tables as
/// loaded, the steps with their kernels, delegates, constants, folded results and the
/// layout of planned memory. `Send + Sync`; never changed after the load.
pub(crate) struct Plan {
    program: Program,
    name: String,
    meta: MethodMeta,
    /// Tensors as loaded (each state starts from a copy: views change storage and
    /// dynamic tensors their sizes at run time).
    tensors: Vec<TensorSlot>,
    /// Values as loaded (each state starts from a copy).
    values: Vec<Slot>,
    /// Values an instruction can overwrite (scalar results of prim ops, move targets): the
    /// only ones reset before each execution.
    written_values: Vec<usize>,
    chains: Vec<Vec<Step>>,
    /// The arguments of each kernel step resolved once at load (parallel to `chains`).
    bound: Vec<Vec<Option<Box<[exec::Bound]>>>>,
    delegates: Vec<DelegateSlot>,
    inputs: Vec<usize>,
    outputs: Vec<usize>,
    /// Inputs whose planned bytes some instruction overwrites (see [`State`]).
    clobbered_inputs: Vec<bool>,
    external: Vec<pterun_memory::Segment>,
    /// Results computed once at load ([`Storage::Frozen`]), read by every state.
    frozen: Vec<Arena>,
    /// Bytes every new state's arenas start with: the initial state of mutable buffers
    /// and constants copied for alignment, `(arena, offset, bytes)`.
    presets: Vec<(usize, usize, Box<[u8]>)>,
    /// Byte size of each arena of a state (planned arenas, then runtime inputs' buffers).
    arena_sizes: Vec<usize>,
    stats: MethodLoadStats,
    /// Which tensors read other tensors' bytes, found before the load-time passes.
    aliases: Aliases,
}

/// The memory of one execution: arenas, the tensor and value tables as they change while
/// running, the inputs set, and profiling events.
pub(crate) struct State {
    arenas: Vec<Arena>,
    tensors: Vec<TensorSlot>,
    values: Vec<Slot>,
    inputs_set: Vec<bool>,
    /// Inputs whose planned bytes some instruction overwrites: their data is kept and
    /// copied back before each execution, so repeated executions see the same inputs.
    saved_inputs: Vec<Option<Vec<u8>>>,
    profile: Option<Vec<ProfileEvent>>,
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
            .field("name", &self.plan.name)
            .field("values", &self.plan.values.len())
            .field("arenas", &self.state.arenas.len())
            .field("delegates", &self.plan.delegates.len())
            .finish()
    }
}

fn unsupported(value: usize, reason: impl Into<String>) -> Error {
    Error::UnsupportedTensor { value, reason: reason.into() }
}

impl Method {
    /// Turns per-instruction timing on (clearing earlier events) or off.
    pub fn set_profiling(&mut self, on: bool) {
        self.state.profile = if on { Some(Vec::new()) } else { None };
    }

    /// Events recorded since profiling was turned on, over all executions.
    pub fn profile_events(&self) -> &[ProfileEvent] {
        self.state.profile.as_deref().unwrap_or(&[])
    }

    /// The method's name.
    pub fn name(&self) -> &str {
        &self.plan.name
    }

    /// Inputs, outputs and planned memory.
    pub fn meta(&self) -> &MethodMeta {
        &self.plan.meta
    }

    /// Figures about the load.
    pub fn load_stats(&self) -> MethodLoadStats {
        self.plan.stats
    }

    /// The program this method belongs to.
    pub fn program(&self) -> &Program {
        &self.plan.program
    }

    /// Another execution of the same loaded method: it shares the plan (kernels, constants,
    /// folded results, delegates) and gets memory of its own, as freshly loaded: no input
    /// set, mutable buffers in their initial state. Its arenas are heap memory, so a
    /// delegate that imported the first execution's shared arenas copies for this one.
    ///
    /// # Errors
    ///
    /// [`Error::Allocation`](crate::Error) when its memory cannot be allocated.
    pub fn new_execution(&self) -> Result<Method> {
        let arenas =
            self.plan.arena_sizes.iter().map(|&len| Arena::zeroed(len)).collect::<Result<_>>()?;
        Ok(Method { plan: Arc::clone(&self.plan), state: State::new(&self.plan, arenas)? })
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
        let (plan, state) = (&*self.plan, &mut self.state);
        let count = plan.inputs.len();
        let value = *plan.inputs.get(index).ok_or(Error::InputCount {
            method: plan.name.clone(),
            expected: count,
            found: index + 1,
        })?;
        let tensor = match state.values.get(value) {
            Some(Slot::Tensor(t)) => *t,
            Some(other) => return Err(Error::InputKind { index, kind: other.kind() }),
            None => return Err(Error::InputKind { index, kind: "none" }),
        };
        let slot = &mut state.tensors[tensor];
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
                let dst = state.arenas[arena]
                    .bytes_mut()
                    .get_mut(offset..offset + nbytes)
                    .ok_or(Error::NullData { value })?;
                dst.copy_from_slice(bytes);
            }
            _ => return Err(Error::NullData { value }),
        }
        if plan.clobbered_inputs[index] {
            state.saved_inputs[index] = Some(bytes.to_vec());
        }
        state.inputs_set[index] = true;
        Ok(())
    }

    /// Runs the method once. Inputs stay set; planned memory (and with it the state of
    /// mutable buffers) persists to the next execution.
    pub fn execute(&mut self) -> Result<()> {
        self.state.run(&self.plan, None)
    }

    /// Output `index` of the last execution.
    pub fn output(&self, index: usize) -> Result<Output<'_>> {
        let plan = &*self.plan;
        let value = *plan.outputs.get(index).ok_or(Error::InputCount {
            method: plan.name.clone(),
            expected: plan.outputs.len(),
            found: index + 1,
        })?;
        Ok(match &self.state.values[value] {
            Slot::Tensor(t) => Output::Tensor(self.state.tensor_ref(plan, *t)?),
            Slot::Int(v) => Output::Int(*v),
            Slot::Double(v) => Output::Double(*v),
            Slot::Bool(v) => Output::Bool(*v),
            other => Output::Other(other.kind()),
        })
    }

    /// Number of outputs.
    pub fn output_count(&self) -> usize {
        self.plan.outputs.len()
    }
}

type Pieces<'a> = Vec<(usize, usize, &'a [u8])>;

// A plan is shared by execution states on several threads.
const _: fn() = || {
    fn shared<T: Send + Sync>() {}
    shared::<Plan>();
    fn sent<T: Send>() {}
    sent::<Method>();
};
