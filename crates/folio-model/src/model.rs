//! The validated document model, and its construction from the raw TOML types.

use std::collections::{HashMap, HashSet};

use chrono::{Months, NaiveDate};

use crate::diag::Diagnostic;
use crate::fields::{Part, Text};
use crate::format::{self, Key, Kind, Table};
use crate::limits;
use crate::markdown;
use crate::read::{self, Raw, Str};
use crate::source::{SourceFile, Span};
use crate::text::MappedText;

/// A value with the span it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it was written in the data file.
    pub span: Span,
}

impl<T> Located<T> {
    /// Pairs a value with its span.
    pub fn new(value: T, span: Span) -> Self {
        Self { value, span }
    }
}

/// A whole deliverable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The name of the data file, as in [`SourceFile::name`].
    pub file: String,
    /// The template's name, such as `eccp`: the data's `template`, or the one the reader was
    /// told to use instead (at the data's `template` line).
    pub template: Located<String>,
    /// The data format it was read with: its template's parameters and record blocks.
    pub format: format::Format,
    /// `[params]`: the template's parameters the data sets, in declaration order.
    pub params: Record,
    /// `shared`: the shared data files it uses, by their path from its folder.
    pub shared: Vec<Located<String>>,
    /// Its own organisations (`[organisations.<id>]`), then those of the shared files it uses.
    pub organisations: Vec<Organisation>,
    /// The sources (footnote texts) of the shared files it uses, cited like its own footnotes.
    pub sources: Vec<Footnote>,
    /// The language of the text, such as `en` or `en-GB`.
    pub lang: Located<String>,
    /// `[project]`: every declared key present, in declaration order.
    pub project: Record,
    /// `[deliverable]`: the deliverable's metadata and abstract, in declaration order.
    pub deliverable: Record,
    /// The numbered top-level sections, in page order.
    pub sections: Vec<Section>,
    /// The version history, oldest first (may be empty).
    pub history: Vec<HistoryEntry>,
    /// Every footnote defined in the data, in file order (not print order).
    pub footnotes: Vec<Footnote>,
    /// `[labels]`: the template's words reworded for this deliverable, in file order.
    pub labels: Vec<Label>,
    /// `[[allow]]`: the warnings the deliverable accepts, by code, each with its reason.
    pub allow: Vec<Allow>,
    /// `pdf-standards`: the PDF standards the data asks for (checked codes of
    /// [`format::PDF_STANDARDS`]); empty when it names none.
    pub pdf_standards: Vec<Located<String>>,
    /// The writing systems the text uses, each with the first place it is written, in file order.
    /// Latin letters and the characters every script shares (digits, punctuation) are not listed.
    pub scripts: Vec<ScriptUse>,
    /// The review copy's extras, when this is a new version marked against an old one
    /// (`folio build --changes-since`); `None` for every document read from data.
    pub review: Option<Review>,
}

/// What a review copy prints besides its marked text: the version it is compared with, the
/// metadata that changed (for the cover) and the summary of the changes by section.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Review {
    /// The old version as the header names it, such as `V0.2`.
    pub since: String,
    /// Metadata that changed, in cover order.
    pub metadata: Vec<ReviewField>,
    /// The changes by section, in reading order; footnotes and the version history last.
    pub sections: Vec<ReviewSection>,
}

/// A metadata value that changed, for the review copy's cover and summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewField {
    /// `project` or `deliverable`: the table the key belongs to (empty for what the cover does
    /// not print, such as the template's parameters).
    pub table: &'static str,
    /// The data key, such as `version` (empty for what the cover does not print).
    pub key: &'static str,
    /// Its label, such as `Version`.
    pub label: String,
    /// The old value as text.
    pub old: String,
    /// The new value as text.
    pub new: String,
}

/// The changes in one section, for the review copy's summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewSection {
    /// The section's number and title, such as `2.1 Policy dialogue`.
    pub title: String,
    /// What changed, in reading order.
    pub entries: Vec<ReviewEntry>,
}

/// One change in the summary: what it is, and the [`Mark::anchor`] it links to, if it printed one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewEntry {
    /// What changed, such as `paragraph changed`.
    pub what: String,
    /// The anchor of its first mark.
    pub anchor: Option<usize>,
}

/// A change mark of a review copy. Never read from data: folio-diff makes marks when it marks a
/// new version against an old one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// Inserted, deleted, or a note about the change.
    pub kind: MarkKind,
    /// The text marked (empty: a change bar alone, before an inserted footnote marker).
    pub body: Vec<Inline>,
    /// The summary entry that links here, if this is the first mark of a change.
    pub anchor: Option<usize>,
}

/// What a [`Mark`] says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    /// Only in the new version.
    Inserted,
    /// Only in the old version; its footnote markers and cross-references are plain text.
    Deleted,
    /// A note about the change, such as where a section moved from.
    Note,
    /// A footnote's old number, beside its new one: a consequence of changes elsewhere, so
    /// `--only-changes` does not keep a page for it alone.
    Renumbered,
}

/// An organisation, by its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    /// Its id, the key of `[organisations.<id>]`.
    pub id: Located<String>,
    /// Its name, acronym, country and the rest ([`format::ORGANISATION`]).
    pub record: Record,
    /// The shared file it comes from (`None`: the deliverable's own); its spans point there.
    pub origin: Option<String>,
}

/// A shared data file, read: organisations and sources several deliverables use.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Shared {
    /// Its name, as in [`SourceFile::name`].
    pub file: String,
    /// Its organisations.
    pub organisations: Vec<Organisation>,
    /// Its sources: footnote texts by id.
    pub sources: Vec<Footnote>,
}

/// A shared data file a deliverable names in `shared`: read, or why it could not be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedFile {
    /// The path as the deliverable writes it.
    pub path: String,
    /// What it holds, or why it could not be read.
    pub data: Result<Shared, String>,
}

/// A writing system used in the text, such as `Arabic`, and where it is first written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptUse {
    /// The Unicode script's name, such as `Greek` or `Devanagari`.
    pub script: &'static str,
    /// The first character written in it.
    pub first: Span,
}

/// One row of the version history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    /// The version, such as `V0.2`.
    pub version: Located<String>,
    /// The day of this version.
    pub date: Located<NaiveDate>,
    /// Who made the changes.
    pub author: Vec<Inline>,
    /// What changed.
    pub summary: Vec<Inline>,
}

/// A month of the project, counted from 1 at its start, written `M18`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ProjectMonth(pub u32);

impl std::fmt::Display for ProjectMonth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "M{}", self.0)
    }
}

impl ProjectMonth {
    /// The calendar day this month starts on, for a project that started on `start`.
    pub fn start_date(self, start: NaiveDate) -> Option<NaiveDate> {
        start.checked_add_months(Months::new(self.0.checked_sub(1)?))
    }
}

/// A table of declared keys ([`format`](crate::format)) as read: `[project]`, `[deliverable]`,
/// a case study and its contact. Consumers go through the declaration, key by key, so a key added
/// to the format reaches the lowering, the diff and the walker without code of their own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The table's declaration.
    pub table: &'static Table,
    /// The keys present, in declaration order.
    pub fields: Vec<Entry>,
}

/// A declared key and its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The key's declaration.
    pub key: &'static Key,
    /// Its value.
    pub value: Value,
}

/// The value of a declared key, by its [`Kind`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// One line printed as written.
    Plain(Located<String>),
    /// One line of Markdown.
    Inlines(Vec<Inline>),
    /// Paragraphs and lists.
    Blocks(Vec<Block>),
    /// A day.
    Date(Located<NaiveDate>),
    /// A month of the project.
    Month(Located<ProjectMonth>),
    /// A whole number.
    Count(Located<u32>),
    /// A list of one-line texts.
    List(Vec<Located<String>>),
    /// A nested table.
    Table(Record),
    /// A list of nested tables.
    Tables(Vec<Record>),
    /// An image file, by its path from the data file's folder (checked: relative, inside the
    /// folder, PNG, JPEG or SVG).
    File(Located<String>),
}

