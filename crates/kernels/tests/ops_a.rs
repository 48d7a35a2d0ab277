//! Tests of the elementwise, activation, reduction, shape, index, misc and prim kernels.
#![allow(clippy::unwrap_used, reason = "test code")]

use pterun_core::{ScalarType, ShapeDynamism};
use pterun_kernels::{Arg, Error, KernelCall, Registry, Scalar, Shape, TensorMut, TensorRef};

struct Out {
    dtype: ScalarType,
    shape: Shape,
    data: Vec<u64>,
}

impl Out {
    fn new(dtype: ScalarType, sizes: &[usize]) -> Out {
        Out::with(dtype, sizes, ShapeDynamism::Static)
    }
    fn dynamic(dtype: ScalarType, sizes: &[usize]) -> Out {
        Out::with(dtype, sizes, ShapeDynamism::DynamicBound)
    }
    fn with(dtype: ScalarType, sizes: &[usize], d: ShapeDynamism) -> Out {
        let n: usize = sizes.iter().product();
        Out {
            dtype,
            shape: Shape::new(sizes.to_vec(), d),
            data: vec![0; (n * dtype.element_size()).div_ceil(8) + 1],
        }
    }
    fn bytes(&self) -> &[u8] {
        let n: usize = self.shape.sizes().iter().product();
        &bytemuck::cast_slice(&self.data)[..n * self.dtype.element_size()]
    }
    fn f32s(&self) -> Vec<f32> {
        bytemuck::cast_slice(self.bytes()).to_vec()
    }
    fn i64s(&self) -> Vec<i64> {
        bytemuck::cast_slice(self.bytes()).to_vec()
    }
    fn bools(&self) -> Vec<bool> {
        self.bytes().iter().map(|&b| b != 0).collect()
    }
    fn sizes(&self) -> Vec<usize> {
        self.shape.sizes().to_vec()
    }
}

fn run_multi(name: &str, args: Vec<Arg<'_>>, outs: &mut [Out]) -> Result<Option<Scalar>, Error> {
    let registry = Registry::portable();
    let (op, kernel) = registry.get(name).unwrap_or_else(|| panic!("{name} not registered"));
    let tms: Vec<TensorMut<'_>> = outs
        .iter_mut()
        .map(|o| TensorMut::new(o.dtype, &mut o.shape, bytemuck::cast_slice_mut(&mut o.data)))
        .collect();
    let mut call = KernelCall { op, args, outs: tms, scalar_out: None };
    kernel(&mut call)?;
    Ok(call.scalar_out)
}

fn run(name: &str, args: Vec<Arg<'_>>, out: &mut Out) -> Result<(), Error> {
    run_multi(name, args, std::slice::from_mut(out)).map(|_| ())
}

fn t<'a>(dtype: ScalarType, sizes: &'a [usize], data: &'a [u8]) -> Arg<'a> {
    Arg::Tensor(TensorRef { dtype, sizes, data })
}
fn tf<'a>(sizes: &'a [usize], v: &'a [f32]) -> Arg<'a> {
    t(ScalarType::Float, sizes, bytemuck::cast_slice(v))
}
fn ti<'a>(sizes: &'a [usize], v: &'a [i64]) -> Arg<'a> {
    t(ScalarType::Long, sizes, bytemuck::cast_slice(v))
}
fn tb<'a>(sizes: &'a [usize], v: &'a [u8]) -> Arg<'a> {
    t(ScalarType::Bool, sizes, v)
}

fn close(a: &[f32], b: &[f32]) {
    assert_eq!(a.len(), b.len(), "{a:?} vs {b:?}");
    for (x, y) in a.iter().zip(b) {
        assert!(
            (x - y).abs() <= 1e-5 + 1e-4 * y.abs() || (x.is_nan() && y.is_nan()),
            "{a:?} vs {b:?}"
        );
    }
}

#[test]
fn add_broadcast_alpha() {
    let mut out = Out::new(ScalarType::Float, &[2, 3]);
    run(
        "aten::add.out",
        vec![
            tf(&[2, 3], &[1., 2., 3., 4., 5., 6.]),
            tf(&[3], &[10., 20., 30.]),
            Arg::Int(2),
            Arg::Out(0),
        ],
        &mut out,
    )
    .unwrap();
    close(&out.f32s(), &[21., 42., 63., 24., 45., 66.]);
    // Column vector with row vector.
    let mut out = Out::new(ScalarType::Float, &[2, 2]);
    run(
        "aten::sub.out",
        vec![tf(&[2, 1], &[1., 2.]), tf(&[1, 2], &[10., 20.]), Arg::Int(1), Arg::Out(0)],
        &mut out,
    )
    .unwrap();
    close(&out.f32s(), &[-9., -19., -8., -18.]);
}

