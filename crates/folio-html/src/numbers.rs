//! Numbers decided before anything is written, so that a cross-reference may point forward:
//! sections ("2.1."), numbered tables and figures, each kind counted in print order as Typst
//! counts them, and the element every author's id names.

use std::collections::HashMap;

use folio_model::{Block, Document, Figure, Section, TableBlock, Value};

/// What an author's id names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// A section, by its number's parts (`[2, 1]` is 2.1).
    Section(Vec<usize>),
    /// The `n`-th numbered table.
    Table(usize),
    /// The `n`-th figure.
    Figure(usize),
}

/// A section's number as headings print it: `2.1.`.
pub(crate) fn heading_number(path: &[usize]) -> String {
    path.iter().map(|n| format!("{n}.")).collect()
}

/// A section's number as cross-references print it: `2.1`.
pub(crate) fn reference_number(path: &[usize]) -> String {
    path.iter().map(usize::to_string).collect::<Vec<_>>().join(".")
}

/// The page's id of a section: `sec-2-1`.
pub(crate) fn section_anchor(path: &[usize]) -> String {
    let parts: Vec<String> = path.iter().map(usize::to_string).collect();
    format!("sec-{}", parts.join("-"))
}

impl Target {
    /// The page's id of the element.
    pub(crate) fn anchor(&self) -> String {
        match self {
            Target::Section(path) => section_anchor(path),
            Target::Table(n) => format!("tbl-{n}"),
            Target::Figure(n) => format!("fig-{n}"),
        }
    }
}

/// Every number of the document. Tables and figures are keyed by their address in the
/// document, so the writer, whatever order it goes in, finds the number this pass gave them.
#[derive(Debug, Default)]
pub(crate) struct Numbers<'a> {
    /// Numbered tables (those with a caption; a pipe table has none and is not numbered).
    pub tables: HashMap<*const TableBlock, usize>,
    /// Figures: every one is numbered, captioned or not (Typst counts them all).
    pub figures: HashMap<*const Figure, usize>,
    /// What each author's id names.
    pub targets: HashMap<&'a str, Target>,
    /// Captioned figures and numbered tables in order, for the lists after the contents.
    pub figure_list: Vec<(&'a Figure, usize)>,
    /// Numbered tables in order.
    pub table_list: Vec<(&'a TableBlock, usize)>,
}

impl<'a> Numbers<'a> {
    /// Numbers `doc` in print order: the cover's prose (the abstract, the disclaimer at its
    /// foot), then the sections depth first, each with its blocks, case study and subsections.
    pub(crate) fn of(doc: &'a Document) -> Self {
        let mut n = Numbers::default();
        n.blocks(doc.deliverable.blocks("abstract"));
        n.blocks(doc.project.blocks("disclaimer"));
        let mut path = Vec::new();
        for (i, s) in doc.sections.iter().enumerate() {
            path.push(i + 1);
            n.section(s, &mut path);
            path.pop();
        }
        n
    }

    fn section(&mut self, s: &'a Section, path: &mut Vec<usize>) {
        if let Some(id) = &s.id {
            self.targets.insert(&id.value, Target::Section(path.clone()));
        }
        self.blocks(&s.blocks);
        for (i, sub) in s.sections.iter().enumerate() {
            path.push(i + 1);
            self.section(sub, path);
            path.pop();
        }
    }

    fn blocks(&mut self, blocks: &'a [Block]) {
        for b in blocks {
            match b {
                Block::Paragraph(_) => {}
                Block::List(l) => l.items.iter().for_each(|item| self.blocks(item)),
                Block::Table(t) => {
                    if !t.caption.is_empty() {
                        let n = self.tables.len() + 1;
                        self.tables.insert(std::ptr::from_ref(t), n);
                        self.table_list.push((t, n));
                        if let Some(id) = &t.id {
                            self.targets.insert(&id.value, Target::Table(n));
                        }
                    }
                    self.blocks(&t.notes);
                }
                Block::Record(r) => self.record(&r.record),
                Block::Figure(f) => {
                    let n = self.figures.len() + 1;
                    self.figures.insert(std::ptr::from_ref(f), n);
                    if !f.caption.is_empty() {
                        self.figure_list.push((f, n));
                    }
                    if let Some(id) = &f.id {
                        self.targets.insert(&id.value, Target::Figure(n));
                    }
                }
            }
        }
    }
}

impl<'a> Numbers<'a> {
    /// The prose fields of a record block, and of the tables in it, in declaration order.
    fn record(&mut self, record: &'a folio_model::Record) {
        for entry in &record.fields {
            match &entry.value {
                Value::Blocks(b) => self.blocks(b),
                Value::Table(t) => self.record(t),
                Value::Tables(list) => list.iter().for_each(|t| self.record(t)),
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_numbers_in_three_forms() {
        assert_eq!(heading_number(&[2, 1]), "2.1.");
        assert_eq!(reference_number(&[2, 1]), "2.1");
        assert_eq!(section_anchor(&[2, 1]), "sec-2-1");
        assert_eq!(Target::Table(3).anchor(), "tbl-3");
    }
}
