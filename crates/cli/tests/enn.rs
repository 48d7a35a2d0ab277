//! ENN-delegated programs through `pterun run` against the software ENN library: outputs
//! equal eager PyTorch's, each loader takes the open path it should, and a missing library
//! is a clear error that leaves CPU-only programs unaffected.

mod enn_common;

use std::path::Path;

use enn_common::{emulator, enn_fixtures, floats, pterun, temp_dir};

use serde_json::Value;

#[test]
fn enn_programs_match_eager_outputs_on_every_open_path() {
    let emu = emulator();
    // (fixture, loader, expected open path of every delegate, bytes copied by pterun at
    // open, library refuses unaligned file offsets, --enn-io)
    let cases = [
        ("two_partitions_aligned16k", "mmap", "FileFd", false, false, "auto"),
        ("two_partitions_aligned16k", "shared", "SharedFd", true, false, "auto"),
        ("two_partitions_aligned16k", "file", "Memory", true, false, "auto"),
        // Samsung's 128-byte alignment: the fd + offset open is tried and accepted...
        ("two_partitions", "mmap", "FileFd", false, false, "auto"),
        // ... or refused, and the memory open follows.
        ("two_partitions", "mmap", "Memory", false, true, "auto"),
        ("two_partitions", "shared", "SharedFd", true, false, "auto"),
        ("single_partition", "mmap", "FileFd", false, false, "auto"),
        ("two_partitions", "mmap", "FileFd", false, false, "copy"),
    ];
    for (name, loader, path, client_copies, aligned_only, io) in cases {
        let dir_scratch = temp_dir(&format!("{name}-{loader}-{aligned_only}-{io}"));
        let dir = dir_scratch.path();
        let out = pterun()
            .env("PTERUN_ENN_EMU_ALIGNED_FILE_FD", if aligned_only { "1" } else { "0" })
            .arg("run")
            .args(["--enn-io", io])
            .arg(enn_fixtures().join(format!("{name}.pte")))
            .arg("--input")
            .arg(enn_fixtures().join(format!("{name}.input0.bin")))
            .args(["--loader", loader, "--print-output", "none"])
            .arg("--enn-lib")
            .arg(&emu)
            .arg("--output-path")
            .arg(dir)
            .arg("--json-report")
            .arg(dir.join("report.json"))
            .output()
            .expect("runs");
        let text = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{name} {loader}: {text}");
        let got = floats(&std::fs::read(dir.join("output_0.bin")).expect("output written"));
        let want = floats(
            &std::fs::read(enn_fixtures().join(format!("{name}.expected0.bin"))).expect("expected"),
        );
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(&want) {
            assert!((g - w).abs() <= 1e-5, "{name} {loader}: {g} vs eager {w}");
        }
        let report: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join("report.json")).expect("report"),
        )
        .expect("json");
        let opens = report["enn_opens"].as_array().expect("enn_opens");
        assert!(!opens.is_empty(), "{name}: no ENN delegate opened");
        for open in opens {
            assert_eq!(open["path"], path, "{name} {loader}: {open}");
            let copied = open["bytes_copied_by_pterun"].as_u64().expect("bytes");
            if client_copies {
                assert_eq!(
                    copied,
                    open["blob_bytes"].as_u64().expect("size"),
                    "{name} {loader}: one client copy"
                );
            } else {
                assert_eq!(copied, 0, "{name} {loader}: no client copy");
            }
            let fallback = open["fallback_from"].as_str();
            assert_eq!(fallback, aligned_only.then_some("FileFd"), "{name} {loader}: {open}");
            let library = open["library_copies"].as_str();
            assert_eq!(library, Some(if path == "Memory" { "by contract" } else { "unknown" }));
            // Every buffer has its metadata and is imported in place (nothing copied per
            // execution), unless copies were asked for.
            let per_execution = open["bytes_copied_per_execution"].as_u64();
            let buffers = open["buffers"].as_array().expect("buffers");
            assert!(!buffers.is_empty());
            for buffer in buffers {
                assert_eq!(buffer["dtype"], "float32", "{buffer}");
                let want = if io == "copy" { "copied" } else { "imported" };
                assert_eq!(buffer["transfer"], want, "{name} {loader} {io}: {buffer}");
            }
            if io == "copy" {
                assert!(per_execution > Some(0), "{open}");
            } else {
                assert_eq!(per_execution, Some(0), "{name} {loader}: {open}");
            }
        }
    }
}

