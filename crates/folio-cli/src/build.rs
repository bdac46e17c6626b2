//! `folio build`: data files in, PDFs out.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use folio_compile::{CompileError, Compiler};
use folio_model::SourceFile;

use crate::write::atomic_write;
use crate::{BuildArgs, Emit, inputs, print};

/// Why one data file produced no PDF.
enum Failure {
    /// The data (or the template) has errors, already printed.
    Document,
    /// Reading or writing files failed, or the templates are missing.
    Io(String),
}

pub fn run(args: &BuildArgs) -> ExitCode {
    let files = match inputs::data_files(&args.data) {
        Ok(files) => files,
        Err(message) => return crate::usage_error(&message),
    };
    // Fonts are loaded once, when the first valid document needs them.
    let mut compiler = None;
    let mut worst = 0u8;
    for path in &files {
        let started = Instant::now();
        match build_one(&mut compiler, path, args) {
            Ok(Built { pdf, pages, warnings }) => {
                let warnings = match warnings {
                    0 => String::new(),
                    1 => ", 1 warning".to_owned(),
                    n => format!(", {n} warnings"),
                };
                eprintln!(
                    "    Built {} ({pages} pages{warnings}) in {:.2}s",
                    pdf.display(),
                    started.elapsed().as_secs_f64()
                );
            }
            Err(Failure::Document) => {
                eprintln!("error: {} was not built; earlier outputs are unchanged", path.display());
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

/// What one successful build produced.
struct Built {
    pdf: PathBuf,
    pages: usize,
    warnings: usize,
}

fn build_one(compiler: &mut Option<Compiler>, path: &Path, args: &BuildArgs) -> Result<Built, Failure> {
    let file = inputs::read(path).map_err(Failure::Io)?;
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .ok_or_else(|| Failure::Io(format!("{} has no usable file name", path.display())))?;

    let checked = folio_validate::check(&file);
    print::diagnostics(&checked.diagnostics, &[&file]);
    let doc = checked.document.ok_or(Failure::Document)?;

    let compiler =
        match compiler {
            Some(c) => c,
            None => compiler.insert(Compiler::new(&args.templates).map_err(|e| {
                Failure::Io(format!("{e} (run folio from the project folder, or pass --templates DIR)"))
            })?),
        };
    let data_dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let typeset = compiler.typeset(&doc, &data_dir, stem).map_err(|e| compile_failure(e, &file))?;
    let files: Vec<&SourceFile> = typeset.warnings.files.iter().chain([&file]).collect();
    print::diagnostics(&typeset.warnings.items, &files);
    let pdf = typeset.pdf().map_err(|e| compile_failure(e, &file))?;

    // Everything is computed before anything is written: a failure above leaves no trace.
    let pdf_path = args.out_dir.join(format!("{stem}.pdf"));
    if args.emit.contains(&Emit::Typst) {
        let typ = args.out_dir.join(format!("{stem}.typ"));
        atomic_write(&typ, typeset.source.as_bytes())
            .map_err(|e| Failure::Io(format!("cannot write {}: {e}", typ.display())))?;
    }
    atomic_write(&pdf_path, &pdf).map_err(|e| Failure::Io(format!("cannot write {}: {e}", pdf_path.display())))?;
    let warnings = checked.diagnostics.len() + typeset.warnings.items.len();
    Ok(Built { pdf: pdf_path, pages: typeset.document.pages().len(), warnings })
}

fn compile_failure(e: CompileError, file: &SourceFile) -> Failure {
    match e {
        CompileError::Diagnostics(d) => {
            let files: Vec<&SourceFile> = d.files.iter().chain([file]).collect();
            print::diagnostics(&d.items, &files);
            Failure::Document
        }
        other => Failure::Io(other.to_string()),
    }
}
