//! Turns the messages of the toml and serde crates into sentences for authors.

use folio_model::{Diagnostic, SourceFile};

/// Rewrites a `toml` diagnostic from the model; others pass through unchanged.
pub(crate) fn for_authors(d: Diagnostic, file: &SourceFile) -> Diagnostic {
    if d.code != "toml" {
        return d;
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
        let key = key_at(file, d.span.start);
        let (what, example) = if message.contains("expected a string") {
            ("text", format!("{key} = \"…\""))
        } else if message.contains("expected a sequence") {
            ("a list", format!("{key} = [\"…\", \"…\"]"))
        } else if message.contains("datetime") {
            ("a date without quotes", format!("{key} = 2015-09-23"))
        } else if message.contains("expected i64") || message.contains("expected u32") {
            ("a whole number without quotes", format!("{key} = 24"))
        } else if message.contains("expected struct") || message.contains("expected a map") {
            ("a table", format!("[{key}]"))
        } else {
            ("something else", String::new())
        };
        let found = message.trim_start_matches("invalid type: ").split(", expected").next().unwrap_or_default();
        return Diagnostic {
            code: "wrong-type",
            message: format!("`{key}` must be {what}, not {found}"),
            span_label: format!("this is {found}"),
            help: (!example.is_empty()).then(|| format!("write it like `{example}`")),
            ..d
        };
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

/// The key on the line of `offset`: the text before `=`.
fn key_at(file: &SourceFile, offset: usize) -> String {
    let start = file.text[..offset.min(file.text.len())].rfind('\n').map_or(0, |i| i + 1);
    let line = file.text[start..].lines().next().unwrap_or_default();
    line.split('=').next().unwrap_or_default().trim().trim_matches('"').to_owned()
}

/// The name of the table whose header is at (or last before) `offset`, such as `deliverable`.
fn table_name(file: &SourceFile, offset: usize) -> String {
    let before = &file.text[..(offset + 1).min(file.text.len())];
    let end = file.text[offset.min(file.text.len())..].find('\n').map_or(file.text.len(), |i| offset + i);
    let upto = &file.text[..end.max(before.len())];
    upto.lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|l| l.trim_matches(['[', ']']).to_owned())
        .unwrap_or_default()
}
