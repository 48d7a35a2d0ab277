//! [`EnnModel`]: an opened ENN model with its buffers, released and closed on drop.

use std::fmt;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::sync::Arc;

use pterun_enn_sys::{EnnModelId, ENN_DIR_IN, ENN_DIR_OUT};
use pterun_memory::{page_size, Segment};

use crate::context::EnnContext;
use crate::error::{Error, Result};
use crate::ffi::{BufferMeta, EnnBufferSet, ImportedBuffer};
use crate::open::{check_u32, choose_open_path, BlobLocation, OpenPath, OpenPolicy};

/// How a model was opened, for reports (`pterun run --json`) and logs.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct OpenRecord {
    /// The path taken.
    pub path: OpenPath,
    /// The path tried first when it failed and the memory path was used instead
    /// ([`OpenPolicy::Auto`] only).
    pub fallback_from: Option<OpenPath>,
    /// Size of the blob.
    pub blob_bytes: u64,
    /// Bytes copied on the client side to produce the blob segment (0 for a mapping; the
    /// blob size when a loader placed it in a shared buffer or read it into the heap).
    pub client_bytes_copied: u64,
    /// Whether the library copies the blob by contract (the memory path); for the fd
    /// paths what the library does is unknown to pterun.
    pub library_copy: bool,
    /// For [`OpenPath::FileFd`]: whether the blob's file offset is page-aligned (the
    /// preferred case; an unaligned one is the library's choice to accept).
    pub file_offset_page_aligned: Option<bool>,
    /// The function that allocated the model's buffers.
    pub buffers_allocated_by: &'static str,
    /// Method of the delegate (empty when opened directly).
    pub method: String,
    /// Index of the delegate in its method.
    pub delegate_index: usize,
}

/// Closes the model when dropped. Holds the context, so close precedes deinit.
struct ModelHandle {
    id: EnnModelId,
    context: Arc<EnnContext>,
    /// The descriptor the model was opened from by fd + offset: a close-on-exec duplicate
    /// owned here, so a library that keeps using the number never sees it closed (or
    /// reused) when the `Program` and its loader go away. Closed after `EnnCloseModel`
    /// (fields drop after `Drop::drop`).
    fd: Option<OwnedFd>,
}

impl Drop for ModelHandle {
    fn drop(&mut self) {
        if let Err(e) = self.context.library().close_model(self.id) {
            // Drop cannot report errors; the library owns the model's state.
            log::error!("model {}: {e}", self.id);
        }
    }
}

/// An open ENN model and the buffers the library allocated for it (inputs, then outputs).
///
/// Dropping it releases the buffers (`EnnReleaseBuffers`), then closes the model
/// (`EnnCloseModel`), then drops its context reference (the last one deinitialises).
pub struct EnnModel {
    /// Caller memory bound in place of allocated buffers (by buffer index, inputs then
    /// outputs). Declared first: given up before the allocated buffers are released.
    imports: Vec<Option<ImportedBuffer>>,
    /// Released before the model is closed.
    buffers: EnnBufferSet,
    /// `EnnGetBufferInfoByIndex` of each buffer (inputs, then outputs), when exported.
    metas: Vec<Option<BufferMeta>>,
    handle: ModelHandle,
    record: OpenRecord,
}

