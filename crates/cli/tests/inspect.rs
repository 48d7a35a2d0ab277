//! `pterun inspect` against the official exporter's manifests.
//!
//! For every fixture listed in `fixtures/models/manifest-index.json`, runs the built binary
//! with `inspect --json` and compares the report with `<name>.manifest.json` (what the
//! pinned ExecuTorch package's own deserializer reports, see
//! `tools/fixtures/README.md`), and the same for every `.ptd` with its
//! `<file>.manifest.json`. All mismatches of all fixtures are collected and reported
//! together, each naming the fixture and the field.
#![allow(clippy::unwrap_used, reason = "test code")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/models")
}

fn pterun(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pterun")).args(args).output().expect("run pterun")
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

fn inspect_json(file: &Path) -> Value {
    let out = pterun(&["inspect", file.to_str().unwrap(), "--json"]);
    assert!(
        out.status.success(),
        "pterun inspect --json {} failed ({}): {}",
        file.display(),
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("inspect --json {} printed invalid JSON: {e}", file.display()))
}

/// The fixture files (`.pte` and `.ptd`) listed in the index, with their manifests.
fn indexed_files() -> Vec<(PathBuf, PathBuf)> {
    let dir = fixtures_dir();
    let index = read_json(&dir.join("manifest-index.json"));
    let fixtures = index["fixtures"].as_array().expect("index has a fixtures array");
    let mut files = Vec::new();
    for fixture in fixtures {
        let name = fixture["name"].as_str().expect("fixture name");
        let manifest = fixture["manifest"].as_str().expect("fixture manifest");
        files.push((dir.join(format!("{name}.pte")), dir.join(manifest)));
        for file in fixture["files"].as_array().expect("fixture files") {
            let file = file["file"].as_str().expect("file name");
            if file.ends_with(".ptd") {
                files.push((dir.join(file), dir.join(format!("{file}.manifest.json"))));
            }
        }
    }
    assert!(files.len() >= 12, "only {} fixture files in the index", files.len());
    // ENN-delegated programs (made by the test-only ENN exporter backend) have manifests too.
    let enn = dir.join("../enn");
    let mut enn_manifests: Vec<PathBuf> = std::fs::read_dir(&enn)
        .expect("fixtures/enn")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".manifest.json"))
        .collect();
    enn_manifests.sort();
    assert!(enn_manifests.len() >= 3, "ENN manifests: {enn_manifests:?}");
    for manifest in enn_manifests {
        let name = manifest
            .file_name()
            .unwrap()
            .to_string_lossy()
            .trim_end_matches(".manifest.json")
            .to_string();
        files.push((enn.join(format!("{name}.pte")), manifest));
    }
    files
}

/// Collects mismatches as `fixture: field: expected .., got ..`.
struct Checker<'a> {
    fixture: &'a str,
    errors: &'a mut Vec<String>,
}

