//! Program shapes around ENN partitions, through `pterun run` and the software ENN library:
//! several inputs and outputs with an int64 index input (`multi_io`), one partition feeding
//! the next directly (`chained_partitions`), and a partition output that is also a program
//! output and read by later operators (`output_is_program_output`). Every output must equal
//! eager PyTorch's (f32 within 1e-5, integers exactly) on each loader, with and without the
//! library padding its buffers, and the report must list one ENN open per partition.

mod enn_common;

use std::path::PathBuf;

use enn_common::{emulator, enn_fixtures, pterun, temp_dir};

use serde_json::Value;

const F32_TOLERANCE: f32 = 1e-5;

/// One `io` entry of a fixture manifest.
struct IoFile {
    file: String,
    dtype: String,
}

/// What the exporter recorded for a fixture: its inputs, eager outputs and partitions.
struct Fixture {
    inputs: Vec<IoFile>,
    expected: Vec<IoFile>,
    partitions: usize,
}

fn fixture(name: &str) -> Fixture {
    let path = enn_fixtures().join(format!("{name}.manifest.json"));
    let text = std::fs::read_to_string(&path).expect("manifest");
    let manifest: Value = serde_json::from_str(&text).expect("manifest json");
    let io = manifest["io"].as_array().expect("io");
    let with_role = |role: &str| -> Vec<IoFile> {
        let mut entries: Vec<(u64, IoFile)> = io
            .iter()
            .filter(|e| e["role"] == role)
            .map(|e| {
                let index = e["index"].as_u64().expect("index");
                let file = e["file"].as_str().expect("file").to_owned();
                let dtype = e["dtype"].as_str().expect("dtype").to_owned();
                (index, IoFile { file, dtype })
            })
            .collect();
        entries.sort_by_key(|(index, _)| *index);
        for (position, (index, _)) in entries.iter().enumerate() {
            assert_eq!(*index, position as u64, "{name}: {role} indices are 0..n");
        }
        entries.into_iter().map(|(_, e)| e).collect()
    };
    Fixture {
        inputs: with_role("input"),
        expected: with_role("expected"),
        partitions: manifest["blobs"].as_array().expect("blobs").len(),
    }
}

fn assert_same_values(what: &str, dtype: &str, got: &[u8], want: &[u8]) {
    assert_eq!(got.len(), want.len(), "{what}: {} bytes vs eager {}", got.len(), want.len());
    match dtype {
        "float32" => {
            let floats = |b: &[u8]| -> Vec<f32> {
                b.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect()
            };
            for (i, (g, w)) in floats(got).iter().zip(floats(want)).enumerate() {
                assert!((g - w).abs() <= F32_TOLERANCE, "{what}[{i}]: {g} vs eager {w}");
            }
        }
        "int64" | "int32" => assert_eq!(got, want, "{what}: integers differ from eager"),
        other => panic!("{what}: no comparison for dtype {other}"),
    }
}

/// How a case passes its inputs: `--input a --input b`, or `--input a,b`.
#[derive(Clone, Copy, Debug)]
enum InputArgs {
    Repeated,
    CommaSeparated,
}

/// Runs `name` once and checks every output against eager and the number of ENN opens.
fn run_case(
    name: &str,
    partitions: usize,
    loader: &str,
    pad_bytes: Option<&str>,
    inputs: InputArgs,
    io: &str,
) {
    let fx = fixture(name);
    assert_eq!(fx.partitions, partitions, "{name}: partitions in the manifest");
    let case = format!("{name} --loader {loader} --enn-io {io} pad {pad_bytes:?} {inputs:?}");
    let dir_scratch = temp_dir(&format!("{name}-{loader}-{io}-{}", pad_bytes.unwrap_or("0")));
    let dir = dir_scratch.path();
    let files: Vec<PathBuf> = fx.inputs.iter().map(|i| enn_fixtures().join(&i.file)).collect();

    let mut cmd = pterun();
    cmd.arg("run").arg(enn_fixtures().join(format!("{name}.pte")));
    match inputs {
        InputArgs::Repeated => {
            for f in &files {
                cmd.arg("--input").arg(f);
            }
        }
        InputArgs::CommaSeparated => {
            let joined: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
            cmd.arg("--input").arg(joined.join(","));
        }
    }
    cmd.args(["--loader", loader, "--print-output", "none", "--enn-io", io])
        .arg("--enn-lib")
        .arg(emulator())
        .arg("--output-path")
        .arg(dir)
        .arg("--json-report")
        .arg(dir.join("report.json"));
    match pad_bytes {
        Some(pad) => cmd.env("PTERUN_ENN_EMU_PAD_BYTES", pad),
        None => cmd.env_remove("PTERUN_ENN_EMU_PAD_BYTES"),
    };
    let out = cmd.output().expect("runs");
    assert!(out.status.success(), "{case}: {}", String::from_utf8_lossy(&out.stderr));

    for (i, want) in fx.expected.iter().enumerate() {
        let got = std::fs::read(dir.join(format!("output_{i}.bin")))
            .unwrap_or_else(|e| panic!("{case}: output {i} not written: {e}"));
        let eager = std::fs::read(enn_fixtures().join(&want.file)).expect("expected file");
        assert_same_values(&format!("{case}: output {i}"), &want.dtype, &got, &eager);
    }
    let extra = dir.join(format!("output_{}.bin", fx.expected.len()));
    assert!(!extra.exists(), "{case}: more outputs than eager's {}", fx.expected.len());

    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("report.json")).expect("report"))
            .expect("report json");
    let opens = report["enn_opens"].as_array().expect("enn_opens");
    assert_eq!(opens.len(), partitions, "{case}: one ENN open per partition: {opens:?}");
    // Unpadded buffers of tensors in shared arenas are imported: nothing is copied per
    // execution. Padded ones, or copies asked for, are copied.
    let zero_copy = pad_bytes.is_none() && io == "auto";
    for open in opens {
        for buffer in open["buffers"].as_array().expect("buffers") {
            let want = if zero_copy { "imported" } else { "copied" };
            assert_eq!(buffer["transfer"], want, "{case}: {buffer}");
        }
    }
    let per_execution = report["enn"]["bytes_copied_per_execution"].as_u64();
    assert_eq!(per_execution == Some(0), zero_copy, "{case}: {}", report["enn"]);
    let _ = std::fs::remove_dir_all(dir);
}

/// Every fixture on the mmap and shared loaders, again with padded library buffers, and
/// with every tensor copied.
fn run_all_cases(name: &str, partitions: usize) {
    for loader in ["mmap", "shared"] {
        run_case(name, partitions, loader, None, InputArgs::Repeated, "auto");
        run_case(name, partitions, loader, Some("100"), InputArgs::CommaSeparated, "auto");
    }
    run_case(name, partitions, "mmap", None, InputArgs::Repeated, "copy");
}

#[test]
fn multi_io_int64_indices_and_three_outputs_match_eager() {
    // One partition: (int64 indices, f32) -> (f32, f32); outputs f32, f32, int64 (argmax).
    run_all_cases("multi_io", 1);
}

#[test]
fn chained_partitions_pass_a_delegate_output_straight_to_the_next() {
    run_all_cases("chained_partitions", 2);
}

#[test]
fn a_partition_output_returned_and_read_later_matches_eager() {
    run_all_cases("output_is_program_output", 2);
}
