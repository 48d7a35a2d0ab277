//! `pterun run` end to end: outputs written with `--output-path` equal the official
//! runtime's, the upstream runners' flag spellings work, statistics and reports are
//! written, and bad inputs are refused with exit code 3.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn pterun() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pterun"))
}

fn models() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/models")
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("readable")).expect("json")
}

/// A scratch directory for `tag`, removed when the value drops.
fn temp_dir(tag: &str) -> tempfile::TempDir {
    tempfile::Builder::new().prefix(&format!("pterun-cli-{tag}-")).tempdir().expect("temp dir")
}

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

fn close(dtype: &str, actual: &[u8], expected: &[u8]) -> bool {
    if dtype == "float64" {
        // The official f64 products go through a blas whose summation order differs.
        return actual.len() == expected.len()
            && actual.chunks_exact(8).zip(expected.chunks_exact(8)).all(|(a, e)| {
                let a = f64::from_le_bytes(a.try_into().unwrap_or_default());
                let e = f64::from_le_bytes(e.try_into().unwrap_or_default());
                (a - e).abs() <= 1e-12 + 1e-10 * e.abs()
            });
    }
    if dtype != "float32" {
        return actual == expected;
    }
    actual.len() == expected.len()
        && actual.chunks_exact(4).zip(expected.chunks_exact(4)).all(|(a, e)| {
            let a = f32::from_le_bytes([a[0], a[1], a[2], a[3]]);
            let e = f32::from_le_bytes([e[0], e[1], e[2], e[3]]);
            (a - e).abs() <= 1e-5 + 1e-4 * e.abs()
        })
}

#[test]
fn output_path_files_match_the_official_runtime_for_every_cpu_fixture() {
    let index = read_json(&models().join("manifest-index.json"));
    let mut checked = 0;
    for fixture in index["fixtures"].as_array().expect("list") {
        let name = fixture["name"].as_str().expect("name");
        let manifest = read_json(&models().join(format!("{name}.manifest.json")));
        if manifest["methods"]
            .as_array()
            .expect("methods")
            .iter()
            .any(|m| !m["delegates"].as_array().expect("d").is_empty())
        {
            continue;
        }
        let io = manifest["io"].as_array().expect("io");
        let inputs: Vec<&Value> =
            io.iter().filter(|e| e["role"] == "input" && e["method"] == "forward").collect();
        let expected: Vec<&Value> =
            io.iter().filter(|e| e["role"] == "expected" && e["method"] == "forward").collect();
        let out_dir_scratch = temp_dir(&format!("out-{name}"));
        let out_dir = out_dir_scratch.path();
        let mut cmd = pterun();
        cmd.arg("run")
            .arg(models().join(format!("{name}.pte")))
            .arg("--output-path")
            .arg(out_dir)
            .arg("--print-output")
            .arg("none");
        for input in &inputs {
            cmd.arg("--input").arg(models().join(input["file"].as_str().expect("file")));
        }
        if let Some(data) = manifest["data_file"].as_str() {
            cmd.arg("--data-path").arg(models().join(data));
        }
        let out = cmd.output().expect("runs");
        assert!(out.status.success(), "{name}: {}", text(&out));
        for e in expected {
            let index = e["index"].as_u64().expect("index");
            let actual = std::fs::read(out_dir.join(format!("output_{index}.bin")))
                .expect("output file written");
            let want =
                std::fs::read(models().join(e["file"].as_str().expect("file"))).expect("expected");
            assert!(
                close(e["dtype"].as_str().unwrap_or(""), &actual, &want),
                "{name} output {index} differs"
            );
        }
        checked += 1;
    }
    assert!(checked >= 9, "only {checked} fixtures checked");
}

#[test]
fn digit_samples_are_classified_as_the_official_runtime_does() {
    let manifest = read_json(&models().join("digits.manifest.json"));
    for sample in manifest["samples"].as_array().expect("samples") {
        let out = pterun()
            .arg("run")
            .arg(models().join("digits.pte"))
            .arg("--input")
            .arg(models().join(sample["file"].as_str().expect("file")))
            .output()
            .expect("runs");
        assert!(out.status.success(), "{}", text(&out));
        let predicted = sample["predicted"].as_u64().expect("predicted");
        assert!(text(&out).contains(&format!("predicted class: {predicted}\n")), "{}", text(&out));
    }
}

