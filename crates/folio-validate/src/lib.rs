//! Checks a deliverable's data and explains every problem in its authors' words.
//!
//! [`check`] parses a data file with [`folio_model`], rewrites the TOML and serde errors into
//! plain language ("`acronym` must be text, like `acronym = \"…\"`"), and runs the rules in
//! [`rules`] on the parsed document. Each finding is a [`Diagnostic`] with a stable code, a
//! located span and a help line; [`render`] prints them rustc-style or as JSON lines.
//!
//! Errors stop a build; warnings are shown and the build goes on. Nothing here changes the
//! document.

// Library code returns errors: a panic on data-dependent paths would be a crash for the author.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod render;
pub mod rules;
mod toml_messages;

use folio_model::{Diagnostic, Document, SourceFile};

/// The outcome of checking one data file.
#[derive(Debug)]
pub struct Checked {
    /// The document, unless it has errors.
    pub document: Option<Document>,
    /// Every error and warning, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Parses and checks the text of a data file.
pub fn check(file: &SourceFile) -> Checked {
    match folio_model::parse(file) {
        Ok((document, mut diagnostics)) => {
            diagnostics.extend(rules::run(&document, file));
            diagnostics.sort_by_key(|d| (d.span.start, d.code));
            let document = if diagnostics.iter().any(Diagnostic::is_error) { None } else { Some(document) };
            Checked { document, diagnostics }
        }
        Err(diagnostics) => {
            let mut diagnostics: Vec<Diagnostic> =
                diagnostics.into_iter().map(|d| toml_messages::for_authors(d, file)).collect();
            diagnostics.sort_by_key(|d| (d.span.start, d.code));
            Checked { document: None, diagnostics }
        }
    }
}
