//! `folio`: builds deliverable PDFs from TOML data.
//!
//! This binary is the only place that prints or picks exit codes: 0 for success, 1 when a
//! document has errors, 2 for usage and I/O problems.

mod build;
mod render;
mod write;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Compile deliverable documents from TOML data into typeset PDFs.
#[derive(Debug, Parser)]
#[command(name = "folio", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build PDFs from data files (by default every data/*.toml into report/).
    Build(BuildArgs),
}

/// Arguments of `folio build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// Data files to build. Default: every `*.toml` in `data/`.
    #[arg(value_name = "DATA")]
    pub data: Vec<PathBuf>,
    /// Where to write the PDFs.
    #[arg(short, long, value_name = "DIR", default_value = "report")]
    pub out_dir: PathBuf,
    /// The templates folder (one folder per template, plus `fonts/`).
    #[arg(long, value_name = "DIR", default_value = "templates")]
    pub templates: PathBuf,
    /// Also write intermediate outputs beside the PDF.
    #[arg(long, value_name = "KIND")]
    pub emit: Vec<Emit>,
}

/// Intermediate outputs `--emit` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Emit {
    /// The generated Typst source, `<name>.typ`, compilable by the stock `typst` CLI.
    Typst,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build::run(&args),
    }
}
