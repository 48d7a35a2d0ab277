//! Dynamically quantized linear layers built with the generated writer: `Convert` f32 ->
//! qdint8 then `FullyConnected` with qc8w, qc4w and qb4w filters (constants in the blob,
//! blockwise scales as bf16 in a constant buffer), run against an f64 product of the
//! dequantized filter within the input's quantization error; and the parameters that
//! do not fit their value refused with typed errors.

use std::panic::{catch_unwind, AssertUnwindSafe};

use pterun_core::{ScalarType, ShapeDynamism};
use pterun_kernels::{Shape, TensorMut};
use pterun_memory::Segment;
use pterun_runtime::DelegateArg;
use pterun_schema::xnn;
use pterun_xnnpack::{Error, Graph, NamedData, XnnpackBackend};

use crate::hostile::{encode, with_header};

const M: usize = 2;
const K: usize = 64;
const N: usize = 3;
const GROUP: usize = 32;
const CLAMP: (f32, f32) = (-0.5, 0.5);

#[derive(Clone, Copy, Debug, PartialEq)]
enum Filter {
    Int8,
    Int4,
    Blockwise,
}

/// Deterministic values in `[-1, 1)`.
fn noise(n: usize, seed: u32) -> Vec<f32> {
    let mut s = seed.wrapping_mul(2654435761).wrapping_add(1);
    (0..n)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            (s % 2000) as f32 / 1000.0 - 1.0
        })
        .collect()
}

/// The integer weights `[N, K]` and their scales (per channel or per group).
fn weights(filter: Filter) -> (Vec<i32>, Vec<f32>) {
    let range = if filter == Filter::Int8 { 127.0 } else { 7.0 };
    let q = noise(N * K, 5).iter().map(|&v| (v * range).round() as i32).collect();
    let count = if filter == Filter::Blockwise { N * K / GROUP } else { N };
    // Powers of two times small integers are exact in bf16; int8 steps are finer.
    let unit = if filter == Filter::Int8 { 1.0 / 16384.0 } else { 1.0 / 1024.0 };
    let scales = (0..count).map(|i| (8 + i % 5) as f32 * unit).collect();
    (q, scales)
}

fn tensor(datatype: xnn::Datatype, dims: &[u32], constant: u32, id: u32) -> xnn::TensorValue {
    xnn::TensorValue {
        datatype,
        num_dims: dims.len() as u32,
        dims: Some(dims.to_vec()),
        constant_buffer_idx: constant,
        external_id: u32::MAX,
        flags: 0,
        id_out: id,
        dq_datatype: xnn::Datatype::Invalid,
    }
}

fn quantized(t: xnn::TensorValue, q: xnn::QuantParams) -> xnn::Value {
    xnn::Value {
        value: Some(xnn::ValueUnion::QuantizedTensorValue(Box::new(xnn::QuantizedTensorValue {
            tensor_value: Some(Box::new(t)),
            quant_params: Some(q),
        }))),
    }
}

fn plain(t: xnn::TensorValue) -> xnn::Value {
    xnn::Value { value: Some(xnn::ValueUnion::TensorValue(Box::new(t))) }
}

