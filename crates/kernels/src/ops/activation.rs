//! Kernels: activations (elementwise functions of one tensor with a fixed formula), clamps,
//! and softmax / log-softmax.

use pterun_core::ScalarType;

use crate::args::{KernelCall, Scalar, Signature};
use crate::dtype::{
    can_cast, is_float, kind_of, promote, with_compute, Compute, ComputeFloat, ComputeKind,
};
use crate::engine::elementwise::unary;
use crate::error::{Error, Result};
use crate::ops::math::float_map;
use crate::registry::KernelDef;
use crate::tensor::{TensorMut, TensorRef};
use crate::util::{
    broadcast_shapes, for_each_broadcast, max_override, min_override, normalize_dim, one_out,
    promote_with_scalar, read_vec, write_vec,
};

/// This family's kernels, by operator name.
pub(super) const KERNELS: &[KernelDef] = &[
    ("aten::relu.out", relu),
    ("aten::hardtanh.out", hardtanh),
    ("aten::clamp.out", clamp),
    ("aten::clamp.Tensor_out", clamp_tensor),
    ("aten::leaky_relu.out", leaky_relu),
    ("aten::gelu.out", gelu),
    ("aten::silu.out", silu),
    ("aten::hardswish.out", hardswish),
    ("aten::hardsigmoid.out", hardsigmoid),
    ("aten::elu.out", elu),
    ("aten::glu.out", glu),
    ("aten::softplus.out", softplus),
    ("aten::_softmax.out", softmax),
    ("aten::_log_softmax.out", log_softmax),
];

/// `aten::<name>.out(Tensor self, *, Tensor(a!) out)`: relu, silu, hardswish, hardsigmoid.
const UNARY: Signature = &["self", "out"];

/// `aten::hardtanh.out(Tensor self, Scalar min_val=-1, Scalar max_val=1, *, Tensor(a!) out)`.
const HARDTANH: Signature = &["self", "min_val", "max_val", "out"];

/// `aten::clamp.out(Tensor self, Scalar? min=None, Scalar? max=None, *, Tensor(a!) out)` and
/// `aten::clamp.Tensor_out(Tensor self, Tensor? min=None, Tensor? max=None, *, Tensor(a!) out)`.
const CLAMP: Signature = &["self", "min", "max", "out"];

/// `aten::leaky_relu.out(Tensor self, Scalar negative_slope=0.01, *, Tensor(a!) out)`.
const LEAKY_RELU: Signature = &["self", "negative_slope", "out"];

/// `aten::gelu.out(Tensor self, *, str approximate="none", Tensor(a!) out)`.
const GELU: Signature = &["self", "approximate", "out"];

/// `aten::elu.out(Tensor self, Scalar alpha=1, Scalar scale=1, Scalar input_scale=1, *,
/// Tensor(a!) out)`.
const ELU: Signature = &["self", "alpha", "scale", "input_scale", "out"];

/// `aten::softplus.out(Tensor self, Scalar beta=1, Scalar threshold=20, *, Tensor(a!) out)`.
const SOFTPLUS: Signature = &["self", "beta", "threshold", "out"];

/// `aten::glu.out(Tensor self, int dim=-1, *, Tensor(a!) out)`.
const GLU: Signature = &["self", "dim", "out"];

/// `aten::_softmax.out(Tensor self, int dim, bool half_to_float, *, Tensor(a!) out)` and
/// `_log_softmax.out`.
const SOFTMAX: Signature = &["self", "dim", "half_to_float", "out"];

