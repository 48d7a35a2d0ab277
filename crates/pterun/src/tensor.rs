//! Tensors as the facade hands them in and out: typed views over bytes someone else owns.
//!
//! An input [`Tensor`] borrows the caller's sizes and elements; the method copies them into
//! its planned memory when the input is set. An output [`Tensor`] borrows the method's
//! memory, valid until the method runs again (the borrow checker enforces it). Typed access
//! goes through [`Element`], which ties a Rust type to its [`ScalarType`]; the byte casts
//! are `bytemuck`'s checked ones, so a wrong type or a misaligned buffer is an error, never
//! a reinterpretation.

use pterun_core::ScalarType;
use pterun_kernels::{Element, TensorRef};

use crate::error::{Error, Result};

/// A tensor: element type, sizes and little-endian bytes, all borrowed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tensor<'a> {
    dtype: ScalarType,
    sizes: &'a [usize],
    data: &'a [u8],
}

/// Bytes that `sizes` elements of `dtype` take, `None` on overflow.
fn nbytes(dtype: ScalarType, sizes: &[usize]) -> Option<usize> {
    sizes.iter().try_fold(dtype.element_size(), |acc, &d| acc.checked_mul(d))
}

impl<'a> Tensor<'a> {
    /// A tensor of `T` elements with `sizes`; the element count must match.
    pub fn from_slice<T: Element>(sizes: &'a [usize], data: &'a [T]) -> Result<Tensor<'a>> {
        Tensor::from_bytes(T::DTYPE, sizes, bytemuck::cast_slice(data))
    }

    /// A tensor of `dtype` over raw little-endian bytes (any element type, `Bool`
    /// included); the byte count must match the sizes.
    pub fn from_bytes(dtype: ScalarType, sizes: &'a [usize], data: &'a [u8]) -> Result<Tensor<'a>> {
        let expected = nbytes(dtype, sizes).unwrap_or(usize::MAX);
        if expected != data.len() {
            return Err(Error::DataSize {
                dtype,
                sizes: sizes.to_vec(),
                expected,
                found: data.len(),
            });
        }
        Ok(Tensor { dtype, sizes, data })
    }

    /// Element type.
    pub fn dtype(&self) -> ScalarType {
        self.dtype
    }

    /// Sizes.
    pub fn sizes(&self) -> &'a [usize] {
        self.sizes
    }

    /// Number of elements.
    pub fn numel(&self) -> usize {
        // Sizes were checked against the byte count, so the product fits.
        self.sizes.iter().product()
    }

    /// The raw little-endian bytes.
    pub fn as_bytes(&self) -> &'a [u8] {
        self.data
    }

    fn check<T: Element>(&self) -> Result<()> {
        if T::DTYPE != self.dtype {
            return Err(Error::DtypeMismatch { actual: self.dtype, requested: T::DTYPE });
        }
        Ok(())
    }

    /// The elements, borrowed; `T` must be the tensor's element type, and the bytes aligned
    /// for it ([`Tensor::to_vec`] copies and needs no alignment).
    pub fn as_slice<T: Element>(&self) -> Result<&'a [T]> {
        self.check::<T>()?;
        bytemuck::try_cast_slice(self.data).map_err(|_| Error::Misaligned {
            dtype: self.dtype,
            address: self.data.as_ptr() as usize,
        })
    }

    /// The elements, copied; `T` must be the tensor's element type.
    pub fn to_vec<T: Element>(&self) -> Result<Vec<T>> {
        self.check::<T>()?;
        Ok(bytemuck::pod_collect_to_vec(self.data))
    }

    /// Every element converted to `f64`, whatever the numeric type (`None` for element
    /// types without a numeric reading, such as complex or quantized ones).
    pub fn to_f64_vec(&self) -> Option<Vec<f64>> {
        (0..self.numel())
            .map(|i| pterun_kernels::dtype::read_f64(self.dtype, self.data, i))
            .collect()
    }

    pub(crate) fn from_runtime(t: TensorRef<'a>) -> Tensor<'a> {
        Tensor { dtype: t.dtype, sizes: t.sizes, data: t.data }
    }
}