impl EnnModel {
    /// Opens the model in `blob` by the open rule (see [`crate::open`]), allocates its
    /// buffers, and drops `blob` as soon as the library holds the model.
    ///
    /// # Errors
    ///
    /// [`Error::TooLarge`], [`Error::PathUnavailable`], [`Error::Call`] naming the failing
    /// ENN function, [`Error::InvalidResult`] for impossible library results.
    pub fn open(context: &Arc<EnnContext>, blob: Segment, policy: OpenPolicy) -> Result<EnnModel> {
        let library = context.library();
        let location = BlobLocation::of(blob.provenance(), page_size());
        let blob_bytes = blob.len() as u64;
        let client_bytes_copied = blob.bytes_copied();
        let planned = choose_open_path(location, blob_bytes, library.open_capabilities(), policy)?;
        let ((id, fd), path, fallback_from) = match open_by(context, &blob, location, planned) {
            Ok(opened) => (opened, planned, None),
            Err(first) if policy == OpenPolicy::Auto && planned != OpenPath::Memory => {
                log::warn!("{first}; opening the ENN model from memory instead");
                match open_by(context, &blob, location, OpenPath::Memory) {
                    Ok(opened) => (opened, OpenPath::Memory, Some(planned)),
                    Err(source) => {
                        return Err(Error::FallbackFailed {
                            first: planned,
                            first_error: first.to_string(),
                            source: Box::new(source),
                        })
                    }
                }
            }
            Err(e) => return Err(e),
        };
        let handle = ModelHandle { id, context: Arc::clone(context), fd };
        // The library holds the model now: no stale pointer, no resident duplicate.
        drop(blob);
        let mut buffers = EnnBufferSet::allocate(context, id)?;
        let counts = library.get_buffers_info(id)?;
        if counts.n_in_buf as usize != buffers.n_in()
            || counts.n_out_buf as usize != buffers.n_out()
        {
            return Err(Error::InvalidResult {
                function: "EnnGetBuffersInfo",
                detail: format!(
                    "{} inputs and {} outputs, but {} and {} buffers were allocated",
                    counts.n_in_buf,
                    counts.n_out_buf,
                    buffers.n_in(),
                    buffers.n_out()
                ),
            });
        }
        // A library may make a buffer larger than its tensor (alignment, channel padding);
        // only the tensor's bytes are copied at each execution, so the tail is zeroed once
        // here and never holds stale or uninitialised bytes the model could read.
        let total = buffers.n_in().saturating_add(buffers.n_out());
        for index in 0..total {
            if let Some(bytes) = buffers.buffer_mut(index) {
                bytes.fill(0);
            }
        }
        let metas = read_metas(library, id, buffers.n_in(), buffers.n_out())?;
        let imports = (0..total).map(|_| None).collect();
        let record = OpenRecord {
            path,
            fallback_from,
            blob_bytes,
            client_bytes_copied,
            library_copy: path == OpenPath::Memory,
            file_offset_page_aligned: match (path, location) {
                (OpenPath::FileFd, BlobLocation::MappedFile { page_aligned, .. }) => {
                    Some(page_aligned)
                }
                _ => None,
            },
            buffers_allocated_by: buffers.allocated_by(),
            method: String::new(),
            delegate_index: 0,
        };
        log::info!(
            "ENN model {id} opened by {} ({}): {blob_bytes} blob bytes, {client_bytes_copied} copied by the loader, library copy: {}, {} input(s), {} output(s)",
            path,
            path.function(),
            record.library_copy,
            buffers.n_in(),
            buffers.n_out()
        );
        Ok(EnnModel { imports, buffers, metas, handle, record })
    }

