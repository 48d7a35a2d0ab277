//! Parses a file repeatedly, for profiling the verifier:
//! `cargo run --release -p pterun-format --example parse_loop FILE [N]`.
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: parse_loop FILE [N]")?;
    let n: usize = std::env::args().nth(2).map_or(Ok(1000), |s| s.parse())?;
    let bytes = std::fs::read(&path)?;
    let start = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(pterun_format::Program::parse(std::hint::black_box(&bytes))?);
    }
    println!("{:.1} us per parse", start.elapsed().as_secs_f64() * 1e6 / n as f64);
    Ok(())
}
