//! Printing diagnostics: rustc-style for people, JSON lines for tools (cargo's convention).

use std::io::Write;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as Level};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::termcolor::{Buffer, WriteColor};
use codespan_reporting::term::{self, Config};
use folio_model::{Diagnostic, Severity, SourceFile};

/// Renders diagnostics as `file:line:col`, the source line, carets under the exact characters,
/// and the help; with ANSI colours when `color` is set.
pub fn human(diags: &[Diagnostic], files: &[&SourceFile], color: bool) -> String {
    let mut buffer = if color { Buffer::ansi() } else { Buffer::no_color() };
    let mut db = SimpleFiles::new();
    let ids: Vec<(&str, usize)> =
        files.iter().map(|f| (f.name.as_str(), db.add(f.name.clone(), f.text.clone()))).collect();
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
            report.notes.push(format!("in {}", d.file));
        }
        if let Some(help) = &d.help {
            report.notes.push(format!("help: {help}"));
        }
        if term::emit(&mut buffer, &config, &db, &report).is_err() {
            // A span outside its file (a bug) must not hide the message itself.
            let _ = buffer.write_all(format!("{}[{}]: {}\n", level_name(d.severity), d.code, d.message).as_bytes());
        }
    }
    let _ = buffer.reset();
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

fn level_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// Renders each diagnostic as one line of JSON, for CI and editors.
pub fn json(diags: &[Diagnostic], files: &[&SourceFile]) -> String {
    let mut out = String::new();
    for d in diags {
        let file = files.iter().find(|f| f.name == d.file);
        let position = |offset: usize| file.map(|f| f.line_col(offset));
        let (line, column) = position(d.span.start).unzip();
        let (end_line, end_column) = position(d.span.end).unzip();
        let labels: Vec<serde_json::Value> = d
            .labels
            .iter()
            .map(|l| {
                let (line, column) = position(l.span.start).unzip();
                serde_json::json!({ "line": line, "column": column, "message": l.message })
            })
            .collect();
        let value = serde_json::json!({
            "severity": level_name(d.severity),
            "code": d.code,
            "message": d.message,
            "file": d.file,
            "line": line,
            "column": column,
            "end_line": end_line,
            "end_column": end_column,
            "byte_start": d.span.start,
            "byte_end": d.span.end,
            "label": d.span_label,
            "labels": labels,
            "help": d.help,
        });
        out.push_str(&value.to_string());
        out.push('\n');
    }
    out
}