#[test]
fn mixed_dtypes_and_zero_dim() {
    let mut out = Out::new(ScalarType::Float, &[3]);
    run("aten::mul.out", vec![tf(&[3], &[1.5, 2., -1.]), ti(&[], &[3]), Arg::Out(0)], &mut out)
        .unwrap();
    close(&out.f32s(), &[4.5, 6., -3.]);
    let mut out = Out::new(ScalarType::Float, &[2]);
    run("aten::div.out", vec![ti(&[2], &[7, -7]), ti(&[1], &[2]), Arg::Out(0)], &mut out).unwrap();
    close(&out.f32s(), &[3.5, -3.5]);
    let mut out = Out::new(ScalarType::Long, &[2]);
    run(
        "aten::div.out_mode",
        vec![ti(&[2], &[7, -7]), ti(&[], &[2]), Arg::Str("floor"), Arg::Out(0)],
        &mut out,
    )
    .unwrap();
    assert_eq!(out.i64s(), [3, -4]);
    run(
        "aten::div.out_mode",
        vec![ti(&[2], &[7, -7]), ti(&[], &[2]), Arg::Str("trunc"), Arg::Out(0)],
        &mut out,
    )
    .unwrap();
    assert_eq!(out.i64s(), [3, -3]);
    let err = run(
        "aten::div.out_mode",
        vec![ti(&[2], &[7, -7]), ti(&[], &[0]), Arg::Str("trunc"), Arg::Out(0)],
        &mut out,
    );
    assert!(matches!(err, Err(Error::InvalidArgument { .. })));
    // Int tensor times float scalar gives float.
    let mut out = Out::new(ScalarType::Float, &[2]);
    run("aten::mul.Scalar_out", vec![ti(&[2], &[1, 2]), Arg::Double(0.5), Arg::Out(0)], &mut out)
        .unwrap();
    close(&out.f32s(), &[0.5, 1.0]);
    // Float result into an int output is refused.
    let mut out = Out::new(ScalarType::Long, &[2]);
    assert!(run(
        "aten::mul.Scalar_out",
        vec![ti(&[2], &[1, 2]), Arg::Double(0.5), Arg::Out(0)],
        &mut out
    )
    .is_err());
}

#[test]
fn scalar_ops_and_pow() {
    let x = [1f32, -2., 3.];
    let mut out = Out::new(ScalarType::Float, &[3]);
    run(
        "aten::rsub.Scalar_out",
        vec![tf(&[3], &x), Arg::Int(1), Arg::Int(1), Arg::Out(0)],
        &mut out,
    )
    .unwrap();
    close(&out.f32s(), &[0., 3., -2.]);
    run("aten::pow.Tensor_Scalar_out", vec![tf(&[3], &x), Arg::Int(2), Arg::Out(0)], &mut out)
        .unwrap();
    close(&out.f32s(), &[1., 4., 9.]);
    run("aten::remainder.Scalar_out", vec![tf(&[3], &x), Arg::Double(2.0), Arg::Out(0)], &mut out)
        .unwrap();
    close(&out.f32s(), &[1., 0., 1.]);
    run(
        "aten::fmod.Scalar_out",
        vec![tf(&[3], &[-3., 5., 2.5]), Arg::Int(2), Arg::Out(0)],
        &mut out,
    )
    .unwrap();
    close(&out.f32s(), &[-1., 1., 0.5]);
    let mut out = Out::new(ScalarType::Long, &[3]);
    run(
        "aten::remainder.Scalar_out",
        vec![ti(&[3], &[-3, 5, 4]), Arg::Int(3), Arg::Out(0)],
        &mut out,
    )
    .unwrap();
    assert_eq!(out.i64s(), [0, 2, 1]);
    let mut out = Out::new(ScalarType::Float, &[3]);
    run(
        "aten::maximum.out",
        vec![tf(&[3], &[1., f32::NAN, 3.]), tf(&[], &[2.]), Arg::Out(0)],
        &mut out,
    )
    .unwrap();
    let v = out.f32s();
    assert!(v[0] == 2. && v[1].is_nan() && v[2] == 3.);
}

#[test]
fn comparisons_where_logical() {
    let mut out = Out::new(ScalarType::Bool, &[3]);
    run("aten::eq.Scalar_out", vec![ti(&[3], &[1, 0, 1]), Arg::Int(1), Arg::Out(0)], &mut out)
        .unwrap();
    assert_eq!(out.bools(), [true, false, true]);
    run(
        "aten::le.Scalar_out",
        vec![tf(&[3], &[0.5, 1.0, 1.5]), Arg::Int(1), Arg::Out(0)],
        &mut out,
    )
    .unwrap();
    assert_eq!(out.bools(), [true, true, false]);
    run(
        "aten::gt.Tensor_out",
        vec![tf(&[3], &[0.5, 1.0, 1.5]), ti(&[1], &[1]), Arg::Out(0)],
        &mut out,
    )
    .unwrap();
    assert_eq!(out.bools(), [false, false, true]);
    run("aten::logical_not.out", vec![tb(&[3], &[1, 0, 1]), Arg::Out(0)], &mut out).unwrap();
    assert_eq!(out.bools(), [false, true, false]);
    run("aten::logical_and.out", vec![tb(&[3], &[1, 0, 1]), tb(&[], &[1]), Arg::Out(0)], &mut out)
        .unwrap();
    assert_eq!(out.bools(), [true, false, true]);
    let mut out = Out::new(ScalarType::Float, &[2, 2]);
    run(
        "aten::where.self_out",
        vec![tb(&[2, 1], &[1, 0]), tf(&[2], &[1., 2.]), tf(&[], &[-1.]), Arg::Out(0)],
        &mut out,
    )
    .unwrap();
    close(&out.f32s(), &[1., 2., -1., -1.]);
}

