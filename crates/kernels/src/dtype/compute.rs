//! Compute types: the portable kernels load every operand into `float`, `double` or a
//! 64-bit integer, compute there, and store into the output's type. [`Compute`] is that
//! type's arithmetic and conversions, [`ComputeKind`] the choice among them for a (common)
//! element type, and [`with_compute!`] the dispatch: the kernel body is instantiated once
//! per compute type, so inner loops call no trait objects.

use pterun_core::ScalarType;

use crate::args::Scalar;
use crate::error::{Error, Result};

/// A compute type: the portable kernels compute in `float`, `double` or an integer type.
pub trait Compute: Copy + PartialOrd + Default + Send + Sync + std::fmt::Debug + 'static {
    /// From f64 (C++ `static_cast`, saturating for integers).
    fn from_f64(v: f64) -> Self;
    /// From f32.
    fn from_f32(v: f32) -> Self;
    /// From i64.
    fn from_i64(v: i64) -> Self;
    /// From bool.
    fn from_bool(v: bool) -> Self;
    /// To f64.
    fn to_f64(self) -> f64;
    /// To f32.
    fn to_f32(self) -> f32;
    /// To i64 (truncating).
    fn to_i64(self) -> i64;
    /// Non-zero.
    fn to_bool(self) -> bool;
    /// From a scalar argument.
    fn from_scalar(s: Scalar) -> Self {
        match s {
            Scalar::Int(v) => Self::from_i64(v),
            Scalar::Double(v) => Self::from_f64(v),
            Scalar::Bool(v) => Self::from_bool(v),
        }
    }
    /// Wrapping addition for integers.
    fn add(self, o: Self) -> Self;
    /// Wrapping subtraction for integers.
    fn sub(self, o: Self) -> Self;
    /// Wrapping multiplication for integers.
    fn mul(self, o: Self) -> Self;
    /// Whether this is NaN.
    fn is_nan(self) -> bool;
    /// Zero.
    fn zero() -> Self {
        Self::default()
    }
    /// The element type whose storage is exactly this compute type (f32: Float, f64:
    /// Double, i64: Long).
    const NATIVE: ScalarType;
    /// The elements of storage `data` of type `dtype` if that is [`Compute::NATIVE`] and the
    /// bytes are aligned: a direct view, no conversion needed.
    fn native(dtype: ScalarType, data: &[u8]) -> Option<&[Self]>;
    /// Mutable [`Compute::native`].
    fn native_mut(dtype: ScalarType, data: &mut [u8]) -> Option<&mut [Self]>;
}

macro_rules! native_compute {
    ($d:ident) => {
        const NATIVE: ScalarType = ScalarType::$d;
        fn native(dtype: ScalarType, data: &[u8]) -> Option<&[Self]> {
            if dtype == ScalarType::$d {
                bytemuck::try_cast_slice(data).ok()
            } else {
                None
            }
        }
        fn native_mut(dtype: ScalarType, data: &mut [u8]) -> Option<&mut [Self]> {
            if dtype == ScalarType::$d {
                bytemuck::try_cast_slice_mut(data).ok()
            } else {
                None
            }
        }
    };
}

macro_rules! float_compute {
    ($t:ty, $d:ident) => {
        impl Compute for $t {
            native_compute!($d);
            fn from_f64(v: f64) -> Self {
                v as $t
            }
            fn from_f32(v: f32) -> Self {
                v as $t
            }
            fn from_i64(v: i64) -> Self {
                v as $t
            }
            fn from_bool(v: bool) -> Self {
                v as u8 as $t
            }
            fn to_f64(self) -> f64 {
                self as f64
            }
            fn to_f32(self) -> f32 {
                self as f32
            }
            fn to_i64(self) -> i64 {
                self as i64
            }
            fn to_bool(self) -> bool {
                self != 0.0
            }
            fn add(self, o: Self) -> Self {
                self + o
            }
            fn sub(self, o: Self) -> Self {
                self - o
            }
            fn mul(self, o: Self) -> Self {
                self * o
            }
            fn is_nan(self) -> bool {
                self.is_nan()
            }
        }
    };
}
float_compute!(f32, Float);
float_compute!(f64, Double);

impl Compute for i64 {
    native_compute!(Long);
    fn from_f64(v: f64) -> Self {
        v as i64
    }
    fn from_f32(v: f32) -> Self {
        v as i64
    }
    fn from_i64(v: i64) -> Self {
        v
    }
    fn from_bool(v: bool) -> Self {
        v as i64
    }
    fn to_f64(self) -> f64 {
        self as f64
    }
    fn to_f32(self) -> f32 {
        self as f32
    }
    fn to_i64(self) -> i64 {
        self
    }
    fn to_bool(self) -> bool {
        self != 0
    }
    fn add(self, o: Self) -> Self {
        self.wrapping_add(o)
    }
    fn sub(self, o: Self) -> Self {
        self.wrapping_sub(o)
    }
    fn mul(self, o: Self) -> Self {
        self.wrapping_mul(o)
    }
    fn is_nan(self) -> bool {
        false
    }
}

/// The category a kernel computes in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ComputeKind {
    /// `float` (also for half and bfloat16).
    F32,
    /// `double`.
    F64,
    /// Any integer type (computed in i64, wrapping like the narrower type on store).
    I64,
    /// `bool` (computed in i64, results normalised to 0/1).
    Bool,
}

/// The compute kind of a (common) element type, like `get_compute_type`.
pub fn kind_of(op: &'static str, dtype: ScalarType) -> Result<ComputeKind> {
    use ScalarType::*;
    Ok(match dtype {
        Float | Half | BFloat16 => ComputeKind::F32,
        Double => ComputeKind::F64,
        Byte | Char | Short | Int | Long => ComputeKind::I64,
        Bool => ComputeKind::Bool,
        _ => return Err(Error::UnsupportedDtype { op, dtype }),
    })
}

/// Whether kernels here can read and write this type.
pub fn is_supported(dtype: ScalarType) -> bool {
    kind_of("", dtype).is_ok()
}

/// Runs `$body` with `$T` bound to the compute type of `$kind` (bool computes in i64).
macro_rules! with_compute {
    ($kind:expr, $T:ident => $body:expr) => {
        match $kind {
            $crate::dtype::ComputeKind::F32 => {
                type $T = f32;
                $body
            }
            $crate::dtype::ComputeKind::F64 => {
                type $T = f64;
                $body
            }
            $crate::dtype::ComputeKind::I64 | $crate::dtype::ComputeKind::Bool => {
                type $T = i64;
                $body
            }
        }
    };
}
pub(crate) use with_compute;
