//! Prints what the parser sees in a file: `cargo run -p pterun-format --example dump FILE`.
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: dump FILE")?;
    let bytes = std::fs::read(&path)?;
    match pterun_format::detect(&bytes) {
        Some(pterun_format::FileKind::Data) => {
            let file = pterun_format::DataFile::parse(&bytes)?;
            println!("{:#?}", file);
        }
        _ => {
            let program = pterun_format::Program::parse(&bytes)?;
            println!("header {:?}", program.header());
            println!("segments {:?}", program.segments());
            for m in program.methods() {
                println!(
                    "method {} values {} instr {} ops {:?}",
                    m.name,
                    m.values.len(),
                    m.instruction_count(),
                    m.operators.iter().map(|o| o.full_name()).collect::<Vec<_>>()
                );
            }
        }
    }
    Ok(())
}
