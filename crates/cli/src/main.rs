//! `pterun`: run, time and inspect ExecuTorch programs (`.pte`), built on the `pterun`
//! facade alone.
//!
//! Subcommands: `run` ([`run`]: inputs from raw or `.npy` files ([`npy`]), outputs,
//! timings and the JSON report; `--dump-values` in [`dump`]; the ENN flags and report in
//! [`enn`]), `bench` (`run` timed, the report as JSON), `generate` ([`generate`]: text
//! generation), `inspect` ([`inspect`]: a `.pte` or
//! `.ptd` file described), `ops` (the operators this build runs), `cpu` (the CPU's
//! instruction-set extensions and which loops use them) and `load-bench` ([`load_bench`]:
//! loading plus verification with a data loader). Library errors are reported with their
//! ExecuTorch code; exit codes are documented in the README.
#![forbid(unsafe_code)]

mod dump;
mod enn;
mod generate;
mod inspect;
mod load_bench;
mod npy;
mod open;
mod run;

use std::fmt::Display;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Run and inspect ExecuTorch programs (.pte) with zero-copy loading.
#[derive(Parser)]
#[command(name = "pterun", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Describe a .pte program or .ptd data file: header, segments, methods, operators,
    /// delegates, planned memory.
    Inspect {
        /// The file to describe.
        file: PathBuf,
        /// Print JSON instead of text (shape documented in the README).
        #[arg(long)]
        json: bool,
    },
    /// Run a method of a program on the CPU: inputs from files (or ones), outputs and
    /// timings reported.
    Run(Box<run::RunArgs>),
    /// Generate text with a program from ExecuTorch's LLM export and its tokenizer,
    /// streamed to standard output.
    Generate(Box<generate::GenerateArgs>),
    /// Time a method: warm-up, then timed executions; with --json, print the report
    /// (load times, every execution's time, median) on standard output.
    Bench(Box<run::RunArgs>),
    /// List the operators this build has kernels for.
    Ops,
    /// List the instruction-set extensions of this CPU that pterun knows, whether each is
    /// present, and which of pterun's loops use it.
    Cpu,
    /// Measure loading plus verification of a whole program with a data loader.
    LoadBench {
        /// The .pte program.
        file: PathBuf,
        /// Data loader to use.
        #[arg(long, value_enum, default_value_t = LoaderChoice::Mmap)]
        loader: LoaderChoice,
        /// Number of timed repetitions (after one warm-up).
        #[arg(long, default_value_t = 20)]
        repeat: usize,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// Data loaders selectable from the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LoaderChoice {
    /// Map the file (default): zero copies.
    Mmap,
    /// pread into aligned heap buffers.
    File,
    /// Map the file, and place ENN blobs in shared buffers (ENN buffers, else memfd or
    /// dma-buf heap), so the library opens them from an fd.
    Shared,
}

impl LoaderChoice {
    /// The facade's loader this choice names.
    pub fn loader(self) -> pterun::Loader {
        match self {
            LoaderChoice::Mmap => pterun::Loader::Mmap,
            LoaderChoice::File => pterun::Loader::File,
            LoaderChoice::Shared => pterun::Loader::Shared,
        }
    }
}

/// Paging choices for mapped files, shared by `run`, `bench` and `generate`.
#[derive(clap::Args, Clone, Copy, Debug, Default)]
pub struct MappingArgs {
    /// Lock the mapped program (and .ptd) in RAM; a refusal (RLIMIT_MEMLOCK) is a warning.
    #[arg(long)]
    mlock: bool,
    /// Paging advice for the mapping: none (fault pages on first touch), willneed (read
    /// ahead in the background), populate (fault everything in at open).
    #[arg(long, value_enum, default_value_t = AdviceChoice::None)]
    advice: AdviceChoice,
}

/// `--advice` values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum AdviceChoice {
    /// No advice.
    #[default]
    None,
    /// `MADV_WILLNEED`.
    Willneed,
    /// `MAP_POPULATE`.
    Populate,
}

impl MappingArgs {
    /// The facade's mapping options.
    pub fn options(self) -> pterun::MmapOptions {
        let advice = match self.advice {
            AdviceChoice::None => pterun::Advice::None,
            AdviceChoice::Willneed => pterun::Advice::WillNeed,
            AdviceChoice::Populate => pterun::Advice::Populate,
        };
        pterun::MmapOptions { advice, mlock: self.mlock }
    }
}

/// Exit code when loading or running the program fails.
const EXIT_FAILURE: u8 = 1;
/// Exit code for inputs that do not match the program (count, size, type, shape).
const EXIT_INPUT: u8 = 3;

/// A library error as one message: its own text, the text of each error that caused it
/// (a runtime error wraps the format, memory or kernel error that says what is wrong), and
/// its ExecuTorch code.
pub(crate) fn coded(
    error: &(dyn std::error::Error + 'static),
    code: impl Display,
) -> anyhow::Error {
    anyhow::anyhow!("{} [{code}]", pterun::internal::error_chain(error))
}

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn"))
        .format_timestamp(None)
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Inspect { file, json } => inspect::run(&file, json),
        Command::Run(args) => run::run(*args),
        Command::Bench(args) => run::bench(*args),
        Command::Generate(args) => generate::run(*args),
        Command::Ops => {
            for name in pterun::internal::kernels::Registry::portable().names() {
                println!("{name}");
            }
            // Aliasing operators the interpreter runs itself.
            for name in pterun::internal::runtime::INTERPRETER_OPS {
                println!("{name}");
            }
            Ok(())
        }
        Command::Cpu => {
            println!("arch: {}", std::env::consts::ARCH);
            for f in pterun::internal::kernels::cpu_features() {
                let present = match (f.baseline, f.present) {
                    (true, _) => "yes (baseline)",
                    (false, true) => "yes (detected)",
                    (false, false) => "no (detected)",
                };
                println!("{}: {present}; {}", f.name, f.used_by);
            }
            let rsqrt = pterun::internal::kernels::xnnpack_rsqrt_variant();
            println!("xnnpack rsqrt: {rsqrt} (the official XNNPACK kernel's steps on this CPU)");
            Ok(())
        }
        Command::LoadBench { file, loader, repeat, json } => {
            load_bench::run(&file, loader, repeat, json)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("pterun: error: {error:#}");
            if error.downcast_ref::<run::InputError>().is_some() {
                ExitCode::from(EXIT_INPUT)
            } else {
                ExitCode::from(EXIT_FAILURE)
            }
        }
    }
}