impl Record {
    /// The value of `key`, if present.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.fields.iter().find(|e| e.key.key == key).map(|e| &e.value)
    }

    /// A one-line value.
    pub fn plain(&self, key: &str) -> Option<&Located<String>> {
        match self.get(key) {
            Some(Value::Plain(p)) => Some(p),
            _ => None,
        }
    }

    /// A day.
    pub fn date(&self, key: &str) -> Option<&Located<NaiveDate>> {
        match self.get(key) {
            Some(Value::Date(d)) => Some(d),
            _ => None,
        }
    }

    /// A project month.
    pub fn month(&self, key: &str) -> Option<&Located<ProjectMonth>> {
        match self.get(key) {
            Some(Value::Month(m)) => Some(m),
            _ => None,
        }
    }

    /// A whole number.
    pub fn count(&self, key: &str) -> Option<&Located<u32>> {
        match self.get(key) {
            Some(Value::Count(n)) => Some(n),
            _ => None,
        }
    }

    /// A list of one-line texts (empty when absent).
    pub fn list(&self, key: &str) -> &[Located<String>] {
        match self.get(key) {
            Some(Value::List(l)) => l,
            _ => &[],
        }
    }

    /// Paragraphs and lists (empty when absent).
    pub fn blocks(&self, key: &str) -> &[Block] {
        match self.get(key) {
            Some(Value::Blocks(b)) => b,
            _ => &[],
        }
    }

    /// One line of Markdown (empty when absent).
    pub fn inlines(&self, key: &str) -> &[Inline] {
        match self.get(key) {
            Some(Value::Inlines(i)) => i,
            _ => &[],
        }
    }

    /// A nested table.
    pub fn table(&self, key: &str) -> Option<&Record> {
        match self.get(key) {
            Some(Value::Table(t)) => Some(t),
            _ => None,
        }
    }
}

impl Document {
    /// The PDF standards to write: the data's `pdf-standards` (codes of
    /// [`format::PDF_STANDARDS`] only), or folio's default, PDF/A-2a with PDF/UA-1.
    pub fn requested_pdf_standards(&self) -> Vec<&str> {
        if self.pdf_standards.is_empty() {
            format::DEFAULT_PDF_STANDARDS.to_vec()
        } else {
            let known = |c: &&str| format::PDF_STANDARDS.contains(c);
            self.pdf_standards.iter().map(|s| s.value.as_str()).filter(known).collect()
        }
    }

    /// The day the project started.
    pub fn start(&self) -> NaiveDate {
        self.project.date("start").map_or(NaiveDate::MIN, |d| d.value)
    }

    /// The deliverable's date: the first day of its actual delivery month, counted from the
    /// project start. Used as the PDF date and as Typst's `today()`, never the wall clock.
    pub fn date(&self) -> NaiveDate {
        let start = self.start();
        self.deliverable.month("actual-delivery").and_then(|m| m.value.start_date(start)).unwrap_or(start)
    }

    /// Looks up a footnote by id: the deliverable's own, else a source of a shared file.
    pub fn footnote(&self, id: &str) -> Option<&Footnote> {
        self.footnotes.iter().chain(&self.sources).find(|f| f.id.value == id)
    }

    /// Looks up an organisation by id: the deliverable's own, else a shared one.
    pub fn organisation(&self, id: &str) -> Option<&Organisation> {
        self.organisations.iter().find(|o| o.id.value == id)
    }

    /// Footnote ids in the order of their first reference: footnote `n` is the `n`-th of these.
    ///
    /// References are read with the one walker over every field ([`Document::fields`]), in print
    /// order; footnote texts cannot cite footnotes, so they do not count.
    pub fn footnote_order(&self) -> Vec<&str> {
        // Own footnotes first, so that they win over a source of the same id.
        let mut defined: HashMap<&str, &Footnote> = self.sources.iter().map(|f| (f.id.value.as_str(), f)).collect();
        defined.extend(self.footnotes.iter().map(|f| (f.id.value.as_str(), f)));
        let mut seen = HashSet::new();
        let mut order = Vec::new();
        for field in self.fields().iter().filter(|f| f.part != Part::Footnote) {
            field.walk_inlines(&mut |i| {
                if let Inline::FootnoteRef(id) = i
                    && let Some(f) = defined.get(id.value.as_str())
                    && seen.insert(f.id.value.as_str())
                {
                    order.push(f.id.value.as_str());
                }
            });
        }
        order
    }
}

/// A numbered section with its content and subsections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Its readable id, for cross-references (`[see](#id)`).
    pub id: Option<Located<String>>,
    /// The heading text.
    pub title: Vec<Inline>,
    /// Where the title was written.
    pub title_span: Span,
    /// Paragraphs, lists, tables and figures, printed before the case study and subsections:
    /// the blocks of `text`, then those of each `[[sections.blocks]]` entry.
    pub blocks: Vec<Block>,
    /// Where each run of `blocks` was written, as a key path below the section (`text`,
    /// `blocks[2].table`) and the run's indices in `blocks`, for the walker's paths.
    pub parts: Vec<(String, std::ops::Range<usize>)>,
    /// Subsections, numbered `n.1`, `n.2`, …
    pub sections: Vec<Section>,
}

/// A record block: a template's own kind of block, such as the `eccp` template's case study,
/// with the fields its manifest declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordBlock {
    /// Its declaration: its name, the template that declares it, its fields.
    pub decl: &'static format::RecordDecl,
    /// Its fields' values.
    pub record: Record,
    /// Where it starts: its `[sections.blocks.<name>]` line.
    pub span: Span,
}
/// A block of body text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph.
    Paragraph(Vec<Inline>),
    /// A bulleted or numbered list.
    List(List),
    /// A table: a Markdown pipe table, or a numbered table block (`[sections.blocks.table]`).
    Table(TableBlock),
    /// An image from the data folder: `![alt](figures/map.png "Caption")` in a paragraph of its
    /// own, or a figure block (`[sections.blocks.figure]`).
    Figure(Figure),
    /// A template's record block (`[sections.blocks.case-study]`).
    Record(RecordBlock),
}

/// A figure: an image file in the data file's folder, its alternative text and its caption.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// Its readable id, for cross-references (figure blocks only).
    pub id: Option<Located<String>>,
    /// The image's path, relative to the data file's folder (validated: no `..`, no absolute
    /// path, PNG, JPEG or SVG).
    pub path: Located<String>,
    /// What the image shows, for readers who cannot see it.
    pub alt: Located<String>,
    /// The caption (empty when there is none), as text the walker visits like any other.
    pub caption: Vec<Inline>,
    /// The width in per cent of the text width (the image's own size, at most the text width,
    /// when absent).
    pub width: Option<u32>,
    /// Where the figure comes from, printed under the caption (may be empty).
    pub source: Vec<Inline>,
}

/// How a table column is aligned, from the `:---:` row of a pipe table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Not given: the template's default.
    Default,
    /// `:---`
    Left,
    /// `:---:`
    Center,
    /// `---:`
    Right,
}

/// A table: header rows and body rows of one-line cells. A table with a caption is numbered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableBlock {
    /// Its readable id, for cross-references (table blocks only).
    pub id: Option<Located<String>>,
    /// The caption, printed above the table (empty for a pipe table: it is not numbered).
    pub caption: Vec<Inline>,
    /// Relative column widths (empty: the columns size to their content).
    pub widths: Vec<u32>,
    /// Each column's alignment.
    pub align: Vec<Align>,
    /// The header rows, repeated when the table breaks across pages.
    pub header: Vec<Vec<Cell>>,
    /// The body rows.
    pub rows: Vec<Vec<Cell>>,
    /// Notes printed under the table (may be empty).
    pub notes: Vec<Block>,
}

impl TableBlock {
    /// Every cell, header rows first, row by row.
    pub fn cells(&self) -> impl Iterator<Item = &Cell> {
        self.header.iter().chain(&self.rows).flatten()
    }
}

/// A table cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// Its text.
    pub text: Vec<Inline>,
    /// How many columns it spans (at least 1).
    pub colspan: u32,
    /// How many rows it spans (at least 1).
    pub rowspan: u32,
    /// Whether it was written as a table, `{ text = "…" }`, rather than as text.
    pub detailed: bool,
}

impl Cell {
    /// A cell that spans one column and one row.
    pub fn single(text: Vec<Inline>) -> Self {
        Self { text, colspan: 1, rowspan: 1, detailed: false }
    }
}

/// A list; items hold blocks, so lists nest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct List {
    /// Whether items are numbered rather than bulleted.
    pub ordered: bool,
    /// The number of the first item of a numbered list, as written (`7.` starts at 7).
    pub start: u64,
    /// The items.
    pub items: Vec<Vec<Block>>,
}