/// The graph and its constant region: input 0 `[M, K]` f32, value 1 its qdint8 rows,
/// filter 2, bias 3, output 4 `[M, N]` f32 clamped to [`CLAMP`].
fn build(filter: Filter) -> (xnn::XnnGraph, Vec<u8>) {
    let (q, scales) = weights(filter);
    let filter_bytes: Vec<u8> = match filter {
        Filter::Int8 => q.iter().map(|&v| v as i8 as u8).collect(),
        Filter::Int4 | Filter::Blockwise => {
            q.chunks(2).map(|p| ((p[0] + 8) as u8) | (((p[1] + 8) as u8) << 4)).collect()
        }
    };
    let bias: Vec<u8> = noise(N, 9).iter().flat_map(|b| (b * 0.1).to_le_bytes()).collect();
    let scale_bytes: Vec<u8> = match filter {
        Filter::Blockwise => {
            scales.iter().flat_map(|s| ((s.to_bits() >> 16) as u16).to_le_bytes()).collect()
        }
        _ => scales.iter().flat_map(|s| s.to_le_bytes()).collect(),
    };
    let mut region = Vec::new();
    let mut entries = vec![xnn::ConstantDataOffset { offset: 0, size: 0, named_key: None }];
    for bytes in [&filter_bytes, &bias, &scale_bytes] {
        while region.len() % 16 != 0 {
            region.push(0);
        }
        entries.push(xnn::ConstantDataOffset {
            offset: region.len() as u64,
            size: bytes.len() as u64,
            named_key: None,
        });
        region.extend_from_slice(bytes);
    }
    let mut input = tensor(xnn::Datatype::Fp32, &[M as u32, K as u32], 0, 0);
    (input.external_id, input.flags) = (0, 1);
    let mut output = tensor(xnn::Datatype::Fp32, &[M as u32, N as u32], 0, 4);
    (output.external_id, output.flags) = (1, 2);
    let rows = quantized(
        tensor(xnn::Datatype::Qdint8, &[M as u32, K as u32], 0, 1),
        xnn::QuantParams::PerTokenDynamicQuant(Box::new(xnn::PerTokenDynamicQuant {
            num_nonbatch_dims: 1,
        })),
    );
    let filter_dims = [N as u32, K as u32];
    let filter_value = match filter {
        Filter::Int8 | Filter::Int4 => quantized(
            tensor(
                if filter == Filter::Int8 { xnn::Datatype::Qcint8 } else { xnn::Datatype::Qcint4 },
                &filter_dims,
                1,
                2,
            ),
            // Int8 lists its scales, Int4 reads them from the constant.
            xnn::QuantParams::PerChannelQuant(Box::new(xnn::PerChannelQuant {
                scale: (filter == Filter::Int8).then(|| scales.clone()),
                channel_dim: 0,
                scale_buffer_idx: if filter == Filter::Int4 { 3 } else { 0 },
                num_scales: scales.len() as u32,
            })),
        ),
        Filter::Blockwise => quantized(
            tensor(xnn::Datatype::Qbint4, &filter_dims, 1, 2),
            xnn::QuantParams::PerChannelGroupQuant(Box::new(xnn::PerChannelGroupQuant {
                scale: None,
                channel_dim: 0,
                group_size: GROUP as i32,
                scale_bf16_unused: None,
                scale_buffer_idx: 3,
                num_scales: scales.len() as u32,
            })),
        ),
    };
    let graph = xnn::XnnGraph {
        version: None,
        xnodes: Some(vec![
            xnn::Node {
                node: Some(xnn::NodeUnion::Convert(Box::new(xnn::Node1x1 {
                    input_id: 0,
                    output_id: 1,
                    flags: 0,
                }))),
                debug_handle: 0,
                output_min_max: None,
            },
            xnn::Node {
                node: Some(xnn::NodeUnion::FullyConnected(Box::new(xnn::FullyConnected {
                    input1_id: 1,
                    filter_id: 2,
                    bias_id: 3,
                    output_id: 4,
                    flags: 0,
                }))),
                debug_handle: 1,
                output_min_max: Some(Box::new(xnn::OutputMinMax {
                    output_min: CLAMP.0,
                    output_max: CLAMP.1,
                })),
            },
        ]),
        xvalues: Some(vec![
            plain(input),
            rows,
            filter_value,
            plain(tensor(xnn::Datatype::Fp32, &[N as u32], 2, 3)),
            plain(output),
        ]),
        num_externs: 2,
        input_ids: Some(vec![0]),
        output_ids: Some(vec![4]),
        constant_buffer: None,
        mem_buffer_sizes: None,
        constant_data: Some(entries),
    };
    (graph, region)
}

fn blob(graph: &xnn::XnnGraph, region: &[u8]) -> Vec<u8> {
    with_header(&encode(graph, b"XN01"), region)
}

