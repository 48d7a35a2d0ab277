//! `pterun`: inspect ExecuTorch programs and measure how they load.
//!
//! Subcommands live in their own modules: [`inspect`] describes a `.pte` or `.ptd` file,
//! [`load_bench`] measures loading and verification with each data loader. Library errors
//! are reported with their ExecuTorch code; exit codes are documented in the README.

mod inspect;
mod load_bench;
mod open;

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
}

/// Exit code for a bad invocation or a file that cannot be used.
const EXIT_FAILURE: u8 = 1;

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn"))
        .format_timestamp(None)
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Inspect { file, json } => inspect::run(&file, json),
        Command::LoadBench { file, loader, repeat, json } => {
            load_bench::run(&file, loader, repeat, json)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("pterun: error: {error:#}");
            ExitCode::from(EXIT_FAILURE)
        }
    }
}
