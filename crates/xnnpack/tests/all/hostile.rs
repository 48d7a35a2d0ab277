//! Hostile blobs: every prefix and every flipped byte of real blobs is refused or built
//! without a panic, and crafted graphs (re-encoded with the generated writer after one
//! change) get the exact error that names what is wrong.

use std::panic::{catch_unwind, AssertUnwindSafe};

use pterun_core::{ScalarType, ShapeDynamism};
use pterun_kernels::{Shape, TensorMut};
use pterun_memory::Segment;
use pterun_runtime::DelegateArg;
use pterun_runtime::Program;
use pterun_schema::planus::{self, ReadAsRoot};
use pterun_schema::xnn;
use pterun_xnnpack::graph::Datatype;
use pterun_xnnpack::{Error, Graph, NamedData, XnnpackBackend, XnnpackDelegate};

use crate::common::{blobs, fixture_dir, loader};

fn fixture(name: &str) -> (Vec<u8>, NamedData) {
    let path = fixture_dir("xnnpack").join(format!("{name}.pte"));
    let program = Program::load(loader(&path)).unwrap();
    (std::fs::read(&path).unwrap(), NamedData::of_program(&program))
}

/// Parses and plans `blob`, and when that succeeds runs it once on zeros of the declared
/// input shapes; a panic is reported as an error string.
fn try_blob(backend: &XnnpackBackend, blob: &[u8]) -> Result<Result<(), Error>, String> {
    catch_unwind(AssertUnwindSafe(|| {
        let graph = Graph::parse(blob)?;
        let mut delegate = backend.prepare(0, Segment::from_bytes(blob.to_vec()))?;
        execute_on_zeros(&graph, &mut delegate)
    }))
    .map_err(|p| {
        p.downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default()
    })
}

/// One execution with zero inputs and outputs of the declared shapes (skipped for
/// externals above a million elements or activations above 4 MB, which only make the test
/// slow: a flipped bit in a dimension is the common way to get them).
fn execute_on_zeros(graph: &Graph<'_>, delegate: &mut XnnpackDelegate) -> Result<(), Error> {
    if delegate.stats().buffer_bytes > 4 << 20 {
        return Ok(());
    }
    let dtype = |d: Datatype| if d == Datatype::F16 { ScalarType::Half } else { ScalarType::Float };
    let mut externals: Vec<Option<&pterun_xnnpack::graph::Value>> =
        vec![None; graph.num_externs as usize];
    for v in graph.values.iter().filter(|v| v.is_input || v.is_output) {
        if v.numel().is_none_or(|n| n > 1 << 20) {
            return Ok(());
        }
        if let Some(slot) = v.external_id.and_then(|e| externals.get_mut(e as usize)) {
            *slot = Some(v);
        }
    }
    let mut shapes: Vec<Shape> = externals
        .iter()
        .map(|v| {
            Shape::new(v.map(|v| v.dims.clone()).unwrap_or_default(), ShapeDynamism::DynamicBound)
        })
        .collect();
    let mut data: Vec<Vec<u8>> =
        externals.iter().map(|v| vec![0u8; v.map_or(0, |v| 4 * v.numel().unwrap_or(0))]).collect();
    let mut args: Vec<DelegateArg<'_>> = Vec::new();
    for ((v, shape), bytes) in externals.iter().zip(shapes.iter_mut()).zip(data.iter_mut()) {
        args.push(match v {
            Some(v) => DelegateArg::Tensor(TensorMut::new(dtype(v.datatype), shape, bytes)),
            None => DelegateArg::Other,
        });
    }
    delegate.run(&mut args)
}

#[test]
fn every_prefix_of_a_blob_is_refused_without_a_panic() {
    for name in ["xnn_cnn", "xnn_elementwise"] {
        let (pte, named) = fixture(name);
        let backend = XnnpackBackend::new(named);
        for blob in blobs(&pte) {
            for len in 0..blob.len() {
                match try_blob(&backend, &blob[..len]) {
                    Ok(Err(_)) => {}
                    Ok(Ok(())) => {
                        panic!("{name}: a {len}-byte prefix of {} was accepted", blob.len())
                    }
                    Err(p) => panic!("{name}: prefix {len} panicked: {p}"),
                }
            }
        }
    }
}

#[test]
fn flipped_bytes_never_panic_at_load_or_execution() {
    // Quiet panics, but keep where each happened for the report.
    let hook = std::panic::take_hook();
    let places = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let sink = places.clone();
    std::panic::set_hook(Box::new(move |info| {
        let at = info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
        sink.lock().unwrap().push(at);
    }));
    let mut panics = Vec::new();
    let mut refused = 0usize;
    for name in ["xnn_cnn", "xnn_elementwise", "xnn_attention"] {
        let (pte, named) = fixture(name);
        let backend = XnnpackBackend::new(named);
        for blob in blobs(&pte) {
            for at in 0..blob.len() {
                for mask in [0x01u8, 0xff] {
                    let mut bad = blob.clone();
                    bad[at] ^= mask;
                    match try_blob(&backend, &bad) {
                        Ok(Err(_)) => refused += 1,
                        Ok(Ok(())) => {}
                        Err(p) => panics.push(format!("{name} byte {at} ^ {mask:#x}: {p}")),
                    }
                }
            }
        }
    }
    std::panic::set_hook(hook);
    let places = places.lock().unwrap().join("\n");
    assert!(panics.is_empty(), "{} panics:\n{}\nat:\n{places}", panics.len(), panics.join("\n"));
    assert!(refused > 1000, "only {refused} mutations refused");
}

