//! The load-time passes: rewrites of a loaded method that keep every output bit-identical,
//! run in the order of [`Pass::PIPELINE`], each switchable off by name.
//!
//! Every pass asks `method/defuse.rs` what a step reads and which tensors share bytes, and
//! records what it changed in [`MethodLoadStats`] (see [`MethodLoadStats::by_pass`]). In
//! debug builds (and so in every test) the method is checked after each pass: the value
//! and tensor references of every step are in range, and no read sees bytes it did not see
//! before the passes (the aliasing check of `method/aliases.rs`).

mod conv_epilogue;
mod fold_constants;
mod pointwise;
mod pool_indices;
mod transposed_linear;
mod verify;

use std::fmt;
use std::str::FromStr;

use crate::method::*;

/// A load-time pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Pass {
    /// `addmm(bias, x, permute_copy(W))` becomes `linear(x, W, bias)`: no transpose at run
    /// time or at load.
    TransposedLinear,
    /// Batch norm and relu/hardtanh fused into the convolution before them.
    ConvEpilogue,
    /// Max pools whose indices nothing reads run without computing them.
    PoolIndices,
    /// Instructions whose inputs are all constants computed once at load.
    FoldConstants,
    /// Runs of element-wise steps fused into one `pterun::pointwise.out` step.
    Pointwise,
}

impl Pass {
    /// Every pass, in the order the pipeline runs them.
    pub const PIPELINE: [Pass; 5] = [
        Pass::TransposedLinear,
        Pass::ConvEpilogue,
        Pass::PoolIndices,
        Pass::FoldConstants,
        Pass::Pointwise,
    ];

    /// Its name (`--disable-pass NAME`, reports).
    pub fn name(self) -> &'static str {
        match self {
            Pass::TransposedLinear => "transposed_linear",
            Pass::ConvEpilogue => "conv_epilogue",
            Pass::PoolIndices => "pool_indices",
            Pass::FoldConstants => "fold_constants",
            Pass::Pointwise => "pointwise",
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

impl fmt::Display for Pass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is no pass.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown pass {0:?} (passes: transposed_linear, conv_epilogue, pool_indices, fold_constants, pointwise; or all)")]
pub struct UnknownPass(pub String);

impl FromStr for Pass {
    type Err = UnknownPass;
    fn from_str(s: &str) -> std::result::Result<Pass, UnknownPass> {
        Pass::PIPELINE.into_iter().find(|p| p.name() == s).ok_or_else(|| UnknownPass(s.to_owned()))
    }
}

/// Which passes run (all by default).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Passes(u8);

impl Passes {
    /// Every pass.
    pub const ALL: Passes = Passes(0b1_1111);
    /// None: the program's instructions as exported.
    pub const NONE: Passes = Passes(0);

    /// Whether `pass` runs.
    pub fn contains(self, pass: Pass) -> bool {
        self.0 & pass.bit() != 0
    }

    /// These passes without `pass`.
    #[must_use]
    pub fn without(self, pass: Pass) -> Passes {
        Passes(self.0 & !pass.bit())
    }

    /// These passes with `pass`.
    #[must_use]
    pub fn with(self, pass: Pass) -> Passes {
        Passes(self.0 | pass.bit())
    }

    /// All passes but those named in `names` (`all` names every pass).
    ///
    /// # Errors
    ///
    /// [`UnknownPass`] for a name that is neither a pass nor `all`.
    pub fn all_but<'n>(
        names: impl IntoIterator<Item = &'n str>,
    ) -> std::result::Result<Passes, UnknownPass> {
        let mut passes = Passes::ALL;
        for name in names {
            if name == "all" {
                passes = Passes::NONE;
            } else {
                passes = passes.without(name.parse()?);
            }
        }
        Ok(passes)
    }

    /// The passes that run, in pipeline order.
    pub fn iter(self) -> impl Iterator<Item = Pass> {
        Pass::PIPELINE.into_iter().filter(move |p| self.contains(*p))
    }
}

impl Default for Passes {
    fn default() -> Passes {
        Passes::ALL
    }
}

impl fmt::Debug for Passes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter().map(Pass::name)).finish()
    }
}

impl MethodLoadStats {
    /// What each pass changed, by pass, in pipeline order: instructions folded into
    /// another step (linears, epilogues, element-wise chains), pools rewritten, or
    /// instructions computed at load.
    pub fn by_pass(&self) -> [(Pass, usize); 5] {
        [
            (Pass::TransposedLinear, self.fused_linears),
            (Pass::ConvEpilogue, self.fused_epilogues),
            (Pass::PoolIndices, self.pools_without_indices),
            (Pass::FoldConstants, self.folded_instructions),
            (Pass::Pointwise, self.fused_pointwise),
        ]
    }
}

impl Plan {
    /// Runs the passes of `passes` in pipeline order, checking the method after each one
    /// in debug builds.
    pub(in crate::method) fn run_passes(
        &mut self,
        passes: Passes,
        kernels: &Registry,
    ) -> Result<()> {
        for pass in passes.iter() {
            match pass {
                Pass::TransposedLinear => self.fuse_transposed_linears(kernels),
                Pass::ConvEpilogue => self.fuse_conv_epilogues(kernels),
                Pass::PoolIndices => self.skip_unread_pool_indices(kernels),
                Pass::FoldConstants => self.fold_constants()?,
                Pass::Pointwise => self.fuse_pointwise_chains(kernels),
            }
            if cfg!(debug_assertions) {
                self.verify_after(pass)?;
            }
        }
        Ok(())
    }

    /// Appends a value the rewrites need; returns its index.
    pub(in crate::method) fn push_value(&mut self, slot: Slot) -> usize {
        self.values.push(slot);
        self.values.len() - 1
    }

    /// A value holding `slot`, appended on first use and then reused through `cache`.
    pub(in crate::method) fn shared_value(
        &mut self,
        cache: &mut Option<usize>,
        slot: Slot,
    ) -> usize {
        match *cache {
            Some(value) => value,
            None => *cache.insert(self.push_value(slot)),
        }
    }
}

/// Loading fixtures with chosen passes, for the unit tests beside each pass.
#[cfg(test)]
pub(super) mod test_support {
    use std::sync::Arc;

    use super::{Pass, Passes};
    use crate::{BackendRegistry, LoadOptions, Method, MethodLoadStats, Program};

    /// The load statistics of `fixtures/<path>` (method `forward`) loaded with `passes`.
    pub(in crate::method) fn stats(path: &str, passes: Passes) -> MethodLoadStats {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures").join(path);
        let loader = pterun_memory::MmapLoader::open(&path, Default::default()).expect("opens");
        let program = Program::load(Arc::new(loader)).expect("program loads");
        let kernels = pterun_kernels::Registry::portable();
        let backends = BackendRegistry::new();
        let options = LoadOptions { passes, ..LoadOptions::new(&kernels, &backends) };
        Method::load(&program, "forward", options).expect("method loads").load_stats()
    }

    /// What `pass` changed in `path`, run alone, and with every other pass but it.
    pub(in crate::method) fn alone_and_without(path: &str, pass: Pass) -> (usize, usize) {
        let count = |stats: MethodLoadStats| {
            stats.by_pass().iter().find(|(p, _)| *p == pass).map_or(0, |(_, n)| *n)
        };
        (count(stats(path, Passes::NONE.with(pass))), count(stats(path, Passes::ALL.without(pass))))
    }
}
