//! Escapes that TOML refuses and authors write anyway: half of a UTF-16 surrogate pair
//! (`\uD83E\uDD80`, as JSON and JavaScript write 🦀).

use std::ops::Range;

use crate::diag::Diagnostic;

/// The diagnostic for a TOML error at `span` that sits in a surrogate escape, if it does.
pub(crate) fn half_surrogate(file: &str, text: &str, span: &Range<usize>) -> Option<Diagnostic> {
    surrogate_escape(text, span).map(|escape| explain(file, text, escape))
}

/// The escape `\uXXXX` or `\UXXXXXXXX` of half a UTF-16 surrogate pair (U+D800 to U+DFFF) that
/// an error's span starts in: its bytes and its value. Read from the source text, not from the
/// toml crate's wording, which may change.
fn surrogate_escape(text: &str, span: &Range<usize>) -> Option<(Range<usize>, u32)> {
    // The span starts at the backslash or in the digits (an escape is at most 10 bytes long).
    // Only an error inside the escape counts: `'\uD83E'` is plain text in a literal string, and
    // an error about the value around it starts at its quote.
    (span.start.saturating_sub(9)..=span.start)
        .find_map(|p| escape_at(text, p).filter(|(range, value)| is_surrogate(*value) && range.contains(&span.start)))
}

fn is_surrogate(value: u32) -> bool {
    (0xD800..=0xDFFF).contains(&value)
}

/// The `\u` or `\U` escape starting at byte `p`, if there is one (and its backslash is not
/// itself escaped).
fn escape_at(text: &str, p: usize) -> Option<(Range<usize>, u32)> {
    let bytes = text.as_bytes();
    if bytes.get(p) != Some(&b'\\') {
        return None;
    }
    let backslashes_before = bytes.get(..p)?.iter().rev().take_while(|b| **b == b'\\').count();
    if backslashes_before % 2 == 1 {
        return None;
    }
    let digits = match bytes.get(p + 1)? {
        b'u' => 4,
        b'U' => 8,
        _ => return None,
    };
    let hex = bytes.get(p + 2..p + 2 + digits)?;
    if !hex.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    let value = u32::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
    Some((p..p + 2 + digits, value))
}

/// "`\uD83E` is half of a UTF-16 surrogate pair", with the one escape to write instead when the
/// other half follows.
fn explain(file: &str, text: &str, (range, value): (Range<usize>, u32)) -> Diagnostic {
    let written = text.get(range.clone()).unwrap_or_default().to_owned();
    // A high surrogate followed by a low one, as JSON and JavaScript write characters beyond
    // U+FFFF.
    let pair = (0xD800..0xDC00)
        .contains(&value)
        .then(|| escape_at(text, range.end))
        .flatten()
        .filter(|(_, low)| (0xDC00..=0xDFFF).contains(low))
        .and_then(|(low_range, low)| {
            let c = char::from_u32(0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00))?;
            Some((text.get(range.start..low_range.end).unwrap_or_default().to_owned(), c))
        });
    let (fix, label, help) = match pair {
        Some((both, c)) => (
            format!("`\\U{:08X}`", u32::from(c)),
            format!("the first half of {c}"),
            format!("`{both}` is how JSON and JavaScript write {c}; TOML reads each escape as one whole character"),
        ),
        None => (
            "`\\U` and the character's eight-digit code point".to_owned(),
            "half a character".to_owned(),
            "look up the character's code point, such as U+1F980 for 🦀, and write `\\U0001F980`".to_owned(),
        ),
    };
    Diagnostic::error(
        "surrogate-escape",
        file,
        range,
        format!(
            "`{written}` is half of a UTF-16 surrogate pair; TOML escapes whole characters: write {fix} or the character itself"
        ),
    )
    .with_span_label(label)
    .with_help(help)
}
