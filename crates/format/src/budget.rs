//! A bound on how much one parse may read, linear in the size of the FlatBuffer.
//!
//! FlatBuffers let any number of offsets point at the same table. A hostile file uses that
//! to make a few kilobytes describe millions of values: a method table listed 3,000 times,
//! each listing the same 3,000 value entries, is 24 KB on disk and 9 million values (1 GB)
//! once read, and ten times the entries make it a hundred times worse. The verifier has to
//! read what each reference leads to, so without a bound its time and memory grow with the
//! square of the file.
//!
//! The parser therefore charges a [`Budget`] with the bytes of every variable-length
//! vector and string it reads (their item bytes and length word), before reading their
//! items. Reads whose cost is bounded by a constant (a tensor's sizes and dim order, at
//! most [`MAX_RANK`](crate::MAX_RANK) items, checked before their items are read) are
//! covered by the charge of the vector that led to them. A file whose vectors and strings
//! are not shared is charged each of their bytes at most once, so at most its own length;
//! the budget allows [`READS_PER_BYTE`] times that, room for writers that share strings or
//! small lists, and rejects the rest with [`Error::ExcessiveSharing`].

use std::cell::Cell;

use crate::error::Error;

/// How many bytes of vectors and strings a parse may read per byte of FlatBuffer.
pub const READS_PER_BYTE: u64 = 4;

/// What is left to read in one parse.
#[derive(Debug)]
pub(crate) struct Budget {
    left: Cell<u64>,
    /// Length of the FlatBuffer, for errors.
    len: u64,
}

impl Budget {
    /// The budget of a parse of a FlatBuffer of `len` bytes.
    pub(crate) fn new(len: usize) -> Self {
        let len = len as u64;
        Budget { left: Cell::new(len.saturating_mul(READS_PER_BYTE)), len }
    }

    /// Takes the cost of reading a vector or string of `bytes` bytes (plus its length
    /// word), or fails naming `what` when the budget cannot cover it.
    #[inline(always)]
    pub(crate) fn charge(&self, what: &'static str, bytes: usize) -> Result<(), Box<Error>> {
        let cost = (bytes as u64).saturating_add(4);
        match self.left.get().checked_sub(cost) {
            Some(left) => {
                self.left.set(left);
                Ok(())
            }
            None => Err(self.exceeded(what)),
        }
    }

    /// The error of a read of `what` that the budget could not cover.
    #[cold]
    #[inline(never)]
    fn exceeded(&self, what: &'static str) -> Box<Error> {
        Box::new(Error::ExcessiveSharing {
            what,
            limit: self.len.saturating_mul(READS_PER_BYTE),
            len: self.len,
        })
    }

    /// Bytes charged so far.
    #[cfg(test)]
    pub(crate) fn spent(&self) -> u64 {
        self.len.saturating_mul(READS_PER_BYTE) - self.left.get()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charges_until_the_limit_then_names_the_read() {
        let budget = Budget::new(10);
        assert!(budget.charge("a", 16).is_ok()); // 20 of 40
        assert!(budget.charge("b", 16).is_ok()); // 40 of 40
        assert_eq!(budget.spent(), 40);
        assert_eq!(
            budget.charge("c", 0),
            Err(Box::new(Error::ExcessiveSharing { what: "c", limit: 40, len: 10 }))
        );
        // A failed charge takes nothing, and huge counts saturate instead of wrapping.
        assert_eq!(budget.spent(), 40);
        assert!(Budget::new(1 << 20).charge("d", usize::MAX).is_err());
    }
}
