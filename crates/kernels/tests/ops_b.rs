//! Matrix products, convolution, pooling, normalisation and upsampling kernels against
//! naive references written here (f64, straight from the definitions), on varied shapes,
//! plus the errors for malformed arguments.
#![allow(clippy::unwrap_used, reason = "test code")]

use pterun_core::{ScalarType, ShapeDynamism};
use pterun_kernels::{Arg, Error, KernelCall, Registry, Shape, TensorMut, TensorRef};

// ---------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        ((self.0 >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
    }
    fn vec(&mut self, n: usize) -> Vec<f32> {
        (0..n).map(|_| self.next()).collect()
    }
}

/// An output tensor with its own 8-byte-aligned storage.
struct Out {
    dtype: ScalarType,
    shape: Shape,
    data: Vec<u64>,
}

impl Out {
    fn with(dtype: ScalarType, sizes: &[usize], dynamism: ShapeDynamism) -> Out {
        let bytes = sizes.iter().product::<usize>() * dtype.element_size();
        Out { dtype, shape: Shape::new(sizes.to_vec(), dynamism), data: vec![0; bytes.div_ceil(8)] }
    }
    /// A dynamic f32 output whose capacity is `sizes` (and whose sizes start there).
    fn f32(sizes: &[usize]) -> Out {
        Out::with(ScalarType::Float, sizes, ShapeDynamism::DynamicBound)
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

fn ints(v: &[i64]) -> Arg<'static> {
    Arg::IntList(v.to_vec())
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
        let ok = (g as f64 - w).abs() <= 1e-4 * w.abs().max(1.0) || (g.is_nan() && w.is_nan());
        assert!(ok, "{what}: element {i}: got {g}, want {w}");
    }
}

fn numel(s: &[usize]) -> usize {
    s.iter().product()
}

// ---------------------------------------------------------------------------------------
// Matrix products
// ---------------------------------------------------------------------------------------

fn ref_mm(a: &[f32], b: &[f32], m: usize, k: usize, n: usize) -> Vec<f64> {
    let mut c = vec![0.0; m * n];
    for i in 0..m {
        for j in 0..n {
            c[i * n + j] = (0..k).map(|p| a[i * k + p] as f64 * b[p * n + j] as f64).sum();
        }
    }
    c
}

const MM_SHAPES: &[(usize, usize, usize)] = &[
    (1, 1, 1),
    (1, 7, 5),
    (5, 1, 3),
    (4, 6, 1),
    (3, 0, 4),
    (64, 96, 80),
    (33, 17, 65),
    (130, 70, 9),
];

#[test]
fn mm_matches_reference() {
    let mut rng = Rng(1);
    for &(m, k, n) in MM_SHAPES {
        let (a, b) = (rng.vec(m * k), rng.vec(k * n));
        // Start from a larger dynamic capacity so the kernel's resize matters.
        let mut outs = [Out::f32(&[m + 1, n + 2])];
        run("aten::mm.out", vec![t(&[m, k], &a), t(&[k, n], &b), Arg::Out(0)], &mut outs).unwrap();
        assert_eq!(outs[0].sizes(), [m, n]);
        assert_close(&outs[0].values(), &ref_mm(&a, &b, m, k, n), &format!("mm {m}x{k}x{n}"));
    }
}

#[test]
fn mm_errors() {
    let a = vec![0.0; 6];
    let mut outs = [Out::f32(&[2, 2])];
    let err = run("aten::mm.out", vec![t(&[2, 3], &a), t(&[2, 3], &a), Arg::Out(0)], &mut outs)
        .unwrap_err();
    assert!(matches!(err, Error::ShapeMismatch { .. }), "{err:?}");
    let err =
        run("aten::mm.out", vec![t(&[6], &a), t(&[6], &a), Arg::Out(0)], &mut outs).unwrap_err();
    assert!(matches!(err, Error::ShapeMismatch { .. }), "{err:?}");
    let mut fixed = [Out::with(ScalarType::Float, &[3, 3], ShapeDynamism::Static)];
    let err = run("aten::mm.out", vec![t(&[2, 3], &a), t(&[3, 2], &a), Arg::Out(0)], &mut fixed)
        .unwrap_err();
    assert!(matches!(err, Error::Resize { .. }), "{err:?}");
    let err = run("aten::mm.out", vec![t(&[2, 3], &a), t(&[3, 2], &a)], &mut outs).unwrap_err();
    assert!(matches!(err, Error::ArgumentCount { .. }), "{err:?}");
    let mut long = [Out::with(ScalarType::Long, &[2, 2], ShapeDynamism::Static)];
    let err = run("aten::mm.out", vec![t(&[2, 3], &a), t(&[3, 2], &a), Arg::Out(0)], &mut long)
        .unwrap_err();
    assert!(matches!(err, Error::UnsupportedDtype { .. }), "{err:?}");
}

#[test]
fn bmm_matches_reference() {
    let mut rng = Rng(2);
    for &(batch, m, k, n) in &[(3, 4, 5, 6), (1, 64, 96, 80), (2, 1, 9, 1), (4, 7, 1, 3)] {
        let (a, b) = (rng.vec(batch * m * k), rng.vec(batch * k * n));
        let mut outs = [Out::f32(&[batch, m, n])];
        run(
            "aten::bmm.out",
            vec![t(&[batch, m, k], &a), t(&[batch, k, n], &b), Arg::Out(0)],
            &mut outs,
        )
        .unwrap();
        let mut want = Vec::new();
        for i in 0..batch {
            want.extend(ref_mm(
                &a[i * m * k..(i + 1) * m * k],
                &b[i * k * n..(i + 1) * k * n],
                m,
                k,
                n,
            ));
        }
        assert_close(&outs[0].values(), &want, "bmm");
    }
    let a = vec![0.0; 24];
    let mut outs = [Out::f32(&[2, 3, 3])];
    let err =
        run("aten::bmm.out", vec![t(&[2, 3, 4], &a), t(&[3, 4, 2], &a), Arg::Out(0)], &mut outs)
            .unwrap_err();
    assert!(matches!(err, Error::ShapeMismatch { .. }), "{err:?}");
}

