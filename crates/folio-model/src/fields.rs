//! The one walker over every text-bearing field of a [`Document`].
//!
//! Checks, lowering, the diff and the layout reports all need "every piece of text the author
//! wrote". When each of them listed the fields itself, one of them forgot the version history, and
//! data in the history escaped every rule. [`Document::fields`] is now the only list: a field
//! added to the model and not listed here fails `tests/fields.rs`, which compares this walker with
//! every string of a data file that fills every key of the JSON Schema.

use crate::model::{Block, Document, Inline, Located, Section, walk_blocks, walk_inlines};

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
    /// `sections[0].sections[1].case-study.contact.name`, `footnotes.eu-trade`, `history[2].summary`.
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
        let meta = |path: &str| path.to_owned();
        push(meta("template"), Part::Metadata, Text::Plain(&self.template));
        push(meta("lang"), Part::Metadata, Text::Plain(&self.lang));
        let p = &self.project;
        push(meta("project.name"), Part::Metadata, Text::Plain(&p.name));
        push(meta("project.acronym"), Part::Metadata, Text::Plain(&p.acronym));
        let d = &self.deliverable;
        push(meta("deliverable.number"), Part::Metadata, Text::Plain(&d.number));
        if let Some(short) = &d.short_number {
            push(meta("deliverable.short-number"), Part::Metadata, Text::Plain(short));
        }
        push(meta("deliverable.title"), Part::Metadata, Text::Plain(&d.title));
        push(meta("deliverable.work-package"), Part::Metadata, Text::Plain(&d.work_package));
        push(meta("deliverable.lead"), Part::Metadata, Text::Plain(&d.lead));
        push(meta("deliverable.validated-by"), Part::Metadata, Text::Plain(&d.validated_by));
        push(meta("deliverable.version"), Part::Metadata, Text::Plain(&d.version));
        for (i, k) in d.keywords.iter().enumerate() {
            push(format!("deliverable.keywords[{i}]"), Part::Metadata, Text::Plain(k));
        }
        for (i, h) in self.history.iter().enumerate() {
            push(format!("history[{i}].version"), Part::History, Text::Plain(&h.version));
            push(format!("history[{i}].author"), Part::History, Text::Inlines(&h.author));
            push(format!("history[{i}].summary"), Part::History, Text::Inlines(&h.summary));
        }
        push(meta("deliverable.abstract"), Part::Abstract, Text::Blocks(&d.abstract_));
        for (i, s) in self.sections.iter().enumerate() {
            section_fields(s, &format!("sections[{i}]"), &mut push);
        }
        for f in &self.footnotes {
            push(format!("footnotes.{}", f.id.value), Part::Footnote, Text::Inlines(&f.body));
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

fn section_fields<'a>(s: &'a Section, path: &str, push: &mut impl FnMut(String, Part, Text<'a>)) {
    push(format!("{path}.title"), Part::Body, Text::Inlines(&s.title));
    push(format!("{path}.text"), Part::Body, Text::Blocks(&s.blocks));
    if let Some(cs) = &s.case_study {
        let cs_path = format!("{path}.case-study");
        push(format!("{cs_path}.title"), Part::Body, Text::Inlines(&cs.title));
        for (key, row) in cs.rows() {
            let text = match row {
                crate::model::Row::Blocks(b) => Text::Blocks(b),
                crate::model::Row::Inlines(i) => Text::Inlines(i),
            };
            push(format!("{cs_path}.{key}"), Part::Body, text);
        }
        let c = &cs.contact;
        push(format!("{cs_path}.contact.name"), Part::Body, Text::Inlines(&c.name));
        push(format!("{cs_path}.contact.role"), Part::Body, Text::Inlines(&c.role));
        if let Some(email) = &c.email {
            push(format!("{cs_path}.contact.email"), Part::Body, Text::Plain(email));
        }
        if let Some(phone) = &c.phone {
            push(format!("{cs_path}.contact.phone"), Part::Body, Text::Plain(phone));
        }
    }
    for (i, sub) in s.sections.iter().enumerate() {
        section_fields(sub, &format!("{path}.sections[{i}]"), push);
    }
}
