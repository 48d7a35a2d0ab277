//! Parses a file repeatedly, for profiling: `parse_loop FILE [N]`.
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: parse_loop FILE [N]")?;
    let n: usize = std::env::args().nth(2).map_or(Ok(1000), |s| s.parse())?;
    let bytes = std::fs::read(&path)?;
    let start = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(pterun_format::Program::parse(std::hint::black_box(&bytes))?);
    }
    println!("{:.1} us per parse", start.elapsed().as_secs_f64() * 1e6 / n as f64);
    let start = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(minimal_walk(std::hint::black_box(&bytes)));
    }
    println!("{:.1} us per minimal walk", start.elapsed().as_secs_f64() * 1e6 / n as f64);
    Ok(())
}

#[allow(dead_code, reason = "profiling aid")]
fn minimal_walk(bytes: &[u8]) -> usize {
    use pterun_schema::planus::ReadAsRoot;
    let root = pterun_schema::pte::ProgramRef::read_as_root(bytes).unwrap();
    let mut n = 0;
    for m in root.methods().unwrap().unwrap().iter() {
        let m = m.unwrap();
        for v in m.values().unwrap().unwrap().iter() {
            let v = v.unwrap();
            if let Some(pterun_schema::pte::ValueRef::TensorValue(t)) = v.value().unwrap() {
                n += t.sizes().unwrap().unwrap().len();
                n += t.dim_order().unwrap().unwrap().len();
                n += t.element_type().unwrap() as usize;
                n += t.data_index().unwrap() as usize;
                n += t.placement().unwrap().is_some() as usize;
            } else {
                n += 1;
            }
        }
    }
    n
}
