//! Storage types: the Rust type of each element type kernels read and write, and the one
//! checked cast from bytes to elements.

use bytemuck::Pod;
use pterun_core::ScalarType;

use crate::error::{Error, Result};

/// The storage types kernels read and write, tied to their Rust types.
pub trait Element: Pod + Copy + Default + Send + Sync + 'static {
    /// The scalar type.
    const DTYPE: ScalarType;
}

macro_rules! element {
    ($($t:ty => $d:ident),*) => {$(
        impl Element for $t {
            const DTYPE: ScalarType = ScalarType::$d;
        }
    )*};
}

element!(f32 => Float, f64 => Double, i64 => Long, i32 => Int, i16 => Short, i8 => Char,
    u8 => Byte, half::f16 => Half, half::bf16 => BFloat16);

/// `data` viewed as elements of `T`: the one byte-to-element cast (checked alignment and
/// length; `dtype` names the tensor type in the error).
pub(crate) fn cast_slice<T: Element>(data: &[u8], dtype: ScalarType) -> Result<&[T]> {
    bytemuck::try_cast_slice(data)
        .map_err(|_| Error::Misaligned { address: data.as_ptr() as usize, dtype })
}

/// Mutable [`cast_slice`].
pub(crate) fn cast_slice_mut<T: Element>(data: &mut [u8], dtype: ScalarType) -> Result<&mut [T]> {
    let address = data.as_ptr() as usize;
    bytemuck::try_cast_slice_mut(data).map_err(|_| Error::Misaligned { address, dtype })
}
