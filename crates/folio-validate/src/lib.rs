//! Checks on a parsed document that go beyond what the model needs to hold together.
//!
//! The model already refuses what cannot be built (bad TOML, unknown footnotes). This crate
//! looks for what is probably a mistake: it returns diagnostics, mostly warnings, and never
//! changes the document. `folio build` runs it after parsing and before compiling.

use folio_model::{Diagnostic, Document, Inline};

/// Runs every check on `doc` and returns what it found, in file order.
pub fn validate(doc: &Document) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    unreferenced_footnotes(doc, &mut diags);
    diags.sort_by_key(|d| d.span.start);
    diags
}

/// A footnote that nothing refers to is never printed: the author probably lost a `[^id]`.
fn unreferenced_footnotes(doc: &Document, diags: &mut Vec<Diagnostic>) {
    let mut used = std::collections::HashSet::new();
    doc.walk_inlines(&mut |i| {
        if let Inline::FootnoteRef(id) = i {
            used.insert(id.value.clone());
        }
    });
    for f in &doc.footnotes {
        if !used.contains(&f.id.value) {
            diags.push(
                Diagnostic::warning(
                    "unused-footnote",
                    &doc.file,
                    f.id.span.clone(),
                    format!("footnote `{}` is never referenced, so it is not printed", f.id.value),
                )
                .with_help(format!("refer to it with [^{}] where it belongs, or delete it", f.id.value)),
            );
        }
    }
}
