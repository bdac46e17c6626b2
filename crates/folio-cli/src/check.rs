//! `folio check`: validate data files without building them.

use std::path::Path;
use std::process::ExitCode;

use folio_model::{Diagnostic, Severity, SourceFile};

use crate::inputs::ReadError;
use crate::{CheckArgs, Deny, MessageFormat, inputs, out, print};

pub fn run(args: &CheckArgs) -> ExitCode {
    let files = match inputs::data_files(&args.data) {
        Ok(files) => files,
        Err(message) => return crate::usage_error(&message),
    };
    let deny_warnings = args.deny.contains(&Deny::Warnings);
    let mut code = 0;
    for path in &files {
        let (file, diagnostics) = match inputs::read(path) {
            Ok(file) => {
                let diagnostics = diagnose(&file, &args.templates, &folio_compile::data_dir(path));
                (file, diagnostics)
            }
            // Not UTF-8 is a problem in the data, reported like the others.
            Err(ReadError::Encoding(bad)) => (bad.file, vec![bad.diagnostic]),
            Err(ReadError::Io(message)) => {
                out::error(&message);
                code = 2;
                continue;
            }
        };
        match args.message_format {
            MessageFormat::Human => print::diagnostics(&diagnostics, &[&file]),
            MessageFormat::Json => out::stdout(&folio_validate::render::json(&diagnostics, &[&file])),
        }
        let fails = diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning));
        if fails && code == 0 {
            code = 1;
        }
        if args.message_format == MessageFormat::Human {
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            let warnings = diagnostics.len() - errors;
            out::stderr_line(&format!("    Checked {}: {errors} error(s), {warnings} warning(s)", path.display()));
        }
    }
    ExitCode::from(code)
}

/// Every problem in one data file, including a template that does not exist and images that
/// cannot be read.
fn diagnose(file: &SourceFile, templates: &Path, data_dir: &Path) -> Vec<Diagnostic> {
    folio_compile::check(templates, file, data_dir).diagnostics
}
