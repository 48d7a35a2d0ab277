//! Shared vocabulary of pterun, used by every other crate.
//!
//! * [`ErrorCode`]: ExecuTorch's numeric error codes. Each crate has its own precise error
//!   enum; every one of them maps its variants to an `ErrorCode` through a `code()` method,
//!   so a caller who knows the C++ runtime sees the same numbers.
//! * [`ScalarType`]: the element types a `.pte` tensor can declare, with their sizes.
//! * [`ShapeDynamism`]: whether a tensor's serialized sizes are exact or upper bounds.
//! * [`error_chain`]: an error and every error below it as one line, for reports.
//!
//! Foreign integers become these enums only through `TryFrom`, never by transmutation: a
//! value this build does not know is an error the caller can report, not undefined
//! behaviour.
#![forbid(unsafe_code)]

use std::fmt;

/// ExecuTorch's error codes (`runtime/core/error.h`), with the same numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[repr(u32)]
pub enum ErrorCode {
    /// An internal invariant was broken.
    Internal = 0x01,
    /// The object is not in a state that allows the call.
    InvalidState = 0x02,
    /// Execution reached the end of the method.
    EndOfMethod = 0x03,
    /// The resource was already loaded.
    AlreadyLoaded = 0x04,
    /// The operation is not supported (by the file, the platform or this build).
    NotSupported = 0x10,
    /// The operation is not implemented.
    NotImplemented = 0x11,
    /// An argument given by the caller is wrong.
    InvalidArgument = 0x12,
    /// A value has the wrong type.
    InvalidType = 0x13,
    /// An operator needed by the program has no kernel.
    OperatorMissing = 0x14,
    /// The kernel registry is full.
    RegistrationExceedingMaxKernels = 0x15,
    /// A kernel or backend was registered twice.
    RegistrationAlreadyRegistered = 0x16,
    /// A named thing (method, segment, key, backend) does not exist.
    NotFound = 0x20,
    /// Memory could not be allocated.
    MemoryAllocationFailed = 0x21,
    /// A read, map or other access to the underlying data failed.
    AccessFailed = 0x22,
    /// The program file is malformed.
    InvalidProgram = 0x23,
    /// External data (`.ptd`) is malformed or does not match the program.
    InvalidExternalData = 0x24,
    /// A resource limit was reached.
    OutOfResources = 0x25,
    /// A delegate blob is not compatible with the backend.
    DelegateInvalidCompatibility = 0x30,
    /// A delegate could not allocate memory.
    DelegateMemoryAllocationFailed = 0x31,
    /// A delegate handle is invalid.
    DelegateInvalidHandle = 0x32,
}

impl ErrorCode {
    /// The numeric value, as the C++ runtime prints it.
    pub fn as_u32(self) -> u32 {
        self as u32
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self:?} (0x{:02x})", self.as_u32())
    }
}

/// The element type of a tensor, as numbered in the `.pte` schema.
///
/// Values 8 to 10 and 18 to 21 are absent from the schema's enum but known to the runtime;
/// they are kept so that a file using them is reported as unsupported by a kernel rather
/// than as malformed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ScalarType {
    /// `u8`.
    Byte,
    /// `i8`.
    Char,
    /// `i16`.
    Short,
    /// `i32`.
    Int,
    /// `i64`.
    Long,
    /// IEEE half precision.
    Half,
    /// `f32`.
    Float,
    /// `f64`.
    Double,
    /// Complex of two halves.
    ComplexHalf,
    /// Complex of two `f32`.
    ComplexFloat,
    /// Complex of two `f64`.
    ComplexDouble,
    /// One byte, 0 or 1.
    Bool,
    /// Quantized `i8`.
    QInt8,
    /// Quantized `u8`.
    QUInt8,
    /// Quantized `i32`.
    QInt32,
    /// Brain floating point.
    BFloat16,
    /// Two 4-bit unsigned values in a byte.
    QUInt4x2,
    /// Four 2-bit unsigned values in a byte.
    QUInt2x4,
    /// Eight 1-bit values in a byte.
    Bits1x8,
    /// Four 2-bit values in a byte.
    Bits2x4,
    /// Two 4-bit values in a byte.
    Bits4x2,
    /// Eight bits.
    Bits8,
    /// Sixteen bits.
    Bits16,
    /// 8-bit float, 5 exponent bits.
    Float8E5M2,
    /// 8-bit float, 4 exponent bits, finite.
    Float8E4M3Fn,
    /// 8-bit float, 5 exponent bits, finite, unsigned zero.
    Float8E5M2Fnuz,
    /// 8-bit float, 4 exponent bits, finite, unsigned zero.
    Float8E4M3Fnuz,
    /// `u16`.
    UInt16,
    /// `u32`.
    UInt32,
    /// `u64`.
    UInt64,
}

