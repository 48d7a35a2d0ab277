//! The load-time passes.

mod conv_epilogue;
mod fold_constants;
mod pointwise;
mod pool_indices;
mod transposed_linear;

use crate::method::*;

impl Method {
    /// Appends a value the rewrites need (its initial state too); returns its index.
    pub(in crate::method) fn push_value(&mut self, slot: Slot) -> usize {
        self.values.push(slot.clone());
        self.initial_values.push(slot);
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
