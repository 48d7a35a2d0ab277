//! Every XNNPACK fixture through `Method::load` + `execute` with the backend registered,
//! against the outputs of the official runtime. Bounds: f32 |a-b| <= 1e-4 + 1e-3 |b|
//! (the bound); f16 outputs |a-b| <= 1e-3 + 4e-3 |b| (about four f16 ulps, since
//! each node rounds its result to f16 as the official runtime does, in another order).

use std::sync::Arc;

use pterun_core::ScalarType;
use pterun_runtime::{BackendRegistry, LoadOptions, Method, Output, Program};
use pterun_xnnpack::{NamedData, XnnpackBackend};
use serde_json::Value;

use crate::common::{blobs, loader, read_json, xnnpack_fixtures};

fn elements(dtype: ScalarType, bytes: &[u8]) -> Vec<f32> {
    match dtype {
        ScalarType::Float => {
            bytes.chunks_exact(4).map(|c| f32::from_le_bytes(c.try_into().unwrap())).collect()
        }
        ScalarType::Half => bytes
            .chunks_exact(2)
            .map(|c| half::f16::from_le_bytes(c.try_into().unwrap()).to_f32())
            .collect(),
        other => panic!("no comparison for {other:?}"),
    }
}

fn sizes(v: &Value) -> Vec<usize> {
    v.as_array().unwrap().iter().map(|d| d.as_u64().unwrap() as usize).collect()
}

fn run(dir: &std::path::Path, name: &str) -> Result<usize, String> {
    let manifest = read_json(&dir.join(format!("{name}.manifest.json")));
    let program = Program::load(loader(&dir.join(format!("{name}.pte"))))
        .map_err(|e| format!("load: {e}"))?;
    let kernels = pterun_kernels::Registry::portable();
    let mut backends = BackendRegistry::new();
    backends.register(Arc::new(XnnpackBackend::new(NamedData::of_program(&program)))).unwrap();
    let options = LoadOptions {
        kernels: &kernels,
        backends: &backends,
        external_data: None,
        passes: pterun_runtime::Passes::ALL,
    };
    let mut method = Method::load(&program, "forward", options).map_err(|e| format!("{e}"))?;
    let io = manifest["io"].as_array().unwrap();
    for e in io.iter().filter(|e| e["role"] == "input" && e["method"] == "forward") {
        let dtype = ScalarType::from_name(e["dtype"].as_str().unwrap()).unwrap();
        let bytes = std::fs::read(dir.join(e["file"].as_str().unwrap())).unwrap();
        let index = e["index"].as_u64().unwrap() as usize;
        method.set_input(index, dtype, &sizes(&e["sizes"]), &bytes).map_err(|e| format!("{e}"))?;
    }
    method.execute().map_err(|e| format!("execute: {e}"))?;
    let mut compared = 0;
    for e in io.iter().filter(|e| e["role"] == "expected" && e["method"] == "forward") {
        let index = e["index"].as_u64().unwrap() as usize;
        let dtype = ScalarType::from_name(e["dtype"].as_str().unwrap()).unwrap();
        let want = elements(dtype, &std::fs::read(dir.join(e["file"].as_str().unwrap())).unwrap());
        let Output::Tensor(t) = method.output(index).map_err(|e| e.to_string())? else {
            return Err(format!("output {index} is not a tensor"));
        };
        if t.sizes != sizes(&e["sizes"]).as_slice() || t.dtype != dtype {
            return Err(format!("output {index}: {:?} {:?}, expected {}", t.dtype, t.sizes, e));
        }
        let (atol, rtol) = if dtype == ScalarType::Half { (1e-3, 4e-3) } else { (1e-4, 1e-3) };
        for (i, (a, b)) in elements(dtype, t.data).iter().zip(&want).enumerate() {
            if (a - b).abs() > atol + rtol * b.abs() || a.is_nan() != b.is_nan() {
                return Err(format!("output {index} element {i}: {a} vs {b}"));
            }
        }
        compared += want.len();
    }
    Ok(compared)
}

