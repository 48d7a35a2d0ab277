//! What the ENN tests of `pterun run` share: the binary, the fixtures, the software ENN
//! library and scratch directories.
#![allow(dead_code, reason = "each test binary uses a different subset")]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The `pterun` binary under test.
pub fn pterun() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pterun"))
}

/// `fixtures/enn`.
pub fn enn_fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/enn")
}

/// The software library, built by cargo as a dev-dependency next to the test binary
/// (`<target>/<profile>/deps/`) or by a workspace build in `<target>/<profile>/`.
pub fn emulator() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let deps = exe.parent().expect("deps directory");
    let found = [Some(deps), deps.parent()]
        .into_iter()
        .flatten()
        .map(|d| d.join("libenn_public_api_cpp.so"))
        .find(|p| p.is_file());
    found.expect("libenn_public_api_cpp.so is built as a dev-dependency of this crate")
}

/// Little-endian f32 values of `bytes`.
pub fn floats(bytes: &[u8]) -> Vec<f32> {
    bytes.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect()
}

/// A scratch directory for `tag`, removed when the value drops.
pub fn temp_dir(tag: &str) -> tempfile::TempDir {
    tempfile::Builder::new().prefix(&format!("pterun-enn-{tag}-")).tempdir().expect("temp dir")
}