/// A run of plain text that knows where each of its bytes was written in the data file, through
/// TOML escapes, removed indentation and line continuations: a finding about its tenth
/// character points at that character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextRun {
    /// The text.
    pub value: String,
    /// Where it was written, from its first character to the end of its last.
    pub span: Span,
    /// `offsets[i]` is the file offset of byte `i` of `value`; one more marks the end.
    offsets: Vec<usize>,
}

impl TextRun {
    /// A run whose byte `i` was read at file offset `offsets[i]` (`offsets` has one more entry,
    /// the end).
    pub(crate) fn mapped(value: String, offsets: Vec<usize>) -> Self {
        let start = offsets.first().copied().unwrap_or(0);
        let end = offsets.last().copied().unwrap_or(start).max(start);
        Self { value, span: start..end, offsets }
    }

    /// A run whose characters cannot be told apart in the file (a Markdown escape, a line
    /// break): every byte points at the start of `span`.
    pub fn at(value: String, span: Span) -> Self {
        let mut offsets = vec![span.start; value.len()];
        offsets.push(span.end.max(span.start));
        Self { value, span, offsets }
    }

    /// The file span of the bytes `range` of the value.
    pub fn span_of(&self, range: std::ops::Range<usize>) -> Span {
        let get = |i: usize| self.offsets.get(i.min(self.value.len())).copied().unwrap_or(self.span.end);
        let start = get(range.start);
        let end = if range.end > range.start { get(range.end).max(start + 1) } else { start };
        start..end.min(self.span.end.max(start))
    }

    /// Appends `other`, which follows this run.
    pub fn append(&mut self, other: &TextRun) {
        self.offsets.pop();
        self.offsets.extend_from_slice(&other.offsets);
        self.value.push_str(&other.value);
        self.span.end = self.span.end.max(other.span.end);
    }

    /// The bytes `range` of the run as a run of their own.
    pub fn slice(&self, range: std::ops::Range<usize>) -> TextRun {
        let value = self.value.get(range.clone()).unwrap_or_default().to_owned();
        let mut offsets: Vec<usize> =
            self.offsets.get(range.start..range.end).map(<[usize]>::to_vec).unwrap_or_default();
        offsets.push(self.offsets.get(range.end).copied().unwrap_or(self.span.end));
        TextRun::mapped(value, offsets)
    }
}

/// Inline text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    /// Plain text, printed exactly as written.
    Text(TextRun),
    /// Bold text.
    Strong(Vec<Inline>),
    /// Italic text.
    Emph(Vec<Inline>),
    /// A hyperlink.
    Link {
        /// The target URL.
        url: Located<String>,
        /// The text shown.
        body: Vec<Inline>,
    },
    /// A reference to a footnote by id: `[^id]`.
    FootnoteRef(Located<String>),
    /// A cross-reference to a section by its id: `[see the method](#method)`, or `[](#method)`
    /// for the template's own words ("Section 2.1").
    Ref {
        /// The id of the section referred to.
        id: Located<String>,
        /// The text shown before the number (may be empty).
        body: Vec<Inline>,
    },
    /// Text in another language than the deliverable's: `<span lang="es">…</span>`. It is
    /// hyphenated and tagged in that language.
    Lang {
        /// The language code, such as `es` or `es-MX` (checked).
        lang: Located<String>,
        /// The text.
        body: Vec<Inline>,
    },
    /// A forced line break.
    LineBreak,
    /// A change mark of a review copy (never in data).
    Mark(Mark),
}

/// A warning the deliverable accepts: `[[allow]]` with its `code` and `reason`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allow {
    /// The warning's code, such as `duplicate-footnote-url`.
    pub code: Located<String>,
    /// Why it is accepted.
    pub reason: Located<String>,
}

/// A template's word reworded in the data: `abstract = "Summary:"` under `[labels]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The template's label key.
    pub key: Located<String>,
    /// The words to print instead.
    pub value: Located<String>,
}

/// A footnote definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Footnote {
    /// Its readable id, the key in `[footnotes]`.
    pub id: Located<String>,
    /// Its text.
    pub body: Vec<Inline>,
}

/// Calls `f` on every inline in `blocks`, depth first.
pub fn walk_blocks(blocks: &[Block], f: &mut dyn FnMut(&Inline)) {
    for b in blocks {
        match b {
            Block::Paragraph(i) => walk_inlines(i, f),
            Block::List(l) => l.items.iter().for_each(|item| walk_blocks(item, f)),
            Block::Table(t) => {
                walk_inlines(&t.caption, f);
                t.cells().for_each(|cell| walk_inlines(&cell.text, f));
                walk_blocks(&t.notes, f);
            }
            Block::Figure(fig) => {
                walk_inlines(&fig.caption, f);
                walk_inlines(&fig.source, f);
            }
            Block::Record(r) => walk_record(&r.record, f),
        }
    }
}

/// Calls `f` on every inline in the values of `record` and the tables in it, in declaration
/// order.
pub fn walk_record(record: &Record, f: &mut dyn FnMut(&Inline)) {
    for entry in &record.fields {
        match &entry.value {
            Value::Inlines(i) => walk_inlines(i, f),
            Value::Blocks(b) => walk_blocks(b, f),
            Value::Table(t) => walk_record(t, f),
            Value::Tables(list) => list.iter().for_each(|t| walk_record(t, f)),
            Value::Plain(_) | Value::Date(_) | Value::Month(_) | Value::Count(_) | Value::List(_) | Value::File(_) => {}
        }
    }
}

/// Calls `f` on every inline in `inlines` and their children, depth first.
pub fn walk_inlines(inlines: &[Inline], f: &mut dyn FnMut(&Inline)) {
    for i in inlines {
        f(i);
        match i {
            Inline::Strong(c)
            | Inline::Emph(c)
            | Inline::Link { body: c, .. }
            | Inline::Ref { body: c, .. }
            | Inline::Lang { body: c, .. }
            | Inline::Mark(Mark { body: c, .. }) => walk_inlines(c, f),
            _ => {}
        }
    }
}

/// Turns the TOML into a document, collecting every problem found. The document is built as far
/// as the data allows even when there are errors, so that later checks (links, references) report
/// their findings in the same run; it must not be typeset then.
pub(crate) fn build(file: &SourceFile, templates: &Templates<'_>) -> (Document, Vec<Diagnostic>) {
    if file.text.len() > limits::MAX_INPUT_BYTES {
        let d = Diagnostic::error(
            "input-too-large",
            &file.name,
            0..0,
            format!(
                "the file is {} MiB; folio reads data files up to {} MiB",
                file.text.len() >> 20,
                limits::MAX_INPUT_BYTES >> 20
            ),
        )
        .with_help("split the document, or check that this is the right file");
        let format = templates.formats.first().copied().unwrap_or_default();
        let empty = read::Record { table: format.root, span: 0..0, values: Vec::new() };
        let mut cx = Builder {
            file,
            diags: Vec::new(),
            sections: 0,
            text_bytes: 0,
            scripts: Vec::new(),
            format,
            shared_failed: false,
        };
        let doc = cx.document(empty, templates);
        return (doc, vec![d]);
    }
    let mut diags = Vec::new();
    let (raw, format) = read::document(file, &mut diags, templates);
    let mut cx = Builder { file, diags, sections: 0, text_bytes: 0, scripts: Vec::new(), format, shared_failed: false };
    let doc = cx.document(raw, templates);
    (doc, cx.diags)
}

/// Reads a shared data file: its organisations and sources, every problem located in it.
pub(crate) fn build_shared(file: &SourceFile) -> (Shared, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    if file.text.len() > limits::MAX_INPUT_BYTES {
        diags.push(Diagnostic::error(
            "input-too-large",
            &file.name,
            0..0,
            format!(
                "the file is {} MiB; folio reads data files up to {} MiB",
                file.text.len() >> 20,
                limits::MAX_INPUT_BYTES >> 20
            ),
        ));
        return (Shared { file: file.name.clone(), ..Shared::default() }, diags);
    }
    let mut raw = read::shared(file, &mut diags);
    let mut cx = Builder {
        file,
        diags,
        sections: 0,
        text_bytes: 0,
        scripts: Vec::new(),
        format: format::Format::base(),
        shared_failed: false,
    };
    let organisations = match raw.take("organisations") {
        Some(Raw::Entries(list)) => {
            list.into_iter().map(|(id, r)| cx.organisation(id, r, Some(file.name.clone()))).collect()
        }
        _ => Vec::new(),
    };
    let sources = match raw.take("sources") {
        Some(Raw::Footnotes(f)) => f.into_iter().map(|(k, v)| cx.footnote(k, v)).collect(),
        _ => Vec::new(),
    };
    (Shared { file: file.name.clone(), organisations, sources }, cx.diags)
}

