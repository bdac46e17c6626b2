//! The new version with its changes marked: what `folio build --changes-since` typesets.
//!
//! [`mark`] walks both versions once, in the new version's reading order, and returns the new
//! document with [`Mark`]s in its text: inserted and deleted words (a word diff that keeps
//! emphasis, links and footnote markers), whole blocks and sections added or removed, sections
//! moved, footnotes changed, added or renumbered. Each change adds an entry to the summary
//! ([`Review`]), linked to its first mark. Deleted text keeps no footnote marker and no
//! cross-reference: they are printed as plain text, so the new version's numbering is the one
//! printed.

use std::collections::HashMap;

use folio_model::format::{DELIVERABLE, PROJECT};
use folio_model::{
    Block, Cell, Document, Inline, List, Located, Mark, MarkKind, Record, Review, ReviewEntry, ReviewField,
    ReviewSection, Section, TableBlock, TextRun, Value,
};
use similar::{Algorithm, DiffOp};

use crate::text::{blocks_text, value_text};
use crate::{plain_text, text};

/// The new version, marked against the old one, with [`Document::review`] set.
pub fn mark(old: &Document, new: &Document) -> Document {
    let old_numbers: HashMap<String, usize> =
        old.footnote_order().iter().enumerate().map(|(i, id)| ((*id).to_owned(), i + 1)).collect();
    let mut m = Marker { old_numbers, anchors: 0, section: String::new(), sections: Vec::new() };
    let mut doc = new.clone();
    let metadata = m.metadata(old, &mut doc);
    let deleted = m.sections(&old.sections, &mut doc.sections, "");
    if !deleted.is_empty()
        && let Some(first) = doc.sections.first_mut()
    {
        first.blocks.splice(0..0, deleted);
    }
    m.footnotes(old, new, &mut doc);
    m.history(old, &doc);
    whole_parts(&mut doc.sections);
    doc.review = Some(Review { since: since(old), metadata, sections: m.sections });
    doc
}

/// The old version as the header names it: `V0.2`, `VF`, or `version 3`.
fn since(old: &Document) -> String {
    match old.deliverable.get("version").map(value_text) {
        Some(v) if v.starts_with(['V', 'v']) => v,
        Some(v) if !v.is_empty() => format!("V{v}"),
        _ => "the previous version".to_owned(),
    }
}

struct Marker {
    /// The old version's printed footnote numbers, by id.
    old_numbers: HashMap<String, usize>,
    /// Anchors handed out so far.
    anchors: usize,
    /// The section being walked, as the summary names it.
    section: String,
    /// The summary so far.
    sections: Vec<ReviewSection>,
}

impl Marker {
    /// Adds a summary entry under the current section, linked to `first` (the change's first
    /// mark), which gets a new anchor.
    fn entry(&mut self, what: String, first: Option<&mut Mark>) {
        let anchor = first.map(|m| {
            self.anchors += 1;
            m.anchor = Some(self.anchors);
            self.anchors
        });
        let entry = ReviewEntry { what, anchor };
        match self.sections.last_mut() {
            Some(s) if s.title == self.section => s.entries.push(entry),
            _ => self.sections.push(ReviewSection { title: self.section.clone(), entries: vec![entry] }),
        }
    }

    /// Links the entry `what` already made in the current section to `first`.
    fn anchor_entry(&mut self, what: &str, first: Option<&mut Mark>) {
        let Some(first) = first else { return };
        self.anchors += 1;
        first.anchor = Some(self.anchors);
        let anchor = self.anchors;
        if let Some(e) = self
            .sections
            .iter_mut()
            .rev()
            .find(|s| s.title == self.section)
            .and_then(|s| s.entries.iter_mut().find(|e| e.what == what))
        {
            e.anchor = Some(anchor);
        }
    }

    fn metadata(&mut self, old: &Document, doc: &mut Document) -> Vec<ReviewField> {
        let mut out = Vec::new();
        for (table, decl) in [("project", &PROJECT), ("deliverable", &DELIVERABLE)] {
            for key in decl.keys {
                let record = if table == "project" { &old.project } else { &old.deliverable };
                let new_record = if table == "project" { &mut doc.project } else { &mut doc.deliverable };
                let before = record.get(key.key);
                let entry = new_record.fields.iter_mut().find(|e| e.key.key == key.key);
                // Prose (the abstract) is marked where it prints; the rest is compared as text and
                // shown old beside new, on the cover and in the summary.
                if let (Some(Value::Blocks(o)), Some(e)) = (before, entry) {
                    if let Value::Blocks(n) = &mut e.value {
                        self.section = key.label.to_owned();
                        *n = self.blocks(o, n, false);
                    }
                    continue;
                }
                let (o, n) = (before.map(value_text).unwrap_or_default(), record_text(new_record, key.key));
                if o != n {
                    out.push(ReviewField { table, key: key.key, label: key.label.to_owned(), old: o, new: n });
                }
            }
        }
        // What the cover does not print (parameters, labels, organisations…), by label.
        for f in crate::metadata(old, doc) {
            if !out.iter().any(|o| o.label == f.field) && !is_blocks_label(&f.field) {
                out.push(ReviewField { table: "", key: "", label: f.field, old: f.old, new: f.new });
            }
        }
        out
    }

