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
use crate::format::{Format, Key, Kind, Table};
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
    /// A list of one-line texts (or of codes, already checked).
    Strings(Vec<Str>),
    /// A list of whole numbers, already in range.
    Counts(Vec<(i64, Span)>),
    /// Table rows, each with the span of its list.
    Rows(Vec<(Vec<RawCell>, Span)>),
    /// A table.
    Table(Record),
    /// A list of tables.
    Tables(Vec<Record>),
    /// Footnote texts (or labels) by id, in file order.
    Footnotes(Vec<(Str, Str)>),
    /// Tables by id, in file order.
    Entries(Vec<(Str, Record)>),
}

/// A table cell as written: its text and how many columns and rows it spans.
#[derive(Debug, Clone)]
pub(crate) struct RawCell {
    pub text: Str,
    pub colspan: u32,
    pub rowspan: u32,
    /// The whole cell, `{ … }` included.
    pub span: Span,
    /// Whether it was written as a table.
    pub detailed: bool,
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
/// Reads a shared data file against [`crate::format::SHARED`].
pub(crate) fn shared(file: &SourceFile, diags: &mut Vec<Diagnostic>) -> Record {
    let (root, errors) = DeTable::parse_recoverable(&file.text);
    let syntax: Vec<Span> = errors.iter().map(|e| e.span().unwrap_or(0..0)).collect();
    let scratch = Diagnostic::error("", "", 0..0, "");
    let format = Format::base();
    let mut r =
        Reader { file, diags, syntax: Vec::new(), suggested: Vec::new(), scratch, format, foreign_params: false };
    for e in errors {
        r.syntax(&e);
    }
    r.syntax = syntax;
    r.table(&crate::format::SHARED, root.get_ref(), 0..0, "")
}

/// The format is the one of the template the file names (its `template` is read first).
pub(crate) fn document(
    file: &SourceFile,
    diags: &mut Vec<Diagnostic>,
    templates: &crate::Templates<'_>,
) -> (Record, Format) {
    let (root, errors) = DeTable::parse_recoverable(&file.text);
    let named = match root.get_ref().get("template").map(Spanned::get_ref) {
        Some(DeValue::String(s)) => s.to_string(),
        _ => String::new(),
    };
    let format = templates.format(&named);
    // Typeset with another template than the data names, the data's parameters are the other
    // template's: they are set aside, not refused.
    let foreign_params = templates.chosen.is_some_and(|c| c != named);
    let syntax: Vec<Span> = errors.iter().map(|e| e.span().unwrap_or(0..0)).collect();
    let scratch = Diagnostic::error("", "", 0..0, "");
    let mut r = Reader { file, diags, syntax: Vec::new(), suggested: Vec::new(), scratch, format, foreign_params };
    for e in errors {
        r.syntax(&e);
    }
    // What recovery made of a broken value is not the author's mistake: say nothing more there.
    r.syntax = syntax;
    (r.table(format.root, root.get_ref(), 0..0, ""), format)
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
    /// The format read against: its sections hold the template's record blocks.
    format: Format,
    /// Whether the template is not the one the data names, so that its parameters are another's.
    foreign_params: bool,
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
            // A dotted key, `figure.file = …`, opens the table `figure` inside the table whose
            // header comes before it.
            None => {
                let key = line.split('=').next().unwrap_or_default().trim();
                let prefix = key.rsplit_once('.').map_or(key, |(p, _)| p).trim();
                let before = &self.file.text[..span.start.min(self.file.text.len())];
                let parent = before.lines().rev().map(str::trim).find(|l| l.starts_with('['));
                match parent {
                    Some(h) => {
                        let h = h.trim_start_matches('[').split(']').next().unwrap_or_default().trim();
                        format!("{h}.{prefix}")
                    }
                    None => prefix.to_owned(),
                }
            }
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
        if self.foreign_params && std::ptr::eq(table, self.format.params) {
            self.diags.push(
                Diagnostic::warning(
                    "foreign-param",
                    &self.file.name,
                    span,
                    format!("the `{}` template has no parameter `{key}`; it is not used", self.format.template),
                )
                .with_span_label("a parameter of the template the data names"),
            );
            return;
        }
        // A record block written straight under its section, as folio 0.1 read the case study.
        if std::ptr::eq(table, self.format.section) && self.format.record(key).is_some() {
            let d = self.error("unknown-field", span, format!("a `{key}` is a block of its own"));
            d.span_label = "written under the section".to_owned();
            d.help = Some(format!(
                "write `[[sections.blocks]]` and then `[sections.blocks.{key}]` (the tables in it likewise: `[sections.blocks.{key}.…]`), after the section's other keys"
            ));
            return;
        }
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
        let kind = match decl.kind {
            Kind::Sections => Kind::Tables(self.format.section),
            kind => kind,
        };
        match (kind, v.get_ref()) {
            (Kind::Color, DeValue::String(s)) => {
                let ok = s.len() == 7 && s.starts_with('#') && s[1..].chars().all(|c| c.is_ascii_hexdigit());
                if !ok {
                    let shown: String = s.chars().take(40).collect();
                    let d = self.error("not-a-colour", span, format!("`{key}` cannot be `{shown}`"));
                    d.span_label = "not a colour".to_owned();
                    d.help = Some(format!("write a colour as `#` and six hexadecimal digits: `{key} = \"#1f497d\"`"));
                    return None;
                }
                Some(Raw::Str(Str { value: s.to_string(), span }))
            }
            (
                Kind::Plain
                | Kind::Id
                | Kind::Lang
                | Kind::Inline
                | Kind::Prose
                | Kind::Month
                | Kind::File
                | Kind::Font
                | Kind::Email
                | Kind::Phone,
                DeValue::String(s),
            ) => Some(Raw::Str(Str { value: s.to_string(), span })),
            (
                Kind::Plain
                | Kind::Id
                | Kind::Lang
                | Kind::Inline
                | Kind::Prose
                | Kind::Month
                | Kind::File
                | Kind::Font
                | Kind::Email
                | Kind::Phone
                | Kind::Color,
                _,
            ) => {
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
            (Kind::Entries(t), DeValue::Table(de)) => {
                let mut out = Vec::new();
                for (id, entry) in de.iter() {
                    match entry.get_ref() {
                        DeValue::Table(inner) => {
                            let header = self.line_span(id.span().start);
                            let name = self.table_name(&header);
                            let record = self.table(t, inner, header, &name);
                            out.push((Str { value: id.get_ref().to_string(), span: id.span() }, record));
                        }
                        _ => self.wrong_type(decl, entry, "a table", format!("[{key}.{}]", id.get_ref())),
                    }
                }
                Some(Raw::Entries(out))
            }
            (Kind::Entries(_), _) => {
                self.wrong_type(decl, v, "tables by id", format!("[{key}.my-id]"));
                None
            }
            (Kind::PlainList | Kind::OrganisationRefs | Kind::SharedFiles, DeValue::Array(items)) => {
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
            (Kind::PlainList | Kind::OrganisationRefs | Kind::SharedFiles, _) => {
                self.wrong_type(decl, v, "a list of texts", format!("{key} = [\"…\", \"…\"]"));
                None
            }
            (Kind::Choices(codes), DeValue::Array(items)) => {
                let mut out = Vec::new();
                for item in items {
                    match item.get_ref() {
                        DeValue::String(s) if codes.contains(&s.as_ref()) => {
                            out.push(Str { value: s.to_string(), span: item.span() })
                        }
                        other => {
                            // Kept (read as the default), so the list keeps its length: a column
                            // count is not wrong because one code is.
                            out.push(Str { value: String::new(), span: item.span() });
                            let found = describe(other);
                            let d = self.error(
                                "not-a-choice",
                                item.span(),
                                format!("each item of `{key}` must be one of {}, not {found}", codes.join(", ")),
                            );
                            d.span_label = "not one of the codes".to_owned();
                            d.help = Some(format!("write it like `{key} = {}`", decl.example));
                        }
                    }
                }
                Some(Raw::Strings(out))
            }
            (Kind::Counts { min, max }, DeValue::Array(items)) => {
                let mut out = Vec::new();
                for item in items {
                    let n = match item.get_ref() {
                        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
                        _ => None,
                    };
                    match n {
                        Some(n) if (min..=max).contains(&n) => out.push((n, item.span())),
                        _ => {
                            // Kept as the smallest value, so the list keeps its length.
                            out.push((min, item.span()));
                            let found = describe(item.get_ref());
                            let d = self.error(
                                "out-of-range",
                                item.span(),
                                format!("each item of `{key}` must be a whole number from {min} to {max}, not {found}"),
                            );
                            d.help = Some(format!("write it like `{key} = {}`", decl.example));
                        }
                    }
                }
                Some(Raw::Counts(out))
            }
            (Kind::Choices(_) | Kind::Counts { .. }, _) => {
                self.wrong_type(decl, v, "a list", format!("{key} = {}", decl.example));
                None
            }
            (Kind::Cells, DeValue::Array(rows)) => {
                let mut out = Vec::new();
                for row in rows {
                    let DeValue::Array(cells) = row.get_ref() else {
                        let found = describe(row.get_ref());
                        let d = self.error(
                            "wrong-type",
                            row.span(),
                            format!("each row of `{key}` must be a list of cells, not {found}"),
                        );
                        d.span_label = format!("this is {found}");
                        d.help = Some(format!("write it like `{key} = {}`", decl.example));
                        continue;
                    };
                    let cells = cells.iter().filter_map(|c| self.cell(key, c)).collect();
                    out.push((cells, row.span()));
                }
                Some(Raw::Rows(out))
            }
            (Kind::Cells, _) => {
                self.wrong_type(decl, v, "a list of rows", format!("{key} = {}", decl.example));
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
            (Kind::Tables(_) | Kind::Sections, _) => {
                self.wrong_type(decl, v, "a list of tables", format!("[[{key}]]"));
                None
            }
            (Kind::Footnotes | Kind::Labels, DeValue::Table(de)) => {
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
                                format!("`{}` in [{key}] must be text, not {found}", id.get_ref()),
                            );
                            d.span_label = format!("this is {found}");
                            d.help = Some("write it like `my-id = \"Footnote text\"`".to_owned());
                        }
                    }
                }
                Some(Raw::Footnotes(out))
            }
            (Kind::Footnotes | Kind::Labels, _) => {
                self.wrong_type(decl, v, "a table", format!("[{key}]"));
                None
            }
        }
    }

    /// One cell of a table row: text, or `{ text = "…", colspan = 2, rowspan = 1 }`.
    fn cell(&mut self, key: &str, cell: &Spanned<DeValue<'_>>) -> Option<RawCell> {
        let span = cell.span();
        match cell.get_ref() {
            DeValue::String(s) => Some(RawCell {
                text: Str { value: s.to_string(), span: span.clone() },
                colspan: 1,
                rowspan: 1,
                span,
                detailed: false,
            }),
            DeValue::Table(t) => {
                let mut out = RawCell {
                    text: Str { value: String::new(), span: span.clone() },
                    colspan: 1,
                    rowspan: 1,
                    span,
                    detailed: true,
                };
                let mut has_text = false;
                for (k, v) in t.iter() {
                    match (k.get_ref().as_ref(), v.get_ref()) {
                        ("text", DeValue::String(s)) => {
                            out.text = Str { value: s.to_string(), span: v.span() };
                            has_text = true;
                        }
                        ("colspan" | "rowspan", DeValue::Integer(i)) => {
                            let n = i64::from_str_radix(i.as_str(), i.radix())
                                .ok()
                                .filter(|n| (1..=crate::format::MAX_SPAN).contains(n));
                            let Some(n) = n.and_then(|n| u32::try_from(n).ok()) else {
                                let d = self.error(
                                    "out-of-range",
                                    v.span(),
                                    format!(
                                        "`{}` must be a whole number from 1 to {}",
                                        k.get_ref(),
                                        crate::format::MAX_SPAN
                                    ),
                                );
                                d.span_label = "out of range".to_owned();
                                continue;
                            };
                            if k.get_ref() == "colspan" { out.colspan = n } else { out.rowspan = n }
                        }
                        ("text" | "colspan" | "rowspan", other) => {
                            let found = describe(other);
                            let want = if k.get_ref() == "text" { "text" } else { "a whole number" };
                            let d = self.error(
                                "wrong-type",
                                v.span(),
                                format!("`{}` must be {want}, not {found}", k.get_ref()),
                            );
                            d.span_label = format!("this is {found}");
                        }
                        (other, _) => {
                            let closest = ["text", "colspan", "rowspan"]
                                .into_iter()
                                .find(|c| strsim::damerau_levenshtein(c, other) <= 2);
                            let shown: String = other.chars().take(60).collect();
                            let d = self.error(
                                "unknown-field",
                                k.span(),
                                format!("unknown field `{shown}` in a cell of `{key}`"),
                            );
                            d.span_label = "folio does not know this key".to_owned();
                            d.help = Some(match closest {
                                Some(c) => format!("did you mean `{c}`?"),
                                None => "a cell has `text`, and may have `colspan` and `rowspan`".to_owned(),
                            });
                        }
                    }
                }
                if !has_text {
                    let d = self.error("missing-field", out.span.clone(), "this cell has no `text`".to_owned());
                    d.help = Some("write it like `{ text = \"Total\", colspan = 2 }`".to_owned());
                    // Kept, empty, so the row's other cells stay in their columns.
                }
                Some(out)
            }
            other => {
                let found = describe(other);
                let d = self.error("wrong-type", span, format!("a cell of `{key}` must be text, not {found}"));
                d.span_label = format!("this is {found}");
                d.help = Some("write the cell as text: `\"12 000\"`".to_owned());
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