/// `aten::relu.out(Tensor self, *, Tensor(a!) out)`: NaN passes through.
fn relu(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(UNARY)?;
    let input = args.tensor("self")?;
    let out = one_out(op, outs)?;
    let kind = kind_of(op, input.dtype)?;
    if kind == ComputeKind::Bool || !can_cast(input.dtype, out.dtype) {
        return Err(Error::UnsupportedDtype { op, dtype: input.dtype });
    }
    if input.dtype == ScalarType::Float && out.dtype == ScalarType::Float {
        out.resize(input.sizes)?;
        let x = input.as_slice::<f32>(op)?;
        let y = out.as_mut_slice::<f32>(op)?;
        for (y, &x) in y.iter_mut().zip(x) {
            *y = if x.is_nan() || x >= 0.0 { x } else { 0.0 };
        }
        return Ok(());
    }
    with_compute!(kind, T => unary::<T, T>(op, &input, out, |x| if x.is_nan() || x >= T::zero() { x } else { T::zero() }))
}

/// Clamps with optional scalar bounds, in the common type of the input and the bounds.
fn clamp_scalars(
    op: &'static str,
    input: &TensorRef<'_>,
    outs: &mut [TensorMut<'_>],
    min: Option<Scalar>,
    max: Option<Scalar>,
) -> Result<()> {
    let out = one_out(op, outs)?;
    if min.is_none() && max.is_none() {
        return Err(Error::InvalidArgument {
            op,
            detail: "at least one of min and max must be given".into(),
        });
    }
    let mut common = input.dtype;
    for s in [min, max].into_iter().flatten() {
        common = promote_with_scalar(common, s);
    }
    let kind = kind_of(op, common)?;
    if kind == ComputeKind::Bool || !can_cast(common, out.dtype) {
        return Err(Error::UnsupportedDtype { op, dtype: common });
    }
    with_compute!(kind, T => {
        let lo = min.map(<T as Compute>::from_scalar);
        let hi = max.map(<T as Compute>::from_scalar);
        // With bounds that are not NaN, `max_override(x, lo)` is `x < lo ? lo : x` and
        // `min_override(v, hi)` is `hi < v ? hi : v` (a NaN `x` fails both comparisons and
        // passes through): branch-free selects the compiler vectorises.
        match (lo, hi) {
            (Some(lo), Some(hi)) if !lo.is_nan() && !hi.is_nan() => {
                return unary::<T, T>(op, input, out, |x| {
                    let v = if x < lo { lo } else { x };
                    if hi < v { hi } else { v }
                });
            }
            (Some(lo), None) if !lo.is_nan() => {
                return unary::<T, T>(op, input, out, |x| if x < lo { lo } else { x });
            }
            (None, Some(hi)) if !hi.is_nan() => {
                return unary::<T, T>(op, input, out, |x| if hi < x { hi } else { x });
            }
            _ => {}
        }
        unary::<T, T>(op, input, out, |x| {
            let mut v = x;
            if let Some(lo) = lo {
                v = max_override(v, lo);
            }
            if let Some(hi) = hi {
                v = min_override(v, hi);
            }
            v
        })
    })
}

/// `aten::hardtanh.out`.
fn hardtanh(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(HARDTANH)?;
    let (lo, hi) = (args.scalar("min_val")?, args.scalar("max_val")?);
    let input = args.tensor("self")?;
    let input_dtype = input.dtype;
    // hardtanh keeps the input's type: bounds are cast to it.
    let cast = |s: Scalar| {
        if is_float(input_dtype) {
            Scalar::Double(s.to_f64())
        } else {
            Scalar::Int(s.to_i64())
        }
    };
    clamp_scalars(op, &input, outs, Some(cast(lo)), Some(cast(hi)))
}

/// `aten::clamp.out`.
fn clamp(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(CLAMP)?;
    let (lo, hi) = (args.opt_scalar("min")?, args.opt_scalar("max")?);
    clamp_scalars(op, &args.tensor("self")?, outs, lo, hi)
}

/// `aten::clamp.Tensor_out`.
fn clamp_tensor(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(CLAMP)?;
    let input = args.tensor("self")?;
    let (lo, hi) = (args.opt_tensor("min")?, args.opt_tensor("max")?);
    let out = one_out(op, outs)?;
    if lo.is_none() && hi.is_none() {
        return Err(Error::InvalidArgument {
            op,
            detail: "at least one of min and max must be given".into(),
        });
    }
    let mut common = input.dtype;
    let mut shape = input.sizes.to_vec();
    for t in [lo, hi].iter().flatten() {
        common = promote(common, t.dtype);
        shape = broadcast_shapes(op, &shape, t.sizes)?;
    }
    let kind = kind_of(op, common)?;
    if kind == ComputeKind::Bool || !can_cast(common, out.dtype) {
        return Err(Error::UnsupportedDtype { op, dtype: common });
    }
    out.resize(&shape)?;
    let one: &[usize] = &[1];
    with_compute!(kind, T => {
        let xv = read_vec::<T>(op, &input)?;
        let lv = lo.map(|t| read_vec::<T>(op, &t)).transpose()?;
        let hv = hi.map(|t| read_vec::<T>(op, &t)).transpose()?;
        let ls = lo.map_or(one, |t| t.sizes);
        let hs = hi.map_or(one, |t| t.sizes);
        let mut vals = Vec::with_capacity(out.numel());
        for_each_broadcast(&shape, [input.sizes, ls, hs], |[i, j, k]| {
            let mut v = xv[i];
            if let Some(l) = &lv {
                v = max_override(v, l[j]);
            }
            if let Some(h) = &hv {
                v = min_override(v, h[k]);
            }
            vals.push(v);
        });
        write_vec(op, out, &vals)
    })
}

/// A float activation of a float `input`, its parameters read by the caller.
fn float_act(
    op: &'static str,
    input: TensorRef<'_>,
    outs: &mut [TensorMut<'_>],
    f32_: impl Fn(f32) -> f32,
    f64_: impl Fn(f64) -> f64,
) -> Result<()> {
    if !is_float(input.dtype) {
        return Err(Error::UnsupportedDtype { op, dtype: input.dtype });
    }
    float_map(op, &input, one_out(op, outs)?, f32_, f64_)
}

/// A parameterless float activation (`aten::<name>.out(Tensor self, *, Tensor(a!) out)`).
fn float_act_unary(
    call: &mut KernelCall<'_>,
    f32_: impl Fn(f32) -> f32,
    f64_: impl Fn(f64) -> f64,
) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(UNARY)?;
    float_act(op, args.tensor("self")?, outs, f32_, f64_)
}

/// `aten::leaky_relu.out`.
fn leaky_relu(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(LEAKY_RELU)?;
    let slope = args.scalar("negative_slope")?.to_f64();
    let s32 = slope as f32;
    float_act(
        op,
        args.tensor("self")?,
        outs,
        |x| if x > 0.0 { x } else { x * s32 },
        |x| if x > 0.0 { x } else { x * slope },
    )
}

/// `aten::gelu.out`.
fn gelu(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(GELU)?;
    match args.str("approximate")? {
        "none" => float_act(
            op,
            args.tensor("self")?,
            outs,
            |x| {
                (0.5 * x as f64 * (1.0 + libm::erf(x as f64 * std::f64::consts::FRAC_1_SQRT_2)))
                    as f32
            },
            |x| 0.5 * x * (1.0 + libm::erf(x * std::f64::consts::FRAC_1_SQRT_2)),
        ),
        "tanh" => float_act(
            op,
            args.tensor("self")?,
            outs,
            |x| {
                let beta =
                    (std::f64::consts::SQRT_2 * std::f64::consts::FRAC_2_SQRT_PI * 0.5) as f32;
                let kappa = 0.044715f32;
                let inner = beta * (x + kappa * x * x * x);
                (0.5 * x as f64 * (1.0 + inner.tanh() as f64)) as f32
            },
            |x| {
                let beta = std::f64::consts::SQRT_2 * std::f64::consts::FRAC_2_SQRT_PI * 0.5;
                let inner = beta * (x + 0.044715 * x * x * x);
                0.5 * x * (1.0 + inner.tanh())
            },
        ),
        other => {
            Err(Error::InvalidArgument { op, detail: format!("unknown approximation {other:?}") })
        }
    }
}

/// `aten::silu.out(Tensor self, *, Tensor(a!) out)`.
fn silu(call: &mut KernelCall<'_>) -> Result<()> {
    float_act_unary(call, |x| x * (1.0 / (1.0 + (-x).exp())), |x| x * (1.0 / (1.0 + (-x).exp())))
}

/// `aten::hardswish.out(Tensor self, *, Tensor(a!) out)`.
fn hardswish(call: &mut KernelCall<'_>) -> Result<()> {
    float_act_unary(
        call,
        |x| x * (x + 3.0).clamp(0.0, 6.0) / 6.0,
        |x| x * (x + 3.0).clamp(0.0, 6.0) / 6.0,
    )
}

/// `aten::hardsigmoid.out(Tensor self, *, Tensor(a!) out)`.
fn hardsigmoid(call: &mut KernelCall<'_>) -> Result<()> {
    float_act_unary(call, |x| (x + 3.0).clamp(0.0, 6.0) / 6.0, |x| (x + 3.0).clamp(0.0, 6.0) / 6.0)
}

/// `aten::elu.out`.
fn elu(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(ELU)?;
    let (alpha, scale, iscale) = (
        args.scalar("alpha")?.to_f64(),
        args.scalar("scale")?.to_f64(),
        args.scalar("input_scale")?.to_f64(),
    );
    let neg = alpha * scale;
    let (n32, s32, i32_) = (neg as f32, scale as f32, iscale as f32);
    float_act(
        op,
        args.tensor("self")?,
        outs,
        |x| if x <= 0.0 { (x * i32_).exp_m1() * n32 } else { x * s32 },
        |x| if x <= 0.0 { (x * iscale).exp_m1() * neg } else { x * scale },
    )
}

/// `aten::softplus.out`.
fn softplus(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(SOFTPLUS)?;
    let (beta, thr) = (args.scalar("beta")?.to_f64(), args.scalar("threshold")?.to_f64());
    let (b32, t32) = (beta as f32, thr as f32);
    float_act(
        op,
        args.tensor("self")?,
        outs,
        |x| if x * b32 > t32 { x } else { (x * b32).exp().ln_1p() / b32 },
        |x| if x * beta > thr { x } else { (x * beta).exp().ln_1p() / beta },
    )
}

/// Splits `sizes` around `dim`: (outer, size, inner).
pub(crate) fn outer_dim_inner(sizes: &[usize], dim: usize) -> (usize, usize, usize) {
    if sizes.is_empty() {
        return (1, 1, 1);
    }
    let outer = sizes[..dim].iter().product();
    let inner = sizes[dim + 1..].iter().product();
    (outer, sizes[dim], inner)
}

/// `aten::glu.out(Tensor self, int dim=-1, *, Tensor(a!) out)`: first half times the
/// sigmoid of the second half.
fn glu(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(GLU)?;
    let dim = args.int("dim")?;
    let input = args.tensor("self")?;
    let out = one_out(op, outs)?;
    if input.dim() == 0 {
        return Err(Error::InvalidArgument {
            op,
            detail: "glu needs at least one dimension".into(),
        });
    }
    let d = normalize_dim(op, dim, input.dim())?;
    if input.sizes[d] % 2 != 0 {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("size {} of dimension {d} is odd", input.sizes[d]),
        });
    }
    if !is_float(input.dtype) || !is_float(out.dtype) {
        return Err(Error::UnsupportedDtype { op, dtype: input.dtype });
    }
    let mut shape = input.sizes.to_vec();
    shape[d] /= 2;
    out.resize(&shape)?;
    let (outer, size, inner) = outer_dim_inner(input.sizes, d);
    if input.dtype == ScalarType::Double {
        let y = glu_impl(&read_vec::<f64>(op, &input)?, outer, size, inner);
        write_vec(op, out, &y)
    } else {
        let y = glu_impl(&read_vec::<f32>(op, &input)?, outer, size, inner);
        write_vec(op, out, &y)
    }
}

