//! Tells the C ABI test which target triple it was built for, so that when it rebuilds the
//! library under cross compilation it builds the library for the same target.

fn main() {
    let target = std::env::var("TARGET").unwrap_or_default();
    println!("cargo:rustc-env=PTERUN_EMU_BUILD_TARGET={target}");
    println!("cargo:rerun-if-changed=build.rs");
}
