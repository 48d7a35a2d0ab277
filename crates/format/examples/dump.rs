//! Prints what the parser sees in a file: `cargo run -p pterun-format --example dump FILE`.
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: dump FILE")?;
    let bytes = std::fs::read(&path)?;
    if pterun_format::detect(&bytes) == Some(pterun_format::FileKind::Data) {
        println!("{:#?}", pterun_format::DataFile::parse(&bytes)?);
        return Ok(());
    }
    let program = pterun_format::Program::parse(&bytes)?;
    println!("header {:?}", program.header());
    println!("segments {:?}", program.segments());
    for method in program.methods() {
        println!("method {}", method.name);
        for (i, value) in method.values.iter().enumerate() {
            println!("  value {i}: {value:?}");
        }
        for (i, instruction) in method.chains.iter().flatten().enumerate() {
            println!("  instruction {i}: {instruction:?}");
        }
    }
    Ok(())
}
