//! Which instruction-set extensions this CPU has, and which of pterun's own loops use each:
//! what `pterun cpu` prints, so a slow run on a phone can be told apart from a missing
//! code path.
//!
//! Extensions that every CPU of the target has (NEON on aarch64, SSE2 on x86-64) are
//! reported as present without asking; optional ones are detected at run time by std
//! (cached after the first question). The matrix products of the `gemm` crate make their
//! own choice at run time and are not listed.

/// One instruction-set extension, whether this CPU runs it, and what in pterun uses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CpuFeature {
    /// The name std and the compilers use (`neon`, `dotprod`, `avx2`, ...).
    pub name: &'static str,
    /// Whether this CPU has it (for a baseline extension: always).
    pub present: bool,
    /// Part of every CPU of this target, so never checked at run time.
    pub baseline: bool,
    /// What of pterun's code runs with it, or why nothing does yet.
    pub used_by: &'static str,
}

/// The extensions pterun knows about on this target, in a fixed order.
pub fn cpu_features() -> Vec<CpuFeature> {
    target_features()
}

#[cfg(target_arch = "aarch64")]
fn target_features() -> Vec<CpuFeature> {
    use std::arch::is_aarch64_feature_detected as has;
    const NONE_YET: &str = "detected only: no kernel uses it yet";
    vec![
        CpuFeature {
            name: "neon",
            present: true,
            baseline: true,
            used_by: "the element loops (depthwise taps, epilogues, pooling, matrix-vector \
                      dots, fused element-wise chains)",
        },
        CpuFeature { name: "fp16", present: has!("fp16"), baseline: false, used_by: NONE_YET },
        CpuFeature {
            name: "dotprod",
            present: has!("dotprod"),
            baseline: false,
            used_by: NONE_YET,
        },
        CpuFeature { name: "i8mm", present: has!("i8mm"), baseline: false, used_by: NONE_YET },
    ]
}

#[cfg(target_arch = "x86_64")]
fn target_features() -> Vec<CpuFeature> {
    let avx2_fma = std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma");
    vec![
        CpuFeature {
            name: "sse2",
            present: true,
            baseline: true,
            used_by: "every loop, when nothing wider is present",
        },
        CpuFeature {
            name: "avx2+fma",
            present: avx2_fma,
            baseline: false,
            used_by: "the element loops (a second copy of each, chosen at run time)",
        },
        CpuFeature {
            name: "avx512f+vl+bw+dq",
            present: super::simd::has_avx512(),
            baseline: false,
            used_by: "depthwise taps and the convolution epilogue (a third copy, chosen at run \
                      time; the other loops measured no faster: docs/avx512.md)",
        },
    ]
}

#[cfg(not(any(target_arch = "aarch64", target_arch = "x86_64")))]
fn target_features() -> Vec<CpuFeature> {
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_baseline_is_listed_first_and_present() {
        let features = cpu_features();
        let first = features.first().copied();
        #[cfg(target_arch = "aarch64")]
        assert_eq!(first.map(|f| (f.name, f.present, f.baseline)), Some(("neon", true, true)));
        #[cfg(target_arch = "x86_64")]
        assert_eq!(first.map(|f| (f.name, f.present, f.baseline)), Some(("sse2", true, true)));
        // Only the first is baseline; optional ones are asked of the CPU.
        assert!(features.iter().skip(1).all(|f| !f.baseline));
    }

    /// The optional aarch64 extensions are the ones std detects, under the names it uses.
    #[cfg(target_arch = "aarch64")]
    #[test]
    fn optional_extensions_are_detected() {
        let names: Vec<&str> = cpu_features().iter().map(|f| f.name).collect();
        assert_eq!(names, ["neon", "fp16", "dotprod", "i8mm"]);
        let dotprod = cpu_features().into_iter().find(|f| f.name == "dotprod");
        assert_eq!(
            dotprod.map(|f| f.present),
            Some(std::arch::is_aarch64_feature_detected!("dotprod"))
        );
    }
}
