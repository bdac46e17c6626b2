//! Lowering: a [`Document`] becomes Typst source that calls the template's functions.
//!
//! This crate needs only Typst's parser (to check its own output), not the compiler, so the
//! fuzz targets that exercise it build in seconds.
//!
//! **Data is never code.** Every string that comes from the data file reaches Typst only as an
//! escaped string literal (`#"…";`) or as a label built from a validated footnote id. Typst shows
//! a string literal as the same text; it never parses it as markup, code, math or a path. The
//! structure around those literals (headings, lists, footnotes, the template calls) is written by
//! this module alone.

// Library code returns errors: a panic on data-dependent paths would be a crash for the author.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{HashMap, HashSet};

use folio_model::format::{Key, Kind};
use folio_model::{
    Align, Block, Cell, Document, Footnote, Inline, Located, MarkKind, Record, RecordBlock, Review, Section, Span,
    TableBlock, TextRun, Value,
};
use folio_validate::Checked;

/// Generated Typst source, with the map from its pieces back to the data that produced them.
#[derive(Debug, Clone, Default)]
pub struct Lowered {
    /// The source.
    pub source: String,
    /// Where each piece of it came from.
    pub map: SourceMap,
}

/// From ranges of generated source back to the data file: each text literal, and each field of
/// the template calls, with the data span it was written from.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    pieces: Vec<(Span, Span)>,
}

impl SourceMap {
    /// The data span behind the generated range `at`: that of the smallest piece holding it.
    /// Inside a text literal written without escapes the position is exact; elsewhere it is the
    /// whole text or field.
    pub fn data_span(&self, at: Span) -> Option<Span> {
        let (generated, data) =
            self.pieces.iter().filter(|(g, _)| g.start <= at.start && at.end <= g.end).min_by_key(|(g, _)| g.len())?;
        // A literal `"…"` for text written without escapes maps byte by byte: Markdown text spans
        // its characters (the literal adds two quotes), a one-line value spans its own quotes.
        let inside = at.start > generated.start && at.end < generated.end;
        let shift = match generated.len().checked_sub(data.len()) {
            Some(2) => Some(1),
            Some(0) => Some(0),
            _ => None,
        };
        match shift {
            Some(shift) if inside => {
                let start = data.start + (at.start - generated.start) - shift;
                Some(start..start + at.len())
            }
            _ => Some(data.clone()),
        }
    }

    fn record(&mut self, generated: Span, data: Span) {
        if !data.is_empty() || data.start > 0 {
            self.pieces.push((generated, data));
        }
    }
}

/// Lowers a checked document to Typst source that imports its template from `import` (a local
/// package, `@local/eccp:0.1.0`).
///
/// `origin` names the data file in the header comment.
pub fn lower(doc: &Checked, origin: &str, import: &str) -> Lowered {
    let doc: &Document = doc;
    // The shared files' sources, then the deliverable's own footnotes, which win.
    let notes = doc.sources.iter().chain(&doc.footnotes).map(|f| (f.id.value.as_str(), f)).collect();
    let mut l = Lowerer {
        doc,
        out: String::new(),
        map: SourceMap::default(),
        seen: HashSet::new(),
        notes,
        quotes: true,
        marks: 0,
    };
    l.document(origin, import);
    Lowered { source: l.out, map: l.map }
}

/// Writes the source straight into one buffer (so every piece's place is known as it is
/// written) and records the source map on the way. Writing to a `String` cannot fail, so no
/// result is ever ignored.
struct Lowerer<'a> {
    doc: &'a Document,
    out: String,
    map: SourceMap,
    /// Footnotes already printed: later references reuse the first one's number.
    seen: HashSet<String>,
    /// Footnotes by id.
    notes: HashMap<&'a str, &'a Footnote>,
    /// Whether straight quotes in text become smart quotes (not inside a printed address).
    quotes: bool,
    /// Review marks written so far: each has its number, which pairs its start and end.
    marks: usize,
}

