//! Reading a laid-out document back: headings with their pages, and the text of each page.
//!
//! These feed the snapshot tests, so that a reviewer sees when a change in the data moves a
//! heading or a page break.

use typst::foundations::{NativeElement, Smart};
use typst::introspection::Introspector;
use typst::layout::{Abs, Frame, FrameItem, Transform};
use typst::model::{FootnoteBody, FootnoteEntry, HeadingElem};
use typst_layout::PagedDocument;

/// A heading as it was laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingEntry {
    /// 1 for a section, 2 for a subsection, …
    pub level: usize,
    /// The printed number without trailing dot, such as `2.1`; empty for unnumbered headings.
    pub number: String,
    /// The heading text.
    pub title: String,
    /// The physical page (1-based) the heading starts on.
    pub page: usize,
}

impl std::fmt::Display for HeadingEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let indent = "  ".repeat(self.level.saturating_sub(1));
        let number = if self.number.is_empty() { String::new() } else { format!("{}. ", self.number) };
        write!(f, "{indent}{number}{} .... p. {}", self.title, self.page)
    }
}

pub(crate) fn headings(doc: &PagedDocument) -> Vec<HeadingEntry> {
    let introspector = doc.introspector();
    let mut out = Vec::new();
    for content in introspector.query(&HeadingElem::ELEM.select()) {
        let Some(heading) = content.to_packed::<HeadingElem>() else {
            continue;
        };
        let Some(page) = content.location().and_then(|loc| introspector.position(loc)) else {
            continue;
        };
        let level = match heading.level.as_option() {
            Some(Smart::Custom(n)) => n.get(),
            _ => 1,
        };
        let number = heading.numbers.as_ref().map(|n| n.trim_end_matches('.').to_string()).unwrap_or_default();
        out.push(HeadingEntry { level, number, title: heading.body.plain_text().to_string(), page: page.page.get() });
    }
    out
}

/// Where a footnote's marker and its text landed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FootnotePlacement {
    /// The physical page of the marker in the text.
    pub marker_page: usize,
    /// The physical page of the footnote text.
    pub entry_page: usize,
    /// The footnote text.
    pub text: String,
}

pub(crate) fn footnotes(doc: &PagedDocument) -> Vec<FootnotePlacement> {
    let introspector = doc.introspector();
    let page = |loc| introspector.position(loc).map_or(0, |p| p.page.get());
    let mut out = Vec::new();
    for content in introspector.query(&FootnoteEntry::ELEM.select()) {
        let Some(entry) = content.to_packed::<FootnoteEntry>() else { continue };
        let (Some(entry_loc), Some(marker_loc)) = (content.location(), entry.note.location()) else { continue };
        let text = match &entry.note.body {
            FootnoteBody::Content(c) => c.plain_text().to_string(),
            FootnoteBody::Reference(label) => format!("<{}>", label.resolve()),
        };
        out.push(FootnotePlacement { marker_page: page(marker_loc), entry_page: page(entry_loc), text });
    }
    out
}

