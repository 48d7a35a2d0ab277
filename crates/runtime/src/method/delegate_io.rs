//! Telling delegates where their arguments live ([`Delegate::prepare`]), once at load and
//! after every rewrite, and where planned memory comes from ([`MemoryOptions`]).
//!
//! [`Delegate::prepare`]: crate::Delegate::prepare

use pterun_memory::SharedAllocator;

use super::{Plan, Slot, State, Step, Storage};
use crate::backend::{DelegateArgInfo, SharedLocation, TensorArgInfo};
use crate::error::{Error, Result};

/// Where a method's memory comes from.
#[derive(Clone, Copy, Default)]
pub struct MemoryOptions<'a> {
    /// Allocates the planned arenas and the runtime inputs' buffers as shared buffers
    /// (memfd, dma-buf, vendor buffers), so that delegates can import the bytes their
    /// tensors live in; `None`: zeroed heap memory.
    pub arena_allocator: Option<&'a dyn SharedAllocator>,
}

impl std::fmt::Debug for MemoryOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemoryOptions")
            .field("arena_allocator", &self.arena_allocator.map(|a| a.name().to_owned()))
            .finish()
    }
}

impl Plan {
    /// Calls [`crate::Delegate::prepare`] for every delegate call instruction, with the
    /// arguments' types, sizes, addresses in `state` and (for a delegate called from one
    /// place only) shared locations.
    pub(super) fn prepare_delegates(&self, state: &State) -> Result<()> {
        let calls: Vec<(usize, std::sync::Arc<[usize]>)> = self
            .chains
            .iter()
            .flatten()
            .filter_map(|step| match step {
                Step::Delegate { index, args } => Some((*index, args.clone())),
                _ => None,
            })
            .collect();
        let State { arenas, tensors, values, .. } = state;
        let delegates = &self.delegates;
        for (index, args) in &calls {
            let call_sites = calls.iter().filter(|(i, _)| i == index).count();
            let infos: Vec<DelegateArgInfo<'_>> = args
                .iter()
                .map(|&a| match values.get(a) {
                    Some(Slot::Tensor(t)) => {
                        let slot = &tensors[*t];
                        match slot.storage {
                            Storage::Arena { arena, offset } => {
                                let memory = &arenas[arena];
                                let address = memory.bytes().as_ptr() as usize + offset;
                                let shared = memory.shared().filter(|_| call_sites == 1).map(
                                    |(fd, base, allocator)| SharedLocation {
                                        fd,
                                        offset: base + offset as u64,
                                        allocator,
                                    },
                                );
                                DelegateArgInfo::Tensor(TensorArgInfo {
                                    dtype: slot.dtype,
                                    sizes: slot.shape.sizes(),
                                    capacity: slot.capacity,
                                    address,
                                    shared,
                                })
                            }
                            Storage::Constant { .. }
                            | Storage::External { .. }
                            | Storage::Frozen { .. } => DelegateArgInfo::Constant {
                                dtype: slot.dtype,
                                sizes: slot.shape.sizes(),
                            },
                            Storage::Null => DelegateArgInfo::Other,
                        }
                    }
                    _ => DelegateArgInfo::Other,
                })
                .collect();
            let Some(delegate) = delegates.get(*index) else { continue };
            let mut handle =
                delegate.handle.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            handle.prepare(&infos).map_err(|e| Error::Delegate {
                backend: delegate.backend.clone(),
                message: e.message,
                code: e.code,
            })?;
        }
        Ok(())
    }
}
