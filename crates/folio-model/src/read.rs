//! Reading a data file against the declared format ([`crate::format`]), collecting every problem.
//!
//! The TOML is parsed with recovery into spanned values (so several syntax errors are reported in
//! one run), then each table is read key by key against its declaration: unknown keys, missing
//! keys and values of the wrong kind are all reported, each at its place, in authors' words. No
//! message of the toml crate is rewritten by matching its wording: the few syntax errors folio
//! explains better (impossible dates, keys written twice, half surrogate escapes) are recognised
//! from the source text at the error.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::Diagnostic;
use crate::format::{Key, Kind, Table};
use crate::source::{SourceFile, Span};

/// A string value with the span of its source (quotes included).
#[derive(Debug, Clone)]
pub(crate) struct Str {
    pub value: String,
    pub span: Span,
}

/// A value read for a declared key.
#[derive(Debug, Clone)]
pub(crate) enum Raw {
    /// Any text-like kind (plain, id, language, Markdown, month).
    Str(Str),
    /// A date without a time.
    Date(chrono::NaiveDate, Span),
    /// A whole number, already in range.
    Count(i64, Span),
    /// A list of one-line texts.
    Strings(Vec<Str>),
    /// A table.
    Table(Record),
    /// A list of tables.
    Tables(Vec<Record>),
    /// Footnote texts by id, in file order.
    Footnotes(Vec<(Str, Str)>),
}

/// A table read against its declaration.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    /// The table's declaration.
    pub table: &'static Table,
    /// Where the table starts (its header, or its first key).
    pub span: Span,
    /// The declared keys present, in file order, with the span of the key.
    pub values: Vec<(&'static Key, Span, Raw)>,
}

impl Record {
    /// The value of `key`, if present.
    pub fn get(&self, key: &str) -> Option<&Raw> {
        self.values.iter().find(|(k, _, _)| k.key == key).map(|(_, _, v)| v)
    }

    /// Takes the value of `key` out, if present.
    pub fn take(&mut self, key: &str) -> Option<Raw> {
        let i = self.values.iter().position(|(k, _, _)| k.key == key)?;
        Some(self.values.remove(i).2)
    }
}

/// Reads `file` as a document, reporting every problem; what could be read is returned even when
/// there are syntax errors (recovery keeps the rest of the file).
pub(crate) fn document(file: &SourceFile, diags: &mut Vec<Diagnostic>) -> Record {
    let (root, errors) = DeTable::parse_recoverable(&file.text);
    let syntax: Vec<Span> = errors.iter().map(|e| e.span().unwrap_or(0..0)).collect();
    let scratch = Diagnostic::error("", "", 0..0, "");
    let mut r = Reader { file, diags, syntax: Vec::new(), suggested: Vec::new(), scratch };
    for e in errors {
        r.syntax(&e);
    }
    // What recovery made of a broken value is not the author's mistake: say nothing more there.
    r.syntax = syntax;
    r.table(&crate::format::DOCUMENT, root.get_ref(), 0..0, "")
}

struct Reader<'a> {
    file: &'a SourceFile,
    diags: &'a mut Vec<Diagnostic>,
    /// Where the syntax errors are.
    syntax: Vec<Span>,
    /// Keys an unknown key was taken for ("did you mean `title`?"), in the table being read.
    suggested: Vec<&'static str>,
    /// Where diagnostics that are not kept are written.
    scratch: Diagnostic,
}

/// What a TOML value is, in an author's words: "the number 5", "a table".
fn describe(value: &DeValue<'_>) -> String {
    match value {
        DeValue::String(s) => {
            let s: String = s.chars().take(40).collect();
            format!("the text \"{s}\"")
        }
        DeValue::Integer(i) => format!("the number {}", i.as_str()),
        DeValue::Float(f) => format!("the number {}", f.as_str()),
        DeValue::Boolean(b) => format!("`{b}`"),
        DeValue::Datetime(d) => format!("the date `{d}`"),
        DeValue::Array(_) => "a list".to_owned(),
        DeValue::Table(_) => "a table".to_owned(),
    }
}

