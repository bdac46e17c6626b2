//! Printing diagnostics to stderr.

use std::io::{IsTerminal, Write};

use folio_model::{Diagnostic, SourceFile};

/// Prints diagnostics rustc-style, in colour when stderr is a terminal.
pub fn diagnostics(diags: &[Diagnostic], files: &[&SourceFile]) {
    if diags.is_empty() {
        return;
    }
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let text = folio_validate::render::human(diags, files, color);
    // If stderr is gone there is nobody left to tell.
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}