#[test]
fn addmm_broadcasts_self_and_scales() {
    let mut rng = Rng(3);
    for &(m, k, n) in MM_SHAPES {
        let (a, b) = (rng.vec(m * k), rng.vec(k * n));
        let self_shapes: Vec<Vec<usize>> =
            vec![vec![n], vec![m, n], vec![1, n], vec![m, 1], vec![]];
        for s in &self_shapes {
            let c = rng.vec(numel(s));
            for (beta, alpha) in [(Arg::Int(1), Arg::Int(1)), (Arg::Double(0.5), Arg::Double(2.0))]
            {
                let (bv, av) = match (&beta, &alpha) {
                    (Arg::Int(x), Arg::Int(y)) => (*x as f64, *y as f64),
                    (Arg::Double(x), Arg::Double(y)) => (*x, *y),
                    _ => unreachable!(),
                };
                let mut outs = [Out::f32(&[m, n])];
                let (sa, sb) = ([m, k], [k, n]);
                let args = vec![t(s, &c), t(&sa, &a), t(&sb, &b), beta, alpha, Arg::Out(0)];
                run("aten::addmm.out", args, &mut outs).unwrap();
                let p = ref_mm(&a, &b, m, k, n);
                let want: Vec<f64> = (0..m * n)
                    .map(|e| {
                        let (i, j) = (e / n, e % n);
                        let cv = match s.as_slice() {
                            [] => c[0],
                            [_] => c[j],
                            [sm, sn] => {
                                c[if *sm == 1 { 0 } else { i } * sn + if *sn == 1 { 0 } else { j }]
                            }
                            _ => unreachable!(),
                        };
                        p[e] * av + cv as f64 * bv
                    })
                    .collect();
                assert_close(&outs[0].values(), &want, &format!("addmm {m}x{k}x{n} self {s:?}"));
            }
        }
    }
    let z = vec![0.0; 12];
    let mut outs = [Out::f32(&[2, 2])];
    let args =
        vec![t(&[3], &z), t(&[2, 3], &z), t(&[3, 2], &z), Arg::Int(1), Arg::Int(1), Arg::Out(0)];
    let err = run("aten::addmm.out", args, &mut outs).unwrap_err();
    assert!(matches!(err, Error::ShapeMismatch { .. }), "{err:?}");
}

#[test]
fn linear_matches_reference() {
    let mut rng = Rng(4);
    for (lead, k, n) in
        [(vec![2, 3], 5, 4), (vec![], 7, 3), (vec![64], 96, 80), (vec![1, 1, 1], 1, 1)]
    {
        let mut in_sizes = lead.clone();
        in_sizes.push(k);
        let m = numel(&lead);
        let (x, w, b) = (rng.vec(m * k), rng.vec(n * k), rng.vec(n));
        let mut wt = vec![0.0; k * n];
        for i in 0..n {
            for j in 0..k {
                wt[j * n + i] = w[i * k + j];
            }
        }
        let p = ref_mm(&x, &wt, m, k, n);
        let mut out_sizes = lead.clone();
        out_sizes.push(n);
        for with_bias in [false, true] {
            let mut outs = [Out::f32(&out_sizes)];
            let bs = [n];
            let bias = if with_bias { t(&bs, &b) } else { Arg::None };
            run(
                "aten::linear.out",
                vec![t(&in_sizes, &x), t(&[n, k], &w), bias, Arg::Out(0)],
                &mut outs,
            )
            .unwrap();
            let want: Vec<f64> = p
                .iter()
                .enumerate()
                .map(|(e, v)| v + if with_bias { b[e % n] as f64 } else { 0.0 })
                .collect();
            assert_close(&outs[0].values(), &want, "linear");
        }
    }
}

// ---------------------------------------------------------------------------------------
// Convolution
// ---------------------------------------------------------------------------------------

/// One convolution; `h == None` means 1-D (`[N, C, W]`).
#[derive(Clone, Debug)]
struct Conv {
    n: usize,
    c: usize,
    h: Option<usize>,
    w: usize,
    oc: usize,
    k: [usize; 2],
    stride: [usize; 2],
    pad: [usize; 2],
    dil: [usize; 2],
    groups: usize,
    transposed: bool,
    out_pad: [usize; 2],
    bias: bool,
}

fn conv(c: usize, hw: (usize, usize), oc: usize, k: usize) -> Conv {
    Conv {
        n: 1,
        c,
        h: Some(hw.0),
        w: hw.1,
        oc,
        k: [k, k],
        stride: [1, 1],
        pad: [0, 0],
        dil: [1, 1],
        groups: 1,
        transposed: false,
        out_pad: [0, 0],
        bias: true,
    }
}

