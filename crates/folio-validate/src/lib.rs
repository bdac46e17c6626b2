//! Checks a deliverable's data and explains every problem in its authors' words.
//!
//! [`check`] reads a data file with [`folio_model`] (which reports every TOML and format mistake
//! in one pass, in plain language) and runs the rules in [`rules`] on the document. Each finding
//! is a [`Diagnostic`] with a stable code, a located span and a help line; [`render`] prints them
//! rustc-style or as JSON lines.
//!
//! Errors stop a build; warnings are shown and the build goes on. Nothing here changes the
//! document.

// Library code returns errors: a panic on data-dependent paths would be a crash for the author.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod render;
pub mod rules;

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

/// Reads and checks the text of a data file, reporting every problem in one run: the model's
/// (TOML, format, Markdown, references) and the rules', which run on what could be read even
/// when the model found errors.
pub fn check(file: &SourceFile) -> Checked {
    let (document, mut diagnostics) = folio_model::read(file);
    diagnostics.extend(rules::run(&document, file));
    diagnostics.sort_by_key(|d| (d.span.start, d.code));
    let document = if diagnostics.iter().any(Diagnostic::is_error) { None } else { Some(document) };
    Checked { document, diagnostics }
}