/// A scalar type number that this build does not know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnknownScalarType(pub i8);

impl fmt::Display for UnknownScalarType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown scalar type {}", self.0)
    }
}

impl std::error::Error for UnknownScalarType {}

const ALL_SCALAR_TYPES: [ScalarType; 30] = [
    ScalarType::Byte,
    ScalarType::Char,
    ScalarType::Short,
    ScalarType::Int,
    ScalarType::Long,
    ScalarType::Half,
    ScalarType::Float,
    ScalarType::Double,
    ScalarType::ComplexHalf,
    ScalarType::ComplexFloat,
    ScalarType::ComplexDouble,
    ScalarType::Bool,
    ScalarType::QInt8,
    ScalarType::QUInt8,
    ScalarType::QInt32,
    ScalarType::BFloat16,
    ScalarType::QUInt4x2,
    ScalarType::QUInt2x4,
    ScalarType::Bits1x8,
    ScalarType::Bits2x4,
    ScalarType::Bits4x2,
    ScalarType::Bits8,
    ScalarType::Bits16,
    ScalarType::Float8E5M2,
    ScalarType::Float8E4M3Fn,
    ScalarType::Float8E5M2Fnuz,
    ScalarType::Float8E4M3Fnuz,
    ScalarType::UInt16,
    ScalarType::UInt32,
    ScalarType::UInt64,
];

impl TryFrom<i8> for ScalarType {
    type Error = UnknownScalarType;

    fn try_from(value: i8) -> Result<Self, Self::Error> {
        usize::try_from(value)
            .ok()
            .and_then(|i| ALL_SCALAR_TYPES.get(i).copied())
            .ok_or(UnknownScalarType(value))
    }
}

impl ScalarType {
    /// The number used in the `.pte` schema.
    pub fn code(self) -> i8 {
        // The table is indexed by code, so the position is the code; 30 entries fit in i8.
        ALL_SCALAR_TYPES.iter().position(|&t| t == self).map_or(-1, |i| i as i8)
    }

    /// Bytes per element.
    pub fn element_size(self) -> usize {
        use ScalarType::*;
        match self {
            Byte | Char | Bool | QInt8 | QUInt8 | QUInt4x2 | QUInt2x4 | Bits1x8 | Bits2x4
            | Bits4x2 | Bits8 | Float8E5M2 | Float8E4M3Fn | Float8E5M2Fnuz | Float8E4M3Fnuz => 1,
            Short | Half | BFloat16 | Bits16 | UInt16 => 2,
            Int | Float | QInt32 | UInt32 | ComplexHalf => 4,
            Long | Double | ComplexFloat | UInt64 => 8,
            ComplexDouble => 16,
        }
    }

    /// The short lowercase name used by PyTorch (`float32`, `int64`, `bool`, ...).
    pub fn name(self) -> &'static str {
        use ScalarType::*;
        match self {
            Byte => "uint8",
            Char => "int8",
            Short => "int16",
            Int => "int32",
            Long => "int64",
            Half => "float16",
            Float => "float32",
            Double => "float64",
            ComplexHalf => "complex32",
            ComplexFloat => "complex64",
            ComplexDouble => "complex128",
            Bool => "bool",
            QInt8 => "qint8",
            QUInt8 => "quint8",
            QInt32 => "qint32",
            BFloat16 => "bfloat16",
            QUInt4x2 => "quint4x2",
            QUInt2x4 => "quint2x4",
            Bits1x8 => "bits1x8",
            Bits2x4 => "bits2x4",
            Bits4x2 => "bits4x2",
            Bits8 => "bits8",
            Bits16 => "bits16",
            Float8E5M2 => "float8_e5m2",
            Float8E4M3Fn => "float8_e4m3fn",
            Float8E5M2Fnuz => "float8_e5m2fnuz",
            Float8E4M3Fnuz => "float8_e4m3fnuz",
            UInt16 => "uint16",
            UInt32 => "uint32",
            UInt64 => "uint64",
        }
    }
}