fn run(blob: Vec<u8>, x: &[f32]) -> Result<Vec<f32>, Error> {
    let mut delegate =
        XnnpackBackend::new(NamedData::none()).prepare(0, Segment::from_bytes(blob))?;
    let mut in_shape = Shape::new(vec![M, K], ShapeDynamism::Static);
    let mut out_shape = Shape::new(vec![M, N], ShapeDynamism::Static);
    let mut in_bytes: Vec<u8> = x.iter().flat_map(|v| v.to_le_bytes()).collect();
    let mut out_bytes = vec![0u8; 4 * M * N];
    let mut args = vec![
        DelegateArg::Tensor(TensorMut::new(ScalarType::Float, &mut in_shape, &mut in_bytes)),
        DelegateArg::Tensor(TensorMut::new(ScalarType::Float, &mut out_shape, &mut out_bytes)),
    ];
    delegate.run(&mut args)?;
    drop(args);
    Ok(out_bytes.chunks(4).map(|c| f32::from_le_bytes(c.try_into().unwrap())).collect())
}

#[test]
fn quantized_linear_layers_match_the_dequantized_product() {
    let x: Vec<f32> = noise(M * K, 3);
    for filter in [Filter::Int8, Filter::Int4, Filter::Blockwise] {
        let (graph, region) = build(filter);
        let out = run(blob(&graph, &region), &x).unwrap();
        let (q, scales) = weights(filter);
        let bias: Vec<f32> = noise(N, 9).iter().map(|b| b * 0.1).collect();
        let per = if filter == Filter::Blockwise { GROUP } else { K };
        let mut clamped = 0usize;
        for m in 0..M {
            let row = &x[m * K..][..K];
            // The input is quantized per row with a step of (max - min) / 255 over a
            // range holding 0: each element is off by at most half a step.
            let (lo, hi) = row.iter().fold((0f32, 0f32), |(a, b), &v| (a.min(v), b.max(v)));
            let half_step = f64::from(hi - lo) / 255.0 / 2.0;
            for j in 0..N {
                let w = |t: usize| f64::from(q[j * K + t] as f32 * scales[(j * K + t) / per]);
                let exact: f64 =
                    (0..K).map(|t| f64::from(row[t]) * w(t)).sum::<f64>() + f64::from(bias[j]);
                let bound: f64 = (0..K).map(|t| w(t).abs()).sum::<f64>() * half_step + 1e-5;
                let want = exact.clamp(f64::from(CLAMP.0), f64::from(CLAMP.1));
                clamped += usize::from(want != exact);
                let got = f64::from(out[m * N + j]);
                assert!(
                    (got - want).abs() <= bound,
                    "{filter:?} [{m}, {j}]: {got} vs {want} (bound {bound})"
                );
            }
        }
        assert!(clamped < M * N, "{filter:?}: every output clamped, the test checks nothing");
    }
}

fn filter_params(g: &mut xnn::XnnGraph) -> &mut xnn::QuantParams {
    match g.xvalues.as_mut().unwrap()[2].value.as_mut().unwrap() {
        xnn::ValueUnion::QuantizedTensorValue(q) => q.quant_params.as_mut().unwrap(),
        other => panic!("value 2 is {other:?}"),
    }
}

fn bad_quantization(g: &xnn::XnnGraph, region: &[u8], needle: &str) {
    let err = Graph::parse(&blob(g, region)).unwrap_err();
    assert!(
        matches!(&err, Error::BadQuantization { detail, .. } if detail.contains(needle)),
        "wanted {needle:?}, got {err}"
    );
    assert_eq!(err.code(), pterun_core::ErrorCode::InvalidProgram);
}

