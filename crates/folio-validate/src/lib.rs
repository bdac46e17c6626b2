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

/// A document that passed every check. Only [`check`] makes one, so lowering, typesetting and
/// comparing, which take a `&Checked`, cannot be handed data that skipped a rule:
///
/// ```compile_fail
/// // A parsed but unchecked document is not a `Checked`, and nothing outside this crate can
/// // make one from it.
/// let file = folio_model::SourceFile::new("x.toml", "");
/// let (document, _) = folio_model::read(&file);
/// let checked = folio_validate::Checked { document };
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    document: Document,
}

impl std::ops::Deref for Checked {
    type Target = Document;

    fn deref(&self) -> &Document {
        &self.document
    }
}

/// The outcome of checking one data file.
#[derive(Debug)]
pub struct Outcome {
    /// The checked document, unless it has errors.
    pub document: Option<Checked>,
    /// Every error and warning, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Outcome {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Reads and checks the text of a data file, reporting every problem in one run: the model's
/// (TOML, format, Markdown, references) and the rules', which run on what could be read even
/// when the model found errors.
pub fn check(file: &SourceFile) -> Outcome {
    let (document, mut diagnostics) = folio_model::read(file);
    diagnostics.extend(rules::run(&document, file));
    diagnostics.sort_by_key(|d| (d.span.start, d.code));
    let document = if diagnostics.iter().any(Diagnostic::is_error) { None } else { Some(Checked { document }) };
    Outcome { document, diagnostics }
}
