//! 3-D convolution (5-D `aten::convolution.out`) and 3-D pooling through the registry,
//! against naive references written here (f64, straight from the definitions), plus the
//! errors for malformed arguments (never a panic).
#![allow(clippy::unwrap_used, reason = "test code")]

use pterun_core::{ScalarType, ShapeDynamism};
use pterun_kernels::{Arg, Error, KernelCall, Registry, Shape, TensorMut, TensorRef};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        ((self.0 >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
    }
    fn below(&mut self, n: usize) -> usize {
        ((self.next() + 1.0) * 0.5 * n as f32) as usize % n
    }
    fn vec(&mut self, n: usize) -> Vec<f32> {
        (0..n).map(|_| self.next()).collect()
    }
}

/// An output tensor with its own 8-byte-aligned storage, dynamic up to its first sizes.
struct Out {
    dtype: ScalarType,
    shape: Shape,
    data: Vec<u64>,
}

impl Out {
    fn new(dtype: ScalarType, sizes: &[usize]) -> Out {
        let bytes = sizes.iter().product::<usize>() * dtype.element_size();
        let shape = Shape::new(sizes.to_vec(), ShapeDynamism::DynamicBound);
        Out { dtype, shape, data: vec![0; bytes.div_ceil(8)] }
    }
    fn sizes(&self) -> Vec<usize> {
        self.shape.sizes().to_vec()
    }
    fn values(&self) -> Vec<f32> {
        let n: usize = self.shape.sizes().iter().product();
        bytemuck::cast_slice::<u64, f32>(&self.data)[..n].to_vec()
    }
    fn longs(&self) -> Vec<i64> {
        let n: usize = self.shape.sizes().iter().product();
        bytemuck::cast_slice::<u64, i64>(&self.data)[..n].to_vec()
    }
}

fn t<'a>(sizes: &'a [usize], data: &'a [f32]) -> Arg<'a> {
    Arg::Tensor(TensorRef { dtype: ScalarType::Float, sizes, data: bytemuck::cast_slice(data) })
}

fn ints(v: &[usize]) -> Arg<'static> {
    Arg::IntList(v.iter().map(|&x| x as i64).collect())
}

fn run(op: &'static str, args: Vec<Arg<'_>>, outs: &mut [Out]) -> Result<(), Error> {
    let registry = Registry::portable();
    let (name, kernel) = registry.get(op).unwrap_or_else(|| panic!("{op} is not registered"));
    let outs: Vec<TensorMut<'_>> = outs
        .iter_mut()
        .map(|o| TensorMut::new(o.dtype, &mut o.shape, bytemuck::cast_slice_mut(&mut o.data)))
        .collect();
    let mut call = KernelCall { op: name, args, outs, scalar_out: None };
    kernel(&mut call)
}

#[track_caller]
fn assert_close(got: &[f32], want: &[f64], what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: length");
    for (i, (&g, &w)) in got.iter().zip(want).enumerate() {
        let ok = (f64::from(g) - w).abs() <= 1e-4 * w.abs().max(1.0) || (g.is_nan() && w.is_nan());
        assert!(ok, "{what}: element {i}: got {g}, want {w}");
    }
}

/// Flat index of `[a, b, c, d, e]` in a row-major 5-D tensor of sizes `s`.
fn at(s: &[usize], i: [usize; 5]) -> usize {
    (((i[0] * s[1] + i[1]) * s[2] + i[2]) * s[3] + i[3]) * s[4] + i[4]
}

#[derive(Debug, Clone)]
struct Conv {
    n: usize,
    c: usize,
    oc: usize,
    groups: usize,
    input: [usize; 3],
    kernel: [usize; 3],
    stride: [usize; 3],
    pad: [usize; 3],
    dil: [usize; 3],
    out_pad: [usize; 3],
    transposed: bool,
}

impl Conv {
    fn out_len(&self, d: usize) -> i64 {
        let (i, k, s) = (self.input[d] as i64, self.kernel[d] as i64, self.stride[d] as i64);
        let (p, dl, op) = (self.pad[d] as i64, self.dil[d] as i64, self.out_pad[d] as i64);
        if self.transposed {
            (i - 1) * s - 2 * p + dl * (k - 1) + op + 1
        } else {
            (i + 2 * p - dl * (k - 1) - 1).div_euclid(s) + 1
        }
    }

