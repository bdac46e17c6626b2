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

use folio_model::{Diagnostic, Document, SourceFile, Templates};

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

impl Checked {
    /// A review copy of this version, marked against an older one by `mark` (folio-diff's
    /// `marked::mark`). Both versions passed every check; the marks only add their text.
    pub fn review(&self, old: &Checked, mark: fn(&Document, &Document) -> Document) -> Checked {
        Checked { document: mark(&old.document, &self.document) }
    }
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
    /// Files other than the data file that diagnostics point into (its shared data files).
    pub files: Vec<SourceFile>,
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
///
/// The data is read with folio's own tables: a template's record blocks and parameters are
/// unknown here. [`check_with`] reads it as its template does.
pub fn check(file: &SourceFile) -> Outcome {
    check_with(file, &Templates::default())
}

/// [`check`], reading the data with the format of the template it names among `templates`.
pub fn check_with(file: &SourceFile, templates: &Templates<'_>) -> Outcome {
    let (document, mut diagnostics) = folio_model::read_with(file, templates);
    diagnostics.extend(rules::run(&document, file));
    diagnostics.sort_by_key(|d| (d.span.start, d.code));
    let document = if diagnostics.iter().any(Diagnostic::is_error) { None } else { Some(Checked { document }) };
    Outcome { document, diagnostics, files: Vec::new() }
}

/// The warnings a deliverable accepts (`[[allow]]`), taken out of `items`: what remains to be
/// shown, and how many were allowed. Errors are never allowed. An allowance that matched nothing
/// is reported as a warning at its code, so that a stale one does not hide a future warning,
/// unless its code is among `not_looked_for` (warnings only a later stage finds, such as the
/// layout's, when `items` come from `folio check`).
pub fn accept(doc: &Document, items: Vec<Diagnostic>, not_looked_for: &[&str]) -> (Vec<Diagnostic>, usize) {
    let mut used = vec![false; doc.allow.len()];
    let mut shown = Vec::new();
    let mut allowed = 0;
    for d in items {
        let by = doc.allow.iter().position(|a| a.code.value == d.code);
        match by {
            Some(i) if d.severity == folio_model::Severity::Warning && d.file == doc.file => {
                used[i] = true;
                allowed += 1;
            }
            _ => shown.push(d),
        }
    }
    let unused =
        doc.allow.iter().zip(&used).filter(|(a, used)| !**used && !not_looked_for.contains(&a.code.value.as_str()));
    for (a, _) in unused {
        shown.push(
            Diagnostic::warning(
                "allow-unused",
                &doc.file,
                a.code.span.clone(),
                format!("no `{}` warning is left to allow", a.code.value),
            )
            .with_span_label("allowed here")
            .with_help("delete this [[allow]], so that a new warning of this kind is seen"),
        );
    }
    (shown, allowed)
}
