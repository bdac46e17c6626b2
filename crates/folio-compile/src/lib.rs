//! From a folio [`Document`](folio_model::Document) to a PDF, through Typst.
//!
//! - [`lower`] (from `folio-lower`) turns the document into Typst source that calls the template's functions, with
//!   every data string as an escaped literal.
//! - [`SandboxWorld`] is the Typst [`World`](typst::World) that source is compiled in: the
//!   template folder, the data folder, the shipped fonts, a fixed date; nothing else.
//! - [`Pipeline`] ties them together (check → lower → typeset), and [`Typeset`] holds the laid-out document, which can be
//!   exported to PDF or inspected (contents with pages, text of every page).
//!
//! All Typst API calls live in this crate, so a Typst upgrade touches one place.

// Library code returns errors: a panic on data-dependent paths would be a crash for the author.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod assets;
mod compile;
mod fonts;
mod inspect;
mod labels;
mod project;
mod shared;
mod standards;
mod world;

pub use assets::{check_image_paths, check_images};
pub use compile::{
    Built, CompileError, Diagnostics, Pipeline, RenderedPage, Typeset, check, check_as, data_dir, find_templates,
    missing_template, template_import,
};
pub use folio_lower::{Lowered, SourceMap, footnote_label, lower, string_literal, syntax_errors};
pub use folio_template::{Catalog, Template};
pub use fonts::Fonts;
pub use inspect::{FootnotePlacement, HeadingEntry, LayoutMark, PageFootnote, PageLayout, TextLine};
pub use labels::{Words, check_labels};
pub use project::compile_project;
pub use shared::{read_shared_files, unused_shared_entries};
pub use standards::{check_standards, code as standard_code, pdf_standard, pdf_standards};
/// PDF standards a document can be checked against on export.
pub use typst_pdf::PdfStandard;
pub use world::SandboxWorld;

/// The warnings only typesetting finds (not `check`): an allowance for one of them is not unused
/// when `folio check` sees none.
pub const LAYOUT_WARNINGS: &[&str] = &["overflow", "missing-glyph", "unsupported-script", "typst"];

/// Drops Typst's cached results that went unused for `max_age` compilations: a long-running
/// process (`folio watch`) keeps the ones its next rebuild reuses, and its memory flat.
pub fn evict_caches(max_age: usize) {
    typst::comemo::evict(max_age);
}

/// The Typst version folio embeds, for messages and the PDF's creator field.
pub const TYPST_VERSION: &str = "0.15.1";