    fn sizes(&self) -> (Vec<usize>, Vec<usize>, Vec<usize>) {
        let x = vec![self.n, self.c, self.input[0], self.input[1], self.input[2]];
        let w0 = if self.transposed { self.c } else { self.oc };
        let w1 = if self.transposed { self.oc / self.groups } else { self.c / self.groups };
        let w = vec![w0, w1, self.kernel[0], self.kernel[1], self.kernel[2]];
        let o = (0..3).map(|d| self.out_len(d).max(0) as usize);
        let y = [self.n, self.oc].into_iter().chain(o).collect();
        (x, w, y)
    }

    /// The definition: every (input element, tap) pair contributes to the output element
    /// at `input * stride + tap * dilation - padding` (transposed) or the reverse.
    fn reference(&self, x: &[f32], w: &[f32], b: &[f32]) -> Vec<f64> {
        let (xs, ws, ys) = self.sizes();
        let mut y = vec![0.0f64; ys.iter().product()];
        let (c_g, oc_g) = (self.c / self.groups, self.oc / self.groups);
        // The positions each (position, tap) pair starts from: the input when transposed
        // (scattering into the output), else the output (gathering from the input).
        let (input, output) = ([xs[2], xs[3], xs[4]], [ys[2], ys[3], ys[4]]);
        let (small, big) = if self.transposed { (input, output) } else { (output, input) };
        for n in 0..self.n {
            for o in 0..self.oc {
                let volume = ys[2] * ys[3] * ys[4];
                y[at(&ys, [n, o, 0, 0, 0])..][..volume].fill(f64::from(b[o]));
            }
            for ic in 0..self.c {
                let grp = ic / c_g;
                for r in 0..oc_g {
                    let o = grp * oc_g + r;
                    for k in taps(self.kernel) {
                        for pos in taps(small) {
                            let mut other = [0usize; 3];
                            let mut inside = true;
                            for d in 0..3 {
                                let v = (pos[d] * self.stride[d] + k[d] * self.dil[d]) as i64
                                    - self.pad[d] as i64;
                                inside &= v >= 0 && (v as usize) < big[d];
                                other[d] = v.max(0) as usize;
                            }
                            if !inside {
                                continue;
                            }
                            let (xi, yi) =
                                if self.transposed { (pos, other) } else { (other, pos) };
                            let wv = if self.transposed {
                                w[at(&ws, [ic, r, k[0], k[1], k[2]])]
                            } else {
                                w[at(&ws, [o, ic % c_g, k[0], k[1], k[2]])]
                            };
                            let xv = x[at(&xs, [n, ic, xi[0], xi[1], xi[2]])];
                            y[at(&ys, [n, o, yi[0], yi[1], yi[2]])] +=
                                f64::from(xv) * f64::from(wv);
                        }
                    }
                }
            }
        }
        y
    }

    fn args<'a>(
        &self,
        x: (&'a [usize], &'a [f32]),
        w: (&'a [usize], &'a [f32]),
        b: Arg<'a>,
    ) -> Vec<Arg<'a>> {
        vec![
            t(x.0, x.1),
            t(w.0, w.1),
            b,
            ints(&self.stride),
            ints(&self.pad),
            ints(&self.dil),
            Arg::Bool(self.transposed),
            ints(&self.out_pad),
            Arg::Int(self.groups as i64),
            Arg::Out(0),
        ]
    }
}

/// Every index below `dims`, row-major.
fn taps(dims: [usize; 3]) -> impl Iterator<Item = [usize; 3]> {
    (0..dims[0])
        .flat_map(move |a| (0..dims[1]).flat_map(move |b| (0..dims[2]).map(move |c| [a, b, c])))
}