#[test]
fn unary_float_ops() {
    let x = [-1f32, 0., 0.5, 2.];
    let mut out = Out::new(ScalarType::Float, &[4]);
    run("aten::sigmoid.out", vec![tf(&[4], &x), Arg::Out(0)], &mut out).unwrap();
    close(&out.f32s(), &x.map(|v| 1. / (1. + (-v).exp())));
    run(
        "aten::rsqrt.out",
        vec![tf(&[2], &[4., 0.25]), Arg::Out(0)],
        &mut Out::new(ScalarType::Float, &[2]),
    )
    .unwrap();
    run("aten::round.out", vec![tf(&[4], &[0.5, 1.5, 2.5, -0.5]), Arg::Out(0)], &mut out).unwrap();
    close(&out.f32s(), &[0., 2., 2., -0.]);
    run("aten::neg.out", vec![tf(&[4], &x), Arg::Out(0)], &mut out).unwrap();
    close(&out.f32s(), &[1., 0., -0.5, -2.]);
    // exp of an int tensor gives floats.
    run("aten::exp.out", vec![ti(&[4], &[0, 1, 2, -1]), Arg::Out(0)], &mut out).unwrap();
    close(&out.f32s(), &[1., 1f32.exp(), 2f32.exp(), (-1f32).exp()]);
    let mut out = Out::new(ScalarType::Long, &[2]);
    run("aten::abs.out", vec![ti(&[2], &[-3, 4]), Arg::Out(0)], &mut out).unwrap();
    assert_eq!(out.i64s(), [3, 4]);
}

#[test]
fn activations() {
    let x = [-2f32, -0.5, 0., f32::NAN, 1., 7.];
    let mut out = Out::new(ScalarType::Float, &[6]);
    run("aten::relu.out", vec![tf(&[6], &x), Arg::Out(0)], &mut out).unwrap();
    let r = out.f32s();
    assert!(r[3].is_nan());
    assert_eq!([r[0], r[1], r[2], r[4], r[5]], [0., 0., 0., 1., 7.]);
    run("aten::hardtanh.out", vec![tf(&[6], &x), Arg::Int(0), Arg::Int(6), Arg::Out(0)], &mut out)
        .unwrap();
    let r = out.f32s();
    assert_eq!([r[0], r[4], r[5]], [0., 1., 6.]);
    run("aten::clamp.out", vec![tf(&[6], &x), Arg::None, Arg::Double(0.5), Arg::Out(0)], &mut out)
        .unwrap();
    let r = out.f32s();
    assert_eq!([r[0], r[1], r[5]], [-2., -0.5, 0.5]);
    let y = [-2f32, -0.5, 0., 1., 3.];
    let mut out = Out::new(ScalarType::Float, &[5]);
    run("aten::gelu.out", vec![tf(&[5], &y), Arg::Str("none"), Arg::Out(0)], &mut out).unwrap();
    let erf_ref = [-0.995322265f64, -0.520499878, 0.0, 0.842700793, 0.999977910];
    // erf(x / sqrt 2) for the inputs above.
    let expect: Vec<f32> = y
        .iter()
        .map(|&v| {
            let e = match v {
                -2.0 => -0.9544997361,
                -0.5 => -0.3829249225,
                0.0 => 0.0,
                1.0 => 0.6826894921,
                _ => 0.9973002039,
            };
            (0.5 * v as f64 * (1.0 + e)) as f32
        })
        .collect();
    let _ = erf_ref;
    close(&out.f32s(), &expect);
    run("aten::gelu.out", vec![tf(&[5], &y), Arg::Str("tanh"), Arg::Out(0)], &mut out).unwrap();
    let expect: Vec<f32> = y
        .iter()
        .map(|&v| {
            0.5 * v
                * (1. + ((2f32 / std::f32::consts::PI).sqrt() * (v + 0.044715 * v * v * v)).tanh())
        })
        .collect();
    close(&out.f32s(), &expect);
    run("aten::leaky_relu.out", vec![tf(&[5], &y), Arg::Double(0.1), Arg::Out(0)], &mut out)
        .unwrap();
    close(&out.f32s(), &[-0.2, -0.05, 0., 1., 3.]);
    let mut out = Out::new(ScalarType::Float, &[2, 1]);
    run(
        "aten::glu.out",
        vec![tf(&[2, 2], &[1., 0., 2., 100.]), Arg::Int(-1), Arg::Out(0)],
        &mut out,
    )
    .unwrap();
    close(&out.f32s(), &[0.5, 2.]);
}

#[test]
fn softmax_and_log_softmax() {
    let x = [1f32, 2., 3., 4., 1000., 1000.];
    let mut out = Out::new(ScalarType::Float, &[3, 2]);
    run(
        "aten::_softmax.out",
        vec![tf(&[3, 2], &x), Arg::Int(-1), Arg::Bool(false), Arg::Out(0)],
        &mut out,
    )
    .unwrap();
    let e = 1. / (1. + 1f32.exp());
    close(&out.f32s(), &[e, 1. - e, e, 1. - e, 0.5, 0.5]);
    run(
        "aten::_softmax.out",
        vec![tf(&[3, 2], &x), Arg::Int(0), Arg::Bool(false), Arg::Out(0)],
        &mut out,
    )
    .unwrap();
    let r = out.f32s();
    assert!((r[0] + r[2] + r[4] - 1.).abs() < 1e-6);
    run(
        "aten::_log_softmax.out",
        vec![tf(&[3, 2], &x), Arg::Int(1), Arg::Bool(false), Arg::Out(0)],
        &mut out,
    )
    .unwrap();
    close(&out.f32s(), &[e.ln(), (1. - e).ln(), e.ln(), (1. - e).ln(), 0.5f32.ln(), 0.5f32.ln()]);
    let err = run(
        "aten::_softmax.out",
        vec![tf(&[3, 2], &x), Arg::Int(2), Arg::Bool(false), Arg::Out(0)],
        &mut out,
    );
    assert!(matches!(err, Err(Error::InvalidArgument { .. })));
}

