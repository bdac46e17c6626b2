//! `folio`: builds deliverable PDFs from TOML data.
//!
//! This binary is the only place that prints or picks exit codes: 0 for success, 1 when a
//! document has errors (or warnings under `--deny warnings`), 2 for usage and I/O problems.
//! Everything it prints goes through [`out`], which never panics: `println!` and friends are
//! refused by clippy.

#![deny(clippy::print_stdout, clippy::print_stderr)]

mod build;
mod check;
mod diff;
mod embedded;
mod inputs;
mod new;
mod out;
mod preview;
mod print;
mod review;
mod templates;
mod watch;
mod write;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Compile deliverable documents from TOML data into typeset PDFs.
#[derive(Debug, Parser)]
#[command(name = "folio", version = concat!(env!("CARGO_PKG_VERSION"), " (Typst 0.15.1)"), about)]
struct Cli {
    /// When to colour diagnostics and reports: `auto` (on a terminal, unless `NO_COLOR` is set
    /// and not empty), `always` or `never`.
    #[arg(long, global = true, value_name = "WHEN", default_value = "auto")]
    color: ColorChoice,
    /// Print errors only: no warnings, no summary lines.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print where the templates were found and which PDF standards were written.
    #[arg(long, short, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set to a non-empty value.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// How much to print: `-q` errors only, `-v` more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// `--quiet`.
    Quiet,
    /// The default.
    Normal,
    /// `--verbose`.
    Verbose,
}

/// The verbosity of this run, set once in `main`.
static VERBOSITY: std::sync::OnceLock<Verbosity> = std::sync::OnceLock::new();

/// The verbosity of this run.
pub(crate) fn verbosity() -> Verbosity {
    VERBOSITY.get().copied().unwrap_or(Verbosity::Normal)
}

/// The `--color` of this run, set once in `main`.
static COLOR: std::sync::OnceLock<ColorChoice> = std::sync::OnceLock::new();