/// Characters that no font could show, with the page they are on (printed as empty boxes).
pub(crate) fn missing_glyphs(doc: &PagedDocument) -> Vec<(usize, String)> {
    fn visit(frame: &Frame, page: usize, out: &mut Vec<(usize, String)>) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(group) => visit(&group.frame, page, out),
                FrameItem::Text(text) => {
                    // Neighbouring missing glyphs make one run: "漢字", not "漢" and "字".
                    let mut run: Option<std::ops::Range<usize>> = None;
                    let glyphs = text.glyphs.iter().map(Some).chain([None]);
                    for glyph in glyphs {
                        match (glyph.filter(|g| g.id == 0).map(|g| g.range()), &mut run) {
                            (Some(r), Some(current)) if r.start <= current.end => current.end = current.end.max(r.end),
                            (Some(r), None) => run = Some(r),
                            (next, _) => {
                                if let Some(done) = run.take() {
                                    let chars = text.text.get(done).unwrap_or_default().trim();
                                    if !chars.is_empty() && !out.iter().any(|(_, c)| c == chars) {
                                        out.push((page, chars.to_owned()));
                                    }
                                }
                                run = next;
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for (i, page) in doc.pages().iter().enumerate() {
        visit(&page.frame, i + 1, &mut out);
    }
    out
}

/// One positioned run of text.
struct Run {
    x: Abs,
    y: Abs,
    width: Abs,
    text: String,
}

pub(crate) fn page_texts(doc: &PagedDocument) -> Vec<String> {
    doc.pages()
        .iter()
        .map(|page| {
            let mut runs = Vec::new();
            collect(&page.frame, Transform::identity(), &mut runs);
            lines(runs)
        })
        .collect()
}

fn collect(frame: &Frame, ts: Transform, runs: &mut Vec<Run>) {
    for (pos, item) in frame.items() {
        match item {
            FrameItem::Group(group) => {
                let ts = ts.pre_concat(Transform::translate(pos.x, pos.y)).pre_concat(group.transform);
                collect(&group.frame, ts, runs);
            }
            FrameItem::Text(text) => {
                let at = pos.transform(ts);
                runs.push(Run { x: at.x, y: at.y, width: text.width(), text: text.text.to_string() });
            }
            _ => {}
        }
    }
}

/// Joins runs into lines, in layout order (which is reading order for a single-column flow).
///
/// A run starts a new line when it moves well left of the previous one or far up or down; raised
/// footnote markers stay on their line. A gap of more than 2pt between runs on a line (a heading
/// number and its title, a contents entry and its page) becomes a space.
fn lines(runs: Vec<Run>) -> String {
    let mut out = String::new();
    let mut current: Option<(Abs, Abs)> = None; // (baseline of the line, end of the last run)
    for run in runs {
        let same_line = current.filter(|&(y, end)| run.x >= end - Abs::pt(20.0) && (run.y - y).abs() < Abs::pt(8.0));
        match (current, same_line) {
            (_, Some((_, end))) if run.x - end > Abs::pt(2.0) => out.push(' '),
            (Some(_), None) => out.push('\n'),
            _ => {}
        }
        // Word joiners are invisible; a soft hyphen is only visible where it broke a line, as `-`.
        out.extend(run.text.chars().filter(|c| *c != '\u{2060}').map(|c| if c == '\u{ad}' { '-' } else { c }));
        current = Some((same_line.map_or(run.y, |(y, _)| y), run.x + run.width));
    }
    // Spaces at the end of a line are invisible; keep them out of snapshots.
    out.lines().map(str::trim_end).collect::<Vec<_>>().join("\n")
}

/// Text that runs past the right edge of the text area.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Overflow {
    /// The physical page (1-based).
    pub page: usize,
    /// The last word of the run that overflows (a URL, a long number…).
    pub word: String,
    /// How far past the text area's right edge it reaches, in points.
    pub by_pt: f64,
}

/// The label of the `metadata((left: …, right: …))` a template places to declare its page
/// margins, so that text in the margin can be found. Without it, only text past the page's edge
/// counts.
pub const MARGINS_LABEL: &str = "folio-margins";

/// Every run of text that ends right of the text area, once per word.
pub(crate) fn overflows(doc: &PagedDocument) -> Vec<Overflow> {
    use typst::foundations::{Label, Value};
    use typst::introspection::MetadataElem;
    let right_margin = Label::new(typst::utils::PicoStr::intern(MARGINS_LABEL))
        .and_then(|label| doc.introspector().query_label(label).ok().cloned())
        .and_then(|content| content.to_packed::<MetadataElem>().map(|m| m.value.clone()))
        .and_then(|value| match value {
            Value::Dict(d) => d.get("right").ok().cloned(),
            _ => None,
        })
        .and_then(|v| v.cast::<typst::layout::Length>().ok())
        .map_or(Abs::zero(), |l| l.abs);
    // Kerning and optical margins may reach a little past the edge; a real overflow is a word.
    let tolerance = Abs::pt(3.0);
    let mut out: Vec<Overflow> = Vec::new();
    for (i, page) in doc.pages().iter().enumerate() {
        let edge = page.frame.width() - right_margin;
        let mut runs = Vec::new();
        collect(&page.frame, Transform::identity(), &mut runs);
        for run in runs {
            let end = run.x + run.width;
            if end <= edge + tolerance {
                continue;
            }
            let word = run.text.split_whitespace().next_back().unwrap_or_default().to_owned();
            if word.is_empty() || out.iter().any(|o| o.word == word) {
                continue;
            }
            out.push(Overflow { page: i + 1, word, by_pt: (end - edge).to_pt() });
        }
    }
    out
}
