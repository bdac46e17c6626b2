//! Turns the messages of the toml and serde crates into sentences for authors.

use std::ops::Range;

use folio_model::{Diagnostic, SourceFile};

/// Rewrites a `toml` diagnostic from the model; others pass through unchanged.
pub(crate) fn for_authors(d: Diagnostic, file: &SourceFile) -> Diagnostic {
    if d.code != "toml" {
        return d;
    }
    if let Some(escape) = surrogate_escape(&file.text, &d.span) {
        return half_surrogate(d, &file.text, escape);
    }
    let message = d.message.clone();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        return unknown_field(d, rest);
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or_default();
        let table = table_name(file, d.span.start);
        let where_ = if table.is_empty() { "at the top of the file".to_owned() } else { format!("in [{table}]") };
        return Diagnostic {
            code: "missing-field",
            message: format!("`{field}` is missing {where_}"),
            span_label: format!("this table needs `{field}`"),
            help: Some(format!("add a line `{field} = …` {where_}")),
            ..d
        };
    }
    if message.starts_with("invalid type:") {
        return wrong_type(d, file, &message);
    }
    if message.starts_with("duplicate key") {
        let key = key_at(file, d.span.start);
        return Diagnostic {
            code: "duplicate-key",
            message: format!("`{key}` is written twice in the same table"),
            help: Some("keep one of them".to_owned()),
            ..d
        };
    }
    if message.starts_with("invalid date") || message.starts_with("invalid time") {
        return Diagnostic {
            code: "invalid-date",
            message: format!("this is not a real date: {message}"),
            help: Some("dates are written year-month-day: `2015-09-23`".to_owned()),
            ..d
        };
    }
    Diagnostic { code: "toml-syntax", ..d }
}

fn wrong_type(d: Diagnostic, file: &SourceFile, message: &str) -> Diagnostic {
    let line = line_at(file, d.span.start).trim();
    let found = describe(message.trim_start_matches("invalid type: ").split(", expected").next().unwrap_or_default());
    // `[[project]]` where `[project]` was meant: serde then reads the list positionally.
    if let Some(name) = line.strip_prefix("[[").and_then(|l| l.split("]]").next()) {
        let key = name.rsplit('.').next().unwrap_or(name).trim();
        return Diagnostic {
            code: "wrong-type",
            message: format!("`{key}` must be a single table, but `[[{name}]]` makes a list of tables"),
            span_label: "written as a list of tables".to_owned(),
            help: Some(format!("write `[{name}]` with single brackets")),
            ..d
        };
    }
    let key = key_at(file, d.span.start);
    let in_list = line.split_once('=').is_some_and(|(_, v)| v.trim_start().starts_with('['));
    let (what, example) = if message.contains("expected a string") && in_list {
        ("a list of texts", format!("{key} = [\"…\", \"…\"]"))
    } else if message.contains("expected a string") {
        ("text", format!("{key} = \"…\""))
    } else if message.contains("expected a sequence") {
        ("a list", format!("{key} = [\"…\", \"…\"]"))
    } else if message.contains("datetime") {
        ("a date without quotes", format!("{key} = 2015-09-23"))
    } else if message.contains("expected i64") || message.contains("expected u32") {
        ("a whole number without quotes", format!("{key} = 24"))
    } else if message.contains("expected struct") || message.contains("expected a map") || message.contains("a table") {
        ("a table", format!("[{key}]"))
    } else {
        ("something else", String::new())
    };
    let subject =
        if in_list && what == "a list of texts" { format!("each item of `{key}`") } else { format!("`{key}`") };
    let what = if subject.starts_with("each") { "text" } else { what };
    Diagnostic {
        code: "wrong-type",
        message: format!("{subject} must be {what}, not {found}"),
        span_label: format!("this is {found}"),
        help: (!example.is_empty()).then(|| format!("write it like `{example}`")),
        ..d
    }
}

/// serde's name for a value, in an author's words: `integer `5`` becomes "the number 5".
fn describe(found: &str) -> String {
    if let Some(n) = found.strip_prefix("integer `").or_else(|| found.strip_prefix("floating point `")) {
        return format!("the number {}", n.trim_end_matches('`'));
    }
    if let Some(s) = found.strip_prefix("string ") {
        return format!("the text {s}");
    }
    if let Some(b) = found.strip_prefix("boolean `") {
        return format!("`{}`", b.trim_end_matches('`'));
    }
    match found {
        "map" => "a table".to_owned(),
        "sequence" => "a list".to_owned(),
        other => other.to_owned(),
    }
}

/// The whole line that `offset` is on.
fn line_at(file: &SourceFile, offset: usize) -> &str {
    let offset = floor_boundary(&file.text, offset);
    let start = file.text[..offset].rfind('\n').map_or(0, |i| i + 1);
    file.text[start..].lines().next().unwrap_or_default()
}

/// The nearest char boundary at or before `offset` (spans from parsers may point anywhere).
fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn unknown_field(d: Diagnostic, rest: &str) -> Diagnostic {
    let field = rest.split('`').next().unwrap_or_default().to_owned();
    let expected: Vec<&str> = rest.split('`').skip(1).filter(|s| !s.is_empty() && !s.contains(',')).collect();
    let expected: Vec<&str> = expected.into_iter().filter(|s| !s.trim().is_empty() && !s.contains(' ')).collect();
    let closest = expected
        .iter()
        .map(|e| (strsim::damerau_levenshtein(e, &field), *e))
        .min()
        .filter(|(distance, _)| *distance <= 3 || field.len() > 6 && *distance <= field.len() / 2);
    let help = match closest {
        Some((_, e)) => format!("did you mean `{e}`?"),
        None if expected.is_empty() => "remove it".to_owned(),
        None => format!(
            "the keys allowed here are {}",
            expected.iter().map(|e| format!("`{e}`")).collect::<Vec<_>>().join(", ")
        ),
    };
    Diagnostic {
        code: "unknown-field",
        message: format!("unknown field `{field}`"),
        span_label: "folio does not know this key".to_owned(),
        help: Some(help),
        ..d
    }
}

/// The key on the line of `offset`: the text before `=`, or the last part of a table header.
fn key_at(file: &SourceFile, offset: usize) -> String {
    let line = line_at(file, offset).trim();
    if line.starts_with('[') {
        let name = line.trim_matches(['[', ']']);
        return name.rsplit('.').next().unwrap_or(name).trim().to_owned();
    }
    line.split('=').next().unwrap_or_default().trim().trim_matches('"').to_owned()
}

/// The name of the table whose header is at (or last before) the line of `offset`, such as
/// `deliverable`; empty at the top level.
fn table_name(file: &SourceFile, offset: usize) -> String {
    let offset = floor_boundary(&file.text, offset);
    let end = file.text[offset..].find('\n').map_or(file.text.len(), |i| offset + i);
    file.text[..end]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|l| l.trim_matches(['[', ']']).to_owned())
        .unwrap_or_default()
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
fn half_surrogate(d: Diagnostic, text: &str, (range, value): (Range<usize>, u32)) -> Diagnostic {
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
    Diagnostic {
        code: "surrogate-escape",
        message: format!(
            "`{written}` is half of a UTF-16 surrogate pair; TOML escapes whole characters: write {fix} or the character itself"
        ),
        span: range,
        span_label: label,
        labels: Vec::new(),
        help: Some(help),
        ..d
    }
}