/// The graph of the first delegate of a fixture, decoded with the generated reader.
fn decoded(name: &str) -> (xnn::XnnGraph, Vec<u8>, NamedData) {
    let (pte, named) = fixture(name);
    let blob = blobs(&pte).remove(0);
    let layout = pterun_xnnpack::header::parse(&blob).unwrap();
    let (start, len) = layout.flatbuffer;
    let r = xnn::XnnGraphRef::read_as_root(&blob[start..start + len]).unwrap();
    (xnn::XnnGraph::try_from(r).unwrap(), blob, named)
}

/// A headerless blob (the older layout: all FlatBuffer) holding `graph`.
pub(crate) fn encode(graph: &xnn::XnnGraph, identifier: &[u8; 4]) -> Vec<u8> {
    let mut builder = planus::Builder::new();
    let mut fb = builder.finish(graph, Some(*identifier)).to_vec();
    // planus 1.3 writes the identifier before the root offset (its buffer grows from the
    // back); FlatBuffers put the offset first, relative to byte 0.
    let offset = u32::from_le_bytes(fb[4..8].try_into().unwrap()) + 4;
    fb[4..8].copy_from_slice(identifier);
    fb[..4].copy_from_slice(&offset.to_le_bytes());
    assert!(xnn::XnnGraphRef::read_as_root(&fb).is_ok(), "the re-encoded graph reads back");
    fb
}

/// An `XH00` blob: header, `flatbuffer`, then `constants`.
pub(crate) fn with_header(flatbuffer: &[u8], constants: &[u8]) -> Vec<u8> {
    let fb_offset = 32u32; // header rounded up, as writers align the FlatBuffer
    let const_offset = fb_offset + flatbuffer.len() as u32;
    let mut blob = vec![0u8; 32];
    blob[4..8].copy_from_slice(b"XH00");
    blob[8..10].copy_from_slice(&30u16.to_le_bytes());
    blob[10..14].copy_from_slice(&fb_offset.to_le_bytes());
    blob[14..18].copy_from_slice(&(flatbuffer.len() as u32).to_le_bytes());
    blob[18..22].copy_from_slice(&const_offset.to_le_bytes());
    blob[22..30].copy_from_slice(&(constants.len() as u64).to_le_bytes());
    blob.extend_from_slice(flatbuffer);
    blob.extend_from_slice(constants);
    blob
}

fn tensor(v: &mut xnn::Value) -> &mut xnn::TensorValue {
    match v.value.as_mut().unwrap() {
        xnn::ValueUnion::TensorValue(t) => t,
        xnn::ValueUnion::QuantizedTensorValue(q) => q.tensor_value.as_mut().unwrap(),
    }
}

fn parse_err(graph: &xnn::XnnGraph) -> Error {
    Graph::parse(&encode(graph, b"XN01")).unwrap_err()
}

#[test]
fn the_reencoded_graph_is_accepted_and_runs_the_same_plan() {
    // The baseline the crafted cases change one thing of.
    let (graph, _, named) = decoded("xnn_mlp");
    let blob = encode(&graph, b"XN01");
    Graph::parse(&blob).unwrap();
    XnnpackBackend::new(named).prepare(0, Segment::from_bytes(blob)).unwrap();
}

