//! What changed between two versions of a deliverable, as a reviewer needs to see it.
//!
//! [`compare`] works on two parsed documents, and on their layouts when given:
//! 1. metadata fields;
//! 2. content, in reading order: paragraphs, list items, case-study rows and headings added,
//!    removed or changed, with a word-level diff of each change ([`similar`]);
//! 3. footnotes added, removed or changed, and every footnote whose printed **number** changed;
//! 4. layout: page counts, the pages whose text changed (the contents page as rendered included),
//!    and the headings that moved to another page.
//!
//! [`format`] prints a [`Report`] for a terminal, as Markdown or as JSON; [`visual`] renders the
//! changed pages side by side with the changed pixels highlighted.

// Library code returns errors: a panic on data-dependent paths would be a crash for the author.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod format;
pub mod marked;
mod text;
pub mod visual;

use folio_compile::Typeset;
use folio_model::Document;
use folio_model::format::{DELIVERABLE, PROJECT};
use folio_validate::Checked;
use serde::Serialize;
use similar::{ChangeTag, DiffOp};

pub use text::{content_items, plain_text};

/// Everything that differs between two versions.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Report {
    /// Changed metadata fields, in cover order.
    pub metadata: Vec<FieldChange>,
    /// Content changes, in reading order of the new version.
    pub content: Vec<ContentChange>,
    /// Footnote changes, by id.
    pub footnotes: Vec<FootnoteChange>,
    /// Layout changes, when both versions were typeset.
    pub layout: Option<LayoutChange>,
}

impl Report {
    /// Whether the two versions differ at all.
    pub fn is_empty(&self) -> bool {
        self.metadata.is_empty()
            && self.content.is_empty()
            && self.footnotes.is_empty()
            && self.layout.as_ref().is_none_or(LayoutChange::is_empty)
    }
}

/// A metadata field that changed.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FieldChange {
    /// The field as the cover labels it.
    pub field: String,
    /// The old value.
    pub old: String,
    /// The new value.
    pub new: String,
}

/// A piece of content added, removed or changed.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ContentChange {
    /// `added`, `removed` or `changed`.
    pub kind: ChangeKind,
    /// Where: the section's number and title, such as `2.1 Policy dialogue…`.
    pub section: String,
    /// The section's number alone, such as `2.1`; empty for the abstract.
    pub number: String,
    /// What: `heading`, `paragraph`, `list item`, `case study: partners`, …
    pub item: String,
    /// The words, with what was removed and inserted marked.
    pub words: Vec<Word>,
}

/// How a piece changed.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
    /// In both, with different text.
    Changed,
    /// A whole section (its heading and everything in it) in both, unchanged, at another place:
    /// one change, where it now is, instead of every item removed and added again.
    Moved,
}

/// What a run of a word diff is.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum WordOp {
    /// In both versions.
    Equal,
    /// Only in the old version.
    Delete,
    /// Only in the new version.
    Insert,
}

/// A run of text in a word diff.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Word {
    /// Whether the run is kept, deleted or inserted (`equal`, `delete`, `insert` in JSON).
    pub op: WordOp,
    /// The text, spaces included.
    pub text: String,
}

/// A footnote that changed.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FootnoteChange {
    /// Its id in the data.
    pub id: String,
    /// Its printed number before, if it was printed.
    pub old_number: Option<usize>,
    /// Its printed number now, if it is printed.
    pub new_number: Option<usize>,
    /// Whether its text changed (with the word diff), or `None` when only its number moved or it
    /// was added or removed.
    pub text: Option<Vec<Word>>,
}

/// What the change did to the pages.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct LayoutChange {
    /// Pages before.
    pub old_pages: usize,
    /// Pages after.
    pub new_pages: usize,
    /// Page numbers (1-based, as printed positions) whose text differs, including added and
    /// removed pages.
    pub changed_pages: Vec<usize>,
    /// Headings now on another page.
    pub moved_headings: Vec<HeadingMove>,
}

impl LayoutChange {
    fn is_empty(&self) -> bool {
        self.old_pages == self.new_pages && self.changed_pages.is_empty() && self.moved_headings.is_empty()
    }
}

/// A heading that landed on another page.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct HeadingMove {
    /// Its number and title, as printed.
    pub heading: String,
    /// The page before.
    pub old_page: usize,
    /// The page now.
    pub new_page: usize,
}

/// The review copy of `new`: its changes since `old` marked (see [`marked`]).
pub fn review(old: &Checked, new: &Checked) -> Checked {
    new.review(old, marked::mark)
}

/// Compares two versions; the layouts are compared when both are given.
pub fn compare(old: &Checked, new: &Checked, layouts: Option<(&Typeset, &Typeset)>) -> Report {
    Report {
        metadata: metadata(old, new),
        content: content(old, new),
        footnotes: footnotes(old, new),
        layout: layouts.map(|(o, n)| layout(o, n)),
    }
}

