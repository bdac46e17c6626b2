//! Printing a [`Report`]: for a terminal (coloured or plain), as Markdown, or as JSON.
//!
//! For a reader, footnotes that were only renumbered are told as runs (`footnotes 4–55
//! renumbered +1 (5–56)`, see [`footnote_lines`]); the JSON keeps every footnote, for tools.

use std::fmt::Write;

use crate::{ChangeKind, FootnoteChange, Report, Word, WordOp};

/// How text in a word diff is marked.
struct Marks {
    delete: (&'static str, &'static str),
    insert: (&'static str, &'static str),
    heading: (&'static str, &'static str),
}

const ANSI: Marks =
    Marks { delete: ("\x1b[31;9m", "\x1b[0m"), insert: ("\x1b[32;4m", "\x1b[0m"), heading: ("\x1b[1m", "\x1b[0m") };
const PLAIN: Marks = Marks { delete: ("[-", "-]"), insert: ("{+", "+}"), heading: ("", "") };
const MARKDOWN: Marks = Marks { delete: ("~~", "~~"), insert: ("**", "**"), heading: ("## ", "") };

fn words(words: &[Word], m: &Marks) -> String {
    let mut out = String::new();
    for w in words {
        let (open, close) = match w.op {
            WordOp::Delete => m.delete,
            WordOp::Insert => m.insert,
            WordOp::Equal => ("", ""),
        };
        if open.is_empty() {
            out.push_str(&w.text);
        } else {
            // Keep the spaces outside the marks, so Markdown emphasis stays valid.
            let body = w.text.trim();
            let lead = &w.text[..w.text.len() - w.text.trim_start().len()];
            let trail = &w.text[w.text.trim_end().len()..];
            if body.is_empty() {
                out.push_str(&w.text);
            } else {
                let _ = write!(out, "{lead}{open}{body}{close}{trail}");
            }
        }
    }
    out
}

fn kind(k: ChangeKind) -> &'static str {
    match k {
        ChangeKind::Added => "added",
        ChangeKind::Removed => "removed",
        ChangeKind::Changed => "changed",
        ChangeKind::Moved => "moved",
    }
}

/// The report for a terminal; `color` adds ANSI colours (red struck-out, green underlined).
pub fn terminal(report: &Report, color: bool) -> String {
    text(report, if color { &ANSI } else { &PLAIN }, false)
}

/// The report as Markdown, to paste into a review (`~~removed~~`, `**inserted**`).
pub fn markdown(report: &Report) -> String {
    text(report, &MARKDOWN, true)
}

/// The report as one JSON document.
pub fn json(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_default() + "\n"
}

fn text(r: &Report, m: &Marks, md: bool) -> String {
    let mut out = String::new();
    let title = |out: &mut String, t: &str| {
        let _ = writeln!(out, "{}{t}{}", m.heading.0, m.heading.1);
    };
    let bullet = if md { "- " } else { "  " };
    if r.is_empty() {
        out.push_str("No differences.\n");
        return out;
    }
    if !r.metadata.is_empty() {
        title(&mut out, "Metadata");
        for f in &r.metadata {
            let _ = writeln!(out, "{bullet}{}: {}", f.field, words(&crate::word_diff(&f.old, &f.new), m));
        }
        out.push('\n');
    }
    if !r.content.is_empty() {
        title(&mut out, "Content");
        let mut section = "";
        for c in &r.content {
            if c.section != section {
                section = &c.section;
                let _ = writeln!(out, "{}{section}", if md { "### " } else { "" });
            }
            let _ = writeln!(out, "{bullet}{} {}: {}", kind(c.kind), c.item, words(&c.words, m));
        }
        out.push('\n');
    }
    if !r.footnotes.is_empty() {
        title(&mut out, "Footnotes");
        for line in footnote_lines(&r.footnotes) {
            match line {
                FootnoteLine::Renumbered(run) => {
                    let _ = writeln!(out, "{bullet}{run}");
                }
                FootnoteLine::One(f) => {
                    let number = match (f.old_number, f.new_number) {
                        (Some(o), Some(n)) if o != n => format!("renumbered {o} -> {n}"),
                        (Some(o), Some(_)) => format!("{o}"),
                        (None, Some(n)) => format!("new, printed as {n}"),
                        (Some(o), None) => format!("was {o}, no longer printed"),
                        (None, None) => "not printed".to_owned(),
                    };
                    let text = f.text.as_ref().map(|w| format!(": {}", words(w, m))).unwrap_or_default();
                    let _ = writeln!(out, "{bullet}`{}` ({number}){text}", f.id);
                }
            }
        }
        out.push('\n');
    }
    if let Some(l) = &r.layout {
        title(&mut out, "Layout");
        let _ = writeln!(out, "{bullet}pages: {} -> {}", l.old_pages, l.new_pages);
        let pages: Vec<String> = l.changed_pages.iter().map(ToString::to_string).collect();
        let _ = writeln!(
            out,
            "{bullet}pages whose text changed: {}",
            if pages.is_empty() { "none".to_owned() } else { pages.join(", ") }
        );
        for h in &l.moved_headings {
            let _ = writeln!(out, "{bullet}moved: {} (page {} -> {})", h.heading, h.old_page, h.new_page);
        }
    }
    out
}