/// What is wrong with a shared data file's path, if anything: it must be a relative `.toml` path
/// inside the deliverable's folder.
pub fn shared_path_problem(path: &str) -> Option<&'static str> {
    if path.starts_with('/') || path.contains('\\') || path.contains(':') {
        Some("is not a relative path")
    } else if path.split('/').any(|c| c == ".." || c == "." || c.is_empty()) {
        Some("leaves the data file's folder or has an empty part")
    } else if !path.ends_with(".toml") {
        Some("is not a .toml file")
    } else {
        None
    }
}

/// What a data file is read against: the templates it may name, each with the data format it
/// reads, and the shared data files it may use.
#[derive(Debug, Clone, Copy, Default)]
pub struct Templates<'a> {
    /// The formats of the known templates. Empty: the template is not looked up, and the data is
    /// read with folio's own tables ([`format::Format::base`]).
    pub formats: &'a [format::Format],
    /// The template to use whatever the data names (`folio build --template`).
    pub chosen: Option<&'a str>,
    /// The shared data files the data names, read by the caller (which can read files). A
    /// path the data names that is not here is not looked up.
    pub shared: &'a [SharedFile],
}

impl<'a> Templates<'a> {
    /// The templates of `formats`, each used as the data names it.
    pub fn new(formats: &'a [format::Format]) -> Self {
        Self { formats, chosen: None, shared: &[] }
    }

    /// The format for the template `name`; when there is none, the first known (whose record
    /// blocks include every template's), or folio's own.
    pub fn format(&self, name: &str) -> format::Format {
        let name = self.chosen.unwrap_or(name);
        let found = self.formats.iter().find(|f| f.template == name);
        found.or(self.formats.first()).copied().unwrap_or_default()
    }

    /// Whether the template `name` is known (always, when no templates were given).
    pub fn knows(&self, name: &str) -> bool {
        self.formats.is_empty() || self.formats.iter().any(|f| f.template == name)
    }
}

struct Builder<'a> {
    file: &'a SourceFile,
    diags: Vec<Diagnostic>,
    /// Sections seen so far, for the limit.
    sections: usize,
    /// Bytes of text read so far, for [`limits::MAX_TEXT_BYTES`].
    text_bytes: usize,
    /// The first place each writing system is used, for the template's font check.
    scripts: Vec<ScriptUse>,
    /// The format the file is read with.
    format: format::Format,
    /// Whether a shared file the data names could not be used, or was not looked up.
    shared_failed: bool,
}

