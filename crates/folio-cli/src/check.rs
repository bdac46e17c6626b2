//! `folio check`: validate data files without building them.

use std::process::ExitCode;

use folio_model::Severity;

use crate::{CheckArgs, Deny, MessageFormat, inputs, print};

pub fn run(args: &CheckArgs) -> ExitCode {
    let files = match inputs::data_files(&args.data) {
        Ok(files) => files,
        Err(message) => return crate::usage_error(&message),
    };
    let deny_warnings = args.deny.contains(&Deny::Warnings);
    let mut code = 0;
    for path in &files {
        let file = match inputs::read(path) {
            Ok(f) => f,
            Err(message) => {
                eprintln!("error: {message}");
                code = 2;
                continue;
            }
        };
        let mut checked = folio_validate::check(&file);
        // The template is the one thing the data names outside itself.
        if let Some(doc) = &checked.document
            && let Some(d) = folio_compile::missing_template(&args.templates, doc)
        {
            checked.diagnostics.push(d);
            checked.document = None;
        }
        match args.message_format {
            MessageFormat::Human => print::diagnostics(&checked.diagnostics, &[&file]),
            MessageFormat::Json => print!("{}", folio_validate::render::json(&checked.diagnostics, &[&file])),
        }
        let fails = checked
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning));
        if fails && code == 0 {
            code = 1;
        }
        if args.message_format == MessageFormat::Human {
            let errors = checked.diagnostics.iter().filter(|d| d.is_error()).count();
            let warnings = checked.diagnostics.len() - errors;
            eprintln!("    Checked {}: {errors} error(s), {warnings} warning(s)", path.display());
        }
    }
    ExitCode::from(code)
}
