//! The two float families kernels compute in.
//!
//! - [`RoundedFloat`]: a float *element* type (f32, f64, f16, bf16) whose every operation is
//!   rounded to the type itself, as C++ kernels templated on the element type compute
//!   (`c10::Half` and `c10::BFloat16` operators go through float and round back): for
//!   kernels that must reproduce that rounding exactly (matrix products, convolution,
//!   normalisation, pooling, resampling, grid sampling).
//! - [`ComputeFloat`]: a float *compute* type (f32 or f64), the [`Compute`] types with
//!   float-only operations (floor division, remainders, softmax).

use std::ops::{Add, AddAssign, Div, Mul, Rem, Sub};

use super::compute::Compute;
use super::element::Element;

/// A float element type whose arithmetic rounds every operation to itself.
pub(crate) trait RoundedFloat:
    Element
    + PartialOrd
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
{
    fn from_f64(v: f64) -> Self;
    fn to_f64(self) -> f64;
    fn from_i64(v: i64) -> Self {
        Self::from_f64(v as f64)
    }
    /// Zero.
    fn zero() -> Self {
        Self::from_f64(0.0)
    }
    /// `floor`, `nearbyint`, `fabs` and `fmod` are exact, so computing them in f64 and
    /// converting back gives the result of the type's own function.
    fn floor(self) -> Self {
        Self::from_f64(self.to_f64().floor())
    }
    fn fabs(self) -> Self {
        Self::from_f64(self.to_f64().abs())
    }
    fn fmod(self, o: Self) -> Self {
        Self::from_f64(self.to_f64() % o.to_f64())
    }
    /// The type's square root (computed in f64 and rounded once: exact for every type
    /// here, f64 included, whose `sqrt` is the IEEE one).
    fn sqrt(self) -> Self {
        Self::from_f64(self.to_f64().sqrt())
    }
    /// The integer the C++ `static_cast<int64_t>` of an integral value gives (NaN and
    /// out-of-range values saturate here instead of being undefined).
    fn to_index(self) -> i64 {
        self.to_f64() as i64
    }
}

impl RoundedFloat for f32 {
    fn from_f64(v: f64) -> Self {
        v as f32
    }
    fn to_f64(self) -> f64 {
        self as f64
    }
}

impl RoundedFloat for f64 {
    fn from_f64(v: f64) -> Self {
        v
    }
    fn to_f64(self) -> f64 {
        self
    }
    fn sqrt(self) -> Self {
        f64::sqrt(self)
    }
}

impl RoundedFloat for half::f16 {
    fn from_f64(v: f64) -> Self {
        // Through float, like the C++ conversions of double to Half.
        half::f16::from_f32(v as f32)
    }
    fn to_f64(self) -> f64 {
        half::f16::to_f64(self)
    }
}

impl RoundedFloat for half::bf16 {
    fn from_f64(v: f64) -> Self {
        half::bf16::from_f32(v as f32)
    }
    fn to_f64(self) -> f64 {
        half::bf16::to_f64(self)
    }
}

/// A float compute type: f32 or f64.
pub(crate) trait ComputeFloat:
    Compute
    + Add<Output = Self>
    + Sub<Output = Self>
    + Div<Output = Self>
    + Rem<Output = Self>
    + AddAssign
{
    const ZERO: Self;
    const ONE: Self;
    const INF: Self;
    const NEG_INF: Self;
    /// C's `fmod`: the remainder with the dividend's sign.
    fn fmod(self, o: Self) -> Self;
    fn is_sign_negative(self) -> bool;
    fn trunc(self) -> Self;
    fn exp(self) -> Self;
    fn ln(self) -> Self;
}

macro_rules! compute_float {
    ($t:ident) => {
        impl ComputeFloat for $t {
            const ZERO: Self = 0.0;
            const ONE: Self = 1.0;
            const INF: Self = $t::INFINITY;
            const NEG_INF: Self = $t::NEG_INFINITY;
            fn fmod(self, o: Self) -> Self {
                self % o
            }
            fn is_sign_negative(self) -> bool {
                $t::is_sign_negative(self)
            }
            fn trunc(self) -> Self {
                $t::trunc(self)
            }
            fn exp(self) -> Self {
                $t::exp(self)
            }
            fn ln(self) -> Self {
                $t::ln(self)
            }
        }
    };
}
compute_float!(f32);
compute_float!(f64);
