//! [`EnnConfig`]: where the library is, how models open, how tensors reach the library,
//! and the performance preference.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use crate::open::OpenPolicy;

/// How to find the library, open models and feed them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EnnConfig {
    /// The library (from `--enn-lib`); `None`: `$PTERUN_ENN_LIB`, else the bare name
    /// `libenn_public_api_cpp.so` searched by the dynamic linker.
    pub library_path: Option<PathBuf>,
    /// Which open path to take.
    pub open_policy: OpenPolicy,
    /// How delegate tensors reach the library's buffers.
    pub io_policy: IoPolicy,
    /// `EnnSetPreferencePerfMode` before each model opens; `None` leaves the library's own.
    pub perf_mode: Option<PerfMode>,
}

/// How a delegate's tensors reach the library at each execution.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum IoPolicy {
    /// Import the tensors that live in shared arenas (zero-copy), copy the others.
    #[default]
    Auto,
    /// Copy every tensor in and out (the upstream runner's way; for comparison).
    Copy,
}

impl IoPolicy {
    /// A short stable name (`auto`, `copy`).
    pub fn as_str(self) -> &'static str {
        match self {
            IoPolicy::Auto => "auto",
            IoPolicy::Copy => "copy",
        }
    }
}

impl fmt::Display for IoPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An unknown name for one of this module's choices.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {found:?} (expected {expected})")]
pub struct UnknownChoice {
    /// What was being chosen.
    pub what: &'static str,
    /// The name given.
    pub found: String,
    /// The names accepted.
    pub expected: &'static str,
}

impl FromStr for IoPolicy {
    type Err = UnknownChoice;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "auto" => Ok(IoPolicy::Auto),
            "copy" => Ok(IoPolicy::Copy),
            other => Err(UnknownChoice {
                what: "ENN I/O policy",
                found: other.to_owned(),
                expected: "auto or copy",
            }),
        }
    }
}

/// The library's performance presets (`EnnSetPreferencePerfMode`), by their C values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PerfMode {
    /// `LOW_POWER` (0).
    LowPower,
    /// `BALANCED` (4).
    Balanced,
    /// `PERFORMANCE` (7).
    Performance,
    /// `BOOST` (1).
    Boost,
}

impl PerfMode {
    /// Every preset.
    pub const ALL: [PerfMode; 4] =
        [PerfMode::LowPower, PerfMode::Balanced, PerfMode::Performance, PerfMode::Boost];

    /// The value `EnnSetPreferencePerfMode` takes (enn_api-public.h `PerfModePreference`).
    pub fn code(self) -> u32 {
        match self {
            PerfMode::LowPower => 0,
            PerfMode::Boost => 1,
            PerfMode::Balanced => 4,
            PerfMode::Performance => 7,
        }
    }

    /// The preset with C value `code`, `None` for values this crate does not name.
    pub fn from_code(code: u32) -> Option<PerfMode> {
        PerfMode::ALL.into_iter().find(|m| m.code() == code)
    }

    /// The CLI spelling (`low-power`, `balanced`, `performance`, `boost`).
    pub fn as_str(self) -> &'static str {
        match self {
            PerfMode::LowPower => "low-power",
            PerfMode::Balanced => "balanced",
            PerfMode::Performance => "performance",
            PerfMode::Boost => "boost",
        }
    }
}

impl fmt::Display for PerfMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PerfMode {
    type Err = UnknownChoice;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PerfMode::ALL.into_iter().find(|m| m.as_str() == s).ok_or_else(|| UnknownChoice {
            what: "ENN performance mode",
            found: s.to_owned(),
            expected: "low-power, balanced, performance or boost",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_codes_round_trip() {
        for mode in PerfMode::ALL {
            assert_eq!(mode.as_str().parse::<PerfMode>().ok(), Some(mode));
            assert_eq!(PerfMode::from_code(mode.code()), Some(mode));
        }
        assert_eq!(PerfMode::from_code(5), None);
        assert!("turbo".parse::<PerfMode>().unwrap_err().to_string().contains("boost"));
        assert_eq!("copy".parse::<IoPolicy>().ok(), Some(IoPolicy::Copy));
        assert!("zero".parse::<IoPolicy>().is_err());
    }
}