impl Checker<'_> {
    fn fail(&mut self, field: &str, message: String) {
        self.errors.push(format!("{}: {field}: {message}", self.fixture));
    }

    fn eq(&mut self, field: &str, expected: &Value, actual: &Value) {
        if expected != actual {
            self.fail(field, format!("manifest says {expected}, inspect says {actual}"));
        }
    }

    /// Compares the listed keys of two objects.
    fn keys(&mut self, field: &str, expected: &Value, actual: &Value, keys: &[&str]) {
        for key in keys {
            self.eq(&format!("{field}.{key}"), &expected[*key], &actual[*key]);
        }
    }

    /// Compares two arrays element-wise on the listed keys.
    fn list(&mut self, field: &str, expected: &Value, actual: &Value, keys: &[&str]) {
        let (Some(e), Some(a)) = (expected.as_array(), actual.as_array()) else {
            self.fail(field, format!("expected arrays, got {expected} and {actual}"));
            return;
        };
        if e.len() != a.len() {
            self.fail(field, format!("manifest has {} entries, inspect has {}", e.len(), a.len()));
        }
        for (i, (e, a)) in e.iter().zip(a).enumerate() {
            self.keys(&format!("{field}[{i}]"), e, a, keys);
        }
    }

    /// Inputs and outputs: `kind` always; `dtype`, `sizes`, `dynamism` for tensors.
    fn values(&mut self, field: &str, expected: &Value, actual: &Value) {
        let (Some(e), Some(a)) = (expected.as_array(), actual.as_array()) else {
            self.fail(field, format!("expected arrays, got {expected} and {actual}"));
            return;
        };
        if e.len() != a.len() {
            self.fail(field, format!("manifest has {} entries, inspect has {}", e.len(), a.len()));
        }
        for (i, (e, a)) in e.iter().zip(a).enumerate() {
            let field = format!("{field}[{i}]");
            self.eq(&format!("{field}.kind"), &e["kind"], &a["kind"]);
            if e["kind"] == "tensor" {
                self.keys(&field, e, a, &["dtype", "sizes", "dynamism"]);
            }
        }
    }

    fn program(&mut self, manifest: &Value, report: &Value) {
        self.eq("format", &Value::from("pte"), &report["format"]);
        self.eq("file_size", &manifest["file_size"], &report["file_size"]);
        match (&manifest["header"], &report["header"]) {
            (Value::Null, Value::Null) => {}
            (Value::Null, _) | (_, Value::Null) => {
                self.eq("header", &manifest["header"], &report["header"])
            }
            (e, a) => self.keys(
                "header",
                e,
                a,
                &["program_size", "segment_base_offset", "segment_data_size"],
            ),
        }
        self.list("segments", &manifest["segments"], &report["segments"], &["offset", "size"]);
        // A constant table holding only the reserved entry 0 describes no constants; the
        // report shows it as null.
        let expected = &manifest["constant_segment"];
        let placeholder_only = expected["offsets"].as_array().is_some_and(|o| o.len() <= 1);
        if !(placeholder_only && report["constant_segment"].is_null()) {
            self.eq("constant_segment", expected, &report["constant_segment"]);
        }
        self.list(
            "mutable_data_segments",
            &manifest["mutable_data_segments"],
            &report["mutable_data_segments"],
            &["segment_index", "offsets"],
        );
        self.list(
            "named_data",
            &manifest["named_data"],
            &report["named_data"],
            &["key", "segment_index"],
        );

        let expected_methods = manifest["methods"].as_array().expect("manifest methods");
        let actual_methods = report["methods"].as_array().cloned().unwrap_or_default();
        if expected_methods.len() != actual_methods.len() {
            self.fail(
                "methods",
                format!(
                    "manifest has {} methods, inspect has {}",
                    expected_methods.len(),
                    actual_methods.len()
                ),
            );
        }
        for expected in expected_methods {
            let name = expected["name"].as_str().expect("method name");
            let Some(actual) = actual_methods.iter().find(|m| m["name"] == name) else {
                self.fail(&format!("methods[{name}]"), "missing from inspect".into());
                continue;
            };
            let field = format!("methods[{name}]");
            self.values(&format!("{field}.inputs"), &expected["inputs"], &actual["inputs"]);
            self.values(&format!("{field}.outputs"), &expected["outputs"], &actual["outputs"]);
            self.list(
                &format!("{field}.operators"),
                &expected["operators"],
                &actual["operators"],
                &["name", "count"],
            );
            self.list(
                &format!("{field}.delegates"),
                &expected["delegates"],
                &actual["delegates"],
                &["id", "location", "index", "compile_spec_keys"],
            );
            self.keys(
                &field,
                expected,
                actual,
                &["non_const_buffer_sizes", "num_values", "num_instructions"],
            );
        }
    }

    /// The fields inspect derives rather than copies (file offsets, alignments, totals),
    /// recomputed here from the manifest and the file's bytes.
    fn derived(&mut self, manifest: &Value, report: &Value, file: &[u8]) {
        // The only identifiers the parsers accept, checked against the file's bytes too.
        let identifier = if manifest["format"] == "pte" { "ET12" } else { "FT01" };
        self.eq("identifier", &Value::from(identifier), &report["identifier"]);
        if file.get(4..8) != Some(identifier.as_bytes()) {
            self.fail("identifier", format!("the file does not hold {identifier}"));
        }
        let header = &manifest["header"];
        let base = header["segment_base_offset"].as_u64().unwrap_or(0);
        if manifest["format"] == "pte" {
            let program_size =
                if header.is_null() { &manifest["file_size"] } else { &header["program_size"] };
            self.eq("program_size", program_size, &report["program_size"]);
        }
        let segments = manifest["segments"].as_array().cloned().unwrap_or_default();
        // (absolute file offset, size) of segment `index`, from the manifest; an index the
        // manifest does not have reads as (u64::MAX, 0) and fails the comparison.
        let segment = |index: &Value| {
            let s = index.as_u64().and_then(|i| segments.get(usize::try_from(i).ok()?));
            let field = |key: &str| s.and_then(|s| s[key].as_u64());
            (field("offset").map_or(u64::MAX, |o| base + o), field("size").unwrap_or(0))
        };
        for (i, reported) in report["segments"].as_array().into_iter().flatten().enumerate() {
            let (offset, _) = segment(&Value::from(i));
            let field = format!("segments[{i}]");
            self.eq(
                &format!("{field}.file_offset"),
                &Value::from(offset),
                &reported["file_offset"],
            );
            self.eq(
                &format!("{field}.alignment"),
                &Value::from(alignment_of(offset)),
                &reported["alignment"],
            );
        }
        let named = manifest["named_data"].as_array().cloned().unwrap_or_default();
        for (i, (expected, reported)) in
            named.iter().zip(report["named_data"].as_array().into_iter().flatten()).enumerate()
        {
            let (offset, size) = segment(&expected["segment_index"]);
            let field = format!("named_data[{i}]");
            self.eq(
                &format!("{field}.file_offset"),
                &Value::from(offset),
                &reported["file_offset"],
            );
            self.eq(&format!("{field}.size"), &Value::from(size), &reported["size"]);
        }
        if manifest["format"] != "pte" {
            return;
        }
        let constants = &manifest["constant_segment"];
        if constants["offsets"].as_array().is_some_and(|o| o.len() > 1) {
            let (_, size) = segment(&constants["segment_index"]);
            self.eq("constant_bytes", &Value::from(size), &report["constant_bytes"]);
        }
        let expected_methods = manifest["methods"].as_array().cloned().unwrap_or_default();
        for (expected, reported) in
            expected_methods.iter().zip(report["methods"].as_array().into_iter().flatten())
        {
            let field = format!("methods[{}]", expected["name"]);
            let planned: u64 = expected["non_const_buffer_sizes"]
                .as_array()
                .map_or(0, |sizes| sizes.iter().skip(1).filter_map(Value::as_u64).sum());
            self.eq(
                &format!("{field}.planned_bytes"),
                &Value::from(planned),
                &reported["planned_bytes"],
            );
            let delegates = expected["delegates"].as_array().cloned().unwrap_or_default();
            for (i, (e, r)) in delegates
                .iter()
                .zip(reported["delegates"].as_array().into_iter().flatten())
                .enumerate()
            {
                if e["location"] != "segment" {
                    continue;
                }
                let field = format!("{field}.delegates[{i}]");
                let (offset, size) = segment(&e["index"]);
                self.eq(&format!("{field}.file_offset"), &Value::from(offset), &r["file_offset"]);
                self.eq(&format!("{field}.size"), &Value::from(size), &r["size"]);
                self.eq(
                    &format!("{field}.alignment"),
                    &Value::from(alignment_of(offset)),
                    &r["alignment"],
                );
                // Pages are 4 KiB or a multiple of it.
                if r["page_aligned"] == true && offset % 4096 != 0 {
                    self.fail(&format!("{field}.page_aligned"), format!("true at offset {offset}"));
                }
            }
        }
    }

    fn data(&mut self, manifest: &Value, report: &Value) {
        self.eq("format", &Value::from("ptd"), &report["format"]);
        self.eq("file_size", &manifest["file_size"], &report["file_size"]);
        self.keys(
            "header",
            &manifest["header"],
            &report["header"],
            &["flatbuffer_offset", "flatbuffer_size", "segment_base_offset", "segment_data_size"],
        );
        self.list("segments", &manifest["segments"], &report["segments"], &["offset", "size"]);
        self.list(
            "named_data",
            &manifest["named_data"],
            &report["named_data"],
            &["key", "segment_index", "dtype", "sizes", "dim_order"],
        );
    }
}

