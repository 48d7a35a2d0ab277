//! Replays the committed cases of the differential zoo (`tools/zoo`, `fixtures/zoo`):
//! programs exported from public model code (torch.nn blocks, small torchvision and
//! Hugging Face models) with the references of the official runtime, or of eager PyTorch
//! where the official runtime could not run them, each compared within the bound its
//! manifest states for its element type. Debug builds also run the aliasing check at
//! every load.

use std::path::{Path, PathBuf};

use crate::common::{compare_within, read_json};
use crate::models::run_fixture_in;

fn zoo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/zoo")
}

#[test]
fn every_committed_zoo_case_matches_its_reference() {
    let index = read_json(&zoo().join("manifest-index.json"));
    let names: Vec<String> = index["fixtures"]
        .as_array()
        .map(|a| a.iter().filter_map(|f| f["name"].as_str().map(String::from)).collect())
        .unwrap_or_default();
    assert!(names.len() >= 50, "the zoo index lists only {} cases", names.len());
    let mut failures = Vec::new();
    for name in &names {
        let manifest = read_json(&zoo().join(format!("{name}.manifest.json")));
        let bound = &manifest["zoo"]["tolerance"];
        let (atol, rtol) = (bound[0].as_f64().unwrap(), bound[1].as_f64().unwrap());
        let compare = move |dtype, actual: &[u8], expected: &[u8]| {
            compare_within(dtype, actual, expected, atol, rtol)
        };
        if let Err(message) = run_fixture_in(&zoo(), name, &compare) {
            failures.push(format!("{name}: {message}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} zoo cases failed:\n{}",
        failures.len(),
        names.len(),
        failures.join("\n")
    );
}
