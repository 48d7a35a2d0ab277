//! Feeds arbitrary bytes through the whole runtime: parse, program load, method load with
//! every kernel, inputs filled with ones, one execution. A file the verifier accepts may
//! still be nonsense (shapes that disagree with their operators, lists of the wrong kind):
//! every step must return `Ok` or `Err`, never panic.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use pterun_memory::BufferLoader;
use pterun_runtime::{BackendRegistry, IoMeta, LoadOptions, Method, Program};

fuzz_target!(|data: &[u8]| {
    let Ok(program) = Program::load(Arc::new(BufferLoader::new(data.to_vec()))) else { return };
    let kernels = pterun_kernels::Registry::portable();
    let backends = BackendRegistry::new();
    let names: Vec<String> = program.method_names().iter().map(|s| s.to_string()).collect();
    for name in names {
        // Plans up to the runtime's 16 GiB limit are legitimate but would exhaust the
        // fuzzer's memory under AddressSanitizer: skip plans (with input buffers) over 256 MiB.
        let Ok(meta) = program.method_meta(&name) else { continue };
        let inputs: u64 = meta
            .inputs
            .iter()
            .map(|i| match i {
                IoMeta::Tensor(t) => t.nbytes as u64,
                IoMeta::Other { .. } => 0,
            })
            .sum();
        if meta.planned_buffer_sizes.iter().sum::<u64>() + inputs > 256 << 20 {
            continue;
        }
        let options = LoadOptions { kernels: &kernels, backends: &backends, external_data: None };
        let Ok(mut method) = Method::load(&program, &name, options) else { continue };
        let inputs = method.meta().inputs.clone();
        for (i, input) in inputs.iter().enumerate() {
            if let IoMeta::Tensor(t) = input {
                // Keep executions cheap: skip absurdly large inputs.
                if t.nbytes > 1 << 20 {
                    return;
                }
                let _ = method.set_input(i, t.dtype, &t.sizes, &vec![0u8; t.nbytes]);
            }
        }
        let _ = method.execute();
    }
});
