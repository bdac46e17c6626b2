//! `folio check`: validate data files without building them.

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
    // The documents checked and the shared files they use, for the unused shared entries.
    let mut documents: Vec<folio_validate::Checked> = Vec::new();
    let mut shared: Vec<SourceFile> = Vec::new();
    for path in &files {
        let mut extra: Vec<SourceFile> = Vec::new();
        let (file, diagnostics, allowed) = match inputs::read(path) {
            Ok(file) => {
                let diagnostics = match crate::templates_for(&args.templates, path) {
                    Ok(templates) => {
                        let outcome = folio_compile::check_as(
                            &templates,
                            args.template.as_deref(),
                            &file,
                            &folio_compile::data_dir(path),
                        );
                        extra = outcome.files;
                        for f in &extra {
                            if !shared.iter().any(|s| s.name == f.name) {
                                shared.push(f.clone());
                            }
                        }
                        documents.extend(outcome.document);
                        outcome.diagnostics
                    }
                    // The data is still checked; the template it names could not be looked for,
                    // which is said at its `template` line.
                    Err(message) => {
                        let (doc, _) = folio_model::read(&file);
                        let mut d = folio_validate::check(&file).diagnostics;
                        d.push(
                            Diagnostic::error("no-templates", &file.name, doc.template.span.clone(), message)
                                .with_help("run folio on data inside a project with a templates/ folder, or pass --templates DIR"),
                        );
                        d
                    }
                };
                // The warnings the data accepts are counted, not shown.
                let (doc, _) = folio_model::read(&file);
                let (diagnostics, allowed) = folio_validate::accept(&doc, diagnostics, folio_compile::LAYOUT_WARNINGS);
                (file, diagnostics, allowed)
            }
            // Not UTF-8 is a problem in the data, reported like the others.
            Err(ReadError::Encoding(bad)) => (bad.file, vec![bad.diagnostic], 0),
            Err(ReadError::Io(message)) => {
                out::error(&message);
                code = 2;
                continue;
            }
        };
        let sources: Vec<&SourceFile> = std::iter::once(&file).chain(&extra).collect();
        match args.message_format {
            MessageFormat::Human | MessageFormat::Short => {
                print::diagnostics_as(args.message_format, &diagnostics, &sources)
            }
            MessageFormat::Json => out::stdout(&folio_validate::render::json(&diagnostics, &sources)),
        }
        let fails = diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning));
        if fails && code == 0 {
            code = 1;
        }
        if args.message_format != MessageFormat::Json {
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            let warnings = diagnostics.len() - errors;
            let allowed = if allowed > 0 { format!(" ({allowed} more allowed by the data)") } else { String::new() };
            out::status(&format!("    Checked {}: {errors} error(s), {warnings} warning(s){allowed}", path.display()));
        }
    }
    // A shared entry no deliverable checked uses: a correction there would reach nobody.
    let users: Vec<&folio_model::Document> = documents.iter().map(|d| &**d).collect();
    for file in &shared {
        let (data, _) = folio_model::read_shared(file);
        let unused = folio_compile::unused_shared_entries(&data, &users);
        if unused.is_empty() {
            continue;
        }
        match args.message_format {
            MessageFormat::Human | MessageFormat::Short => print::diagnostics_as(args.message_format, &unused, &[file]),
            MessageFormat::Json => out::stdout(&folio_validate::render::json(&unused, &[file])),
        }
        if deny_warnings && code == 0 {
            code = 1;
        }
        if args.message_format != MessageFormat::Json {
            out::status(&format!("    Checked {}: {} unused entries", file.name, unused.len()));
        }
    }
    ExitCode::from(code)
}