    /// Marks the sections `new` against `old`, siblings under the number `prefix`. Returns what
    /// the old version had before the first new section, deleted, for the caller to place.
    fn sections(&mut self, old: &[Section], new: &mut [Section], prefix: &str) -> Vec<Block> {
        let key = |s: &Section| s.id.as_ref().map_or_else(|| plain_text(&s.title), |id| format!("#{}", id.value));
        let (old_keys, new_keys): (Vec<String>, Vec<String>) =
            (old.iter().map(key).collect(), new.iter().map(key).collect());
        // Pairs in order; then what is left on both sides with the same key moved.
        let mut pairs: Vec<(Option<usize>, Option<usize>)> = Vec::new();
        for op in similar::capture_diff_slices(Algorithm::Myers, &old_keys, &new_keys) {
            match op {
                DiffOp::Equal { old_index, new_index, len } => {
                    pairs.extend((0..len).map(|k| (Some(old_index + k), Some(new_index + k))));
                }
                DiffOp::Delete { old_index, old_len, .. } => {
                    pairs.extend((old_index..old_index + old_len).map(|o| (Some(o), None)));
                }
                DiffOp::Insert { new_index, new_len, .. } => {
                    pairs.extend((new_index..new_index + new_len).map(|n| (None, Some(n))));
                }
                DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                    for k in 0..old_len.max(new_len) {
                        pairs.push(((k < old_len).then_some(old_index + k), (k < new_len).then_some(new_index + k)));
                    }
                }
            }
        }
        let number = |prefix: &str, i: usize| {
            if prefix.is_empty() { format!("{}", i + 1) } else { format!("{prefix}.{}", i + 1) }
        };
        let mut moved: HashMap<usize, usize> = HashMap::new();
        for &(o, n) in &pairs {
            if let (None, Some(n)) = (o, n) {
                let found = pairs.iter().find_map(|&(po, pn)| match (po, pn) {
                    (Some(po), None) if old_keys[po] == new_keys[n] && !moved.values().any(|v| *v == po) => Some(po),
                    _ => None,
                });
                if let Some(po) = found {
                    moved.insert(n, po);
                }
            }
        }
        let mut leading = Vec::new();
        let mut last_new: Option<usize> = None;
        for (o, n) in pairs {
            match (o, n) {
                (Some(o), Some(n)) => {
                    self.section(&old[o], &mut new[n], &number(prefix, n), None);
                    last_new = Some(n);
                }
                (None, Some(n)) => {
                    let at = number(prefix, n);
                    match moved.get(&n) {
                        Some(&o) => self.section(&old[o], &mut new[n], &at, Some(number(prefix, o))),
                        None => self.inserted_section(&mut new[n], &at),
                    }
                    last_new = Some(n);
                }
                (Some(o), None) => {
                    if moved.values().any(|v| *v == o) {
                        continue;
                    }
                    let gone = self.deleted_section(&old[o], &number(prefix, o));
                    match last_new {
                        Some(n) => last_section(&mut new[n]).blocks.extend(gone),
                        None => leading.extend(gone),
                    }
                }
                (None, None) => {}
            }
        }
        leading
    }

    fn title(number: &str, s: &Section) -> String {
        format!("{number} {}", plain_text(&s.title))
    }

    fn section(&mut self, old: &Section, new: &mut Section, number: &str, moved_from: Option<String>) {
        self.section = Self::title(number, new);
        if let Some(from) = &moved_from {
            self.entry(format!("section moved here from {from}"), None);
        }
        if let Some(mut title) = self.inlines(&old.title, &new.title) {
            self.entry("heading changed".to_owned(), first_mark(&mut title));
            new.title = title;
        }
        new.blocks = self.blocks(&old.blocks, &new.blocks, false);
        // The note goes in after the blocks are compared, which would take it for an addition.
        if let Some(from) = moved_from {
            let mut note = vec![marked(MarkKind::Note, vec![text_inline(&format!("Section moved here from {from}."))])];
            self.anchor_entry(&format!("section moved here from {from}"), first_mark(&mut note));
            new.blocks.insert(0, Block::Paragraph(note));
        }
        let leading = self.sections(&old.sections, &mut new.sections, number);
        new.blocks.extend(leading);
    }

    fn inserted_section(&mut self, new: &mut Section, number: &str) {
        self.section = Self::title(number, new);
        new.title = self.whole(MarkKind::Inserted, &new.title);
        self.entry("section added".to_owned(), first_mark(&mut new.title));
        new.blocks = new.blocks.iter().map(|b| self.whole_block(MarkKind::Inserted, b)).collect();
        for (i, sub) in new.sections.iter_mut().enumerate() {
            self.inserted_section(sub, &format!("{number}.{}", i + 1));
        }
    }

    /// A removed section as deleted paragraphs: its number and title, its blocks, its subsections.
    fn deleted_section(&mut self, old: &Section, number: &str) -> Vec<Block> {
        let heading = vec![Inline::Strong(vec![text_inline(&Self::title(number, old))])];
        let mut out = vec![Block::Paragraph(self.whole(MarkKind::Deleted, &heading))];
        let section = std::mem::replace(&mut self.section, Self::title(number, old));
        if let Some(Block::Paragraph(p)) = out.first_mut() {
            self.entry(format!("section {number} removed"), first_mark(p));
        }
        out.extend(old.blocks.iter().flat_map(|b| self.deleted_block(b)));
        for (i, sub) in old.sections.iter().enumerate() {
            out.extend(self.deleted_section(sub, &format!("{number}.{}", i + 1)));
        }
        self.section = section;
        out
    }

    /// The blocks of `new`, marked against `old`, with the removed ones in place. `quiet`: no
    /// summary entries (the caller gives one for the whole).
    fn blocks(&mut self, old: &[Block], new: &[Block], quiet: bool) -> Vec<Block> {
        let key = |b: &Block| format!("{}\u{0}{}", kind(b), blocks_text(std::slice::from_ref(b)));
        let (old_keys, new_keys): (Vec<String>, Vec<String>) =
            (old.iter().map(key).collect(), new.iter().map(key).collect());
        let mut out = Vec::new();
        for op in similar::capture_diff_slices(Algorithm::Myers, &old_keys, &new_keys) {
            match op {
                DiffOp::Equal { new_index, len, .. } => out.extend_from_slice(&new[new_index..new_index + len]),
                DiffOp::Delete { old_index, old_len, .. } => {
                    for b in &old[old_index..old_index + old_len] {
                        out.extend(self.removed(b, quiet));
                    }
                }
                DiffOp::Insert { new_index, new_len, .. } => {
                    for b in &new[new_index..new_index + new_len] {
                        out.push(self.added(b, quiet));
                    }
                }
                DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                    let (olds, news) = (&old[old_index..old_index + old_len], &new[new_index..new_index + new_len]);
                    let paired = olds.len().min(news.len());
                    for (o, n) in olds.iter().zip(news) {
                        match self.changed(o, n, quiet) {
                            Some(b) => out.push(b),
                            None => {
                                out.extend(self.removed(o, quiet));
                                out.push(self.added(n, quiet));
                            }
                        }
                    }
                    for o in &olds[paired..] {
                        out.extend(self.removed(o, quiet));
                    }
                    for n in &news[paired..] {
                        out.push(self.added(n, quiet));
                    }
                }
            }
        }
        out
    }

    fn added(&mut self, b: &Block, quiet: bool) -> Block {
        let mut block = self.whole_block(MarkKind::Inserted, b);
        if !quiet {
            self.entry(format!("{} added", kind(b)), first_mark_in_block(&mut block));
        }
        block
    }

    fn removed(&mut self, b: &Block, quiet: bool) -> Vec<Block> {
        let mut blocks = self.deleted_block(b);
        if !quiet {
            let first = blocks.iter_mut().find_map(first_mark_in_block);
            self.entry(format!("{} removed", kind(b)), first);
        }
        blocks
    }

    /// `new` marked against `old` when both are the same kind of block; `None` otherwise.
    fn changed(&mut self, old: &Block, new: &Block, quiet: bool) -> Option<Block> {
        let mut block = match (old, new) {
            (Block::Paragraph(o), Block::Paragraph(n)) => {
                Block::Paragraph(self.inlines(o, n).unwrap_or_else(|| n.clone()))
            }
            (Block::List(o), Block::List(n)) => Block::List(self.list(o, n)),
            (Block::Table(o), Block::Table(n)) => Block::Table(self.table(o, n)),
            (Block::Figure(o), Block::Figure(n)) => {
                let mut figure = n.clone();
                if let Some(caption) = self.inlines(&o.caption, &n.caption) {
                    figure.caption = caption;
                }
                if o.path.value != n.path.value || o.alt.value != n.alt.value {
                    let note = format!(" [image changed: {} → {}]", o.path.value, n.path.value);
                    figure.caption.push(Inline::Mark(Mark {
                        kind: MarkKind::Note,
                        body: vec![text_inline(&note)],
                        anchor: None,
                    }));
                }
                Block::Figure(figure)
            }
            (Block::Record(o), Block::Record(n)) if o.decl.name == n.decl.name => {
                let mut record = n.clone();
                record.record = self.record(&o.record, &n.record, &o.decl.name.replace('-', " "));
                // Its fields have their own entries.
                return Some(Block::Record(record));
            }
            _ => return None,
        };
        if !quiet {
            self.entry(format!("{} changed", kind(new)), first_mark_in_block(&mut block));
        }
        Some(block)
    }

    fn list(&mut self, old: &List, new: &List) -> List {
        let key = |item: &Vec<Block>| blocks_text(item);
        let (old_keys, new_keys): (Vec<String>, Vec<String>) =
            (old.items.iter().map(key).collect(), new.items.iter().map(key).collect());
        let mut items = Vec::new();
        let whole = |m: &mut Self, kind: MarkKind, item: &[Block]| -> Vec<Block> {
            match kind {
                MarkKind::Deleted => item.iter().flat_map(|b| m.deleted_block(b)).collect(),
                _ => item.iter().map(|b| m.whole_block(kind, b)).collect(),
            }
        };
        for op in similar::capture_diff_slices(Algorithm::Myers, &old_keys, &new_keys) {
            for (o, n) in op_pairs(op) {
                match (o, n) {
                    (Some(_), Some(n)) if old_keys[o.unwrap_or_default()] == new_keys[n] => {
                        items.push(new.items[n].clone());
                    }
                    (Some(o), Some(n)) => items.push(self.blocks(&old.items[o], &new.items[n], true)),
                    (Some(o), None) => items.push(whole(self, MarkKind::Deleted, &old.items[o])),
                    (None, Some(n)) => items.push(whole(self, MarkKind::Inserted, &new.items[n])),
                    (None, None) => {}
                }
            }
        }
        List { ordered: new.ordered, start: new.start, items }
    }

    fn table(&mut self, old: &TableBlock, new: &TableBlock) -> TableBlock {
        let mut table = new.clone();
        if let Some(caption) = self.inlines(&old.caption, &new.caption) {
            table.caption = caption;
        }
        let row_key = |row: &Vec<Cell>| row.iter().map(|c| plain_text(&c.text)).collect::<Vec<_>>().join("\u{0}");
        let spans = |t: &TableBlock| t.header.iter().chain(&t.rows).flatten().any(|c| c.rowspan > 1);
        // Removed rows are shown in place only where no cell spans rows, which they would break.
        let rows_fit = !spans(old) && !spans(new);
        for (old_rows, new_rows) in [(&old.header, &mut table.header), (&old.rows, &mut table.rows)] {
            let (old_keys, new_keys): (Vec<String>, Vec<String>) =
                (old_rows.iter().map(row_key).collect(), new_rows.iter().map(row_key).collect());
            let mut rows = Vec::new();
            for op in similar::capture_diff_slices(Algorithm::Myers, &old_keys, &new_keys) {
                for (o, n) in op_pairs(op) {
                    match (o, n) {
                        (Some(o), Some(n)) if old_keys[o] == new_keys[n] => rows.push(new_rows[n].clone()),
                        (Some(o), Some(n)) if old_rows[o].len() == new_rows[n].len() => {
                            let cells = old_rows[o].iter().zip(new_rows[n].iter());
                            rows.push(
                                cells
                                    .map(|(oc, nc)| {
                                        let mut cell = nc.clone();
                                        if let Some(text) = self.inlines(&oc.text, &nc.text) {
                                            cell.text = text;
                                        }
                                        cell
                                    })
                                    .collect(),
                            );
                        }
                        (Some(o), Some(n)) => {
                            if rows_fit && row_width(&old_rows[o]) == row_width(&new_rows[n]) {
                                rows.push(self.whole_row(MarkKind::Deleted, &old_rows[o]));
                            }
                            rows.push(self.whole_row(MarkKind::Inserted, &new_rows[n]));
                        }
                        (Some(o), None) => {
                            if rows_fit && row_width(&old_rows[o]) == new_rows.first().map_or(0, |r| row_width(r)) {
                                rows.push(self.whole_row(MarkKind::Deleted, &old_rows[o]));
                            }
                        }
                        (None, Some(n)) => rows.push(self.whole_row(MarkKind::Inserted, &new_rows[n])),
                        (None, None) => {}
                    }
                }
            }
            *new_rows = rows;
        }
        table.notes = self.blocks(&old.notes, &new.notes, true);
        table
    }

    fn whole_row(&mut self, kind: MarkKind, row: &[Cell]) -> Vec<Cell> {
        row.iter().map(|c| Cell { text: self.whole(kind, &c.text), ..c.clone() }).collect()
    }

    /// A record block's fields marked one by one, each with its own entry (`case study: partners
    /// changed`). A field that prints as a plain value (an e-mail address) cannot hold marks: its
    /// entry gives the old and the new value.
    fn record(&mut self, old: &Record, new: &Record, name: &str) -> Record {
        let mut record = new.clone();
        for entry in &mut record.fields {
            let what = format!("{name}: {}", entry.key.key);
            let before = old.get(entry.key.key);
            let mut value = entry.value.clone();
            let changed = match (before, &mut value) {
                (Some(Value::Inlines(o)), Value::Inlines(n)) => match self.inlines(o, n) {
                    Some(marked) => {
                        *n = marked;
                        true
                    }
                    None => false,
                },
                (Some(Value::Blocks(o)), Value::Blocks(n)) => {
                    let marked = self.blocks(o, n, true);
                    let changed = marked != *n;
                    *n = marked;
                    changed
                }
                (Some(Value::Table(o)), Value::Table(n)) => {
                    *n = self.record(o, n, &what);
                    false
                }
                (None, Value::Inlines(n)) => {
                    *n = self.whole(MarkKind::Inserted, n);
                    true
                }
                (None, Value::Blocks(n)) => {
                    *n = n.iter().map(|b| self.whole_block(MarkKind::Inserted, b)).collect();
                    true
                }
                (o, n) => {
                    let (o, n) = (o.map(value_text).unwrap_or_default(), value_text(n));
                    if o != n {
                        self.entry(format!("{what} changed from “{o}” to “{n}”"), None);
                    }
                    false
                }
            };
            // A nested table's fields have their own entries and marks.
            entry.value = value;
            if changed {
                let first = first_mark_in_value(&mut entry.value);
                self.entry(format!("{what} changed"), first);
            }
        }
        for gone in old.fields.iter().filter(|e| new.get(e.key.key).is_none()) {
            self.entry(format!("{name}: {} removed (“{}”)", gone.key.key, value_text(&gone.value)), None);
        }
        record
    }

    /// `new` is the version before marking, whose footnote numbers are the ones printed.
    fn footnotes(&mut self, old: &Document, new: &Document, doc: &mut Document) {
        self.section = "Footnotes".to_owned();
        let changes = crate::footnotes(old, new);
        let mut renumbered: Vec<&crate::FootnoteChange> = Vec::new();
        for change in &changes {
            let (Some(n), id) = (change.new_number, &change.id) else {
                if let (Some(o), None) = (change.old_number, change.new_number) {
                    let text = old.footnote(&change.id).map(|f| plain_text(&f.body)).unwrap_or_default();
                    self.entry(format!("footnote {o} removed: {}", shorten(&text)), None);
                }
                continue;
            };
            let before = old.footnote(id).map(|f| f.body.clone());
            let Some(note) = doc.footnotes.iter_mut().chain(doc.sources.iter_mut()).find(|f| &f.id.value == id) else {
                continue;
            };
            let mut body = match &before {
                Some(o) => self.inlines(o, &note.body).unwrap_or_else(|| note.body.clone()),
                None => self.whole(MarkKind::Inserted, &note.body),
            };
            if let Some(o) = change.old_number.filter(|o| *o != n) {
                body.insert(
                    0,
                    Inline::Mark(Mark {
                        kind: MarkKind::Renumbered,
                        body: vec![text_inline(&format!("(was {o}) "))],
                        anchor: None,
                    }),
                );
            }
            note.body = body;
            match (&before, &change.text) {
                (None, _) => self.entry(format!("footnote {n} added"), first_mark(&mut note.body)),
                (Some(_), Some(_)) => {
                    let mut first = note.body.iter_mut().filter_map(|i| match i {
                        Inline::Mark(m) if m.kind != MarkKind::Renumbered => Some(m),
                        _ => None,
                    });
                    let first = first.next();
                    self.entry(format!("footnote {n} changed"), first);
                }
                (Some(_), None) => renumbered.push(change),
            }
        }
        // Renumbering as runs, each linked to its first footnote's note.
        let owned: Vec<crate::FootnoteChange> = renumbered.into_iter().cloned().collect();
        for run in crate::format::renumbered_runs(&owned) {
            let first_id = owned.iter().find(|c| c.old_number == Some(run.old.0)).map(|c| c.id.clone());
            let note = first_id
                .and_then(|id| doc.footnotes.iter_mut().chain(doc.sources.iter_mut()).find(|f| f.id.value == id));
            self.entry(run.to_string(), note.and_then(|n| first_mark(&mut n.body)));
        }
    }

    fn history(&mut self, old: &Document, doc: &Document) {
        self.section = "Version history".to_owned();
        for h in &doc.history {
            if !old.history.iter().any(|o| o.version.value == h.version.value) {
                self.entry(format!("version {} added: {}", h.version.value, plain_text(&h.summary)), None);
            }
        }
    }

    /// `new` marked against `old`, word by word; `None` when they read the same.
    fn inlines(&self, old: &[Inline], new: &[Inline]) -> Option<Vec<Inline>> {
        let (mut o, mut n) = (Vec::new(), Vec::new());
        tokens(old, &mut Vec::new(), &mut o);
        tokens(new, &mut Vec::new(), &mut n);
        let (old_keys, new_keys): (Vec<String>, Vec<String>) =
            (o.iter().map(Token::key).collect(), n.iter().map(Token::key).collect());
        if old_keys == new_keys {
            return None;
        }
        let mut ops: Vec<(Op, &Token)> = Vec::new();
        for op in similar::capture_diff_slices(Algorithm::Myers, &old_keys, &new_keys) {
            match op {
                DiffOp::Equal { new_index, len, .. } => {
                    ops.extend(n[new_index..new_index + len].iter().map(|t| (Op::Equal, t)))
                }
                DiffOp::Delete { old_index, old_len, .. } => {
                    ops.extend(o[old_index..old_index + old_len].iter().map(|t| (Op::Delete, t)));
                }
                DiffOp::Insert { new_index, new_len, .. } => {
                    ops.extend(n[new_index..new_index + new_len].iter().map(|t| (Op::Insert, t)));
                }
                DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                    ops.extend(o[old_index..old_index + old_len].iter().map(|t| (Op::Delete, t)));
                    ops.extend(n[new_index..new_index + new_len].iter().map(|t| (Op::Insert, t)));
                }
            }
        }
        Some(self.rebuild(&regroup(ops)))
    }

    /// Rebuilds inlines from diffed tokens: runs of one operation and one style become one mark.
    fn rebuild(&self, ops: &[(Op, &Token)]) -> Vec<Inline> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < ops.len() {
            let (op, token) = ops[i];
            if let Piece::Atom(atom) = &token.piece {
                let styled = |inline: Inline| wrap(&token.style, vec![inline]);
                match op {
                    Op::Equal => out.extend(styled(atom.clone())),
                    Op::Delete => out.push(marked(MarkKind::Deleted, styled(self.deleted_atom(atom)))),
                    // A new footnote marker gets a bar beside it: its text is marked in the footnote.
                    Op::Insert if matches!(atom, Inline::FootnoteRef(_)) => {
                        out.push(marked(MarkKind::Inserted, Vec::new()));
                        out.extend(styled(atom.clone()));
                    }
                    Op::Insert => out.push(marked(MarkKind::Inserted, styled(atom.clone()))),
                }
                i += 1;
                continue;
            }
            // A run of text tokens with this operation and style.
            let mut end = i;
            let mut run: Option<TextRun> = None;
            // Deleted text was written in the old file: it keeps no position in the new one.
            let mut deleted = String::new();
            while let Some((o, t)) = ops.get(end)
                && *o == op
                && t.style_key() == token.style_key()
                && let Piece::Text(piece) = &t.piece
            {
                match &mut run {
                    _ if op == Op::Delete => deleted.push_str(&piece.value),
                    Some(r) => r.append(piece),
                    None => run = Some(piece.clone()),
                }
                end += 1;
            }
            i = end;
            if op == Op::Delete {
                run = Some(TextRun::at(deleted, 0..0));
            }
            let Some(run) = run else { continue };
            let blank = run.value.trim().is_empty();
            let body = wrap(&token.style, vec![Inline::Text(run)]);
            match op {
                Op::Equal => out.extend(body),
                // A change of spacing alone is not worth a mark.
                Op::Insert if blank => out.extend(body),
                Op::Delete if blank => {}
                Op::Insert => out.push(marked(MarkKind::Inserted, body)),
                Op::Delete => out.push(marked(MarkKind::Deleted, body)),
            }
        }
        out
    }

    /// A deleted footnote marker or cross-reference, as text: the new numbering is the one printed.
    fn deleted_atom(&self, atom: &Inline) -> Inline {
        match atom {
            Inline::FootnoteRef(id) => {
                let n = self.old_numbers.get(&id.value).map_or_else(|| id.value.clone(), usize::to_string);
                text_inline(&format!("[{n}]"))
            }
            Inline::Ref { body, .. } => {
                let t = plain_text(body);
                text_inline(if t.trim().is_empty() { "(cross-reference)" } else { &t })
            }
            Inline::LineBreak => text_inline(" "),
            other => text_inline(&plain_text(std::slice::from_ref(other))),
        }
    }

    /// Inlines marked as a whole: inserted (footnote markers keep their own bar) or deleted (as
    /// plain text).
    fn whole(&self, kind: MarkKind, inlines: &[Inline]) -> Vec<Inline> {
        if inlines.is_empty() {
            return Vec::new();
        }
        let mut tokens_ = Vec::new();
        tokens(inlines, &mut Vec::new(), &mut tokens_);
        let op = if kind == MarkKind::Deleted { Op::Delete } else { Op::Insert };
        self.rebuild(&tokens_.iter().map(|t| (op, t)).collect::<Vec<_>>())
    }

    fn whole_block(&self, kind: MarkKind, b: &Block) -> Block {
        match b {
            Block::Paragraph(i) => Block::Paragraph(self.whole(kind, i)),
            Block::List(l) => Block::List(List {
                items: l.items.iter().map(|item| item.iter().map(|b| self.whole_block(kind, b)).collect()).collect(),
                ..l.clone()
            }),
            Block::Table(t) => {
                let mut t = t.clone();
                t.caption = self.whole(kind, &t.caption);
                for row in t.header.iter_mut().chain(t.rows.iter_mut()) {
                    for cell in row.iter_mut() {
                        cell.text = self.whole(kind, &cell.text);
                    }
                }
                t.notes = t.notes.iter().map(|b| self.whole_block(kind, b)).collect();
                Block::Table(t)
            }
            Block::Figure(f) => {
                let mut f = f.clone();
                f.caption = if f.caption.is_empty() {
                    vec![marked(MarkKind::Note, vec![text_inline("[new figure]")])]
                } else {
                    self.whole(kind, &f.caption)
                };
                Block::Figure(f)
            }
            Block::Record(r) => {
                let mut r = r.clone();
                for e in &mut r.record.fields {
                    mark_value(self, kind, &mut e.value);
                }
                Block::Record(r)
            }
        }
    }

    /// A removed block as deleted text, without ids (they now name nothing) and without numbered
    /// captions (they would renumber the new version's tables and figures).
    fn deleted_block(&self, b: &Block) -> Vec<Block> {
        match b {
            Block::Paragraph(_) | Block::List(_) => vec![self.whole_block(MarkKind::Deleted, b)],
            Block::Table(t) => {
                let mut out = Vec::new();
                if !t.caption.is_empty() {
                    out.push(Block::Paragraph(self.whole(MarkKind::Deleted, &t.caption)));
                }
                let mut table = t.clone();
                table.id = None;
                table.caption = Vec::new();
                if let Block::Table(marked) = self.whole_block(MarkKind::Deleted, &Block::Table(table)) {
                    out.push(Block::Table(marked));
                }
                out
            }
            Block::Figure(f) => {
                let caption = plain_text(&f.caption);
                let text = format!(
                    "[figure {}: {}{}]",
                    f.path.value,
                    f.alt.value,
                    if caption.is_empty() { String::new() } else { format!(" – {caption}") }
                );
                vec![Block::Paragraph(vec![marked(MarkKind::Deleted, vec![text_inline(&text)])])]
            }
            Block::Record(r) => {
                let text = format!("[{}] {}", r.decl.name, value_text(&Value::Table(r.record.clone())));
                vec![Block::Paragraph(vec![marked(MarkKind::Deleted, vec![text_inline(&text)])])]
            }
        }
    }
}