#[test]
fn reductions() {
    let x = [1f32, 2., 3., 4., 5., 6.];
    let mut out = Out::new(ScalarType::Float, &[2, 1]);
    run(
        "aten::mean.out",
        vec![tf(&[2, 3], &x), Arg::IntList(vec![-1]), Arg::Bool(true), Arg::None, Arg::Out(0)],
        &mut out,
    )
    .unwrap();
    close(&out.f32s(), &[2., 5.]);
    let mut out = Out::new(ScalarType::Float, &[]);
    run("aten::mean.dtype_out", vec![tf(&[2, 3], &x), Arg::None, Arg::Out(0)], &mut out).unwrap();
    close(&out.f32s(), &[3.5]);
    let mut out = Out::new(ScalarType::Long, &[3]);
    run(
        "aten::sum.IntList_out",
        vec![
            ti(&[2, 3], &[1, 2, 3, 4, 5, 6]),
            Arg::IntList(vec![0]),
            Arg::Bool(false),
            Arg::None,
            Arg::Out(0),
        ],
        &mut out,
    )
    .unwrap();
    assert_eq!(out.i64s(), [5, 7, 9]);
    let mut out = Out::new(ScalarType::Float, &[2]);
    run(
        "aten::amax.out",
        vec![tf(&[2, 3], &x), Arg::IntList(vec![1]), Arg::Bool(false), Arg::Out(0)],
        &mut out,
    )
    .unwrap();
    close(&out.f32s(), &[3., 6.]);
    let mut out = Out::new(ScalarType::Long, &[]);
    run(
        "aten::argmax.out",
        vec![tf(&[2, 3], &[1., 9., 3., 9., 5., 6.]), Arg::None, Arg::Bool(false), Arg::Out(0)],
        &mut out,
    )
    .unwrap();
    assert_eq!(out.i64s(), [1]);
    let mut outs = [Out::new(ScalarType::Float, &[2]), Out::new(ScalarType::Long, &[2])];
    run_multi(
        "aten::max.dim_max",
        vec![
            tf(&[2, 3], &[1., 9., 3., 4., 5., 6.]),
            Arg::Int(1),
            Arg::Bool(false),
            Arg::Out(0),
            Arg::Out(1),
        ],
        &mut outs,
    )
    .unwrap();
    close(&outs[0].f32s(), &[9., 6.]);
    assert_eq!(outs[1].i64s(), [1, 2]);
    let mut out = Out::new(ScalarType::Bool, &[2]);
    run(
        "aten::any.out",
        vec![tb(&[2, 2], &[0, 0, 0, 1]), Arg::Int(1), Arg::Bool(false), Arg::Out(0)],
        &mut out,
    )
    .unwrap();
    assert_eq!(out.bools(), [false, true]);
    let mut out = Out::new(ScalarType::Float, &[2, 3]);
    run("aten::cumsum.out", vec![tf(&[2, 3], &x), Arg::Int(1), Arg::None, Arg::Out(0)], &mut out)
        .unwrap();
    close(&out.f32s(), &[1., 3., 6., 4., 9., 15.]);
    let mut out = Out::new(ScalarType::Float, &[2]);
    run(
        "aten::var.correction_out",
        vec![tf(&[2, 3], &x), Arg::IntList(vec![1]), Arg::Int(1), Arg::Bool(false), Arg::Out(0)],
        &mut out,
    )
    .unwrap();
    close(&out.f32s(), &[1., 1.]);
}

