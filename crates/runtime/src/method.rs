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
mod delegate_io;
mod observe;
mod pointwise;

use aliases::Aliases;
use arena::Arena;
pub use delegate_io::MemoryOptions;
pub use observe::StepValues;

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

/// The clamp fused after a convolution.
#[derive(Debug, Clone, Copy)]
enum Clamp {
    None,
    /// `relu`: a lower bound of zero.
    Relu,
    /// `hardtanh`: the value indices of its bounds.
    Bounds(usize, usize),
}

/// A convolution and what follows it, to be fused into one step.
struct ConvEpilogue {
    conv_args: Vec<usize>,
    /// The batch norm's arguments, when one is fused.
    norm_args: Option<Vec<usize>>,
    clamp: Clamp,
    /// The value the fused step writes: the last fused instruction's result.
    out: usize,
    /// Instructions fused, the convolution included.
    len: usize,
    /// `(result, convolution output)`: the result moves into the convolution output's
    /// bytes, its own being those of the convolution's input.
    retarget: Option<(usize, usize)>,
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
    /// Loads method `name` of `program`: allocates planned memory, builds the value
    /// table, copies initial state of mutable buffers, resolves every kernel (reporting all
    /// missing operators at once) and initialises delegates.
    pub fn load(program: &Program, name: &str, options: LoadOptions<'_>) -> Result<Method> {
        Method::load_with_memory(program, name, options, MemoryOptions::default())
    }

    /// [`Method::load`] with planned memory from `memory` (shared arenas that delegates
    /// can import).
    pub fn load_with_memory(
        program: &Program,
        name: &str,
        options: LoadOptions<'_>,
        memory: MemoryOptions<'_>,
    ) -> Result<Method> {
        let start = Instant::now();
        let view = program.method_view(name)?;
        let mut stats = MethodLoadStats::default();

        let planned: u64 = view.arena_sizes.iter().skip(1).fold(0u64, |a, &s| a.saturating_add(s));
        if planned > PLANNED_MEMORY_LIMIT {
            return Err(Error::PlannedMemoryTooLarge {
                bytes: planned,
                limit: PLANNED_MEMORY_LIMIT,
            });
        }
        let mut arenas: Vec<Arena> = view
            .arena_sizes
            .iter()
            .skip(1)
            .map(|&size| {
                Arena::zeroed_in(
                    memory.arena_allocator,
                    usize::try_from(size).unwrap_or(usize::MAX),
                )
            })
            .collect::<Result<_>>()?;
        stats.planned_bytes = view.arena_sizes.iter().skip(1).sum();

        let mut tensors = Vec::new();
        let mut values = Vec::with_capacity(view.values.len());
        let mut external = Vec::new();
        let loader = program.loader();
        for (index, value) in view.values.iter().enumerate() {
            values.push(match value {
                ValueView::Null => Slot::None,
                ValueView::Int(v) => Slot::Int(*v),
                ValueView::Bool(v) => Slot::Bool(*v),
                ValueView::Double(v) => Slot::Double(*v),
                ValueView::String(s) => Slot::Str(s.to_string()),
                ValueView::IntList(items) => Slot::IntList(items.to_vec()),
                ValueView::DoubleList(items) => Slot::DoubleList(items.iter().collect()),
                ValueView::BoolList(items) => Slot::BoolList(items.iter().collect()),
                ValueView::TensorList(items) => Slot::TensorList(items.to_vec()),
                ValueView::OptionalTensorList(items) => {
                    Slot::OptionalTensorList(items.iter().collect())
                }
                ValueView::Tensor(t) => {
                    let slot = tensor_slot(
                        program,
                        loader.as_ref(),
                        index,
                        t,
                        &mut arenas,
                        &mut external,
                        options.external_data,
                        &mut stats,
                    )?;
                    tensors.push(slot);
                    Slot::Tensor(tensors.len() - 1)
                }
            });
        }

        // Runtime-provided inputs get a buffer of their own so callers can set them; they
        // count against the same memory limit as the plan.
        let mut method_bytes = planned;
        for &input in &view.inputs {
            if let Some(Slot::Tensor(t)) = values.get(input) {
                let slot = &mut tensors[*t];
                if slot.storage == Storage::Null {
                    method_bytes = method_bytes.saturating_add(slot.capacity as u64);
                    if method_bytes > PLANNED_MEMORY_LIMIT {
                        return Err(Error::PlannedMemoryTooLarge {
                            bytes: method_bytes,
                            limit: PLANNED_MEMORY_LIMIT,
                        });
                    }
                    arenas.push(Arena::zeroed_in(memory.arena_allocator, slot.capacity)?);
                    slot.storage = Storage::Arena { arena: arenas.len() - 1, offset: 0 };
                }
            }
        }

        // Cheap checks first: every backend present and available, every kernel known;
        // only then the (possibly expensive) delegate initialisation.
        let mut backends = Vec::with_capacity(view.delegates.len());
        for delegate in &view.delegates {
            let backend = options.backends.get(delegate.backend_id).ok_or_else(|| {
                Error::BackendNotFound {
                    backend: delegate.backend_id.to_string(),
                    registered: options.backends.names(),
                }
            })?;
            backend.availability().map_err(|reason| Error::BackendUnavailable {
                backend: delegate.backend_id.to_string(),
                reason,
            })?;
            backends.push(backend);
        }
        let chains = resolve_chains(view, &values, options.kernels)?;

        let mut delegates = Vec::with_capacity(view.delegates.len());
        for ((index, delegate), backend) in view.delegates.iter().enumerate().zip(backends) {
            let range = delegate.blob.file_range();
            let blob = match delegate.blob {
                pterun_format::DelegateBlob::Inline { .. } => program
                    .program_data()
                    .slice(range.offset as usize..(range.offset + range.len) as usize)?,
                pterun_format::DelegateBlob::Segment { index: segment, .. } => loader.load(
                    range.offset,
                    range.len as usize,
                    &SegmentInfo::backend(segment, delegate.backend_id),
                )?,
            };
            let specs: Vec<CompileSpec<'_>> = delegate
                .compile_specs
                .iter()
                .map(|s| CompileSpec { key: s.key, value: s.value })
                .collect();
            let context = InitContext { method: name, delegate_index: index };
            let handle = backend.init(&context, blob, &specs).map_err(|e| Error::Delegate {
                backend: delegate.backend_id.to_string(),
                message: e.message,
                code: e.code,
            })?;
            delegates.push(DelegateSlot { backend: delegate.backend_id.to_string(), handle });
        }
        stats.delegates = delegates.len();
        let clobbered_inputs = clobbered_inputs(&view.inputs, &values, &tensors, &chains);

        let mut method = Method {
            program: program.clone(),
            name: name.to_string(),
            meta: MethodMeta::new(view),
            arenas,
            tensors,
            written_values: written_values(&values, &chains),
            initial_values: values.clone(),
            values,
            chains,
            delegates,
            inputs: view.inputs.clone(),
            inputs_set: vec![false; view.inputs.len()],
            saved_inputs: vec![None; view.inputs.len()],
            clobbered_inputs,
            outputs: view.outputs.clone(),
            external,
            stats,
            profile: None,
            aliases: Aliases::default(),
        };
        let seen = method.alias_walk();
        if cfg!(debug_assertions) {
            method.check_dangling_aliases(&seen)?;
        }
        method.aliases = Aliases::new(seen);
        method.fuse_transposed_linears(options.kernels);
        method.fuse_conv_epilogues(options.kernels);
        method.skip_unread_pool_indices(options.kernels);
        method.fold_constants()?;
        method.fuse_pointwise_chains(options.kernels);
        if cfg!(debug_assertions) {
            method.check_aliases(&method.aliases)?;
        }
        method.prepare_delegates()?;
        method.stats.load_time = start.elapsed();
        Ok(method)
    }

