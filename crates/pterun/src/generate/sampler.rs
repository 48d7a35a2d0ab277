//! Choosing the next token from logits: greedy at temperature 0 (the first maximum, as
//! ExecuTorch's sampler), otherwise softmax at the temperature, restricted to the top-k and
//! the top-p nucleus, drawn with a seeded generator so that a seed reproduces a run.

use std::cmp::Ordering;

/// Sampling settings and the random state.
#[derive(Clone, Debug)]
pub(super) struct Sampler {
    temperature: f32,
    top_k: Option<usize>,
    top_p: f32,
    state: u64,
}

impl Sampler {
    pub(super) fn new(temperature: f32, top_k: Option<usize>, top_p: f32, seed: u64) -> Sampler {
        // splitmix64 of the seed, so that small seeds give unrelated streams; never zero.
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Sampler { temperature, top_k, top_p, state: (z ^ (z >> 31)) | 1 }
    }

    /// The next token id from one row of logits (not empty).
    pub(super) fn sample(&mut self, logits: impl Iterator<Item = f32> + Clone) -> usize {
        if self.temperature <= 0.0 {
            return argmax(logits);
        }
        let mut candidates: Vec<(usize, f32)> = logits.enumerate().collect();
        let by_logit = |a: &(usize, f32), b: &(usize, f32)| {
            b.1.partial_cmp(&a.1).unwrap_or(Ordering::Equal).then(a.0.cmp(&b.0))
        };
        if let Some(k) = self.top_k.filter(|&k| k > 0 && k < candidates.len()) {
            candidates.select_nth_unstable_by(k - 1, by_logit);
            candidates.truncate(k);
        }
        candidates.sort_unstable_by(by_logit);
        let max = candidates.first().map_or(0.0, |c| c.1);
        let mut total = 0f64;
        for c in candidates.iter_mut() {
            c.1 = ((c.1 - max) / self.temperature).exp();
            total += f64::from(c.1);
        }
        if self.top_p > 0.0 && self.top_p < 1.0 {
            let mut kept = 0f64;
            let keep = candidates
                .iter()
                .position(|c| {
                    kept += f64::from(c.1) / total;
                    kept >= f64::from(self.top_p)
                })
                .map_or(candidates.len(), |i| i + 1);
            candidates.truncate(keep);
            total = candidates.iter().map(|c| f64::from(c.1)).sum();
        }
        let mut target = self.next_unit() * total;
        for &(id, weight) in &candidates {
            target -= f64::from(weight);
            if target <= 0.0 {
                return id;
            }
        }
        candidates.last().map_or(0, |c| c.0)
    }

    /// A uniform draw in [0, 1) (xorshift64*).
    fn next_unit(&mut self) -> f64 {
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        let bits = self.state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11;
        bits as f64 / (1u64 << 53) as f64
    }
}

/// Index of the first largest value (NaN never wins).
pub(super) fn argmax(values: impl Iterator<Item = f32>) -> usize {
    let mut best = (0, f32::NEG_INFINITY);
    for (i, v) in values.enumerate() {
        if v > best.1 {
            best = (i, v);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greedy_takes_the_first_maximum() {
        let mut s = Sampler::new(0.0, None, 1.0, 0);
        assert_eq!(s.sample([0.5, 2.0, 2.0, f32::NAN].into_iter()), 1);
    }

    #[test]
    fn top_k_one_is_greedy_and_a_seed_reproduces_a_draw() {
        let logits = [0.1, 0.3, 0.2, 0.25];
        let mut s = Sampler::new(1.0, Some(1), 1.0, 7);
        assert_eq!(s.sample(logits.into_iter()), 1);
        let draws = |seed| {
            let mut s = Sampler::new(1.0, None, 1.0, seed);
            (0..32).map(|_| s.sample(logits.into_iter())).collect::<Vec<_>>()
        };
        assert_eq!(draws(3), draws(3));
        assert_ne!(draws(3), draws(4));
        // Every token can be drawn at temperature 1 with no filter.
        let seen: std::collections::BTreeSet<usize> = draws(5).into_iter().collect();
        assert_eq!(seen.len(), 4);
    }

    #[test]
    fn a_small_nucleus_keeps_only_the_likeliest_tokens() {
        let logits = [5.0, 0.0, 0.0, 4.9];
        let mut s = Sampler::new(1.0, None, 0.5, 11);
        for _ in 0..50 {
            assert_eq!(s.sample(logits.into_iter()), 0);
        }
    }
}
