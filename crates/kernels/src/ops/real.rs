//! Arithmetic in one float type with every operation rounded to that type, as C++ kernels
//! templated on the element type compute (`c10::Half` and `c10::BFloat16` operators go
//! through float and round back). For kernels that must reproduce that rounding exactly.

use std::ops::{Add, Div, Mul, Sub};

/// Arithmetic of one float type, operations rounded to that type.
pub(crate) trait Real:
    Copy
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
    /// The integer the C++ `static_cast<int64_t>` of an integral value gives (NaN and
    /// out-of-range values saturate here instead of being undefined).
    fn to_index(self) -> i64 {
        self.to_f64() as i64
    }
}

impl Real for f32 {
    fn from_f64(v: f64) -> Self {
        v as f32
    }
    fn to_f64(self) -> f64 {
        self as f64
    }
}

impl Real for f64 {
    fn from_f64(v: f64) -> Self {
        v
    }
    fn to_f64(self) -> f64 {
        self
    }
}

impl Real for half::f16 {
    fn from_f64(v: f64) -> Self {
        // Through float, like the C++ conversions of double to Half.
        half::f16::from_f32(v as f32)
    }
    fn to_f64(self) -> f64 {
        half::f16::to_f64(self)
    }
}

impl Real for half::bf16 {
    fn from_f64(v: f64) -> Self {
        half::bf16::from_f32(v as f32)
    }
    fn to_f64(self) -> f64 {
        half::bf16::to_f64(self)
    }
}