    /// Appends a value the rewrites need (its initial state too); returns its index.
    fn push_value(&mut self, slot: Slot) -> usize {
        self.values.push(slot.clone());
        self.initial_values.push(slot);
        self.values.len() - 1
    }

    /// A value holding `slot`, appended on first use and then reused through `cache`.
    fn shared_value(&mut self, cache: &mut Option<usize>, slot: Slot) -> usize {
        match *cache {
            Some(value) => value,
            None => *cache.insert(self.push_value(slot)),
        }
    }

    /// How many places read each tensor: kernel arguments and list items (other than as the
    /// instruction's own output), delegate arguments, moves, views, jumps, method outputs.
    /// One pass over the steps; a rewrite pass computes it once and then asks
    /// [`Method::readers_outside`], which only looks at the steps it skips.
    fn reader_counts(&self) -> Vec<usize> {
        let mut counts = vec![0usize; self.tensors.len()];
        for t in self.outputs.iter().filter_map(|&v| self.tensor_id(v)) {
            counts[t] += 1;
            for &source in self.aliases.sources(t) {
                counts[source] += 1;
            }
        }
        for step in self.chains.iter().flatten() {
            self.for_each_read(step, |t| counts[t] += 1);
        }
        counts
    }

    /// Calls `f` once per read of a tensor by `step` (a list argument reads each of its
    /// tensors once). A read of an alias is also a read of the tensors whose bytes it sees.
    fn for_each_read(&self, step: &Step, mut f: impl FnMut(usize)) {
        let mut f = |t: usize| {
            f(t);
            self.aliases.sources(t).iter().for_each(|&source| f(source));
        };
        match step {
            Step::Kernel { args, ret, .. } => {
                let own = self.tensor_id(*ret);
                for &a in args.iter() {
                    match self.values.get(a) {
                        Some(Slot::Tensor(t)) if Some(*t) != own => f(*t),
                        Some(Slot::TensorList(items)) => self
                            .distinct_tensors(items.iter().copied())
                            .into_iter()
                            .for_each(&mut f),
                        Some(Slot::OptionalTensorList(items)) => self
                            .distinct_tensors(items.iter().flatten().copied())
                            .into_iter()
                            .for_each(&mut f),
                        _ => {}
                    }
                }
            }
            Step::Delegate { args, .. } => {
                args.iter().filter_map(|&a| self.tensor_id(a)).for_each(f)
            }
            Step::Move { from: v, .. }
            | Step::View { input: v, .. }
            | Step::JumpFalse { condition: v, .. } => self.tensor_id(*v).into_iter().for_each(f),
            Step::Free { .. } | Step::Folded => {}
        }
    }

    /// The tensors of the values `items`, each once.
    fn distinct_tensors(&self, items: impl Iterator<Item = usize>) -> Vec<usize> {
        let mut tensors: Vec<usize> = Vec::new();
        for t in items.filter_map(|v| self.tensor_id(v)) {
            if !tensors.contains(&t) {
                tensors.push(t);
            }
        }
        tensors
    }

    /// The reads of tensor `t` counted in `counts` (see [`Method::reader_counts`]), less
    /// those by the steps `skip` of chain `chain`.
    fn readers_outside(
        &self,
        counts: &[usize],
        t: usize,
        chain: usize,
        skip: std::ops::Range<usize>,
    ) -> usize {
        let mut inside = 0;
        for step in self.chains.get(chain).and_then(|steps| steps.get(skip)).unwrap_or(&[]) {
            self.for_each_read(step, |read| inside += usize::from(read == t));
        }
        counts.get(t).copied().unwrap_or(0).saturating_sub(inside)
    }

    /// Exported linear layers transpose their constant weight on every inference
    /// (`permute_copy(W, [1, 0])`) and feed it to `addmm`/`mm`. When the transpose feeds only
    /// that product (with `beta = alpha = 1`), the product is rewritten as `linear.out(x, W,
    /// bias)`, which reads `W` transposed in place: no transpose at run time, and none at
    /// load either, so the weights stay in the mapped file (no copy, no extra resident
    /// memory). Measured against transposing once at load (2026-11-24): method load of
    /// ViT-tiny 21 ms -> 2 ms and 22 MB less memory, for 2% more time per inference (7% on
    /// BERT-tiny's 128-row products).
    fn fuse_transposed_linears(&mut self, kernels: &Registry) {
        const PERMUTE: &str = "aten::permute_copy.out";
        let Some((linear_op, linear)) = kernels.get("aten::linear.out") else { return };
        let is_one = |slot: &Slot| {
            matches!(slot, Slot::Int(1)) || matches!(slot, Slot::Double(v) if *v == 1.0)
        };
        let mut none_value = None;
        let counts = self.reader_counts();
        for chain in 0..self.chains.len() {
            for pc in 0..self.chains[chain].len() {
                let Step::Kernel { op: PERMUTE, args, ret, .. } = &self.chains[chain][pc] else {
                    continue;
                };
                let (args, ret) = (args.clone(), *ret);
                let ([weight, dims, _], Slot::Tensor(transposed)) = (&args[..], &self.values[ret])
                else {
                    continue;
                };
                let transposed = *transposed;
                let (Slot::Tensor(w), Slot::IntList(items)) =
                    (&self.values[*weight], &self.values[*dims])
                else {
                    continue;
                };
                let w = *w;
                let dims: Vec<i64> = items
                    .iter()
                    .filter_map(|&i| match self.values[i] {
                        Slot::Int(v) => Some(v),
                        _ => None,
                    })
                    .collect();
                let fixed = self.tensors[w].folded
                    || matches!(
                        self.tensors[w].storage,
                        Storage::Constant { .. } | Storage::External { .. }
                    );
                // Half-precision products stay as exported: the official runtime's portable
                // `addmm` rounds every step in the type, its `linear` sums in f32; only the
                // former gives the official bits.
                let wide = matches!(self.tensors[w].dtype, ScalarType::Float | ScalarType::Double);
                if !fixed
                    || !wide
                    || dims != [1, 0]
                    || self.tensors[w].shape.sizes().len() != 2
                    || counts[transposed] != 1
                {
                    continue;
                }
                let n = self.tensors[w].shape.sizes()[0];
                // Find the one product reading the transposed weight.
                let mut rewrite = None;
                for (c, steps) in self.chains.iter().enumerate() {
                    for (at, step) in steps.iter().enumerate() {
                        let Step::Kernel { op, args: a, ret: r, .. } = step else { continue };
                        let reads =
                            |v: usize| matches!(self.values[v], Slot::Tensor(t) if t == transposed);
                        match (*op, &a[..]) {
                            ("aten::addmm.out", [bias, x, mat2, beta, alpha, out])
                                if reads(*mat2) =>
                            {
                                let bias_ok = matches!(self.values[*bias], Slot::Tensor(b) if self.tensors[b].shape.sizes() == [n]);
                                if bias_ok
                                    && is_one(&self.values[*beta])
                                    && is_one(&self.values[*alpha])
                                {
                                    rewrite = Some((c, at, *x, Some(*bias), *out, *r));
                                }
                            }
                            ("aten::mm.out", [x, mat2, out]) if reads(*mat2) => {
                                rewrite = Some((c, at, *x, None, *out, *r));
                            }
                            _ => {}
                        }
                    }
                }
                let Some((c, at, x, bias, out, new_ret)) = rewrite else { continue };
                let bias = match bias {
                    Some(bias) => bias,
                    None => self.shared_value(&mut none_value, Slot::None),
                };
                let new_args = vec![x, *weight, bias, out];
                self.chains[c][at] = Step::Kernel {
                    op: linear_op,
                    kernel: linear,
                    args: new_args.into(),
                    ret: new_ret,
                };
                self.chains[chain][pc] = Step::Folded;
                self.stats.fused_linears += 1;
            }
        }
    }

