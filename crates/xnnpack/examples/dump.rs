//! Prints the XNNPACK graphs of a program (development aid).
use pterun_format::Program;
use pterun_xnnpack::Graph;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: dump FILE.pte")?;
    let bytes = std::fs::read(path)?;
    let program = Program::parse(&bytes)?;
    for method in program.methods() {
        for d in &method.delegates {
            let r = d.blob.file_range();
            let blob = &bytes[r.offset as usize..(r.offset + r.len) as usize];
            let g = match Graph::parse(blob) {
                Ok(g) => g,
                Err(e) => {
                    println!("{e}");
                    continue;
                }
            };
            println!(
                "{} {:?} id {:?} externs {}",
                d.backend_id,
                g.layout,
                std::str::from_utf8(&g.identifier),
                g.num_externs
            );
            for v in &g.values {
                println!("  {:?}", v);
            }
            for n in &g.nodes {
                println!("  {:?}", n);
            }
            for c in &g.constants {
                println!("  {:?}", c);
            }
        }
    }
    Ok(())
}
