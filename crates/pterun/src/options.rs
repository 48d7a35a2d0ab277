//! [`LoadOptions`]: how a [`Module`](crate::Module) opens its file and what it loads
//! methods with.
//!
//! The fields are private and set through builder methods, so options added later (the
//! load-time passes to switch off, for one) do not break callers.

use std::path::PathBuf;
use std::sync::Arc;

use pterun_enn::EnnConfig;
use pterun_kernels::Registry;
use pterun_memory::SharedAllocator;
use pterun_runtime::{Backend, Passes};

/// How the program file is read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Loader {
    /// Map the file (the default): nothing is copied.
    #[default]
    Mmap,
    /// `pread` into aligned heap buffers, for callers who want no mappings.
    File,
    /// Map the file, and place ENN delegate blobs in shared buffers (ENN buffers when the
    /// library is there, else memfd or dma-buf heap buffers), so the library opens them
    /// from an fd.
    Shared,
}

impl Loader {
    /// A short stable name (`mmap`, `file`, `shared`).
    pub fn as_str(self) -> &'static str {
        match self {
            Loader::Mmap => "mmap",
            Loader::File => "file",
            Loader::Shared => "shared",
        }
    }
}

/// Where a method's planned memory (its arenas) comes from.
#[derive(Clone, Default)]
#[non_exhaustive]
pub enum Arenas {
    /// Shared buffers the ENN library can import, for a method with ENN delegates when the
    /// ENN I/O policy is `auto` (their tensors are then read and written in place, nothing
    /// copied per execution); zeroed heap memory otherwise. The default.
    #[default]
    Auto,
    /// Zeroed heap memory.
    Heap,
    /// Buffers from this allocator, for every method.
    Shared(Arc<dyn SharedAllocator>),
}

impl std::fmt::Debug for Arenas {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Arenas::Auto => f.write_str("Auto"),
            Arenas::Heap => f.write_str("Heap"),
            Arenas::Shared(a) => f.debug_tuple("Shared").field(&a.name()).finish(),
        }
    }
}

/// How to open a program and load its methods. `LoadOptions::default()` maps the file,
/// registers the XNNPACK and ENN backends, and uses every portable kernel.
#[derive(Clone)]
pub struct LoadOptions {
    pub(crate) loader: Loader,
    pub(crate) mmap: pterun_memory::MmapOptions,
    pub(crate) threads: Option<usize>,
    pub(crate) default_backends: bool,
    pub(crate) backends: Vec<Arc<dyn Backend>>,
    pub(crate) enn: EnnConfig,
    pub(crate) data_file: Option<PathBuf>,
    pub(crate) arenas: Arenas,
    pub(crate) kernels: Option<Registry>,
    pub(crate) passes: Passes,
}

impl Default for LoadOptions {
    fn default() -> LoadOptions {
        LoadOptions {
            loader: Loader::default(),
            mmap: pterun_memory::MmapOptions::default(),
            threads: None,
            default_backends: true,
            backends: Vec::new(),
            enn: EnnConfig::default(),
            data_file: None,
            arenas: Arenas::default(),
            kernels: None,
            passes: Passes::ALL,
        }
    }
}

impl std::fmt::Debug for LoadOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoadOptions")
            .field("loader", &self.loader)
            .field("threads", &self.threads)
            .field("default_backends", &self.default_backends)
            .field("backends", &self.backends.iter().map(|b| b.name()).collect::<Vec<_>>())
            .field("enn", &self.enn)
            .field("data_file", &self.data_file)
            .field("arenas", &self.arenas)
            .field("kernels", &self.kernels.as_ref().map(Registry::len))
            .field("passes", &self.passes)
            .finish()
    }
}

impl LoadOptions {
    /// The defaults (see [`LoadOptions`]).
    pub fn new() -> LoadOptions {
        LoadOptions::default()
    }

    /// The load-time passes to run (all by default); e.g. `Passes::all_but(["pointwise"])?`
    /// or [`Passes::NONE`] to run the program's instructions as exported.
    pub fn passes(mut self, passes: Passes) -> LoadOptions {
        self.passes = passes;
        self
    }

    /// How to read a file opened by path ([`Module::from_path_with`]); for bytes and fds,
    /// only [`Loader::Shared`] changes anything (it wraps their loader).
    ///
    /// [`Module::from_path_with`]: crate::Module::from_path_with
    pub fn loader(mut self, loader: Loader) -> LoadOptions {
        self.loader = loader;
        self
    }

    /// Paging advice and `mlock` for the mapped loaders ([`Loader::Mmap`],
    /// [`Loader::Shared`]) and the `.ptd` file; ignored by [`Loader::File`]. An `mlock`
    /// the system refuses is logged, not an error.
    pub fn mmap_options(mut self, mmap: pterun_memory::MmapOptions) -> LoadOptions {
        self.mmap = mmap;
        self
    }

    /// The number of threads kernels may use. The setting is process-wide (kernels share
    /// one pool), applied when the module loads; the default is every core.
    pub fn threads(mut self, threads: usize) -> LoadOptions {
        self.threads = Some(threads);
        self
    }

    /// Adds a backend for delegates of the programs loaded with these options. Names are
    /// unique: registering a name twice (or one the default backends hold, unless
    /// [`LoadOptions::no_default_backends`]) makes the load fail with
    /// `RegistrationAlreadyRegistered`.
    pub fn backend(mut self, backend: Arc<dyn Backend>) -> LoadOptions {
        self.backends.push(backend);
        self
    }

    /// Registers neither the XNNPACK nor the ENN backend; only those added with
    /// [`LoadOptions::backend`] are.
    pub fn no_default_backends(mut self) -> LoadOptions {
        self.default_backends = false;
        self
    }

    /// The ENN backend's configuration (library path, open and I/O policies, perf mode).
    /// The library is opened only when a method with ENN delegates loads.
    pub fn enn(mut self, config: EnnConfig) -> LoadOptions {
        self.enn = config;
        self
    }

    /// The external data file (`.ptd`) holding weights the program stores outside itself;
    /// it is mapped.
    pub fn data_file(mut self, path: impl Into<PathBuf>) -> LoadOptions {
        self.data_file = Some(path.into());
        self
    }

    /// Where methods' planned memory comes from (default [`Arenas::Auto`]).
    pub fn arenas(mut self, arenas: Arenas) -> LoadOptions {
        self.arenas = arenas;
        self
    }

    /// The kernels methods resolve their operators in (default: every portable kernel),
    /// for callers who add or replace operators.
    pub fn kernels(mut self, kernels: Registry) -> LoadOptions {
        self.kernels = Some(kernels);
        self
    }

    /// The loader choice.
    pub fn loader_choice(&self) -> Loader {
        self.loader
    }

    /// The ENN configuration.
    pub fn enn_config(&self) -> &EnnConfig {
        &self.enn
    }
}