    /// A convolution followed by an inference batch norm and/or a relu/hardtanh, each the
    /// next instruction and the only reader of the result before it, becomes one
    /// `pterun::conv_norm_clamp.out` step writing the last result directly: the same
    /// arithmetic applied to each output plane while it is in cache, instead of two more
    /// passes over memory. The intermediate tensors are then never written; the runtime
    /// copies the convolution's input aside if the planner gave the final result its
    /// bytes (it could, since that input is dead by then in the original order).
    fn fuse_conv_epilogues(&mut self, kernels: &Registry) {
        let Some((fused_op, fused)) = kernels.get(pterun_kernels::CONV_NORM_CLAMP) else {
            return;
        };
        let mut none_value = None;
        let mut zero_value = None;
        let counts = self.reader_counts();
        for chain in 0..self.chains.len() {
            let mut pc = 0;
            while pc < self.chains[chain].len() {
                let fusion = self.conv_epilogue_at(&counts, chain, pc);
                let Some(fusion) = fusion else {
                    pc += 1;
                    continue;
                };
                let none = self.shared_value(&mut none_value, Slot::None);
                let mut args: Vec<usize> = fusion.conv_args[..9].to_vec();
                match &fusion.norm_args {
                    Some(n) => args.extend([n[1], n[2], n[3], n[4], n[6]]),
                    None => args.extend([none; 5]),
                }
                match fusion.clamp {
                    Clamp::None => args.extend([none, none]),
                    Clamp::Relu => {
                        let zero = self.shared_value(&mut zero_value, Slot::Double(0.0));
                        args.extend([zero, none]);
                    }
                    Clamp::Bounds(lo, hi) => args.extend([lo, hi]),
                }
                args.push(fusion.out);
                self.chains[chain][pc] = Step::Kernel {
                    op: fused_op,
                    kernel: fused,
                    args: args.into(),
                    ret: fusion.out,
                };
                for folded in pc + 1..pc + fusion.len {
                    self.chains[chain][folded] = Step::Folded;
                }
                if let Some((t, donor)) = fusion.retarget {
                    self.tensors[t].storage = self.tensors[donor].storage;
                    self.stats.moved_results += 1;
                }
                self.stats.fused_epilogues += fusion.len - 1;
                pc += fusion.len;
            }
        }
    }

    /// Whether tensor `t`, written by the step just before step `from` of the only chain,
    /// may live in tensor `donor`'s planned bytes instead of its own: `donor` is dead from
    /// then on, no step from `from` up to `t`'s last reader writes into those bytes, `t`
    /// is neither a method input nor output, and the chain has no jumps, moves or frees
    /// (lifetimes are then the straight-line order of the steps).
    fn can_take_bytes(&self, t: usize, donor: usize, from: usize) -> bool {
        let [steps] = &self.chains[..] else { return false };
        let (slot, donor_slot) = (&self.tensors[t], &self.tensors[donor]);
        // An alias would keep looking at the old bytes (or see the new ones rewritten).
        if self.aliases.is_aliased(t) || self.aliases.is_aliased(donor) {
            return false;
        }
        if !matches!(donor_slot.storage, Storage::Arena { .. })
            || donor_slot.capacity < slot.capacity
            || donor_slot.dtype != slot.dtype
        {
            return false;
        }
        let boundary = self.inputs.iter().chain(&self.outputs);
        if boundary.filter_map(|&v| self.tensor_id(v)).any(|x| x == t || x == donor) {
            return false;
        }
        // Per step: the tensors it reads or writes, and those it writes.
        let mut touched: Vec<(Vec<usize>, Vec<usize>)> = Vec::with_capacity(steps.len());
        for step in steps {
            let ids = |values: &[usize]| -> Vec<usize> {
                values.iter().flat_map(|&v| self.tensor_ids(v)).collect()
            };
            touched.push(match step {
                Step::Kernel { args, ret, .. } => (ids(args), self.tensor_ids(*ret)),
                Step::Delegate { args, .. } => (ids(args), ids(args)),
                Step::View { input, out, .. } => (ids(&[*input, *out]), ids(&[*out])),
                Step::Move { .. } | Step::JumpFalse { .. } | Step::Free { .. } => return false,
                Step::Folded => (Vec::new(), Vec::new()),
            });
        }
        let Some(last_use) = (from..steps.len()).rev().find(|&s| touched[s].0.contains(&t)) else {
            return true;
        };
        (from..=last_use).all(|s| {
            let (uses, writes) = &touched[s];
            let aliases_t = matches!(steps[s], Step::View { .. }) && uses.contains(&t);
            let clobbers_donor = writes.iter().any(|&w| self.shares_bytes(w, donor));
            !(writes.contains(&t) || uses.contains(&donor) || clobbers_donor || aliases_t)
        })
    }

    /// The tensor of value `v`, if it is one.
    fn tensor_id(&self, v: usize) -> Option<usize> {
        match self.values.get(v) {
            Some(Slot::Tensor(t)) => Some(*t),
            _ => None,
        }
    }

    /// The tensors value `v` refers to: itself, or a list's items.
    fn tensor_ids(&self, v: usize) -> Vec<usize> {
        match self.values.get(v) {
            Some(Slot::Tensor(t)) => vec![*t],
            Some(Slot::TensorList(items)) => {
                items.iter().filter_map(|&i| self.tensor_id(i)).collect()
            }
            Some(Slot::OptionalTensorList(items)) => {
                items.iter().flatten().filter_map(|&i| self.tensor_id(i)).collect()
            }
            _ => Vec::new(),
        }
    }

    /// Whether tensors `a` and `b` have planned bytes in common (at their capacities).
    fn shares_bytes(&self, a: usize, b: usize) -> bool {
        let range = |t: usize| match self.tensors[t].storage {
            Storage::Arena { arena, offset } => {
                Some((arena, offset, offset + self.tensors[t].capacity))
            }
            _ => None,
        };
        match (range(a), range(b)) {
            (Some((arena_a, start_a, end_a)), Some((arena_b, start_b, end_b))) => {
                arena_a == arena_b && start_a < end_b && start_b < end_a
            }
            _ => false,
        }
    }

    /// `max_pool2d_with_indices` whose indices nothing reads becomes `pterun::max_pool2d.out`:
    /// the same maxima, without the index bookkeeping.
    fn skip_unread_pool_indices(&mut self, kernels: &Registry) {
        const WITH_INDICES: &str = "aten::max_pool2d_with_indices.out";
        let Some((pool_op, pool)) = kernels.get(pterun_kernels::MAX_POOL2D) else { return };
        let counts = self.reader_counts();
        for chain in 0..self.chains.len() {
            for pc in 0..self.chains[chain].len() {
                let Step::Kernel { op: WITH_INDICES, args, ret, .. } = &self.chains[chain][pc]
                else {
                    continue;
                };
                let (Some(Slot::TensorList(outs)), 8) = (self.values.get(*ret), args.len()) else {
                    continue;
                };
                let &[out, indices] = &outs[..] else { continue };
                let Some(indices) = self.tensor_id(indices) else { continue };
                if self.tensor_id(out).is_none()
                    || self.readers_outside(&counts, indices, chain, pc..pc + 1) != 0
                {
                    continue;
                }
                let mut new_args = args[..6].to_vec();
                new_args.push(out);
                self.chains[chain][pc] =
                    Step::Kernel { op: pool_op, kernel: pool, args: new_args.into(), ret: out };
                self.stats.pools_without_indices += 1;
            }
        }
    }

