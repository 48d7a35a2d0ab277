//! Runtime behaviour beyond numerics: state, dynamic shapes, missing operators, threads,
//! input checks.

use std::collections::BTreeSet;
use std::sync::Arc;

use pterun_core::{ErrorCode, ScalarType};
use pterun_runtime::{BackendRegistry, Error, LoadOptions, Method, Output, Program};

use crate::common::{compare, fixtures, loader, read_json};

fn load(name: &str, kernels: &pterun_kernels::Registry) -> Result<Method, Error> {
    let program = Program::load(loader(&fixtures().join(format!("{name}.pte"))))?;
    let backends = BackendRegistry::new();
    Method::load(
        &program,
        "forward",
        LoadOptions {
            kernels,
            backends: &backends,
            external_data: None,
            passes: pterun_runtime::Passes::ALL,
        },
    )
}

fn floats(bytes: &[u8]) -> Vec<f32> {
    bytes.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect()
}

fn first_output(method: &Method) -> (Vec<usize>, Vec<f32>) {
    match method.output(0).expect("output 0") {
        Output::Tensor(t) => (t.sizes.to_vec(), floats(t.data)),
        other => panic!("output 0 is {other:?}"),
    }
}

#[test]
fn mutable_buffer_state_persists_across_executions() {
    let kernels = pterun_kernels::Registry::portable();
    let mut method = load("mutable_buffer", &kernels).expect("loads");
    let ones: Vec<u8> = [1.0f32; 4].iter().flat_map(|v| v.to_le_bytes()).collect();
    method.set_input(0, ScalarType::Float, &[4], &ones).expect("input");
    // acc starts at ones(4); each run adds x = 1 and returns acc * 2.
    for expected in [4.0f32, 6.0, 8.0] {
        method.execute().expect("runs");
        assert_eq!(first_output(&method).1, vec![expected; 4]);
    }
    // A fresh load starts from the initial state again.
    let mut fresh = load("mutable_buffer", &kernels).expect("loads");
    fresh.set_input(0, ScalarType::Float, &[4], &ones).expect("input");
    fresh.execute().expect("runs");
    assert_eq!(first_output(&fresh).1, vec![4.0; 4]);
}