/// The alignment inspect reports for a file offset: the largest power of two up to 1 MiB
/// that divides it (found by halving, not by the bit trick inspect uses).
fn alignment_of(offset: u64) -> u64 {
    let mut alignment = 1 << 20;
    while !offset.is_multiple_of(alignment) {
        alignment /= 2;
    }
    alignment
}

#[test]
fn inspect_json_agrees_with_manifests() {
    let mut errors = Vec::new();
    let mut checked = 0;
    for (file, manifest_path) in indexed_files() {
        let manifest = read_json(&manifest_path);
        let report = inspect_json(&file);
        let fixture = file.file_name().unwrap().to_string_lossy().into_owned();
        let mut checker = Checker { fixture: &fixture, errors: &mut errors };
        match manifest["format"].as_str() {
            Some("pte") => checker.program(&manifest, &report),
            Some("ptd") => checker.data(&manifest, &report),
            other => panic!("{}: unknown manifest format {other:?}", manifest_path.display()),
        }
        checker.derived(&manifest, &report, &std::fs::read(&file).unwrap());
        checked += 1;
    }
    assert!(checked >= 15);
    assert!(
        errors.is_empty(),
        "inspect --json disagrees with the manifests in {} place(s):\n{}",
        errors.len(),
        errors.join("\n")
    );
}