    /// The fusion [`Method::fuse_conv_epilogues`] can make starting at step `pc`, if any.
    fn conv_epilogue_at(&self, counts: &[usize], chain: usize, pc: usize) -> Option<ConvEpilogue> {
        const CONV: &str = "aten::convolution.out";
        const NORM: &str = "aten::_native_batch_norm_legit_no_training.out";
        let steps = &self.chains[chain];
        let kernel_at = |at: usize| match steps.get(at) {
            Some(Step::Kernel { op, args, ret, .. }) => Some((*op, args.clone(), *ret)),
            _ => None,
        };
        let f32_tensor = |v: usize| match self.values.get(v) {
            Some(Slot::Tensor(t)) => (self.tensors[*t].dtype == ScalarType::Float).then_some(*t),
            _ => None,
        };
        let (CONV, conv_args, conv_ret) = kernel_at(pc)? else { return None };
        if conv_args.len() != 10 {
            return None;
        }
        // A fused result must not share bytes with the convolution's input: the planner may
        // have given it those bytes (the input is dead after the convolution in the original
        // order), and the runtime would then copy the input aside on every run. Such a
        // result takes the convolution output's bytes instead, where that is safe.
        let input = match self.values.get(conv_args[0]) {
            Some(Slot::Tensor(t)) => *t,
            _ => return None,
        };
        let apart = |t: usize| !self.shares_bytes(t, input);
        let mut last = f32_tensor(conv_ret)?;
        let mut len = 1;
        let mut out = conv_ret;
        let mut norm_args = None;
        // Only the fused steps may read an intermediate result.
        let private =
            |t: usize, len: usize| self.readers_outside(counts, t, chain, pc..pc + len) == 0;
        if let Some((NORM, args, ret)) = kernel_at(pc + 1) {
            let outs = match self.values.get(ret) {
                Some(Slot::TensorList(items)) if items.len() == 3 => items.clone(),
                _ => return None,
            };
            let (y, saved) = (f32_tensor(outs[0])?, [outs[1], outs[2]]);
            let reads_last = args.len() == 10 && f32_tensor(args[0]) == Some(last);
            let saved_unread = saved.iter().all(|&v| match self.values.get(v) {
                Some(Slot::Tensor(t)) => private(*t, 2),
                _ => false,
            });
            if reads_last && saved_unread && private(last, 2) {
                norm_args = Some(args.to_vec());
                last = y;
                out = outs[0];
                len = 2;
            }
        }
        let mut clamp = Clamp::None;
        if let Some((op, args, ret)) = kernel_at(pc + len) {
            let bounds = match (op, &args[..]) {
                ("aten::relu.out", [x, _]) if f32_tensor(*x) == Some(last) => Some(Clamp::Relu),
                ("aten::hardtanh.out", [x, lo, hi, _]) if f32_tensor(*x) == Some(last) => {
                    let finite = |v: usize| match self.values.get(v) {
                        Some(Slot::Int(_)) => true,
                        Some(Slot::Double(d)) => !d.is_nan(),
                        _ => false,
                    };
                    (finite(*lo) && finite(*hi)).then_some(Clamp::Bounds(*lo, *hi))
                }
                _ => None,
            };
            if let (Some(bounds), Some(result)) = (bounds, f32_tensor(ret)) {
                if private(last, len + 1) {
                    clamp = bounds;
                    out = ret;
                    last = result;
                    len += 1;
                }
            }
        }
        if len == 1 {
            return None;
        }
        let conv_out = f32_tensor(conv_ret)?;
        let retarget = if apart(last) {
            None
        } else if self.can_take_bytes(last, conv_out, pc + len) {
            Some((last, conv_out))
        } else {
            return None;
        };
        Some(ConvEpilogue { conv_args: conv_args.to_vec(), norm_args, clamp, out, len, retarget })
    }

    /// Runs once, at load, every kernel whose tensor inputs are all constants (such as the
    /// weight transposes `permute_copy` that exported linear layers recompute on every
    /// inference), keeps the result in a buffer of its own, and skips the instruction from
    /// then on. Only pure out-variant kernels with one static output that nothing else
    /// writes, and that is not a method input or output, are folded.
    fn fold_constants(&mut self) -> Result<()> {
        let mut writers = vec![0usize; self.tensors.len()];
        for step in self.chains.iter().flatten() {
            match step {
                Step::Kernel { ret, .. } => match &self.values[*ret] {
                    Slot::Tensor(t) => writers[*t] += 1,
                    Slot::TensorList(items) => {
                        for &i in items {
                            if let Slot::Tensor(t) = self.values[i] {
                                writers[t] += 1;
                            }
                        }
                    }
                    _ => {}
                },
                Step::Delegate { args, .. } => {
                    for &a in args.iter() {
                        if let Slot::Tensor(t) = self.values[a] {
                            writers[t] += 1;
                        }
                    }
                }
                Step::View { out, .. } => {
                    if let Slot::Tensor(t) = self.values[*out] {
                        writers[t] += 1;
                    }
                }
                _ => {}
            }
        }
        let boundary: Vec<usize> = self.inputs.iter().chain(&self.outputs).copied().collect();
        let is_constant = |storage: Storage| {
            matches!(storage, Storage::Constant { .. } | Storage::External { .. })
        };
        for chain in 0..self.chains.len() {
            for pc in 0..self.chains[chain].len() {
                let Step::Kernel { op, kernel, args, ret } = &self.chains[chain][pc] else {
                    continue;
                };
                let (op, kernel, args, ret) = (*op, *kernel, args.clone(), *ret);
                let Slot::Tensor(out) = self.values[ret] else { continue };
                if op.ends_with('_') || boundary.contains(&ret) || writers[out] != 1 {
                    continue;
                }
                let slot = &self.tensors[out];
                if slot.shape.dynamism() != ShapeDynamism::Static
                    || !matches!(slot.storage, Storage::Arena { .. })
                    || !self.aliases.sources(out).is_empty()
                {
                    continue;
                }
                // Views the exporter removed read the result's planned bytes: they move with
                // it, so each must lie within those bytes and read nothing else.
                let Some(view_offsets) = self.view_offsets(out) else { continue };
                let mut tensor_inputs = 0;
                let mut foldable = true;
                for &a in args.iter() {
                    let ids: Vec<usize> = match &self.values[a] {
                        Slot::Tensor(t) if *t == out => continue,
                        Slot::Tensor(t) => vec![*t],
                        Slot::TensorList(items) => items
                            .iter()
                            .filter_map(|&i| match self.values[i] {
                                Slot::Tensor(t) => Some(t),
                                _ => None,
                            })
                            .collect(),
                        Slot::OptionalTensorList(_) => {
                            foldable = false;
                            break;
                        }
                        _ => continue,
                    };
                    for t in ids {
                        tensor_inputs += 1;
                        foldable &= is_constant(self.tensors[t].storage) || self.tensors[t].folded;
                    }
                }
                if !foldable || tensor_inputs == 0 {
                    continue;
                }
                // The result gets a buffer of its own, written directly by the kernel: the
                // planned bytes it had are reused by other tensors during execution.
                let capacity = self.tensors[out].capacity;
                self.arenas.push(Arena::zeroed(capacity)?);
                let arena = self.arenas.len() - 1;
                self.tensors[out].storage = Storage::Arena { arena, offset: 0 };
                for (view, offset) in view_offsets {
                    self.tensors[view].storage = Storage::Arena { arena, offset };
                    self.tensors[view].folded = true;
                    self.stats.folded_views += 1;
                }
                self.run_kernel(pc, op, kernel, &args, ret)?;
                let nbytes = self.tensors[out].nbytes();
                let slot = &mut self.tensors[out];
                slot.folded = true;
                self.chains[chain][pc] = Step::Folded;
                self.stats.folded_instructions += 1;
                self.stats.folded_bytes += nbytes as u64;
            }
        }
        Ok(())
    }

