//! [`EnnDelegate`]: one ENN model behind a delegate call, and how its tensors reach the
//! library: imported in place (zero-copy) or copied at each execution.
//!
//! At method load ([`Delegate::prepare`]) each ENN buffer whose tensor lives in a shared
//! arena (memfd, dma-buf, ENN buffer) at a fixed place is imported with
//! `EnnCreateBufferFromFdWithOffset` and bound with `EnnSetBufferByIndex`, then the model
//! is committed once: an execution then copies nothing for it. A buffer that cannot be
//! imported (heap arena, several call sites, a padded library buffer, a missing symbol, a
//! refusal by the library) keeps the allocated buffer and is copied, with the reason in the
//! [`DelegateIo`] report. A tensor found at another address or size at execution falls
//! back to the copy for good.

use std::sync::{Arc, Mutex, PoisonError};

use pterun_core::ScalarType;
use pterun_runtime::{BackendError, Delegate, DelegateArg, DelegateArgInfo};

use crate::config::IoPolicy;
use crate::error::{Error, Result};
use crate::ffi::BufferMeta;
use crate::model::{size_mismatch, EnnModel, OpenRecord};

/// How one ENN buffer is fed at execution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Transfer {
    /// Bound to the tensor's own bytes: nothing copied.
    Imported {
        /// The tensor's address, checked at every execution.
        address: usize,
        /// The tensor's bytes (the ENN buffer's size).
        nbytes: usize,
    },
    /// Copied in (inputs) or out (outputs) at every execution.
    Copied {
        /// Why it is not imported.
        reason: String,
    },
}

/// One ENN buffer of a delegate, for reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BufferIo {
    /// `input` or `output`.
    pub direction: &'static str,
    /// Index among the inputs or outputs.
    pub index: usize,
    /// Size of the library's buffer.
    pub enn_bytes: usize,
    /// What `EnnGetBufferInfoByIndex` says, when exported.
    pub meta: Option<BufferMeta>,
    /// How it is fed.
    pub transfer: Transfer,
}

/// What a delegate did: how it was opened, how each buffer is fed, and the bytes pterun
/// copied at executions (a snapshot: [`crate::EnnBackend::delegate_io`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DelegateIo {
    /// How the model was opened.
    pub open: OpenRecord,
    /// Every ENN buffer (inputs, then outputs), known after method load.
    pub buffers: Vec<BufferIo>,
    /// Executions so far.
    pub executions: u64,
    /// Bytes pterun copied in and out at the last execution.
    pub bytes_copied_last_execution: u64,
    /// Bytes pterun copied in and out over all executions.
    pub bytes_copied_total: u64,
}

/// An ENN delegate: one model with its buffers.
#[derive(Debug)]
pub struct EnnDelegate {
    model: EnnModel,
    io_policy: IoPolicy,
    /// One per ENN buffer (inputs, then outputs); empty until `prepare`.
    transfers: Vec<Transfer>,
    report: Arc<Mutex<DelegateIo>>,
}

impl EnnDelegate {
    /// A delegate over `model`; its report is shared with the backend.
    pub(crate) fn new(model: EnnModel, io_policy: IoPolicy) -> EnnDelegate {
        let report = DelegateIo {
            open: model.record().clone(),
            buffers: Vec::new(),
            executions: 0,
            bytes_copied_last_execution: 0,
            bytes_copied_total: 0,
        };
        EnnDelegate {
            model,
            io_policy,
            transfers: Vec::new(),
            report: Arc::new(Mutex::new(report)),
        }
    }

    pub(crate) fn report_handle(&self) -> Arc<Mutex<DelegateIo>> {
        Arc::clone(&self.report)
    }

    /// The model.
    pub fn model(&self) -> &EnnModel {
        &self.model
    }

    /// How each buffer is fed (empty before method load has prepared the delegate).
    pub fn transfers(&self) -> &[Transfer] {
        &self.transfers
    }

