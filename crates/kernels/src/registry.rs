//! The operator registry: `namespace::name.overload` -> kernel function.
//!
//! A closed set would be an enum; operators are an open set, so they live in an explicit
//! registry that the runtime receives. [`Registry::portable`] holds every kernel of this
//! crate; callers may add or replace entries (a faster implementation, a custom operator)
//! before loading a method. Nothing is registered behind the caller's back.

use std::collections::BTreeMap;

use crate::args::KernelCall;
use crate::error::Result;

/// A kernel: reads its inputs, resizes and writes its outputs.
pub type KernelFn = fn(&mut KernelCall<'_>) -> Result<()>;

/// Operators by full name.
#[derive(Clone, Default)]
pub struct Registry {
    kernels: BTreeMap<&'static str, KernelFn>,
}

/// A name registered twice.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("operator {0} is already registered")]
pub struct AlreadyRegistered(pub &'static str);

impl Registry {
    /// An empty registry.
    pub fn new() -> Registry {
        Registry::default()
    }

    /// Every kernel this crate provides.
    pub fn portable() -> Registry {
        let mut registry = Registry::new();
        crate::ops::register_all(&mut registry);
        registry
    }

    /// Adds a kernel; a name can be registered once.
    pub fn register(
        &mut self,
        name: &'static str,
        kernel: KernelFn,
    ) -> Result<(), AlreadyRegistered> {
        if self.kernels.contains_key(name) {
            return Err(AlreadyRegistered(name));
        }
        self.kernels.insert(name, kernel);
        Ok(())
    }

    /// Adds or replaces a kernel.
    pub fn replace(&mut self, name: &'static str, kernel: KernelFn) {
        self.kernels.insert(name, kernel);
    }

    /// The kernel for `name`, with the registry's copy of the name.
    pub fn get(&self, name: &str) -> Option<(&'static str, KernelFn)> {
        self.kernels.get_key_value(name).map(|(k, f)| (*k, *f))
    }

    /// All names, sorted.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.kernels.keys().copied()
    }

    /// Number of kernels.
    pub fn len(&self) -> usize {
        self.kernels.len()
    }

    /// Whether the registry is empty.
    pub fn is_empty(&self) -> bool {
        self.kernels.is_empty()
    }
}

/// Registers a list of kernels during crate initialisation; duplicates are a programming
/// error of this crate, caught by the `no_duplicate_registrations` test.
pub(crate) fn add(registry: &mut Registry, kernels: &[(&'static str, KernelFn)]) {
    for &(name, kernel) in kernels {
        registry.replace(name, kernel);
    }
}
