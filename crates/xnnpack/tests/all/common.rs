//! Helpers shared by the tests: fixture paths and the delegate blobs of a program.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use pterun_memory::{MmapLoader, MmapOptions};
use serde_json::Value;

/// `fixtures/NAME` of the repository.
pub fn fixture_dir(group: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures").join(group)
}

/// Every XNNPACK-lowered fixture: (directory, name).
pub fn xnnpack_fixtures() -> Vec<(PathBuf, String)> {
    let dir = fixture_dir("xnnpack");
    let index = read_json(&dir.join("manifest-index.json"));
    let mut out: Vec<(PathBuf, String)> = index["fixtures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (dir.clone(), f["name"].as_str().unwrap().to_string()))
        .collect();
    // The two small XNNPACK programs of the model fixtures (blobs in segments and inline).
    for name in ["xnnpack", "xnnpack_inline"] {
        out.push((fixture_dir("models"), name.to_string()));
    }
    out
}

pub fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn loader(path: &Path) -> Arc<MmapLoader> {
    Arc::new(MmapLoader::open(path, MmapOptions::default()).expect("fixture opens"))
}

/// The bytes of every XNNPACK delegate blob of a `.pte` file.
pub fn blobs(pte: &[u8]) -> Vec<Vec<u8>> {
    let program = pterun_format::Program::parse(pte).unwrap();
    let mut out = Vec::new();
    for method in program.methods() {
        for d in &method.delegates {
            if d.backend_id != "XnnpackBackend" {
                continue;
            }
            let r = d.blob.file_range();
            let (start, len) = (r.offset as usize, r.len as usize);
            out.push(pte[start..start + len].to_vec());
        }
    }
    out
}
