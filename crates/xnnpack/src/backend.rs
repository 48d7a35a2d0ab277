//! `XnnpackBackend`: the runtime's [`Backend`] for delegates named `XnnpackBackend`.
//!
//! At init the blob is verified whole ([`Graph::parse`]) and turned into a [`Plan`]; the
//! delegate then binds its call's arguments by external id, the way the official runtime
//! does: argument `i` of the call is the graph's external value with external id `i`.
//! Named constants (the usual home of weights since the `XH00` layout) are looked up in
//! the [`NamedData`] the backend was built with, views into the program's loaded bytes.

use std::sync::Arc;

use pterun_core::ScalarType;
use pterun_memory::{DataLoader, Segment, SegmentInfo};
use pterun_runtime::{Backend, BackendError, CompileSpec, Delegate, DelegateArg, InitContext};

use crate::error::{Error, Result};
use crate::graph::{Datatype, Graph};
use crate::plan::{Plan, PlanStats};

/// The id programs use for this backend.
pub const BACKEND_ID: &str = "XnnpackBackend";

/// One named-data entry: where its bytes are in the program file.
#[derive(Clone, Debug)]
struct NamedEntry {
    key: String,
    offset: u64,
    len: usize,
    segment_index: usize,
}

/// The program's named data, which XNNPACK blobs refer to by key, loaded on demand
/// through the program's loader (a view into the mapped file by default, no copy).
#[derive(Clone, Default)]
pub struct NamedData {
    loader: Option<Arc<dyn DataLoader>>,
    entries: Vec<NamedEntry>,
}

impl std::fmt::Debug for NamedData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NamedData").field("entries", &self.entries.len()).finish()
    }
}

impl NamedData {
    /// No named data: blobs that keep their constants in their own region still run.
    pub fn none() -> NamedData {
        NamedData::default()
    }

    /// The named data of a loaded program.
    pub fn of_program(program: &pterun_runtime::Program) -> NamedData {
        let entries = program
            .view()
            .named_data()
            .iter()
            .map(|n| NamedEntry {
                key: n.key.to_string(),
                offset: n.range.offset,
                // A length that does not fit memory fails at load with the loader's error.
                len: usize::try_from(n.range.len).unwrap_or(usize::MAX),
                segment_index: n.segment_index,
            })
            .collect();
        NamedData { loader: Some(program.loader().clone()), entries }
    }

    /// The bytes stored under `key`, or `None` when no entry has it.
    pub fn get(&self, key: &str) -> Result<Option<Segment>> {
        let (Some(loader), Some(entry)) =
            (&self.loader, self.entries.iter().find(|e| e.key == key))
        else {
            return Ok(None);
        };
        loader
            .load(entry.offset, entry.len, &SegmentInfo::constant(entry.segment_index))
            .map(Some)
            .map_err(|e| Error::NamedDataLoad { key: key.to_string(), detail: e.to_string() })
    }
}

/// Runs XNNPACK delegates on pterun's CPU kernels.
#[derive(Debug, Default)]
pub struct XnnpackBackend {
    named: NamedData,
}

impl XnnpackBackend {
    /// A backend for programs whose delegates find their weights in `named`.
    pub fn new(named: NamedData) -> XnnpackBackend {
        XnnpackBackend { named }
    }

    /// Verifies `blob` and builds its plan (what [`Backend::init`] does, with this
    /// crate's error).
    pub fn prepare(&self, delegate_index: usize, blob: Segment) -> Result<XnnpackDelegate> {
        let plan = {
            let graph = Graph::parse(blob.as_bytes())?;
            Plan::new(&graph, blob.clone(), delegate_index, |key| self.named.get(key))?
        };
        Ok(XnnpackDelegate { plan })
    }
}

impl Backend for XnnpackBackend {
    fn name(&self) -> &str {
        BACKEND_ID
    }

    fn init(
        &self,
        context: &InitContext<'_>,
        blob: Segment,
        _compile_specs: &[CompileSpec<'_>],
    ) -> std::result::Result<Box<dyn Delegate>, BackendError> {
        let delegate = self.prepare(context.delegate_index, blob).map_err(|e| {
            BackendError::new(
                e.code(),
                format!("method {:?}, delegate {}: {e}", context.method, context.delegate_index),
            )
        })?;
        Ok(Box::new(delegate))
    }
}

/// One initialised XNNPACK delegate.
#[derive(Debug)]
pub struct XnnpackDelegate {
    plan: Plan,
}

impl XnnpackDelegate {
    /// What the plan viewed, converted and packed at load.
    pub fn stats(&self) -> PlanStats {
        self.plan.stats()
    }