/// Whether to colour output written to a stream that is (or is not) a terminal. `NO_COLOR`
/// follows no-color.org: set and not empty, it turns colour off; empty, it does nothing.
pub(crate) fn use_color(is_terminal: bool) -> bool {
    match COLOR.get().copied().unwrap_or(ColorChoice::Auto) {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build PDFs from data files (by default every data/*.toml into report/).
    #[command(
        after_help = "Examples:\n  folio build                                  every data/*.toml into report/\n  folio build data/d3.5-mexico.toml -o out     one deliverable, another folder\n  folio build data/x.toml --template policy-brief -o brief   the same data in another template\n  folio build -j 4 data/*.toml                 four deliverables at a time\n  folio build --format pdf,html,png --dpi 96   also the HTML page and page images\n  folio build --pdf-standard a-3a,ua-1         other PDF standards (default a-2a,ua-1)\n  folio build --emit typst                     also the generated Typst source"
    )]
    Build(BuildArgs),
    /// Check data files without building them.
    #[command(
        after_help = "Examples:\n  folio check                                  every data/*.toml\n  folio check data/d3.5-mexico.toml --deny warnings\n  folio check --message-format json data/x.toml   one JSON object per line"
    )]
    Check(CheckArgs),
    /// Show what changed between two versions of a deliverable.
    #[command(
        after_help = "Examples:\n  folio diff old.toml data/x.toml             two files\n  folio diff HEAD~1:data/x.toml data/x.toml   the last commit against the working copy\n  folio diff a.toml b.toml --visual out/      changed pages side by side\n  folio diff HEAD:data/x.toml data/x.toml --changelog --date today   a [[history]] entry, next minor version"
    )]
    Diff(DiffArgs),
    /// Print the JSON Schema of the data format (or, with --reference, its Markdown reference).
    #[command(
        after_help = "Examples:\n  folio schema --template eccp > data/eccp.schema.json   for editors (#:schema ./eccp.schema.json)\n  folio schema --reference > docs/data-format.md          folio's own keys, for every template\n  folio schema --reference --template policy-brief        with the template's parameters and blocks"
    )]
    Schema(SchemaArgs),
    /// Rebuild deliverables whenever their data, shared files, images, templates or fonts change.
    #[command(
        after_help = "Examples:\n  folio watch                                  every data/*.toml, into report/\n  folio watch data/d3.5-mexico.toml -o out     one deliverable"
    )]
    Watch(WatchArgs),
    /// Show a deliverable's pages in the browser, updated after each rebuild.
    #[command(
        after_help = "Examples:\n  folio preview data/d3.5-mexico.toml          then open the address it prints\n  folio preview data/x.toml --port 8123"
    )]
    Preview(PreviewArgs),
    /// List the templates, with their parameters and record blocks.
    #[command(
        after_help = "Examples:\n  folio templates                              the templates a data file in data/ can name\n  folio templates --templates my/templates     another templates folder"
    )]
    Templates(TemplatesArgs),
    /// Start a deliverable: write data/<ID>.toml with an example of every block, ready to build.
    #[command(
        after_help = "Examples:\n  folio new d2.3-pilots                        writes data/d2.3-pilots.toml\n  folio new d2.3-pilots --template eccp"
    )]
    New(NewArgs),
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  folio completions bash > ~/.local/share/bash-completion/completions/folio\n  folio completions zsh > ~/.zfunc/_folio"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), for `man`.
    #[command(after_help = "Examples:\n  folio man > ~/.local/share/man/man1/folio.1 && man folio")]
    Man,
}

/// Arguments of `folio new`.
#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// The new deliverable's name: `data/<ID>.toml`, and later `report/<ID>.pdf`.
    #[arg(value_name = "ID")]
    pub id: String,
    /// The template to write it for.
    #[arg(long, value_name = "NAME", default_value = "eccp")]
    pub template: String,
    /// The templates folder. Default: the first `templates/` in `data/` or above it.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

/// Arguments of `folio schema`.
#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Print the reference of the data format in Markdown (docs/data-format.md) instead.
    #[arg(long)]
    pub reference: bool,
    /// The template whose parameters and record blocks to include. Default: none, folio's own
    /// keys only.
    #[arg(long, value_name = "NAME")]
    pub template: Option<String>,
    /// The templates folder. Default: the first `templates/` in `data/` or above it.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

/// Arguments of `folio watch`.
#[derive(Debug, clap::Args)]
pub struct WatchArgs {
    /// Data files to watch. Default: every `*.toml` in `data/`.
    #[arg(value_name = "DATA")]
    pub data: Vec<PathBuf>,
    /// Where to write the PDFs.
    #[arg(short, long, value_name = "DIR", default_value = "report")]
    pub out_dir: PathBuf,
    /// The templates folder. Default: the first `templates/` in the data file's folder or above it.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

/// Arguments of `folio preview`.
#[derive(Debug, clap::Args)]
pub struct PreviewArgs {
    /// The data file to preview. Default: every `*.toml` in `data/` (the pages of the last built).
    #[arg(value_name = "DATA")]
    pub data: Vec<PathBuf>,
    /// Where to write the PDF, as `folio watch` does.
    #[arg(short, long, value_name = "DIR", default_value = "report")]
    pub out_dir: PathBuf,
    /// The templates folder. Default: the first `templates/` in the data file's folder or above it.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// The port on 127.0.0.1 to serve on. Default: a free one.
    #[arg(long, value_name = "PORT", default_value_t = 0)]
    pub port: u16,
}

/// Arguments of `folio templates`.
#[derive(Debug, clap::Args)]
pub struct TemplatesArgs {
    /// The templates folder. Default: the first `templates/` in `data/` or above it, else the
    /// templates built into folio.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
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
    /// The templates folder (one folder per template, plus `fonts/`). Default: the first
    /// `templates/` in the data file's folder or above it.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Typeset with this template, whatever the data names (`folio templates` lists them).
    /// Blocks it does not declare are printed as plain tables, with a warning.
    #[arg(long, value_name = "NAME")]
    pub template: Option<String>,
    /// Also write intermediate outputs beside the PDF.
    #[arg(long, value_name = "KIND")]
    pub emit: Vec<Emit>,
    /// The PDF standards to write and check, comma-separated: `a-2a,ua-1` (the default, unless
    /// the data's `pdf-standards` says otherwise), `a-2b`, `a-3a`, `ua-1`, `1.7`, …; `none` for a
    /// plain PDF.
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub pdf_standard: Vec<String>,
    /// What to write, comma-separated: `pdf` (the official document), `html` (one
    /// self-contained, accessible page, `<name>.html`), `png` and `svg` (one file per page,
    /// `<name>-p01.png`, for previews and reviews).
    #[arg(long, value_name = "LIST", value_delimiter = ',', default_value = "pdf")]
    pub format: Vec<Format>,
    /// How to print diagnostics: `human` or `short` (on stderr), or `json` (one object per line
    /// on stdout).
    #[arg(long, value_name = "FORMAT", default_value = "human")]
    pub message_format: MessageFormat,
    /// The resolution of `--format png`, in dots per inch.
    #[arg(long, value_name = "DPI", default_value_t = 144, value_parser = clap::value_parser!(u32).range(18..=1200))]
    pub dpi: u32,
    /// How many deliverables to build at once. Default: twice the number of cores. One that
    /// fails does not stop the others; the exit status says it failed.
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=256))]
    pub jobs: Option<u32>,
    /// Also write a review copy, `<name>.review.pdf`: this version with its changes since the
    /// git revision REV (the data file as committed there) marked, a summary page first, and
    /// "Review copy" on every page. The official PDF is written as usual.
    #[arg(long, value_name = "REV", conflicts_with = "changes_from")]
    pub changes_since: Option<String>,
    /// Also write a review copy against the old version in the file OLD.
    #[arg(long, value_name = "OLD")]
    pub changes_from: Option<PathBuf>,
    /// In the review copy, keep only the summary and the pages with changes.
    #[arg(long)]
    pub only_changes: bool,
}

/// Output formats of `folio build`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The PDF, written to the PDF standards asked for.
    Pdf,
    /// One self-contained HTML page, rendered from the checked document.
    Html,
    /// Each page as a PNG image.
    Png,
    /// Each page as an SVG image.
    Svg,
}

/// Intermediate outputs `--emit` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Emit {
    /// The generated Typst source, `<name>.typ`, and a self-contained bundle, `<name>-typst/`
    /// (the source, the template, the fonts and the images), compilable by the stock `typst` CLI
    /// where it lies.
    Typst,
}

/// Arguments of `folio check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Data files to check. Default: every `*.toml` in `data/`.
    #[arg(value_name = "DATA")]
    pub data: Vec<PathBuf>,
    /// Treat these diagnostics as errors (`warnings`).
    #[arg(long, value_name = "WHAT")]
    pub deny: Vec<Deny>,
    /// How to print diagnostics.
    #[arg(long, value_name = "FORMAT", default_value = "human")]
    pub message_format: MessageFormat,
    /// The templates folder, to check that the data's template exists. Default: the first
    /// `templates/` in the data file's folder or above it.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Check the data as this template reads it, whatever the data names.
    #[arg(long, value_name = "NAME")]
    pub template: Option<String>,
}

/// Arguments of `folio diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The old version: a data file, or `REV:PATH` from git (`HEAD~1:data/d3.5-mexico.toml`).
    pub old: String,
    /// The new version, in the same forms.
    pub new: String,
    /// Output format; `terminal` is coloured on a terminal and plain when piped.
    #[arg(long, value_name = "FORMAT", default_value = "terminal")]
    pub format: DiffFormat,
    /// Render the changed pages of both versions side by side into this folder.
    #[arg(long, value_name = "DIR")]
    pub visual: Option<PathBuf>,
    /// Suggest a `[[history]]` entry describing the change, section by section (needs --date).
    #[arg(long)]
    pub changelog: bool,
    /// The entry's version: the old version's next `major` (V0.3 → V1.0) or `minor` (V0.3 →
    /// V0.4), `final` (VF), or `keep` the new version's. Default: the new version when the edit
    /// changed it, else `minor`.
    #[arg(long, value_name = "PART", requires = "changelog")]
    pub bump: Option<diff::Bump>,
    /// The entry's date: YYYY-MM-DD, or `today` (UTC). Required by --changelog: folio reads the
    /// clock only when asked.
    #[arg(long, value_name = "DATE", requires = "changelog")]
    pub date: Option<String>,
    /// The templates folder. Default: the first `templates/` in the new version's folder or
    /// above it (the current folder for git revisions).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

/// Output formats of `folio diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Text for a terminal.
    Terminal,
    /// Markdown, to paste into a review.
    Markdown,
    /// JSON, for tools.
    Json,
}

/// What `--deny` can turn into errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Every warning.
    Warnings,
}

/// Output formats for diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MessageFormat {
    /// rustc-style, with source lines and carets.
    Human,
    /// One JSON object per line.
    Json,
    /// One line per diagnostic: `file:line:col: error[code]: message`.
    Short,
}

/// Reports a usage or I/O problem: exit status 2.
fn usage_error(message: &str) -> ExitCode {
    out::error(message);
    ExitCode::from(2)
}

/// The templates folder for the data file at `path`: `--templates`, or the first `templates/` in
/// its folder or above it, or the templates shipped in the binary.
pub(crate) fn templates_for(given: &Option<PathBuf>, path: &std::path::Path) -> Result<PathBuf, String> {
    let project = match given {
        Some(t) => Some(t.clone()),
        None => folio_compile::find_templates(path),
    };
    match project {
        // A project's templates add to the shipped ones and override them by name. When it has
        // every shipped template already (the repository itself), there is nothing to add, and
        // the shipped copy is not even written.
        Some(dir) => {
            let has_all = embedded::names().iter().all(|n| dir.join(n).join("typst.toml").is_file());
            if !has_all && let Ok(shipped) = embedded::templates() {
                folio_template::set_builtin(shipped);
            }
            Ok(dir)
        }
        // Outside any project, the templates shipped in the binary.
        None => embedded::templates(),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let _ = COLOR.set(cli.color);
    let _ = VERBOSITY.set(match (cli.quiet, cli.verbose) {
        (true, _) => Verbosity::Quiet,
        (_, true) => Verbosity::Verbose,
        _ => Verbosity::Normal,
    });
    // A panic is a bug in folio, never the author's fault: say so briefly, and exit with 101.
    // The hook must not panic itself (that aborts): a closed stderr is ignored.
    std::panic::set_hook(Box::new(|info| {
        let _ = writeln!(
            std::io::stderr(),
            "error: folio hit an internal error and stopped; no output was written or changed.\n       \
             Please report this as a bug, with the data file if you can: {info}"
        );
    }));
    let outcome = std::panic::catch_unwind(|| match cli.command {
        Command::Build(args) => build::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::New(args) => new::run(&args),
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut <Cli as clap::CommandFactory>::command(), "folio", &mut script);
            out::stdout(&String::from_utf8_lossy(&script));
            ExitCode::SUCCESS
        }
        Command::Man => {
            let mut page = Vec::new();
            match clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(&mut page) {
                Ok(()) => {
                    out::stdout(&String::from_utf8_lossy(&page));
                    ExitCode::SUCCESS
                }
                Err(e) => usage_error(&format!("cannot write the manual page: {e}")),
            }
        }
        Command::Schema(args) => {
            let format = match &args.template {
                None => folio_model::format::Format::base(),
                Some(name) => match templates::format_of(&args.templates, name) {
                    Ok(f) => f,
                    Err(message) => return usage_error(&message),
                },
            };
            let text = if args.reference {
                folio_model::format::reference(&format)
            } else {
                folio_model::json_schema(&format)
            };
            out::stdout(&text);
            ExitCode::SUCCESS
        }
        Command::Templates(args) => templates::run(&args),
        Command::Watch(args) => watch::run(&args),
        Command::Preview(args) => preview::run(&args),
    });
    match outcome {
        // Output to stdout that was lost (a full disk) turns any other outcome into status 2.
        Ok(code) => out::exit_status(code),
        Err(_) => ExitCode::from(101),
    }
}
