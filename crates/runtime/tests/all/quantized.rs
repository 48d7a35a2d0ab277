//! Quantized programs without delegation (fixtures/quantized, from the official exporter):
//! the `quantized_decomposed` kernels against the official runtime.
//!
//! Bound: integer outputs (quantized values, zero points) exactly; floating-point outputs
//! within one quantization step per element, `|a - b| <= step + 1e-5 + 1e-4 |b|`. `step` is
//! the smallest gap between distinct expected values of that output when they lie on a
//! grid (the output of a final dequantize: one step is one flipped rounding upstream, from
//! a different f32 summation order), and 0 otherwise (so the f32 tolerance of the other
//! fixtures applies). Every fixture's largest difference is printed, in steps.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use pterun_core::ScalarType;
use pterun_runtime::{BackendRegistry, Error, LoadOptions, Method, Program};

use crate::common::{loader, read_json};
use crate::models::run_fixture_in;

fn quantized_fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/quantized")
}

fn floats(dtype: ScalarType, bytes: &[u8]) -> Option<Vec<f64>> {
    let size = dtype.element_size();
    let widen: fn(&[u8]) -> f64 = match dtype {
        ScalarType::Float => |c| f64::from(f32::from_le_bytes(c.try_into().unwrap())),
        ScalarType::Double => |c| f64::from_le_bytes(c.try_into().unwrap()),
        ScalarType::Half => |c| half::f16::from_le_bytes(c.try_into().unwrap()).to_f64(),
        _ => return None,
    };
    Some(bytes.chunks_exact(size).map(widen).collect())
}

/// The quantization step of `values` if they lie on a grid: the smallest positive gap
/// between distinct values, when every value is a whole multiple of it (within 1e-3 of a
/// step) from the smallest; 0 otherwise.
fn grid_step(values: &[f64]) -> f64 {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    sorted.sort_by(f64::total_cmp);
    sorted.dedup();
    let step = sorted.windows(2).map(|w| w[1] - w[0]).fold(f64::INFINITY, f64::min);
    if !step.is_finite() || step <= 0.0 || sorted.len() < 3 {
        return 0.0;
    }
    let on_grid = sorted.iter().all(|v| {
        let k = (v - sorted[0]) / step;
        (k - k.round()).abs() < 1e-3
    });
    if on_grid {
        step
    } else {
        0.0
    }
}

/// Largest difference seen, in steps (or absolute when there is no grid).
#[derive(Default, Debug)]
struct Worst {
    steps: f64,
    abs: f64,
}

fn compare_quantized(
    worst: &RefCell<Worst>,
    dtype: ScalarType,
    actual: &[u8],
    expected: &[u8],
) -> Result<(), String> {
    if actual.len() != expected.len() {
        return Err(format!("{} bytes, expected {}", actual.len(), expected.len()));
    }
    let (Some(a), Some(b)) = (floats(dtype, actual), floats(dtype, expected)) else {
        return if actual == expected { Ok(()) } else { Err(format!("{dtype} values differ")) };
    };
    let step = grid_step(&b);
    let mut w = worst.borrow_mut();
    for (i, (x, y)) in a.iter().zip(&b).enumerate() {
        let d = (x - y).abs();
        w.abs = w.abs.max(d);
        if step > 0.0 {
            w.steps = w.steps.max(d / step);
        }
        if d.is_nan() || d > step + 1e-5 + 1e-4 * y.abs() {
            return Err(format!("element {i}: {x} vs expected {y} (step {step})"));
        }
    }
    Ok(())
}

fn fixture_names() -> Vec<String> {
    let index = read_json(&quantized_fixtures().join("manifest-index.json"));
    index["fixtures"]
        .as_array()
        .expect("fixture list")
        .iter()
        .filter_map(|f| f["name"].as_str().map(String::from))
        .collect()
}

#[test]
fn every_quantized_fixture_matches_the_official_runtime() {
    let names = fixture_names();
    assert!(names.len() >= 12, "fixture index lists {names:?}");
    let mut failures = Vec::new();
    for name in &names {
        let worst = Rc::new(RefCell::new(Worst::default()));
        let seen = Rc::clone(&worst);
        let compare =
            move |dtype: ScalarType, a: &[u8], b: &[u8]| compare_quantized(&seen, dtype, a, b);
        match run_fixture_in(&quantized_fixtures(), name, &compare) {
            Ok(()) => {
                let w = worst.borrow();
                println!("{name:32} max |diff| {:.3e} ({:.2} steps)", w.abs, w.steps);
            }
            Err(message) => failures.push(format!("{name}: {message}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixtures failed:\n{}",
        failures.len(),
        names.len(),
        failures.join("\n")
    );
}

#[test]
fn every_quantized_operator_of_the_fixtures_has_a_kernel() {
    // The manifests list the programs' operators: each quantized one must be registered,
    // so that a fixture cannot pass by not being run.
    let kernels = pterun_kernels::Registry::portable();
    let mut seen = 0;
    for name in fixture_names() {
        let manifest = read_json(&quantized_fixtures().join(format!("{name}.manifest.json")));
        for op in manifest["operators"].as_array().expect("operators") {
            let op = op.as_str().expect("name");
            if op.starts_with("quantized_decomposed::") {
                seen += 1;
                assert!(kernels.get(op).is_some(), "{name}: no kernel for {op}");
            }
        }
    }
    assert!(seen >= 20, "only {seen} quantized operator uses");
}

#[test]
fn a_program_whose_quantized_operator_is_missing_fails_at_load_naming_it() {
    let missing = "quantized_decomposed::choose_qparams.Tensor_out";
    let portable = pterun_kernels::Registry::portable();
    let mut kernels = pterun_kernels::Registry::new();
    for name in portable.names().filter(|n| *n != missing) {
        let (name, kernel) = portable.get(name).expect("listed");
        kernels.register(name, kernel).expect("once");
    }
    let path = quantized_fixtures().join("q_dynamic_linear.pte");
    let program = Program::load(loader(&path)).expect("loads");
    let backends = BackendRegistry::new();
    let options = LoadOptions {
        kernels: &kernels,
        backends: &backends,
        external_data: None,
        passes: pterun_runtime::Passes::ALL,
    };
    match Method::load(&program, "forward", options) {
        Err(Error::OperatorMissing { names }) => assert_eq!(names, [missing]),
        Err(other) => panic!("expected OperatorMissing, got {other:?}"),
        Ok(_) => panic!("loaded without {missing}"),
    }
}
