//! The document as a sequence of comparable pieces of plain text.

use folio_model::{Block, Document, Inline, Row, Section};

use crate::{ChangeKind, ContentChange, Word};

/// One comparable piece of content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The section it belongs to: number and title.
    pub section: String,
    /// Its kind: `heading`, `paragraph`, `list item`, `case study: …`.
    pub item: String,
    /// Its text, footnote references written `[^id]`.
    pub text: String,
}

impl Item {
    pub(crate) fn change(&self, kind: ChangeKind, words: Vec<Word>) -> ContentChange {
        ContentChange { kind, section: self.section.clone(), item: self.item.clone(), words }
    }
}

/// Plain text of inlines; footnote references as `[^id]`, so a moved reference shows.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for i in inlines {
        match i {
            Inline::Text(t) => out.push_str(&t.value),
            Inline::Strong(c) | Inline::Emph(c) => out.push_str(&plain_text(c)),
            Inline::Link { body, .. } => out.push_str(&plain_text(body)),
            Inline::FootnoteRef(id) => out.push_str(&format!("[^{}]", id.value)),
            Inline::LineBreak => out.push(' '),
        }
    }
    out
}

pub(crate) fn blocks_text(blocks: &[Block]) -> String {
    let mut parts = Vec::new();
    flatten(blocks, 0, &mut |_, text| parts.push(text));
    parts.join("\n")
}

pub(crate) fn history_text(doc: &Document) -> String {
    doc.history
        .iter()
        .map(|h| {
            format!("{} ({}): {} – {}", h.version.value, h.date.value, plain_text(&h.author), plain_text(&h.summary))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Paragraphs and list items with their nesting depth (0 for paragraphs).
fn flatten(blocks: &[Block], depth: usize, f: &mut dyn FnMut(usize, String)) {
    for b in blocks {
        match b {
            Block::Paragraph(i) => f(depth, plain_text(i)),
            Block::List(l) => {
                for item in &l.items {
                    flatten(item, depth + 1, f);
                }
            }
        }
    }
}

/// The document's content in reading order: abstract, then each section's heading, text, case
/// study and subsections.
pub fn content_items(doc: &Document) -> Vec<Item> {
    let mut out = Vec::new();
    push_blocks(&mut out, "Abstract", "abstract", &doc.deliverable.abstract_);
    for (i, s) in doc.sections.iter().enumerate() {
        section(&mut out, &format!("{}", i + 1), s);
    }
    out
}

fn push_blocks(out: &mut Vec<Item>, section: &str, what: &str, blocks: &[Block]) {
    flatten(blocks, 0, &mut |depth, text| {
        let item = match (what, depth) {
            ("", 0) => "paragraph".to_owned(),
            ("", _) => "list item".to_owned(),
            (w, _) => w.to_owned(),
        };
        out.push(Item { section: section.to_owned(), item, text });
    });
}

fn section(out: &mut Vec<Item>, number: &str, s: &Section) {
    let label = format!("{number} {}", plain_text(&s.title));
    out.push(Item { section: label.clone(), item: "heading".to_owned(), text: plain_text(&s.title) });
    push_blocks(out, &label, "", &s.blocks);
    if let Some(cs) = &s.case_study {
        out.push(Item { section: label.clone(), item: "case study: title".to_owned(), text: plain_text(&cs.title) });
        for (key, row) in cs.rows() {
            let what = format!("case study: {key}");
            match row {
                Row::Blocks(b) => push_blocks(out, &label, &what, b),
                Row::Inlines(i) => out.push(Item { section: label.clone(), item: what, text: plain_text(i) }),
            }
        }
        let c = &cs.contact;
        let mut contact = format!("{}; {}", plain_text(&c.name), plain_text(&c.role));
        for v in [&c.phone, &c.email].into_iter().flatten() {
            contact.push_str("; ");
            contact.push_str(&v.value);
        }
        out.push(Item { section: label.clone(), item: "case study: contact".to_owned(), text: contact });
    }
    for (i, sub) in s.sections.iter().enumerate() {
        section(out, &format!("{number}.{}", i + 1), sub);
    }
}