#[test]
fn parameters_that_do_not_fit_are_refused_with_typed_errors() {
    let (base, region) = build(Filter::Blockwise);

    let mut g = base.clone();
    if let xnn::QuantParams::PerChannelGroupQuant(p) = filter_params(&mut g) {
        p.num_scales -= 1;
    }
    bad_quantization(&g, &region, "scales for 3 x 64 in groups of 32");

    let mut g = base.clone();
    if let xnn::QuantParams::PerChannelGroupQuant(p) = filter_params(&mut g) {
        p.group_size = 24;
    }
    bad_quantization(&g, &region, "group size 24 does not divide the 64 input channels");

    // A scale buffer shorter than its count of bf16 scales.
    let mut g = base.clone();
    let entries = g.constant_data.as_mut().unwrap();
    entries[3].size -= 2;
    bad_quantization(&g, &region, "scale buffer 3 holds");

    let mut g = base.clone();
    if let xnn::QuantParams::PerChannelGroupQuant(p) = filter_params(&mut g) {
        p.scale_buffer_idx = 40;
    }
    bad_quantization(&g, &region, "scale buffer 40 is not a constant entry");

    // Per-tensor parameters with a zero point outside qint8.
    let mut g = base.clone();
    *filter_params(&mut g) = xnn::QuantParams::PerTensorQuant(Box::new(xnn::PerTensorQuant {
        scale: 0.5,
        zero_point: 300,
    }));
    if let Some(xnn::ValueUnion::QuantizedTensorValue(q)) =
        &mut g.xvalues.as_mut().unwrap()[2].value
    {
        q.tensor_value.as_mut().unwrap().datatype = xnn::Datatype::Qint8;
    }
    bad_quantization(&g, &region, "zero point 300 is outside");

    let (mut g, region8) = build(Filter::Int8);
    if let xnn::QuantParams::PerChannelQuant(p) = filter_params(&mut g) {
        p.scale.as_mut().unwrap().pop();
    }
    bad_quantization(&g, &region8, "2 scales for 3 channels");

    let (mut g, region8) = build(Filter::Int8);
    if let xnn::QuantParams::PerChannelQuant(p) = filter_params(&mut g) {
        p.scale.as_mut().unwrap()[1] = f32::NAN;
    }
    bad_quantization(&g, &region8, "scale 1 is NaN");

    let mut g = base.clone();
    if let Some(xnn::ValueUnion::QuantizedTensorValue(q)) =
        &mut g.xvalues.as_mut().unwrap()[1].value
    {
        q.quant_params =
            Some(xnn::QuantParams::PerTokenDynamicQuant(Box::new(xnn::PerTokenDynamicQuant {
                num_nonbatch_dims: 3,
            })));
    }
    bad_quantization(&g, &region, "3 non-batch dims for rank 2");

    // Verified, but not run: a qdint8 external output, a float filter with qdint8 rows.
    let mut g = base.clone();
    if let Some(xnn::ValueUnion::QuantizedTensorValue(q)) =
        &mut g.xvalues.as_mut().unwrap()[1].value
    {
        let t = q.tensor_value.as_mut().unwrap();
        (t.flags, t.external_id) = (2, 1);
    }
    g.xvalues.as_mut().unwrap()[4] =
        plain(tensor(xnn::Datatype::Fp32, &[M as u32, N as u32], 0, 4));
    g.xnodes.as_mut().unwrap().pop();
    let err = run(blob(&g, &region), &[0.0; M * K]).unwrap_err();
    assert!(matches!(err, Error::UnsupportedValue { id: 1, .. }), "{err}");

    let mut g = base.clone();
    g.xvalues.as_mut().unwrap()[2] =
        plain(tensor(xnn::Datatype::Fp32, &[N as u32, K as u32 / 8], 1, 2));
    let err = run(blob(&g, &region), &[0.0; M * K]).unwrap_err();
    assert!(
        matches!(&err, Error::Shape { detail, .. } if detail.contains("qdint8 input with a fp32 filter")),
        "{err}"
    );
}

#[test]
fn mutated_quantized_blobs_never_panic() {
    let mut refused = 0;
    for filter in [Filter::Int4, Filter::Blockwise] {
        let (graph, region) = build(filter);
        let good = blob(&graph, &region);
        let x = noise(M * K, 4);
        for i in 0..good.len() {
            for flip in [0x01u8, 0x80, 0xFF] {
                let mut b = good.clone();
                b[i] ^= flip;
                let r = catch_unwind(AssertUnwindSafe(|| run(b, &x)));
                match r {
                    Ok(Ok(_)) => {}
                    Ok(Err(_)) => refused += 1,
                    Err(_) => panic!("{filter:?}: byte {i} ^ {flip:#x} panicked"),
                }
            }
        }
    }
    assert!(refused > 100, "only {refused} mutations refused");
}
