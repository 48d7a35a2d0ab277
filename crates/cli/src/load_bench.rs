//! `pterun load-bench`: how long loading plus verification of a whole program takes, and
//! how many bytes each loader maps and copies.
//!
//! Each repetition opens a fresh loader, loads the whole file as one segment, parses and
//! verifies the program, and slices out every segment it references (constants, delegate
//! blobs, named data) as a consumer would. Timings are reported as median and minimum.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;
use pterun::internal::format::Program;
use serde::Serialize;

use crate::{open, LoaderChoice};

#[derive(Serialize)]
struct Report {
    file: String,
    loader: &'static str,
    file_size: u64,
    metadata_bytes: u64,
    repetitions: usize,
    open_and_load_ms_median: f64,
    parse_and_verify_ms_median: f64,
    parse_and_verify_ms_min: f64,
    parse_ms_per_metadata_mb: f64,
    bytes_mapped: u64,
    bytes_copied: u64,
    methods: usize,
    values: usize,
    segments: usize,
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort_unstable();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

/// Runs the subcommand.
pub fn run(path: &Path, choice: LoaderChoice, repeat: usize, json: bool) -> anyhow::Result<()> {
    let mut load_times = Vec::new();
    let mut parse_times = Vec::new();
    let mut last = None;
    for round in 0..=repeat.max(1) {
        let start = Instant::now();
        let loader = open::loader(path, choice)?;
        let bytes = open::whole_file(loader.as_ref(), path)?;
        let loaded = start.elapsed();
        let start = Instant::now();
        let program = Program::parse(&bytes)
            .map_err(|e| crate::coded(&e, e.code()))
            .with_context(|| format!("{} is not a valid program", path.display()))?;
        let mut touched = 0usize;
        for range in program.segments() {
            let (Ok(start), Ok(len)) = (usize::try_from(range.offset), usize::try_from(range.len))
            else {
                anyhow::bail!("segment beyond the address space");
            };
            touched += bytes.slice(start..start + len).map(|s| s.len()).unwrap_or(0);
        }
        let parsed = start.elapsed();
        std::hint::black_box(touched);
        // Round 0 is a warm-up (page cache, allocator).
        if round > 0 {
            load_times.push(loaded);
            parse_times.push(parsed);
        }
        let stats = loader.stats();
        last = Some((
            program.program_len(),
            program.methods().len(),
            program.methods().iter().map(|m| m.values.len()).sum::<usize>(),
            program.segments().len(),
            stats,
            program.file_len(),
        ));
    }
    let Some((metadata_bytes, methods, values, segments, stats, file_size)) = last else {
        anyhow::bail!("no repetition ran");
    };
    let parse_median = ms(median(parse_times.clone()));
    let report = Report {
        file: path.display().to_string(),
        loader: choice.loader().as_str(),
        file_size,
        metadata_bytes,
        repetitions: parse_times.len(),
        open_and_load_ms_median: ms(median(load_times)),
        parse_and_verify_ms_median: parse_median,
        parse_and_verify_ms_min: parse_times.iter().min().copied().map_or(0.0, ms),
        parse_ms_per_metadata_mb: parse_median / (metadata_bytes as f64 / 1e6),
        bytes_mapped: stats.bytes_mapped,
        bytes_copied: stats.bytes_copied,
        methods,
        values,
        segments,
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!(
            "{}: {} loader, file {} bytes, metadata {} bytes\n  open+load {:.3} ms, parse+verify {:.3} ms median ({:.3} min, {:.3} ms per MB of metadata)\n  bytes mapped {}, bytes copied {}",
            report.file,
            report.loader,
            report.file_size,
            report.metadata_bytes,
            report.open_and_load_ms_median,
            report.parse_and_verify_ms_median,
            report.parse_and_verify_ms_min,
            report.parse_ms_per_metadata_mb,
            report.bytes_mapped,
            report.bytes_copied
        );
    }
    Ok(())
}
