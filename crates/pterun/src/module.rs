//! [`Module`]: a verified program, the kernels and backends its methods load with, and a
//! cache of the methods loaded so far.

use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::os::fd::OwnedFd;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use pterun_enn::{EnnBackend, IoPolicy};
use pterun_kernels::Registry;
use pterun_memory::{BufferLoader, DataLoader, FdLoader, LoaderStats, SharedAllocator};
use pterun_runtime::{BackendRegistry, ExternalData, MemoryOptions, MethodMeta, Passes, Program};
use pterun_xnnpack::{NamedData, XnnpackBackend};

use crate::error::{Error, Result};
use crate::method::Method;
use crate::open::{open_path, wrap, LazyEnnAllocator};
use crate::options::{Arenas, LoadOptions, Loader};
use crate::tensor::{Output, Tensor};

/// A loaded program and its methods, loaded on first use and kept.
///
/// Loading a module opens and verifies the program and loads its constant segment;
/// methods (planned memory, kernels, delegates) load the first time they are asked for
/// ([`Module::method`], [`Module::execute`]). A module can move to another thread; it is
/// not shared between threads (methods load behind `&self`).
pub struct Module {
    program: Program,
    kernels: Registry,
    backends: BackendRegistry,
    enn: Option<Arc<EnnBackend>>,
    external: Option<ExternalData>,
    arenas: Arenas,
    passes: Passes,
    methods: BTreeMap<String, OnceCell<Method>>,
    program_load_time: Duration,
}

impl std::fmt::Debug for Module {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let loaded: Vec<&str> = self
            .methods
            .iter()
            .filter(|(_, m)| m.get().is_some())
            .map(|(n, _)| n.as_str())
            .collect();
        f.debug_struct("Module")
            .field("methods", &self.program.method_names())
            .field("loaded", &loaded)
            .field("backends", &self.backends)
            .finish_non_exhaustive()
    }
}

impl Module {
    /// Opens the program at `path` with the default options (mapped, XNNPACK and ENN
    /// backends, every portable kernel).
    pub fn from_path(path: impl AsRef<Path>) -> Result<Module> {
        Module::from_path_with(path, &LoadOptions::default())
    }

    /// Opens the program at `path` with `options`.
    pub fn from_path_with(path: impl AsRef<Path>, options: &LoadOptions) -> Result<Module> {
        let path = path.as_ref();
        Module::load(options, |shared| open_path(path, options.loader, options.mmap, shared))
    }

    /// A program from bytes already in memory (nothing is copied).
    pub fn from_bytes(bytes: impl Into<Arc<[u8]>>) -> Result<Module> {
        Module::from_bytes_with(bytes, &LoadOptions::default())
    }

    /// A program from bytes already in memory, with `options`.
    pub fn from_bytes_with(bytes: impl Into<Arc<[u8]>>, options: &LoadOptions) -> Result<Module> {
        let base: Arc<dyn DataLoader> = Arc::new(BufferLoader::new(bytes));
        Module::load(options, |shared| Ok(wrap(base, options.loader, shared)))
    }

    /// A program from an open file descriptor, which the module owns: a regular file (or
    /// memfd) is mapped, anything else read with `pread`.
    pub fn from_fd(fd: OwnedFd) -> Result<Module> {
        Module::from_fd_with(fd, &LoadOptions::default())
    }

    /// A program from an open file descriptor, with `options`.
    pub fn from_fd_with(fd: OwnedFd, options: &LoadOptions) -> Result<Module> {
        let base: Arc<dyn DataLoader> = Arc::new(FdLoader::new(fd)?);
        Module::load(options, |shared| Ok(wrap(base, options.loader, shared)))
    }

    /// A program read through `loader`, used as it is (the loader choice of `options` is
    /// ignored).
    pub fn from_loader(loader: Arc<dyn DataLoader>, options: &LoadOptions) -> Result<Module> {
        Module::load(options, |_| Ok(loader))
    }

    /// Sets threads, registers the backends (a duplicate name is an error), opens and
    /// verifies the program, loads external data.
    fn load(
        options: &LoadOptions,
        open: impl FnOnce(Option<Arc<dyn SharedAllocator>>) -> Result<Arc<dyn DataLoader>>,
    ) -> Result<Module> {
        let start = Instant::now();
        if let Some(threads) = options.threads {
            pterun_kernels::set_num_threads(threads)
                .map_err(|reason| Error::Threads { threads, reason })?;
        }
        let enn = options.default_backends.then(|| Arc::new(EnnBackend::new(options.enn.clone())));
        let mut backends = BackendRegistry::new();
        if let Some(enn) = &enn {
            backends.register(enn.clone())?;
        }
        for backend in &options.backends {
            backends.register(backend.clone())?;
        }
        // `Loader::Shared` places ENN blobs in ENN buffers when the library is there, so
        // models open from the buffer's fd; the library is opened at the first placement.
        let shared = enn
            .as_ref()
            .map(|enn| Arc::new(LazyEnnAllocator::new(enn.clone())) as Arc<dyn SharedAllocator>);
        let program = Program::load(open(shared)?)?;
        let program_load_time = start.elapsed();

        let external =
            match &options.data_file {
                Some(path) => {
                    let load = || -> Result<ExternalData> {
                        Ok(ExternalData::load(open_path(path, Loader::Mmap, options.mmap, None)?)?)
                    };
                    Some(load().map_err(|e| Error::ExternalData {
                        path: path.clone(),
                        source: Box::new(e),
                    })?)
                }
                None => None,
            };
        if options.default_backends {
            // XNNPACK blobs find their weights in the program's named data.
            backends.register(Arc::new(XnnpackBackend::new(NamedData::of_program(&program))))?;
        }
        let methods =
            program.method_names().into_iter().map(|n| (n.to_owned(), OnceCell::new())).collect();
        Ok(Module {
            program,
            kernels: options.kernels.clone().unwrap_or_else(Registry::portable),
            backends,
            enn,
            external,
            arenas: options.arenas.clone(),
            passes: options.passes,
            methods,
            program_load_time,
        })
    }