    /// The function that allocated the model's buffers.
    pub fn buffers_allocated_by(&self) -> &'static str {
        self.buffers.allocated_by()
    }

    /// What the library says about buffer `index` (inputs first, then outputs).
    pub fn buffer_meta(&self, index: usize) -> Option<&BufferMeta> {
        self.metas.get(index)?.as_ref()
    }

    /// Binds `size` bytes at `offset` of `fd` (caller memory, e.g. a planned arena) in
    /// place of the allocated buffer `index` (inputs first, then outputs): from the next
    /// [`EnnModel::commit`] the library reads (or writes) those bytes at each execution
    /// and nothing needs copying for this buffer. The import must cover the whole ENN
    /// buffer: `size` must equal its size.
    ///
    /// # Errors
    ///
    /// [`Error::SizeMismatch`] when `size` is not the buffer's size, [`Error::TooLarge`]
    /// for a size or offset over `u32::MAX`, [`Error::MissingOptional`] and
    /// [`Error::Call`] from `EnnCreateBufferFromFdWithOffset` / `EnnSetBufferByIndex`.
    /// On error the allocated buffer stays bound.
    pub fn bind_import(
        &mut self,
        index: usize,
        fd: BorrowedFd<'_>,
        offset: u64,
        size: usize,
    ) -> Result<()> {
        let (n_in, n_out) = (self.num_inputs(), self.num_outputs());
        let enn =
            self.buffers.size(index).ok_or(Error::ArgumentCount { n_in, n_out, found: index })?;
        let (direction, position, dir) = if index < n_in {
            ("input", index, ENN_DIR_IN)
        } else {
            ("output", index - n_in, ENN_DIR_OUT)
        };
        if size != enn {
            return Err(size_mismatch(direction, position, size, enn));
        }
        self.unbind_import(index)?;
        let size32 = check_u32("import size", size as u64)?;
        let offset32 = check_u32("import offset", offset)?;
        let import = ImportedBuffer::import(&self.handle.context, fd, size32, offset32)?;
        let position32 = check_u32("buffer index", position as u64)?;
        import.bind(self.handle.id, dir, position32)?;
        if let Some(slot) = self.imports.get_mut(index) {
            *slot = Some(import);
        }
        Ok(())
    }

    /// Gives up the import bound at buffer `index`, if any: the allocated buffer is bound
    /// back (effective at the next [`EnnModel::commit`]) and the import released.
    ///
    /// # Errors
    ///
    /// [`Error::Call`] from `EnnSetBufferByIndex`; the import is then kept (still bound).
    pub fn unbind_import(&mut self, index: usize) -> Result<()> {
        if self.imports.get(index).is_some_and(Option::is_some) {
            self.buffers.bind_back(self.handle.id, index)?;
            if let Some(slot) = self.imports.get_mut(index) {
                *slot = None;
            }
        }
        Ok(())
    }

    /// Size of buffer `index` (inputs first, then outputs).
    pub fn buffer_size(&self, index: usize) -> Option<usize> {
        self.buffers.size(index)
    }

    /// Whether imports can be bound (every function they need exported); the first
    /// missing function otherwise.
    pub fn import_support(&self) -> std::result::Result<(), &'static str> {
        self.handle.context.library().import_support()
    }

    /// Whether buffer `index` is bound to caller memory.
    pub fn is_imported(&self, index: usize) -> bool {
        self.imports.get(index).is_some_and(Option::is_some)
    }

    /// `EnnBufferCommit`: makes the bindings made since the last commit effective.
    ///
    /// # Errors
    ///
    /// [`Error::MissingOptional`] when the library does not export it, [`Error::Call`].
    pub fn commit(&mut self) -> Result<()> {
        if self.handle.context.library().commit(self.handle.id)? {
            Ok(())
        } else {
            Err(Error::MissingOptional { symbol: "EnnBufferCommit" })
        }
    }

    /// What the library says about input `index`'s buffer (`None` when it does not export
    /// `EnnGetBufferInfoByIndex`).
    pub fn input_meta(&self, index: usize) -> Option<&BufferMeta> {
        (index < self.num_inputs()).then(|| self.metas.get(index)?.as_ref()).flatten()
    }

    /// What the library says about output `index`'s buffer.
    pub fn output_meta(&self, index: usize) -> Option<&BufferMeta> {
        if index >= self.num_outputs() {
            return None;
        }
        self.metas.get(self.num_inputs().checked_add(index)?)?.as_ref()
    }

    /// How the model was opened.
    pub fn record(&self) -> &OpenRecord {
        &self.record
    }

    pub(crate) fn record_mut(&mut self) -> &mut OpenRecord {
        &mut self.record
    }

    /// The descriptor the model was opened from by fd + offset (its own duplicate), while
    /// the model is open; `None` for the other paths.
    pub fn model_fd(&self) -> Option<BorrowedFd<'_>> {
        self.handle.fd.as_ref().map(AsFd::as_fd)
    }

    /// The library's model id.
    pub fn id(&self) -> EnnModelId {
        self.handle.id
    }

    /// Number of inputs.
    pub fn num_inputs(&self) -> usize {
        self.buffers.n_in()
    }

    /// Number of outputs.
    pub fn num_outputs(&self) -> usize {
        self.buffers.n_out()
    }

    /// Byte size of input `index`'s buffer.
    pub fn input_size(&self, index: usize) -> Option<usize> {
        (index < self.num_inputs()).then(|| self.buffers.size(index)).flatten()
    }

    /// Byte size of output `index`'s buffer.
    pub fn output_size(&self, index: usize) -> Option<usize> {
        if index >= self.num_outputs() {
            return None;
        }
        self.buffers.size(self.num_inputs().checked_add(index)?)
    }

    /// Input `index`'s whole buffer (possibly larger than the tensor), to fill before [`EnnModel::execute`].
    pub fn input_mut(&mut self, index: usize) -> Option<&mut [u8]> {
        if index >= self.num_inputs() {
            return None;
        }
        self.buffers.buffer_mut(index)
    }

    /// Output `index`'s whole buffer (possibly larger than the tensor), valid after [`EnnModel::execute`].
    pub fn output(&self, index: usize) -> Option<&[u8]> {
        if index >= self.num_outputs() {
            return None;
        }
        self.buffers.buffer(self.num_inputs().checked_add(index)?)
    }

    /// `EnnExecuteModel` on the committed buffers (blocking).
    ///
    /// # Errors
    ///
    /// [`Error::Call`] with the return code.
    pub fn execute(&mut self) -> Result<()> {
        self.handle.context.library().execute_model(self.handle.id)
    }

    /// Copies `inputs` into the input buffers, executes, and copies the output buffers
    /// into `outputs`; every buffer must be at least as large as its data (the first
    /// bytes are the tensor's, a larger buffer's tail is padding).
    ///
    /// # Errors
    ///
    /// [`Error::ArgumentCount`], [`Error::SizeMismatch`] (with both sizes), and the errors
    /// of [`EnnModel::execute`].
    pub fn run(&mut self, inputs: &[&[u8]], outputs: &mut [&mut [u8]]) -> Result<()> {
        let (n_in, n_out) = (self.num_inputs(), self.num_outputs());
        if inputs.len() != n_in || outputs.len() != n_out {
            return Err(Error::ArgumentCount {
                n_in,
                n_out,
                found: inputs.len().saturating_add(outputs.len()),
            });
        }
        for (index, data) in inputs.iter().enumerate() {
            self.write_input(index, data)?;
        }
        self.execute()?;
        for (index, data) in outputs.iter_mut().enumerate() {
            self.read_output(index, data)?;
        }
        Ok(())
    }

    /// Copies `data` into the first bytes of input `index`'s buffer, which must be at least
    /// as large (the tail, zeroed at open, stays as it is).
    pub(crate) fn write_input(&mut self, index: usize, data: &[u8]) -> Result<()> {
        let (n_in, n_out) = (self.num_inputs(), self.num_outputs());
        let buffer =
            self.input_mut(index).ok_or(Error::ArgumentCount { n_in, n_out, found: index })?;
        let Some(prefix) = buffer.get_mut(..data.len()) else {
            return Err(size_mismatch("input", index, data.len(), buffer.len()));
        };
        prefix.copy_from_slice(data);
        Ok(())
    }

    /// Copies the first `data.len()` bytes of output `index`'s buffer into `data`; the
    /// buffer must be at least as large.
    pub(crate) fn read_output(&self, index: usize, data: &mut [u8]) -> Result<()> {
        let buffer = self.output(index).ok_or(Error::ArgumentCount {
            n_in: self.num_inputs(),
            n_out: self.num_outputs(),
            found: self.num_inputs().saturating_add(index),
        })?;
        let Some(prefix) = buffer.get(..data.len()) else {
            return Err(size_mismatch("output", index, data.len(), buffer.len()));
        };
        data.copy_from_slice(prefix);
        Ok(())
    }
}