    /// Runs the graph on `args` (bound by external id).
    pub fn run(&mut self, args: &mut [DelegateArg<'_>]) -> Result<()> {
        let inputs: Vec<(usize, u32)> = self.plan.inputs().to_vec();
        for (slot, ext) in inputs {
            let arg = args.get(ext as usize).ok_or_else(|| Error::Argument {
                detail: format!(
                    "the call has {} arguments, external id {ext} is an input",
                    args.len()
                ),
            })?;
            let (dtype, sizes, bytes): (ScalarType, Vec<usize>, &[u8]) = match arg {
                DelegateArg::Tensor(t) => {
                    let r = t.as_ref();
                    (r.dtype, r.sizes.to_vec(), r.data)
                }
                DelegateArg::Constant(t) => (t.dtype, t.sizes.to_vec(), t.data),
                _ => {
                    return Err(Error::Argument {
                        detail: format!("argument {ext} (an input) is not a tensor"),
                    })
                }
            };
            check_dtype(ext, dtype, self.plan.datatype(slot))?;
            // The exporter declares a rank-0 tensor as `[1]` in the graph.
            let sizes = if sizes.is_empty() { vec![1] } else { sizes };
            self.plan.set_input_shape(slot, &sizes)?;
            let buffer = self.plan.input_buffer(slot)?;
            read_elements(ext, dtype, bytes, buffer)?;
        }
        self.plan.execute()?;
        let outputs: Vec<(usize, u32)> = self.plan.outputs().to_vec();
        for (slot, ext) in outputs {
            let shape = self.plan.shape(slot).to_vec();
            let data = self.plan.data(slot)?;
            let arg = args.get_mut(ext as usize).ok_or_else(|| Error::Argument {
                detail: format!("the call has no argument {ext}, an output"),
            })?;
            let DelegateArg::Tensor(t) = arg else {
                return Err(Error::Argument {
                    detail: format!("argument {ext} (an output) is not a writable tensor"),
                });
            };
            check_dtype(ext, t.dtype, self.plan.datatype(slot))?;
            // A rank-0 output is `[1]` in the graph: the element count decides.
            let scalar = t.sizes().is_empty() && shape == [1];
            if !scalar {
                t.resize(&shape).map_err(|e| Error::Argument {
                    detail: format!("output {ext} cannot take shape {shape:?}: {e}"),
                })?;
            }
            let dtype = t.dtype;
            write_elements(ext, dtype, data, t.bytes_mut())?;
        }
        Ok(())
    }
}

impl Delegate for XnnpackDelegate {
    fn execute(&mut self, args: &mut [DelegateArg<'_>]) -> std::result::Result<(), BackendError> {
        self.run(args).map_err(|e| BackendError::new(e.code(), e.to_string()))
    }
}

/// The argument's element type must be the one the graph declares for the value.
fn check_dtype(ext: u32, dtype: ScalarType, declared: Datatype) -> Result<()> {
    let fits = matches!(
        (dtype, declared),
        (ScalarType::Float, Datatype::F32) | (ScalarType::Half, Datatype::F16)
    );
    if fits {
        Ok(())
    } else {
        Err(Error::Argument {
            detail: format!("argument {ext} is {dtype:?}, the graph declares {}", declared.name()),
        })
    }
}

fn size_error(ext: u32, have: usize, need: usize) -> Error {
    Error::Argument { detail: format!("argument {ext} holds {have} bytes, {need} needed") }
}

/// Widens an input's little-endian elements into the plan's f32 buffer.
fn read_elements(ext: u32, dtype: ScalarType, bytes: &[u8], out: &mut [f32]) -> Result<()> {
    let width = if dtype == ScalarType::Half { 2 } else { 4 };
    let need = out.len().saturating_mul(width);
    let bytes = bytes.get(..need).ok_or_else(|| size_error(ext, bytes.len(), need))?;
    if width == 2 {
        for (o, c) in out.iter_mut().zip(bytes.chunks_exact(2)) {
            *o = half::f16::from_le_bytes([c[0], c[1]]).to_f32();
        }
    } else {
        for (o, c) in out.iter_mut().zip(bytes.chunks_exact(4)) {
            *o = f32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        }
    }
    Ok(())
}

/// Narrows the plan's f32 elements into an output's bytes.
fn write_elements(ext: u32, dtype: ScalarType, data: &[f32], out: &mut [u8]) -> Result<()> {
    let width = if dtype == ScalarType::Half { 2 } else { 4 };
    let need = data.len().saturating_mul(width);
    let have = out.len();
    let out = out.get_mut(..need).ok_or_else(|| size_error(ext, have, need))?;
    if width == 2 {
        for (c, &x) in out.chunks_exact_mut(2).zip(data) {
            c.copy_from_slice(&half::f16::from_f32(x).to_le_bytes());
        }
    } else {
        for (c, &x) in out.chunks_exact_mut(4).zip(data) {
            c.copy_from_slice(&x.to_le_bytes());
        }
    }
    Ok(())
}