#[test]
fn a_missing_library_is_a_clear_error_and_cpu_programs_still_run() {
    let out = pterun()
        .arg("run")
        .arg(enn_fixtures().join("two_partitions.pte"))
        .args(["--enn-lib", "/nonexistent/libenn_public_api_cpp.so"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains("EnnBackend")
            && text.contains("not available")
            && text.contains("/nonexistent/"),
        "{text}"
    );

    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/models");
    let out = pterun()
        .arg("run")
        .arg(models.join("linear.pte"))
        .arg("--input")
        .arg(models.join("linear.input0.bin"))
        .args(["--enn-lib", "/nonexistent/libenn_public_api_cpp.so"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn padded_enn_buffers_give_the_same_outputs() {
    // The software library pads every buffer by 100 bytes of 0xA5 (as a real library may
    // pad for alignment); pterun copies only the tensors' bytes and the outputs stay exact.
    let emu = emulator();
    for (name, loader) in [("two_partitions", "mmap"), ("two_partitions_aligned16k", "shared")] {
        let dir_scratch = temp_dir(&format!("padded-{name}-{loader}"));
        let dir = dir_scratch.path();
        let out = pterun()
            .env("PTERUN_ENN_EMU_PAD_BYTES", "100")
            .arg("run")
            .arg(enn_fixtures().join(format!("{name}.pte")))
            .arg("--input")
            .arg(enn_fixtures().join(format!("{name}.input0.bin")))
            .args(["--loader", loader, "--print-output", "none"])
            .arg("--enn-lib")
            .arg(&emu)
            .arg("--output-path")
            .arg(dir)
            .output()
            .expect("runs");
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        let got = floats(&std::fs::read(dir.join("output_0.bin")).expect("output written"));
        let want = floats(
            &std::fs::read(enn_fixtures().join(format!("{name}.expected0.bin"))).expect("expected"),
        );
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(&want) {
            assert!((g - w).abs() <= 1e-5, "{name} padded: {g} vs eager {w}");
        }
    }
}

#[test]
fn the_shared_loader_opens_no_enn_library_for_programs_without_enn_delegates() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    for program in [fixtures.join("models/linear.pte"), fixtures.join("xnnpack/xnn_attention.pte")]
    {
        let out = pterun()
            .env("RUST_LOG", "info")
            .arg("run")
            .arg(&program)
            .args(["--loader", "shared", "--print-output", "none"])
            .args(["--enn-lib", "/nonexistent/libenn_public_api_cpp.so"])
            .output()
            .expect("runs");
        let text = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{}: {text}", program.display());
        assert!(!text.contains("ENN backend unavailable"), "{}: {text}", program.display());
    }
    // The same with an ENN program does try the library (the check can fail).
    let out = pterun()
        .env("RUST_LOG", "info")
        .arg("run")
        .arg(enn_fixtures().join("two_partitions.pte"))
        .args(["--loader", "shared", "--enn-lib", "/nonexistent/libenn_public_api_cpp.so"])
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&out.stderr).contains("ENN backend unavailable"));
}

#[test]
fn the_perf_mode_is_set_before_models_open() {
    let dir_scratch = temp_dir("perf-mode");
    let dir = dir_scratch.path();
    let out = pterun()
        .arg("run")
        .arg(enn_fixtures().join("single_partition.pte"))
        .args(["--enn-perf-mode", "boost", "--print-output", "none", "--enn-lib"])
        .arg(emulator())
        .arg("--json-report")
        .arg(dir.join("report.json"))
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("report.json")).expect("report"))
            .expect("json");
    assert_eq!(report["enn"]["perf_mode_requested"], "boost");
    assert_eq!(report["enn"]["perf_mode_read_back"], 1, "BOOST is 1 in enn_api-public.h");
    let out = pterun()
        .arg("run")
        .arg(enn_fixtures().join("single_partition.pte"))
        .args(["--enn-perf-mode", "turbo"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "a usage error");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("low-power, balanced, performance or boost")
    );
}
