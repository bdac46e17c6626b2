//! The one walker over every text-bearing field of a [`Document`].
//!
//! Checks, lowering, the diff and the layout reports all need "every piece of text the author
//! wrote". When each of them listed the fields itself, one of them forgot the version history, and
//! data in the history escaped every rule. [`Document::fields`] is now the only list: a field
//! added to the model and not listed here fails `tests/fields.rs`, which compares this walker with
//! every string of a data file that fills every key of the JSON Schema.

use crate::model::{
    Block, Document, Entry, Figure, Inline, Located, Record, Section, TableBlock, Value, walk_blocks, walk_inlines,
};

/// Which part of the document a field belongs to; parts are listed in print order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    /// The cover's metadata (template, language, project, deliverable, keywords).
    Metadata,
    /// The version history table on the cover.
    History,
    /// The abstract on the cover.
    Abstract,
    /// Section titles, text and case studies.
    Body,
    /// Footnote texts (printed where they are first referenced).
    Footnote,
}

/// What a field holds.
#[derive(Debug, Clone, Copy)]
pub enum Text<'a> {
    /// A one-line value printed as written, without Markdown.
    Plain(&'a Located<String>),
    /// One line of Markdown.
    Inlines(&'a [Inline]),
    /// Paragraphs and lists of Markdown.
    Blocks(&'a [Block]),
}

/// One text-bearing field.
#[derive(Debug, Clone)]
pub struct Field<'a> {
    /// Where the field is in the data, written as a TOML path: `deliverable.title`,
    /// `sections[0].sections[1].blocks[2].case-study.contact.name`, `footnotes.eu-trade`, `history[2].summary`.
    pub path: String,
    /// The part of the document it belongs to.
    pub part: Part,
    /// Its text.
    pub text: Text<'a>,
}

impl Field<'_> {
    /// Calls `f` on every inline of the field, depth first (nothing for plain fields).
    pub fn walk_inlines(&self, f: &mut dyn FnMut(&Inline)) {
        match self.text {
            Text::Plain(_) => {}
            Text::Inlines(i) => walk_inlines(i, f),
            Text::Blocks(b) => walk_blocks(b, f),
        }
    }
}

impl Document {
    /// Every text-bearing field, in print order: cover metadata, history, abstract, the sections
    /// depth first, then the footnote texts in file order.
    pub fn fields<'a>(&'a self) -> Vec<Field<'a>> {
        let mut out = Vec::new();
        let mut push = |path: String, part: Part, text: Text<'a>| out.push(Field { path, part, text });
        push("template".to_owned(), Part::Metadata, Text::Plain(&self.template));
        push("lang".to_owned(), Part::Metadata, Text::Plain(&self.lang));
        for (i, code) in self.pdf_standards.iter().enumerate() {
            push(format!("pdf-standards[{i}]"), Part::Metadata, Text::Plain(code));
        }
        let is_prose = |e: &Entry| matches!(e.value, Value::Blocks(_));
        record_fields(&self.project, "project", Part::Metadata, &|_| true, &mut push);
        record_fields(&self.deliverable, "deliverable", Part::Metadata, &|e| !is_prose(e), &mut push);
        record_fields(&self.params, "params", Part::Metadata, &|_| true, &mut push);
        for (i, path) in self.shared.iter().enumerate() {
            push(format!("shared[{i}]"), Part::Metadata, Text::Plain(path));
        }
        // Its own organisations: a shared file's are its own file's text, checked there.
        for o in self.organisations.iter().filter(|o| o.origin.is_none()) {
            record_fields(&o.record, &format!("organisations.{}", o.id.value), Part::Metadata, &|_| true, &mut push);
        }
        for (i, h) in self.history.iter().enumerate() {
            push(format!("history[{i}].version"), Part::History, Text::Plain(&h.version));
            push(format!("history[{i}].author"), Part::History, Text::Inlines(&h.author));
            push(format!("history[{i}].summary"), Part::History, Text::Inlines(&h.summary));
        }
        record_fields(&self.deliverable, "deliverable", Part::Abstract, &is_prose, &mut push);
        for (i, s) in self.sections.iter().enumerate() {
            section_fields(s, &format!("sections[{i}]"), &mut push);
        }
        for (i, a) in self.allow.iter().enumerate() {
            push(format!("allow[{i}].code"), Part::Metadata, Text::Plain(&a.code));
            push(format!("allow[{i}].reason"), Part::Metadata, Text::Plain(&a.reason));
        }
        for l in &self.labels {
            push(format!("labels.{}", l.key.value), Part::Metadata, Text::Plain(&l.value));
        }
        for f in &self.footnotes {
            push(format!("footnotes.{}", f.id.value), Part::Footnote, Text::Inlines(&f.body));
        }
        out
    }

    /// Every image file the document names, in print order: figures (Markdown images and figure
    /// blocks) and the cover's images (logos), each with where its path is written.
    pub fn images(&self) -> Vec<&Located<String>> {
        fn figures<'a>(blocks: &'a [Block], out: &mut Vec<&'a Located<String>>) {
            for b in blocks {
                match b {
                    Block::Figure(f) => out.push(&f.path),
                    Block::List(l) => l.items.iter().for_each(|item| figures(item, out)),
                    Block::Table(t) => figures(&t.notes, out),
                    // Its image fields are walked as fields of their own.
                    Block::Paragraph(_) | Block::Record(_) => {}
                }
            }
        }
        let mut out = Vec::new();
        for field in self.fields() {
            match field.text {
                // Image paths are the fields of kind `File`; the walker lists them as plain text
                // under their key, `file`.
                Text::Plain(p) if field.path.ends_with(".file") => out.push(p),
                Text::Blocks(b) => figures(b, &mut out),
                Text::Plain(_) | Text::Inlines(_) => {}
            }
        }
        out
    }

    /// Calls `f` on every inline of the document in print order, footnote texts last.
    pub fn walk_inlines(&self, f: &mut dyn FnMut(&Field<'_>, &Inline)) {
        for field in self.fields() {
            field.walk_inlines(&mut |i| f(&field, i));
        }
    }
}