    /// Method names, in file order.
    pub fn method_names(&self) -> Vec<&str> {
        self.program.method_names()
    }

    /// Inputs, outputs and planned memory of method `name` (without loading it).
    pub fn method_meta(&self, name: &str) -> Result<MethodMeta> {
        Ok(self.program.method_meta(name)?)
    }

    /// Method `name`, loaded now if it was not yet.
    pub fn method(&self, name: &str) -> Result<&Method> {
        let cell = self.methods.get(name).ok_or_else(|| self.not_found(name))?;
        if let Some(method) = cell.get() {
            return Ok(method);
        }
        let method = self.load_method(name)?;
        Ok(cell.get_or_init(|| method))
    }

    /// Method `name`, mutably (to set inputs and execute), loaded now if it was not yet.
    pub fn method_mut(&mut self, name: &str) -> Result<&mut Method> {
        self.method(name)?;
        let missing = self.not_found(name);
        self.methods.get_mut(name).and_then(OnceCell::get_mut).ok_or(missing)
    }

    /// Runs method `name` on `inputs` (one tensor per tensor input, in order) and returns
    /// its outputs, which borrow the method's memory until it runs again.
    pub fn execute(&mut self, name: &str, inputs: &[Tensor<'_>]) -> Result<Vec<Output<'_>>> {
        self.method_mut(name)?.run(inputs)
    }

    /// Runs method `forward` ([`Module::execute`]).
    pub fn forward(&mut self, inputs: &[Tensor<'_>]) -> Result<Vec<Output<'_>>> {
        self.execute("forward", inputs)
    }

    fn not_found(&self, name: &str) -> Error {
        Error::Runtime(pterun_runtime::Error::MethodNotFound {
            name: name.to_owned(),
            available: self.method_names().iter().map(|n| n.to_string()).collect(),
        })
    }

    fn has_enn_delegates(&self, name: &str) -> bool {
        self.program
            .view()
            .method(name)
            .is_some_and(|m| m.delegates.iter().any(|d| d.backend_id == pterun_enn::BACKEND_NAME))
    }

    fn load_method(&self, name: &str) -> Result<Method> {
        let arena_allocator: Option<Arc<dyn SharedAllocator>> = match &self.arenas {
            Arenas::Heap => None,
            Arenas::Shared(allocator) => Some(allocator.clone()),
            // Planned memory in shared buffers the ENN library can import, so that its
            // delegates' tensors are read and written in place (nothing copied per
            // execution).
            Arenas::Auto => self
                .enn
                .as_ref()
                .filter(|enn| enn.config().io_policy == IoPolicy::Auto)
                .filter(|_| self.has_enn_delegates(name))
                .map(|enn| {
                    Arc::new(LazyEnnAllocator::new(enn.clone())) as Arc<dyn SharedAllocator>
                }),
        };
        let options = pterun_runtime::LoadOptions {
            kernels: &self.kernels,
            backends: &self.backends,
            external_data: self.external.as_ref(),
            passes: self.passes,
        };
        let memory = MemoryOptions { arena_allocator: arena_allocator.as_deref() };
        let inner = pterun_runtime::Method::load_with_memory(&self.program, name, options, memory)?;
        Ok(Method::new(inner, arena_allocator))
    }

    /// The verified program.
    pub fn program(&self) -> &Program {
        &self.program
    }

    /// Time spent opening and verifying the program (and loading its constants).
    pub fn program_load_time(&self) -> Duration {
        self.program_load_time
    }

    /// The program loader's counters so far (bytes mapped and copied, by the program load
    /// and by the methods loaded since).
    pub fn loader_stats(&self) -> LoaderStats {
        self.program.loader().stats()
    }

    /// Registered backend names.
    pub fn backend_names(&self) -> Vec<String> {
        self.backends.names()
    }

    /// The ENN backend, when the default backends are registered (for its reports: how
    /// each delegate opened, which buffers were imported or copied).
    pub fn enn_backend(&self) -> Option<&Arc<EnnBackend>> {
        self.enn.as_ref()
    }
}
