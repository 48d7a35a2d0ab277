//! Op fixtures run with indices outside their dimension: the official runtime refuses each
//! of these program/input pairs with `InvalidArgument (0x12)` (checked with
//! `executorch.runtime` 1.5.1 when the cases were written; the generator's `dropped` list
//! records the same refusal for `scatter_src_oob`, `scatter_add_oob` and
//! `scatter_value_neg_index`), and pterun must refuse them with the same code, naming the
//! index, instead of writing out of bounds or panicking.

use std::path::{Path, PathBuf};
use std::process::Command;

fn ops_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/ops")
}

fn i64_file(dir: &Path, name: &str, values: &[i64]) -> PathBuf {
    let path = dir.join(name);
    let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
    std::fs::write(&path, bytes).expect("writes");
    path
}

/// Runs fixture `case` with input `bad_at` replaced by `bad` (int64 values of the same
/// sizes) and returns pterun's exit status and message.
fn run_with_bad_index(case: &str, inputs: usize, bad_at: usize, bad: &[i64]) -> (bool, String) {
    let dir = tempfile::Builder::new()
        .prefix(&format!("pterun-op-errors-{case}-"))
        .tempdir()
        .expect("temp dir");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pterun"));
    cmd.arg("run").arg(ops_dir().join(format!("{case}.pte"))).arg("--print-output").arg("none");
    for i in 0..inputs {
        let file = if i == bad_at {
            i64_file(dir.path(), "bad_index.bin", bad)
        } else {
            ops_dir().join(format!("{case}.input{i}.bin"))
        };
        cmd.arg("--input").arg(file);
    }
    let out = cmd.output().expect("runs");
    let text =
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

#[test]
fn scatter_indices_outside_their_dimension_are_refused_like_the_official_runtime() {
    // (fixture, inputs, index input, bad index values, the value the error must name)
    let cases: [(&str, usize, usize, &[i64], &str); 5] = [
        ("scatter_src", 3, 1, &[0, 5, 1, 2, 3, 4], "index 5"),
        ("scatter_src", 3, 1, &[0, -1, 1, 2, 3, 4], "index -1"),
        ("scatter_add", 3, 1, &[0, 1, 2, 3].repeat(5), "index 3"),
        ("scatter_value", 2, 1, &[0, 1, 2, 7, 3, 4], "index 7"),
        ("scatter_value_int64", 2, 1, &[0, 1, 2, 1, 2, 0, 1, -2], "index -2"),
    ];
    for (case, inputs, bad_at, bad, names) in cases {
        let (ok, text) = run_with_bad_index(case, inputs, bad_at, bad);
        assert!(!ok, "{case} with {bad:?} ran: {text}");
        assert!(text.contains("out of range") && text.contains(names), "{case}: {text}");
        assert!(
            text.contains("0x12"),
            "{case}: not InvalidArgument like the official runtime: {text}"
        );
    }
}
