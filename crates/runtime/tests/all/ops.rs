//! Op-level fixtures: one operator per program, several shapes each, outputs from the
//! official runtime (from eager PyTorch for the cases marked `"reference": "eager"`, which
//! the official runtime cannot run). Every case must match (f32 within atol 1e-5 + rtol 1e-4, integers and
//! bools exact).

use pterun_runtime::{BackendRegistry, LoadOptions, Method, Output, Program};
use serde_json::Value;

use crate::common::{compare, dtype, loader, op_fixtures, read_json, sizes};

fn run_case(case: &Value, kernels: &pterun_kernels::Registry) -> Result<(), String> {
    let dir = op_fixtures();
    let file = case["file"].as_str().ok_or("case without file")?;
    let program = Program::load(loader(&dir.join(file))).map_err(|e| format!("load: {e}"))?;
    let backends = BackendRegistry::new();
    let options = LoadOptions {
        kernels,
        backends: &backends,
        external_data: None,
        passes: pterun_runtime::Passes::ALL,
    };
    let mut method = Method::load(&program, "forward", options).map_err(|e| format!("{e}"))?;
    for (i, input) in case["inputs"].as_array().into_iter().flatten().enumerate() {
        let bytes = std::fs::read(dir.join(input["file"].as_str().unwrap_or("")))
            .map_err(|e| e.to_string())?;
        method
            .set_input(i, dtype(&input["dtype"]), &sizes(&input["sizes"]), &bytes)
            .map_err(|e| format!("input {i}: {e}"))?;
    }
    method.execute().map_err(|e| format!("execute: {e}: {e:?}"))?;
    for (i, expected) in case["outputs"].as_array().into_iter().flatten().enumerate() {
        let want = std::fs::read(dir.join(expected["file"].as_str().unwrap_or("")))
            .map_err(|e| e.to_string())?;
        match method.output(i).map_err(|e| e.to_string())? {
            Output::Tensor(t) => {
                let expected_sizes = sizes(&expected["sizes"]);
                if t.sizes != expected_sizes.as_slice() {
                    return Err(format!(
                        "output {i}: sizes {:?}, expected {expected_sizes:?}",
                        t.sizes
                    ));
                }
                if t.dtype != dtype(&expected["dtype"]) {
                    return Err(format!(
                        "output {i}: dtype {}, expected {}",
                        t.dtype, expected["dtype"]
                    ));
                }
                compare(t.dtype, t.data, &want).map_err(|m| format!("output {i}: {m}"))?;
            }
            other => return Err(format!("output {i} is {other:?}")),
        }
    }
    Ok(())
}

#[test]
fn every_op_fixture_matches_the_official_runtime() {
    let index = read_json(&op_fixtures().join("index.json"));
    let cases = index["cases"].as_array().expect("case list");
    assert!(cases.len() >= 100, "only {} op cases", cases.len());
    let kernels = pterun_kernels::Registry::portable();
    let mut failures = Vec::new();
    for case in cases {
        if let Err(message) = run_case(case, &kernels) {
            failures.push(format!("{}: {message}", case["name"].as_str().unwrap_or("?")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} op cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
