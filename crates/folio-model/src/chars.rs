//! Character checks run on every string of the data, at the exact characters.
//!
//! - Control characters (NUL, BEL, ESC, DEL, C1 controls…) are errors: they are invisible on the
//!   page, yet reach the PDF's text and metadata. Tab and line breaks are text.
//! - Bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) are warnings: they make
//!   text display in another order than it is stored ("Trojan Source").
//! - The writing systems used are recorded with their first place, so that the compiler can warn
//!   about scripts the template's fonts cannot set.

use unicode_script::{Script, UnicodeScript};

use crate::diag::Diagnostic;
use crate::model::ScriptUse;
use crate::text::MappedText;

/// Checks the characters of `text`, reporting into `diags` and recording new scripts in `scripts`.
pub(crate) fn check(text: &MappedText, file: &str, diags: &mut Vec<Diagnostic>, scripts: &mut Vec<ScriptUse>) {
    let s = &text.text;
    // A run of the same kind of problem is one diagnostic, so a pasted binary blob is one error.
    let mut run: Option<(Kind, usize, usize)> = None;
    let flush = |run: &mut Option<(Kind, usize, usize)>, diags: &mut Vec<Diagnostic>| {
        if let Some((kind, start, end)) = run.take() {
            diags.push(kind.diagnostic(file, text.span(start..end), &s[start..end]));
        }
    };
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let kind = if c == '\r' && matches!(chars.peek(), Some((_, '\n'))) {
            // A Windows line ending, kept as written by the TOML reader.
            None
        } else if c.is_control() && c != '\t' && c != '\n' {
            Some(Kind::Control)
        } else if matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') {
            Some(Kind::Bidi)
        } else {
            None
        };
        match (kind, &mut run) {
            (Some(k), Some((current, _, end))) if k == *current && *end == i => *end = i + c.len_utf8(),
            (Some(k), _) => {
                flush(&mut run, diags);
                run = Some((k, i, i + c.len_utf8()));
            }
            (None, _) => flush(&mut run, diags),
        }
        let script = c.script();
        if !matches!(script, Script::Common | Script::Inherited | Script::Latin | Script::Unknown)
            && !scripts.iter().any(|u| u.script == script.full_name())
        {
            scripts.push(ScriptUse { script: script.full_name(), first: text.span(i..i + c.len_utf8()) });
        }
    }
    flush(&mut run, diags);
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Control,
    Bidi,
}

impl Kind {
    fn diagnostic(self, file: &str, span: crate::Span, chars: &str) -> Diagnostic {
        let codes: Vec<String> = chars.chars().take(8).map(|c| format!("U+{:04X}", c as u32)).collect();
        let more = if chars.chars().count() > 8 { ", …" } else { "" };
        let codes = format!("{}{more}", codes.join(", "));
        match self {
            Kind::Control => Diagnostic::error(
                "control-character",
                file,
                span,
                format!("invisible control character ({codes}) in the text"),
            )
            .with_span_label("here")
            .with_help("delete it; control characters are not text and would reach the PDF unseen (tab and line breaks are fine)"),
            Kind::Bidi => Diagnostic::warning(
                "bidi-control",
                file,
                span,
                format!("bidirectional control character ({codes}): the text will display in another order than it is written"),
            )
            .with_span_label("here")
            .with_help("delete it unless right-to-left text needs it; it can make text read differently from what reviewers see in the data"),
        }
    }
}