fn mark_value(m: &Marker, kind: MarkKind, value: &mut Value) {
    match value {
        Value::Inlines(i) => *i = m.whole(kind, i),
        Value::Blocks(b) => *b = b.iter().map(|b| m.whole_block(kind, b)).collect(),
        Value::Table(t) => t.fields.iter_mut().for_each(|e| mark_value(m, kind, &mut e.value)),
        Value::Tables(list) => {
            list.iter_mut().for_each(|t| t.fields.iter_mut().for_each(|e| mark_value(m, kind, &mut e.value)));
        }
        _ => {}
    }
}

/// Marking adds and removes blocks, so a section's blocks are one part again: its `parts` name
/// ranges of blocks, which would otherwise miss some (and the walker over every field with them).
fn whole_parts(sections: &mut [Section]) {
    for s in sections {
        s.parts = vec![("text".to_owned(), 0..s.blocks.len())];
        whole_parts(&mut s.sections);
    }
}

/// The pairs of old and new indices a diff operation covers (a replacement pairs in order).
fn op_pairs(op: DiffOp) -> Vec<(Option<usize>, Option<usize>)> {
    match op {
        DiffOp::Equal { old_index, new_index, len } => {
            (0..len).map(|k| (Some(old_index + k), Some(new_index + k))).collect()
        }
        DiffOp::Delete { old_index, old_len, .. } => {
            (old_index..old_index + old_len).map(|o| (Some(o), None)).collect()
        }
        DiffOp::Insert { new_index, new_len, .. } => {
            (new_index..new_index + new_len).map(|n| (None, Some(n))).collect()
        }
        DiffOp::Replace { old_index, old_len, new_index, new_len } => (0..old_len.max(new_len))
            .map(|k| ((k < old_len).then_some(old_index + k), (k < new_len).then_some(new_index + k)))
            .collect(),
    }
}