impl Reader<'_> {
    fn error(&mut self, code: &'static str, span: Span, message: String) -> &mut Diagnostic {
        let overlaps = |s: &Span| s.start < span.end.max(span.start + 1) && span.start < s.end.max(s.start + 1);
        if self.syntax.iter().any(overlaps) {
            // Still returned, so callers can fill it in, but not kept.
            self.scratch = Diagnostic::error(code, &self.file.name, span, message);
            return &mut self.scratch;
        }
        self.diags.push(Diagnostic::error(code, &self.file.name, span, message));
        let last = self.diags.len() - 1;
        &mut self.diags[last]
    }

    /// The line holding `offset`, as a span without its indentation: a table's header.
    fn line_span(&self, offset: usize) -> Span {
        let text = &self.file.text;
        let offset = offset.min(text.len());
        let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let line = &text[start..end];
        let lead = line.len() - line.trim_start().len();
        start + lead..start + line.trim_end().len()
    }

    /// The name a table is written under, from its header line: `deliverable`,
    /// `sections.sections.case-study`; empty at the top of the file.
    fn table_name(&self, span: &Span) -> String {
        let line = self.file.text.get(span.clone()).unwrap_or_default().trim();
        match line.strip_prefix('[') {
            Some(rest) => rest.trim_start_matches('[').split(']').next().unwrap_or_default().trim().to_owned(),
            None => line.split('=').next().unwrap_or_default().trim().to_owned(),
        }
    }

    fn table(&mut self, table: &'static Table, de: &DeTable<'_>, span: Span, name: &str) -> Record {
        let mut record = Record { table, span: span.clone(), values: Vec::new() };
        let outer = std::mem::take(&mut self.suggested);
        for (k, v) in de.iter() {
            let key_span = k.span();
            let Some(decl) = table.key(k.get_ref()) else {
                self.unknown_key(table, k.get_ref(), key_span);
                continue;
            };
            if let Some(raw) = self.value(decl, v, key_span.clone()) {
                record.values.push((decl, key_span, raw));
            }
        }
        let suggested = std::mem::replace(&mut self.suggested, outer);
        for decl in table.keys.iter().filter(|k| k.required) {
            // A key written under another name was reported as that name's misspelling.
            if record.values.iter().any(|(k, _, _)| k.key == decl.key)
                || de.iter().any(|(k, _)| k.get_ref() == decl.key)
                || suggested.contains(&decl.key)
            {
                continue;
            }
            let (where_, label) = if name.is_empty() {
                ("at the top of the file".to_owned(), "the file needs".to_owned())
            } else {
                (format!("in [{name}]"), "this table needs".to_owned())
            };
            let key = decl.key;
            let example = decl.example;
            let d = self.error("missing-field", span.clone(), format!("`{key}` is missing {where_}"));
            d.span_label = format!("{label} `{key}`");
            d.help = Some(format!("add a line `{key} = {example}` {where_}"));
        }
        record
    }

    fn unknown_key(&mut self, table: &'static Table, key: &str, span: Span) {
        let closest = table
            .keys
            .iter()
            .map(|k| (strsim::damerau_levenshtein(k.key, key), k.key))
            .min()
            .filter(|(distance, _)| *distance <= 3 || key.len() > 6 && *distance <= key.len() / 2);
        let help = match closest {
            Some((_, k)) => {
                self.suggested.push(k);
                format!("did you mean `{k}`?")
            }
            None => format!(
                "the keys allowed here are {}",
                table.keys.iter().map(|k| format!("`{}`", k.key)).collect::<Vec<_>>().join(", ")
            ),
        };
        let shown: String = key.chars().take(60).collect();
        let d = self.error("unknown-field", span, format!("unknown field `{shown}`"));
        d.span_label = "folio does not know this key".to_owned();
        d.help = Some(help);
    }

    fn wrong_type(&mut self, decl: &Key, value: &Spanned<DeValue<'_>>, what: &str, example: String) {
        let found = describe(value.get_ref());
        let key = decl.key;
        let d = self.error("wrong-type", value.span(), format!("`{key}` must be {what}, not {found}"));
        d.span_label = format!("this is {found}");
        d.help = Some(format!("write it like `{example}`"));
    }

    fn value(&mut self, decl: &'static Key, v: &Spanned<DeValue<'_>>, key_span: Span) -> Option<Raw> {
        let key = decl.key;
        let span = v.span();
        match (decl.kind, v.get_ref()) {
            (Kind::Plain | Kind::Id | Kind::Lang | Kind::Inline | Kind::Prose | Kind::Month, DeValue::String(s)) => {
                Some(Raw::Str(Str { value: s.to_string(), span }))
            }
            (Kind::Plain | Kind::Id | Kind::Lang | Kind::Inline | Kind::Prose | Kind::Month, _) => {
                self.wrong_type(decl, v, "text", format!("{key} = \"…\""));
                None
            }
            (Kind::Date, DeValue::Datetime(dt)) => {
                let date = match (dt.date, dt.time) {
                    (Some(d), None) => {
                        chrono::NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
                    }
                    _ => None,
                };
                if date.is_none() {
                    let d = self.error("not-a-date", span, format!("`{key}` must be a date, not `{dt}`"));
                    d.help = Some(format!("write the day as a TOML date: `{key} = 2015-09-23`"));
                }
                date.map(|d| Raw::Date(d, v.span()))
            }
            (Kind::Date, _) => {
                self.wrong_type(decl, v, "a date without quotes", format!("{key} = 2015-09-23"));
                None
            }
            (Kind::Count { min, max }, DeValue::Integer(i)) => {
                let n = i64::from_str_radix(i.as_str(), i.radix()).ok().filter(|n| (min..=max).contains(n));
                if n.is_none() {
                    let d = self.error(
                        "out-of-range",
                        span,
                        format!("`{key}` must be a whole number from {min} to {max}, not {}", i.as_str()),
                    );
                    d.span_label = "out of range".to_owned();
                }
                n.map(|n| Raw::Count(n, v.span()))
            }
            (Kind::Count { .. }, _) => {
                self.wrong_type(decl, v, "a whole number without quotes", format!("{key} = {}", decl.example));
                None
            }
            (Kind::Choice(codes), DeValue::String(s)) => {
                if !codes.contains(&s.as_ref()) {
                    let closest = codes.iter().find(|c| c.eq_ignore_ascii_case(s));
                    let shown: String = s.chars().take(40).collect();
                    let d = self.error("not-a-choice", span.clone(), format!("`{key}` cannot be `{shown}`"));
                    d.span_label = "not one of the codes".to_owned();
                    d.help = Some(match closest {
                        Some(c) => format!("did you mean `{c}`?"),
                        None => format!("write one of {}", codes.join(", ")),
                    });
                    return None;
                }
                Some(Raw::Str(Str { value: s.to_string(), span }))
            }
            (Kind::Choice(_), _) => {
                self.wrong_type(decl, v, "text", format!("{key} = {}", decl.example));
                None
            }
            (Kind::PlainList, DeValue::Array(items)) => {
                let mut out = Vec::new();
                for item in items {
                    match item.get_ref() {
                        DeValue::String(s) => out.push(Str { value: s.to_string(), span: item.span() }),
                        other => {
                            let found = describe(other);
                            let d = self.error(
                                "wrong-type",
                                item.span(),
                                format!("each item of `{key}` must be text, not {found}"),
                            );
                            d.span_label = format!("this is {found}");
                            d.help = Some(format!("write it like `{key} = [\"…\", \"…\"]`"));
                        }
                    }
                }
                Some(Raw::Strings(out))
            }
            (Kind::PlainList, _) => {
                self.wrong_type(decl, v, "a list of texts", format!("{key} = [\"…\", \"…\"]"));
                None
            }
            (Kind::Table(t), DeValue::Table(de)) => {
                let header = self.line_span(key_span.start);
                let name = self.table_name(&header);
                Some(Raw::Table(self.table(t, de, header, &name)))
            }
            (Kind::Table(_), DeValue::Array(items))
                if items.iter().all(|i| matches!(i.get_ref(), DeValue::Table(_))) =>
            {
                let header = self.line_span(key_span.start);
                let name = self.table_name(&header);
                let d = self.error(
                    "wrong-type",
                    header,
                    format!("`{key}` must be a single table, but `[[{name}]]` makes a list of tables"),
                );
                d.span_label = "written as a list of tables".to_owned();
                d.help = Some(format!("write `[{name}]` with single brackets"));
                None
            }
            (Kind::Table(_), _) => {
                self.wrong_type(decl, v, "a table", format!("[{key}]"));
                None
            }
            (Kind::Tables(t), DeValue::Array(items)) => {
                let mut out = Vec::new();
                for item in items {
                    match item.get_ref() {
                        DeValue::Table(de) => {
                            // An item's span is its `[[header]]` line when written as one.
                            let header = self.line_span(item.span().start.max(key_span.start));
                            let name = self.table_name(&header);
                            out.push(self.table(t, de, header, &name));
                        }
                        _ => self.wrong_type(decl, item, "a table", format!("[[{key}]]")),
                    }
                }
                Some(Raw::Tables(out))
            }
            (Kind::Tables(_), _) => {
                self.wrong_type(decl, v, "a list of tables", format!("[[{key}]]"));
                None
            }
            (Kind::Footnotes, DeValue::Table(de)) => {
                let mut out = Vec::new();
                for (id, text) in de.iter() {
                    match text.get_ref() {
                        DeValue::String(s) => out.push((
                            Str { value: id.get_ref().to_string(), span: id.span() },
                            Str { value: s.to_string(), span: text.span() },
                        )),
                        other => {
                            let found = describe(other);
                            let d = self.error(
                                "wrong-type",
                                text.span(),
                                format!("footnote `{}` must be text, not {found}", id.get_ref()),
                            );
                            d.span_label = format!("this is {found}");
                            d.help = Some("write it like `my-id = \"Footnote text\"`".to_owned());
                        }
                    }
                }
                Some(Raw::Footnotes(out))
            }
            (Kind::Footnotes, _) => {
                self.wrong_type(decl, v, "a table of footnotes", "[footnotes]".to_owned());
                None
            }
        }
    }

    /// A TOML syntax error, explained from the source text where folio knows better.
    fn syntax(&mut self, e: &toml::de::Error) {
        let span = e.span().unwrap_or(0..0);
        let text = &self.file.text;
        let line = self.line_span(span.start);
        let at = text.get(span.clone()).unwrap_or_default();
        let line_text = text.get(line.clone()).unwrap_or_default();
        let message = e.message().trim().to_owned();
        // A date-shaped value that is not a day of the calendar: `2020-02-30`.
        let value = line_text.split_once('=').map(|(_, v)| v.trim()).unwrap_or_default();
        if is_date_shaped(value) && span.start >= line.start && span.start <= line.end {
            let value_start = line.start + line_text.find(value).unwrap_or(0);
            let d = self.error(
                "invalid-date",
                value_start..value_start + value.len(),
                format!("this is not a real date: {message}"),
            );
            d.help = Some("dates are written year-month-day: `2015-09-23`".to_owned());
            return;
        }
        // A key written a second time in the same table.
        let key = at.trim().trim_matches('"');
        if !key.is_empty()
            && line_text.starts_with(at.trim())
            && line_text[at.trim().len()..].trim_start().starts_with('=')
            && self.written_before_in_table(key, line.start)
        {
            let d = self.error("duplicate-key", span, format!("`{key}` is written twice in the same table"));
            d.help = Some("keep one of them".to_owned());
            return;
        }
        if let Some(d) = crate::escapes::half_surrogate(&self.file.name, text, &span) {
            // The low half right after a high one is the same mistake, explained with the first.
            let pair = self.diags.last().is_some_and(|p| p.code == "surrogate-escape" && p.span.end == d.span.start);
            if !pair {
                self.diags.push(d);
            }
            return;
        }
        self.error("toml-syntax", span, message);
    }

    /// Whether `key = …` starts a line between the table header before `before` and `before`.
    fn written_before_in_table(&self, key: &str, before: usize) -> bool {
        let head = &self.file.text[..before.min(self.file.text.len())];
        for line in head.lines().rev() {
            let line = line.trim();
            if line.starts_with('[') {
                return false;
            }
            if let Some((k, _)) = line.split_once('=')
                && k.trim().trim_matches('"') == key
            {
                return true;
            }
        }
        false
    }
}

/// `2020-02-30`: four digits, two, two.
fn is_date_shaped(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10 && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
}
