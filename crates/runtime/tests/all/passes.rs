//! The load-time passes change no bit: every model and zoo fixture gives byte-identical
//! outputs with all passes, with each pass switched off in turn, and with none; and
//! switching a pass off really removes its rewrites.
//!
//! One exception, stated here so that it cannot grow silently: `transposed_linear` turns
//! `addmm(bias, x, permute_copy(W))` into `linear(x, W, bias)`. For up to 4 input rows both
//! now sum alike (dot products of the weight's rows), but above that the matrix product over
//! the transposed view and over the transposed copy can round differently in the last bits.
//! Without that pass, outputs are checked within 1e-5 + 1e-4 |expected| (the zoo's f32
//! bound); every other pass must change no bit.

use std::path::{Path, PathBuf};

use pterun_runtime::{
    BackendRegistry, ExternalData, LoadOptions, Method, Output, Pass, Passes, Program,
};
use serde_json::Value;

use crate::common::{compare_within, dtype, fixtures, loader, read_json, sizes};

/// The outputs (type and bytes) of every method of fixture `name` in `dir`, loaded with
/// `passes`, and what the passes rewrote.
type Outputs = Vec<(pterun_core::ScalarType, Vec<u8>)>;

fn outputs_with(dir: &Path, name: &str, passes: Passes) -> Result<(Outputs, usize), String> {
    let manifest = read_json(&dir.join(format!("{name}.manifest.json")));
    let program = Program::load(loader(&dir.join(format!("{name}.pte"))))
        .map_err(|e| format!("load: {e}"))?;
    let external = match manifest.get("data_file").and_then(Value::as_str) {
        Some(file) => Some(ExternalData::load(loader(&dir.join(file))).map_err(|e| e.to_string())?),
        None => None,
    };
    let kernels = pterun_kernels::Registry::portable();
    let backends = BackendRegistry::new();
    let io = manifest["io"].as_array().cloned().unwrap_or_default();
    let mut methods: Vec<String> =
        io.iter().filter_map(|e| e["method"].as_str().map(String::from)).collect();
    methods.dedup();
    let (mut outputs, mut rewrites) = (Vec::new(), 0);
    for method_name in methods {
        let options = LoadOptions {
            external_data: external.as_ref(),
            passes,
            ..LoadOptions::new(&kernels, &backends)
        };
        let mut method = Method::load(&program, &method_name, options)
            .map_err(|e| format!("{method_name}: {e}"))?;
        rewrites += method.load_stats().by_pass().iter().map(|(_, n)| n).sum::<usize>();
        for e in io.iter().filter(|e| e["method"] == method_name.as_str() && e["role"] == "input") {
            let bytes = std::fs::read(dir.join(e["file"].as_str().unwrap())).unwrap();
            let index = e["index"].as_u64().unwrap() as usize;
            method
                .set_input(index, dtype(&e["dtype"]), &sizes(&e["sizes"]), &bytes)
                .map_err(|e| format!("input {index}: {e}"))?;
        }
        method.execute().map_err(|e| format!("{method_name}: {e}"))?;
        for index in 0..method.output_count() {
            use pterun_core::ScalarType;
            outputs.push(match method.output(index).map_err(|e| e.to_string())? {
                Output::Tensor(t) => (t.dtype, t.data.to_vec()),
                Output::Int(v) => (ScalarType::Long, v.to_le_bytes().to_vec()),
                Output::Double(v) => (ScalarType::Double, v.to_le_bytes().to_vec()),
                Output::Bool(v) => (ScalarType::Bool, vec![u8::from(v)]),
                Output::Other(kind) => (ScalarType::Byte, kind.as_bytes().to_vec()),
            });
        }
    }
    Ok((outputs, rewrites))
}

fn names(dir: &Path) -> Vec<String> {
    let index = read_json(&dir.join("manifest-index.json"));
    index["fixtures"]
        .as_array()
        .map(|a| a.iter().filter_map(|f| f["name"].as_str().map(String::from)).collect())
        .or_else(|| index["fixtures"].as_object().map(|o| o.keys().cloned().collect()))
        .unwrap_or_default()
}

#[test]
fn every_fixture_is_bit_identical_with_any_pass_switched_off() {
    let zoo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/zoo");
    let dirs: [PathBuf; 2] = [fixtures(), zoo];
    let mut variants: Vec<(String, Passes)> =
        Pass::PIPELINE.iter().map(|p| (format!("without {p}"), Passes::ALL.without(*p))).collect();
    variants.push(("without any pass".into(), Passes::NONE));
    let (mut checked, mut rewritten, mut failures) = (0, 0, Vec::new());
    for dir in &dirs {
        for name in names(dir) {
            let Ok((reference, rewrites)) = outputs_with(dir, &name, Passes::ALL) else {
                continue; // fixtures the runtime refuses are covered by their own tests
            };
            checked += 1;
            rewritten += usize::from(rewrites > 0);
            for (label, passes) in &variants {
                let exact = passes.contains(Pass::TransposedLinear);
                let (atol, rtol) = if exact { (0.0, 0.0) } else { (1e-5, 1e-4) };
                match outputs_with(dir, &name, *passes) {
                    Ok((outputs, _)) if outputs == reference => {}
                    Ok((outputs, _)) if outputs.len() == reference.len() => {
                        let pairs = outputs.iter().zip(&reference).enumerate();
                        for (i, ((dtype, got), (_, want))) in pairs.filter(|(_, (g, w))| g != w) {
                            // The exact comparison fails; its message shows the element.
                            let detail = match compare_within(*dtype, got, want, atol, rtol) {
                                Ok(()) if !exact => continue,
                                Ok(()) => "bytes differ (e.g. -0 against +0)".to_string(),
                                Err(m) => m,
                            };
                            failures.push(format!("{name} {label}: output {i}: {detail}"));
                        }
                    }
                    Ok(_) => {
                        failures.push(format!("{name} {label}: the number of outputs differs"))
                    }
                    Err(e) => failures.push(format!("{name} {label}: {e}")),
                }
            }
        }
    }
    assert!(checked >= 100, "only {checked} fixtures ran");
    assert!(rewritten >= 20, "only {rewritten} fixtures were rewritten by any pass");
    assert!(failures.is_empty(), "{} differences:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn a_pass_switched_off_rewrites_nothing_and_names_parse() {
    let (_, with) = outputs_with(&fixtures(), "linear", Passes::ALL).unwrap();
    let (_, without) = outputs_with(&fixtures(), "linear", Passes::NONE).unwrap();
    assert!(with > 0, "the linear layer is rewritten");
    assert_eq!(without, 0);
    assert_eq!(Passes::all_but(["all"]).unwrap(), Passes::NONE);
    let no_fold = Passes::all_but(["fold_constants"]).unwrap();
    assert!(!no_fold.contains(Pass::FoldConstants) && no_fold.contains(Pass::Pointwise));
    let err = Passes::all_but(["fusion"]).unwrap_err().to_string();
    assert!(err.contains("unknown pass \"fusion\"") && err.contains("pointwise"), "{err}");
    for pass in Pass::PIPELINE {
        assert_eq!(pass.name().parse::<Pass>().unwrap(), pass);
    }
}