/// The text fields of a record (and of the tables in it), by declaration.
fn record_fields<'a>(
    record: &'a Record,
    path: &str,
    part: Part,
    keep: &dyn Fn(&Entry) -> bool,
    push: &mut impl FnMut(String, Part, Text<'a>),
) {
    for entry in record.fields.iter().filter(|e| keep(e)) {
        let path = format!("{path}.{}", entry.key.key);
        match &entry.value {
            Value::Plain(p) => push(path, part, Text::Plain(p)),
            Value::Inlines(i) => push(path, part, Text::Inlines(i)),
            Value::Blocks(b) => push(path, part, Text::Blocks(b)),
            Value::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    push(format!("{path}[{i}]"), part, Text::Plain(item));
                }
            }
            Value::File(f) => push(path, part, Text::Plain(f)),
            Value::Table(t) => record_fields(t, &path, part, &|_| true, push),
            Value::Tables(list) => {
                for (i, t) in list.iter().enumerate() {
                    record_fields(t, &format!("{path}[{i}]"), part, &|_| true, push);
                }
            }
            Value::Date(_) | Value::Month(_) | Value::Count(_) => {}
        }
    }
}

fn table_fields<'a>(t: &'a TableBlock, path: &str, push: &mut impl FnMut(String, Part, Text<'a>)) {
    if let Some(id) = &t.id {
        push(format!("{path}.id"), Part::Body, Text::Plain(id));
    }
    push(format!("{path}.caption"), Part::Body, Text::Inlines(&t.caption));
    for (key, rows) in [("header", &t.header), ("rows", &t.rows)] {
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let text = if cell.detailed { ".text" } else { "" };
                push(format!("{path}.{key}[{r}][{c}]{text}"), Part::Body, Text::Inlines(&cell.text));
            }
        }
    }
    if !t.notes.is_empty() {
        push(format!("{path}.notes"), Part::Body, Text::Blocks(&t.notes));
    }
}

fn figure_fields<'a>(f: &'a Figure, path: &str, push: &mut impl FnMut(String, Part, Text<'a>)) {
    if let Some(id) = &f.id {
        push(format!("{path}.id"), Part::Body, Text::Plain(id));
    }
    push(format!("{path}.file"), Part::Body, Text::Plain(&f.path));
    push(format!("{path}.alt"), Part::Body, Text::Plain(&f.alt));
    push(format!("{path}.caption"), Part::Body, Text::Inlines(&f.caption));
    if !f.source.is_empty() {
        push(format!("{path}.source"), Part::Body, Text::Inlines(&f.source));
    }
}

fn section_fields<'a>(s: &'a Section, path: &str, push: &mut impl FnMut(String, Part, Text<'a>)) {
    push(format!("{path}.title"), Part::Body, Text::Inlines(&s.title));
    if let Some(id) = &s.id {
        push(format!("{path}.id"), Part::Body, Text::Plain(id));
    }
    for (part, range) in &s.parts {
        let blocks = s.blocks.get(range.clone()).unwrap_or_default();
        let path = format!("{path}.{part}");
        match blocks {
            [Block::Table(t)] if part.ends_with(".table") => table_fields(t, &path, push),
            [Block::Figure(f)] if part.ends_with(".figure") => figure_fields(f, &path, push),
            [Block::Record(r)] if part.ends_with(&format!(".{}", r.decl.name)) => {
                record_fields(&r.record, &path, Part::Body, &|_| true, push)
            }
            _ => push(path, Part::Body, Text::Blocks(blocks)),
        }
    }
    for (i, sub) in s.sections.iter().enumerate() {
        section_fields(sub, &format!("{path}.sections[{i}]"), push);
    }
}
