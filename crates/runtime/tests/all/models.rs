//! Runs every model fixture made by the official exporter and compares the outputs with
//! those of the official ExecuTorch runtime (f32 within atol 1e-5 + rtol 1e-4, integers and
//! bools exact).

use std::path::Path;

use pterun_core::ScalarType;
use pterun_runtime::{BackendRegistry, Error, ExternalData, LoadOptions, Method, Output, Program};
use serde_json::Value;

use crate::common::{compare, dtype, fixtures, loader, read_json, sizes};

fn run_fixture(name: &str) -> Result<(), String> {
    run_fixture_in(&fixtures(), name, &compare)
}

/// Compares an output's bytes with the expected ones; describes the first mismatch.
pub(crate) type Compare = dyn Fn(ScalarType, &[u8], &[u8]) -> Result<(), String>;

/// Runs fixture `name` of `dir` (a manifest with `io` entries: inputs, expected outputs of
/// each run) and compares each output with `compare`.
pub(crate) fn run_fixture_in(dir: &Path, name: &str, compare: &Compare) -> Result<(), String> {
    let manifest = read_json(&dir.join(format!("{name}.manifest.json")));
    let program = Program::load(loader(&dir.join(format!("{name}.pte"))))
        .map_err(|e| format!("load: {e:?}"))?;
    let external = match manifest.get("data_file").and_then(Value::as_str) {
        Some(file) => {
            Some(ExternalData::load(loader(&dir.join(file))).map_err(|e| format!("ptd: {e:?}"))?)
        }
        None => None,
    };
    let kernels = pterun_kernels::Registry::portable();
    let backends = BackendRegistry::new();
    let io = manifest["io"].as_array().cloned().unwrap_or_default();
    let mut methods: Vec<String> =
        io.iter().filter_map(|e| e["method"].as_str().map(String::from)).collect();
    methods.dedup();
    for method_name in methods {
        let options = LoadOptions {
            kernels: &kernels,
            backends: &backends,
            external_data: external.as_ref(),
            passes: pterun_runtime::Passes::ALL,
        };
        let mut method = Method::load(&program, &method_name, options)
            .map_err(|e| format!("{method_name}: {e}"))?;
        let entries: Vec<&Value> =
            io.iter().filter(|e| e["method"] == method_name.as_str()).collect();
        for e in entries.iter().filter(|e| e["role"] == "input") {
            let (dtype, sizes) = (dtype(&e["dtype"]), sizes(&e["sizes"]));
            let bytes = std::fs::read(dir.join(e["file"].as_str().unwrap())).unwrap();
            let index = e["index"].as_u64().unwrap() as usize;
            method
                .set_input(index, dtype, &sizes, &bytes)
                .map_err(|e| format!("input {index}: {e}"))?;
        }
        for role in ["expected", "expected_run2"] {
            let expected: Vec<&&Value> = entries.iter().filter(|e| e["role"] == role).collect();
            if expected.is_empty() {
                continue;
            }
            method.execute().map_err(|e| format!("{method_name} ({role}): {e} / {e:?}"))?;
            for e in expected {
                let index = e["index"].as_u64().unwrap() as usize;
                let want = std::fs::read(dir.join(e["file"].as_str().unwrap())).unwrap();
                let (dtype, sizes) = (dtype(&e["dtype"]), sizes(&e["sizes"]));
                match method.output(index).map_err(|e| e.to_string())? {
                    Output::Tensor(t) => {
                        if t.sizes != sizes.as_slice() {
                            return Err(format!(
                                "{method_name} output {index}: sizes {:?}, expected {sizes:?}",
                                t.sizes
                            ));
                        }
                        compare(dtype, t.data, &want)
                            .map_err(|m| format!("{method_name} {role} output {index}: {m}"))?;
                    }
                    other => return Err(format!("output {index} is {other:?}")),
                }
            }
        }
    }
    Ok(())
}