impl ScalarType {
    /// The type named by PyTorch's short name (`float32`, `int64`, ...), also accepting the
    /// common aliases `float`, `double`, `half`, `long`, `int`.
    pub fn from_name(name: &str) -> Option<ScalarType> {
        match name {
            "float" | "f32" => return Some(ScalarType::Float),
            "double" | "f64" => return Some(ScalarType::Double),
            "half" | "f16" => return Some(ScalarType::Half),
            "long" | "i64" => return Some(ScalarType::Long),
            "int" | "i32" => return Some(ScalarType::Int),
            "u8" => return Some(ScalarType::Byte),
            "i8" => return Some(ScalarType::Char),
            _ => {}
        }
        ALL_SCALAR_TYPES.iter().copied().find(|t| t.name() == name)
    }
}

impl fmt::Display for ScalarType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Whether a tensor's serialized sizes are exact or upper bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ShapeDynamism {
    /// Sizes never change.
    Static,
    /// Sizes may shrink at run time; the serialized sizes are the capacity.
    DynamicBound,
    /// Sizes may grow without bound (the reference runtime refuses such tensors).
    DynamicUnbound,
}

impl ShapeDynamism {
    /// The lowercase name used in reports (`static`, `dynamic_bound`, `dynamic_unbound`).
    pub fn name(self) -> &'static str {
        match self {
            ShapeDynamism::Static => "static",
            ShapeDynamism::DynamicBound => "dynamic_bound",
            ShapeDynamism::DynamicUnbound => "dynamic_unbound",
        }
    }
}

impl TryFrom<i8> for ShapeDynamism {
    type Error = i8;

    fn try_from(value: i8) -> Result<Self, i8> {
        match value {
            0 => Ok(ShapeDynamism::Static),
            1 => Ok(ShapeDynamism::DynamicBound),
            2 => Ok(ShapeDynamism::DynamicUnbound),
            other => Err(other),
        }
    }
}

/// The full message of an error: its own text, then the text of each `source()` below it,
/// joined by `": "`. Wrapping errors (a runtime error around a format error, say) keep the
/// precise reason in their source; this puts it back in the line a user reads.
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        message.push_str(": ");
        message.push_str(&inner.to_string());
        source = inner.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalar_type_codes_round_trip() {
        for code in 0..30i8 {
            let t = ScalarType::try_from(code).expect("known code");
            assert_eq!(t.code(), code);
        }
        assert_eq!(ScalarType::try_from(30), Err(UnknownScalarType(30)));
        assert_eq!(ScalarType::try_from(-1), Err(UnknownScalarType(-1)));
    }

    #[test]
    fn names_round_trip() {
        for code in 0..30i8 {
            let t = ScalarType::try_from(code).expect("known code");
            assert_eq!(ScalarType::from_name(t.name()), Some(t));
        }
        assert_eq!(ScalarType::from_name("float"), Some(ScalarType::Float));
        assert_eq!(ScalarType::from_name("nonsense"), None);
    }

    #[test]
    fn element_sizes_match_the_schema() {
        assert_eq!(ScalarType::Float.element_size(), 4);
        assert_eq!(ScalarType::Long.element_size(), 8);
        assert_eq!(ScalarType::Bool.element_size(), 1);
        assert_eq!(ScalarType::ComplexDouble.element_size(), 16);
        assert_eq!(ScalarType::BFloat16.element_size(), 2);
    }

    #[test]
    fn error_codes_keep_executorch_numbers() {
        assert_eq!(ErrorCode::InvalidProgram.as_u32(), 0x23);
        assert_eq!(ErrorCode::NotSupported.as_u32(), 0x10);
        assert_eq!(ErrorCode::DelegateInvalidHandle.as_u32(), 0x32);
        assert_eq!(ErrorCode::InvalidProgram.to_string(), "InvalidProgram (0x23)");
    }
}