#[test]
fn upstream_spellings_statistics_and_reports() {
    let dir_scratch = temp_dir("aliases");
    let dir = dir_scratch.path();
    let out = pterun()
        .current_dir(dir)
        .arg("run")
        .arg("--model_path")
        .arg(models().join("two_methods.pte"))
        .arg("--method_name")
        .arg("encode")
        .arg("--inputs")
        .arg(models().join("two_methods.encode.input0.bin"))
        .args([
            "--num_executions",
            "3",
            "--warm_up",
            "1",
            "--cpu_threads",
            "1",
            "--dump_statistics",
        ])
        .arg("--output_file")
        .arg(dir.join("encoded.bin"))
        .arg("--json-report")
        .arg(dir.join("report.json"))
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out));
    let statistics = std::fs::read_to_string(dir.join("statistics.txt"))
        .expect("statistics.txt in the working directory");
    let keys: Vec<&str> = statistics.lines().map(|l| l.split(": ").next().unwrap_or("")).collect();
    assert_eq!(keys, ["init", "load", "1st", "avg"], "{statistics}");
    for line in statistics.lines() {
        let value: f64 =
            line.split(": ").nth(1).and_then(|v| v.parse().ok()).expect("number of milliseconds");
        assert!(value >= 0.0);
    }
    let want = std::fs::read(models().join("two_methods.encode.expected0.bin")).expect("expected");
    assert!(close("float32", &std::fs::read(dir.join("encoded.bin")).expect("output file"), &want));
    let report = read_json(&dir.join("report.json"));
    assert_eq!(report["execution_ms"].as_array().expect("times").len(), 3);
    assert_eq!(report["bytes_copied_at_load"], 0, "mmap loading copies nothing: {report}");
    assert!(report["peak_rss_kib"].as_u64().expect("peak rss") > 0);

    // The ENN runner's spellings: --model, and several inputs in one quoted --input.
    let out = pterun()
        .arg("run")
        .arg("--model")
        .arg(models().join("linear.pte"))
        .arg("--input")
        .arg(format!("{}", models().join("linear.input0.bin").display()))
        .arg("--output_path")
        .arg(dir.join("enn"))
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out));
    assert!(dir.join("enn/output_0.bin").exists());
}

#[test]
fn bad_inputs_exit_with_code_3_and_name_expected_and_found() {
    let dir_scratch = temp_dir("bad");
    let dir = dir_scratch.path();
    let short = dir.join("short.bin");
    std::fs::write(&short, [0u8; 12]).expect("write");
    let out = pterun()
        .arg("run")
        .arg(models().join("linear.pte"))
        .arg("--input")
        .arg(&short)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    assert!(
        text(&out).contains("expected 16 bytes") && text(&out).contains("found 12"),
        "{}",
        text(&out)
    );

    let input = models().join("linear.input0.bin");
    let out = pterun()
        .arg("run")
        .arg(models().join("linear.pte"))
        .arg("--input")
        .arg(&input)
        .arg("--input")
        .arg(&input)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    assert!(text(&out).contains("takes 1 tensor input(s), 2 file(s) given"), "{}", text(&out));

    let out = pterun().arg("run").arg(models().join("linear.pte")).output().expect("runs");
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("filling 1 input(s) with ones"), "{}", text(&out));

    let out = pterun()
        .arg("run")
        .arg(models().join("transformer.pte"))
        .arg("--method")
        .arg("nope")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("no method named \"nope\""), "{}", text(&out));
}

#[test]
fn run_names_what_is_wrong_with_a_malformed_program() {
    // The runtime wraps the parser's error; the message must still say what is wrong, not
    // only that the program is invalid.
    let dir_scratch = temp_dir("malformed");
    let dir = dir_scratch.path();
    let bytes = std::fs::read(models().join("linear.pte")).expect("fixture");
    let truncated = dir.join("truncated.pte");
    std::fs::write(&truncated, &bytes[..1500]).expect("write");
    let shared = models().join("../../fuzz/seeds/parse_program/hostile_shared_method.pte");
    for (file, reason) in [
        (&truncated, "does not fit the file of 1500 bytes"),
        (&shared, "tables are shared far more than any writer does"),
    ] {
        let out = pterun().arg("run").arg(file).output().expect("runs");
        assert_eq!(out.status.code(), Some(1), "{}", text(&out));
        assert!(text(&out).contains(reason), "{}", text(&out));
        assert!(text(&out).contains("[InvalidProgram (0x23)]"), "{}", text(&out));
    }
}