#[test]
fn convolution_3d_matches_the_definition() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut checked = 0;
    while checked < 60 {
        let groups = 1 + rng.below(3);
        let transposed = rng.below(2) == 1;
        let mut conv = Conv {
            n: 1 + rng.below(2),
            c: groups * (1 + rng.below(2)),
            oc: groups * (1 + rng.below(3)),
            groups,
            input: [1 + rng.below(5), 1 + rng.below(5), 1 + rng.below(6)],
            kernel: [1 + rng.below(3), 1 + rng.below(3), 1 + rng.below(3)],
            stride: [1 + rng.below(2), 1 + rng.below(3), 1 + rng.below(2)],
            pad: [rng.below(2), rng.below(2), rng.below(3)],
            dil: [1 + rng.below(2), 1, 1 + rng.below(2)],
            out_pad: [0; 3],
            transposed,
        };
        if transposed {
            for d in 0..3 {
                conv.out_pad[d] = rng.below(conv.stride[d].max(conv.dil[d]));
            }
        }
        if (0..3).any(|d| conv.out_len(d) <= 0) {
            continue;
        }
        checked += 1;
        let (xs, ws, ys) = conv.sizes();
        let (x, w, b) =
            (rng.vec(xs.iter().product()), rng.vec(ws.iter().product()), rng.vec(conv.oc));
        let bs = [conv.oc];
        let with_bias = rng.below(2) == 1;
        let zero = vec![0.0; conv.oc];
        let bias = if with_bias { t(&bs, &b) } else { Arg::None };
        let mut out = Out::new(ScalarType::Float, &ys.iter().map(|s| s + 1).collect::<Vec<_>>());
        let args = conv.args((&xs, &x), (&ws, &w), bias);
        run("aten::convolution.out", args, std::slice::from_mut(&mut out))
            .unwrap_or_else(|e| panic!("{conv:?}: {e}"));
        assert_eq!(out.sizes(), ys, "{conv:?}");
        let want = conv.reference(&x, &w, if with_bias { &b } else { &zero });
        assert_close(&out.values(), &want, &format!("{conv:?}"));
    }
}

#[test]
fn convolution_3d_refuses_malformed_arguments() {
    let base = Conv {
        n: 1,
        c: 2,
        oc: 2,
        groups: 1,
        input: [3, 3, 3],
        kernel: [2, 2, 2],
        stride: [1; 3],
        pad: [0; 3],
        dil: [1; 3],
        out_pad: [0; 3],
        transposed: false,
    };
    let (xs, ws, _) = base.sizes();
    let (x, w) = (vec![0.5; 54], vec![0.25; 32]);
    let try_args = |args: Vec<Arg<'_>>| {
        let mut out = Out::new(ScalarType::Float, &[4, 4, 4, 4, 4]);
        run("aten::convolution.out", args, std::slice::from_mut(&mut out))
    };
    // The well-formed call works, so each refusal below is the change it makes.
    try_args(base.args((&xs, &x), (&ws, &w), Arg::None)).unwrap();

    let w4 = [2, 2, 2, 4];
    let cases: Vec<(&str, Vec<Arg<'_>>)> = vec![
        ("4-D weight", base.args((&xs, &x), (&w4, &w), Arg::None)),
        ("bias of the wrong length", base.args((&xs, &x), (&ws, &w), t(&[3], &x[..3]))),
        ("3 groups for 2 channels", {
            let mut a = base.args((&xs, &x), (&ws, &w), Arg::None);
            a[8] = Arg::Int(3);
            a
        }),
        ("zero groups", {
            let mut a = base.args((&xs, &x), (&ws, &w), Arg::None);
            a[8] = Arg::Int(0);
            a
        }),
        ("zero stride", {
            let mut a = base.args((&xs, &x), (&ws, &w), Arg::None);
            a[3] = Arg::IntList(vec![1, 0, 1]);
            a
        }),
        ("two strides", {
            let mut a = base.args((&xs, &x), (&ws, &w), Arg::None);
            a[3] = Arg::IntList(vec![1, 1]);
            a
        }),
        ("negative padding", {
            let mut a = base.args((&xs, &x), (&ws, &w), Arg::None);
            a[4] = Arg::IntList(vec![-1]);
            a
        }),
        ("huge dilation", {
            let mut a = base.args((&xs, &x), (&ws, &w), Arg::None);
            a[5] = Arg::IntList(vec![i64::MAX]);
            a
        }),
        ("kernel larger than the padded input", {
            let mut a = base.args((&xs, &x), (&ws, &w), Arg::None);
            a[5] = Arg::IntList(vec![1, 1, 3]);
            a
        }),
        ("output_padding not below stride or dilation", {
            let mut a = base.args((&xs, &x), (&ws, &w), Arg::None);
            a[6] = Arg::Bool(true);
            a[7] = Arg::IntList(vec![1]);
            a
        }),
        ("data shorter than the sizes", base.args((&xs, &x[..53]), (&ws, &w), Arg::None)),
    ];
    for (what, args) in cases {
        assert!(try_args(args).is_err(), "{what} was accepted");
    }
    // Another element type is refused, not misread.
    let half = vec![0u8; 54 * 2];
    let mut args = base.args((&xs, &x), (&ws, &w), Arg::None);
    args[0] = Arg::Tensor(TensorRef { dtype: ScalarType::Half, sizes: &xs, data: &half });
    assert!(matches!(try_args(args), Err(Error::UnsupportedDtype { .. })));
}