/// Every declared metadata key of both versions, compared as text under its declared label; the
/// lists come from `folio_model::format`, so a key added there is compared without code here.
fn metadata(old: &Document, new: &Document) -> Vec<FieldChange> {
    let fields = |d: &Document| -> Vec<(&'static str, String)> {
        let standards: Vec<&str> = d.pdf_standards.iter().map(|s| s.value.as_str()).collect();
        let mut out = vec![
            ("Template", d.template.value.clone()),
            ("Language", d.lang.value.clone()),
            ("PDF standards", standards.join(", ")),
            ("Shared data", d.shared.iter().map(|s| s.value.as_str()).collect::<Vec<_>>().join(", ")),
        ];
        for (record, table) in [(&d.project, &PROJECT), (&d.deliverable, &DELIVERABLE)] {
            for key in table.keys {
                out.push((key.label, record.get(key.key).map(text::value_text).unwrap_or_default()));
            }
        }
        // The template's parameters, as the data sets them (the two versions may use different
        // templates, so they are compared as one line).
        let params: Vec<String> =
            d.params.fields.iter().map(|e| format!("{} = {}", e.key.key, text::value_text(&e.value))).collect();
        out.push(("Template parameters", params.join("; ")));
        // Its own organisations (a shared file's are compared where they are written).
        let organisations: Vec<String> = d
            .organisations
            .iter()
            .filter(|o| o.origin.is_none())
            .map(|o| format!("{}: {}", o.id.value, text::value_text(&folio_model::Value::Table(o.record.clone()))))
            .collect();
        out.push(("Organisations", organisations.join(" / ")));
        out.push(("Version history", text::history_text(d)));
        let labels: Vec<String> = d.labels.iter().map(|l| format!("{} = {}", l.key.value, l.value.value)).collect();
        out.push(("Labels", labels.join("; ")));
        let allowed: Vec<String> = d.allow.iter().map(|a| format!("{}: {}", a.code.value, a.reason.value)).collect();
        out.push(("Allowed warnings", allowed.join("; ")));
        out
    };
    fields(old)
        .into_iter()
        .zip(fields(new))
        .filter(|((_, o), (_, n))| o != n)
        .map(|((field, old), (_, new))| FieldChange { field: field.to_owned(), old, new })
        .collect()
}

/// A word-level diff of two texts.
pub fn word_diff(old: &str, new: &str) -> Vec<Word> {
    let diff = similar::TextDiff::from_words(old, new);
    let mut out: Vec<Word> = Vec::new();
    for change in diff.iter_all_changes() {
        let op = match change.tag() {
            ChangeTag::Equal => WordOp::Equal,
            ChangeTag::Delete => WordOp::Delete,
            ChangeTag::Insert => WordOp::Insert,
        };
        match out.last_mut() {
            Some(last) if last.op == op => last.text.push_str(change.value()),
            _ => out.push(Word { op, text: change.value().to_owned() }),
        }
    }
    out
}

fn whole(op: WordOp, text: &str) -> Vec<Word> {
    vec![Word { op, text: text.to_owned() }]
}

fn content(old: &Document, new: &Document) -> Vec<ContentChange> {
    let old_items = content_items(old);
    let new_items = content_items(new);
    let key = |i: &text::Item| format!("{}\u{0}{}", i.item, i.text);
    let old_keys: Vec<String> = old_items.iter().map(key).collect();
    let new_keys: Vec<String> = new_items.iter().map(key).collect();
    let mut out = Vec::new();
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &old_keys, &new_keys) {
        match op {
            DiffOp::Equal { .. } => {}
            DiffOp::Delete { old_index, old_len, .. } => {
                for i in &old_items[old_index..old_index + old_len] {
                    out.push(i.change(ChangeKind::Removed, whole(WordOp::Delete, &i.text)));
                }
            }
            DiffOp::Insert { new_index, new_len, .. } => {
                for i in &new_items[new_index..new_index + new_len] {
                    out.push(i.change(ChangeKind::Added, whole(WordOp::Insert, &i.text)));
                }
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                let olds = &old_items[old_index..old_index + old_len];
                let news = &new_items[new_index..new_index + new_len];
                // Pair items of the same kind in order; the rest were removed or added.
                let paired = olds.len().min(news.len());
                for (o, n) in olds.iter().zip(news).take(paired) {
                    if o.item == n.item {
                        out.push(n.change(ChangeKind::Changed, word_diff(&o.text, &n.text)));
                    } else {
                        out.push(o.change(ChangeKind::Removed, whole(WordOp::Delete, &o.text)));
                        out.push(n.change(ChangeKind::Added, whole(WordOp::Insert, &n.text)));
                    }
                }
                for o in &olds[paired..] {
                    out.push(o.change(ChangeKind::Removed, whole(WordOp::Delete, &o.text)));
                }
                for n in &news[paired..] {
                    out.push(n.change(ChangeKind::Added, whole(WordOp::Insert, &n.text)));
                }
            }
        }
    }
    moved_sections(out)
}

