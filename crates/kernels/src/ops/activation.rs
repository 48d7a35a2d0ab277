//! Kernels: activations (elementwise functions of one tensor with a fixed formula).

use pterun_core::ScalarType;

use crate::args::KernelCall;
use crate::error::{Error, Result};
use crate::registry::{add, Registry};

pub(crate) fn register(registry: &mut Registry) {
    add(registry, &[("aten::relu.out", relu)]);
}

/// `aten::relu.out(Tensor self, *, Tensor(a!) out)`.
fn relu(call: &mut KernelCall<'_>) -> Result<()> {
    call.expect_args(2)?;
    let (inputs, outs) = call.split();
    let input = inputs.tensor(0)?;
    let [out] = outs else {
        return Err(Error::ArgumentCount { op: "aten::relu.out", expected: 1, found: outs.len() });
    };
    out.resize(input.sizes)?;
    match input.dtype {
        ScalarType::Float => {
            let x = input.as_slice::<f32>("aten::relu.out")?;
            let y = out.as_mut_slice::<f32>("aten::relu.out")?;
            for (y, &x) in y.iter_mut().zip(x) {
                *y = if x > 0.0 { x } else { 0.0 };
            }
            Ok(())
        }
        dtype => Err(Error::UnsupportedDtype { op: "aten::relu.out", dtype }),
    }
}