#[test]
fn shape_ops() {
    let x: Vec<f32> = (0..6).map(|v| v as f32).collect();
    let mut out = Out::new(ScalarType::Float, &[3, 2]);
    run(
        "aten::permute_copy.out",
        vec![tf(&[2, 3], &x), Arg::IntList(vec![1, 0]), Arg::Out(0)],
        &mut out,
    )
    .unwrap();
    close(&out.f32s(), &[0., 3., 1., 4., 2., 5.]);
    run(
        "aten::view_copy.out",
        vec![tf(&[2, 3], &x), Arg::IntList(vec![-1, 2]), Arg::Out(0)],
        &mut out,
    )
    .unwrap();
    close(&out.f32s(), &x);
    let mut out = Out::new(ScalarType::Float, &[2, 2, 3]);
    run(
        "aten::expand_copy.out",
        vec![tf(&[2, 1, 3], &x[..6]), Arg::IntList(vec![-1, 2, -1]), Arg::Bool(false), Arg::Out(0)],
        &mut out,
    )
    .unwrap();
    close(&out.f32s(), &[0., 1., 2., 0., 1., 2., 3., 4., 5., 3., 4., 5.]);
    let mut out = Out::new(ScalarType::Float, &[2, 2]);
    run(
        "aten::slice_copy.Tensor_out",
        vec![tf(&[2, 3], &x), Arg::Int(1), Arg::Int(-2), Arg::None, Arg::Int(1), Arg::Out(0)],
        &mut out,
    )
    .unwrap();
    close(&out.f32s(), &[1., 2., 4., 5.]);
    let mut out = Out::new(ScalarType::Float, &[2]);
    run(
        "aten::select_copy.int_out",
        vec![tf(&[2, 3], &x), Arg::Int(1), Arg::Int(-1), Arg::Out(0)],
        &mut out,
    )
    .unwrap();
    close(&out.f32s(), &[2., 5.]);
    // cat skips empty 1-D tensors.
    let mut out = Out::new(ScalarType::Float, &[2, 4]);
    let a = [9f32, 8.];
    let list = vec![
        TensorRef { dtype: ScalarType::Float, sizes: &[2, 3], data: bytemuck::cast_slice(&x) },
        TensorRef { dtype: ScalarType::Float, sizes: &[0], data: &[] },
        TensorRef { dtype: ScalarType::Float, sizes: &[2, 1], data: bytemuck::cast_slice(&a) },
    ];
    run("aten::cat.out", vec![Arg::TensorList(list), Arg::Int(-1), Arg::Out(0)], &mut out).unwrap();
    close(&out.f32s(), &[0., 1., 2., 9., 3., 4., 5., 8.]);
    let mut outs = [Out::new(ScalarType::Float, &[2, 1]), Out::new(ScalarType::Float, &[2, 2])];
    run_multi(
        "aten::split_with_sizes_copy.out",
        vec![tf(&[2, 3], &x), Arg::IntList(vec![1, 2]), Arg::Int(1), Arg::OutList(vec![0, 1])],
        &mut outs,
    )
    .unwrap();
    close(&outs[0].f32s(), &[0., 3.]);
    close(&outs[1].f32s(), &[1., 2., 4., 5.]);
    let mut out = Out::new(ScalarType::Float, &[2, 3]);
    run(
        "aten::constant_pad_nd.out",
        vec![tf(&[2, 3], &x), Arg::IntList(vec![-1, 1]), Arg::Double(7.), Arg::Out(0)],
        &mut out,
    )
    .unwrap();
    close(&out.f32s(), &[1., 2., 7., 4., 5., 7.]);
    run("aten::flip.out", vec![tf(&[2, 3], &x), Arg::IntList(vec![0, 1]), Arg::Out(0)], &mut out)
        .unwrap();
    close(&out.f32s(), &[5., 4., 3., 2., 1., 0.]);
    run(
        "aten::roll.out",
        vec![tf(&[2, 3], &x), Arg::IntList(vec![1]), Arg::IntList(vec![1]), Arg::Out(0)],
        &mut out,
    )
    .unwrap();
    close(&out.f32s(), &[2., 0., 1., 5., 3., 4.]);
    let mut out = Out::new(ScalarType::Float, &[2, 6]);
    run(
        "aten::repeat.out",
        vec![tf(&[3], &x[..3]), Arg::IntList(vec![2, 2]), Arg::Out(0)],
        &mut out,
    )
    .unwrap();
    close(&out.f32s(), &[0., 1., 2., 0., 1., 2., 0., 1., 2., 0., 1., 2.]);
    let mut out = Out::new(ScalarType::Float, &[1, 1, 2, 2]);
    run(
        "aten::pixel_shuffle.out",
        vec![tf(&[1, 4, 1, 1], &x[..4]), Arg::Int(2), Arg::Out(0)],
        &mut out,
    )
    .unwrap();
    close(&out.f32s(), &[0., 1., 2., 3.]);
    let mut out = Out::new(ScalarType::Float, &[2, 1, 3]);
    run("aten::unsqueeze_copy.out", vec![tf(&[2, 3], &x), Arg::Int(-2), Arg::Out(0)], &mut out)
        .unwrap();
    let mut out = Out::new(ScalarType::Float, &[2, 3]);
    run(
        "aten::squeeze_copy.dims_out",
        vec![tf(&[2, 1, 3], &x), Arg::IntList(vec![1, 0]), Arg::Out(0)],
        &mut out,
    )
    .unwrap();
    close(&out.f32s(), &x);
}

#[test]
fn conversions_and_copy() {
    let x = [1.5f32, -2.25, 0.];
    let mut h = Out::new(ScalarType::Half, &[3]);
    run(
        "dim_order_ops::_to_dim_order_copy.out",
        vec![tf(&[3], &x), Arg::Bool(false), Arg::None, Arg::Out(0)],
        &mut h,
    )
    .unwrap();
    let hb = h.bytes().to_vec();
    let mut back = Out::new(ScalarType::Float, &[3]);
    run(
        "dim_order_ops::_to_dim_order_copy.out",
        vec![t(ScalarType::Half, &[3], &hb), Arg::Bool(false), Arg::IntList(vec![0]), Arg::Out(0)],
        &mut back,
    )
    .unwrap();
    close(&back.f32s(), &x);
    let mut b = Out::new(ScalarType::Bool, &[3]);
    run(
        "dim_order_ops::_to_dim_order_copy.out",
        vec![tf(&[3], &x), Arg::Bool(false), Arg::None, Arg::Out(0)],
        &mut b,
    )
    .unwrap();
    assert_eq!(b.bools(), [true, true, false]);
    let mut i = Out::new(ScalarType::Long, &[3]);
    run("aten::_to_copy.out", vec![tf(&[3], &x), Arg::Bool(false), Arg::None, Arg::Out(0)], &mut i)
        .unwrap();
    assert_eq!(i.i64s(), [1, -2, 0]);
    let err = run(
        "dim_order_ops::_to_dim_order_copy.out",
        vec![tf(&[1, 3], &x), Arg::Bool(false), Arg::IntList(vec![1, 0]), Arg::Out(0)],
        &mut Out::new(ScalarType::Float, &[1, 3]),
    );
    assert!(matches!(err, Err(Error::NotSupported { .. })));
    let mut dst = Out::new(ScalarType::Float, &[2, 3]);
    run("aten::copy_", vec![Arg::Out(0), ti(&[3], &[1, 2, 3]), Arg::Bool(false)], &mut dst)
        .unwrap();
    close(&dst.f32s(), &[1., 2., 3., 1., 2., 3.]);
}