impl Drop for EnnModel {
    fn drop(&mut self) {
        // Imports are released first (field order); the library must not be left bound to
        // released buffers while the model is still open, so the allocated ones go back.
        let bound: Vec<usize> = (0..self.imports.len()).filter(|&i| self.is_imported(i)).collect();
        if bound.is_empty() {
            return;
        }
        for index in bound {
            if let Err(e) = self.buffers.bind_back(self.handle.id, index) {
                log::error!("ENN model {}: {e}", self.handle.id);
            }
        }
        if let Err(e) = self.handle.context.library().commit(self.handle.id) {
            log::error!("ENN model {}: {e}", self.handle.id);
        }
    }
}

pub(crate) fn size_mismatch(
    direction: &'static str,
    index: usize,
    tensor_bytes: usize,
    enn_bytes: usize,
) -> Error {
    Error::SizeMismatch {
        direction,
        index,
        tensor_bytes: tensor_bytes as u64,
        enn_bytes: enn_bytes as u64,
    }
}

/// Every buffer's metadata (inputs, then outputs), logged at debug level; all `None` when
/// the library does not export `EnnGetBufferInfoByIndex`.
fn read_metas(
    library: &crate::ffi::EnnLibrary,
    id: EnnModelId,
    n_in: usize,
    n_out: usize,
) -> Result<Vec<Option<BufferMeta>>> {
    let mut metas = Vec::with_capacity(n_in.saturating_add(n_out));
    for (dir, count, name) in [(ENN_DIR_IN, n_in, "input"), (ENN_DIR_OUT, n_out, "output")] {
        for index in 0..count {
            // `EnnBufferSet::allocate` bounds the counts by MAX_BUFFERS.
            let index32 = u32::try_from(index).unwrap_or(u32::MAX);
            let meta = library.buffer_info(id, dir, index32)?;
            if let Some(m) = &meta {
                log::debug!(
                    "ENN model {id} {name} {index}: label {:?}, NCHW {:?}, {} bytes, type {} ({:?})",
                    m.label,
                    m.nchw,
                    m.size,
                    m.buffer_type,
                    m.dtype()
                );
            }
            metas.push(meta);
        }
    }
    Ok(metas)
}

