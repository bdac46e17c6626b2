//! `folio build`: data files in, PDFs out.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use folio_compile::{CompileError, Compiler};
use folio_model::{Diagnostic, SourceFile};

use crate::render::emit;
use crate::write::atomic_write;
use crate::{BuildArgs, Emit};

/// Why one data file produced no PDF.
enum Failure {
    /// The data (or the template) has errors, already printed.
    Document,
    /// Reading or writing files failed.
    Io(String),
}

pub fn run(args: &BuildArgs) -> ExitCode {
    let inputs = match inputs(&args.data) {
        Ok(inputs) => inputs,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let compiler = match Compiler::new(&args.templates) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut worst = 0u8;
    for input in &inputs {
        let started = Instant::now();
        match build_one(&compiler, input, args) {
            Ok((pdf, pages)) => {
                eprintln!("    Built {} ({pages} pages) in {:.2}s", pdf.display(), started.elapsed().as_secs_f64());
            }
            Err(Failure::Document) => {
                eprintln!("error: {} was not built; earlier outputs are unchanged", input.display());
                worst = worst.max(1);
            }
            Err(Failure::Io(message)) => {
                eprintln!("error: {message}");
                worst = worst.max(2);
            }
        }
    }
    ExitCode::from(worst)
}

/// The data files to build: the ones named, or every `data/*.toml`, sorted.
fn inputs(named: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    if !named.is_empty() {
        return Ok(named.to_vec());
    }
    let dir = Path::new("data");
    let entries = std::fs::read_dir(dir).map_err(|e| {
        format!("cannot list {}: {e} (run folio from the project folder, or name data files)", dir.display())
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no *.toml data files in {}", dir.display()));
    }
    Ok(files)
}

fn build_one(compiler: &Compiler, input: &Path, args: &BuildArgs) -> Result<(PathBuf, usize), Failure> {
    let text =
        std::fs::read_to_string(input).map_err(|e| Failure::Io(format!("cannot read {}: {e}", input.display())))?;
    let file = SourceFile::new(input.display().to_string(), text);
    let stem = input
        .file_stem()
        .and_then(|s| s.to_str())
        .ok_or_else(|| Failure::Io(format!("{} has no usable file name", input.display())))?;

    let (doc, mut warnings) = folio_model::parse(&file).map_err(|diags| report(&diags, &file, &[]))?;
    warnings.extend(folio_validate::validate(&doc));
    if warnings.iter().any(Diagnostic::is_error) {
        return Err(report(&warnings, &file, &[]));
    }
    emit(&warnings, &[&file]);

    let data_dir = match input.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let typeset = compiler.typeset(&doc, &data_dir, stem).map_err(|e| compile_failure(e, &file))?;
    let typst_files: Vec<&SourceFile> = typeset.warnings.files.iter().chain([&file]).collect();
    emit(&typeset.warnings.items, &typst_files);
    let pdf = typeset.pdf().map_err(|e| compile_failure(e, &file))?;

    // Everything is computed before anything is written: a failure above leaves no trace.
    let pdf_path = args.out_dir.join(format!("{stem}.pdf"));
    if args.emit.contains(&Emit::Typst) {
        let typ = args.out_dir.join(format!("{stem}.typ"));
        atomic_write(&typ, typeset.source.as_bytes())
            .map_err(|e| Failure::Io(format!("cannot write {}: {e}", typ.display())))?;
    }
    atomic_write(&pdf_path, &pdf).map_err(|e| Failure::Io(format!("cannot write {}: {e}", pdf_path.display())))?;
    Ok((pdf_path, typeset.document.pages().len()))
}

fn report(diags: &[Diagnostic], file: &SourceFile, extra: &[&SourceFile]) -> Failure {
    let mut files = vec![file];
    files.extend_from_slice(extra);
    emit(diags, &files);
    Failure::Document
}

fn compile_failure(e: CompileError, file: &SourceFile) -> Failure {
    match e {
        CompileError::Diagnostics(d) => {
            let extra: Vec<&SourceFile> = d.files.iter().collect();
            report(&d.items, file, &extra)
        }
        other => Failure::Io(other.to_string()),
    }
}