#[test]
fn run_names_what_is_wrong_with_a_malformed_data_file() {
    let dir_scratch = temp_dir("malformed_ptd");
    let dir = dir_scratch.path();
    let bytes = std::fs::read(models().join("external_weights.ptd")).expect("fixture");
    let mut foreign = bytes.clone();
    foreign[4..8].copy_from_slice(b"XXXX");
    let mut short = bytes.clone();
    // The first weight (fc.weight, 3x4 float32) now claims 5 rows: 80 bytes in 48.
    let sizes = short.windows(8).position(|w| w == [2, 0, 0, 0, 3, 0, 0, 0]).expect("sizes");
    short[sizes + 4] = 5;
    for (name, bytes, reason) in [
        ("foreign.ptd", &foreign, "wrong file identifier \"XXXX\", expected \"FT01\""),
        ("short.ptd", &short, "needs 80 bytes, its segment has 48"),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("write");
        let out = pterun()
            .arg("run")
            .arg(models().join("external_weights.pte"))
            .arg("--data-path")
            .arg(&path)
            .arg("--input")
            .arg(models().join("external_weights.input0.bin"))
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1), "{}", text(&out));
        assert!(text(&out).contains("invalid external data file"), "{}", text(&out));
        assert!(text(&out).contains(reason), "{}", text(&out));
        assert!(text(&out).contains("[InvalidExternalData (0x24)]"), "{}", text(&out));
    }
}

#[test]
fn ops_lists_the_registry() {
    let out = pterun().arg("ops").output().expect("runs");
    assert!(out.status.success());
    let names: Vec<String> =
        String::from_utf8_lossy(&out.stdout).lines().map(String::from).collect();
    for needed in
        ["aten::convolution.out", "aten::addmm.out", "aten::relu.out", "aten::_softmax.out"]
    {
        assert!(names.iter().any(|n| n == needed), "{needed} missing from {names:?}");
    }
}

#[test]
fn cpu_reports_the_arch_and_its_baseline_extension() {
    let out = pterun().arg("cpu").output().expect("runs");
    assert!(out.status.success(), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut lines = stdout.lines();
    assert_eq!(lines.next(), Some(format!("arch: {}", std::env::consts::ARCH).as_str()));
    let baseline = match std::env::consts::ARCH {
        "aarch64" => "neon: yes (baseline)",
        _ => "sse2: yes (baseline)",
    };
    assert!(lines.next().is_some_and(|l| l.starts_with(baseline)), "{stdout}");
    // Every optional extension says whether this CPU has it; the last line names the
    // XNNPACK rsqrt steps followed.
    let rest: Vec<&str> = lines.collect();
    let (rsqrt, extensions) = rest.split_last().expect("an rsqrt line");
    assert!(extensions
        .iter()
        .all(|l| l.contains(": yes (detected)") || l.contains(": no (detected)")));
    let variants = ["avx512f", "fma3", "sse", "neon", "exact"];
    assert!(
        rsqrt
            .strip_prefix("xnnpack rsqrt: ")
            .is_some_and(|v| variants.iter().any(|n| v.starts_with(n))),
        "{stdout}"
    );
}

#[test]
fn readme_lists_exactly_the_supported_operators() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md"))
            .expect("README");
    let start = readme.find("<!-- ops:begin -->").expect("ops:begin marker");
    let end = readme.find("<!-- ops:end -->").expect("ops:end marker");
    let listed: Vec<String> = readme[start..end]
        .lines()
        .skip(1)
        .map(|l| l.trim().trim_matches('`').to_string())
        .filter(|l| !l.is_empty())
        .collect();
    let out = pterun().arg("ops").output().expect("runs");
    let actual: Vec<String> =
        String::from_utf8_lossy(&out.stdout).lines().map(String::from).collect();
    assert_eq!(listed, actual, "README operator list is stale: update it from `pterun ops`");
}

