//! [`EnnAllocator`]: a [`SharedAllocator`] over ENN buffers (`EnnCreateBuffer`).

use std::io;
use std::sync::Arc;

use pterun_memory::{SharedAllocator, SharedBuffer};

use crate::context::EnnContext;
use crate::error::{Error, Result};
use crate::ffi;

/// Allocates ENN buffers (`EnnCreateBuffer(size, 0, &buf)`, fd from
/// `EnnGetFileDescriptorFromEnnBuffer`) as vendor [`SharedBuffer`]s released with
/// `EnnReleaseBuffer`. Each buffer's release callback holds the context, so buffers may
/// outlive the allocator and the context outlives every buffer.
///
/// Give it to a `SharedLoader` for backend blobs (`--loader shared`): the loader reads
/// each blob once, straight into an ENN buffer, and the model opens from that buffer's fd
/// (open path (b)).
#[derive(Clone, Debug)]
pub struct EnnAllocator {
    context: Arc<EnnContext>,
}

impl EnnAllocator {
    /// The allocator's name (`"enn"`).
    pub const NAME: &'static str = "enn";

    /// An allocator over `context`'s library.
    ///
    /// # Errors
    ///
    /// [`Error::MissingOptional`] when the library lacks `EnnCreateBuffer`,
    /// `EnnGetFileDescriptorFromEnnBuffer` or `EnnReleaseBuffer`.
    pub fn new(context: Arc<EnnContext>) -> Result<EnnAllocator> {
        context.library().check_buffer_functions()?;
        Ok(EnnAllocator { context })
    }

    /// The context the buffers belong to.
    pub fn context(&self) -> &Arc<EnnContext> {
        &self.context
    }
}

impl SharedAllocator for EnnAllocator {
    fn name(&self) -> &str {
        Self::NAME
    }

    fn allocate(&self, len: usize) -> pterun_memory::Result<SharedBuffer> {
        if len == 0 {
            return Err(pterun_memory::Error::ZeroSizeAllocation { allocator: Self::NAME.into() });
        }
        ffi::create_shared_buffer(&self.context, len, Self::NAME).map_err(|e| match e {
            Error::TooLarge { what, size, limit } => {
                pterun_memory::Error::TooLarge { what, size, limit }
            }
            other => pterun_memory::Error::SharedAllocation {
                allocator: Self::NAME.into(),
                operation: match &other {
                    Error::Call { function, .. } | Error::InvalidResult { function, .. } => {
                        function
                    }
                    Error::MissingOptional { symbol } => symbol,
                    _ => "EnnCreateBuffer",
                },
                len,
                source: io::Error::other(pterun_core::error_chain(&other)),
            },
        })
    }
}