    /// The aliases of `base` with their byte offsets within it, when all of them are pure
    /// views of it with static shapes lying inside its planned bytes; `None` otherwise.
    fn view_offsets(&self, base: usize) -> Option<Vec<(usize, usize)>> {
        if !self.aliases.views_only(base) {
            return None;
        }
        let Storage::Arena { arena, offset } = self.tensors[base].storage else { return None };
        let end = offset.checked_add(self.tensors[base].capacity)?;
        let boundary = self.inputs.iter().filter_map(|&v| self.tensor_id(v));
        let inputs: Vec<usize> = boundary.collect();
        self.aliases
            .aliases(base)
            .iter()
            .map(|&view| {
                let slot = &self.tensors[view];
                match slot.storage {
                    Storage::Arena { arena: a, offset: at }
                        if a == arena
                            && at >= offset
                            && at.checked_add(slot.capacity)? <= end
                            && slot.shape.dynamism() == ShapeDynamism::Static
                            && !inputs.contains(&view) =>
                    {
                        Some((view, at - offset))
                    }
                    _ => None,
                }
            })
            .collect()
    }

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

    /// Runs the chains, handing each executed step's results to `observe` if given.
    fn run(&mut self, mut observe: Option<&mut dyn FnMut(&StepValues<'_>)>) -> Result<()> {
        if let Some(index) = self.inputs_set.iter().position(|set| !set) {
            // Inputs whose value is not a tensor are baked into the program.
            let tensor_input = matches!(self.values.get(self.inputs[index]), Some(Slot::Tensor(_)));
            if tensor_input {
                return Err(Error::InputNotSet { index });
            }
        }
        // Scalars written by prim ops and moved values start from their loaded state.
        for &v in &self.written_values {
            self.values[v].clone_from(&self.initial_values[v]);
        }
        self.restore_inputs()?;
        let mut executed = 0u64;
        let started = Instant::now();
        for chain in 0..self.chains.len() {
            let mut pc = 0;
            while pc < self.chains[chain].len() {
                executed += 1;
                if executed > INSTRUCTION_LIMIT {
                    return Err(Error::InstructionLimit { limit: INSTRUCTION_LIMIT });
                }
                if self.profile.is_some() {
                    let begin = Instant::now();
                    let next = self.step(chain, pc)?;
                    let event = ProfileEvent {
                        chain,
                        instruction: pc,
                        name: self.step_name(chain, pc),
                        start: begin - started,
                        duration: begin.elapsed(),
                    };
                    if let Some(events) = self.profile.as_mut() {
                        events.push(event);
                    }
                    pc = next;
                } else if let Some(observe) = observe.as_mut() {
                    let next = self.step(chain, pc)?;
                    observe(&self.step_values(chain, pc)?);
                    pc = next;
                } else {
                    pc = self.step(chain, pc)?;
                }
            }
        }
        Ok(())
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

    fn tensor_ref(&self, t: usize) -> Result<TensorRef<'_>> {
        let slot = &self.tensors[t];
        let nbytes = slot.nbytes();
        let data = self
            .storage_bytes(slot.storage, nbytes)
            .ok_or(Error::NullData { value: slot.value })?;
        Ok(TensorRef { dtype: slot.dtype, sizes: slot.shape.sizes(), data })
    }

    fn storage_bytes(&self, storage: Storage, nbytes: usize) -> Option<&[u8]> {
        match storage {
            Storage::Null => None,
            Storage::Arena { arena, offset } => {
                self.arenas.get(arena)?.bytes().get(offset..offset.checked_add(nbytes)?)
            }
            Storage::Constant { offset } => self.program.constant_bytes(offset, nbytes as u64),
            Storage::External { index } => self.external.get(index)?.as_bytes().get(..nbytes),
        }
    }

    fn step(&mut self, chain: usize, pc: usize) -> Result<usize> {
        let next = pc + 1;
        match &self.chains[chain][pc] {
            Step::Kernel { op, kernel, args, ret } => {
                let (op, kernel, ret) = (*op, *kernel, *ret);
                let args = Arc::clone(args);
                self.run_kernel(pc, op, kernel, &args, ret)?;
            }
            Step::View { input, size, out } => {
                let (input, size, out) = (*input, *size, *out);
                self.run_view(pc, input, size, out)?;
            }
            Step::Delegate { index, args } => {
                let (index, args) = (*index, Arc::clone(args));
                self.run_delegate(pc, index, &args)?;
            }
            Step::Move { from, to } => {
                let moved = self.values[*from].clone();
                self.values[*to] = moved;
            }
            Step::JumpFalse { condition, destination } => {
                let destination = *destination;
                if !self.condition(pc, *condition)? {
                    return Ok(destination);
                }
            }
            Step::Folded => {}
            Step::Free { value } => {
                if let Slot::Tensor(t) = self.values[*value] {
                    self.tensors[t].storage = Storage::Null;
                }
            }
        }
        Ok(next)
    }

    fn condition(&self, pc: usize, value: usize) -> Result<bool> {
        match &self.values[value] {
            Slot::Bool(b) => Ok(*b),
            Slot::Tensor(t) => {
                let tensor = self.tensor_ref(*t)?;
                if tensor.dtype != ScalarType::Bool {
                    return Err(Error::ValueKind {
                        instruction: pc,
                        value,
                        expected: "bool tensor",
                        found: "tensor",
                    });
                }
                Ok(tensor.data.iter().all(|&b| b != 0))
            }
            other => Err(Error::ValueKind {
                instruction: pc,
                value,
                expected: "bool",
                found: other.kind(),
            }),
        }
    }

    fn tensor_of(&self, pc: usize, value: usize) -> Result<usize> {
        match &self.values[value] {
            Slot::Tensor(t) => Ok(*t),
            other => Err(Error::ValueKind {
                instruction: pc,
                value,
                expected: "tensor",
                found: other.kind(),
            }),
        }
    }

    fn int_list(&self, pc: usize, items: &[usize]) -> Result<Vec<i64>> {
        items
            .iter()
            .map(|&i| match &self.values[i] {
                Slot::Int(v) => Ok(*v),
                other => Err(Error::ValueKind {
                    instruction: pc,
                    value: i,
                    expected: "int",
                    found: other.kind(),
                }),
            })
            .collect()
    }

    /// `et_view`: the output takes new sizes and aliases the input's bytes.
    fn run_view(&mut self, pc: usize, input: usize, size: usize, out: usize) -> Result<()> {
        let source = self.tensor_of(pc, input)?;
        let target = self.tensor_of(pc, out)?;
        let requested = match &self.values[size] {
            Slot::IntList(items) => self.int_list(pc, items)?,
            other => {
                return Err(Error::ValueKind {
                    instruction: pc,
                    value: size,
                    expected: "int list",
                    found: other.kind(),
                })
            }
        };
        let numel: usize = self.tensors[source].shape.sizes().iter().product();
        let sizes = infer_view_sizes(&requested, numel).ok_or_else(|| Error::Kernel {
            instruction: pc,
            op: VIEW_OP,
            source: pterun_kernels::Error::ShapeMismatch {
                op: VIEW_OP,
                detail: format!("cannot view {numel} elements as {requested:?}"),
            },
        })?;
        let storage = self.tensors[source].storage;
        let slot = &mut self.tensors[target];
        slot.shape.resize(&sizes).map_err(|source| Error::Kernel {
            instruction: pc,
            op: VIEW_OP,
            source,
        })?;
        slot.storage = storage;
        Ok(())
    }

    fn run_kernel(
        &mut self,
        pc: usize,
        op: &'static str,
        kernel: KernelFn,
        args: &[usize],
        ret: usize,
    ) -> Result<()> {
        // The return slot decides the outputs: a tensor, a list of tensors, or a scalar.
        let out_tensors: Vec<usize> = match &self.values[ret] {
            Slot::Tensor(t) => vec![*t],
            Slot::TensorList(items) => {
                items.iter().map(|&v| self.tensor_of(pc, v)).collect::<Result<_>>()?
            }
            _ => Vec::new(),
        };
        let scalar_ret = out_tensors.is_empty();

        let Method { arenas, tensors, values, program, external, .. } = self;
        let tensors_ref: &mut Vec<TensorSlot> = tensors;

        // Output byte ranges, per arena.
        let mut out_ranges = Vec::with_capacity(out_tensors.len());
        for &t in &out_tensors {
            let slot = &tensors_ref[t];
            match slot.storage {
                Storage::Arena { arena, offset } => out_ranges.push((arena, offset, slot.capacity)),
                _ => return Err(Error::NullData { value: slot.value }),
            }
        }

        // Inputs that share bytes with an output are copied aside before splitting.
        let mut scratch: Vec<(usize, Arena)> = Vec::new();
        let mut input_tensors = Vec::new();
        for &a in args {
            match &values[a] {
                Slot::Tensor(t) => input_tensors.push(*t),
                Slot::TensorList(items) => {
                    for &i in items {
                        if let Slot::Tensor(t) = values[i] {
                            input_tensors.push(t);
                        }
                    }
                }
                Slot::OptionalTensorList(items) => {
                    for i in items.iter().flatten() {
                        if let Slot::Tensor(t) = values[*i] {
                            input_tensors.push(t);
                        }
                    }
                }
                _ => {}
            }
        }
        for &t in &input_tensors {
            if out_tensors.contains(&t) || scratch.iter().any(|(s, _)| *s == t) {
                continue;
            }
            let slot = &tensors_ref[t];
            if let Storage::Arena { arena, offset } = slot.storage {
                let len = slot.nbytes();
                let overlaps = out_ranges.iter().any(|&(a, o, l)| {
                    a == arena && offset < o + l && o < offset + len && len > 0 && l > 0
                });
                if overlaps {
                    let mut copy = Arena::zeroed(len)?;
                    let src = arenas[arena]
                        .bytes()
                        .get(offset..offset + len)
                        .ok_or(Error::NullData { value: slot.value })?;
                    copy.bytes_mut().copy_from_slice(src);
                    scratch.push((t, copy));
                }
            }
        }

        // Take the outputs' shapes out of the table so they can be borrowed mutably.
        let mut out_shapes = take_shapes(tensors_ref, &out_tensors);
        let tensors_view: &Vec<TensorSlot> = tensors_ref;

        let result = {
            let (mut out_slices, pieces) = split_arenas(arenas, &out_ranges)
                .ok_or(Error::OverlappingOutputs { instruction: pc })?;
            let scratch_ref = &scratch;
            let input_bytes = |t: usize| -> Result<TensorRef<'_>> {
                let slot = &tensors_view[t];
                let nbytes = slot.nbytes();
                let data: &[u8] = if let Some((_, copy)) = scratch_ref.iter().find(|(s, _)| *s == t)
                {
                    copy.bytes()
                } else {
                    match slot.storage {
                        Storage::Null => return Err(Error::NullData { value: slot.value }),
                        Storage::Arena { arena, offset } => {
                            find_piece(&pieces, arena, offset, nbytes)
                                .ok_or(Error::NullData { value: slot.value })?
                        }
                        Storage::Constant { offset } => program
                            .constant_bytes(offset, nbytes as u64)
                            .ok_or(Error::NullData { value: slot.value })?,
                        Storage::External { index } => external
                            .get(index)
                            .and_then(|s| s.as_bytes().get(..nbytes))
                            .ok_or(Error::NullData { value: slot.value })?,
                    }
                };
                Ok(TensorRef { dtype: slot.dtype, sizes: slot.shape.sizes(), data })
            };

            let mut call_args = Vec::with_capacity(args.len());
            for &a in args {
                call_args.push(match &values[a] {
                    Slot::None => Arg::None,
                    Slot::Int(v) => Arg::Int(*v),
                    Slot::Double(v) => Arg::Double(*v),
                    Slot::Bool(v) => Arg::Bool(*v),
                    Slot::Str(s) => Arg::Str(s.as_str()),
                    Slot::IntList(items) => Arg::IntList(
                        items
                            .iter()
                            .map(|&i| match &values[i] {
                                Slot::Int(v) => Ok(*v),
                                other => Err(Error::ValueKind {
                                    instruction: pc,
                                    value: i,
                                    expected: "int",
                                    found: other.kind(),
                                }),
                            })
                            .collect::<Result<_>>()?,
                    ),
                    Slot::DoubleList(v) => Arg::DoubleList(v.clone()),
                    Slot::BoolList(v) => Arg::BoolList(v.clone()),
                    Slot::Tensor(t) => match out_tensors.iter().position(|o| o == t) {
                        Some(k) => Arg::Out(k),
                        None => Arg::Tensor(input_bytes(*t)?),
                    },
                    Slot::TensorList(items) => {
                        let ids: Vec<usize> = items
                            .iter()
                            .map(|&i| match values[i] {
                                Slot::Tensor(t) => Ok(t),
                                ref other => Err(Error::ValueKind {
                                    instruction: pc,
                                    value: i,
                                    expected: "tensor",
                                    found: other.kind(),
                                }),
                            })
                            .collect::<Result<_>>()?;
                        let positions: Vec<Option<usize>> =
                            ids.iter().map(|t| out_tensors.iter().position(|o| o == t)).collect();
                        if !ids.is_empty() && positions.iter().all(Option::is_some) {
                            Arg::OutList(positions.into_iter().flatten().collect())
                        } else {
                            Arg::TensorList(
                                ids.iter().map(|&t| input_bytes(t)).collect::<Result<_>>()?,
                            )
                        }
                    }
                    Slot::OptionalTensorList(items) => Arg::OptionalTensorList(
                        items
                            .iter()
                            .map(|item| match item {
                                None => Ok(None),
                                Some(i) => match values[*i] {
                                    Slot::Tensor(t) => input_bytes(t).map(Some),
                                    _ => Ok(None),
                                },
                            })
                            .collect::<Result<_>>()?,
                    ),
                });
            }

            let mut outs = Vec::with_capacity(out_tensors.len());
            for ((&t, shape), slice) in
                out_tensors.iter().zip(out_shapes.iter_mut()).zip(out_slices.iter_mut())
            {
                let data = std::mem::take(slice);
                outs.push(TensorMut::new(tensors_view[t].dtype, shape, data));
            }
            let mut call = KernelCall { op, args: call_args, outs, scalar_out: None };
            kernel(&mut call).map(|()| call.scalar_out).map_err(|source| Error::Kernel {
                instruction: pc,
                op,
                source,
            })
        };

        for (&t, shape) in out_tensors.iter().zip(out_shapes) {
            tensors_ref[t].shape = shape;
        }
        let scalar = result?;
        if scalar_ret {
            match scalar {
                Some(Scalar::Int(v)) => values[ret] = Slot::Int(v),
                Some(Scalar::Double(v)) => values[ret] = Slot::Double(v),
                Some(Scalar::Bool(v)) => values[ret] = Slot::Bool(v),
                None => {}
            }
        }
        Ok(())
    }