fn row_width(row: &[Cell]) -> u32 {
    row.iter().map(|c| c.colspan).sum()
}

fn record_text(record: &Record, key: &str) -> String {
    record.get(key).map(value_text).unwrap_or_default()
}

/// Whether a metadata label is that of a prose key, marked where it prints.
fn is_blocks_label(label: &str) -> bool {
    [&PROJECT, &DELIVERABLE]
        .iter()
        .flat_map(|t| t.keys)
        .any(|k| k.label == label && k.kind == folio_model::format::Kind::Prose)
}

/// The innermost section at the end of `s`: where text that followed it in the old version goes.
fn last_section(s: &mut Section) -> &mut Section {
    if s.sections.is_empty() {
        return s;
    }
    let last = s.sections.len() - 1;
    last_section(&mut s.sections[last])
}

fn shorten(text: &str) -> String {
    let short: String = text.chars().take(80).collect();
    if short.len() < text.len() { format!("{short}…") } else { short }
}

fn kind(b: &Block) -> &'static str {
    match b {
        Block::Paragraph(_) => "paragraph",
        Block::List(_) => "list",
        Block::Table(_) => "table",
        Block::Figure(_) => "figure",
        Block::Record(r) => r.decl.title.map_or("block", |_| r.decl.name),
    }
}

