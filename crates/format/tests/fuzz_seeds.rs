//! Replays the committed fuzz seed corpus (`fuzz/seeds/parse_program/`) through the same
//! calls as the `parse_program` fuzz target, so every seed (including inputs that once
//! crashed the parser) is checked by plain `cargo test`, without nightly or cargo-fuzz.
#![allow(clippy::unwrap_used, reason = "test code")]

use std::path::PathBuf;

use pterun_format::{DataFile, ExtendedHeader, Program};

/// The directory must hold at least this many seeds, so an emptied or moved corpus fails.
const MIN_SEEDS: usize = 10;

fn seeds_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/seeds/parse_program")
}

#[test]
fn every_fuzz_seed_parses_without_panic() {
    let dir = seeds_dir();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    entries.sort();
    assert!(
        entries.len() >= MIN_SEEDS,
        "{} holds {} seeds, expected at least {MIN_SEEDS}",
        dir.display(),
        entries.len()
    );
    let mut programs = 0;
    let mut data_files = 0;
    for path in &entries {
        let bytes = std::fs::read(path).unwrap();
        let outcome = std::panic::catch_unwind(|| {
            let _ = ExtendedHeader::parse(&bytes);
            (Program::parse(&bytes).is_ok(), DataFile::parse(&bytes).is_ok())
        });
        let (program_ok, data_ok) =
            outcome.unwrap_or_else(|_| panic!("parsing seed {} panics", path.display()));
        programs += usize::from(program_ok);
        data_files += usize::from(data_ok);
    }
    // The corpus starts from valid fixtures: some seeds must still parse.
    assert!(programs >= 1, "no seed parses as a program");
    assert!(data_files >= 1, "no seed parses as a data file");
}