    fn run_delegate(&mut self, pc: usize, index: usize, args: &[usize]) -> Result<()> {
        let Method { arenas, tensors, values, program, delegates, .. } = self;
        let delegate = delegates.get_mut(index).ok_or(Error::ValueKind {
            instruction: pc,
            value: index,
            expected: "delegate",
            found: "nothing",
        })?;
        let mut arg_tensors = Vec::new();
        for &a in args {
            if let Slot::Tensor(t) = values[a] {
                if let Storage::Arena { .. } = tensors[t].storage {
                    if !arg_tensors.contains(&t) {
                        arg_tensors.push(t);
                    }
                }
            }
        }
        let ranges: Vec<(usize, usize, usize)> = arg_tensors
            .iter()
            .filter_map(|&t| match tensors[t].storage {
                Storage::Arena { arena, offset } => Some((arena, offset, tensors[t].capacity)),
                _ => None,
            })
            .collect();
        let mut shapes = take_shapes(tensors, &arg_tensors);
        let result = {
            let (mut slices, _) = split_arenas(arenas, &ranges)
                .ok_or(Error::OverlappingOutputs { instruction: pc })?;
            let mut owned: Vec<Option<TensorMut<'_>>> = arg_tensors
                .iter()
                .zip(shapes.iter_mut())
                .zip(slices.iter_mut())
                .map(|((&t, shape), slice)| {
                    Some(TensorMut::new(tensors[t].dtype, shape, std::mem::take(slice)))
                })
                .collect();
            let mut delegate_args = Vec::with_capacity(args.len());
            for &a in args {
                delegate_args.push(match &values[a] {
                    Slot::Int(v) => DelegateArg::Int(*v),
                    Slot::Double(v) => DelegateArg::Double(*v),
                    Slot::Bool(v) => DelegateArg::Bool(*v),
                    Slot::Tensor(t) => match arg_tensors.iter().position(|x| x == t) {
                        Some(k) => match owned[k].take() {
                            Some(tensor) => DelegateArg::Tensor(tensor),
                            None => DelegateArg::Other,
                        },
                        None => {
                            let slot = &tensors[*t];
                            let nbytes = slot.shape.sizes().iter().product::<usize>()
                                * slot.dtype.element_size();
                            match slot.storage {
                                Storage::Constant { offset } => {
                                    match program.constant_bytes(offset, nbytes as u64) {
                                        Some(data) => DelegateArg::Constant(TensorRef {
                                            dtype: slot.dtype,
                                            sizes: slot.shape.sizes(),
                                            data,
                                        }),
                                        None => return Err(Error::NullData { value: a }),
                                    }
                                }
                                _ => return Err(Error::NullData { value: a }),
                            }
                        }
                    },
                    _ => DelegateArg::Other,
                });
            }
            delegate.handle.execute(&mut delegate_args).map_err(|e| Error::Delegate {
                backend: delegate.backend.clone(),
                message: e.message,
                code: e.code,
            })
        };
        for (&t, shape) in arg_tensors.iter().zip(shapes) {
            tensors[t].shape = shape;
        }
        result
    }
}