#[test]
fn dynamic_shapes_resize_outputs_and_refuse_out_of_bound_sizes() {
    let kernels = pterun_kernels::Registry::portable();
    let mut method = load("dynamic", &kernels).expect("loads");
    for batch in [1usize, 3, 8] {
        let input = vec![0u8; batch * 8 * 4];
        method.set_input(0, ScalarType::Float, &[batch, 8], &input).expect("within bounds");
        method.execute().expect("runs");
        assert_eq!(first_output(&method).0, vec![batch, 4], "batch {batch}");
    }
    let too_big = vec![0u8; 9 * 8 * 4];
    match method.set_input(0, ScalarType::Float, &[9, 8], &too_big) {
        Err(e @ Error::InputShape { .. }) => {
            assert_eq!(e.code(), ErrorCode::NotSupported);
            let text = e.to_string();
            assert!(
                text.contains("[8, 8]") && text.contains("[9, 8]") && text.contains("capacity"),
                "{text}"
            );
        }
        other => panic!("expected InputShape, got {other:?}"),
    }
    match method.set_input(0, ScalarType::Float, &[64], &vec![0u8; 256]) {
        Err(Error::InputShape { reason, .. }) => assert!(reason.contains("rank"), "{reason}"),
        other => panic!("expected InputShape, got {other:?}"),
    }
    // The method still works at a valid size after a refused one.
    let input: Vec<u8> = std::fs::read(fixtures().join("dynamic.input0.bin")).expect("input");
    method.set_input(0, ScalarType::Float, &[3, 8], &input).expect("valid");
    method.execute().expect("runs");
    let expected = std::fs::read(fixtures().join("dynamic.expected0.bin")).expect("expected");
    match method.output(0).expect("output") {
        Output::Tensor(t) => compare(t.dtype, t.data, &expected).expect("matches official runtime"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn unknown_operators_are_all_named_at_load() {
    let empty = pterun_kernels::Registry::new();
    let manifest = read_json(&fixtures().join("transformer.manifest.json"));
    let expected: BTreeSet<String> = manifest["methods"][0]["operators"]
        .as_array()
        .expect("operators")
        .iter()
        .map(|o| o["name"].as_str().expect("name").to_string())
        .collect();
    match load("transformer", &empty) {
        Err(e @ Error::OperatorMissing { .. }) => {
            assert_eq!(e.code(), ErrorCode::OperatorMissing);
            let Error::OperatorMissing { names } = e else { unreachable!() };
            assert_eq!(names.into_iter().collect::<BTreeSet<_>>(), expected);
        }
        other => panic!("expected OperatorMissing, got {other:?}"),
    }
}

#[test]
fn inputs_are_checked_for_count_type_and_size() {
    let kernels = pterun_kernels::Registry::portable();
    let mut method = load("linear", &kernels).expect("loads");
    assert!(matches!(method.execute(), Err(Error::InputNotSet { index: 0 })));
    assert!(matches!(
        method.set_input(0, ScalarType::Long, &[1, 4], &[0; 32]),
        Err(Error::InputDtype { index: 0, expected: ScalarType::Float, found: ScalarType::Long })
    ));
    assert!(matches!(
        method.set_input(0, ScalarType::Float, &[1, 4], &[0; 12]),
        Err(Error::InputBytes { index: 0, expected: 16, found: 12 })
    ));
    assert!(matches!(
        method.set_input(1, ScalarType::Float, &[1, 4], &[0; 16]),
        Err(Error::InputCount { expected: 1, .. })
    ));
    assert!(matches!(
        method.set_input(0, ScalarType::Float, &[2, 4], &[0; 32]),
        Err(Error::InputShape { .. })
    ));
}

#[test]
fn one_program_serves_several_threads() {
    let program = Program::load(loader(&fixtures().join("two_methods.pte"))).expect("loads");
    let kernels = Arc::new(pterun_kernels::Registry::portable());
    let handles: Vec<_> = ["forward", "encode", "forward", "encode"]
        .into_iter()
        .map(|name| {
            let program = program.clone();
            let kernels = kernels.clone();
            std::thread::spawn(move || {
                let backends = BackendRegistry::new();
                let options = LoadOptions {
                    kernels: &kernels,
                    backends: &backends,
                    external_data: None,
                    passes: pterun_runtime::Passes::ALL,
                };
                let mut method = Method::load(&program, name, options).expect("method loads");
                let prefix = if name == "forward" {
                    "two_methods".to_string()
                } else {
                    format!("two_methods.{name}")
                };
                let input =
                    std::fs::read(fixtures().join(format!("{prefix}.input0.bin"))).expect("input");
                let expected = std::fs::read(fixtures().join(format!("{prefix}.expected0.bin")))
                    .expect("expected");
                method.set_input(0, ScalarType::Float, &[1, 6], &input).expect("input");
                for _ in 0..50 {
                    method.execute().expect("runs");
                    match method.output(0).expect("output") {
                        Output::Tensor(t) => compare(t.dtype, t.data, &expected).expect("matches"),
                        other => panic!("{other:?}"),
                    }
                }
            })
        })
        .collect();
    for handle in handles {
        handle.join().expect("thread finished");
    }
}

#[test]
fn missing_method_lists_the_available_ones() {
    let program = Program::load(loader(&fixtures().join("two_methods.pte"))).expect("loads");
    let kernels = pterun_kernels::Registry::portable();
    let backends = BackendRegistry::new();
    match Method::load(
        &program,
        "decode",
        LoadOptions {
            kernels: &kernels,
            backends: &backends,
            external_data: None,
            passes: pterun_runtime::Passes::ALL,
        },
    ) {
        Err(Error::MethodNotFound { name, available }) => {
            assert_eq!(name, "decode");
            assert_eq!(available, vec!["encode".to_string(), "forward".to_string()]);
        }
        other => panic!("expected MethodNotFound, got {other:?}"),
    }
}

#[test]
fn weight_transposes_are_fused_into_the_product() {
    let kernels = pterun_kernels::Registry::portable();
    // linear.pte: permute_copy(weight) then addmm: rewritten as linear.out on the weight.
    let mut method = load("linear", &kernels).expect("loads");
    let stats = method.load_stats();
    assert_eq!(stats.fused_linears, 1, "{stats:?}");
    assert_eq!(stats.folded_instructions, 0, "nothing left to compute at load: {stats:?}");
    method.set_profiling(true);
    let input = std::fs::read(fixtures().join("linear.input0.bin")).expect("input");
    method.set_input(0, ScalarType::Float, &[1, 4], &input).expect("input");
    for _ in 0..3 {
        method.execute().expect("runs");
        let expected = std::fs::read(fixtures().join("linear.expected0.bin")).expect("expected");
        match method.output(0).expect("output") {
            Output::Tensor(t) => compare(t.dtype, t.data, &expected).expect("matches"),
            other => panic!("{other:?}"),
        }
    }
    // The transpose costs nothing at run time; the product runs as linear.out.
    assert!(method.profile_events().iter().all(|e| e.name != "aten::permute_copy.out"));
    assert!(method.profile_events().iter().any(|e| e.name == "aten::linear.out"));
}

#[test]
fn kernels_with_only_constant_inputs_run_once_at_load() {
    // Without a linear kernel to fuse into, the weight transpose is folded at load instead.
    let mut kernels = pterun_kernels::Registry::new();
    let portable = pterun_kernels::Registry::portable();
    for name in ["aten::permute_copy.out", "aten::addmm.out"] {
        let (name, kernel) = portable.get(name).expect("registered");
        kernels.register(name, kernel).expect("new name");
    }
    let mut method = load("linear", &kernels).expect("loads");
    let stats = method.load_stats();
    assert_eq!(
        (stats.fused_linears, stats.folded_instructions, stats.folded_bytes),
        (0, 1, 4 * 3 * 4)
    );
    method.set_profiling(true);
    let input = std::fs::read(fixtures().join("linear.input0.bin")).expect("input");
    method.set_input(0, ScalarType::Float, &[1, 4], &input).expect("input");
    method.execute().expect("runs");
    let expected = std::fs::read(fixtures().join("linear.expected0.bin")).expect("expected");
    match method.output(0).expect("output") {
        Output::Tensor(t) => compare(t.dtype, t.data, &expected).expect("matches"),
        other => panic!("{other:?}"),
    }
    assert!(method.profile_events().iter().all(|e| e.name != "aten::permute_copy.out"));
}

/// Runs `name` once on its input 0 with `kernels`; returns the load stats and output 0.
fn run_once(
    name: &str,
    kernels: &pterun_kernels::Registry,
    sizes: &[usize],
) -> (pterun_runtime::MethodLoadStats, Vec<u8>) {
    let mut method = load(name, kernels).expect("loads");
    let input = std::fs::read(fixtures().join(format!("{name}.input0.bin"))).expect("input");
    method.set_input(0, ScalarType::Float, sizes, &input).expect("input");
    method.execute().expect("runs");
    let out = match method.output(0).expect("output") {
        Output::Tensor(t) => t.data.to_vec(),
        other => panic!("{other:?}"),
    };
    (method.load_stats(), out)
}

#[test]
fn load_time_fusions_change_no_bit() {
    let portable = pterun_kernels::Registry::portable();
    // The same kernels without the substitutes: nothing is rewritten.
    let substitutes =
        [pterun_kernels::CONV_NORM_CLAMP, pterun_kernels::MAX_POOL2D, pterun_kernels::POINTWISE];
    let mut unfused = pterun_kernels::Registry::new();
    for name in portable.names() {
        if !substitutes.contains(&name) {
            let (name, kernel) = portable.get(name).expect("registered");
            unfused.register(name, kernel).expect("new name");
        }
    }
    // cnn: convolution, batch norm, relu; digits: two convolutions each followed by relu;
    // mbconv: MobileNetV2 at a tenth of its width, where the planner put some fused results
    // over their convolution's input (those move into the convolution's output bytes);
    // hardswish_net: MobileNetV3-small at a quarter of its width, whose hardswish and
    // hardsigmoid are chains of add, clamp, mul and div (fused into pointwise steps).
    let cases = [
        ("cnn", [1, 3, 16, 16], 2, 1, 0, 0),
        ("digits", [1, 1, 8, 8], 2, 1, 0, 0),
        ("mbconv", [1, 3, 48, 48], 81, 0, 4, 0),
        ("hardswish_net", [1, 3, 48, 48], 43, 0, 2, 94),
    ];
    for (name, sizes, fused, pools, moved, pointwise) in cases {
        let (stats, out) = run_once(name, &portable, &sizes);
        assert_eq!(stats.fused_epilogues, fused, "{name}: {stats:?}");
        assert_eq!(stats.pools_without_indices, pools, "{name}: {stats:?}");
        assert_eq!(stats.moved_results, moved, "{name}: {stats:?}");
        assert_eq!(stats.fused_pointwise, pointwise, "{name}: {stats:?}");
        let (plain_stats, plain) = run_once(name, &unfused, &sizes);
        let plain_rewrites = (
            plain_stats.fused_epilogues,
            plain_stats.pools_without_indices,
            plain_stats.fused_pointwise,
        );
        assert_eq!(plain_rewrites, (0, 0, 0));
        assert_eq!(out, plain, "{name}: fused output differs from the unfused one");
        let expected =
            std::fs::read(fixtures().join(format!("{name}.expected0.bin"))).expect("expected");
        compare(ScalarType::Float, &out, &expected).expect("matches the official runtime");
    }
}
