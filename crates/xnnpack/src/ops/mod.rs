//! NHWC f32 kernels the plan's steps call.

pub(crate) mod elementwise;
pub(crate) mod layout;
pub(crate) mod linear;
pub(crate) mod pool;
pub(crate) mod quantized;

/// The taps `k < kernel` of a window at position `o` of one spatial dimension whose
/// source `o * stride + k * dilation - pad` lies in `0..len`, each with that source, in
/// order. Also the targets of a transposed convolution's input position `o`.
pub(crate) fn window_taps(
    o: usize,
    kernel: usize,
    stride: usize,
    dilation: usize,
    pad: usize,
    len: usize,
) -> impl Iterator<Item = (usize, usize)> {
    (0..kernel).filter_map(move |k| {
        let source = (o * stride + k * dilation).checked_sub(pad)?;
        (source < len).then_some((k, source))
    })
}
