//! The interpreter: the execute loop, one step, and argument marshalling for kernels and
//! delegates.

use crate::method::*;

impl Plan {
    /// The name of step `pc` of chain `chain`, for profiles and dumps.
    pub(in crate::method) fn step_name(&self, chain: usize, pc: usize) -> String {
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
}

impl State {
    /// Runs the chains of `plan`, handing each executed step's results to `observe` if
    /// given.
    pub(in crate::method) fn run(
        &mut self,
        plan: &Plan,
        mut observe: Option<&mut dyn FnMut(&StepValues<'_>)>,
    ) -> Result<()> {
        if let Some(index) = self.inputs_set.iter().position(|set| !set) {
            // Inputs whose value is not a tensor are baked into the program.
            let tensor_input = matches!(self.values.get(plan.inputs[index]), Some(Slot::Tensor(_)));
            if tensor_input {
                return Err(Error::InputNotSet { index });
            }
        }
        // Scalars written by prim ops and moved values start from their loaded state.
        for &v in &plan.written_values {
            self.values[v].clone_from(&plan.values[v]);
        }
        self.restore_inputs(plan)?;
        let mut executed = 0u64;
        let started = Instant::now();
        for chain in 0..plan.chains.len() {
            let mut pc = 0;
            while pc < plan.chains[chain].len() {
                executed += 1;
                if executed > INSTRUCTION_LIMIT {
                    return Err(Error::InstructionLimit { limit: INSTRUCTION_LIMIT });
                }
                if self.profile.is_some() {
                    let begin = Instant::now();
                    let next = self.step(plan, chain, pc)?;
                    let event = ProfileEvent {
                        chain,
                        instruction: pc,
                        name: plan.step_name(chain, pc),
                        start: begin - started,
                        duration: begin.elapsed(),
                    };
                    if let Some(events) = self.profile.as_mut() {
                        events.push(event);
                    }
                    pc = next;
                } else if let Some(observe) = observe.as_mut() {
                    let next = self.step(plan, chain, pc)?;
                    observe(&self.step_values(plan, chain, pc)?);
                    pc = next;
                } else {
                    pc = self.step(plan, chain, pc)?;
                }
            }
        }
        Ok(())
    }

    fn restore_inputs(&mut self, plan: &Plan) -> Result<()> {
        for (index, saved) in self.saved_inputs.iter().enumerate() {
            let Some(bytes) = saved else { continue };
            let value = plan.inputs[index];
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

    pub(in crate::method) fn tensor_ref<'a>(
        &'a self,
        plan: &'a Plan,
        t: usize,
    ) -> Result<TensorRef<'a>> {
        let slot = &self.tensors[t];
        let nbytes = slot.nbytes();
        let data = storage_bytes(plan, &self.arenas, slot.storage, nbytes)
            .ok_or(Error::NullData { value: slot.value })?;
        Ok(TensorRef { dtype: slot.dtype, sizes: slot.shape.sizes(), data })
    }

    pub(in crate::method) fn step(
        &mut self,
        plan: &Plan,
        chain: usize,
        pc: usize,
    ) -> Result<usize> {
        let next = pc + 1;
        match &plan.chains[chain][pc] {
            Step::Kernel { op, kernel, args, ret, writes } => {
                let bound =
                    plan.bound.get(chain).and_then(|c| c.get(pc)).and_then(Option::as_deref);
                let step = KernelStep { op, kernel: *kernel, args, ret: *ret, writes, bound };
                self.run_kernel(plan, pc, step)?;
            }
            Step::View { input, size, out } => {
                let (input, size, out) = (*input, *size, *out);
                self.run_view(pc, input, size, out)?;
            }
            Step::Delegate { index, args } => {
                self.run_delegate(plan, pc, *index, args)?;
            }
            Step::Move { from, to } => {
                let moved = self.values[*from].clone();
                self.values[*to] = moved;
            }
            Step::JumpFalse { condition, destination } => {
                let destination = *destination;
                if !self.condition(plan, pc, *condition)? {
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

    pub(in crate::method) fn condition(
        &self,
        plan: &Plan,
        pc: usize,
        value: usize,
    ) -> Result<bool> {
        match &self.values[value] {
            Slot::Bool(b) => Ok(*b),
            Slot::Tensor(t) => {
                let tensor = self.tensor_ref(plan, *t)?;
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

    pub(in crate::method) fn tensor_of(&self, pc: usize, value: usize) -> Result<usize> {
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

    pub(in crate::method) fn int_list(&self, pc: usize, items: &[usize]) -> Result<Vec<i64>> {
        int_list(&self.values, pc, items)
    }

    /// `et_view`: the output takes new sizes and aliases the input's bytes.
    pub(in crate::method) fn run_view(
        &mut self,
        pc: usize,
        input: usize,
        size: usize,
        out: usize,
    ) -> Result<()> {
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

    pub(in crate::method) fn run_kernel(
        &mut self,
        plan: &Plan,
        pc: usize,
        step: KernelStep<'_>,
    ) -> Result<()> {
        let KernelStep { op, kernel, args, ret, writes, bound } = step;
        // The return slot decides the outputs: a tensor, a list of tensors, or a scalar.
        let mut out_tensors: Vec<usize> = match &self.values[ret] {
            Slot::Tensor(t) => vec![*t],
            Slot::TensorList(items) => {
                items.iter().map(|&v| self.tensor_of(pc, v)).collect::<Result<_>>()?
            }
            _ => Vec::new(),
        };
        let scalar_ret = out_tensors.is_empty();
        // Arguments written in place follow the results, in declaration order.
        for &position in writes {
            let value = args.get(position).copied().ok_or(Error::ValueKind {
                instruction: pc,
                value: ret,
                expected: "an argument the kernel writes",
                found: "nothing",
            })?;
            let t = self.tensor_of(pc, value)?;
            if !out_tensors.contains(&t) {
                out_tensors.push(t);
            }
        }

        let State { arenas, tensors, values, .. } = self;
        let (program, external, frozen) = (&plan.program, &plan.external, &plan.frozen);
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
                        Storage::Frozen { index, offset } => frozen
                            .get(index)
                            .and_then(|a| a.bytes().get(offset..offset.checked_add(nbytes)?))
                            .ok_or(Error::NullData { value: slot.value })?,
                    }
                };
                Ok(TensorRef { dtype: slot.dtype, sizes: slot.shape.sizes(), data })
            };

            let mut call_args = Vec::with_capacity(args.len());
            for (position, &a) in args.iter().enumerate() {
                if let Some(arg) = bound.and_then(|b| b.get(position)).and_then(Bound::arg) {
                    call_args.push(arg);
                    continue;
                }
                call_args.push(match &values[a] {
                    Slot::None => Arg::None,
                    Slot::Int(v) => Arg::Int(*v),
                    Slot::Double(v) => Arg::Double(*v),
                    Slot::Bool(v) => Arg::Bool(*v),
                    Slot::Str(s) => Arg::Str(s.as_str()),
                    Slot::IntList(items) => Arg::IntList(int_list(values, pc, items)?),
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

    pub(in crate::method) fn run_delegate(
        &mut self,
        plan: &Plan,
        pc: usize,
        index: usize,
        args: &[usize],
    ) -> Result<()> {
        let State { arenas, tensors, values, .. } = self;
        let delegate = plan.delegates.get(index).ok_or(Error::ValueKind {
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
                                Storage::Constant { .. }
                                | Storage::External { .. }
                                | Storage::Frozen { .. } => {
                                    // Not an arena: the arenas are lent above, these are not.
                                    match storage_bytes(plan, &[], slot.storage, nbytes) {
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
            let mut handle =
                delegate.handle.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            handle.execute(&mut delegate_args).map_err(|e| Error::Delegate {
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

/// Moves the shapes of `ids` out of the tensor table, so that they can be lent mutably
/// while the rest of the table is read; the caller puts them back.
pub(in crate::method) fn take_shapes(tensors: &mut [TensorSlot], ids: &[usize]) -> Vec<Shape> {
    ids.iter()
        .map(|&t| {
            std::mem::replace(&mut tensors[t].shape, Shape::new(Vec::new(), ShapeDynamism::Static))
        })
        .collect()
}

/// Sizes for a view, with at most one `-1` inferred from the element count.
pub(in crate::method) fn infer_view_sizes(requested: &[i64], numel: usize) -> Option<Vec<usize>> {
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

/// Splits arenas around output ranges `(arena, offset, len)`: one mutable slice per output
/// (in order) and read-only pieces `(arena, start, bytes)` for everything else. `None` if
/// outputs overlap or lie outside their arena.
pub(in crate::method) fn split_arenas<'a>(
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

pub(in crate::method) fn find_piece<'a>(
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

/// The bytes `storage` names: a state's arena, a constant, external data, or a frozen
/// result of the plan.
pub(in crate::method) fn storage_bytes<'a>(
    plan: &'a Plan,
    arenas: &'a [Arena],
    storage: Storage,
    nbytes: usize,
) -> Option<&'a [u8]> {
    match storage {
        Storage::Null => None,
        Storage::Arena { arena, offset } => {
            arenas.get(arena)?.bytes().get(offset..offset.checked_add(nbytes)?)
        }
        Storage::Constant { offset } => plan.program.constant_bytes(offset, nbytes as u64),
        Storage::External { index } => plan.external.get(index)?.as_bytes().get(..nbytes),
        Storage::Frozen { index, offset } => {
            plan.frozen.get(index)?.bytes().get(offset..offset.checked_add(nbytes)?)
        }
    }
}

/// The integers of the values `items` (an int list's elements), for instruction `pc`.
fn int_list(values: &[Slot], pc: usize, items: &[usize]) -> Result<Vec<i64>> {
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
        .collect()
}

/// One kernel step to run: the operator, its kernel, its argument values, its return value
/// and, after load, its arguments resolved once.
pub(in crate::method) struct KernelStep<'s> {
    pub(in crate::method) op: &'static str,
    pub(in crate::method) kernel: KernelFn,
    pub(in crate::method) args: &'s [usize],
    pub(in crate::method) ret: usize,
    pub(in crate::method) writes: &'static [usize],
    pub(in crate::method) bound: Option<&'s [Bound]>,
}

/// A kernel argument resolved once at load: a scalar or an int list that no instruction
/// can overwrite, unboxed; anything else is read from the state's value table at each call.
#[derive(Clone, Debug)]
pub(in crate::method) enum Bound {
    /// Read at call time (tensors, strings, lists of tensors, values a step overwrites).
    Value,
    None,
    Int(i64),
    Double(f64),
    Bool(bool),
    IntList(Box<[i64]>),
}

impl Bound {
    /// Value `value` as a bound argument, given which values steps overwrite.
    pub(in crate::method) fn of(values: &[Slot], written: &[usize], value: usize) -> Bound {
        let fixed = |v: usize| written.binary_search(&v).is_err();
        if !fixed(value) {
            return Bound::Value;
        }
        match values.get(value) {
            Some(Slot::None) => Bound::None,
            Some(Slot::Int(v)) => Bound::Int(*v),
            Some(Slot::Double(v)) => Bound::Double(*v),
            Some(Slot::Bool(v)) => Bound::Bool(*v),
            Some(Slot::IntList(items)) if items.iter().all(|&i| fixed(i)) => items
                .iter()
                .map(|&i| match values.get(i) {
                    Some(Slot::Int(v)) => Some(*v),
                    _ => None,
                })
                .collect::<Option<Box<[i64]>>>()
                .map_or(Bound::Value, Bound::IntList),
            _ => Bound::Value,
        }
    }

    /// The kernel argument, unless it is read at call time.
    fn arg<'a>(&self) -> Option<Arg<'a>> {
        Some(match self {
            Bound::Value => return None,
            Bound::None => Arg::None,
            Bound::Int(v) => Arg::Int(*v),
            Bound::Double(v) => Arg::Double(*v),
            Bound::Bool(v) => Arg::Bool(*v),
            Bound::IntList(v) => Arg::IntList(v.to_vec()),
        })
    }
}

impl Plan {
    /// Resolves the arguments of every kernel step once (see [`Bound`]); after the passes,
    /// which rewrite steps.
    pub(in crate::method) fn bind_arguments(&mut self) {
        self.bound = self
            .chains
            .iter()
            .map(|chain| {
                chain
                    .iter()
                    .map(|step| match step {
                        Step::Kernel { args, .. } => Some(
                            args.iter()
                                .map(|&a| Bound::of(&self.values, &self.written_values, a))
                                .collect(),
                        ),
                        _ => None,
                    })
                    .collect()
            })
            .collect();
    }
}
