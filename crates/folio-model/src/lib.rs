//! The folio document model.
//!
//! A deliverable is written by its authors as a TOML file. This crate reads that file into a
//! [`Document`]: typed metadata, sections holding paragraphs, lists and case studies, and
//! footnotes keyed by readable ids. Prose fields hold a small Markdown subset which is parsed here,
//! with [`pulldown_cmark`], into [`Block`]s and [`Inline`]s.
//!
//! Every node that an author may get wrong keeps its byte [`Span`] in the TOML file, mapped
//! through TOML string escapes and the removal of common indentation, so that later stages can
//! point at the exact characters.
//!
//! Problems in the data are collected as [`Diagnostic`]s rather than returned at the first one.
//! Nothing here knows about Typst or layout: the model is data only.

// Library code returns errors: a panic on data-dependent paths would be a crash for the author.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod chars;
mod diag;
mod escapes;
mod fields;
pub mod format;
pub mod limits;
mod markdown;
mod model;
mod read;
mod source;
mod text;

pub use diag::{Diagnostic, Label, Severity};
pub use fields::{Field, Part, Text};
pub use markdown::figure_path_problem;
pub use model::*;
pub use source::{SourceFile, Span};

/// The JSON Schema of the data format as `format` reads it (for editors:
/// `#:schema ./folio.schema.json`).
pub fn json_schema(format: &format::Format) -> String {
    format::json_schema(format)
}

/// Reads a deliverable from the text of its TOML file.
///
/// On success the document is returned with any warnings found on the way; on failure every
/// error that could be found is returned (at least one).
pub fn parse(file: &SourceFile) -> Result<(Document, Vec<Diagnostic>), Vec<Diagnostic>> {
    parse_with(file, &Templates::default())
}

/// [`parse`], with the format of the template the file names among `templates`.
pub fn parse_with(
    file: &SourceFile,
    templates: &Templates<'_>,
) -> Result<(Document, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (doc, diags) = model::build(file, templates);
    if diags.iter().any(Diagnostic::is_error) { Err(diags) } else { Ok((doc, diags)) }
}

/// Reads a deliverable as far as its data allows, with every problem found, errors included.
///
/// The document may be incomplete when there are errors: it is for checks that report more
/// problems in the same run, never for typesetting.
///
/// The data is read with folio's own tables ([`format::Format::base`]): no template's parameters
/// or record blocks. [`read_with`] reads it as its template does.
pub fn read(file: &SourceFile) -> (Document, Vec<Diagnostic>) {
    model::build(file, &Templates::default())
}

/// Reads a shared data file (organisations and sources), with every problem found, located in it.
pub fn read_shared(file: &SourceFile) -> (Shared, Vec<Diagnostic>) {
    model::build_shared(file)
}

/// Reads a deliverable as [`read`] does, with the format of the template it names among
/// `templates` (an unknown template is an error at the data's `template`).
pub fn read_with(file: &SourceFile, templates: &Templates<'_>) -> (Document, Vec<Diagnostic>) {
    model::build(file, templates)
}