#[test]
fn inspect_text_works_on_every_fixture() {
    for (file, _) in indexed_files() {
        let out = pterun(&["inspect", file.to_str().unwrap()]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "pterun inspect {} failed ({}): {}",
            file.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        let is_ptd = file.extension().is_some_and(|e| e == "ptd");
        let expected = if is_ptd { "ExecuTorch external data" } else { "ExecuTorch program" };
        assert!(stdout.contains(expected), "{}: {stdout}", file.display());
        if !is_ptd {
            assert!(stdout.contains("method \""), "{}: no method line: {stdout}", file.display());
        }
    }
}

fn temp_file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn assert_rejected(path: &Path, json: bool, needles: &[&str]) {
    let mut args = vec!["inspect", path.to_str().unwrap()];
    if json {
        args.push("--json");
    }
    let out = pterun(&args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{}: {} / {stderr}", path.display(), out.status);
    assert!(out.stdout.is_empty(), "nothing on stdout for a rejected file");
    assert!(stderr.contains("error"), "{stderr}");
    for needle in needles {
        assert!(stderr.contains(needle), "stderr lacks {needle:?}: {stderr}");
    }
}

#[test]
fn inspect_rejects_malformed_files() {
    let linear = std::fs::read(fixtures_dir().join("linear.pte")).unwrap();
    let scratch = tempfile::Builder::new().prefix("pterun-cli-inspect-").tempdir().unwrap();
    let dir = scratch.path();

    // Truncated inside the program data (program_size 1464).
    let path = temp_file(dir, "truncated.pte", &linear[..1000]);
    for json in [false, true] {
        assert_rejected(&path, json, &["truncated.pte", "program data size 1464", "1000 bytes"]);
    }

    // Other format version.
    let mut bytes = linear.clone();
    bytes[4..8].copy_from_slice(b"ET13");
    let path = temp_file(dir, "et13.pte", &bytes);
    assert_rejected(
        &path,
        false,
        &["et13.pte", "incompatible program format version", "InvalidProgram"],
    );

    // Segment base offset past the end of the file.
    let mut bytes = linear.clone();
    bytes[24..32].copy_from_slice(&10_000u64.to_le_bytes());
    let path = temp_file(dir, "segment_base.pte", &bytes);
    assert_rejected(&path, false, &["segment_base.pte", "10000", "does not fit"]);

    // A .ptd with an FH01 header that is too short.
    let mut ptd = std::fs::read(fixtures_dir().join("external_weights.ptd")).unwrap();
    ptd[12..16].copy_from_slice(&8u32.to_le_bytes());
    let path = temp_file(dir, "short_header.ptd", &ptd);
    assert_rejected(&path, false, &["short_header.ptd", "FH01", "header length 8"]);

    // Empty file and a missing file.
    let path = temp_file(dir, "empty.pte", &[]);
    assert_rejected(&path, false, &["empty.pte"]);
    let missing = dir.join("does-not-exist.pte");
    assert_rejected(&missing, false, &["does-not-exist"]);
}

#[test]
fn checker_names_fixture_and_field() {
    // The comparison itself must catch a difference: perturb one field of a real manifest.
    let dir = fixtures_dir();
    let mut manifest = read_json(&dir.join("linear.manifest.json"));
    let report = inspect_json(&dir.join("linear.pte"));
    manifest["methods"][0]["operators"][1]["count"] = Value::from(99);
    manifest["segments"][0]["size"] = Value::from(1);
    let mut errors = Vec::new();
    Checker { fixture: "linear.pte", errors: &mut errors }.program(&manifest, &report);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].starts_with("linear.pte: segments[0].size: manifest says 1"), "{errors:?}");
    assert!(
        errors[1].starts_with("linear.pte: methods[forward].operators[1].count: manifest says 99"),
        "{errors:?}"
    );
}