#[test]
fn indexing() {
    let w: Vec<f32> = (0..6).map(|v| v as f32).collect();
    let mut out = Out::new(ScalarType::Float, &[2, 2, 2]);
    run(
        "aten::embedding.out",
        vec![
            tf(&[3, 2], &w),
            ti(&[2, 2], &[2, 0, 1, 2]),
            Arg::Int(-1),
            Arg::Bool(false),
            Arg::Bool(false),
            Arg::Out(0),
        ],
        &mut out,
    )
    .unwrap();
    close(&out.f32s(), &[4., 5., 0., 1., 2., 3., 4., 5.]);
    let err = run(
        "aten::embedding.out",
        vec![
            tf(&[3, 2], &w),
            ti(&[2, 2], &[3, 0, 1, 2]),
            Arg::Int(-1),
            Arg::Bool(false),
            Arg::Bool(false),
            Arg::Out(0),
        ],
        &mut out,
    );
    assert!(matches!(err, Err(Error::InvalidArgument { .. })));
    // x[:, [2, 0]] on a [2, 3] tensor.
    let idx = [2i64, 0];
    let list = vec![
        None,
        Some(TensorRef { dtype: ScalarType::Long, sizes: &[2], data: bytemuck::cast_slice(&idx) }),
    ];
    let mut out = Out::new(ScalarType::Float, &[2, 2]);
    run(
        "aten::index.Tensor_out",
        vec![tf(&[2, 3], &w), Arg::OptionalTensorList(list), Arg::Out(0)],
        &mut out,
    )
    .unwrap();
    close(&out.f32s(), &[2., 0., 5., 3.]);
    // x[[1, 0], [-1, 0]]
    let (i0, i1) = ([1i64, 0], [-1i64, 0]);
    let list = vec![
        Some(TensorRef { dtype: ScalarType::Long, sizes: &[2], data: bytemuck::cast_slice(&i0) }),
        Some(TensorRef { dtype: ScalarType::Long, sizes: &[2], data: bytemuck::cast_slice(&i1) }),
    ];
    let mut out = Out::new(ScalarType::Float, &[2]);
    run(
        "aten::index.Tensor_out",
        vec![tf(&[2, 3], &w), Arg::OptionalTensorList(list), Arg::Out(0)],
        &mut out,
    )
    .unwrap();
    close(&out.f32s(), &[5., 0.]);
    let mut out = Out::new(ScalarType::Float, &[2, 1]);
    run(
        "aten::gather.out",
        vec![tf(&[2, 3], &w), Arg::Int(1), ti(&[2, 1], &[2, 1]), Arg::Bool(false), Arg::Out(0)],
        &mut out,
    )
    .unwrap();
    close(&out.f32s(), &[2., 4.]);
    let mut out = Out::new(ScalarType::Float, &[2, 3]);
    run(
        "aten::masked_fill.Scalar_out",
        vec![tf(&[2, 3], &w), tb(&[3], &[1, 0, 0]), Arg::Double(-1.), Arg::Out(0)],
        &mut out,
    )
    .unwrap();
    close(&out.f32s(), &[-1., 1., 2., -1., 4., 5.]);
    let mut out = Out::new(ScalarType::Float, &[2, 2]);
    run(
        "aten::index_select.out",
        vec![tf(&[2, 3], &w), Arg::Int(1), ti(&[2], &[2, 2]), Arg::Out(0)],
        &mut out,
    )
    .unwrap();
    close(&out.f32s(), &[2., 2., 5., 5.]);
}

#[test]
fn factories() {
    let mut out = Out::new(ScalarType::Long, &[4]);
    run(
        "aten::arange.start_out",
        vec![Arg::Int(1), Arg::Int(9), Arg::Int(2), Arg::Out(0)],
        &mut out,
    )
    .unwrap();
    assert_eq!(out.i64s(), [1, 3, 5, 7]);
    let mut out = Out::dynamic(ScalarType::Float, &[10]);
    run("aten::arange.out", vec![Arg::Double(2.5), Arg::Out(0)], &mut out).unwrap();
    assert_eq!(out.sizes(), [3]);
    close(&out.f32s(), &[0., 1., 2.]);
    let mut out = Out::new(ScalarType::Bool, &[2, 2]);
    run("aten::full.out", vec![Arg::IntList(vec![2, 2]), Arg::Bool(true), Arg::Out(0)], &mut out)
        .unwrap();
    assert_eq!(out.bools(), [true; 4]);
    let mut out = Out::new(ScalarType::Float, &[]);
    run("aten::scalar_tensor.out", vec![Arg::Double(-3.5), Arg::Out(0)], &mut out).unwrap();
    close(&out.f32s(), &[-3.5]);
    let mut out = Out::new(ScalarType::Float, &[2, 2]);
    run("aten::tril.out", vec![tf(&[2, 2], &[1., 2., 3., 4.]), Arg::Int(0), Arg::Out(0)], &mut out)
        .unwrap();
    close(&out.f32s(), &[1., 0., 3., 4.]);
    let mut outs = [Out::new(ScalarType::Float, &[2]), Out::new(ScalarType::Long, &[2])];
    run_multi(
        "aten::topk.values",
        vec![
            tf(&[4], &[1., 5., 3., 4.]),
            Arg::Int(2),
            Arg::Int(-1),
            Arg::Bool(true),
            Arg::Bool(true),
            Arg::Out(0),
            Arg::Out(1),
        ],
        &mut outs,
    )
    .unwrap();
    close(&outs[0].f32s(), &[5., 4.]);
    assert_eq!(outs[1].i64s(), [1, 3]);
}