/// Value slots that executing `chains` can overwrite: the return slot of kernels that
/// produce a scalar (prim ops) and the targets of moves.
fn written_values(values: &[Slot], chains: &[Vec<Step>]) -> Vec<usize> {
    let mut written: Vec<usize> = chains
        .iter()
        .flatten()
        .filter_map(|step| match step {
            Step::Kernel { ret, .. }
                if !matches!(values[*ret], Slot::Tensor(_) | Slot::TensorList(_)) =>
            {
                Some(*ret)
            }
            Step::Move { to, .. } => Some(*to),
            _ => None,
        })
        .collect();
    written.sort_unstable();
    written.dedup();
    written
}

/// Which inputs live in planned bytes that an instruction may overwrite (the planner
/// reuses an input's memory once the input is dead).
fn clobbered_inputs(
    inputs: &[usize],
    values: &[Slot],
    tensors: &[TensorSlot],
    chains: &[Vec<Step>],
) -> Vec<bool> {
    let range = |t: usize| match tensors[t].storage {
        Storage::Arena { arena, offset } => Some((arena, offset, offset + tensors[t].capacity)),
        _ => None,
    };
    let tensor_of = |v: usize| match values.get(v) {
        Some(Slot::Tensor(t)) => Some(*t),
        _ => None,
    };
    let mut written: Vec<(usize, usize, usize)> = Vec::new();
    for step in chains.iter().flatten() {
        match step {
            Step::Kernel { ret, .. } => match values.get(*ret) {
                Some(Slot::Tensor(t)) => written.extend(range(*t)),
                Some(Slot::TensorList(items)) => {
                    written.extend(items.iter().filter_map(|&i| tensor_of(i)).filter_map(range))
                }
                _ => {}
            },
            Step::Delegate { args, .. } => {
                written.extend(args.iter().filter_map(|&a| tensor_of(a)).filter_map(range))
            }
            _ => {}
        }
    }
    inputs
        .iter()
        .map(|&v| {
            let Some(t) = tensor_of(v) else { return false };
            let Some((arena, start, end)) = range(t) else { return false };
            // Conservative: a delegate's own input among its arguments counts as a write.
            written.iter().any(|&(a, s, e)| a == arena && s < end && start < e)
        })
        .collect()
}

/// Moves the shapes of `ids` out of the tensor table, so that they can be lent mutably
/// while the rest of the table is read; the caller puts them back.
fn take_shapes(tensors: &mut [TensorSlot], ids: &[usize]) -> Vec<Shape> {
    ids.iter()
        .map(|&t| {
            std::mem::replace(&mut tensors[t].shape, Shape::new(Vec::new(), ShapeDynamism::Static))
        })
        .collect()
}

/// Sizes for a view, with at most one `-1` inferred from the element count.
fn infer_view_sizes(requested: &[i64], numel: usize) -> Option<Vec<usize>> {
    let mut inferred = None;
    let mut known = 1usize;
    let mut sizes = Vec::with_capacity(requested.len());
    for (i, &s) in requested.iter().enumerate() {
        if s == -1 {
            if inferred.replace(i).is_some() {
                return None;
            }
            sizes.push(0);
        } else {
            let s = usize::try_from(s).ok()?;
            known = known.checked_mul(s)?;
            sizes.push(s);
        }
    }
    match inferred {
        Some(i) => {
            if known == 0 || !numel.is_multiple_of(known) {
                return None;
            }
            sizes[i] = numel / known;
        }
        None if known != numel => return None,
        None => {}
    }
    Some(sizes)
}