fn glu_impl<
    T: ComputeFloat
        + std::ops::Mul<Output = T>
        + std::ops::Add<Output = T>
        + std::ops::Neg<Output = T>,
>(
    x: &[T],
    outer: usize,
    size: usize,
    inner: usize,
) -> Vec<T> {
    let half = size / 2;
    let one = T::from_f64(1.0);
    let mut vals = Vec::with_capacity(outer * half * inner);
    for o in 0..outer {
        for k in 0..half {
            for i in 0..inner {
                let a = x[(o * size + k) * inner + i];
                let b = x[(o * size + k + half) * inner + i];
                vals.push(a * (one / (one + (-b).exp())));
            }
        }
    }
    vals
}

fn softmax_common(call: &mut KernelCall<'_>, log: bool) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(SOFTMAX)?;
    let dim = args.int("dim")?;
    let _half_to_float = args.bool("half_to_float")?;
    let input = args.tensor("self")?;
    let out = one_out(op, outs)?;
    if !is_float(input.dtype) {
        return Err(Error::UnsupportedDtype { op, dtype: input.dtype });
    }
    if !is_float(out.dtype) {
        return Err(Error::UnsupportedDtype { op, dtype: out.dtype });
    }
    let d = normalize_dim(op, dim, input.dim())?;
    out.resize(input.sizes)?;
    let (outer, size, inner) = outer_dim_inner(input.sizes, d);
    if input.dtype == ScalarType::Double {
        let x = read_vec::<f64>(op, &input)?;
        let y = softmax_impl(&x, outer, size, inner, log, None);
        write_vec(op, out, &y)
    } else {
        // The official log_softmax (ATen's vectorised kernel) over the last dimension of
        // f16/bf16 keeps the sum of exponentials, then its log, in a buffer of the element
        // type: both are rounded to it. Over other dimensions they stay in float.
        let narrow: Option<fn(f32) -> f32> = match input.dtype {
            _ if !log || d + 1 != input.dim() => None,
            ScalarType::Half => Some(|v| half::f16::from_f32(v).to_f32()),
            ScalarType::BFloat16 => Some(|v| half::bf16::from_f32(v).to_f32()),
            _ => None,
        };
        let x = read_vec::<f32>(op, &input)?;
        let y = softmax_impl(&x, outer, size, inner, log, narrow);
        write_vec(op, out, &y)
    }
}