#[test]
fn crafted_graphs_get_precise_errors() {
    let (base, _, named) = decoded("xnn_mlp");

    let err = Graph::parse(&encode(&base, b"XN99")).unwrap_err();
    assert_eq!(err, Error::Identifier { found: *b"XN99" });

    let mut g = base.clone();
    g.num_externs = 5000;
    assert!(
        matches!(parse_err(&g), Error::InvalidGraph { detail } if detail.contains("num_externs"))
    );

    let mut g = base.clone();
    let values = g.xvalues.as_mut().unwrap();
    let first = tensor(&mut values[0]).id_out;
    tensor(&mut values[1]).id_out = first;
    assert!(
        matches!(parse_err(&g), Error::InvalidGraph { detail } if detail.contains("two values"))
    );

    let mut g = base.clone();
    let t = tensor(&mut g.xvalues.as_mut().unwrap()[0]);
    t.num_dims += 1;
    assert!(matches!(parse_err(&g), Error::InvalidGraph { detail } if detail.contains("declares")));

    let mut g = base.clone();
    for v in g.xvalues.as_mut().unwrap() {
        let t = tensor(v);
        if t.flags & 1 != 0 {
            t.external_id = 4000;
        }
    }
    assert!(
        matches!(parse_err(&g), Error::InvalidGraph { detail } if detail.contains("external id 4000"))
    );

    let mut g = base.clone();
    for v in g.xvalues.as_mut().unwrap() {
        let t = tensor(v);
        if t.constant_buffer_idx != 0 {
            t.constant_buffer_idx = 999;
            break;
        }
    }
    assert!(matches!(parse_err(&g), Error::BadConstant { index: 999, .. }));

    let mut g = base.clone();
    let constants = g.constant_data.as_mut().unwrap();
    let last = constants.len() - 1;
    constants[last].size = 4;
    assert!(
        matches!(parse_err(&g), Error::BadConstant { detail, .. } if detail.contains("4 bytes stored")),
        "{:?}",
        parse_err(&g)
    );

    // A node reading a value that does not exist, or one no node has written yet.
    let mut g = base.clone();
    match g.xnodes.as_mut().unwrap()[0].node.as_mut().unwrap() {
        xnn::NodeUnion::FullyConnected(fc) => fc.input1_id = 77_777,
        other => panic!("first node is {other:?}"),
    }
    assert!(matches!(
        parse_err(&g),
        Error::BadValueRef { node: 0, field: "input", id: 77_777, reason: "does not exist", .. }
    ));
    let mut g = base.clone();
    g.xnodes.as_mut().unwrap().reverse();
    assert!(matches!(
        parse_err(&g),
        Error::BadValueRef { node: 0, reason: "is read before any node writes it", .. }
    ));

    let mut g = base.clone();
    g.xnodes.as_mut().unwrap()[0].output_min_max =
        Some(Box::new(xnn::OutputMinMax { output_min: 1.0, output_max: -1.0 }));
    assert!(matches!(parse_err(&g), Error::InvalidGraph { detail } if detail.contains("is empty")));

    // Verified, but a node kind the plan does not run: refused at init, naming it. The
    // index output is a new internal value.
    let mut g = base.clone();
    let values = g.xvalues.as_mut().unwrap();
    let mut extra = values[0].clone();
    let t = tensor(&mut extra);
    (t.id_out, t.flags, t.external_id, t.constant_buffer_idx) = (90_000, 0, u32::MAX, 0);
    values.push(extra);
    let node = &mut g.xnodes.as_mut().unwrap()[0];
    let Some(xnn::NodeUnion::FullyConnected(fc)) = node.node.as_ref() else { unreachable!() };
    node.node = Some(xnn::NodeUnion::ArgMaxPooling2d(Box::new(xnn::ArgMaxPooling {
        pooling_height: 1,
        pooling_width: 1,
        input_id: fc.input1_id,
        output_value_id: fc.output_id,
        output_index_id: 90_000,
        ..Default::default()
    })));
    let blob = encode(&g, b"XN01");
    let err = XnnpackBackend::new(named).prepare(3, Segment::from_bytes(blob)).unwrap_err();
    assert!(
        matches!(err, Error::UnsupportedNode { delegate: 3, node: 0, kind: "ArgMaxPooling2d" }),
        "{err:?}"
    );
    assert_eq!(err.code(), pterun_core::ErrorCode::NotSupported);
}

#[test]
fn header_regions_are_checked_against_the_blob() {
    let (base, _, _) = decoded("xnn_mlp");
    let fb = encode(&base, b"XN01");
    assert!(matches!(Graph::parse(&fb[..7]), Err(Error::TooShort { len: 7, .. })));

    let good = with_header(&fb, &[0u8; 16]);
    Graph::parse(&good).unwrap();
    assert!(matches!(Graph::parse(&good[..20]), Err(Error::TooShort { len: 20, .. })));

    let mut bad = good.clone();
    bad[14..18].copy_from_slice(&(good.len() as u32).to_le_bytes());
    assert!(matches!(Graph::parse(&bad), Err(Error::HeaderRegion { what: "flatbuffer", .. })));

    let mut bad = good.clone();
    bad[18..22].copy_from_slice(&40u32.to_le_bytes());
    assert!(matches!(
        Graph::parse(&bad),
        Err(Error::HeaderRegion { what: "constant data", detail, .. }) if detail.contains("overlapping")
    ));

    let mut bad = good.clone();
    bad[22..30].copy_from_slice(&u64::MAX.to_le_bytes());
    assert!(matches!(Graph::parse(&bad), Err(Error::HeaderRegion { what: "constant data", .. })));

    // A blob-region constant (no key) past the end of a 16-byte constant region.
    let mut g = base.clone();
    let constants = g.constant_data.as_mut().unwrap();
    constants.push(xnn::ConstantDataOffset { offset: 8, size: 16, named_key: None });
    let blob = with_header(&encode(&g, b"XN01"), &[0u8; 16]);
    assert!(matches!(
        Graph::parse(&blob),
        Err(Error::BadConstant { detail, .. }) if detail.contains("outside the constant region")
    ));
}