impl Builder<'_> {
    fn error(&mut self, code: &'static str, span: Span, message: String, help: &str) {
        let d = Diagnostic::error(code, &self.file.name, span, message);
        self.diags.push(if help.is_empty() { d } else { d.with_help(help) });
    }

    fn document(&mut self, mut raw: read::Record, templates: &Templates<'_>) -> Document {
        let mut template = self.plain_of(&mut raw, "template");
        // Absent keys are already reported as missing.
        if !template.span.is_empty() && !is_identifier(&template.value) {
            self.error(
                "template-name",
                template.span.clone(),
                format!("`{}` is not a template name", template.value),
                "template names are folder names under templates/, like `eccp`",
            );
        } else if let Some(chosen) = templates.chosen {
            template.value = chosen.to_owned();
        } else if !template.span.is_empty() && !templates.knows(&template.value) {
            let mut names: Vec<&str> = templates.formats.iter().map(|f| f.template).collect();
            names.sort_unstable();
            let closest = names
                .iter()
                .map(|n| (strsim::damerau_levenshtein(n, &template.value), *n))
                .min()
                .filter(|(d, _)| *d <= 3);
            let help = match closest {
                Some((_, n)) => format!("did you mean `{n}`? The templates are {}", names.join(", ")),
                None => format!("the templates are {}", names.join(", ")),
            };
            self.diags.push(
                Diagnostic::error(
                    "unknown-template",
                    &self.file.name,
                    template.span.clone(),
                    format!("there is no template `{}`", template.value),
                )
                .with_span_label("no such template")
                .with_help(help),
            );
        }
        let params = match raw.take("params") {
            Some(Raw::Table(t)) => self.record(t),
            _ => Record { table: self.format.params, fields: Vec::new() },
        };
        let shared: Vec<Located<String>> = match raw.take("shared") {
            Some(Raw::Strings(items)) => items.into_iter().map(|s| self.plain(s, "shared")).collect(),
            _ => Vec::new(),
        };
        let mut organisations: Vec<Organisation> = match raw.take("organisations") {
            Some(Raw::Entries(list)) => list.into_iter().map(|(id, r)| self.organisation(id, r, None)).collect(),
            _ => Vec::new(),
        };
        let mut sources = Vec::new();
        for path in &shared {
            if let Some(problem) = shared_path_problem(&path.value) {
                self.error(
                    "shared-path",
                    path.span.clone(),
                    format!("`{}` {problem}", path.value),
                    "name a .toml file in this file's folder or below it, like `shared/partners.toml`",
                );
                continue;
            }
            match templates.shared.iter().find(|f| f.path == path.value).map(|f| &f.data) {
                Some(Ok(data)) => {
                    organisations.extend(data.organisations.iter().cloned());
                    sources.extend(data.sources.iter().cloned());
                }
                Some(Err(why)) => {
                    self.shared_failed = true;
                    self.error(
                        "shared-file",
                        path.span.clone(),
                        format!("cannot use `{}`: {why}", path.value),
                        "fix the shared file, or take it out of `shared`",
                    );
                }
                // Not looked up (the caller reads no files): its organisations are unknown here.
                None => self.shared_failed = true,
            }
        }
        let lang = match raw.take("lang") {
            Some(Raw::Str(s)) => self.language(s),
            _ => Located::new(String::new(), 0..0),
        };
        let project = match raw.take("project") {
            Some(Raw::Table(t)) => self.record(t),
            _ => Record { table: &format::PROJECT, fields: Vec::new() },
        };
        let deliverable = match raw.take("deliverable") {
            Some(Raw::Table(t)) => self.record(t),
            _ => Record { table: &format::DELIVERABLE, fields: Vec::new() },
        };
        let sections = match raw.take("sections") {
            Some(Raw::Tables(t)) => t.into_iter().map(|s| self.section(s, 1)).collect(),
            _ => Vec::new(),
        };
        let notes = match raw.take("footnotes") {
            Some(Raw::Footnotes(f)) => f,
            _ => Vec::new(),
        };
        if let Some((key, _)) = notes.get(limits::MAX_FOOTNOTES) {
            self.error(
                "too-many-footnotes",
                key.span.clone(),
                format!("more than {} footnotes", limits::MAX_FOOTNOTES),
                "split the document",
            );
        }
        let footnotes = notes.into_iter().map(|(k, v)| self.footnote(k, v)).collect();
        let allow = match raw.take("allow") {
            Some(Raw::Tables(list)) => list
                .into_iter()
                .map(|r| {
                    let r = self.record(r);
                    let empty = || Located::new(String::new(), 0..0);
                    Allow {
                        code: r.plain("code").cloned().unwrap_or_else(empty),
                        reason: r.plain("reason").cloned().unwrap_or_else(empty),
                    }
                })
                .collect(),
            _ => Vec::new(),
        };
        let pdf_standards = match raw.take("pdf-standards") {
            Some(Raw::Strings(codes)) => codes.into_iter().map(|s| Located::new(s.value, s.span)).collect(),
            _ => Vec::new(),
        };
        let labels = match raw.take("labels") {
            Some(Raw::Footnotes(l)) => l.into_iter().map(|(k, v)| self.label(k, v)).collect(),
            _ => Vec::new(),
        };
        let history_raw = match raw.take("history") {
            Some(Raw::Tables(t)) => t,
            _ => Vec::new(),
        };
        if let Some(h) = history_raw.get(limits::MAX_HISTORY) {
            self.error(
                "too-many-versions",
                h.span.clone(),
                format!("more than {} versions in the history", limits::MAX_HISTORY),
                "keep the versions a reader needs; older ones belong in the project's records",
            );
        }
        let history = history_raw
            .into_iter()
            .map(|h| {
                let h = self.record(h);
                let entry = HistoryEntry {
                    version: h.plain("version").cloned().unwrap_or_else(|| Located::new(String::new(), 0..0)),
                    date: h.date("date").cloned().unwrap_or_else(|| Located::new(NaiveDate::MIN, 0..0)),
                    author: h.inlines("author").to_vec(),
                    summary: h.inlines("summary").to_vec(),
                };
                // The history table sits on the cover, before the abstract: a note there would take
                // number 1 and renumber every other note, and the table is measured to fit the page.
                for span in footnote_refs(&entry.author).into_iter().chain(footnote_refs(&entry.summary)) {
                    self.error(
                        "footnote-in-history",
                        span,
                        "a version history entry cannot carry a footnote".to_owned(),
                        "say it in the summary's words, or cite the footnote in the body",
                    );
                }
                entry
            })
            .collect();
        let doc = Document {
            file: self.file.name.clone(),
            template,
            format: self.format,
            params,
            shared,
            organisations,
            sources,
            lang,
            project,
            deliverable,
            sections,
            history,
            footnotes,
            labels,
            allow,
            pdf_standards,
            scripts: std::mem::take(&mut self.scripts),
            review: None,
        };
        self.check_references(&doc);
        self.check_partners(&doc);
        self.check_cross_references(&doc);
        self.check_layout_budget(&doc);
        doc
    }

    /// A plain value taken out of `raw`, or an empty one (its absence is already reported).
    fn plain_of(&mut self, raw: &mut read::Record, key: &str) -> Located<String> {
        match raw.take(key) {
            Some(Raw::Str(s)) => self.plain(s, key),
            _ => Located::new(String::new(), 0..0),
        }
    }

    /// The values of a table, each interpreted by its declared kind.
    fn record(&mut self, raw: read::Record) -> Record {
        let mut fields = Vec::new();
        // Declaration order, whatever order the author wrote them in.
        for decl in raw.table.keys {
            let Some((_, _, value)) = raw.values.iter().find(|(k, _, _)| k.key == decl.key) else { continue };
            let value = match (decl.kind, value.clone()) {
                (
                    Kind::Plain
                    | Kind::Id
                    | Kind::Lang
                    | Kind::Choice(_)
                    | Kind::Color
                    | Kind::Font
                    | Kind::Email
                    | Kind::Phone,
                    Raw::Str(s),
                ) => Value::Plain(self.plain(s, decl.key)),
                (Kind::Inline, Raw::Str(s)) => Value::Inlines(self.inlines(s, decl.key)),
                (Kind::Prose, Raw::Str(s)) => Value::Blocks(self.blocks(s, decl.key)),
                (Kind::Month, Raw::Str(s)) => Value::Month(self.month(s, decl.key)),
                (_, Raw::Date(d, span)) => Value::Date(Located::new(d, span)),
                (_, Raw::Count(n, span)) => Value::Count(Located::new(u32::try_from(n).unwrap_or(0), span)),
                (_, Raw::Strings(items)) => Value::List(items.into_iter().map(|s| self.plain(s, decl.key)).collect()),
                (Kind::File, Raw::Str(s)) => Value::File(self.file_path(s)),
                (_, Raw::Table(t)) => Value::Table(self.record(t)),
                (_, Raw::Tables(t)) => Value::Tables(t.into_iter().map(|r| self.record(r)).collect()),
                _ => continue,
            };
            fields.push(Entry { key: decl, value });
        }
        Record { table: raw.table, fields }
    }

    fn section(&mut self, mut raw: read::Record, depth: usize) -> Section {
        let title_span = match raw.get("title") {
            Some(Raw::Str(s)) => s.span.clone(),
            _ => raw.span.clone(),
        };
        self.sections += 1;
        if self.sections == limits::MAX_SECTIONS + 1 {
            self.error(
                "too-many-sections",
                title_span.clone(),
                format!("more than {} sections", limits::MAX_SECTIONS),
                "split the document",
            );
        }
        let subsections = match raw.take("sections") {
            Some(Raw::Tables(t)) if depth >= limits::MAX_SECTION_DEPTH && !t.is_empty() => {
                self.error(
                    "nesting-too-deep",
                    title_span.clone(),
                    format!("sections nest at most {} levels deep", limits::MAX_SECTION_DEPTH),
                    "move the subsections up a level",
                );
                Vec::new()
            }
            Some(Raw::Tables(t)) => t,
            _ => Vec::new(),
        };
        let title = match raw.take("title") {
            Some(Raw::Str(s)) => self.inlines(s, "title"),
            _ => Vec::new(),
        };
        // Typst repeats a heading's text in the contents and the PDF bookmarks; a footnote there
        // would be printed (and numbered) twice.
        for span in footnote_refs(&title) {
            self.error(
                "footnote-in-heading",
                span,
                "a heading cannot carry a footnote".to_owned(),
                "put the reference in the section's first sentence instead",
            );
        }
        let blocks = match raw.take("text") {
            Some(Raw::Str(s)) => self.blocks(s, "text"),
            _ => Vec::new(),
        };
        let mut blocks = blocks;
        let mut parts = vec![("text".to_owned(), 0..blocks.len())];
        if let Some(Raw::Tables(list)) = raw.take("blocks") {
            for (i, b) in list.into_iter().enumerate() {
                let key = b.values.iter().map(|(k, _, _)| k.key).find(|k| *k != "lang").unwrap_or("text");
                let start = blocks.len();
                blocks.extend(self.block(b));
                parts.push((format!("blocks[{i}].{key}"), start..blocks.len()));
            }
        }
        let id = match raw.take("id") {
            Some(Raw::Str(s)) => {
                let id = self.plain(s, "id");
                if !is_identifier(&id.value) {
                    self.error(
                        "section-id",
                        id.span.clone(),
                        format!("`{}` cannot be a section id", id.value),
                        "ids use lowercase letters, digits and `-`, like `method`",
                    );
                }
                Some(id)
            }
            _ => None,
        };
        Section {
            id,
            title,
            title_span,
            blocks,
            parts,
            sections: subsections.into_iter().map(|s| self.section(s, depth + 1)).collect(),
        }
    }

    fn label(&mut self, key: Str, value: Str) -> Label {
        let key = Located::new(key.value, key.span);
        if !is_identifier(&key.value) {
            self.error(
                "label-key",
                key.span.clone(),
                format!("`{}` cannot be a label key", key.value),
                "label keys are the template's, like `abstract`; see its labels.toml",
            );
        }
        Label { value: self.plain(value, &key.value.clone()), key }
    }

    fn footnote(&mut self, key: Str, value: Str) -> Footnote {
        let id = Located::new(key.value.clone(), key.span.clone());
        if !is_identifier(&id.value) {
            self.error(
                "footnote-id",
                id.span.clone(),
                format!("`{}` cannot be a footnote id", id.value),
                "footnote ids use lowercase letters, digits and `-`, like `eu-trade-mexico`",
            );
        }
        let body = self.inlines(value, "footnote");
        for span in footnote_refs(&body) {
            self.error(
                "nested-footnote",
                span,
                "a footnote cannot refer to another footnote".to_owned(),
                "write the reference into the footnote's text instead",
            );
        }
        Footnote { id, body }
    }

    /// Refuses a document with more lines than folio typesets in bounded memory: paragraphs, list
    /// items, headings, rows, footnotes and forced line breaks each take at least one line, however
    /// little text they hold (a million `- a` items would be 20,000 pages). Case studies each take a
    /// page of their own.
    fn check_layout_budget(&mut self, doc: &Document) {
        let mut blocks = 0usize;
        let mut case_studies = 0usize;
        let mut over: Option<(Span, &'static str, usize)> = None;
        for field in doc.fields() {
            let mut first_span = None;
            let mut count = |span: Option<&Span>| {
                blocks += 1;
                if first_span.is_none() {
                    first_span = span.cloned();
                }
            };
            match field.text {
                Text::Plain(p) => count(Some(&p.span)),
                Text::Inlines(i) => {
                    count(first_text_span(i).as_ref());
                    walk_inlines(i, &mut |i| {
                        if matches!(i, Inline::LineBreak) {
                            count(None)
                        }
                    });
                }
                Text::Blocks(b) => count_blocks(b, &mut count),
            }
            // A record block's first field starts it: `sections[0].blocks[3].case-study.title`.
            if let Some(at) = field.path.rfind(".blocks[")
                && let Some(record) = doc.format.records.iter().find(|r| {
                    let first = r.table.keys.first().map_or("", |k| k.key);
                    field.path[at..].ends_with(&format!("].{}.{first}", r.name))
                })
                && record.table.keys.first().is_some_and(|k| k.required)
            {
                case_studies += 1;
                if case_studies == limits::MAX_RECORDS + 1 && over.is_none() {
                    over = first_span.clone().map(|s| (s, "record blocks", limits::MAX_RECORDS));
                }
            }
            if blocks > limits::MAX_BLOCKS && over.is_none() {
                over = first_span
                    .map(|s| (s, "paragraphs, list items, headings, rows and line breaks", limits::MAX_BLOCKS));
            }
        }
        if let Some((span, what, max)) = over {
            self.error(
                "document-too-long",
                span,
                format!("the document passes {max} {what} here; folio typesets up to {max} in one document"),
                "split the deliverable into several documents",
            );
        }
    }

    /// Reports section ids used twice, and every `[…](#id)` that names no section.
    fn check_cross_references(&mut self, doc: &Document) {
        fn ids<'a>(sections: &'a [Section], out: &mut Vec<&'a Located<String>>) {
            for s in sections {
                out.extend(s.id.iter());
                for b in &s.blocks {
                    match b {
                        Block::Table(t) => out.extend(t.id.iter()),
                        Block::Figure(f) => out.extend(f.id.iter()),
                        Block::Paragraph(_) | Block::List(_) | Block::Record(_) => {}
                    }
                }
                ids(&s.sections, out);
            }
        }
        let mut all = Vec::new();
        ids(&doc.sections, &mut all);
        for (i, id) in all.iter().enumerate() {
            if let Some(first) = all[..i].iter().find(|f| f.value == id.value) {
                self.diags.push(
                    Diagnostic::error(
                        "duplicate-id",
                        &self.file.name,
                        id.span.clone(),
                        format!("the id `{}` is used twice", id.value),
                    )
                    .with_span_label("the second time")
                    .with_label(first.span.clone(), "first used here")
                    .with_help("give each section, table and figure its own id"),
                );
            }
        }
        let mut unknown = Vec::new();
        doc.walk_inlines(&mut |_, i| {
            if let Inline::Ref { id, .. } = i
                && !all.iter().any(|s| s.value == id.value)
            {
                unknown.push(id.clone());
            }
        });
        for r in unknown {
            let closest = all
                .iter()
                .map(|s| (strsim::damerau_levenshtein(&s.value, &r.value), &s.value))
                .min()
                .filter(|(distance, _)| *distance <= 3);
            let help = match closest {
                Some((_, id)) => format!("did you mean `#{id}`?"),
                None => format!("give the section, table or figure you mean `id = \"{}\"`", r.value),
            };
            self.diags.push(
                Diagnostic::error(
                    "unknown-reference",
                    &self.file.name,
                    r.span,
                    format!("no section, table or figure has the id `{}`", r.value),
                )
                .with_span_label("referred to here")
                .with_help(help),
            );
        }
    }

    /// Reports every `[^id]` that names no footnote, in every field.
    /// Reports every partner id that names no organisation, here or in a shared file.
    fn check_partners(&mut self, doc: &Document) {
        // A shared file that could not be used is reported already; its organisations are missing.
        if self.shared_failed {
            return;
        }
        for r in doc.project.list("partners") {
            if doc.organisation(&r.value).is_some() {
                continue;
            }
            let closest = doc
                .organisations
                .iter()
                .map(|o| (strsim::damerau_levenshtein(&o.id.value, &r.value), &o.id.value))
                .min()
                .filter(|(distance, _)| *distance <= 3);
            let help = match closest {
                Some((_, id)) => format!("did you mean `{id}`?"),
                None if doc.shared.is_empty() => {
                    format!("add an `[organisations.{}]` table here, or to a shared file named in `shared`", r.value)
                }
                None => format!("no shared file has `[organisations.{}]`; add it to one, or here", r.value),
            };
            self.diags.push(
                Diagnostic::error(
                    "unknown-organisation",
                    &self.file.name,
                    r.span.clone(),
                    format!("there is no organisation `{}`", r.value),
                )
                .with_span_label("no organisation has this id")
                .with_help(help),
            );
        }
    }

    /// An organisation read from `raw` under `id`, from the shared file `origin` if any.
    fn organisation(&mut self, id: Str, raw: read::Record, origin: Option<String>) -> Organisation {
        let id = Located::new(id.value, id.span);
        if !is_identifier(&id.value) {
            self.error(
                "organisation-id",
                id.span.clone(),
                format!("`{}` cannot be an organisation id", id.value),
                "ids use lowercase letters, digits and `-`, like `inno`",
            );
        }
        Organisation { id, record: self.record(raw), origin }
    }

    fn check_references(&mut self, doc: &Document) {
        // The sources of a shared file that could not be used (or was not looked up) are
        // unknown here; the file is reported already.
        if self.shared_failed {
            return;
        }
        let defined: HashSet<&str> = doc.footnotes.iter().chain(&doc.sources).map(|f| f.id.value.as_str()).collect();
        let mut unknown = Vec::new();
        for field in doc.fields() {
            field.walk_inlines(&mut |i| {
                if let Inline::FootnoteRef(r) = i
                    && !defined.contains(r.value.as_str())
                {
                    unknown.push(r.clone());
                }
            });
        }
        for r in unknown {
            let d = Diagnostic::error(
                "unknown-footnote",
                &self.file.name,
                r.span,
                format!("there is no footnote `{}`", r.value),
            )
            .with_span_label("no footnote has this id");
            let closest = doc
                .footnotes
                .iter()
                .chain(&doc.sources)
                .filter(|f| f.id.value.len().abs_diff(r.value.len()) <= 3)
                .map(|f| (strsim::damerau_levenshtein(&f.id.value, &r.value), &f.id.value))
                .min()
                .filter(|(distance, _)| *distance <= 3);
            let d = match closest {
                Some((_, id)) => d.with_help(format!("did you mean `[^{id}]`?")),
                None => d.with_help(format!("add `{} = \"…\"` under [footnotes], or fix the id", r.value)),
            };
            self.diags.push(d);
        }
    }

    /// A required, non-empty single-line value used as is (no Markdown).
    fn plain(&mut self, raw: Str, key: &str) -> Located<String> {
        let span = raw.span.clone();
        let mapped = MappedText::from_toml(&self.file.text, span.clone(), &raw.value);
        self.scan(&mapped);
        let value = raw.value;
        if value.trim().is_empty() {
            self.error("empty", span.clone(), format!("`{key}` is empty"), "write the text between the quotes");
        } else if value.len() > limits::MAX_PARAGRAPH_BYTES {
            self.error(
                "field-too-long",
                span.clone(),
                format!(
                    "`{key}` is {} KiB; folio takes up to {} KiB here",
                    value.len() >> 10,
                    limits::MAX_PARAGRAPH_BYTES >> 10
                ),
                "shorten it",
            );
        }
        Located::new(value, span)
    }

    fn month(&mut self, raw: Str, key: &str) -> Located<ProjectMonth> {
        let span = raw.span.clone();
        let value = &raw.value;
        match value.strip_prefix('M').and_then(|n| n.parse::<u32>().ok()) {
            Some(m) if m >= 1 => Located::new(ProjectMonth(m), span),
            _ => {
                self.error(
                    "project-month",
                    span.clone(),
                    format!("`{key}` must be a project month like \"M18\", not \"{value}\""),
                    "project months count from M1, the month the project started",
                );
                Located::new(ProjectMonth(1), span)
            }
        }
    }

    /// A prose value mapped back to the file, its characters checked.
    fn mapped(&mut self, raw: &Str) -> MappedText {
        let text = MappedText::from_toml(&self.file.text, raw.span.clone(), &raw.value).dedent();
        self.scan(&text);
        text
    }

    /// The checks every string of the data goes through, whatever field it is in: characters
    /// (see [`chars`](crate::chars)), line continuations that glue words, and the text budget.
    fn scan(&mut self, text: &MappedText) {
        crate::chars::check(text, &self.file.name, &mut self.diags, &mut self.scripts);
        for join in &text.joins {
            self.diags.push(
                Diagnostic::warning(
                    "line-continuation",
                    &self.file.name,
                    join.clone(),
                    "this backslash joins the next line to this one without a space",
                )
                .with_span_label("TOML removes this backslash, the line break and the indentation after it")
                .with_help("end the line without a backslash, or put a space before it if two words were meant"),
            );
        }
        let before = self.text_bytes;
        self.text_bytes += text.text.len();
        if before <= limits::MAX_TEXT_BYTES && self.text_bytes > limits::MAX_TEXT_BYTES {
            let span = text.span(0..text.text.len());
            self.error(
                "too-much-text",
                span,
                format!(
                    "the document's text passes {} MiB here; folio typesets up to {} MiB of text in one document",
                    limits::MAX_TEXT_BYTES >> 20,
                    limits::MAX_TEXT_BYTES >> 20
                ),
                "split the deliverable into several documents",
            );
        }
    }

    fn blocks(&mut self, raw: Str, key: &str) -> Vec<Block> {
        let text = self.mapped(&raw);
        if text.text.trim().is_empty() {
            self.error("empty", raw.span.clone(), format!("`{key}` is empty"), "write the text between the quotes");
        }
        let blocks = markdown::blocks(&text, &self.file.name, &mut self.diags);
        self.check_table_headers(&blocks);
        blocks
    }

    /// A table's header rows repeat on every page it runs onto, and Typst would print (and
    /// number) a footnote in them again on each: refused where written.
    fn check_header_notes(&mut self, t: &TableBlock) {
        for span in t.header.iter().flatten().flat_map(|c| footnote_refs(&c.text)) {
            self.error(
                "footnote-in-table-header",
                span,
                "a table's header cannot carry a footnote".to_owned(),
                "the header repeats on every page the table runs onto; put the reference in the caption's sentence, the notes, or a body cell",
            );
        }
    }

    /// [`Self::check_header_notes`] for every table in `blocks` (Markdown pipe tables, in lists
    /// too).
    fn check_table_headers(&mut self, blocks: &[Block]) {
        for b in blocks {
            match b {
                Block::Table(t) => self.check_header_notes(t),
                // A table in a table's notes was checked when the notes were read.
                Block::List(l) => l.items.iter().for_each(|item| self.check_table_headers(item)),
                Block::Paragraph(_) | Block::Figure(_) | Block::Record(_) => {}
            }
        }
    }

    /// A language code, checked.
    fn language(&mut self, raw: Str) -> Located<String> {
        let lang = self.plain(raw, "lang");
        if !is_language(&lang.value) {
            self.error(
                "language",
                lang.span.clone(),
                format!("`{}` is not a language code", lang.value),
                "write a two-letter language code, optionally with a region: `en` or `en-GB`",
            );
        }
        lang
    }

    /// An image path, checked to stay inside the data file's folder.
    fn file_path(&mut self, raw: Str) -> Located<String> {
        let path = self.plain(raw, "file");
        if let Some(problem) = markdown::figure_path_problem(&path.value) {
            self.error(
                "figure-path",
                path.span.clone(),
                format!("`{}` cannot be an image: {problem}", path.value),
                "write a path inside the data file's folder, like `figures/map.png`; PNG, JPEG and SVG work",
            );
        }
        path
    }

    /// A `[[sections.blocks]]` entry: exactly one of text, table and figure.
    fn block(&mut self, mut raw: read::Record) -> Vec<Block> {
        let lang = match raw.take("lang") {
            Some(Raw::Str(s)) => Some(self.language(s)),
            _ => None,
        };
        let written: Vec<&'static str> = raw.values.iter().map(|(k, _, _)| k.key).collect();
        if let Some(lang) = &lang
            && written != ["text"]
        {
            self.error(
                "block-kind",
                lang.span.clone(),
                "`lang` names the language of a block's `text`".to_owned(),
                "give the block a `text`, or set the language of a table's or figure's words with `<span lang=\"…\">…</span>`",
            );
        }
        if written.len() != 1 {
            let what = if written.is_empty() {
                let mut kinds = vec!["`text`".to_owned(), "`table`".to_owned(), "`figure`".to_owned()];
                kinds.extend(self.format.records.iter().map(|r| format!("`{}`", r.name)));
                let last = kinds.pop().unwrap_or_default();
                format!("this block holds none of {} and {last}", kinds.join(", "))
            } else {
                format!(
                    "this block holds {}; a block holds one",
                    written.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(" and ")
                )
            };
            self.error(
                "block-kind",
                raw.span.clone(),
                what,
                "start a new `[[sections.blocks]]` for each text, table, figure or record",
            );
        }
        let mut out = Vec::new();
        if let Some(Raw::Str(s)) = raw.take("text") {
            let blocks = self.blocks(s, "text");
            out.extend(match lang {
                Some(lang) => in_language(blocks, &lang),
                None => blocks,
            });
        }
        if let Some(Raw::Table(t)) = raw.take("table") {
            out.push(Block::Table(self.table_block(t)));
        }
        if let Some(Raw::Table(f)) = raw.take("figure") {
            out.push(Block::Figure(self.figure_block(f)));
        }
        // What is left is a record block of a template.
        for (key, _, value) in std::mem::take(&mut raw.values) {
            if let (Some(decl), Raw::Table(t)) = (self.format.record(key.key), value) {
                let span = t.span.clone();
                let record = self.record(t);
                out.push(Block::Record(RecordBlock { decl, record, span }));
            }
        }
        out
    }

    fn optional_id(&mut self, raw: &mut read::Record, what: &str) -> Option<Located<String>> {
        let Some(Raw::Str(s)) = raw.take("id") else { return None };
        let id = self.plain(s, "id");
        if !is_identifier(&id.value) {
            self.error(
                "section-id",
                id.span.clone(),
                format!("`{}` cannot be {what} id", id.value),
                "ids use lowercase letters, digits and `-`, like `method`",
            );
        }
        Some(id)
    }

    fn figure_block(&mut self, mut raw: read::Record) -> Figure {
        let id = self.optional_id(&mut raw, "a figure");
        let path = match raw.take("file") {
            Some(Raw::Str(s)) => self.file_path(s),
            _ => Located::new(String::new(), raw.span.clone()),
        };
        let alt = match raw.take("alt") {
            Some(Raw::Str(s)) => self.plain(s, "alt"),
            _ => Located::new(String::new(), raw.span.clone()),
        };
        let caption = match raw.take("caption") {
            Some(Raw::Str(s)) => self.inlines(s, "caption"),
            _ => Vec::new(),
        };
        let source = match raw.take("source") {
            Some(Raw::Str(s)) => self.inlines(s, "source"),
            _ => Vec::new(),
        };
        let width = match raw.take("width") {
            Some(Raw::Count(n, _)) => u32::try_from(n).ok(),
            _ => None,
        };
        Figure { id, path, alt, caption, width, source }
    }

    fn table_block(&mut self, mut raw: read::Record) -> TableBlock {
        let id = self.optional_id(&mut raw, "a table");
        let caption = match raw.take("caption") {
            Some(Raw::Str(s)) => self.inlines(s, "caption"),
            _ => Vec::new(),
        };
        let (widths_span, align_span) = (
            raw.values.iter().find(|(k, _, _)| k.key == "widths").map(|(_, s, _)| s.clone()),
            raw.values.iter().find(|(k, _, _)| k.key == "align").map(|(_, s, _)| s.clone()),
        );
        let widths: Vec<(u32, Span)> = match raw.take("widths") {
            Some(Raw::Counts(w)) => w.into_iter().map(|(n, s)| (u32::try_from(n).unwrap_or(1), s)).collect(),
            _ => Vec::new(),
        };
        let align: Vec<(Align, Span)> = match raw.take("align") {
            Some(Raw::Strings(a)) => a
                .into_iter()
                .map(|s| {
                    let align = match s.value.as_str() {
                        "left" => Align::Left,
                        "center" => Align::Center,
                        "right" => Align::Right,
                        _ => Align::Default,
                    };
                    (align, s.span)
                })
                .collect(),
            _ => Vec::new(),
        };
        let mut rows_of = |this: &mut Self, key: &str| -> Vec<ReadRow> {
            match raw.take(key) {
                Some(Raw::Rows(rows)) => rows
                    .into_iter()
                    .map(|(cells, span)| {
                        let spans = cells.iter().map(|c| (c.colspan, c.rowspan)).collect();
                        let cells = cells
                            .into_iter()
                            .map(|c| Cell {
                                detailed: c.detailed,
                                text: this.cell_inlines(c.text),
                                colspan: c.colspan,
                                rowspan: c.rowspan,
                            })
                            .collect();
                        (cells, spans, span)
                    })
                    .collect(),
                _ => Vec::new(),
            }
        };
        let header = rows_of(self, "header");
        let rows = rows_of(self, "rows");
        let notes = match raw.take("notes") {
            Some(Raw::Str(s)) => self.blocks(s, "notes"),
            _ => Vec::new(),
        };
        // The grid: the first header row sets the columns; every row fills them, counting cells
        // that span down into it.
        let columns: usize = header.first().map_or(0, |(_, spans, _)| spans.iter().map(|(c, _)| *c as usize).sum());
        let plural = |n: usize| if n == 1 { "1 column".to_owned() } else { format!("{n} columns") };
        for (key, given, span) in [("widths", widths.len(), widths_span), ("align", align.len(), align_span)] {
            if given > 0 && columns > 0 && given != columns {
                let span = span.unwrap_or_else(|| raw.span.clone());
                self.error(
                    "table-columns",
                    span,
                    format!("`{key}` gives {}, but the header has {}", plural(given), plural(columns)),
                    &format!("give `{key}` one value per column"),
                );
            }
        }
        if columns > limits::MAX_TABLE_COLUMNS {
            self.error(
                "table-columns",
                raw.span.clone(),
                format!("this table has {columns} columns; folio sets tables of up to {}", limits::MAX_TABLE_COLUMNS),
                "split the table, or turn it: a long table breaks across pages",
            );
        }
        for (part, list) in [("header", &header), ("rows", &rows)] {
            self.check_grid(part, columns, list.iter().map(|(_, s, span)| (s.as_slice(), span.clone())).collect());
        }
        let table = TableBlock {
            id,
            caption,
            widths: widths.into_iter().map(|(n, _)| n).collect(),
            align: align.into_iter().map(|(a, _)| a).collect(),
            header: header.into_iter().map(|(c, _, _)| c).collect(),
            rows: rows.into_iter().map(|(c, _, _)| c).collect(),
            notes,
        };
        self.check_header_notes(&table);
        table
    }

    /// Checks that each row of `part` fills exactly `columns`, with the cells that span into it
    /// from the rows above, and that no cell spans past the last row.
    fn check_grid(&mut self, part: &str, columns: usize, rows: Vec<(&[(u32, u32)], Span)>) {
        if columns == 0 {
            return;
        }
        // How many more rows each column stays taken by a cell from above.
        let mut taken = vec![0u32; columns];
        let count = rows.len();
        for (r, (cells, span)) in rows.into_iter().enumerate() {
            let from_above = taken.iter().filter(|t| **t > 0).count();
            let mut col = 0usize;
            let mut overflow = false;
            for &(colspan, rowspan) in cells {
                while col < columns && taken[col] > 0 {
                    col += 1;
                }
                let end = col + colspan as usize;
                if end > columns {
                    overflow = true;
                    break;
                }
                if rowspan as usize > count - r {
                    self.error(
                        "table-span",
                        span.clone(),
                        format!(
                            "a cell in row {} of `{part}` spans {rowspan} rows, but only {} rows follow from there",
                            r + 1,
                            count - r
                        ),
                        "make `rowspan` smaller, or add the rows it spans",
                    );
                }
                for t in taken.iter_mut().take(end).skip(col) {
                    *t = rowspan;
                }
                col = end;
            }
            let filled = taken.iter().filter(|t| **t > 0).count();
            if overflow || filled != columns {
                let (what, help) = if overflow {
                    (
                        match from_above {
                            0 => format!("row {} of `{part}` has more cells than the table's {columns} columns", r + 1),
                            n => format!(
                                "row {} of `{part}` has more cells than fit: {n} of the table's {columns} columns are taken by a cell spanning down from above",
                                r + 1
                            ),
                        },
                        "remove a cell, or add a column to every row (and to `widths`)",
                    )
                } else {
                    (
                        format!("row {} of `{part}` fills {filled} of the table's {columns} columns", r + 1),
                        "add the missing cells (write `\"\"` for an empty one), or widen a cell with `colspan`",
                    )
                };
                self.error("table-columns", span.clone(), what, help);
            }
            for t in &mut taken {
                *t = t.saturating_sub(1);
            }
        }
    }

    /// A table cell's text: one line of Markdown, which may be empty.
    fn cell_inlines(&mut self, raw: Str) -> Vec<Inline> {
        if raw.value.trim().is_empty() {
            return Vec::new();
        }
        self.inlines(raw, "cell")
    }

    fn inlines(&mut self, raw: Str, key: &str) -> Vec<Inline> {
        let text = self.mapped(&raw);
        if text.text.trim().is_empty() {
            self.error("empty", raw.span.clone(), format!("`{key}` is empty"), "write the text between the quotes");
            return Vec::new();
        }
        let blocks = markdown::blocks(&text, &self.file.name, &mut self.diags);
        match <[Block; 1]>::try_from(blocks) {
            Ok([Block::Paragraph(inlines)]) => inlines,
            Ok(_) | Err(_) => {
                self.error(
                    "not-inline",
                    raw.span.clone(),
                    format!("`{key}` must be one line of text, without lists or blank lines"),
                    "",
                );
                Vec::new()
            }
        }
    }
}

