//! Pass `transposed_linear`: `addmm(bias, x, permute(W))` becomes `linear(x, W, bias)`.

use crate::method::*;

impl Plan {
    /// Exported linear layers transpose their constant weight on every inference
    /// (`permute_copy(W, [1, 0])`) and feed it to `addmm`/`mm`. When the transpose feeds only
    /// that product (with `beta = alpha = 1`), the product is rewritten as `linear.out(x, W,
    /// bias)`, which reads `W` transposed in place: no transpose at run time, and none at
    /// load either, so the weights stay in the mapped file (no copy, no extra resident
    /// memory). Measured against transposing once at load (2026-11-24): method load of
    /// ViT-tiny 21 ms -> 2 ms and 22 MB less memory, for 2% more time per inference (7% on
    /// BERT-tiny's 128-row products).
    pub(in crate::method) fn fuse_transposed_linears(&mut self, kernels: &Registry) {
        const PERMUTE: &str = "aten::permute_copy.out";
        let Some((linear_op, linear)) = kernels.get("aten::linear.out") else { return };
        let is_one = |slot: &Slot| {
            matches!(slot, Slot::Int(1)) || matches!(slot, Slot::Double(v) if *v == 1.0)
        };
        let mut none_value = None;
        let counts = self.reader_counts();
        for chain in 0..self.chains.len() {
            for pc in 0..self.chains[chain].len() {
                let Step::Kernel { op: PERMUTE, args, ret, .. } = &self.chains[chain][pc] else {
                    continue;
                };
                let (args, ret) = (args.clone(), *ret);
                let ([weight, dims, _], Slot::Tensor(transposed)) = (&args[..], &self.values[ret])
                else {
                    continue;
                };
                let transposed = *transposed;
                let (Slot::Tensor(w), Slot::IntList(items)) =
                    (&self.values[*weight], &self.values[*dims])
                else {
                    continue;
                };
                let w = *w;
                let dims: Vec<i64> = items
                    .iter()
                    .filter_map(|&i| match self.values[i] {
                        Slot::Int(v) => Some(v),
                        _ => None,
                    })
                    .collect();
                let fixed = self.tensors[w].folded
                    || matches!(
                        self.tensors[w].storage,
                        Storage::Constant { .. } | Storage::External { .. }
                    );
                // Half-precision products stay as exported: the official runtime's portable
                // `addmm` rounds every step in the type, its `linear` sums in f32; only the
                // former gives the official bits.
                let wide = matches!(self.tensors[w].dtype, ScalarType::Float | ScalarType::Double);
                if !fixed
                    || !wide
                    || dims != [1, 0]
                    || self.tensors[w].shape.sizes().len() != 2
                    || counts[transposed] != 1
                {
                    continue;
                }
                let n = self.tensors[w].shape.sizes()[0];
                // Find the one product reading the transposed weight.
                let mut rewrite = None;
                for (c, steps) in self.chains.iter().enumerate() {
                    for (at, step) in steps.iter().enumerate() {
                        let Step::Kernel { op, args: a, ret: r, .. } = step else { continue };
                        let reads =
                            |v: usize| matches!(self.values[v], Slot::Tensor(t) if t == transposed);
                        match (*op, &a[..]) {
                            ("aten::addmm.out", [bias, x, mat2, beta, alpha, out])
                                if reads(*mat2) =>
                            {
                                let bias_ok = matches!(self.values[*bias], Slot::Tensor(b) if self.tensors[b].shape.sizes() == [n]);
                                if bias_ok
                                    && is_one(&self.values[*beta])
                                    && is_one(&self.values[*alpha])
                                {
                                    rewrite = Some((c, at, *x, Some(*bias), *out, *r));
                                }
                            }
                            ("aten::mm.out", [x, mat2, out]) if reads(*mat2) => {
                                rewrite = Some((c, at, *x, None, *out, *r));
                            }
                            _ => {}
                        }
                    }
                }
                let Some((c, at, x, bias, out, new_ret)) = rewrite else { continue };
                let bias = match bias {
                    Some(bias) => bias,
                    None => self.shared_value(&mut none_value, Slot::None),
                };
                let new_args = vec![x, *weight, bias, out];
                self.chains[c][at] = Step::Kernel {
                    op: linear_op,
                    kernel: linear,
                    args: new_args.into(),
                    ret: new_ret,
                    writes: &[],
                };
                self.chains[chain][pc] = Step::Folded;
                self.stats.fused_linears += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::alone_and_without;
    use super::super::Pass;

    #[test]
    fn it_rewrites_its_pattern_and_nothing_when_switched_off() {
        let (alone, without) = alone_and_without("models/linear.pte", Pass::TransposedLinear);
        assert!(alone > 0, "transposed_linear found nothing to rewrite in models/linear.pte");
        assert_eq!(without, 0, "transposed_linear's rewrites happen with the pass switched off");
    }
}