/// The definitions a review copy's marks and summary use.
const REVIEW_PRELUDE: &str = include_str!("review.typ");

/// The most rows (header rows included) of a numbered table that is kept on one page.
const SHORT_TABLE_ROWS: usize = 12;

/// Whether a link's text is its address, printed as written.
fn looks_like_url(text: &str) -> bool {
    ["http://", "https://", "www.", "mailto:"].iter().any(|p| text.starts_with(p))
}

/// The syntax errors Typst finds in `source` (none, for anything [`lower`] produces).
pub fn syntax_errors(source: &str) -> Vec<String> {
    typst_syntax::parse(source).errors_and_warnings().0.into_iter().map(|e| e.message.to_string()).collect()
}

/// A dictionary key: an identifier as itself, a Typst keyword as a string (`"context": …`).
fn dictionary_key(key: &str) -> String {
    if TYPST_KEYWORDS.contains(&key) { string_literal(key) } else { key.to_owned() }
}

/// Typst keywords that cannot be written as argument names.
const TYPST_KEYWORDS: &[&str] = &[
    "none", "auto", "true", "false", "not", "and", "or", "let", "set", "show", "context", "if", "else", "for", "in",
    "while", "break", "continue", "return", "import", "include", "as",
];

/// A Typst string literal holding exactly `s`.
pub fn string_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // Other control characters, and the separators Typst also reads as line breaks, are
            // written as escapes so that the source stays printable and lines stay where they are.
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The Typst label of a footnote: `fn-<id>` for a valid id (so the generated source stays
/// readable), and `fnx-<hex of the id's bytes>` for anything else.
///
/// The checker refuses invalid ids, but the label is written into Typst syntax, so it is encoded
/// here whatever the checker says: no id can close the label and start code. The prefixes `fn-`
/// and `fnx-` differ in their third character, so the two forms never collide.
pub fn footnote_label(id: &str) -> String {
    if folio_model::is_identifier(id) {
        format!("fn-{id}")
    } else {
        let mut out = String::from("fnx-");
        for b in id.bytes() {
            out.push_str(&format!("{b:02x}"));
        }
        out
    }
}

/// The Typst label of a section, table or figure with an id (they share one namespace):
/// `ref-<id>`, encoded like [`footnote_label`] when the id is not an id.
pub fn target_label(id: &str) -> String {
    let encoded = footnote_label(id);
    match encoded.strip_prefix("fn") {
        Some(rest) => format!("ref{rest}"),
        None => encoded,
    }
}

impl<'a> Lowerer<'a> {
    fn push(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// A string literal for data text, recorded in the map.
    fn literal(&mut self, value: &str, span: &Span) {
        let start = self.out.len();
        self.out.push_str(&string_literal(value));
        self.map.record(start..self.out.len(), span.clone());
    }

    fn document(&mut self, origin: &str, import: &str) {
        let doc = self.doc;
        self.push(&format!(
            "// Generated by folio {} from {}. Do not edit: change the data and rebuild.\n\
             // `folio build --emit typst` writes it with its template, fonts and images as a bundle\n\
             // that the stock Typst CLI compiles (see the bundle's README.txt), to the PDF\n\
             // standards {}.\n\n",
            env!("CARGO_PKG_VERSION"),
            // File and folder names are the user's: a line break in one would end the comment.
            string_literal(origin),
            doc.requested_pdf_standards().join(","),
        ));
        self.push(&format!("#import {} as template\n\n", string_literal(import)));
        if let Some(review) = &doc.review {
            self.review(review);
        }
        self.push("#show: template.deliverable.with(\n");
        self.key(1, "lang");
        self.literal(&doc.lang.value, &doc.lang.span);
        self.end_key("lang");
        // Every parameter the template declares: the data's value, or the manifest's default
        // (`none` without one), so the template's defaults live in one place.
        self.push("  params: (");
        for key in doc.format.params.keys {
            let start = self.out.len();
            self.push(&format!("\n    {}: ", dictionary_key(key.key)));
            match doc.params.get(key.key) {
                Some(v) => self.keyed_value(key, v, 2),
                None => self.default(key),
            }
            self.push(",");
            if let Some(span) = doc.params.get(key.key).and_then(value_span) {
                self.map.record(start..self.out.len(), span);
            }
        }
        self.push(if doc.format.params.keys.is_empty() { ":),\n" } else { "\n  ),\n" });
        // The project and deliverable tables reach the template key by key, as declared in
        // folio_model::format: a key added there arrives here without code of its own.
        for (key, record) in [("project", &doc.project), ("deliverable", &doc.deliverable)] {
            self.key(1, key);
            self.dictionary(record, 1);
            self.end_key(key);
        }
        use chrono::Datelike;
        let date = doc.date();
        self.key(1, "date");
        self.push(&format!("datetime(year: {}, month: {}, day: {})", date.year(), date.month(), date.day()));
        self.end_key("date");
        // Only when there is one, so that documents without a history keep their exact source.
        if !doc.history.is_empty() {
            self.push("  history: (\n");
            for h in &doc.history {
                self.push("    (version: ");
                self.literal(&h.version.value, &h.version.span);
                self.push(", date: ");
                self.literal(&h.date.value.format("%Y-%m-%d").to_string(), &h.date.span);
                self.push(", author: [");
                self.inlines(&h.author);
                self.push("], summary: [");
                self.inlines(&h.summary);
                self.push("]),\n");
            }
            self.push("  ),\n");
        }
        // Only when there are some, so that documents without keep their exact source. Keys are
        // checked ids and written as strings, so no key can be read as code.
        if !doc.labels.is_empty() {
            self.push("  labels: (\n");
            for l in &doc.labels {
                let start = self.out.len();
                self.push("    ");
                self.push(&string_literal(&l.key.value));
                self.push(": ");
                self.literal(&l.value.value, &l.value.span);
                self.push(",\n");
                self.map.record(start..self.out.len(), l.key.span.start..l.value.span.end);
            }
            self.push("  ),\n");
        }
        self.push(")\n");
        for section in &doc.sections {
            self.section(section, 1);
        }
    }

    /// Opens `key: ` at `indent` (a Typst keyword is spread from a dictionary: `..("context": `).
    fn key(&mut self, indent: usize, key: &str) {
        self.push(&"  ".repeat(indent));
        if TYPST_KEYWORDS.contains(&key) {
            self.push(&format!("..(\"{key}\": "));
        } else {
            self.push(&format!("{key}: "));
        }
    }

    /// Closes what [`Self::key`] opened.
    fn end_key(&mut self, key: &str) {
        self.push(if TYPST_KEYWORDS.contains(&key) { "),\n" } else { ",\n" });
    }

    /// A record as a Typst dictionary, one declared key per line, in declaration order; each
    /// `key: value` line is mapped to the value's place in the data.
    fn dictionary(&mut self, record: &Record, indent: usize) {
        self.push("(\n");
        for entry in &record.fields {
            let start = self.out.len();
            self.key(indent + 1, entry.key.key);
            self.keyed_value(entry.key, &entry.value, indent + 1);
            self.end_key(entry.key.key);
            if let Some(span) = value_span(&entry.value) {
                self.map.record(start..self.out.len(), span);
            }
        }
        self.push(&"  ".repeat(indent));
        self.push(")");
    }

    /// A value as a Typst expression: text as string literals, Markdown as content, dates as
    /// `datetime`, numbers as integers, lists as arrays, tables as dictionaries. The template
    /// decides how each prints (folio formats no dates or durations).
    fn value(&mut self, value: &Value, indent: usize) {
        match value {
            Value::Plain(p) => self.literal(&p.value, &p.span),
            Value::Inlines(i) => {
                self.push("[");
                self.inlines(i);
                self.push("]");
            }
            Value::Blocks(b) => self.content_blocks(b),
            Value::Date(d) => {
                use chrono::Datelike;
                let v = d.value;
                self.push(&format!("datetime(year: {}, month: {}, day: {})", v.year(), v.month(), v.day()));
            }
            Value::Month(m) => self.literal(&m.value.to_string(), &m.span),
            Value::Count(n) => self.push(&n.value.to_string()),
            Value::List(items) => {
                self.push("(");
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.push(", ");
                    }
                    self.literal(&item.value, &item.span);
                }
                // A one-element array needs its trailing comma: `("a",)`.
                self.push(if items.len() == 1 { ",)" } else { ")" });
            }
            Value::Table(t) => self.dictionary(t, indent),
            Value::Tables(list) => {
                self.push("(");
                for t in list {
                    self.dictionary(t, indent);
                    self.push(", ");
                }
                self.push(")");
            }
            // Read here, under the data folder's mount and only there (the sandbox), and passed
            // as bytes: the template is a package, where `/data/…` would name its own files.
            Value::File(f) => {
                self.push("read(");
                self.literal(&format!("/data/{}", f.value), &f.span);
                self.push(", encoding: none)");
            }
        }
    }

    fn section(&mut self, s: &Section, level: usize) {
        let start = self.out.len();
        self.push(&format!("\n#heading(level: {level})["));
        self.inlines(&s.title);
        self.push("]");
        // Only sections with an id get a label, so documents without any keep their source.
        if let Some(id) = &s.id {
            self.push(&format!(" <{}>", target_label(&id.value)));
        }
        self.push("\n\n");
        self.map.record(start..self.out.len(), s.title_span.clone());
        for block in &s.blocks {
            self.block(block);
            self.push("\n\n");
        }
        for sub in &s.sections {
            self.section(sub, level + 1);
        }
    }

    /// A value by the kind of its key: a colour as `rgb("#…")`, organisations by id as their
    /// dictionaries (`(id: "inno", name: "inno TSD", …)`), anything else by [`Self::value`].
    fn keyed_value(&mut self, key: &Key, value: &Value, indent: usize) {
        match (key.kind, value) {
            (Kind::Color, Value::Plain(p)) => {
                self.push("rgb(");
                self.literal(&p.value, &p.span);
                self.push(")");
            }
            (Kind::OrganisationRefs, Value::List(ids)) => {
                self.push("(");
                for id in ids {
                    // Checked: every id names an organisation.
                    let Some(o) = self.doc.organisation(&id.value) else { continue };
                    self.push("(id: ");
                    self.literal(&id.value, &id.span);
                    for entry in &o.record.fields {
                        self.push(&format!(", {}: ", dictionary_key(entry.key.key)));
                        match &entry.value {
                            Value::Table(t) => self.flat_dictionary(t),
                            v => self.keyed_value(entry.key, v, 0),
                        }
                    }
                    self.push("), ");
                }
                self.push(")");
            }
            _ => self.value(value, indent),
        }
    }

    /// A parameter's default, from the template's manifest (checked when it was read).
    fn default(&mut self, key: &Key) {
        match (key.default, key.kind) {
            (None, _) => self.push("none"),
            (Some(d), Kind::Color) => self.push(&format!("rgb({})", string_literal(d))),
            (Some(d), Kind::Count { .. }) => self.push(&d.parse::<i64>().unwrap_or(0).to_string()),
            (Some(d), Kind::Inline | Kind::Prose) => self.push(&format!("[#{};]", string_literal(d))),
            (Some(d), _) => self.push(&string_literal(d)),
        }
    }

    /// A record block: its template's function with every declared field (`[]` or `none` when
    /// absent, so the function's signature is the declaration), each mapped to its place in the
    /// data; or, when the document's template does not declare the block, the fallback.
    fn record_block(&mut self, r: &RecordBlock) {
        if r.decl.template != self.doc.template.value {
            self.fallback(r);
            return;
        }
        self.push(&format!("#template.{}(\n", r.decl.name));
        for key in r.decl.table.keys {
            let start = self.out.len();
            self.key(1, key.key);
            match (r.record.get(key.key), key.kind) {
                (Some(Value::Table(t)), _) => self.flat_dictionary(t),
                (Some(v), _) => self.keyed_value(key, v, 1),
                (None, Kind::Prose | Kind::Inline) => self.push("[]"),
                (None, _) => self.push("none"),
            }
            self.end_key(key.key);
            if let Some(span) = r.record.get(key.key).and_then(value_span) {
                self.map.record(start..self.out.len(), span);
            }
        }
        self.push(")");
    }

    /// A record block the template does not declare, as any template prints a table: its title
    /// field as a first row across both columns (not a header row, which repeats, footnotes and
    /// all, on every page), then a row per field with the manifest's label beside the value.
    fn fallback(&mut self, r: &RecordBlock) {
        self.push("#template.data-table(columns: (1fr, 3fr), align: (left, left), header: (), rows: (");
        for entry in &r.record.fields {
            let start = self.out.len();
            if Some(entry.key.key) == r.decl.title {
                self.push("(table.cell(colspan: 2)[#strong[");
                self.record_value(&entry.value);
                self.push("]], ), ");
            } else {
                self.push(&format!("([#strong({})], [", string_literal(entry.key.label)));
                self.record_value(&entry.value);
                self.push("], ), ");
            }
            if let Some(span) = value_span(&entry.value) {
                self.map.record(start..self.out.len(), span);
            }
        }
        self.push("))\n");
    }

    /// A field's value as content, for the fallback: nested tables as `Label: value` lines.
    fn record_value(&mut self, value: &Value) {
        match value {
            Value::Inlines(i) => self.inlines(i),
            Value::Blocks(b) => {
                self.push("#");
                self.content_blocks(b);
            }
            Value::Plain(p) | Value::File(p) => {
                self.push("#");
                self.literal(&p.value, &p.span);
                self.push(";");
            }
            Value::Table(t) => {
                for (i, e) in t.fields.iter().enumerate() {
                    if i > 0 {
                        self.push(" \\ ");
                    }
                    self.push(&format!("#{};: ", string_literal(e.key.label)));
                    self.record_value(&e.value);
                }
            }
            Value::Tables(list) => {
                for (i, t) in list.iter().enumerate() {
                    if i > 0 {
                        self.push(" \\ ");
                    }
                    self.record_value(&Value::Table(t.clone()));
                }
            }
            Value::List(items) => {
                let joined = items.iter().map(|i| i.value.as_str()).collect::<Vec<_>>().join(", ");
                self.push(&format!("#{};", string_literal(&joined)));
            }
            Value::Date(d) => self.push(&format!("#{};", string_literal(&d.value.format("%Y-%m-%d").to_string()))),
            Value::Month(m) => self.push(&format!("#{};", string_literal(&m.value.to_string()))),
            Value::Count(n) => self.push(&format!("#{};", n.value)),
        }
    }

    /// A nested record on one line, every declared key present (`none` when absent).
    fn flat_dictionary(&mut self, record: &Record) {
        self.push("(");
        for (i, key) in record.table.keys.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            if TYPST_KEYWORDS.contains(&key.key) {
                self.push(&format!("\"{}\": ", key.key));
            } else {
                self.push(&format!("{}: ", key.key));
            }
            match record.get(key.key) {
                Some(v) => self.keyed_value(key, v, 0),
                None => self.push("none"),
            }
        }
        self.push(")");
    }

    /// Blocks as one content block argument: `[para\n\npara]`.
    fn content_blocks(&mut self, blocks: &[Block]) {
        self.push("[");
        for (i, b) in blocks.iter().enumerate() {
            if i > 0 {
                // A sub-list follows its item's text without a paragraph break, so an item with a
                // sub-list is spaced like any other (a break would add a paragraph's spacing).
                self.push(if matches!(b, Block::List(_)) { "\n" } else { "\n\n" });
            }
            self.block(b);
        }
        self.push("]");
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Paragraph(inlines) => self.inlines(inlines),
            Block::List(list) => {
                match (list.ordered, list.start) {
                    (false, _) => self.push("#list(tight: true, "),
                    (true, 1) => self.push("#enum(tight: true, "),
                    // A numbered list keeps the number it starts at.
                    (true, start) => self.push(&format!("#enum(tight: true, start: {start}, ")),
                }
                for (i, item) in list.items.iter().enumerate() {
                    if i > 0 {
                        self.push(", ");
                    }
                    self.content_blocks(item);
                }
                self.push(")");
            }
            Block::Figure(figure) => {
                // The path is read under the data folder's mount, and only there (the sandbox);
                // a file Typst cannot find or read is reported at the path in the data.
                let start = self.out.len();
                self.push("#figure(image(");
                self.literal(&format!("/data/{}", figure.path.value), &figure.path.span);
                self.push(", alt: ");
                self.push(&string_literal(&figure.alt.value));
                if let Some(width) = figure.width {
                    self.push(&format!(", width: {width}%"));
                }
                self.push(")");
                if !figure.caption.is_empty() {
                    self.push(", caption: [");
                    self.inlines(&figure.caption);
                    self.push("]");
                }
                self.push(")");
                self.label(&figure.id);
                self.map.record(start..self.out.len(), figure.path.span.clone());
                if !figure.source.is_empty() {
                    self.push("\n#template.figure-source[");
                    self.inlines(&figure.source);
                    self.push("]");
                }
            }
            Block::Record(r) => self.record_block(r),
            Block::Table(table) if table.caption.is_empty() => {
                self.push("#");
                self.data_table(table);
            }
            Block::Table(table) => {
                // A numbered table: its caption above it, in a figure of kind table that may
                // break across pages (the template's show rule). A short one is kept whole, so
                // that a page break never leaves its caption and a row or two behind.
                let short = table.header.len() + table.rows.len() <= SHORT_TABLE_ROWS;
                if short {
                    self.push("#block(breakable: false, width: 100%)[");
                }
                self.push("#figure(kind: table, caption: figure.caption(position: top)[");
                self.inlines(&table.caption);
                self.push("], ");
                self.data_table(table);
                self.push(")");
                self.label(&table.id);
                if short {
                    self.push("]");
                }
            }
        }
    }

    /// ` <ref-id>` after an element with an id.
    fn label(&mut self, id: &Option<Located<String>>) {
        if let Some(id) = id {
            self.push(&format!(" <{}>", target_label(&id.value)));
        }
    }

    /// The template draws a table: its columns, alignments, header rows (repeated on every
    /// page), body rows and notes; every cell is content, or a `table.cell` when it spans.
    fn data_table(&mut self, table: &TableBlock) {
        self.push("template.data-table(columns: ");
        if table.widths.is_empty() {
            let columns: u32 = table.header.first().map_or(0, |row| row.iter().map(|c| c.colspan).sum());
            self.push(&columns.to_string());
        } else {
            self.push("(");
            for w in &table.widths {
                self.push(&format!("{w}fr, "));
            }
            self.push(")");
        }
        self.push(", align: (");
        for a in &table.align {
            self.push(match a {
                Align::Default => "auto, ",
                Align::Left => "left, ",
                Align::Center => "center, ",
                Align::Right => "right, ",
            });
        }
        self.push("), header: (");
        for row in &table.header {
            self.push("(");
            self.cells(row);
            self.push("), ");
        }
        self.push("), rows: (");
        for row in &table.rows {
            self.push("(");
            self.cells(row);
            self.push("), ");
        }
        self.push(")");
        if !table.notes.is_empty() {
            self.push(", notes: ");
            self.content_blocks(&table.notes);
        }
        self.push(")");
    }

    /// Table cells as content, each followed by a comma (so one cell is still an array).
    fn cells(&mut self, cells: &[Cell]) {
        for cell in cells {
            if cell.colspan > 1 || cell.rowspan > 1 {
                self.push(&format!("table.cell(colspan: {}, rowspan: {})[", cell.colspan, cell.rowspan));
            } else {
                self.push("[");
            }
            self.inlines(&cell.text);
            self.push("], ");
        }
    }

    /// Inline content in markup mode: each piece is an embedded expression ended by `;`, so that
    /// no character of the data can continue or change it.
    fn inlines(&mut self, inlines: &[Inline]) {
        let mut previous_was_note = false;
        for inline in inlines {
            let is_note = matches!(inline, Inline::FootnoteRef(_));
            if is_note && previous_was_note {
                self.push("#template.footnote-sep();");
            }
            previous_was_note = is_note;
            match inline {
                Inline::Text(t) => self.text(t),
                Inline::Strong(c) => {
                    self.push("#strong[");
                    self.inlines(c);
                    self.push("];");
                }
                Inline::Emph(c) => {
                    self.push("#emph[");
                    self.inlines(c);
                    self.push("];");
                }
                Inline::Link { url, body } => {
                    self.push("#link(");
                    self.literal(&url.value, &url.span);
                    self.push(")[");
                    // An address is printed as written: its quotes are not typography.
                    let address = matches!(body.as_slice(), [Inline::Text(t)] if looks_like_url(&t.value));
                    let quotes = self.quotes;
                    self.quotes = quotes && !address;
                    self.inlines(body);
                    self.quotes = quotes;
                    self.push("];");
                }
                Inline::Lang { lang, body } => {
                    // Hyphenated, quoted and tagged in its own language.
                    let (language, region) = lang.value.split_once('-').unwrap_or((&lang.value, ""));
                    self.push(&format!("#text(lang: {}", string_literal(language)));
                    if !region.is_empty() {
                        self.push(&format!(", region: {}", string_literal(region)));
                    }
                    self.push(")[");
                    self.inlines(body);
                    self.push("];");
                }
                Inline::LineBreak => self.push("#linebreak();"),
                Inline::Ref { id, body } => {
                    // The template words it ("Section 2.1") and links it.
                    self.push(&format!("#template.xref(<{}>)[", target_label(&id.value)));
                    self.inlines(body);
                    self.push("];");
                }
                Inline::FootnoteRef(id) => self.footnote(&id.value),
                Inline::Mark(mark) => {
                    if let Some(anchor) = mark.anchor {
                        self.push(&format!("#metadata(none)<folio-change-{anchor}>"));
                    }
                    let kind = match mark.kind {
                        MarkKind::Inserted => "ins",
                        MarkKind::Deleted => "del",
                        MarkKind::Note => "note",
                        MarkKind::Renumbered => "was",
                    };
                    self.marks += 1;
                    self.push(&format!("#folio-mark(\"{kind}\", {})[", self.marks));
                    self.inlines(&mark.body);
                    self.push("];");
                }
            }
        }
    }

    /// A review copy's preamble: the marks' definitions, the header on every page, and the
    /// summary page before the template's cover. Only folio's own code and string literals.
    fn review(&mut self, review: &Review) {
        self.push(REVIEW_PRELUDE);
        // The summary page stands before the template's pages, so it is set in the template's
        // font parameter, when it has one.
        let font = self
            .doc
            .format
            .params
            .keys
            .iter()
            .find(|k| k.kind == Kind::Font)
            .and_then(|k| match self.doc.params.get(k.key) {
                Some(Value::Plain(p)) => Some(p.value.clone()),
                _ => k.default.map(str::to_owned),
            })
            .map_or_else(|| "none".to_owned(), |f| string_literal(&f));
        let since = string_literal(&review.since);
        self.push(&format!("\n#show: folio-review-pages.with(since: {since}, font: {font})\n"));
        self.push(&format!("#folio-review-summary(\n  since: {since},\n  font: {font},\n  fields: (\n"));
        for f in &review.metadata {
            self.push(&format!(
                "    (table: {}, key: {}, label: {}, old: {}, new: {}),\n",
                string_literal(f.table),
                string_literal(f.key),
                string_literal(&f.label),
                string_literal(&f.old),
                string_literal(&f.new)
            ));
        }
        self.push("  ),\n  sections: (\n");
        for s in &review.sections {
            self.push(&format!("    (title: {}, entries: (\n", string_literal(&s.title)));
            for e in &s.entries {
                let anchor = e.anchor.map_or_else(|| "none".to_owned(), |a| format!("<folio-change-{a}>"));
                self.push(&format!("      (what: {}, anchor: {anchor}),\n", string_literal(&e.what)));
            }
            self.push("    )),\n");
        }
        self.push("  ),\n)\n\n");
    }

    /// Plain text as string literals; its straight quotes `"` and `'` become Typst's smart
    /// quotes, which print as the language writes them (“…” and ’ in English, «…» in French
    /// and Spanish, „…“ in German), as they would in Typst markup.
    fn text(&mut self, t: &TextRun) {
        let mut start = 0;
        if self.quotes {
            let value = &t.value;
            // An apostrophe inside a word (`Mexico's`) is ’ in every language: it stays in the
            // literal (as ’), which keeps the generated source readable.
            let apostrophe = |i: usize| {
                let before = value[..i].chars().next_back().is_some_and(char::is_alphanumeric);
                let after = value[i + 1..].chars().next().is_some_and(char::is_alphanumeric);
                before && after
            };
            for (i, c) in value.char_indices().filter(|&(i, c)| c == '"' || c == '\'' && !apostrophe(i)) {
                if i > start {
                    self.piece(t, start..i);
                }
                let quote = if c == '"' { "#smartquote(double: true);" } else { "#smartquote(double: false);" };
                let at = self.out.len();
                self.push(quote);
                self.map.record(at..self.out.len(), t.span_of(i..i + 1));
                start = i + 1;
            }
        }
        if start < t.value.len() || start == 0 {
            self.piece(t, start..t.value.len());
        }
    }

    /// The bytes `range` of a run, as one string literal mapped to where they were written
    /// (apostrophes inside words as ’, when quotes are typography here).
    fn piece(&mut self, t: &TextRun, range: std::ops::Range<usize>) {
        self.push("#");
        let value = t.value.get(range.clone()).unwrap_or_default();
        if self.quotes && value.contains('\'') {
            self.literal(&value.replace('\'', "’"), &t.span_of(range));
        } else {
            self.literal(value, &t.span_of(range));
        }
        self.push(";");
    }

    fn footnote(&mut self, id: &str) {
        let label = footnote_label(id);
        if self.seen.contains(id) {
            self.push(&format!("#footnote(<{label}>);"));
            return;
        }
        self.seen.insert(id.to_owned());
        self.push("#footnote[");
        if let Some(note) = self.notes.get(id).copied() {
            self.inlines(&note.body);
        }
        self.push(&format!("]<{label}>"));
    }
}

/// The data span a value was written at (its text, from first to last run).
fn value_span(value: &Value) -> Option<Span> {
    let mut span: Option<Span> = None;
    let mut add = |s: &Span| {
        span = Some(match span.take() {
            Some(all) => all.start.min(s.start)..all.end.max(s.end),
            None => s.clone(),
        });
    };
    match value {
        Value::Plain(p) | Value::File(p) => add(&p.span),
        Value::Date(d) => add(&d.span),
        Value::Month(m) => add(&m.span),
        Value::Count(n) => add(&n.span),
        Value::List(items) => items.iter().for_each(|i| add(&i.span)),
        Value::Inlines(i) => folio_model::walk_inlines(i, &mut |i| {
            if let Inline::Text(t) = i {
                add(&t.span)
            }
        }),
        Value::Blocks(b) => folio_model::walk_blocks(b, &mut |i| {
            if let Inline::Text(t) = i {
                add(&t.span)
            }
        }),
        Value::Table(t) => t.fields.iter().filter_map(|e| value_span(&e.value)).for_each(|s| add(&s)),
        Value::Tables(list) => {
            list.iter().flat_map(|t| &t.fields).filter_map(|e| value_span(&e.value)).for_each(|s| add(&s))
        }
    }
    span
}