/// A table row as read: its cells, each cell's (colspan, rowspan), and where the row is written.
type ReadRow = (Vec<Cell>, Vec<(u32, u32)>, Span);

/// `blocks` with every paragraph's text marked as written in `lang`.
fn in_language(blocks: Vec<Block>, lang: &Located<String>) -> Vec<Block> {
    blocks
        .into_iter()
        .map(|b| match b {
            Block::Paragraph(i) => Block::Paragraph(vec![Inline::Lang { lang: lang.clone(), body: i }]),
            Block::List(mut l) => {
                l.items = l.items.into_iter().map(|item| in_language(item, lang)).collect();
                Block::List(l)
            }
            other => other,
        })
        .collect()
}

/// The span of the first text in `inlines`, if any.
fn first_text_span(inlines: &[Inline]) -> Option<Span> {
    let mut found = None;
    walk_inlines(inlines, &mut |i| {
        if let (None, Inline::Text(t)) = (&found, i) {
            found = Some(t.span.clone());
        }
    });
    found
}

/// Counts each paragraph and forced line break in `blocks`, passing the first text's span.
fn count_blocks(blocks: &[Block], count: &mut dyn FnMut(Option<&Span>)) {
    for b in blocks {
        match b {
            Block::Paragraph(i) => {
                count(first_text_span(i).as_ref());
                walk_inlines(i, &mut |i| {
                    if matches!(i, Inline::LineBreak) {
                        count(None)
                    }
                });
            }
            Block::List(l) => l.items.iter().for_each(|item| count_blocks(item, count)),
            // A figure takes space, like a few lines at least.
            Block::Figure(f) => count(Some(&f.path.span)),
            // Its fields are walked as fields of their own.
            Block::Record(_) => {}
            // Each row takes at least a line.
            Block::Table(t) => {
                for row in t.header.iter().chain(&t.rows) {
                    count(row.iter().find_map(|cell| first_text_span(&cell.text)).as_ref());
                }
                count_blocks(&t.notes, count);
            }
        }
    }
}

/// The spans of the footnote references in `inlines`.
fn footnote_refs(inlines: &[Inline]) -> Vec<Span> {
    let mut spans = Vec::new();
    walk_inlines(inlines, &mut |i| {
        if let Inline::FootnoteRef(r) = i {
            spans.push(r.span.clone());
        }
    });
    spans
}

/// Whether `s` can be a footnote or template id: lowercase ASCII letters, digits, `-`, `_` and
/// `.`, starting with a letter or digit, at most [`limits::MAX_ID_BYTES`] long.
pub fn is_identifier(s: &str) -> bool {
    s.len() <= limits::MAX_ID_BYTES
        && s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'))
}

/// Whether `s` is a language code folio accepts: `en`, `es-MX` (the schema's `LANG_PATTERN`).
pub fn is_language(s: &str) -> bool {
    let mut parts = s.split('-');
    let lang = parts.next().unwrap_or("");
    let region = parts.next();
    parts.next().is_none()
        && lang.len() == 2
        && lang.chars().all(|c| c.is_ascii_lowercase())
        && region.is_none_or(|r| r.len() == 2 && r.chars().all(|c| c.is_ascii_uppercase()))
}