#[test]
fn every_cpu_model_fixture_matches_the_official_runtime() {
    let index = read_json(&fixtures().join("manifest-index.json"));
    let names: Vec<String> = index["fixtures"]
        .as_array()
        .map(|a| a.iter().filter_map(|f| f["name"].as_str().map(String::from)).collect())
        .or_else(|| index["fixtures"].as_object().map(|o| o.keys().cloned().collect()))
        .expect("fixture list");
    assert!(names.len() >= 10, "fixture index lists {names:?}");
    let mut failures = Vec::new();
    let mut ran = 0;
    for name in &names {
        // Programs with delegates need their backend; tested separately below.
        let manifest = read_json(&fixtures().join(format!("{name}.manifest.json")));
        let delegated = manifest["methods"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| !m["delegates"].as_array().unwrap().is_empty());
        if delegated {
            continue;
        }
        ran += 1;
        if let Err(message) = run_fixture(name) {
            failures.push(format!("{name}: {message}"));
        }
    }
    assert!(ran >= 9, "only {ran} CPU fixtures ran");
    assert!(
        failures.is_empty(),
        "{} of {ran} fixtures failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn a_delegated_program_without_its_backend_fails_at_load_naming_it() {
    let program = Program::load(loader(&fixtures().join("xnnpack.pte"))).expect("loads");
    let kernels = pterun_kernels::Registry::portable();
    let backends = BackendRegistry::new();
    let options = LoadOptions {
        kernels: &kernels,
        backends: &backends,
        external_data: None,
        passes: pterun_runtime::Passes::ALL,
    };
    match Method::load(&program, "forward", options) {
        Err(Error::BackendNotFound { backend, .. }) => assert_eq!(backend, "XnnpackBackend"),
        other => panic!("expected BackendNotFound, got {other:?}"),
    }
}

/// A delegate blob as a backend received it.
#[derive(Clone)]
struct SeenBlob {
    delegate_index: usize,
    bytes: Vec<u8>,
    fd_offset: Option<u64>,
    zero_copy: bool,
}

/// Records the blob of every delegate it is asked to initialise, with where it came from.
struct RecordingBackend {
    blobs: std::sync::Mutex<Vec<SeenBlob>>,
}

impl pterun_runtime::Backend for RecordingBackend {
    fn name(&self) -> &str {
        "XnnpackBackend"
    }

    fn init(
        &self,
        context: &pterun_runtime::InitContext<'_>,
        blob: pterun_memory::Segment,
        _compile_specs: &[pterun_runtime::CompileSpec<'_>],
    ) -> Result<Box<dyn pterun_runtime::Delegate>, pterun_runtime::BackendError> {
        let record = SeenBlob {
            delegate_index: context.delegate_index,
            bytes: blob.as_bytes().to_vec(),
            fd_offset: blob.provenance().fd_offset(),
            zero_copy: blob.provenance().is_zero_copy(),
        };
        self.blobs.lock().unwrap().push(record);
        Ok(Box::new(NeverRuns))
    }
}

/// A delegate that refuses to execute: the test only looks at initialisation.
struct NeverRuns;

impl pterun_runtime::Delegate for NeverRuns {
    fn execute(
        &mut self,
        _args: &mut [pterun_runtime::DelegateArg<'_>],
    ) -> Result<(), pterun_runtime::BackendError> {
        Err(pterun_runtime::BackendError::new(pterun_core::ErrorCode::NotSupported, "not run"))
    }
}

/// Loads `forward` of a fixture with the recording backend and returns what it saw, and
/// the file's extended header.
fn recorded_blobs(fixture: &str) -> (Vec<SeenBlob>, pterun_format::ExtendedHeader) {
    let bytes = std::fs::read(fixtures().join(fixture)).unwrap();
    let header = pterun_format::ExtendedHeader::parse(&bytes).unwrap().expect("has segments");
    let program = Program::load(loader(&fixtures().join(fixture))).expect("loads");
    let kernels = pterun_kernels::Registry::portable();
    let recorder = std::sync::Arc::new(RecordingBackend { blobs: Default::default() });
    let mut backends = BackendRegistry::new();
    backends.register(recorder.clone()).unwrap();
    let options = LoadOptions {
        kernels: &kernels,
        backends: &backends,
        external_data: None,
        passes: pterun_runtime::Passes::ALL,
    };
    Method::load(&program, "forward", options).expect("loads with the recorder");
    let blobs = recorder.blobs.lock().unwrap().clone();
    (blobs, header)
}

#[test]
fn inline_and_segment_delegate_blobs_reach_the_backend_alike() {
    // The same model exported twice: blobs in segments (the default) and inside the
    // FlatBuffer (`extract_delegate_segments=False`).
    let (segment, segment_header) = recorded_blobs("xnnpack.pte");
    let (inline, inline_header) = recorded_blobs("xnnpack_inline.pte");
    assert_eq!(segment.len(), 2, "delegates initialised");
    assert_eq!(segment.len(), inline.len());
    for (seg, inl) in segment.iter().zip(&inline) {
        let i = seg.delegate_index;
        assert_eq!(i, inl.delegate_index);
        assert!(!seg.bytes.is_empty());
        assert_eq!(seg.bytes, inl.bytes, "delegate {i}: blobs differ");
        assert!(seg.zero_copy && inl.zero_copy, "delegate {i}: a blob was copied");
        // Both come from the mapped file: the inline one from inside the FlatBuffer, the
        // other from the segment data after it.
        let (seg_offset, in_offset) = (seg.fd_offset.unwrap(), inl.fd_offset.unwrap());
        assert!(in_offset + inl.bytes.len() as u64 <= inline_header.program_size, "{in_offset}");
        assert!(seg_offset >= segment_header.segment_base_offset, "{seg_offset}");
    }
}
