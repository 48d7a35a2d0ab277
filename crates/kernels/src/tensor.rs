//! What a kernel sees of a tensor: element type, sizes and bytes.
//!
//! Tensors handed to kernels are contiguous in their logical order (the runtime checks dim
//! orders at load). Inputs are [`TensorRef`]s borrowing their bytes; outputs are
//! [`TensorMut`]s borrowing their whole planned capacity, with a [`Shape`] the kernel
//! resizes before writing, as ExecuTorch's out-variant kernels do.

use pterun_core::{ScalarType, ShapeDynamism};

use crate::dtype::{cast_slice, cast_slice_mut, Element};
use crate::error::{Error, Result};

/// Largest rank a tensor may have.
pub const MAX_RANK: usize = 16;

/// Number of elements of `sizes`, or `None` on overflow.
pub fn numel(sizes: &[usize]) -> Option<usize> {
    sizes.iter().try_fold(1usize, |acc, &d| acc.checked_mul(d))
}

/// Contiguous strides (in elements) of `sizes`.
pub fn contiguous_strides(sizes: &[usize]) -> Vec<usize> {
    let mut strides = vec![1; sizes.len()];
    for i in (0..sizes.len().saturating_sub(1)).rev() {
        strides[i] = strides[i + 1] * sizes[i + 1].max(1);
    }
    strides
}

/// A read-only tensor argument.
#[derive(Clone, Copy, Debug)]
pub struct TensorRef<'a> {
    /// Element type.
    pub dtype: ScalarType,
    /// Current sizes.
    pub sizes: &'a [usize],
    /// Exactly `numel * element_size` bytes.
    pub data: &'a [u8],
}

impl<'a> TensorRef<'a> {
    /// Number of elements.
    pub fn numel(&self) -> usize {
        numel(self.sizes).unwrap_or(0)
    }

    /// Rank.
    pub fn dim(&self) -> usize {
        self.sizes.len()
    }

    /// The elements as `T`, which must be the tensor's element type.
    pub fn as_slice<T: Element>(&self, op: &'static str) -> Result<&'a [T]> {
        if T::DTYPE != self.dtype {
            return Err(Error::UnsupportedDtype { op, dtype: self.dtype });
        }
        cast_slice(self.data, self.dtype)
    }

    /// The single element of a one-element tensor, converted to f64.
    pub fn item_f64(&self, op: &'static str) -> Result<f64> {
        if self.numel() != 1 {
            return Err(Error::ShapeMismatch {
                op,
                detail: format!("expected one element, found sizes {:?}", self.sizes),
            });
        }
        crate::dtype::read_f64(self.dtype, self.data, 0)
            .ok_or(Error::UnsupportedDtype { op, dtype: self.dtype })
    }
}

/// The sizes of an output tensor and the limits on changing them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shape {
    sizes: Vec<usize>,
    capacity: usize,
    dynamism: ShapeDynamism,
}

impl Shape {
    /// A shape whose serialized sizes are `sizes`; for dynamic tensors they are the bound.
    pub fn new(sizes: Vec<usize>, dynamism: ShapeDynamism) -> Shape {
        let capacity = numel(&sizes).unwrap_or(usize::MAX);
        Shape { sizes, capacity, dynamism }
    }

    /// Current sizes.
    pub fn sizes(&self) -> &[usize] {
        &self.sizes
    }

    /// Largest number of elements the tensor may hold.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Whether sizes may change.
    pub fn dynamism(&self) -> ShapeDynamism {
        self.dynamism
    }

    /// Changes the sizes, by ExecuTorch's rules: the rank never changes; a static tensor
    /// only accepts its own sizes; a dynamic one any sizes within its capacity.
    pub fn resize(&mut self, new_sizes: &[usize]) -> Result<()> {
        if new_sizes == self.sizes.as_slice() {
            return Ok(());
        }
        let refuse =
            |reason| Error::Resize { from: self.sizes.clone(), to: new_sizes.to_vec(), reason };
        if new_sizes.len() != self.sizes.len() {
            return Err(refuse("the rank of a tensor cannot change"));
        }
        if self.dynamism == ShapeDynamism::Static {
            return Err(refuse("the tensor is static"));
        }
        match numel(new_sizes) {
            Some(n) if n <= self.capacity => {
                self.sizes.clear();
                self.sizes.extend_from_slice(new_sizes);
                Ok(())
            }
            _ => Err(refuse("the new size exceeds the tensor's capacity")),
        }
    }
}

/// A writable output tensor.
#[derive(Debug)]
pub struct TensorMut<'a> {
    /// Element type.
    pub dtype: ScalarType,
    shape: &'a mut Shape,
    data: &'a mut [u8],
}

impl<'a> TensorMut<'a> {
    /// An output over `data`, which must hold the shape's capacity.
    pub fn new(dtype: ScalarType, shape: &'a mut Shape, data: &'a mut [u8]) -> TensorMut<'a> {
        TensorMut { dtype, shape, data }
    }

    /// Current sizes.
    pub fn sizes(&self) -> &[usize] {
        self.shape.sizes()
    }

    /// Number of elements at the current sizes.
    pub fn numel(&self) -> usize {
        numel(self.shape.sizes()).unwrap_or(0)
    }

    /// Resizes before writing (see [`Shape::resize`]).
    pub fn resize(&mut self, sizes: &[usize]) -> Result<()> {
        self.shape.resize(sizes)
    }

    fn byte_len(&self) -> usize {
        self.numel().saturating_mul(self.dtype.element_size()).min(self.data.len())
    }

    /// The current elements' bytes.
    pub fn bytes_mut(&mut self) -> &mut [u8] {
        let len = self.byte_len();
        &mut self.data[..len]
    }

    /// The current elements as `T`, which must be the tensor's element type.
    pub fn as_mut_slice<T: Element>(&mut self, op: &'static str) -> Result<&mut [T]> {
        if T::DTYPE != self.dtype {
            return Err(Error::UnsupportedDtype { op, dtype: self.dtype });
        }
        let len = self.byte_len();
        let dtype = self.dtype;
        cast_slice_mut(&mut self.data[..len], dtype)
    }

    /// A read-only view of the current contents.
    pub fn as_ref(&self) -> TensorRef<'_> {
        TensorRef {
            dtype: self.dtype,
            sizes: self.shape.sizes(),
            data: &self.data[..self.byte_len()],
        }
    }
}