/// Naive 3-D pooling over one `[D, H, W]` plane, as PyTorch defines it: returns per output
/// `(average by the chosen divisor, maximum, flat index of the maximum)`.
#[allow(clippy::too_many_arguments, reason = "a reference spelled out")]
fn pool_reference(
    x: &[f32],
    dims: [usize; 3],
    k: [usize; 3],
    s: [usize; 3],
    p: [usize; 3],
    dil: [usize; 3],
    out: [usize; 3],
    include_pad: bool,
) -> Vec<(f64, f32, i64)> {
    let mut res = Vec::new();
    for o in taps(out) {
        let (mut sum, mut inside, mut best, mut best_at) = (0.0f64, 0usize, f32::NEG_INFINITY, -1);
        for t in taps(k) {
            let src: Vec<i64> =
                (0..3).map(|d| (o[d] * s[d] + t[d] * dil[d]) as i64 - p[d] as i64).collect();
            if (0..3).any(|d| src[d] < 0 || src[d] >= dims[d] as i64) {
                continue;
            }
            let i = ((src[0] as usize * dims[1] + src[1] as usize) * dims[2]) + src[2] as usize;
            sum += f64::from(x[i]);
            inside += 1;
            if best_at < 0 || x[i] > best || x[i].is_nan() {
                best = x[i];
                best_at = i as i64;
            }
        }
        // count_include_pad: the window clamped to the padded input (undilated windows).
        let padded: usize = (0..3)
            .map(|d| {
                let start = (o[d] * s[d]) as i64 - p[d] as i64;
                let end = (start + k[d] as i64).min((dims[d] + p[d]) as i64);
                (end - start) as usize
            })
            .product();
        let count = if include_pad { padded } else { inside };
        res.push((sum / count as f64, best, best_at));
    }
    res
}

#[test]
fn pooling_3d_matches_the_definition() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut checked = 0;
    while checked < 40 {
        let dims = [1 + rng.below(5), 1 + rng.below(6), 1 + rng.below(6)];
        let k = [1 + rng.below(3), 1 + rng.below(3), 1 + rng.below(3)];
        let s = [1 + rng.below(2), 1 + rng.below(3), 1 + rng.below(2)];
        let p = [rng.below(k[0] / 2 + 1), rng.below(k[1] / 2 + 1), rng.below(k[2] / 2 + 1)];
        let dil = [1 + rng.below(2), 1, 1 + rng.below(2)];
        let ceil = rng.below(2) == 1;
        let include_pad = rng.below(2) == 1;
        let len = |d: usize, dl: usize| -> i64 {
            let num = (dims[d] + 2 * p[d]) as i64 - (dl * (k[d] - 1)) as i64 - 1
                + if ceil { s[d] as i64 - 1 } else { 0 };
            let mut l = num.div_euclid(s[d] as i64) + 1;
            if ceil && (l - 1) * s[d] as i64 >= (dims[d] + p[d]) as i64 {
                l -= 1;
            }
            l
        };
        let avg_out = [len(0, 1), len(1, 1), len(2, 1)];
        let max_out = [len(0, dil[0]), len(1, dil[1]), len(2, dil[2])];
        if avg_out.iter().chain(&max_out).any(|&l| l <= 0) {
            continue;
        }
        checked += 1;
        let (avg_out, max_out) = (avg_out.map(|l| l as usize), max_out.map(|l| l as usize));
        let channels = 1 + rng.below(3);
        let batched = rng.below(2) == 1;
        let mut xs = vec![channels, dims[0], dims[1], dims[2]];
        if batched {
            xs.insert(0, 2);
        }
        let planes = if batched { 2 * channels } else { channels };
        let mut x = rng.vec(xs.iter().product());
        if checked % 4 == 0 {
            let middle = x.len() / 2;
            x[middle] = f32::NAN;
        }
        let plane = dims.iter().product::<usize>();
        let with = |o: [usize; 3]| -> Vec<usize> {
            let mut v = xs[..xs.len() - 3].to_vec();
            v.extend(o);
            v
        };

        let mut out =
            Out::new(ScalarType::Float, &with(avg_out).iter().map(|s| s + 1).collect::<Vec<_>>());
        let args = vec![
            t(&xs, &x),
            ints(&k),
            ints(&s),
            ints(&p),
            Arg::Bool(ceil),
            Arg::Bool(include_pad),
            Arg::None,
            Arg::Out(0),
        ];
        run("aten::avg_pool3d.out", args, std::slice::from_mut(&mut out)).unwrap();
        assert_eq!(out.sizes(), with(avg_out));
        let want: Vec<f64> = (0..planes)
            .flat_map(|q| {
                let src = &x[q * plane..(q + 1) * plane];
                pool_reference(src, dims, k, s, p, [1; 3], avg_out, include_pad)
            })
            .map(|r| r.0)
            .collect();
        assert_close(&out.values(), &want, &format!("avg {dims:?} k{k:?} s{s:?} p{p:?} {ceil}"));

        let grow = |o: [usize; 3]| with(o).iter().map(|s| s + 1).collect::<Vec<_>>();
        let mut outs = [
            Out::new(ScalarType::Float, &grow(max_out)),
            Out::new(ScalarType::Long, &grow(max_out)),
        ];
        let args = vec![
            t(&xs, &x),
            ints(&k),
            ints(&s),
            ints(&p),
            ints(&dil),
            Arg::Bool(ceil),
            Arg::Out(0),
            Arg::Out(1),
        ];
        run("aten::max_pool3d_with_indices.out", args, &mut outs).unwrap();
        assert_eq!(outs[0].sizes(), with(max_out));
        let (values, indices) = (outs[0].values(), outs[1].longs());
        let mut i = 0;
        for q in 0..planes {
            let src = &x[q * plane..(q + 1) * plane];
            for (_, best, best_at) in pool_reference(src, dims, k, s, p, dil, max_out, true) {
                if best_at >= 0 {
                    let same = values[i] == best || (values[i].is_nan() && best.is_nan());
                    assert!(same, "max {i}: {} vs {best}", values[i]);
                    assert_eq!(indices[i], best_at, "index {i}");
                } else {
                    assert_eq!(values[i], f32::NEG_INFINITY, "empty window {i}");
                }
                i += 1;
            }
        }
    }
}