    /// Runs with ExecuTorch's argument order: the first `n_in` arguments are the inputs,
    /// the next `n_out` the outputs, and nothing else. Each buffer must hold at least its
    /// tensor's bytes (only those are copied) and, where the library reports a type, the
    /// types must agree. Imported buffers are not copied.
    ///
    /// # Errors
    ///
    /// [`Error::ArgumentCount`], [`Error::ArgumentKind`], [`Error::SizeMismatch`],
    /// [`Error::DtypeMismatch`], and the errors of [`EnnModel::execute`].
    pub fn run(&mut self, args: &mut [DelegateArg<'_>]) -> Result<()> {
        let (n_in, n_out) = (self.model.num_inputs(), self.model.num_outputs());
        check_argument_count(n_in, n_out, args.len())?;
        // Check every output before touching anything, so a bad call executes nothing.
        for (index, arg) in args.iter_mut().skip(n_in).take(n_out).enumerate() {
            let position = n_in.saturating_add(index);
            let DelegateArg::Tensor(t) = arg else {
                return Err(Error::ArgumentKind { index: position, expected: "writable tensor" });
            };
            let (dtype, numel, available) = (t.dtype, t.numel(), t.bytes_mut().len());
            self.check_output(index, position, dtype, numel, available)?;
        }
        let mut copied = 0u64;
        let mut rebound = false;
        for (index, arg) in args.iter_mut().take(n_in).enumerate() {
            let (dtype, numel, data) = match arg {
                DelegateArg::Tensor(t) => {
                    let numel = t.numel();
                    (t.dtype, numel, t.as_ref().data)
                }
                DelegateArg::Constant(t) => (t.dtype, t.numel(), t.data),
                _ => return Err(Error::ArgumentKind { index, expected: "tensor" }),
            };
            let nbytes = self.check_input(index, dtype, numel, data.len())?;
            let data = data.get(..nbytes).ok_or(Error::ArgumentKind { index, expected: STORED })?;
            if self.still_imported(index, data.as_ptr() as usize, nbytes, &mut rebound)? {
                continue;
            }
            self.model.write_input(index, data)?;
            copied = copied.saturating_add(nbytes as u64);
        }
        // Outputs whose import no longer fits are bound back before the execution.
        let mut outputs = Vec::with_capacity(n_out);
        for (index, arg) in args.iter_mut().skip(n_in).take(n_out).enumerate() {
            let position = n_in.saturating_add(index);
            let DelegateArg::Tensor(t) = arg else { continue };
            let nbytes = tensor_bytes(t.numel(), t.dtype.element_size()).unwrap_or(0);
            let address = t.bytes_mut().as_ptr() as usize;
            let imported = self.still_imported(position, address, nbytes, &mut rebound)?;
            outputs.push((index, nbytes, imported));
        }
        if rebound {
            self.model.commit()?;
        }
        self.model.execute()?;
        for ((index, nbytes, imported), arg) in outputs.into_iter().zip(args.iter_mut().skip(n_in))
        {
            if imported {
                continue;
            }
            if let DelegateArg::Tensor(t) = arg {
                let position = n_in.saturating_add(index);
                let data = t
                    .bytes_mut()
                    .get_mut(..nbytes)
                    .ok_or(Error::ArgumentKind { index: position, expected: STORED })?;
                self.model.read_output(index, data)?;
                copied = copied.saturating_add(nbytes as u64);
            }
        }
        let mut report = self.report.lock().unwrap_or_else(PoisonError::into_inner);
        report.executions = report.executions.saturating_add(1);
        report.bytes_copied_last_execution = copied;
        report.bytes_copied_total = report.bytes_copied_total.saturating_add(copied);
        if rebound {
            report
                .buffers
                .iter_mut()
                .zip(&self.transfers)
                .for_each(|(b, t)| b.transfer = t.clone());
        }
        Ok(())
    }

    /// Whether buffer `buffer` (inputs first) is imported and the tensor is still the one
    /// imported (same address, same byte size). A tensor that moved or changed size makes
    /// the buffer fall back to the copy for good (bound back; `rebound` asks for a commit).
    fn still_imported(
        &mut self,
        buffer: usize,
        address: usize,
        nbytes: usize,
        rebound: &mut bool,
    ) -> Result<bool> {
        let Some(Transfer::Imported { address: at, nbytes: size }) = self.transfers.get(buffer)
        else {
            return Ok(false);
        };
        if (*at, *size) == (address, nbytes) {
            return Ok(true);
        }
        self.model.unbind_import(buffer)?;
        *rebound = true;
        let reason = format!(
            "the tensor moved or changed size after method load ({nbytes} bytes at {address:#x}, imported {size} at {at:#x})"
        );
        log::warn!("ENN model {}: buffer {buffer}: {reason}; copying from now on", self.model.id());
        if let Some(t) = self.transfers.get_mut(buffer) {
            *t = Transfer::Copied { reason };
        }
        Ok(false)
    }

    /// Input `index` (a tensor of `numel` elements of `dtype` in `available` bytes)
    /// against its buffer; its byte size on success.
    fn check_input(
        &self,
        index: usize,
        dtype: ScalarType,
        numel: usize,
        available: usize,
    ) -> Result<usize> {
        let enn = self.model.input_size(index).unwrap_or(0);
        let nbytes = check_tensor("input", index, index, numel, dtype, available, enn)?;
        check_dtype("input", index, dtype, self.model.input_meta(index))?;
        Ok(nbytes)
    }

    /// Output `index`, argument `position`, against its buffer.
    fn check_output(
        &self,
        index: usize,
        position: usize,
        dtype: ScalarType,
        numel: usize,
        available: usize,
    ) -> Result<usize> {
        let enn = self.model.output_size(index).unwrap_or(0);
        let nbytes = check_tensor("output", index, position, numel, dtype, available, enn)?;
        check_dtype("output", index, dtype, self.model.output_meta(index))?;
        Ok(nbytes)
    }

    /// The checks of [`EnnDelegate::run`] on what is known at method load.
    fn check_call(&self, args: &[DelegateArgInfo<'_>]) -> Result<()> {
        let (n_in, n_out) = (self.model.num_inputs(), self.model.num_outputs());
        check_argument_count(n_in, n_out, args.len())?;
        for (position, arg) in args.iter().enumerate() {
            let (dtype, sizes, available) = match arg {
                DelegateArgInfo::Tensor(t) => (t.dtype, t.sizes, t.capacity),
                DelegateArgInfo::Constant { dtype, sizes } if position < n_in => {
                    (*dtype, *sizes, usize::MAX)
                }
                _ => {
                    let expected = if position < n_in { "tensor" } else { "writable tensor" };
                    return Err(Error::ArgumentKind { index: position, expected });
                }
            };
            let numel = sizes.iter().try_fold(1usize, |acc, &d| acc.checked_mul(d));
            let numel = numel.unwrap_or(usize::MAX);
            if position < n_in {
                self.check_input(position, dtype, numel, available)?;
            } else {
                self.check_output(position - n_in, position, dtype, numel, available)?;
            }
        }
        Ok(())
    }

    /// Decides, for each buffer, import or copy (see the module docs), binds the imports
    /// and commits once.
    fn bind_buffers(&mut self, args: &[DelegateArgInfo<'_>]) -> Result<()> {
        let n_in = self.model.num_inputs();
        for index in 0..self.transfers.len() {
            self.model.unbind_import(index)?;
        }
        let support = self.model.import_support();
        let mut transfers = Vec::with_capacity(args.len());
        for (index, arg) in args.iter().enumerate() {
            let enn = self.model.buffer_size(index).unwrap_or(0);
            let transfer = match self.try_import(index, arg, enn, support) {
                Ok(address) => Transfer::Imported { address, nbytes: enn },
                Err(reason) => Transfer::Copied { reason },
            };
            transfers.push(transfer);
        }
        if transfers.iter().any(|t| matches!(t, Transfer::Imported { .. })) {
            self.model.commit()?;
        }
        let buffers = transfers
            .iter()
            .enumerate()
            .map(|(index, transfer)| {
                let (direction, position) =
                    if index < n_in { ("input", index) } else { ("output", index - n_in) };
                BufferIo {
                    direction,
                    index: position,
                    enn_bytes: self.model.buffer_size(index).unwrap_or(0),
                    meta: self.model.buffer_meta(index).cloned(),
                    transfer: transfer.clone(),
                }
            })
            .collect();
        let imported = transfers.iter().filter(|t| matches!(t, Transfer::Imported { .. })).count();
        log::info!(
            "ENN model {}: {imported} of {} buffer(s) imported in place, the others copied",
            self.model.id(),
            transfers.len()
        );
        self.transfers = transfers;
        self.report.lock().unwrap_or_else(PoisonError::into_inner).buffers = buffers;
        Ok(())
    }

    /// Imports buffer `index` (of `enn` bytes) at argument `arg`'s shared location: the
    /// tensor's address on success, the reason to copy otherwise.
    fn try_import(
        &mut self,
        index: usize,
        arg: &DelegateArgInfo<'_>,
        enn: usize,
        support: std::result::Result<(), &'static str>,
    ) -> std::result::Result<usize, String> {
        if self.io_policy == IoPolicy::Copy {
            return Err("copies forced (I/O policy `copy`)".into());
        }
        let DelegateArgInfo::Tensor(tensor) = arg else {
            return Err("a constant of the program".into());
        };
        let Some(shared) = &tensor.shared else {
            return Err(
                "not in a shared arena (heap arenas, or a delegate called from several places)"
                    .into(),
            );
        };
        support.map_err(|symbol| format!("the library does not export {symbol}"))?;
        let nbytes = tensor
            .sizes
            .iter()
            .try_fold(tensor.dtype.element_size(), |acc, &d| acc.checked_mul(d))
            .unwrap_or(usize::MAX);
        if nbytes != enn {
            return Err(format!("the library's buffer has {enn} bytes, the tensor {nbytes}"));
        }
        self.model
            .bind_import(index, shared.fd, shared.offset, enn)
            .map_err(|e| pterun_core::error_chain(&e))?;
        Ok(tensor.address)
    }
}

/// What a tensor whose storage is shorter than its elements is told.
const STORED: &str = "tensor whose storage holds all its elements";

/// A call must pass exactly one tensor per ENN buffer: an extra argument would be an
/// output the library never writes, a missing one a buffer never filled.
pub(crate) fn check_argument_count(n_in: usize, n_out: usize, found: usize) -> Result<()> {
    if found != n_in.saturating_add(n_out) {
        return Err(Error::ArgumentCount { n_in, n_out, found });
    }
    Ok(())
}

pub(crate) fn tensor_bytes(numel: usize, element_size: usize) -> Option<usize> {
    numel.checked_mul(element_size)
}

/// A tensor of `numel` elements of `dtype`, with `available` bytes of storage, against an
/// ENN buffer of `enn` bytes: the buffer must hold at least the tensor's bytes (a larger
/// buffer is the library's padding). The tensor's byte size on success.
fn check_tensor(
    direction: &'static str,
    index: usize,
    position: usize,
    numel: usize,
    dtype: ScalarType,
    available: usize,
    enn: usize,
) -> Result<usize> {
    let nbytes = tensor_bytes(numel, dtype.element_size()).unwrap_or(usize::MAX);
    if nbytes > enn {
        return Err(size_mismatch(direction, index, nbytes, enn));
    }
    if available < nbytes {
        return Err(Error::ArgumentKind { index: position, expected: STORED });
    }
    Ok(nbytes)
}

/// A tensor of `dtype` against the type the library reports for its buffer, if any.
fn check_dtype(
    direction: &'static str,
    index: usize,
    dtype: ScalarType,
    meta: Option<&BufferMeta>,
) -> Result<()> {
    match meta.and_then(BufferMeta::dtype) {
        Some(enn) if enn != dtype => {
            Err(Error::DtypeMismatch { direction, index, tensor: dtype, enn })
        }
        _ => Ok(()),
    }
}

impl Delegate for EnnDelegate {
    fn execute(&mut self, args: &mut [DelegateArg<'_>]) -> std::result::Result<(), BackendError> {
        self.run(args).map_err(BackendError::from)
    }

    /// Checks each call site against the model at method load (count, sizes, types), so
    /// a program whose call does not match the model's ENN buffers fails before anything
    /// runs; then imports the buffers whose tensors can be shared.
    fn prepare(&mut self, args: &[DelegateArgInfo<'_>]) -> std::result::Result<(), BackendError> {
        self.check_call(args).map_err(BackendError::from)?;
        self.bind_buffers(args).map_err(BackendError::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tensor_byte_sizes_are_checked() {
        assert_eq!(tensor_bytes(4, 4), Some(16));
        assert_eq!(tensor_bytes(usize::MAX, 2), None);
    }

    #[test]
    fn argument_counts_must_match_exactly() {
        assert!(check_argument_count(2, 1, 3).is_ok());
        for found in [0, 2, 4] {
            let text = check_argument_count(2, 1, found).unwrap_err().to_string();
            assert!(
                text.contains("2 input(s) and 1 output(s) (3 ENN buffers)")
                    && text.contains(&format!("the call has {found} argument(s)")),
                "{text}"
            );
        }
    }
}