/// Finds sections that moved: every item of one section removed (its heading first) and the same
/// items, in the same order, added under another number. Each becomes one `moved` change at its
/// new place, `from 4.2`, so a reordering reads as one line, not as the section twice.
fn moved_sections(changes: Vec<ContentChange>) -> Vec<ContentChange> {
    // Runs of consecutive changes of one kind within one section, starting with its heading.
    let runs = |kind: ChangeKind| -> Vec<std::ops::Range<usize>> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < changes.len() {
            let c = &changes[i];
            if c.kind == kind && c.item == "heading" {
                let mut end = i + 1;
                while end < changes.len()
                    && changes[end].kind == kind
                    && changes[end].section == c.section
                    && changes[end].item != "heading"
                {
                    end += 1;
                }
                out.push(i..end);
                i = end;
            } else {
                i += 1;
            }
        }
        out
    };
    let text = |r: &std::ops::Range<usize>| -> Vec<(String, String)> {
        changes[r.clone()]
            .iter()
            .map(|c| (c.item.clone(), c.words.iter().map(|w| w.text.as_str()).collect::<String>()))
            .collect()
    };
    let (removed, added) = (runs(ChangeKind::Removed), runs(ChangeKind::Added));
    let mut dropped = vec![false; changes.len()];
    let mut moved_to: Vec<(usize, String)> = Vec::new();
    let mut used = vec![false; added.len()];
    for r in &removed {
        let old_text = text(r);
        let found = added.iter().enumerate().find(|(k, a)| !used[*k] && text(a) == old_text);
        if let Some((k, a)) = found {
            used[k] = true;
            dropped[r.clone()].iter_mut().for_each(|d| *d = true);
            dropped[a.clone()].iter_mut().for_each(|d| *d = true);
            moved_to.push((a.start, changes[r.start].number.clone()));
        }
    }
    let mut out = Vec::new();
    for (i, c) in changes.iter().enumerate() {
        if let Some((_, from)) = moved_to.iter().find(|(at, _)| *at == i) {
            out.push(ContentChange {
                kind: ChangeKind::Moved,
                section: c.section.clone(),
                number: c.number.clone(),
                item: "section".to_owned(),
                words: vec![Word { op: WordOp::Equal, text: format!("from {from}") }],
            });
        }
        if !dropped[i] {
            out.push(c.clone());
        }
    }
    out
}

fn footnotes(old: &Document, new: &Document) -> Vec<FootnoteChange> {
    // Print order is computed once per document, not once per footnote.
    let (old_order, new_order) = (old.footnote_order(), new.footnote_order());
    let number = |order: &[&str], id: &str| order.iter().position(|x| *x == id).map(|i| i + 1);
    let mut ids: Vec<&str> = new.footnotes.iter().map(|f| f.id.value.as_str()).collect();
    for f in &old.footnotes {
        if !ids.contains(&f.id.value.as_str()) {
            ids.push(&f.id.value);
        }
    }
    let mut out = Vec::new();
    for id in ids {
        let o = old.footnote(id);
        let n = new.footnote(id);
        let (old_number, new_number) = (number(&old_order, id), number(&new_order, id));
        let text = match (o, n) {
            (Some(o), Some(n)) => {
                let (ot, nt) = (plain_text(&o.body), plain_text(&n.body));
                (ot != nt).then(|| word_diff(&ot, &nt))
            }
            (None, Some(n)) => Some(whole(WordOp::Insert, &plain_text(&n.body))),
            (Some(o), None) => Some(whole(WordOp::Delete, &plain_text(&o.body))),
            (None, None) => None,
        };
        if text.is_some() || old_number != new_number {
            out.push(FootnoteChange { id: id.to_owned(), old_number, new_number, text });
        }
    }
    // Reviewers read footnotes by number: order by the new number, removed ones last.
    out.sort_by_key(|f| (f.new_number.is_none(), f.new_number, f.old_number));
    out
}

fn layout(old: &Typeset, new: &Typeset) -> LayoutChange {
    let old_text = old.page_texts();
    let new_text = new.page_texts();
    let changed_pages = (0..old_text.len().max(new_text.len()))
        .filter(|&i| old_text.get(i) != new_text.get(i))
        .map(|i| i + 1)
        .collect();
    let old_outline = old.outline();
    let mut moved_headings = Vec::new();
    for h in new.outline() {
        let before = old_outline
            .iter()
            .find(|o| o.title == h.title && o.number == h.number)
            .or_else(|| old_outline.iter().find(|o| o.title == h.title));
        if let Some(before) = before
            && before.page != h.page
        {
            let heading = if h.number.is_empty() { h.title.clone() } else { format!("{}. {}", h.number, h.title) };
            moved_headings.push(HeadingMove { heading, old_page: before.page, new_page: h.page });
        }
    }
    LayoutChange { old_pages: old_text.len(), new_pages: new_text.len(), changed_pages, moved_headings }
}
