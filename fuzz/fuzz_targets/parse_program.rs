//! Feeds arbitrary bytes to every parser entry point of `pterun-format`: each must return
//! `Ok` or `Err`, never panic, overflow, or read out of bounds.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = pterun_format::ExtendedHeader::parse(data);
    let _ = pterun_format::Program::parse(data);
    let _ = pterun_format::DataFile::parse(data);
});