impl Conv {
    fn hh(&self) -> usize {
        self.h.unwrap_or(1)
    }
    fn kh(&self) -> usize {
        if self.h.is_some() {
            self.k[0]
        } else {
            1
        }
    }
    fn in_sizes(&self) -> Vec<usize> {
        match self.h {
            Some(h) => vec![self.n, self.c, h, self.w],
            None => vec![self.n, self.c, self.w],
        }
    }
    fn weight_sizes(&self) -> Vec<usize> {
        let (d0, d1) = if self.transposed {
            (self.c, self.oc / self.groups)
        } else {
            (self.oc, self.c / self.groups)
        };
        match self.h {
            Some(_) => vec![d0, d1, self.k[0], self.k[1]],
            None => vec![d0, d1, self.k[1]],
        }
    }
    /// `(dim 0 params, dim 1 params)`; dim 0 is the unit height of a 1-D convolution.
    fn axis(&self, d: usize) -> (usize, usize, usize, usize, usize) {
        if d == 0 && self.h.is_none() {
            return (1, 1, 0, 1, 0);
        }
        (self.k[d], self.stride[d], self.pad[d], self.dil[d], self.out_pad[d])
    }
    fn out_len(&self, d: usize, input: usize) -> usize {
        let (k, s, p, dl, op) = self.axis(d);
        if self.transposed {
            (input - 1) * s + dl * (k - 1) + op + 1 - 2 * p
        } else {
            (input + 2 * p - dl * (k - 1) - 1) / s + 1
        }
    }
    fn list(&self, v: [usize; 2]) -> Arg<'static> {
        match self.h {
            Some(_) => ints(&[v[0] as i64, v[1] as i64]),
            None => ints(&[v[1] as i64]),
        }
    }

    /// Direct definition: every (output, input channel, tap) triple.
    fn reference(&self, x: &[f32], wt: &[f32], b: &[f32]) -> (Vec<usize>, Vec<f64>) {
        let (h, w) = (self.hh(), self.w);
        let (oh, ow) = (self.out_len(0, h), self.out_len(1, w));
        let (kh, kw) = (self.kh(), self.k[1]);
        let (cg, ocg) = (self.c / self.groups, self.oc / self.groups);
        let (_, sh, ph, dh, _) = self.axis(0);
        let (_, sw, pw, dw, _) = self.axis(1);
        let mut out = vec![0.0f64; self.n * self.oc * oh * ow];
        let xat =
            |n: usize, c: usize, y: usize, xx: usize| x[((n * self.c + c) * h + y) * w + xx] as f64;
        for n in 0..self.n {
            for o in 0..self.oc {
                for v in out[(n * self.oc + o) * oh * ow..][..oh * ow].iter_mut() {
                    *v = if self.bias { b[o] as f64 } else { 0.0 };
                }
            }
            if !self.transposed {
                for o in 0..self.oc {
                    let g = o / ocg;
                    for y in 0..oh {
                        for xx in 0..ow {
                            let mut acc = 0.0;
                            for ci in 0..cg {
                                for ky in 0..kh {
                                    for kx in 0..kw {
                                        let iy = (y * sh + ky * dh) as i64 - ph as i64;
                                        let ix = (xx * sw + kx * dw) as i64 - pw as i64;
                                        if iy < 0 || ix < 0 || iy >= h as i64 || ix >= w as i64 {
                                            continue;
                                        }
                                        let wv = wt[((o * cg + ci) * kh + ky) * kw + kx] as f64;
                                        acc += wv * xat(n, g * cg + ci, iy as usize, ix as usize);
                                    }
                                }
                            }
                            out[((n * self.oc + o) * oh + y) * ow + xx] += acc;
                        }
                    }
                }
            } else {
                for ci in 0..self.c {
                    let g = ci / cg;
                    for iy in 0..h {
                        for ix in 0..w {
                            let v = xat(n, ci, iy, ix);
                            for ol in 0..ocg {
                                for ky in 0..kh {
                                    for kx in 0..kw {
                                        let oy = (iy * sh + ky * dh) as i64 - ph as i64;
                                        let ox = (ix * sw + kx * dw) as i64 - pw as i64;
                                        if oy < 0 || ox < 0 || oy >= oh as i64 || ox >= ow as i64 {
                                            continue;
                                        }
                                        let wv = wt[((ci * ocg + ol) * kh + ky) * kw + kx] as f64;
                                        let o = g * ocg + ol;
                                        out[((n * self.oc + o) * oh + oy as usize) * ow
                                            + ox as usize] += v * wv;
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        (self.out_sizes(), out)
    }

    fn out_sizes(&self) -> Vec<usize> {
        let (oh, ow) = (self.out_len(0, self.hh()), self.out_len(1, self.w));
        match self.h {
            Some(_) => vec![self.n, self.oc, oh, ow],
            None => vec![self.n, self.oc, ow],
        }
    }

    fn run(&self, rng: &mut Rng, out: &mut Out) -> Result<(Vec<usize>, Vec<f64>), Error> {
        let (xs, ws) = (self.in_sizes(), self.weight_sizes());
        let (x, wt, b) = (rng.vec(numel(&xs)), rng.vec(numel(&ws)), rng.vec(self.oc));
        let bs = [self.oc];
        let args = vec![
            t(&xs, &x),
            t(&ws, &wt),
            if self.bias { t(&bs, &b) } else { Arg::None },
            self.list(self.stride),
            self.list(self.pad),
            self.list(self.dil),
            Arg::Bool(self.transposed),
            self.list(self.out_pad),
            Arg::Int(self.groups as i64),
            Arg::Out(0),
        ];
        run("aten::convolution.out", args, std::slice::from_mut(out))?;
        Ok(self.reference(&x, &wt, &b))
    }

    #[track_caller]
    fn check(&self, rng: &mut Rng) {
        let sizes = self.out_sizes();
        let mut out = Out::f32(&sizes.iter().map(|&s| s + 1).collect::<Vec<_>>());
        let (want_sizes, want) =
            self.run(rng, &mut out).unwrap_or_else(|e| panic!("{self:?}: {e}"));
        assert_eq!(out.sizes(), want_sizes, "{self:?}");
        assert_close(&out.values(), &want, &format!("{self:?}"));
    }
}

#[test]
fn convolution_matches_direct_definition() {
    let mut rng = Rng(5);
    let base = conv(3, (8, 8), 4, 3);
    let mut cases = vec![
        Conv { n: 2, pad: [1, 1], ..base.clone() },
        Conv { stride: [2, 2], h: Some(7), w: 9, k: [3, 2], bias: false, ..base.clone() },
        Conv { dil: [2, 2], pad: [2, 2], ..base.clone() },
        Conv { dil: [2, 1], pad: [0, 2], stride: [1, 2], h: Some(9), w: 6, ..base.clone() },
        Conv { c: 4, oc: 6, groups: 2, pad: [1, 1], n: 2, ..base.clone() },
        Conv { c: 6, oc: 6, groups: 3, stride: [2, 1], ..base.clone() },
        // depthwise, multiplier 1 and 2, strided, padded, dilated
        Conv { c: 4, oc: 4, groups: 4, pad: [1, 1], n: 2, ..base.clone() },
        Conv { c: 4, oc: 8, groups: 4, stride: [2, 2], pad: [1, 1], bias: false, ..base.clone() },
        Conv {
            c: 5,
            oc: 5,
            groups: 5,
            dil: [2, 2],
            pad: [2, 1],
            h: Some(6),
            w: 11,
            k: [3, 5],
            ..base.clone()
        },
        Conv { c: 3, oc: 3, groups: 3, k: [1, 1], ..base.clone() },
        // pointwise (no im2col) and strided 1x1
        Conv { k: [1, 1], c: 8, oc: 5, n: 2, ..base.clone() },
        Conv { k: [1, 1], c: 8, oc: 5, stride: [2, 2], ..base.clone() },
        Conv { k: [1, 1], c: 8, oc: 5, pad: [1, 0], ..base.clone() },
        // kernel equal to the padded input
        Conv { k: [4, 4], h: Some(2), w: 2, pad: [1, 1], ..base.clone() },
        // large enough for gemm packing
        Conv { c: 16, oc: 32, h: Some(16), w: 16, pad: [1, 1], ..base.clone() },
        // 1-D
        Conv { h: None, w: 10, stride: [1, 2], pad: [0, 1], ..base.clone() },
        Conv { h: None, w: 12, dil: [1, 3], n: 2, ..base.clone() },
        Conv { h: None, w: 9, c: 4, oc: 8, groups: 4, pad: [0, 2], k: [3, 5], ..base.clone() },
        Conv { h: None, w: 9, c: 4, oc: 4, groups: 2, k: [1, 1], ..base.clone() },
        // transposed
        Conv { transposed: true, stride: [2, 2], pad: [1, 1], out_pad: [1, 1], ..base.clone() },
        Conv {
            transposed: true,
            c: 4,
            oc: 6,
            groups: 2,
            stride: [2, 1],
            n: 2,
            h: Some(5),
            w: 4,
            ..base.clone()
        },
        Conv {
            transposed: true,
            dil: [2, 2],
            pad: [1, 2],
            out_pad: [1, 0],
            bias: false,
            ..base.clone()
        },
        Conv {
            transposed: true,
            c: 4,
            oc: 4,
            groups: 4,
            stride: [2, 2],
            k: [4, 4],
            pad: [1, 1],
            ..base.clone()
        },
        Conv { transposed: true, k: [1, 1], stride: [3, 3], out_pad: [2, 1], ..base.clone() },
        Conv {
            transposed: true,
            h: None,
            w: 7,
            stride: [1, 2],
            pad: [0, 1],
            out_pad: [0, 1],
            ..base.clone()
        },
    ];
    // batch 0
    cases.push(Conv { n: 0, ..base.clone() });
    for case in &cases {
        case.check(&mut rng);
    }
}

#[test]
fn convolution_accepts_single_element_lists() {
    let mut rng = Rng(6);
    let case = Conv { stride: [2, 2], pad: [1, 1], ..conv(3, (7, 7), 2, 3) };
    let (xs, ws) = (case.in_sizes(), case.weight_sizes());
    let (x, w) = (rng.vec(numel(&xs)), rng.vec(numel(&ws)));
    let mut outs = [Out::f32(&case.out_sizes())];
    let args = vec![
        t(&xs, &x),
        t(&ws, &w),
        Arg::None,
        ints(&[2]),
        ints(&[1]),
        ints(&[1]),
        Arg::Bool(false),
        ints(&[0]),
        Arg::Int(1),
        Arg::Out(0),
    ];
    run("aten::convolution.out", args, &mut outs).unwrap();
    let want = Conv { bias: false, ..case }.reference(&x, &w, &[]).1;
    assert_close(&outs[0].values(), &want, "single-element lists");
}

fn conv_error(case: &Conv, stride: &[i64], groups: i64, out: Out) -> Error {
    let (xs, ws) = (case.in_sizes(), case.weight_sizes());
    let (x, w) = (vec![0.0; numel(&xs)], vec![0.0; numel(&ws)]);
    let mut outs = [out];
    let list = |v: [usize; 2]| case.list(v);
    let args = vec![
        t(&xs, &x),
        t(&ws, &w),
        Arg::None,
        ints(stride),
        list(case.pad),
        list(case.dil),
        Arg::Bool(case.transposed),
        list(case.out_pad),
        Arg::Int(groups),
        Arg::Out(0),
    ];
    run("aten::convolution.out", args, &mut outs).unwrap_err()
}

#[test]
fn convolution_errors() {
    let base = conv(4, (6, 6), 6, 3);
    let any = || Out::f32(&[1, 6, 4, 4]);
    // groups not dividing the channels
    let err = conv_error(&Conv { groups: 2, ..base.clone() }, &[1, 1], 3, any());
    assert!(matches!(err, Error::InvalidArgument { .. }), "{err:?}");
    let err = conv_error(&base, &[1, 1], 0, any());
    assert!(matches!(err, Error::InvalidArgument { .. }), "{err:?}");
    let err = conv_error(&base, &[1, 1], -2, any());
    assert!(matches!(err, Error::InvalidArgument { .. }), "{err:?}");
    // zero, negative, wrongly sized strides
    for stride in [&[0, 1][..], &[1, -1], &[1, 1, 1], &[]] {
        let err = conv_error(&base, stride, 1, any());
        assert!(matches!(err, Error::InvalidArgument { .. }), "{stride:?}: {err:?}");
    }
    // kernel larger than the padded input
    let err = conv_error(&Conv { k: [7, 7], ..base.clone() }, &[1, 1], 1, any());
    assert!(matches!(err, Error::InvalidArgument { .. }), "{err:?}");
    // static output of the wrong size
    let err = conv_error(
        &base,
        &[1, 1],
        1,
        Out::with(ScalarType::Float, &[1, 6, 5, 5], ShapeDynamism::Static),
    );
    assert!(matches!(err, Error::Resize { .. }), "{err:?}");
    // output_padding not smaller than stride or dilation
    let err =
        conv_error(&Conv { transposed: true, out_pad: [1, 1], ..base.clone() }, &[1, 1], 1, any());
    assert!(matches!(err, Error::InvalidArgument { .. }), "{err:?}");
    // rank mismatch between input and weight
    let (x, w) = (vec![0.0; 4 * 36], vec![0.0; 6 * 4 * 3]);
    let mut outs = [any()];
    let args = vec![
        t(&[1, 4, 6, 6], &x),
        t(&[6, 4, 3], &w),
        Arg::None,
        ints(&[1, 1]),
        ints(&[0, 0]),
        ints(&[1, 1]),
        Arg::Bool(false),
        ints(&[0, 0]),
        Arg::Int(1),
        Arg::Out(0),
    ];
    let err = run("aten::convolution.out", args, &mut outs).unwrap_err();
    assert!(matches!(err, Error::ShapeMismatch { .. }), "{err:?}");
}

// ---------------------------------------------------------------------------------------
// Pooling
// ---------------------------------------------------------------------------------------

/// PyTorch's pooled length.
fn pooled(input: usize, k: usize, s: usize, p: usize, d: usize, ceil: bool) -> usize {
    let num =
        (input + 2 * p) as i64 - (d * (k - 1)) as i64 - 1 + if ceil { s as i64 - 1 } else { 0 };
    let mut len = num / s as i64 + 1;
    if ceil && (len - 1) * s as i64 >= (input + p) as i64 {
        len -= 1;
    }
    len as usize
}

#[derive(Clone, Debug)]
struct Pool {
    sizes: Vec<usize>,
    k: [usize; 2],
    s: [usize; 2],
    p: [usize; 2],
    d: [usize; 2],
    ceil: bool,
}

impl Pool {
    fn hw(&self) -> (usize, usize) {
        let r = self.sizes.len();
        (self.sizes[r - 2], self.sizes[r - 1])
    }
    fn out_hw(&self) -> (usize, usize) {
        let (h, w) = self.hw();
        (
            pooled(h, self.k[0], self.s[0], self.p[0], self.d[0], self.ceil),
            pooled(w, self.k[1], self.s[1], self.p[1], self.d[1], self.ceil),
        )
    }
    fn out_sizes(&self) -> Vec<usize> {
        let mut s = self.sizes.clone();
        let r = s.len();
        let (oh, ow) = self.out_hw();
        s[r - 2] = oh;
        s[r - 1] = ow;
        s
    }
    fn planes(&self) -> usize {
        let r = self.sizes.len();
        numel(&self.sizes[..r - 2])
    }
}

fn ref_max_pool(pool: &Pool, x: &[f32]) -> (Vec<f64>, Vec<i64>) {
    let (h, w) = pool.hw();
    let (oh, ow) = pool.out_hw();
    let (mut vals, mut idx) = (Vec::new(), Vec::new());
    for plane in 0..pool.planes() {
        for oy in 0..oh {
            for ox in 0..ow {
                let mut best: Option<(f32, i64)> = None;
                for ky in 0..pool.k[0] {
                    for kx in 0..pool.k[1] {
                        let iy = (oy * pool.s[0] + ky * pool.d[0]) as i64 - pool.p[0] as i64;
                        let ix = (ox * pool.s[1] + kx * pool.d[1]) as i64 - pool.p[1] as i64;
                        if iy < 0 || ix < 0 || iy >= h as i64 || ix >= w as i64 {
                            continue;
                        }
                        let v = x[plane * h * w + iy as usize * w + ix as usize];
                        if best.is_none_or(|(b, _)| v > b) {
                            best = Some((v, iy * w as i64 + ix));
                        }
                    }
                }
                let (v, i) = best.unwrap();
                vals.push(v as f64);
                idx.push(i);
            }
        }
    }
    (vals, idx)
}

fn pool_lists(pool: &Pool) -> [Arg<'static>; 3] {
    let l = |v: [usize; 2]| ints(&[v[0] as i64, v[1] as i64]);
    [l(pool.k), l(pool.s), l(pool.p)]
}

#[test]
fn max_pool_matches_reference() {
    let mut rng = Rng(7);
    let base =
        Pool { sizes: vec![2, 3, 8, 8], k: [3, 3], s: [2, 2], p: [1, 1], d: [1, 1], ceil: false };
    let cases = vec![
        base.clone(),
        Pool {
            sizes: vec![1, 2, 7, 7],
            k: [2, 2],
            s: [2, 2],
            p: [0, 0],
            ceil: true,
            ..base.clone()
        },
        Pool {
            sizes: vec![1, 2, 7, 7],
            k: [3, 3],
            s: [2, 2],
            p: [1, 1],
            ceil: true,
            ..base.clone()
        },
        Pool { sizes: vec![3, 9, 6], k: [3, 2], s: [1, 2], p: [1, 0], ..base.clone() },
        Pool { sizes: vec![1, 1, 10, 9], d: [2, 3], p: [1, 1], s: [1, 1], ..base.clone() },
        Pool {
            sizes: vec![1, 2, 5, 6],
            k: [4, 4],
            s: [3, 3],
            p: [2, 2],
            ceil: true,
            ..base.clone()
        },
    ];
    for case in &cases {
        let mut x = rng.vec(numel(&case.sizes));
        // Ties: the first maximum in window order wins.
        for v in x.iter_mut().step_by(5) {
            *v = 0.5;
        }
        let out_sizes = case.out_sizes();
        let mut outs = [
            Out::f32(&out_sizes),
            Out::with(ScalarType::Long, &out_sizes, ShapeDynamism::DynamicBound),
        ];
        let [k, s, p] = pool_lists(case);
        let d = ints(&[case.d[0] as i64, case.d[1] as i64]);
        let args =
            vec![t(&case.sizes, &x), k, s, p, d, Arg::Bool(case.ceil), Arg::Out(0), Arg::Out(1)];
        run("aten::max_pool2d_with_indices.out", args, &mut outs).unwrap();
        let (vals, idx) = ref_max_pool(case, &x);
        assert_eq!(outs[0].sizes(), out_sizes, "{case:?}");
        assert_close(&outs[0].values(), &vals, &format!("{case:?}"));
        assert_eq!(outs[1].longs(), idx, "{case:?}");
    }
}

#[test]
fn max_pool_defaults_and_errors() {
    let x: Vec<f32> = (0..16).map(|v| v as f32).collect();
    // Empty stride means stride = kernel.
    let mut outs =
        [Out::f32(&[1, 2, 2]), Out::with(ScalarType::Long, &[1, 2, 2], ShapeDynamism::Static)];
    let args = vec![
        t(&[1, 4, 4], &x),
        ints(&[2]),
        ints(&[]),
        ints(&[0]),
        ints(&[1]),
        Arg::Bool(false),
        Arg::Out(0),
        Arg::Out(1),
    ];
    run("aten::max_pool2d_with_indices.out", args, &mut outs).unwrap();
    assert_eq!(outs[0].values(), [5.0, 7.0, 13.0, 15.0]);
    assert_eq!(outs[1].longs(), [5, 7, 13, 15]);
    let bad = |k: &[i64], s: &[i64], p: &[i64], d: &[i64]| {
        let mut outs = [
            Out::f32(&[1, 4, 4]),
            Out::with(ScalarType::Long, &[1, 4, 4], ShapeDynamism::DynamicBound),
        ];
        let args = vec![
            t(&[1, 4, 4], &x),
            ints(k),
            ints(s),
            ints(p),
            ints(d),
            Arg::Bool(false),
            Arg::Out(0),
            Arg::Out(1),
        ];
        run("aten::max_pool2d_with_indices.out", args, &mut outs).unwrap_err()
    };
    for err in [
        bad(&[0, 2], &[], &[0], &[1]),
        bad(&[2], &[0], &[0], &[1]),
        bad(&[2], &[-1], &[0], &[1]),
        bad(&[2], &[2], &[2], &[1]),
        bad(&[2], &[2], &[-1], &[1]),
        bad(&[2], &[2], &[0], &[0]),
        bad(&[5], &[1], &[0], &[1]),
        bad(&[2, 2, 2], &[1], &[0], &[1]),
    ] {
        assert!(matches!(err, Error::InvalidArgument { .. }), "{err:?}");
    }
    // Indices must be int64.
    let mut outs = [Out::f32(&[1, 2, 2]), Out::f32(&[1, 2, 2])];
    let args = vec![
        t(&[1, 4, 4], &x),
        ints(&[2]),
        ints(&[]),
        ints(&[0]),
        ints(&[1]),
        Arg::Bool(false),
        Arg::Out(0),
        Arg::Out(1),
    ];
    let err = run("aten::max_pool2d_with_indices.out", args, &mut outs).unwrap_err();
    assert!(matches!(err, Error::UnsupportedDtype { .. }), "{err:?}");
}

fn ref_avg_pool(pool: &Pool, x: &[f32], include_pad: bool, divisor: Option<i64>) -> Vec<f64> {
    let (h, w) = pool.hw();
    let (oh, ow) = pool.out_hw();
    let mut out = Vec::new();
    for plane in 0..pool.planes() {
        for oy in 0..oh {
            for ox in 0..ow {
                let hs = (oy * pool.s[0]) as i64 - pool.p[0] as i64;
                let ws = (ox * pool.s[1]) as i64 - pool.p[1] as i64;
                let he = (hs + pool.k[0] as i64).min((h + pool.p[0]) as i64);
                let we = (ws + pool.k[1] as i64).min((w + pool.p[1]) as i64);
                let size = (he - hs) * (we - ws);
                let (hs, ws, he, we) = (hs.max(0), ws.max(0), he.min(h as i64), we.min(w as i64));
                let mut sum = 0.0;
                for iy in hs..he {
                    for ix in ws..we {
                        sum += x[plane * h * w + iy as usize * w + ix as usize] as f64;
                    }
                }
                let div = match divisor {
                    Some(d) => d,
                    None if include_pad => size,
                    None => (he - hs) * (we - ws),
                };
                out.push(sum / div as f64);
            }
        }
    }
    out
}

#[test]
fn avg_pool_matches_reference() {
    let mut rng = Rng(8);
    let base =
        Pool { sizes: vec![2, 3, 8, 8], k: [3, 3], s: [2, 2], p: [1, 1], d: [1, 1], ceil: false };
    let cases = vec![
        base.clone(),
        Pool {
            sizes: vec![1, 2, 7, 7],
            k: [2, 2],
            s: [2, 2],
            p: [1, 1],
            ceil: true,
            ..base.clone()
        },
        Pool {
            sizes: vec![1, 2, 7, 7],
            k: [3, 3],
            s: [2, 2],
            p: [1, 1],
            ceil: true,
            ..base.clone()
        },
        Pool { sizes: vec![3, 9, 6], k: [3, 2], s: [1, 2], p: [1, 0], ..base.clone() },
        Pool {
            sizes: vec![1, 2, 5, 6],
            k: [4, 5],
            s: [3, 3],
            p: [2, 2],
            ceil: true,
            ..base.clone()
        },
    ];
    for case in &cases {
        let x = rng.vec(numel(&case.sizes));
        for (include_pad, divisor) in
            [(true, None), (false, None), (true, Some(7)), (false, Some(-2))]
        {
            let out_sizes = case.out_sizes();
            let mut outs = [Out::f32(&out_sizes)];
            let [k, s, p] = pool_lists(case);
            let div = divisor.map_or(Arg::None, Arg::Int);
            let args = vec![
                t(&case.sizes, &x),
                k,
                s,
                p,
                Arg::Bool(case.ceil),
                Arg::Bool(include_pad),
                div,
                Arg::Out(0),
            ];
            run("aten::avg_pool2d.out", args, &mut outs).unwrap();
            assert_eq!(outs[0].sizes(), out_sizes);
            let want = ref_avg_pool(case, &x, include_pad, divisor);
            assert_close(&outs[0].values(), &want, &format!("{case:?} {include_pad} {divisor:?}"));
        }
    }
    let mut outs = [Out::f32(&[1, 4, 4])];
    let x = vec![0.0; 16];
    let args = vec![
        t(&[1, 4, 4], &x),
        ints(&[2]),
        ints(&[]),
        ints(&[0]),
        Arg::Bool(false),
        Arg::Bool(true),
        Arg::Int(0),
        Arg::Out(0),
    ];
    let err = run("aten::avg_pool2d.out", args, &mut outs).unwrap_err();
    assert!(matches!(err, Error::InvalidArgument { .. }), "{err:?}");
}

#[test]
fn adaptive_avg_pool_matches_reference() {
    let mut rng = Rng(9);
    for (sizes, (oh, ow)) in [
        (vec![2, 3, 7, 7], (3, 3)),
        (vec![1, 2, 5, 9], (2, 4)),
        (vec![4, 4, 4], (4, 4)),
        (vec![1, 1, 3, 3], (5, 5)),
        (vec![1, 2, 10, 6], (1, 1)),
        (vec![1, 1, 13, 11], (6, 7)),
    ] {
        let x = rng.vec(numel(&sizes));
        let r = sizes.len();
        let (h, w) = (sizes[r - 2], sizes[r - 1]);
        let mut out_sizes = sizes.clone();
        out_sizes[r - 2] = oh;
        out_sizes[r - 1] = ow;
        let mut outs = [Out::f32(&out_sizes)];
        let args = vec![t(&sizes, &x), ints(&[oh as i64, ow as i64]), Arg::Out(0)];
        run("aten::_adaptive_avg_pool2d.out", args, &mut outs).unwrap();
        let mut want = Vec::new();
        for plane in 0..numel(&sizes[..r - 2]) {
            for oy in 0..oh {
                let (y0, y1) = (oy * h / oh, ((oy + 1) * h).div_ceil(oh));
                for ox in 0..ow {
                    let (x0, x1) = (ox * w / ow, ((ox + 1) * w).div_ceil(ow));
                    let mut sum = 0.0;
                    for iy in y0..y1 {
                        for ix in x0..x1 {
                            sum += x[plane * h * w + iy * w + ix] as f64;
                        }
                    }
                    want.push(sum / ((y1 - y0) * (x1 - x0)) as f64);
                }
            }
        }
        assert_close(&outs[0].values(), &want, &format!("adaptive {sizes:?} -> {oh}x{ow}"));
    }
    let x = vec![0.0; 16];
    for size in [&[0, 2][..], &[2], &[2, -1]] {
        let mut outs = [Out::f32(&[1, 4, 4])];
        let err = run(
            "aten::_adaptive_avg_pool2d.out",
            vec![t(&[1, 4, 4], &x), ints(size), Arg::Out(0)],
            &mut outs,
        )
        .unwrap_err();
        assert!(matches!(err, Error::InvalidArgument { .. }), "{err:?}");
    }
}

// ---------------------------------------------------------------------------------------
// Normalisation
// ---------------------------------------------------------------------------------------

#[test]
fn batch_norm_matches_reference() {
    let mut rng = Rng(10);
    for sizes in [vec![2, 3, 4, 5], vec![4, 3], vec![1, 6, 7]] {
        let c = sizes[1];
        let x = rng.vec(numel(&sizes));
        let (w, b, mean) = (rng.vec(c), rng.vec(c), rng.vec(c));
        let var: Vec<f32> = rng.vec(c).iter().map(|v| v.abs() + 0.1).collect();
        let cs = [c];
        for affine in [true, false] {
            let mut outs = [Out::f32(&sizes), Out::f32(&[0]), Out::f32(&[0])];
            let (wa, ba) = if affine { (t(&cs, &w), t(&cs, &b)) } else { (Arg::None, Arg::None) };
            let args = vec![
                t(&sizes, &x),
                wa,
                ba,
                t(&cs, &mean),
                t(&cs, &var),
                Arg::Double(0.1),
                Arg::Double(1e-5),
                Arg::Out(0),
                Arg::Out(1),
                Arg::Out(2),
            ];
            run("aten::_native_batch_norm_legit_no_training.out", args, &mut outs).unwrap();
            let inner = numel(&sizes[2..]);
            let want: Vec<f64> = x
                .iter()
                .enumerate()
                .map(|(i, &v)| {
                    let ch = i / inner % c;
                    let y = (v as f64 - mean[ch] as f64) / (var[ch] as f64 + 1e-5).sqrt();
                    if affine {
                        y * w[ch] as f64 + b[ch] as f64
                    } else {
                        y
                    }
                })
                .collect();
            assert_close(&outs[0].values(), &want, &format!("batch norm {sizes:?}"));
            assert_eq!(outs[1].sizes(), [0]);
            assert_eq!(outs[2].sizes(), [0]);
        }
    }
    let x = vec![0.0; 12];
    let mut outs = [Out::f32(&[2, 3, 2]), Out::f32(&[0]), Out::f32(&[0])];
    let args = vec![
        t(&[2, 3, 2], &x),
        Arg::None,
        Arg::None,
        t(&[4], &x[..4]),
        t(&[3], &x[..3]),
        Arg::Double(0.1),
        Arg::Double(1e-5),
        Arg::Out(0),
        Arg::Out(1),
        Arg::Out(2),
    ];
    let err = run("aten::_native_batch_norm_legit_no_training.out", args, &mut outs).unwrap_err();
    assert!(matches!(err, Error::ShapeMismatch { .. }), "{err:?}");
}

fn ref_normalize(x: &[f32]) -> (Vec<f64>, f64, f64) {
    let n = x.len() as f64;
    let mean = x.iter().map(|&v| v as f64).sum::<f64>() / n;
    let var = x.iter().map(|&v| (v as f64 - mean).powi(2)).sum::<f64>() / n;
    let rstd = 1.0 / (var + 1e-5).sqrt();
    (x.iter().map(|&v| (v as f64 - mean) * rstd).collect(), mean, rstd)
}

#[test]
fn layer_norm_matches_reference() {
    let mut rng = Rng(11);
    for (sizes, norm) in [
        (vec![2, 3, 8], vec![8]),
        (vec![2, 3, 8], vec![3, 8]),
        (vec![5, 64], vec![64]),
        (vec![7], vec![7]),
    ] {
        let x: Vec<f32> = rng.vec(numel(&sizes)).iter().map(|v| v * 3.0 + 1.0).collect();
        let n = numel(&norm);
        let (w, b) = (rng.vec(n), rng.vec(n));
        let lead = sizes.len() - norm.len();
        let mut stat = sizes.clone();
        stat[lead..].fill(1);
        for affine in [true, false] {
            let mut outs = [Out::f32(&sizes), Out::f32(&stat), Out::f32(&stat)];
            let (wa, ba) =
                if affine { (t(&norm, &w), t(&norm, &b)) } else { (Arg::None, Arg::None) };
            let norm_list: Vec<i64> = norm.iter().map(|&v| v as i64).collect();
            let args = vec![
                t(&sizes, &x),
                ints(&norm_list),
                wa,
                ba,
                Arg::Double(1e-5),
                Arg::Out(0),
                Arg::Out(1),
                Arg::Out(2),
            ];
            run("aten::native_layer_norm.out", args, &mut outs).unwrap();
            let (mut want, mut means, mut rstds) = (Vec::new(), Vec::new(), Vec::new());
            for row in x.chunks(n) {
                let (y, m, r) = ref_normalize(row);
                want.extend(y.iter().enumerate().map(|(j, v)| {
                    if affine {
                        v * w[j] as f64 + b[j] as f64
                    } else {
                        *v
                    }
                }));
                means.push(m);
                rstds.push(r);
            }
            assert_close(&outs[0].values(), &want, &format!("layer norm {sizes:?} {norm:?}"));
            assert_eq!(outs[1].sizes(), stat);
            assert_close(&outs[1].values(), &means, "layer norm mean");
            assert_close(&outs[2].values(), &rstds, "layer norm rstd");
        }
    }
    let x = vec![0.0; 12];
    let mut outs = [Out::f32(&[3, 4]), Out::f32(&[3, 1]), Out::f32(&[3, 1])];
    let args = vec![
        t(&[3, 4], &x),
        ints(&[3]),
        Arg::None,
        Arg::None,
        Arg::Double(1e-5),
        Arg::Out(0),
        Arg::Out(1),
        Arg::Out(2),
    ];
    let err = run("aten::native_layer_norm.out", args, &mut outs).unwrap_err();
    assert!(matches!(err, Error::ShapeMismatch { .. }), "{err:?}");
}

#[test]
fn group_norm_matches_reference() {
    let mut rng = Rng(12);
    for (sizes, groups) in
        [(vec![2, 6, 4, 4], 3), (vec![2, 6, 4, 4], 6), (vec![1, 4, 9], 1), (vec![3, 8], 2)]
    {
        let (n, c) = (sizes[0], sizes[1]);
        let hxw = numel(&sizes[2..]);
        let x: Vec<f32> = rng.vec(numel(&sizes)).iter().map(|v| v * 2.0 - 0.5).collect();
        let (w, b) = (rng.vec(c), rng.vec(c));
        let cs = [c];
        for affine in [true, false] {
            let mut outs = [Out::f32(&sizes), Out::f32(&[n, groups]), Out::f32(&[n, groups])];
            let (wa, ba) = if affine { (t(&cs, &w), t(&cs, &b)) } else { (Arg::None, Arg::None) };
            let args = vec![
                t(&sizes, &x),
                wa,
                ba,
                Arg::Int(n as i64),
                Arg::Int(c as i64),
                Arg::Int(hxw as i64),
                Arg::Int(groups as i64),
                Arg::Double(1e-5),
                Arg::Out(0),
                Arg::Out(1),
                Arg::Out(2),
            ];
            run("aten::native_group_norm.out", args, &mut outs).unwrap();
            let inner = c / groups * hxw;
            let (mut want, mut means, mut rstds) = (Vec::new(), Vec::new(), Vec::new());
            for (i, chunk) in x.chunks(inner).enumerate() {
                let (y, m, r) = ref_normalize(chunk);
                for (j, v) in y.iter().enumerate() {
                    let ch = (i % groups) * (c / groups) + j / hxw;
                    want.push(if affine { v * w[ch] as f64 + b[ch] as f64 } else { *v });
                }
                means.push(m);
                rstds.push(r);
            }
            assert_close(&outs[0].values(), &want, &format!("group norm {sizes:?} {groups}"));
            assert_close(&outs[1].values(), &means, "group norm mean");
            assert_close(&outs[2].values(), &rstds, "group norm rstd");
        }
    }
    let x = vec![0.0; 24];
    for (c_arg, groups) in [(6, 4), (6, 0), (5, 1)] {
        let mut outs = [Out::f32(&[1, 6, 4]), Out::f32(&[1, 4]), Out::f32(&[1, 4])];
        let args = vec![
            t(&[1, 6, 4], &x),
            Arg::None,
            Arg::None,
            Arg::Int(1),
            Arg::Int(c_arg),
            Arg::Int(4),
            Arg::Int(groups),
            Arg::Double(1e-5),
            Arg::Out(0),
            Arg::Out(1),
            Arg::Out(2),
        ];
        let err = run("aten::native_group_norm.out", args, &mut outs).unwrap_err();
        assert!(
            matches!(err, Error::InvalidArgument { .. } | Error::ShapeMismatch { .. }),
            "{err:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Upsampling
// ---------------------------------------------------------------------------------------

/// Output length and PyTorch's source scale for one dimension.
fn up_dim(input: usize, size: Option<usize>, factor: Option<f64>, align: bool) -> (usize, f64) {
    let out = size.unwrap_or_else(|| (input as f64 * factor.unwrap()) as usize);
    let scale = if align {
        if out > 1 {
            (input - 1) as f64 / (out - 1) as f64
        } else {
            0.0
        }
    } else {
        match factor {
            Some(f) => 1.0 / f,
            None => input as f64 / out as f64,
        }
    };
    (out, scale)
}

fn upsample_args<'a>(
    sizes: &'a [usize],
    x: &'a [f32],
    size: Option<[usize; 2]>,
    factors: Option<[f64; 2]>,
    align: Option<bool>,
) -> Vec<Arg<'a>> {
    let mut args = vec![t(sizes, x)];
    args.push(size.map_or(Arg::None, |s| ints(&[s[0] as i64, s[1] as i64])));
    if let Some(a) = align {
        args.push(Arg::Bool(a));
    }
    args.push(factors.map_or(Arg::None, |f| Arg::DoubleList(f.to_vec())));
    args.push(Arg::Out(0));
    args
}

/// Input sizes, then `output_size` or `scale_factors`.
type UpsampleCase = (&'static [usize], Option<[usize; 2]>, Option<[f64; 2]>);

const UPSAMPLE_CASES: &[UpsampleCase] = &[
    (&[2, 3, 4, 5], Some([7, 13]), None),
    (&[1, 2, 4, 4], None, Some([2.0, 3.0])),
    (&[1, 1, 6, 9], Some([3, 2]), None),
    (&[1, 2, 5, 3], None, Some([1.5, 2.5])),
    (&[1, 1, 4, 6], Some([4, 1]), None),
    (&[1, 1, 1, 1], Some([3, 2]), None),
];

#[test]
fn upsample_nearest_matches_reference() {
    let mut rng = Rng(13);
    for &(sizes, size, factors) in UPSAMPLE_CASES {
        let x = rng.vec(numel(sizes));
        let (h, w) = (sizes[2], sizes[3]);
        let (oh, sh) = up_dim(h, size.map(|s| s[0]), factors.map(|f| f[0]), false);
        let (ow, sw) = up_dim(w, size.map(|s| s[1]), factors.map(|f| f[1]), false);
        let mut outs = [Out::f32(&[sizes[0], sizes[1], oh, ow])];
        run(
            "aten::upsample_nearest2d.vec_out",
            upsample_args(sizes, &x, size, factors, None),
            &mut outs,
        )
        .unwrap();
        let mut want = Vec::new();
        for plane in 0..sizes[0] * sizes[1] {
            for oy in 0..oh {
                let iy = ((oy as f64 * sh).floor() as usize).min(h - 1);
                for ox in 0..ow {
                    let ix = ((ox as f64 * sw).floor() as usize).min(w - 1);
                    want.push(x[plane * h * w + iy * w + ix] as f64);
                }
            }
        }
        assert_eq!(outs[0].sizes(), [sizes[0], sizes[1], oh, ow]);
        assert_close(&outs[0].values(), &want, &format!("nearest {sizes:?} {size:?} {factors:?}"));
    }
}

fn bilinear_source(
    out_index: usize,
    input: usize,
    output: usize,
    scale: f64,
    align: bool,
) -> (usize, usize, f64) {
    if input == output {
        return (out_index, out_index, 0.0);
    }
    let real = if align {
        scale * out_index as f64
    } else {
        (scale * (out_index as f64 + 0.5) - 0.5).max(0.0)
    };
    let i0 = (real.floor() as usize).min(input - 1);
    let i1 = (i0 + 1).min(input - 1);
    (i0, i1, (real - i0 as f64).clamp(0.0, 1.0))
}

#[test]
fn upsample_bilinear_matches_reference() {
    let mut rng = Rng(14);
    for &(sizes, size, factors) in UPSAMPLE_CASES {
        for align in [false, true] {
            let x = rng.vec(numel(sizes));
            let (h, w) = (sizes[2], sizes[3]);
            let (oh, sh) = up_dim(h, size.map(|s| s[0]), factors.map(|f| f[0]), align);
            let (ow, sw) = up_dim(w, size.map(|s| s[1]), factors.map(|f| f[1]), align);
            let mut outs = [Out::f32(&[sizes[0], sizes[1], oh, ow])];
            let args = upsample_args(sizes, &x, size, factors, Some(align));
            run("aten::upsample_bilinear2d.vec_out", args, &mut outs).unwrap();
            let mut want = Vec::new();
            for plane in 0..sizes[0] * sizes[1] {
                let at = |y: usize, xx: usize| x[plane * h * w + y * w + xx] as f64;
                for oy in 0..oh {
                    let (y0, y1, ly) = bilinear_source(oy, h, oh, sh, align);
                    for ox in 0..ow {
                        let (x0, x1, lx) = bilinear_source(ox, w, ow, sw, align);
                        let top = at(y0, x0) * (1.0 - lx) + at(y0, x1) * lx;
                        let bottom = at(y1, x0) * (1.0 - lx) + at(y1, x1) * lx;
                        want.push(top * (1.0 - ly) + bottom * ly);
                    }
                }
            }
            assert_close(
                &outs[0].values(),
                &want,
                &format!("bilinear {sizes:?} {size:?} {factors:?} {align}"),
            );
        }
    }
}

#[test]
fn upsample_errors() {
    let x = vec![0.0; 16];
    let sizes = [1, 1, 4, 4];
    for (size, factors) in [
        (None, None),
        (Some([8, 8]), Some([2.0, 2.0])),
        (Some([0, 8]), None),
        (None, Some([0.0, 2.0])),
        (None, Some([f64::NAN, 2.0])),
        (None, Some([0.1, 2.0])),
    ] {
        let mut outs = [Out::f32(&[1, 1, 8, 8])];
        let err = run(
            "aten::upsample_nearest2d.vec_out",
            upsample_args(&sizes, &x, size, factors, None),
            &mut outs,
        )
        .unwrap_err();
        assert!(matches!(err, Error::InvalidArgument { .. }), "{size:?} {factors:?}: {err:?}");
    }
    let mut outs = [Out::f32(&[1, 4, 4])];
    let args = upsample_args(&sizes[1..], &x, Some([8, 8]), None, Some(false));
    let err = run("aten::upsample_bilinear2d.vec_out", args, &mut outs).unwrap_err();
    assert!(matches!(err, Error::ShapeMismatch { .. }), "{err:?}");
    let mut fixed = [Out::with(ScalarType::Float, &[1, 1, 4, 4], ShapeDynamism::Static)];
    let args = upsample_args(&sizes, &x, Some([8, 8]), None, Some(true));
    let err = run("aten::upsample_bilinear2d.vec_out", args, &mut fixed).unwrap_err();
    assert!(matches!(err, Error::Resize { .. }), "{err:?}");
}

#[test]
fn empty_batch_with_huge_sizes_is_not_a_panic() {
    let big = 1i64 << 40;
    let x: Vec<f32> = Vec::new();
    let sizes = [0, 1, 4, 4];
    let mut outs = [Out::f32(&[0, 1, 4, 4])];
    let args = vec![t(&sizes, &x), ints(&[big, big]), Arg::None, Arg::Out(0)];
    run("aten::upsample_nearest2d.vec_out", args, &mut outs).unwrap();
    assert_eq!(outs[0].sizes(), [0, 1, big as usize, big as usize]);
    let mut outs = [Out::f32(&[0, 1, 4, 4])];
    let args = vec![t(&sizes, &x), ints(&[big, big]), Arg::Bool(true), Arg::None, Arg::Out(0)];
    run("aten::upsample_bilinear2d.vec_out", args, &mut outs).unwrap();
    let mut outs = [Out::f32(&[0, 1, 4, 4])];
    let args = vec![t(&sizes, &x), ints(&[big, big]), Arg::Out(0)];
    run("aten::_adaptive_avg_pool2d.out", args, &mut outs).unwrap();
    // Rows of zero length through the gemm.
    let mut outs = [Out::f32(&[0, 5])];
    run("aten::mm.out", vec![t(&[0, 3], &x), t(&[3, 5], &[0.0; 15]), Arg::Out(0)], &mut outs)
        .unwrap();
    assert_eq!(outs[0].sizes(), [0, 5]);
}