fn text_inline(text: &str) -> Inline {
    Inline::Text(TextRun::at(text.to_owned(), 0..0))
}

fn marked(kind: MarkKind, body: Vec<Inline>) -> Inline {
    Inline::Mark(Mark { kind, body, anchor: None })
}

/// The first mark in reading order.
fn first_mark(inlines: &mut [Inline]) -> Option<&mut Mark> {
    for i in inlines {
        let found = match i {
            Inline::Mark(m) => return Some(m),
            Inline::Strong(c) | Inline::Emph(c) | Inline::Link { body: c, .. } | Inline::Lang { body: c, .. } => {
                first_mark(c)
            }
            Inline::Ref { body, .. } => first_mark(body),
            Inline::Text(_) | Inline::FootnoteRef(_) | Inline::LineBreak => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

fn first_mark_in_block(b: &mut Block) -> Option<&mut Mark> {
    match b {
        Block::Paragraph(i) => first_mark(i),
        Block::List(l) => l.items.iter_mut().flatten().find_map(first_mark_in_block),
        Block::Table(t) => {
            if first_mark(&mut t.caption).is_some() {
                return first_mark(&mut t.caption);
            }
            let in_cells = t.header.iter_mut().chain(t.rows.iter_mut()).flatten().find_map(|c| first_mark(&mut c.text));
            match in_cells {
                Some(m) => Some(m),
                None => t.notes.iter_mut().find_map(first_mark_in_block),
            }
        }
        Block::Figure(f) => first_mark(&mut f.caption),
        Block::Record(r) => r.record.fields.iter_mut().find_map(|e| first_mark_in_value(&mut e.value)),
    }
}

fn first_mark_in_value(v: &mut Value) -> Option<&mut Mark> {
    match v {
        Value::Inlines(i) => first_mark(i),
        Value::Blocks(b) => b.iter_mut().find_map(first_mark_in_block),
        Value::Table(t) => t.fields.iter_mut().find_map(|e| first_mark_in_value(&mut e.value)),
        Value::Tables(list) => {
            list.iter_mut().flat_map(|t| t.fields.iter_mut()).find_map(|e| first_mark_in_value(&mut e.value))
        }
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Equal,
    Delete,
    Insert,
}

/// A style a word is set in, outermost first.
#[derive(Debug, Clone)]
enum Style {
    Strong,
    Emph,
    Link(Located<String>),
    Lang(Located<String>),
}

/// What is compared: a word, a run of spaces, or an inline that stays whole.
#[derive(Debug, Clone)]
enum Piece {
    Text(TextRun),
    Atom(Inline),
}

#[derive(Debug, Clone)]
struct Token {
    style: Vec<Style>,
    piece: Piece,
}

impl Token {
    fn style_key(&self) -> String {
        self.style
            .iter()
            .map(|s| match s {
                Style::Strong => "*".to_owned(),
                Style::Emph => "_".to_owned(),
                Style::Link(url) => format!("<{}>", url.value),
                Style::Lang(lang) => format!("@{}", lang.value),
            })
            .collect()
    }

    fn key(&self) -> String {
        let piece = match &self.piece {
            Piece::Text(t) => t.value.clone(),
            Piece::Atom(a) => format!("\u{0}{}", text::plain_text(std::slice::from_ref(a))),
        };
        format!("{}\u{1}{piece}", self.style_key())
    }
}

/// Words and runs of spaces, each with its style; footnote markers, cross-references and line
/// breaks whole.
fn tokens(inlines: &[Inline], style: &mut Vec<Style>, out: &mut Vec<Token>) {
    for i in inlines {
        let nested = match i {
            Inline::Text(t) => {
                // Words, runs of spaces, and each other character alone: `Briefing".` and
                // `Briefing"[^note].` differ by the marker only.
                let class = |c: char| {
                    if c.is_whitespace() {
                        0
                    } else if c.is_alphanumeric() {
                        1
                    } else {
                        2
                    }
                };
                let mut start = 0;
                let mut previous: Option<u8> = None;
                for (at, c) in t.value.char_indices() {
                    let now = class(c);
                    if previous.is_some_and(|p| p != now || now == 2) {
                        out.push(Token { style: style.clone(), piece: Piece::Text(t.slice(start..at)) });
                        start = at;
                    }
                    previous = Some(now);
                }
                if start < t.value.len() {
                    out.push(Token { style: style.clone(), piece: Piece::Text(t.slice(start..t.value.len())) });
                }
                None
            }
            Inline::Strong(c) => Some((Style::Strong, c)),
            Inline::Emph(c) => Some((Style::Emph, c)),
            Inline::Link { url, body } => Some((Style::Link(url.clone()), body)),
            Inline::Lang { lang, body } => Some((Style::Lang(lang.clone()), body)),
            Inline::Mark(m) => {
                tokens(&m.body, style, out);
                None
            }
            Inline::FootnoteRef(_) | Inline::Ref { .. } | Inline::LineBreak => {
                out.push(Token { style: style.clone(), piece: Piece::Atom(i.clone()) });
                None
            }
        };
        if let Some((s, body)) = nested {
            style.push(s);
            tokens(body, style, out);
            style.pop();
        }
    }
}

/// Reads like a reviewer's markup: within each stretch of changes, what was deleted first, then
/// what was inserted; spaces between two changes belong to both.
fn regroup(ops: Vec<(Op, &Token)>) -> Vec<(Op, &Token)> {
    let is_space = |t: &Token| matches!(&t.piece, Piece::Text(r) if r.value.trim().is_empty());
    let mut out = Vec::new();
    let mut i = 0;
    while i < ops.len() {
        if ops[i].0 == Op::Equal {
            out.push(ops[i]);
            i += 1;
            continue;
        }
        // A stretch of changes, through spaces that only separate changes.
        let mut end = i;
        loop {
            while end < ops.len() && ops[end].0 != Op::Equal {
                end += 1;
            }
            let mut next = end;
            while next < ops.len() && ops[next].0 == Op::Equal && is_space(ops[next].1) {
                next += 1;
            }
            if next > end && next < ops.len() && ops[next].0 != Op::Equal {
                end = next;
            } else {
                break;
            }
        }
        let stretch = &ops[i..end];
        out.extend(
            stretch
                .iter()
                .filter(|(op, _)| *op != Op::Insert)
                .map(|(op, t)| (if *op == Op::Equal { Op::Delete } else { *op }, *t)),
        );
        out.extend(
            stretch
                .iter()
                .filter(|(op, _)| *op != Op::Delete)
                .map(|(op, t)| (if *op == Op::Equal { Op::Insert } else { *op }, *t)),
        );
        i = end;
    }
    out
}

/// Wraps inlines in styles, outermost first.
fn wrap(style: &[Style], inlines: Vec<Inline>) -> Vec<Inline> {
    style.iter().rev().fold(inlines, |body, s| {
        vec![match s {
            Style::Strong => Inline::Strong(body),
            Style::Emph => Inline::Emph(body),
            Style::Link(url) => Inline::Link { url: url.clone(), body },
            Style::Lang(lang) => Inline::Lang { lang: lang.clone(), body },
        }]
    })
}
