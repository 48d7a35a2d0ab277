//! Test inputs for comparing instruction-set versions of a loop with its portable code:
//! a deterministic generator of floats (with NaN, infinities, signed zeros and subnormals
//! on request) and a bit-for-bit comparison that lets any NaN match any NaN (which payload
//! survives an operation may differ between instruction sequences).

/// A small deterministic generator (xorshift64*), so failures reproduce.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// A value in [-4, 4), or with `edges` sometimes a special one.
    pub(crate) fn value(&mut self, edges: bool) -> f32 {
        let plain = ((self.next() >> 40) as f32 / (1u64 << 24) as f32) * 8.0 - 4.0;
        if !edges {
            return plain;
        }
        match self.next() % 12 {
            0 => f32::NAN,
            1 => f32::INFINITY,
            2 => f32::NEG_INFINITY,
            3 => 0.0,
            4 => -0.0,
            5 => f32::MIN_POSITIVE / 4.0,
            6 => -1e30,
            _ => plain,
        }
    }

    pub(crate) fn values(&mut self, n: usize, edges: bool) -> Vec<f32> {
        (0..n).map(|_| self.value(edges)).collect()
    }
}

/// Asserts `got` and `want` hold the same floats, bit for bit but for NaN payloads.
#[track_caller]
pub(crate) fn assert_same(got: &[f32], want: &[f32], what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: lengths");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        let same = g.to_bits() == w.to_bits() || (g.is_nan() && w.is_nan());
        assert!(
            same,
            "{what}: element {i}: got {g:?} ({:#x}), want {w:?} ({:#x})",
            g.to_bits(),
            w.to_bits()
        );
    }
}