#[test]
fn prim_ops() {
    let x = [0f32; 6];
    let s = run_multi("aten::sym_size.int", vec![tf(&[2, 3], &x), Arg::Int(-1)], &mut []).unwrap();
    assert_eq!(s, Some(Scalar::Int(3)));
    let s = run_multi("aten::sym_numel", vec![tf(&[2, 3], &x)], &mut []).unwrap();
    assert_eq!(s, Some(Scalar::Int(6)));
    let s = run_multi("aten::_local_scalar_dense", vec![ti(&[1], &[42])], &mut []).unwrap();
    assert_eq!(s, Some(Scalar::Int(42)));
    let s = run_multi("executorch_prim::floordiv.Scalar", vec![Arg::Int(-7), Arg::Int(2)], &mut [])
        .unwrap();
    assert_eq!(s, Some(Scalar::Int(-4)));
    let s =
        run_multi("executorch_prim::mod.int", vec![Arg::Int(-7), Arg::Int(3)], &mut []).unwrap();
    assert_eq!(s, Some(Scalar::Int(2)));
    let s = run_multi("executorch_prim::add.Scalar", vec![Arg::Int(1), Arg::Double(0.5)], &mut [])
        .unwrap();
    assert_eq!(s, Some(Scalar::Double(1.5)));
    let s = run_multi("executorch_prim::truediv.Scalar", vec![Arg::Int(1), Arg::Int(4)], &mut [])
        .unwrap();
    assert_eq!(s, Some(Scalar::Double(0.25)));
    let s = run_multi("executorch_prim::lt.Scalar", vec![Arg::Int(1), Arg::Double(1.5)], &mut [])
        .unwrap();
    assert_eq!(s, Some(Scalar::Bool(true)));
    assert!(run_multi("executorch_prim::floordiv.int", vec![Arg::Int(1), Arg::Int(0)], &mut [])
        .is_err());
}

#[test]
fn errors_and_resizing() {
    let x = [1f32, 2., 3.];
    // Static output of another size.
    let mut out = Out::new(ScalarType::Float, &[4]);
    let err = run("aten::exp.out", vec![tf(&[3], &x), Arg::Out(0)], &mut out);
    assert!(matches!(err, Err(Error::Resize { .. })));
    // Dynamic output shrinks.
    let mut out = Out::dynamic(ScalarType::Float, &[4]);
    run("aten::exp.out", vec![tf(&[3], &x), Arg::Out(0)], &mut out).unwrap();
    assert_eq!(out.sizes(), [3]);
    // Bad dimension.
    let mut out = Out::new(ScalarType::Float, &[3]);
    let err =
        run("aten::cumsum.out", vec![tf(&[3], &x), Arg::Int(1), Arg::None, Arg::Out(0)], &mut out);
    assert!(matches!(err, Err(Error::InvalidArgument { .. })));
    // Unsupported dtype.
    let err = run(
        "aten::sigmoid.out",
        vec![t(ScalarType::ComplexFloat, &[3], &[0; 24]), Arg::Out(0)],
        &mut out,
    );
    assert!(matches!(err, Err(Error::UnsupportedDtype { .. })));
    let err = run(
        "aten::_softmax.out",
        vec![ti(&[3], &[1, 2, 3]), Arg::Int(0), Arg::Bool(false), Arg::Out(0)],
        &mut out,
    );
    assert!(matches!(err, Err(Error::UnsupportedDtype { .. })));
    // Shapes that do not broadcast.
    let mut out = Out::new(ScalarType::Float, &[3]);
    let err = run(
        "aten::add.out",
        vec![tf(&[3], &x), tf(&[2], &x[..2]), Arg::Int(1), Arg::Out(0)],
        &mut out,
    );
    assert!(matches!(err, Err(Error::ShapeMismatch { .. })));
    // Wrong argument count.
    let err = run("aten::add.out", vec![tf(&[3], &x), Arg::Out(0)], &mut out);
    assert!(matches!(err, Err(Error::ArgumentCount { .. })));
    // Empty tensors.
    let mut out = Out::new(ScalarType::Float, &[0, 2]);
    run(
        "aten::add.out",
        vec![tf(&[0, 2], &[]), tf(&[2], &x[..2]), Arg::Int(1), Arg::Out(0)],
        &mut out,
    )
    .unwrap();
    let mut out = Out::new(ScalarType::Float, &[2]);
    run(
        "aten::sum.IntList_out",
        vec![tf(&[0, 2], &[]), Arg::IntList(vec![0]), Arg::Bool(false), Arg::None, Arg::Out(0)],
        &mut out,
    )
    .unwrap();
    close(&out.f32s(), &[0., 0.]);
    // Slice bounds out of range clamp.
    let mut out = Out::new(ScalarType::Float, &[0]);
    run(
        "aten::slice_copy.Tensor_out",
        vec![tf(&[3], &x), Arg::Int(0), Arg::Int(10), Arg::Int(20), Arg::Int(1), Arg::Out(0)],
        &mut out,
    )
    .unwrap();
    let err = run(
        "aten::slice_copy.Tensor_out",
        vec![tf(&[3], &x), Arg::Int(0), Arg::None, Arg::None, Arg::Int(0), Arg::Out(0)],
        &mut out,
    );
    assert!(matches!(err, Err(Error::InvalidArgument { .. })));
}