type Pieces<'a> = Vec<(usize, usize, &'a [u8])>;

/// Splits arenas around output ranges `(arena, offset, len)`: one mutable slice per output
/// (in order) and read-only pieces `(arena, start, bytes)` for everything else. `None` if
/// outputs overlap or lie outside their arena.
fn split_arenas<'a>(
    arenas: &'a mut [Arena],
    outs: &[(usize, usize, usize)],
) -> Option<(Vec<&'a mut [u8]>, Pieces<'a>)> {
    let mut out_slices: Vec<Option<&'a mut [u8]>> = (0..outs.len()).map(|_| None).collect();
    let mut pieces = Vec::new();
    for (arena_index, arena) in arenas.iter_mut().enumerate() {
        let mut mine: Vec<(usize, usize, usize)> = outs
            .iter()
            .enumerate()
            .filter(|(_, o)| o.0 == arena_index)
            .map(|(k, o)| (o.1, o.2, k))
            .collect();
        mine.sort_unstable();
        let mut rest: &'a mut [u8] = arena.bytes_mut();
        let mut cursor = 0usize;
        for (offset, len, k) in mine {
            let skip = offset.checked_sub(cursor)?;
            if skip > rest.len() {
                return None;
            }
            let (before, tail) = rest.split_at_mut(skip);
            pieces.push((arena_index, cursor, &*before));
            if len > tail.len() {
                return None;
            }
            let (out, after) = tail.split_at_mut(len);
            out_slices[k] = Some(out);
            rest = after;
            cursor = offset + len;
        }
        pieces.push((arena_index, cursor, &*rest));
    }
    out_slices.into_iter().collect::<Option<Vec<_>>>().map(|slices| (slices, pieces))
}

fn find_piece<'a>(
    pieces: &Pieces<'a>,
    arena: usize,
    offset: usize,
    len: usize,
) -> Option<&'a [u8]> {
    pieces.iter().find_map(|&(a, start, bytes)| {
        if a != arena || offset < start {
            return None;
        }
        let from = offset - start;
        bytes.get(from..from.checked_add(len)?)
    })
}

#[allow(clippy::too_many_arguments, reason = "one call site; the pieces of method state it fills")]
fn tensor_slot(
    program: &Program,
    loader: &dyn DataLoader,
    value: usize,
    t: &TensorView<'_>,
    arenas: &mut Vec<Arena>,
    external: &mut Vec<pterun_memory::Segment>,
    external_data: Option<&ExternalData>,
    stats: &mut MethodLoadStats,
) -> Result<TensorSlot> {
    if t.dynamism == ShapeDynamism::DynamicUnbound {
        return Err(unsupported(value, "tensors with unbounded dynamic shapes are not supported"));
    }
    if t.dim_order.iter().enumerate().any(|(i, &d)| d as usize != i) {
        return Err(unsupported(value, format!("dim order {:?} is not contiguous", t.dim_order)));
    }
    let capacity = t.nbytes as usize;
    let shape = Shape::new(t.sizes.to_vec(), t.dynamism);
    let mut preset = false;
    let storage = match &t.data {
        TensorData::RuntimeProvided => Storage::Null,
        TensorData::Constant { range, .. } => {
            let aligned = program
                .constant_bytes(range.offset, range.len)
                .map(|b| (b.as_ptr() as usize).is_multiple_of(t.scalar_type.element_size().max(1)))
                .ok_or(Error::NullData { value })?;
            if aligned {
                Storage::Constant { offset: range.offset }
            } else {
                let bytes = program
                    .constant_bytes(range.offset, range.len)
                    .ok_or(Error::NullData { value })?;
                let mut copy = Arena::zeroed(bytes.len())?;
                copy.bytes_mut().copy_from_slice(bytes);
                stats.bytes_copied += bytes.len() as u64;
                arenas.push(copy);
                preset = true;
                Storage::Arena { arena: arenas.len() - 1, offset: 0 }
            }
        }
        TensorData::InlineConstant { bytes, .. } => Storage::Constant { offset: bytes.offset },
        TensorData::External { key } => {
            let data =
                external_data.ok_or_else(|| Error::ExternalDataMissing { key: key.to_string() })?;
            let segment = data.tensor(key, t)?;
            external.push(segment);
            Storage::External { index: external.len() - 1 }
        }
        TensorData::Planned { arena, offset, initial } => {
            let arena_index = arena - 1;
            let offset = *offset as usize;
            if let Some(initial) = initial {
                let dst = arenas
                    .get_mut(arena_index)
                    .and_then(|a| a.bytes_mut().get_mut(offset..offset + capacity))
                    .ok_or(Error::NullData { value })?;
                match initial {
                    pterun_format::InitialState::Segment { index, range } => {
                        loader.load_into(range.offset, dst, &SegmentInfo::mutable(*index))?;
                    }
                    pterun_format::InitialState::External { key } => {
                        let data = external_data
                            .ok_or_else(|| Error::ExternalDataMissing { key: key.to_string() })?;
                        let segment = data.tensor(key, t)?;
                        dst.copy_from_slice(segment.as_bytes());
                    }
                }
                stats.bytes_copied += capacity as u64;
                preset = true;
            }
            Storage::Arena { arena: arena_index, offset }
        }
    };
    Ok(TensorSlot { dtype: t.scalar_type, shape, storage, capacity, value, folded: false, preset })
}

fn resolve_chains(
    view: &MethodView<'_>,
    values: &[Slot],
    kernels: &Registry,
) -> Result<Vec<Vec<Step>>> {
    let mut missing: Vec<String> = Vec::new();
    let mut chains = Vec::with_capacity(view.chains.len());
    for chain in &view.chains {
        let mut steps = Vec::with_capacity(chain.len());
        for instruction in chain {
            steps.push(match instruction {
                Instruction::Kernel { operator, args } => {
                    let name =
                        view.operators.get(*operator).map(|o| o.full_name()).unwrap_or_default();
                    let mut all: Vec<usize> = args.to_vec();
                    let ret = all.pop();
                    match (name.as_str(), ret) {
                        (VIEW_OP, Some(out)) if all.len() == 2 => {
                            Step::View { input: all[0], size: all[1], out }
                        }
                        (_, Some(ret)) => match kernels.get(&name) {
                            Some((op, kernel)) => {
                                Step::Kernel { op, kernel, args: all.into(), ret }
                            }
                            None => {
                                if !missing.contains(&name) {
                                    missing.push(name);
                                }
                                continue;
                            }
                        },
                        (_, None) => {
                            return Err(Error::ValueKind {
                                instruction: steps.len(),
                                value: 0,
                                expected: "arguments",
                                found: "none",
                            })
                        }
                    }
                }
                Instruction::Delegate { delegate, args } => {
                    Step::Delegate { index: *delegate, args: args.to_vec().into() }
                }
                Instruction::Move { from, to } => Step::Move { from: *from, to: *to },
                Instruction::JumpFalse { condition, destination } => {
                    Step::JumpFalse { condition: *condition, destination: *destination }
                }
                Instruction::Free { value } => {
                    if !matches!(values.get(*value), Some(Slot::Tensor(_))) {
                        return Err(Error::ValueKind {
                            instruction: steps.len(),
                            value: *value,
                            expected: "tensor",
                            found: "other",
                        });
                    }
                    Step::Free { value: *value }
                }
            });
        }
        chains.push(steps);
    }
    if missing.is_empty() {
        Ok(chains)
    } else {
        Err(Error::OperatorMissing { names: missing })
    }
}