fn softmax_impl<T: ComputeFloat>(
    x: &[T],
    outer: usize,
    size: usize,
    inner: usize,
    log: bool,
    narrow: Option<fn(T) -> T>,
) -> Vec<T> {
    let narrow = narrow.unwrap_or(|v| v);
    let mut y = vec![T::zero(); x.len()];
    if size == 0 {
        return y;
    }
    for o in 0..outer {
        for i in 0..inner {
            let base = o * size * inner + i;
            let mut m = x[base];
            for k in 1..size {
                let v = x[base + k * inner];
                // std::max(v, acc): keeps acc unless acc < v.
                if m < v {
                    m = v;
                }
            }
            // Each exponential is computed once and kept in the output until it is
            // divided by the sum: the same values as computing it twice.
            let mut sum = T::zero();
            for k in 0..size {
                let e = (x[base + k * inner] - m).exp();
                sum += e;
                if !log {
                    y[base + k * inner] = e;
                }
            }
            if log {
                let ls = narrow(narrow(sum).ln());
                for k in 0..size {
                    y[base + k * inner] = x[base + k * inner] - m - ls;
                }
            } else {
                for k in 0..size {
                    y[base + k * inner] = y[base + k * inner] / sum;
                }
            }
        }
    }
    y
}

/// `aten::_softmax.out(Tensor self, int dim, bool half_to_float, *, Tensor(a!) out)`.
fn softmax(call: &mut KernelCall<'_>) -> Result<()> {
    softmax_common(call, false)
}

/// `aten::_log_softmax.out(Tensor self, int dim, bool half_to_float, *, Tensor(a!) out)`.
fn log_softmax(call: &mut KernelCall<'_>) -> Result<()> {
    softmax_common(call, true)
}
