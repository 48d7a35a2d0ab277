//! Prints the XNNPACK graphs of a program: values, nodes, constants (a development aid).
use pterun_format::Program;
use pterun_xnnpack::Graph;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: dump FILE.pte")?;
    let bytes = std::fs::read(path)?;
    let program = Program::parse(&bytes)?;
    for method in program.methods() {
        for (i, d) in method.delegates.iter().enumerate() {
            let r = d.blob.file_range();
            let blob = usize::try_from(r.offset)
                .ok()
                .zip(usize::try_from(r.len).ok())
                .and_then(|(start, len)| bytes.get(start..start.checked_add(len)?))
                .ok_or("a delegate blob is outside the file")?;
            let graph = match Graph::parse(blob) {
                Ok(g) => g,
                Err(e) => {
                    println!("delegate {i} ({}): {e}", d.backend_id);
                    continue;
                }
            };
            println!(
                "delegate {i} ({}): {:?}, {} externs",
                d.backend_id, graph.layout, graph.num_externs
            );
            graph.values.iter().for_each(|v| println!("  {v:?}"));
            graph.nodes.iter().for_each(|n| println!("  {n:?}"));
            graph.constants.iter().for_each(|c| println!("  {c:?}"));
        }
    }
    Ok(())
}
