//! Printing diagnostics to stderr.

use std::io::IsTerminal;

use folio_model::{Diagnostic, SourceFile};

use crate::out;

/// Prints diagnostics rustc-style, in colour as `--color` and `NO_COLOR` say.
pub fn diagnostics(diags: &[Diagnostic], files: &[&SourceFile]) {
    // `--quiet`: errors only.
    let kept: Vec<Diagnostic>;
    let diags = if crate::verbosity() == crate::Verbosity::Quiet {
        kept = diags.iter().filter(|d| d.is_error()).cloned().collect();
        &kept[..]
    } else {
        diags
    };
    if diags.is_empty() {
        return;
    }
    let color = crate::use_color(std::io::stderr().is_terminal());
    out::stderr(&folio_validate::render::human(diags, files, color));
}

/// Prints diagnostics in the format the command line asked for: human on stderr, or JSON lines
/// on stdout.
pub fn diagnostics_as(format: crate::MessageFormat, diags: &[Diagnostic], files: &[&SourceFile]) {
    match format {
        crate::MessageFormat::Human => diagnostics(diags, files),
        crate::MessageFormat::Json if !diags.is_empty() => out::stdout(&folio_validate::render::json(diags, files)),
        crate::MessageFormat::Json => {}
        crate::MessageFormat::Short => {
            let shown: Vec<Diagnostic> = diags
                .iter()
                .filter(|d| d.is_error() || crate::verbosity() > crate::Verbosity::Quiet)
                .cloned()
                .collect();
            out::stderr(&folio_validate::render::short(&shown, files));
        }
    }
}