/// One output of an execution.
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum Output<'a> {
    /// A tensor, borrowing the method's memory until it runs again.
    Tensor(Tensor<'a>),
    /// An integer.
    Int(i64),
    /// A float.
    Double(f64),
    /// A boolean.
    Bool(bool),
    /// Anything else, by kind name (`none`, lists, strings).
    Other(&'static str),
}

impl<'a> Output<'a> {
    /// The tensor, or [`Error::NotATensor`].
    pub fn as_tensor(&self) -> Result<Tensor<'a>> {
        match self {
            Output::Tensor(t) => Ok(*t),
            other => Err(Error::NotATensor { kind: other.kind() }),
        }
    }

    /// The kind name: `tensor`, `int`, `double`, `bool` or the other kind's name.
    pub fn kind(&self) -> &'static str {
        match self {
            Output::Tensor(_) => "tensor",
            Output::Int(_) => "int",
            Output::Double(_) => "double",
            Output::Bool(_) => "bool",
            Output::Other(kind) => kind,
        }
    }

    pub(crate) fn from_runtime(output: pterun_runtime::Output<'a>) -> Output<'a> {
        match output {
            pterun_runtime::Output::Tensor(t) => Output::Tensor(Tensor::from_runtime(t)),
            pterun_runtime::Output::Int(v) => Output::Int(v),
            pterun_runtime::Output::Double(v) => Output::Double(v),
            pterun_runtime::Output::Bool(v) => Output::Bool(v),
            pterun_runtime::Output::Other(kind) => Output::Other(kind),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_views_check_type_and_size() {
        let data = [1.0f32, 2.0, 3.0, 4.0];
        let t = Tensor::from_slice(&[2, 2], &data).expect("4 elements");
        assert_eq!((t.dtype(), t.numel(), t.as_bytes().len()), (ScalarType::Float, 4, 16));
        assert_eq!(t.as_slice::<f32>().expect("f32"), &data);
        assert_eq!(t.to_vec::<f32>().expect("f32"), data);
        assert_eq!(t.to_f64_vec(), Some(vec![1.0, 2.0, 3.0, 4.0]));
        assert!(matches!(
            t.to_vec::<i64>(),
            Err(Error::DtypeMismatch { actual: ScalarType::Float, requested: ScalarType::Long })
        ));
        assert!(matches!(
            Tensor::from_slice(&[3], &data),
            Err(Error::DataSize { expected: 12, found: 16, .. })
        ));
        assert!(matches!(
            Tensor::from_bytes(ScalarType::Float, &[usize::MAX, 2], &[]),
            Err(Error::DataSize { expected: usize::MAX, .. })
        ));
        let scalar = Tensor::from_slice::<i64>(&[], &[7]).expect("0-d");
        assert_eq!(scalar.to_vec::<i64>().expect("i64"), [7]);
    }

    #[test]
    fn misaligned_bytes_copy_but_do_not_borrow() {
        let bytes = [0u8; 9];
        let t = Tensor::from_bytes(ScalarType::Float, &[2], &bytes[1..]).expect("8 bytes");
        // One of the two offsets is misaligned for f32 whatever the array's address.
        let other = Tensor::from_bytes(ScalarType::Float, &[2], &bytes[..8]).expect("8 bytes");
        let misaligned = [t, other].into_iter().find(|t| t.as_slice::<f32>().is_err());
        let misaligned = misaligned.expect("one view is misaligned");
        assert!(matches!(misaligned.as_slice::<f32>(), Err(Error::Misaligned { .. })));
        assert_eq!(misaligned.to_vec::<f32>().expect("copied"), [0.0, 0.0]);
    }
}
