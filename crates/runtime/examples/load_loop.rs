//! Loads a method repeatedly, for profiling method load:
//! `cargo run --release -p pterun-runtime --example load_loop FILE [N]`.
use std::sync::Arc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: load_loop FILE [N]")?;
    let n: usize = std::env::args().nth(2).map_or(Ok(50), |s| s.parse())?;
    let loader = pterun_memory::MmapLoader::open(&path, Default::default())?;
    let program = pterun_runtime::Program::load(Arc::new(loader))?;
    let kernels = pterun_kernels::Registry::portable();
    let backends = pterun_runtime::BackendRegistry::new();
    let mut times = Vec::new();
    for _ in 0..n {
        let options = pterun_runtime::LoadOptions {
            kernels: &kernels,
            backends: &backends,
            external_data: None,
            passes: pterun_runtime::Passes::ALL,
        };
        let start = std::time::Instant::now();
        let method = pterun_runtime::Method::load(&program, "forward", options)?;
        times.push(start.elapsed().as_secs_f64() * 1e3);
        std::hint::black_box(&method);
    }
    times.sort_by(f64::total_cmp);
    println!("method load: median {:.3} ms, min {:.3} ms", times[n / 2], times[0]);
    Ok(())
}
