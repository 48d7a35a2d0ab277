//! [`Method`]: one loaded method of a [`Module`](crate::Module), with typed inputs and
//! outputs.

use std::sync::Arc;

use pterun_memory::SharedAllocator;
use pterun_runtime::{IoMeta, MethodLoadStats, MethodMeta, ProfileEvent, StepValues};

use crate::error::{Error, Result};
use crate::tensor::{Output, Tensor};

/// A loaded method: planned memory, resolved kernels and initialised delegates, ready to
/// execute any number of times. Inputs stay set between executions; planned memory (and
/// with it the state of mutable buffers) persists from one execution to the next.
pub struct Method {
    inner: pterun_runtime::Method,
    /// Positions (in the method's inputs) of the inputs that take tensors: the others are
    /// values baked into the program.
    tensor_inputs: Vec<usize>,
    arena_allocator: Option<Arc<dyn SharedAllocator>>,
}

impl std::fmt::Debug for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Method")
            .field("inner", &self.inner)
            .field("arenas", &self.arenas())
            .finish_non_exhaustive()
    }
}

impl Method {
    pub(crate) fn new(
        inner: pterun_runtime::Method,
        arena_allocator: Option<Arc<dyn SharedAllocator>>,
    ) -> Method {
        let tensor_inputs = inner
            .meta()
            .inputs
            .iter()
            .enumerate()
            .filter_map(|(i, m)| matches!(m, IoMeta::Tensor(_)).then_some(i))
            .collect();
        Method { inner, tensor_inputs, arena_allocator }
    }

    /// Another execution of this loaded method, to run on another thread at the same time:
    /// it shares the plan (kernels, constants, folded results, delegates) and has memory of
    /// its own, as freshly loaded (no input set, mutable buffers in their initial state).
    ///
    /// # Errors
    ///
    /// When its memory cannot be allocated.
    pub fn new_execution(&self) -> Result<Method> {
        let inner = self.inner.new_execution()?;
        Ok(Method { inner, tensor_inputs: self.tensor_inputs.clone(), arena_allocator: None })
    }

    /// The method's name.
    pub fn name(&self) -> &str {
        self.inner.name()
    }

    /// Inputs, outputs and planned memory.
    pub fn meta(&self) -> &MethodMeta {
        self.inner.meta()
    }

    /// Positions, among the method's inputs, of those that take tensors (the ones
    /// [`Method::set_inputs`] fills in order); the others are values baked into the program.
    pub fn tensor_inputs(&self) -> &[usize] {
        &self.tensor_inputs
    }

    /// Copies `tensor` into input `index` (a position among all the method's inputs),
    /// resizing it to the tensor's sizes (within its bounds when the input is dynamic).
    pub fn set_input(&mut self, index: usize, tensor: &Tensor<'_>) -> Result<()> {
        self.inner.set_input(index, tensor.dtype(), tensor.sizes(), tensor.as_bytes())?;
        Ok(())
    }

    /// Sets every tensor input, in order: one tensor per entry of
    /// [`Method::tensor_inputs`].
    pub fn set_inputs(&mut self, inputs: &[Tensor<'_>]) -> Result<()> {
        if inputs.len() != self.tensor_inputs.len() {
            return Err(Error::InputCount {
                method: self.name().to_owned(),
                expected: self.tensor_inputs.len(),
                found: inputs.len(),
            });
        }
        for (position, tensor) in inputs.iter().enumerate() {
            let index = self.tensor_inputs[position];
            self.inner.set_input(index, tensor.dtype(), tensor.sizes(), tensor.as_bytes())?;
        }
        Ok(())
    }

    /// Runs the method once with the inputs set.
    pub fn execute(&mut self) -> Result<()> {
        self.inner.execute()?;
        Ok(())
    }

    /// Sets `inputs` ([`Method::set_inputs`]), runs once, and returns the outputs.
    pub fn run(&mut self, inputs: &[Tensor<'_>]) -> Result<Vec<Output<'_>>> {
        self.set_inputs(inputs)?;
        self.execute()?;
        self.outputs()
    }

    /// Runs once, handing each executed step's results to `observe` (to dump or compare
    /// intermediate values).
    pub fn execute_observed(&mut self, observe: &mut dyn FnMut(&StepValues<'_>)) -> Result<()> {
        self.inner.execute_observed(observe)?;
        Ok(())
    }

    /// Number of outputs.
    pub fn output_count(&self) -> usize {
        self.inner.output_count()
    }

    /// Output `index` of the last execution.
    pub fn output(&self, index: usize) -> Result<Output<'_>> {
        Ok(Output::from_runtime(self.inner.output(index)?))
    }

    /// Every output of the last execution.
    pub fn outputs(&self) -> Result<Vec<Output<'_>>> {
        (0..self.output_count()).map(|i| self.output(i)).collect()
    }

    /// Figures about the load (time, planned and copied bytes, what the load-time
    /// rewrites did).
    pub fn load_stats(&self) -> MethodLoadStats {
        self.inner.load_stats()
    }

    /// Turns per-instruction timing on (clearing earlier events) or off.
    pub fn set_profiling(&mut self, on: bool) {
        self.inner.set_profiling(on);
    }

    /// Events recorded since profiling was turned on, over all executions.
    pub fn profile_events(&self) -> &[ProfileEvent] {
        self.inner.profile_events()
    }

    /// The allocator of the planned arenas, `None` for heap memory.
    pub fn arena_allocator(&self) -> Option<&dyn SharedAllocator> {
        self.arena_allocator.as_deref()
    }

    /// Where the planned arenas live: `heap`, or the shared allocator's name.
    pub fn arenas(&self) -> &str {
        self.arena_allocator.as_deref().map_or("heap", |a| a.name())
    }
}