#[test]
fn op_fixtures_through_the_command_line_match_the_official_runtime() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/ops");
    let index = read_json(&dir.join("index.json"));
    let cases = index["cases"].as_array().expect("cases");
    let out_root_scratch = temp_dir("ops");
    let out_root = out_root_scratch.path();
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().expect("name");
        let out_dir = out_root.join(name);
        let mut cmd = pterun();
        cmd.arg("run")
            .arg(dir.join(case["file"].as_str().expect("file")))
            .arg("--print-output")
            .arg("none")
            .arg("--output-path")
            .arg(&out_dir);
        for input in case["inputs"].as_array().expect("inputs") {
            cmd.arg("--input").arg(dir.join(input["file"].as_str().expect("file")));
        }
        let out = cmd.output().expect("runs");
        if !out.status.success() {
            failures.push(format!("{name}: {}", text(&out)));
            continue;
        }
        for (i, expected) in case["outputs"].as_array().expect("outputs").iter().enumerate() {
            let want = std::fs::read(dir.join(expected["file"].as_str().expect("file")))
                .expect("expected");
            let got = std::fs::read(out_dir.join(format!("output_{i}.bin"))).unwrap_or_default();
            if !close(expected["dtype"].as_str().unwrap_or(""), &got, &want) {
                failures.push(format!("{name}: output {i} differs"));
            }
        }
    }
    assert!(cases.len() >= 300, "only {} cases", cases.len());
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn xnnpack_delegated_programs_run_and_match_the_official_runtime() {
    // The small XNNPACK fixtures and the two-delegate model fixture, through the command
    // line (XnnpackBackend is registered by `pterun run`), f32 within 1e-4 + 1e-3 |b|.
    let xnnpack = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/xnnpack");
    let cases = [(xnnpack.clone(), "xnn_mlp"), (xnnpack, "xnn_cnn"), (models(), "xnnpack")];
    for (dir, name) in cases {
        let manifest = read_json(&dir.join(format!("{name}.manifest.json")));
        let io = manifest["io"].as_array().expect("io");
        let out_dir_scratch = temp_dir(&format!("xnn-{name}"));
        let out_dir = out_dir_scratch.path();
        let mut cmd = pterun();
        cmd.arg("run").arg(dir.join(format!("{name}.pte"))).arg("--output-path").arg(out_dir);
        for e in io.iter().filter(|e| e["role"] == "input") {
            cmd.arg("--input").arg(dir.join(e["file"].as_str().expect("file")));
        }
        let out = cmd.output().expect("runs");
        assert!(out.status.success(), "{name}: {}", text(&out));
        let mut compared = 0;
        for e in io.iter().filter(|e| e["role"] == "expected") {
            let index = e["index"].as_u64().expect("index");
            let actual = std::fs::read(out_dir.join(format!("output_{index}.bin"))).expect("out");
            let expected = std::fs::read(dir.join(e["file"].as_str().expect("file"))).expect("e");
            assert_eq!(actual.len(), expected.len(), "{name} output {index}");
            for (a, b) in actual.chunks_exact(4).zip(expected.chunks_exact(4)) {
                let a = f32::from_le_bytes([a[0], a[1], a[2], a[3]]);
                let b = f32::from_le_bytes([b[0], b[1], b[2], b[3]]);
                assert!(
                    (a - b).abs() <= 1e-4 + 1e-3 * b.abs(),
                    "{name} output {index}: {a} vs {b}"
                );
            }
            compared += 1;
        }
        assert!(compared > 0, "{name}: no expected output");
        let _ = std::fs::remove_dir_all(out_dir);
    }
}

#[test]
fn disabled_passes_change_no_output_bit_and_the_report_says_which_ran() {
    let model = models().join("hardswish_net.pte");
    let input = models().join("hardswish_net.input0.bin");
    let mut outputs = Vec::new();
    for disabled in [&[][..], &["pointwise"][..], &["all"][..]] {
        let dir_scratch = temp_dir(&format!("passes-{}", disabled.join("-")));
        let dir = dir_scratch.path();
        let mut cmd = pterun();
        cmd.arg("run").arg(&model).arg("--input").arg(&input).args(["--print-output", "none"]);
        for name in disabled {
            cmd.args(["--disable-pass", name]);
        }
        let out = cmd
            .arg("--output-path")
            .arg(dir)
            .arg("--json-report")
            .arg(dir.join("report.json"))
            .output()
            .expect("runs");
        assert!(out.status.success(), "{}", text(&out));
        let report = read_json(&dir.join("report.json"));
        let ran: Vec<&str> = report["load_rewrites"]["passes"]
            .as_array()
            .expect("passes")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let fused = report["load_rewrites"]["by_pass"]["pointwise"].as_u64().expect("count");
        match disabled {
            [] => assert!(ran.contains(&"pointwise") && fused > 0, "{report}"),
            ["pointwise"] => assert!(!ran.contains(&"pointwise") && fused == 0 && ran.len() == 4),
            _ => assert!(ran.is_empty(), "{report}"),
        }
        outputs.push(std::fs::read(dir.join("output_0.bin")).expect("output"));
    }
    assert!(outputs.windows(2).all(|w| w[0] == w[1]), "outputs differ between pass sets");
    let out = pterun().arg("run").arg(&model).args(["--disable-pass", "fusion"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(text(&out).contains("unknown pass \"fusion\""), "{}", text(&out));
}
