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

/// One kernel declaration: the operator's full name and its function. The name is written
/// only here; kernels read it back from [`KernelCall::op`] for their error messages.
pub(crate) type KernelDef = (&'static str, KernelFn);

/// A kernel that also writes some of its arguments in place (a KV cache, `Tensor(a!)` in
/// the operator's schema): name, function and the written argument positions.
pub(crate) type WritingKernelDef = (&'static str, KernelFn, &'static [usize]);

/// Operators by full name.
#[derive(Clone, Default)]
pub struct Registry {
    kernels: BTreeMap<&'static str, KernelFn>,
    /// For operators that write arguments other than their result: those positions. The
    /// runtime hands them to the kernel as outputs and counts them as written, so no pass
    /// folds, moves or shares them as if they were read only.
    written_args: BTreeMap<&'static str, &'static [usize]>,
    /// Names this crate's own tables registered more than once (always empty; a test
    /// checks it, since `portable` cannot fail).
    duplicates: Vec<&'static str>,
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

    /// Adds a kernel that writes the arguments at `written_args` in place besides its result;
    /// a name can be registered once.
    pub fn register_writing(
        &mut self,
        name: &'static str,
        kernel: KernelFn,
        written_args: &'static [usize],
    ) -> Result<(), AlreadyRegistered> {
        self.register(name, kernel)?;
        if !written_args.is_empty() {
            self.written_args.insert(name, written_args);
        }
        Ok(())
    }

    /// The argument positions `name` writes in place besides its result (empty for most
    /// operators). Replacing a kernel keeps the declaration: it belongs to the operator.
    pub fn written_args(&self, name: &str) -> &'static [usize] {
        self.written_args.get(name).copied().unwrap_or(&[])
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

/// Registers a list of kernels during crate initialisation. A name registered twice is
/// a programming error of this crate: the first registration stays, the name is recorded,
/// and the test `the_portable_registry_names_each_operator_once` fails.
pub(crate) fn add(registry: &mut Registry, kernels: &[KernelDef]) {
    for &(name, kernel) in kernels {
        if let Err(AlreadyRegistered(name)) = registry.register(name, kernel) {
            registry.duplicates.push(name);
        }
    }
}

/// As [`add`], for kernels that write arguments in place.
pub(crate) fn add_writing(registry: &mut Registry, kernels: &[WritingKernelDef]) {
    for &(name, kernel, written) in kernels {
        if let Err(AlreadyRegistered(name)) = registry.register_writing(name, kernel, written) {
            registry.duplicates.push(name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nothing(_: &mut KernelCall<'_>) -> Result<()> {
        Ok(())
    }

    #[test]
    fn the_portable_registry_names_each_operator_once() {
        let registry = Registry::portable();
        assert!(registry.duplicates.is_empty(), "registered twice: {:?}", registry.duplicates);
        assert!(registry.len() > 200);
    }

    #[test]
    fn registering_a_name_twice_is_an_error() {
        let mut registry = Registry::new();
        registry.register("x::y.out", nothing).unwrap();
        assert_eq!(registry.register("x::y.out", nothing), Err(AlreadyRegistered("x::y.out")));
        assert_eq!(registry.len(), 1);
        // The crate's own tables record a duplicate instead of replacing silently.
        add(&mut registry, &[("x::y.out", nothing), ("x::z.out", nothing)]);
        assert_eq!(registry.duplicates, ["x::y.out"]);
        assert_eq!(registry.len(), 2);
        // `replace` is the explicit way to swap an implementation.
        registry.replace("x::y.out", nothing);
        assert_eq!(registry.len(), 2);
    }
}