/// Consecutive footnotes whose printed numbers all moved by the same amount, and nothing else
/// about them changed: `footnotes 4–55 renumbered +1 (5–56)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenumberedRun {
    /// The first and last old numbers.
    pub old: (usize, usize),
    /// How far each moved: new number minus old number.
    pub shift: i64,
}

impl RenumberedRun {
    /// The run's new numbers, first and last.
    pub fn new_numbers(&self) -> (usize, usize) {
        let moved = |n: usize| usize::try_from(i64::try_from(n).unwrap_or(i64::MAX).saturating_add(self.shift));
        (moved(self.old.0).unwrap_or_default(), moved(self.old.1).unwrap_or_default())
    }

    /// `footnotes 4–55 renumbered +1`, without the new numbers.
    pub fn short(&self) -> String {
        let (first, last) = self.old;
        if first == last {
            format!("footnote {first} renumbered {:+}", self.shift)
        } else {
            format!("footnotes {first}\u{2013}{last} renumbered {:+}", self.shift)
        }
    }
}

impl std::fmt::Display for RenumberedRun {
    /// `footnotes 4–55 renumbered +1 (5–56)`, or `footnote 7 renumbered +1 (8)` for one.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (first, last) = self.new_numbers();
        if first == last {
            write!(f, "{} ({first})", self.short())
        } else {
            write!(f, "{} ({first}\u{2013}{last})", self.short())
        }
    }
}

/// One line of the footnote changes as a reviewer reads them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FootnoteLine<'a> {
    /// A run of footnotes that were only renumbered.
    Renumbered(RenumberedRun),
    /// A footnote added, removed, or whose text changed (renumbered or not).
    One(&'a FootnoteChange),
}

/// The footnote changes in the report's order (by new number), with each run of consecutive
/// footnotes that were only renumbered, all by the same amount, as one line.
pub fn footnote_lines(changes: &[FootnoteChange]) -> Vec<FootnoteLine<'_>> {
    let mut out: Vec<FootnoteLine<'_>> = Vec::new();
    for f in changes {
        let only_renumbered = match (f.text.is_none(), f.old_number, f.new_number) {
            (true, Some(o), Some(n)) if o != n => Some((o, shift(o, n))),
            _ => None,
        };
        let Some((old, shift)) = only_renumbered else {
            out.push(FootnoteLine::One(f));
            continue;
        };
        match out.last_mut() {
            Some(FootnoteLine::Renumbered(run)) if run.shift == shift && run.old.1 + 1 == old => run.old.1 = old,
            _ => out.push(FootnoteLine::Renumbered(RenumberedRun { old: (old, old), shift })),
        }
    }
    out
}

/// Every run of footnotes that were only renumbered (see [`footnote_lines`]).
pub fn renumbered_runs(changes: &[FootnoteChange]) -> Vec<RenumberedRun> {
    footnote_lines(changes)
        .into_iter()
        .filter_map(|l| match l {
            FootnoteLine::Renumbered(run) => Some(run),
            FootnoteLine::One(_) => None,
        })
        .collect()
}

fn shift(old: usize, new: usize) -> i64 {
    let signed = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    signed(new) - signed(old)
}