#[test]
fn pooling_3d_refuses_malformed_arguments() {
    let xs = [1, 2, 3, 3, 3];
    let x = vec![1.0f32; 54];
    let avg = |x_sizes: &[usize], k: &[usize], p: &[usize], divisor: Arg<'_>| {
        let mut out = Out::new(ScalarType::Float, &[4, 4, 4, 4, 4]);
        let args = vec![
            t(x_sizes, &x[..x_sizes.iter().product::<usize>().min(54)]),
            ints(k),
            ints(&[]),
            ints(p),
            Arg::Bool(false),
            Arg::Bool(true),
            divisor,
            Arg::Out(0),
        ];
        run("aten::avg_pool3d.out", args, std::slice::from_mut(&mut out))
    };
    avg(&xs, &[2], &[1], Arg::Int(3)).unwrap();
    assert!(avg(&xs, &[2], &[2], Arg::None).is_err(), "padding above half the kernel");
    assert!(avg(&xs, &[2], &[0], Arg::Int(0)).is_err(), "zero divisor");
    assert!(avg(&xs, &[4], &[0], Arg::None).is_err(), "window larger than the input");
    assert!(avg(&xs, &[2, 2], &[0], Arg::None).is_err(), "two kernel sizes");
    assert!(avg(&[2, 3, 3, 3, 0], &[1], &[0], Arg::None).is_err(), "empty width");
    assert!(avg(&[6, 3, 3], &[1], &[0], Arg::None).is_err(), "3-D input");

    let max = |indices_dtype: ScalarType, dil: &[usize]| {
        let mut outs = [
            Out::new(ScalarType::Float, &[4, 4, 4, 4, 4]),
            Out::new(indices_dtype, &[4, 4, 4, 4, 4]),
        ];
        let args = vec![
            t(&xs, &x),
            ints(&[2]),
            ints(&[1]),
            ints(&[0]),
            ints(dil),
            Arg::Bool(true),
            Arg::Out(0),
            Arg::Out(1),
        ];
        run("aten::max_pool3d_with_indices.out", args, &mut outs)
    };
    max(ScalarType::Long, &[1]).unwrap();
    assert!(max(ScalarType::Int, &[1]).is_err(), "int32 indices");
    assert!(max(ScalarType::Long, &[0]).is_err(), "zero dilation");
    assert!(max(ScalarType::Long, &[3]).is_err(), "dilated window larger than the input");
}
