//! The document as a sequence of comparable pieces of plain text.

use folio_model::{Block, Document, Inline, Section, Value};

use crate::{ChangeKind, ContentChange, Word};

/// One comparable piece of content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The section it belongs to: number and title.
    pub section: String,
    /// The section's number alone, such as `2.1` (empty for the abstract).
    pub number: String,
    /// Its kind: `heading`, `paragraph`, `list item`, `case study: …`.
    pub item: String,
    /// Its text, footnote references written `[^id]`.
    pub text: String,
}

impl Item {
    pub(crate) fn change(&self, kind: ChangeKind, words: Vec<Word>) -> ContentChange {
        ContentChange {
            kind,
            section: self.section.clone(),
            number: self.number.clone(),
            item: self.item.clone(),
            words,
        }
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
            Inline::Lang { lang, body } => out.push_str(&format!("{} [lang {}]", plain_text(body), lang.value)),
            Inline::FootnoteRef(id) => out.push_str(&format!("[^{}]", id.value)),
            Inline::Ref { id, body } => out.push_str(&format!("{} [→#{}]", plain_text(body), id.value)),
            Inline::LineBreak => out.push(' '),
            // The text as the marked version reads: without what it deletes.
            Inline::Mark(m) => {
                if m.kind != folio_model::MarkKind::Deleted {
                    out.push_str(&plain_text(&m.body));
                }
            }
        }
    }
    out
}

/// A declared value as the text a reviewer compares: dates as written in the data, lists joined
/// with commas, tables key by key.
pub(crate) fn value_text(value: &Value) -> String {
    match value {
        Value::Plain(p) | Value::File(p) => p.value.clone(),
        Value::Inlines(i) => plain_text(i),
        Value::Blocks(b) => blocks_text(b),
        Value::Date(d) => d.value.format("%Y-%m-%d").to_string(),
        Value::Month(m) => m.value.to_string(),
        Value::Count(n) => n.value.to_string(),
        Value::List(items) => items.iter().map(|k| k.value.as_str()).collect::<Vec<_>>().join(", "),
        Value::Table(t) => {
            t.fields.iter().map(|e| value_text(&e.value)).filter(|t| !t.is_empty()).collect::<Vec<_>>().join("; ")
        }
        Value::Tables(list) => {
            list.iter().map(|t| value_text(&Value::Table(t.clone()))).collect::<Vec<_>>().join(" / ")
        }
    }
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
            Block::Figure(fig) => {
                let caption = plain_text(&fig.caption);
                let caption = if caption.is_empty() { caption } else { format!(" – {caption}") };
                let id = fig.id.as_ref().map(|id| format!(" {{#{}}}", id.value)).unwrap_or_default();
                let width = fig.width.map(|w| format!(" ({w} %)")).unwrap_or_default();
                let source = plain_text(&fig.source);
                let source = if source.is_empty() { source } else { format!(" (source: {source})") };
                f(depth, format!("[figure{id} {}{width}: {}{caption}{source}]", fig.path.value, fig.alt.value));
            }
            Block::Table(t) => {
                if !t.caption.is_empty() || t.id.is_some() {
                    let id = t.id.as_ref().map(|id| format!(" {{#{}}}", id.value)).unwrap_or_default();
                    f(depth, format!("[table{id}: {}]", plain_text(&t.caption)));
                }
                for row in t.header.iter().chain(&t.rows) {
                    let cells = row.iter().map(|c| {
                        let text = plain_text(&c.text);
                        match (c.colspan, c.rowspan) {
                            (1, 1) => text,
                            (cs, rs) => format!("{text} ({cs}×{rs})"),
                        }
                    });
                    f(depth + 1, cells.collect::<Vec<_>>().join(" | "));
                }
                flatten(&t.notes, depth + 1, f);
            }
            Block::List(l) => {
                for item in &l.items {
                    flatten(item, depth + 1, f);
                }
            }
            Block::Record(r) => {
                f(depth, format!("[{}] {}", r.decl.name, value_text(&Value::Table(r.record.clone()))));
            }
        }
    }
}

/// The document's content in reading order: abstract, then each section's heading, text, case
/// study and subsections.
pub fn content_items(doc: &Document) -> Vec<Item> {
    let mut out = Vec::new();
    push_blocks(&mut out, ("Abstract", ""), "abstract", doc.deliverable.blocks("abstract"));
    for (i, s) in doc.sections.iter().enumerate() {
        section(&mut out, &format!("{}", i + 1), s);
    }
    out
}

fn push_blocks(out: &mut Vec<Item>, (section, number): (&str, &str), what: &str, blocks: &[Block]) {
    flatten(blocks, 0, &mut |depth, text| {
        let item = match (what, depth) {
            ("", 0) => "paragraph".to_owned(),
            ("", _) => "list item".to_owned(),
            (w, _) => w.to_owned(),
        };
        out.push(Item { section: section.to_owned(), number: number.to_owned(), item, text });
    });
}

fn section(out: &mut Vec<Item>, number: &str, s: &Section) {
    let label = format!("{number} {}", plain_text(&s.title));
    let item = |item: String, text: String| Item { section: label.clone(), number: number.to_owned(), item, text };
    // A section's id prints nothing, but cross-references follow it: show it with the heading.
    let id = s.id.as_ref().map(|id| format!(" {{#{}}}", id.value)).unwrap_or_default();
    out.push(item("heading".to_owned(), format!("{}{id}", plain_text(&s.title))));
    // Text, tables and figures run by run; a record block field by field, by declared key:
    // `case study: partners`, …, `case study: contact`.
    let mut run = 0;
    for (i, b) in s.blocks.iter().enumerate() {
        if let Block::Record(r) = b {
            push_blocks(out, (&label, number), "", s.blocks.get(run..i).unwrap_or_default());
            run = i + 1;
            let name = r.decl.name.replace('-', " ");
            for entry in &r.record.fields {
                let what = format!("{name}: {}", entry.key.key);
                match &entry.value {
                    Value::Blocks(b) => push_blocks(out, (&label, number), &what, b),
                    other => out.push(item(what, value_text(other))),
                }
            }
        }
    }
    push_blocks(out, (&label, number), "", s.blocks.get(run..).unwrap_or_default());
    for (i, sub) in s.sections.iter().enumerate() {
        section(out, &format!("{number}.{}", i + 1), sub);
    }
}