#[test]
fn registered_names() {
    let registry = Registry::portable();
    let names = [
        "aten::add.out",
        "aten::sub.out",
        "aten::mul.out",
        "aten::div.out",
        "aten::div.out_mode",
        "aten::add.Scalar_out",
        "aten::sub.Scalar_out",
        "aten::mul.Scalar_out",
        "aten::div.Scalar_out",
        "aten::rsub.Scalar_out",
        "aten::pow.Tensor_Scalar_out",
        "aten::pow.Tensor_Tensor_out",
        "aten::maximum.out",
        "aten::minimum.out",
        "aten::remainder.Scalar_out",
        "aten::fmod.Scalar_out",
        "aten::where.self_out",
        "aten::eq.Scalar_out",
        "aten::ne.Scalar_out",
        "aten::lt.Scalar_out",
        "aten::le.Scalar_out",
        "aten::gt.Scalar_out",
        "aten::ge.Scalar_out",
        "aten::eq.Tensor_out",
        "aten::ne.Tensor_out",
        "aten::lt.Tensor_out",
        "aten::le.Tensor_out",
        "aten::gt.Tensor_out",
        "aten::ge.Tensor_out",
        "aten::logical_and.out",
        "aten::logical_or.out",
        "aten::logical_xor.out",
        "aten::logical_not.out",
        "aten::bitwise_not.out",
        "aten::bitwise_and.Tensor_out",
        "aten::neg.out",
        "aten::abs.out",
        "aten::exp.out",
        "aten::log.out",
        "aten::sqrt.out",
        "aten::rsqrt.out",
        "aten::sin.out",
        "aten::cos.out",
        "aten::reciprocal.out",
        "aten::sigmoid.out",
        "aten::tanh.out",
        "aten::erf.out",
        "aten::floor.out",
        "aten::ceil.out",
        "aten::round.out",
        "aten::sign.out",
        "aten::relu.out",
        "aten::hardtanh.out",
        "aten::clamp.out",
        "aten::clamp.Tensor_out",
        "aten::leaky_relu.out",
        "aten::gelu.out",
        "aten::silu.out",
        "aten::hardswish.out",
        "aten::hardsigmoid.out",
        "aten::elu.out",
        "aten::glu.out",
        "aten::softplus.out",
        "aten::_softmax.out",
        "aten::_log_softmax.out",
        "aten::mean.out",
        "aten::mean.dtype_out",
        "aten::sum.IntList_out",
        "aten::amax.out",
        "aten::amin.out",
        "aten::argmax.out",
        "aten::argmin.out",
        "aten::max.dim_max",
        "aten::min.dim_min",
        "aten::any.out",
        "aten::any.all_out",
        "aten::any.dims_out",
        "aten::all.all_out",
        "aten::cumsum.out",
        "aten::var.correction_out",
        "aten::prod.int_out",
        "aten::view_copy.out",
        "aten::permute_copy.out",
        "aten::transpose_copy.int_out",
        "aten::t_copy.out",
        "aten::expand_copy.out",
        "aten::unsqueeze_copy.out",
        "aten::squeeze_copy.dims_out",
        "aten::squeeze_copy.dim_out",
        "aten::squeeze_copy.out",
        "aten::select_copy.int_out",
        "aten::slice_copy.Tensor_out",
        "aten::cat.out",
        "aten::stack.out",
        "aten::split_with_sizes_copy.out",
        "aten::split_copy.Tensor_out",
        "aten::unbind_copy.int_out",
        "aten::constant_pad_nd.out",
        "aten::pixel_shuffle.out",
        "aten::pixel_unshuffle.out",
        "aten::repeat.out",
        "aten::flip.out",
        "aten::roll.out",
        "dim_order_ops::_clone_dim_order.out",
        "dim_order_ops::_to_dim_order_copy.out",
        "aten::clone.out",
        "aten::_to_copy.out",
        "aten::copy_",
        "aten::embedding.out",
        "aten::index_select.out",
        "aten::index.Tensor_out",
        "aten::gather.out",
        "aten::index_put.out",
        "aten::masked_fill.Scalar_out",
        "aten::full.out",
        "aten::full_like.out",
        "aten::scalar_tensor.out",
        "aten::arange.out",
        "aten::arange.start_out",
        "aten::zeros.out",
        "aten::ones.out",
        "aten::fill.Scalar_out",
        "aten::tril.out",
        "aten::triu.out",
        "aten::topk.values",
        "aten::sort.values",
        "aten::sym_size.int",
        "aten::sym_numel",
        "aten::_local_scalar_dense",
        "executorch_prim::add.Scalar",
        "executorch_prim::sub.Scalar",
        "executorch_prim::mul.Scalar",
        "executorch_prim::floordiv.Scalar",
        "executorch_prim::truediv.Scalar",
        "executorch_prim::mod.Scalar",
        "executorch_prim::eq.Scalar",
        "executorch_prim::gt.Scalar",
        "executorch_prim::lt.Scalar",
        "executorch_prim::ge.Scalar",
        "executorch_prim::le.Scalar",
        "executorch_prim::neg.Scalar",
        "executorch_prim::sym_float.Scalar",
        "executorch_prim::sym_int.Scalar",
        "executorch_prim::sym_max.Scalar",
        "executorch_prim::sym_min.Scalar",
        "executorch_prim::sym_not.Scalar",
        "executorch_prim::ceil.Scalar",
        "executorch_prim::round.Scalar",
        "executorch_prim::trunc.Scalar",
        "executorch_prim::floordiv.int",
        "executorch_prim::mod.int",
    ];
    for name in names {
        assert!(registry.get(name).is_some(), "{name} missing");
    }
}