/// Opens `blob` by `path`; the blob stays borrowed (alive) for the whole call. The fd +
/// offset open also returns the duplicate descriptor the library was given, which the
/// model must keep open until it is closed.
fn open_by(
    context: &EnnContext,
    blob: &Segment,
    location: BlobLocation,
    path: OpenPath,
) -> Result<(EnnModelId, Option<OwnedFd>)> {
    let library = context.library();
    let no_fd =
        || Error::PathUnavailable { policy: OpenPolicy::Auto, reason: "the blob has no fd" };
    match path {
        OpenPath::Memory => Ok((library.open_model_from_memory(blob)?, None)),
        OpenPath::SharedFd => {
            let fd = blob.provenance().fd().ok_or_else(no_fd)?;
            Ok((library.open_model_from_fd(fd)?, None))
        }
        OpenPath::FileFd => {
            let fd = blob.provenance().fd().ok_or_else(no_fd)?;
            let BlobLocation::MappedFile { offset, .. } = location else {
                return Err(no_fd());
            };
            let size = check_u32("blob size", blob.len() as u64)?;
            let offset = check_u32("file offset", offset)?;
            // `F_DUPFD_CLOEXEC`: a child process never inherits it.
            let own = fd.try_clone_to_owned().map_err(|source| Error::DuplicateFd { source })?;
            let id = library.open_model_with_file_fd(own.as_fd(), size, offset)?;
            Ok((id, Some(own)))
        }
    }
}

impl fmt::Debug for EnnModel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EnnModel")
            .field("id", &self.handle.id)
            .field("buffers", &self.buffers)
            .field("record", &self.record)
            .finish()
    }
}