#[test]
fn every_xnnpack_fixture_matches_the_official_runtime() {
    let fixtures = xnnpack_fixtures();
    assert!(fixtures.len() >= 11, "fixtures: {fixtures:?}");
    let mut failures = Vec::new();
    for (dir, name) in &fixtures {
        match run(dir, name) {
            Ok(0) => failures.push(format!("{name}: no output compared")),
            Ok(_) => {}
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{} failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn f32_constants_are_viewed_in_place_not_copied() {
    for name in ["xnn_cnn", "xnn_mlp", "xnn_attention", "xnn_mobilenet_v2_mini", "xnn_resnet_mini"]
    {
        let dir = crate::common::fixture_dir("xnnpack");
        let path = dir.join(format!("{name}.pte"));
        let program = Program::load(loader(&path)).unwrap();
        let backend = XnnpackBackend::new(NamedData::of_program(&program));
        let bytes = std::fs::read(&path).unwrap();
        let mut viewed = 0;
        for (i, blob) in blobs(&bytes).into_iter().enumerate() {
            let delegate = backend.prepare(i, pterun_memory::Segment::from_bytes(blob)).unwrap();
            let stats = delegate.stats();
            assert_eq!(stats.constant_bytes_converted, 0, "{name} delegate {i}: {stats:?}");
            viewed += stats.constant_bytes_viewed;
        }
        assert!(viewed > 0, "{name}: no constant viewed");
    }
}

#[test]
fn a_missing_named_constant_is_a_load_error_naming_the_key() {
    let path = crate::common::fixture_dir("xnnpack").join("xnn_mlp.pte");
    let bytes = std::fs::read(path).unwrap();
    let blob = blobs(&bytes).remove(0);
    let backend = XnnpackBackend::new(NamedData::none());
    let err = backend.prepare(0, pterun_memory::Segment::from_bytes(blob)).unwrap_err();
    assert!(
        matches!(&err, pterun_xnnpack::Error::NamedDataMissing { key, .. } if key.len() == 64),
        "{err:?}"
    );
    assert_eq!(err.code(), pterun_core::ErrorCode::NotFound);
}

#[test]
fn the_cnn_fixtures_delegate_what_mobilenet_v2_and_resnet18_need() {
    // Node kinds of torchvision's MobileNetV2 and ResNet18 lowered by the partitioner, and
    // ReLU6 / ReLU fused into the convolutions as output clamps.
    use pterun_xnnpack::NodeKind as K;
    let dir = crate::common::fixture_dir("xnnpack");
    for (name, needed, clamp) in [
        (
            "xnn_mobilenet_v2_mini",
            &[K::Conv2d, K::DepthwiseConv2d, K::Add, K::GlobalAvgPooling2d, K::FullyConnected][..],
            (0.0, 6.0),
        ),
        (
            "xnn_resnet_mini",
            &[K::Conv2d, K::MaxPooling2d, K::Add, K::GlobalAvgPooling2d, K::FullyConnected][..],
            (0.0, f32::INFINITY),
        ),
    ] {
        let pte = std::fs::read(dir.join(format!("{name}.pte"))).unwrap();
        let mut kinds = Vec::new();
        let mut clamps = 0;
        for blob in blobs(&pte) {
            let graph = pterun_xnnpack::Graph::parse(&blob).unwrap();
            for node in &graph.nodes {
                kinds.push(node.kind);
                clamps += usize::from(node.output_min_max == Some(clamp));
            }
        }
        for kind in needed {
            assert!(kinds.contains(kind), "{name} has no {kind:?}: {kinds:?}");
        }
        assert!(clamps >= 5, "{name}: {clamps} nodes clamp to {clamp:?}");
    }
}

#[test]
fn a_dynamic_batch_is_propagated_again_at_each_execution() {
    // Batch 3 (the official runtime's expected output), then 1 (its first row), then 3
    // again: each execution reshapes the graph from the input it is given.
    let dir = crate::common::fixture_dir("xnnpack");
    let name = "xnn_dynamic_mlp";
    let program = Program::load(loader(&dir.join(format!("{name}.pte")))).unwrap();
    let kernels = pterun_kernels::Registry::portable();
    let mut backends = BackendRegistry::new();
    backends.register(Arc::new(XnnpackBackend::new(NamedData::of_program(&program)))).unwrap();
    let options = LoadOptions {
        kernels: &kernels,
        backends: &backends,
        external_data: None,
        passes: pterun_runtime::Passes::ALL,
    };
    let mut method = Method::load(&program, "forward", options).unwrap();
    let input = std::fs::read(dir.join(format!("{name}.input0.bin"))).unwrap();
    let want = elements(
        ScalarType::Float,
        &std::fs::read(dir.join(format!("{name}.expected0.bin"))).unwrap(),
    );
    let classes = want.len() / 3;
    for (batch, bytes) in [(3, &input[..]), (1, &input[..12 * 4]), (3, &input[..])] {
        method.set_input(0, ScalarType::Float, &[batch, 12], bytes).unwrap();
        method.execute().unwrap();
        let Output::Tensor(t) = method.output(0).unwrap() else { panic!("not a tensor") };
        assert_eq!(t.sizes, &[batch, classes]);
        for (a, b) in elements(ScalarType::Float, t.data).iter().zip(&want) {
            assert!((a - b).abs() <= 1e-4 + 1e-3 * b.abs(), "batch {batch}: {a} vs {b}");
        }
    }
}
