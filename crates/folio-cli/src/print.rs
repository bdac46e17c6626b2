//! Printing diagnostics to stderr.

use std::io::IsTerminal;

use folio_model::{Diagnostic, SourceFile};

use crate::out;

/// Prints diagnostics rustc-style, in colour as `--color` and `NO_COLOR` say.
pub fn diagnostics(diags: &[Diagnostic], files: &[&SourceFile]) {
    if diags.is_empty() {
        return;
    }
    let color = crate::use_color(std::io::stderr().is_terminal());
    out::stderr(&folio_validate::render::human(diags, files, color));
}
