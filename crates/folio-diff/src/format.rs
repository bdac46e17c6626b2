//! Printing a [`Report`]: for a terminal (coloured or plain), as Markdown, or as JSON.

use std::fmt::Write;

use crate::{ChangeKind, Report, Word, WordOp};

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
        for f in &r.footnotes {
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
