//! Printing diagnostics to stderr.

use std::io::IsTerminal;

use folio_model::{Diagnostic, SourceFile};

use crate::out;

/// Prints diagnostics rustc-style, in colour when stderr is a terminal.
pub fn diagnostics(diags: &[Diagnostic], files: &[&SourceFile]) {
    if diags.is_empty() {
        return;
    }
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    out::stderr(&folio_validate::render::human(diags, files, color));
}
