//! Rendering diagnostics rustc-style: `file:line:col`, the source line, carets, help.

use std::io::IsTerminal;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as Level};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
use codespan_reporting::term::{self, Config};
use folio_model::{Diagnostic, Severity, SourceFile};

/// Prints diagnostics to stderr, with colour when stderr is a terminal.
pub fn emit(diags: &[Diagnostic], files: &[&SourceFile]) {
    let choice = if std::io::stderr().is_terminal() { ColorChoice::Auto } else { ColorChoice::Never };
    let stream = StandardStream::stderr(choice);
    let mut out = stream.lock();
    let mut db = SimpleFiles::new();
    let ids: Vec<(String, usize)> =
        files.iter().map(|f| (f.name.clone(), db.add(f.name.clone(), f.text.clone()))).collect();
    let config = Config::default();
    for d in diags {
        let level = match d.severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
        };
        let mut report = Report::new(level).with_message(&d.message).with_code(d.code);
        if let Some((_, id)) = ids.iter().find(|(name, _)| *name == d.file) {
            let mut labels = vec![Label::primary(*id, d.span.clone()).with_message(&d.span_label)];
            labels.extend(d.labels.iter().map(|l| Label::secondary(*id, l.span.clone()).with_message(&l.message)));
            report = report.with_labels(labels);
        } else if !d.file.is_empty() {
            report = report.with_notes(vec![format!("in {}", d.file)]);
        }
        if let Some(help) = &d.help {
            report.notes.push(format!("help: {help}"));
        }
        // Rendering only fails if stderr is gone; there is nobody left to tell.
        let _ = term::emit(&mut out, &config, &db, &report);
    }
}
