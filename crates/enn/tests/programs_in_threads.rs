//! Two programs with ENN partitions, loaded and executed from two threads at once, share
//! one ENN context: correct outputs, and nothing left alive afterwards.
#![allow(clippy::unwrap_used, reason = "test helpers fail loudly")]

mod common;

use std::sync::Arc;

use common::{backend, serial, Emu};
use pterun_core::ScalarType;
use pterun_enn::OpenPolicy;
use pterun_memory::{MmapLoader, MmapOptions};
use pterun_runtime::{BackendRegistry, LoadOptions, Method, Output, Program};

fn enn_fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/enn").join(name)
}

fn run(
    name: &'static str,
    sizes: &'static [usize],
    backend: Arc<pterun_enn::EnnBackend>,
    rounds: usize,
) {
    let loader = Arc::new(
        MmapLoader::open(enn_fixture(&format!("{name}.pte")), MmapOptions::default()).unwrap(),
    );
    let program = Program::load(loader).unwrap();
    let kernels = pterun_kernels::Registry::portable();
    let mut backends = BackendRegistry::new();
    backends.register(backend).unwrap();
    let options = LoadOptions {
        kernels: &kernels,
        backends: &backends,
        external_data: None,
        passes: pterun_runtime::Passes::ALL,
    };
    let mut method = Method::load(&program, "forward", options).unwrap();
    let input = std::fs::read(enn_fixture(&format!("{name}.input0.bin"))).unwrap();
    let expected = std::fs::read(enn_fixture(&format!("{name}.expected0.bin"))).unwrap();
    method.set_input(0, ScalarType::Float, sizes, &input).unwrap();
    for _ in 0..rounds {
        method.execute().unwrap();
        let Output::Tensor(out) = method.output(0).unwrap() else { panic!("{name}: not a tensor") };
        assert_eq!(out.data.len(), expected.len());
        for (g, w) in out.data.chunks_exact(4).zip(expected.chunks_exact(4)) {
            let (g, w) = (
                f32::from_le_bytes([g[0], g[1], g[2], g[3]]),
                f32::from_le_bytes([w[0], w[1], w[2], w[3]]),
            );
            assert!((g - w).abs() <= 1e-5, "{name}: {g} vs eager {w}");
        }
    }
}

#[test]
fn two_enn_programs_run_concurrently_without_leaks() {
    let _serial = serial();
    let emu = Emu::get();
    emu.set_strict_deinit(true);
    emu.assert_quiescent("start");
    emu.reset();
    let a = backend(OpenPolicy::Auto);
    let b = backend(OpenPolicy::Auto);
    let first =
        std::thread::spawn(move || run("two_partitions_aligned16k", &[1, 3, 16, 16], a, 40));
    let second = std::thread::spawn(move || run("single_partition", &[1, 3, 8, 8], b, 40));
    first.join().expect("first program ran");
    second.join().expect("second program ran");
    let counters = emu.counters();
    // 2 + 1 delegates opened, 3 models closed; 80 delegate executions of the first program
    // (two delegates each round) and 40 of the second.
    assert_eq!(counters.opens_from_file_fd + counters.opens_from_memory, 3, "{counters:?}");
    assert_eq!(counters.executions, 2 * 40 + 40, "{counters:?}");
    emu.assert_quiescent("after both programs");
}
