//! Building a method from its verified view: planned memory, the value table, tensors,
//! kernels resolved by name, delegates initialised; then the load-time passes.

use crate::method::*;

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
            delegates.push(DelegateSlot {
                backend: delegate.backend_id.to_string(),
                handle: std::sync::Mutex::new(handle),
            });
        }
        stats.delegates = delegates.len();

        let arena_sizes = arenas.iter().map(|a| a.bytes().len()).collect();
        let mut plan = Plan {
            program: program.clone(),
            name: name.to_string(),
            meta: MethodMeta::new(view),
            tensors,
            written_values: written_values(&values, &chains),
            values,
            chains,
            bound: Vec::new(),
            delegates,
            inputs: view.inputs.clone(),
            outputs: view.outputs.clone(),
            clobbered_inputs: Vec::new(),
            external,
            frozen: Vec::new(),
            presets: Vec::new(),
            arena_sizes,
            stats,
            aliases: Aliases::default(),
        };
        plan.clobbered_inputs = plan.clobbered_inputs();
        let seen = plan.alias_walk();
        if cfg!(debug_assertions) {
            plan.check_dangling_aliases(&seen)?;
        }
        plan.aliases = Aliases::new(seen);
        plan.run_passes(options.passes, options.kernels)?;
        plan.bind_arguments();
        plan.presets = presets(&plan.tensors, &arenas);
        let state = State::new(&plan, arenas)?;
        plan.prepare_delegates(&state)?;
        plan.stats.load_time = start.elapsed();
        Ok(Method { plan: Arc::new(plan), state })
    }
}

impl Plan {
    /// For each input, whether some step writes bytes it lies in (its planned bytes are
    /// reused): its data must be kept and restored before each execution. Conservative: a
    /// delegate's own input among its arguments counts as a write.
    fn clobbered_inputs(&self) -> Vec<bool> {
        let range = |t: usize| match self.tensors[t].storage {
            Storage::Arena { arena, offset } => {
                Some((arena, offset, offset + self.tensors[t].capacity))
            }
            _ => None,
        };
        let mut written: Vec<(usize, usize, usize)> = Vec::new();
        for step in self.chains.iter().flatten() {
            self.for_each_write(step, |t| written.extend(range(t)));
        }
        self.inputs
            .iter()
            .map(|&v| {
                let Some((arena, start, end)) = self.tensor_id(v).and_then(range) else {
                    return false;
                };
                written.iter().any(|&(a, s, e)| a == arena && s < end && start < e)
            })
            .collect()
    }
}

impl State {
    /// A state over `arenas` (zeroed, `plan.arena_sizes` long) as freshly loaded: the
    /// plan's presets written, the tables copied, no input set.
    pub(in crate::method) fn new(plan: &Plan, mut arenas: Vec<Arena>) -> Result<State> {
        for (arena, offset, bytes) in &plan.presets {
            let dst = arenas
                .get_mut(*arena)
                .and_then(|a| a.bytes_mut().get_mut(*offset..offset.checked_add(bytes.len())?))
                .ok_or(Error::NullData { value: 0 })?;
            dst.copy_from_slice(bytes);
        }
        Ok(State {
            arenas,
            tensors: plan.tensors.clone(),
            values: plan.values.clone(),
            inputs_set: vec![false; plan.inputs.len()],
            saved_inputs: vec![None; plan.inputs.len()],
            profile: None,
        })
    }
}

/// The bytes that tensors hold from the moment of loading (mutable buffers' initial
/// state, constants copied for alignment), to write into every new state's arenas; the
/// arenas are zeroed, so zero bytes are left out.
fn presets(tensors: &[TensorSlot], arenas: &[Arena]) -> Vec<(usize, usize, Box<[u8]>)> {
    tensors
        .iter()
        .filter(|t| t.preset)
        .filter_map(|t| match t.storage {
            Storage::Arena { arena, offset } => {
                let bytes =
                    arenas.get(arena)?.bytes().get(offset..offset.checked_add(t.capacity)?)?;
                bytes.iter().any(|&b| b != 0).then(|| (arena, offset, Box::from(bytes)))
            }
            _ => None,
        })
        .collect()
}

/// Value slots that executing `chains` can overwrite: the return slot of kernels that
/// produce a scalar (prim ops) and the targets of moves.
pub(in crate::method) fn written_values(values: &[Slot], chains: &[Vec<Step>]) -> Vec<usize> {
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
#[allow(clippy::too_many_arguments, reason = "one call site; the pieces of method state it fills")]
pub(in crate::method) fn tensor_slot(
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

pub(in crate::method) fn resolve_chains(
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
                            Some((op, kernel)) => Step::Kernel {
                                op,
                                kernel,
                                args: all.into(),
                                ret,
                                writes: kernels.written_args(op),
                            },
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
