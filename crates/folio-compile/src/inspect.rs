//! Reading a laid-out document back: headings with their pages, the text of each page, and a
//! summary of each page's layout (its headings with their positions, its case-study rows and
//! footnotes, the words it starts and ends with).
//!
//! These feed the snapshot tests, so that a reviewer sees when a change in the data moves a
//! heading or a page break.

use std::collections::HashMap;

use typst::foundations::{NativeElement, Smart};
use typst::introspection::{Introspector, Location};
use typst::layout::{Abs, Frame, FrameItem, Transform};
use typst::model::{FootnoteBody, FootnoteElem, FootnoteEntry, HeadingElem};
use typst::pdf::ArtifactElem;
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
        let (level, number, title) = heading_parts(heading);
        out.push(HeadingEntry { level, number, title, page: page.page.get() });
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
    /// The font size, for the line's height.
    size: Abs,
}

/// A line of text on a page: how far it reaches up and down, in points from the top, and its
/// text (for `folio diff --visual`, which marks the lines one version has and the other lacks).
#[derive(Debug, Clone, PartialEq)]
pub struct TextLine {
    /// Its top: the highest ascender of its runs.
    pub top: f64,
    /// Its bottom: the lowest descender.
    pub bottom: f64,
    /// Its text, runs joined as in the page texts.
    pub text: String,
}

/// The lines of every page, top to bottom in layout order.
pub(crate) fn text_lines(doc: &PagedDocument) -> Vec<Vec<TextLine>> {
    doc.pages()
        .iter()
        .map(|page| {
            let mut runs = Vec::new();
            collect(&page.frame, Transform::identity(), &mut runs);
            let mut lines: Vec<(Abs, Abs, TextLine)> = Vec::new(); // (baseline, end, line)
            for run in runs {
                let (top, bottom) = ((run.y - run.size * 0.85).to_pt(), (run.y + run.size * 0.3).to_pt());
                match lines.last_mut() {
                    Some((y, end, line)) if run.x >= *end - Abs::pt(20.0) && (run.y - *y).abs() < Abs::pt(8.0) => {
                        if run.x - *end > Abs::pt(2.0) {
                            line.text.push(' ');
                        }
                        line.text.push_str(&run.text);
                        line.top = line.top.min(top);
                        line.bottom = line.bottom.max(bottom);
                        *end = run.x + run.width;
                    }
                    _ => lines.push((run.y, run.x + run.width, TextLine { top, bottom, text: run.text })),
                }
            }
            lines.into_iter().map(|(_, _, l)| l).collect()
        })
        .collect()
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
                runs.push(Run { x: at.x, y: at.y, width: text.width(), text: text.text.to_string(), size: text.size });
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

/// The value of the `metadata` a template places right before each case-study table (`eccp`'s
/// `case-study-marker`), so that the table's rows can be found in the layout.
pub const CASE_STUDY_MARKER: &str = "eccp-case-study";

/// How many words of a page's text [`PageLayout`] keeps at its start and at its end.
const EDGE_WORDS: usize = 6;

/// What a reviewer checks on one page when a page break moves: the words it starts and ends
/// with, the headings on it and where they are, the case-study rows that start on it and the
/// footnotes printed at its foot.
///
/// It holds nothing from the middle of a paragraph, so a changed word changes it only when
/// something moves (or the word is among the first or last few of the page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLayout {
    /// The physical page (1-based).
    pub page: usize,
    /// The first words of the page's text; footnotes and the running footer are left out.
    pub first_words: String,
    /// Headings and case-study tables and rows that start on the page, top to bottom.
    pub marks: Vec<LayoutMark>,
    /// The footnotes whose text is printed on the page, in order.
    pub footnotes: Vec<PageFootnote>,
    /// The last words of the page's text; footnotes and the running footer are left out.
    pub last_words: String,
}

/// Something on a page that a reviewer looks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LayoutMark {
    /// A heading, with the top-left of its first line in whole millimetres from the page's
    /// top-left corner.
    Heading {
        /// 1 for a section, 2 for a subsection, …
        level: usize,
        /// The printed number without trailing dot, such as `2.1`; empty for unnumbered headings.
        number: String,
        /// The heading text.
        title: String,
        /// Distance from the page's left edge, in mm.
        x_mm: i64,
        /// Distance from the page's top edge, in mm.
        y_mm: i64,
    },
    /// The title row of a case-study table: where the table starts, or (`continued`) its
    /// repeated header on a later page.
    CaseStudy {
        /// The title as printed (footnote markers left out).
        title: String,
        /// Whether this is the header repeated on a page the table continues on.
        continued: bool,
    },
    /// A case-study row that starts on the page, named by its label (the left column).
    Row {
        /// The label, such as `Partners:`.
        label: String,
    },
}

/// A footnote printed on a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageFootnote {
    /// The printed number (footnotes are numbered in order through the document).
    pub number: usize,
    /// The physical page of its marker in the text.
    pub marker_page: usize,
}

impl std::fmt::Display for PageLayout {
    /// A few lines a reviewer can read (positions are of the top-left of a heading's first line):
    ///
    /// ```text
    /// page 3
    ///   starts "1. Objective of the report The …"
    ///   1. Objective of the report  @ x 25 mm, y 25 mm
    ///   2. Existing EU-Mexico cluster cooperation  @ x 25 mm, y 74 mm
    ///     2.1. Policy dialogue on cluster cooperation  @ x 25 mm, y 216 mm
    ///   footnotes 1–3
    ///   ends "… varies considerably across clusters and sectors."
    /// ```
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "page {}", self.page)?;
        if self.first_words.is_empty() {
            return writeln!(f, "  (no text)");
        }
        writeln!(f, "  starts \"{} …\"", self.first_words)?;
        for mark in &self.marks {
            match mark {
                LayoutMark::Heading { level, number, title, x_mm, y_mm } => {
                    let indent = "  ".repeat(level.saturating_sub(1));
                    let number = if number.is_empty() { String::new() } else { format!("{number}. ") };
                    writeln!(f, "  {indent}{number}{title}  @ x {x_mm} mm, y {y_mm} mm")?;
                }
                // The template may print "(continued)" in a repeated title itself.
                LayoutMark::CaseStudy { title, continued } if !continued || title.ends_with("(continued)") => {
                    writeln!(f, "  case study \"{title}\"")?;
                }
                LayoutMark::CaseStudy { title, .. } => writeln!(f, "  case study \"{title}\" (continued)")?,
                LayoutMark::Row { label } => writeln!(f, "    row {label}")?,
            }
        }
        if !self.footnotes.is_empty() {
            writeln!(f, "  footnotes {}", footnote_list(self.page, &self.footnotes))?;
        }
        writeln!(f, "  ends \"… {}\"", self.last_words)
    }
}

/// `3`, `4–11`, `12 (marker p. 5), 13`: the numbers of the footnotes printed on page `page`,
/// runs shortened to ranges, and the page of a marker named where it is not `page`.
fn footnote_list(page: usize, notes: &[PageFootnote]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut run: Option<(usize, usize)> = None; // the first and last number of a run
    let close = |run: &mut Option<(usize, usize)>, parts: &mut Vec<String>| match run.take() {
        Some((a, b)) if a == b => parts.push(a.to_string()),
        Some((a, b)) => parts.push(format!("{a}–{b}")),
        None => {}
    };
    for note in notes {
        if note.marker_page != page {
            close(&mut run, &mut parts);
            parts.push(format!("{} (marker p. {})", note.number, note.marker_page));
            continue;
        }
        match &mut run {
            Some((_, last)) if *last + 1 == note.number => *last = note.number,
            _ => {
                close(&mut run, &mut parts);
                run = Some((note.number, note.number));
            }
        }
    }
    close(&mut run, &mut parts);
    parts.join(", ")
}

/// What one page holds for a reviewer: see [`PageLayout`].
pub(crate) fn page_layouts(doc: &PagedDocument) -> Vec<PageLayout> {
    let cells = case_study_cells(doc);
    // What the elements found in the frames mean for the summary, by location. Kept across
    // pages: a footnote's text can continue on the page after its marker.
    let mut roles: HashMap<Location, Role> = HashMap::new();
    // The marks of every page, each with the page it is on and the runs of text it holds.
    let mut marks: Vec<(usize, LayoutMark, Vec<Run>)> = Vec::new();
    let mut out = Vec::new();
    for (i, page) in doc.pages().iter().enumerate() {
        let number = i + 1;
        // The elements the walk is inside of, with what each means here.
        let mut open: Vec<(Location, Option<Role>)> = Vec::new();
        let mut body: Vec<Run> = Vec::new();
        walk(&page.frame, Transform::identity(), &mut |event| match event {
            Event::Start(content) => {
                let Some(loc) = content.location() else { return };
                let role = if content.is::<FootnoteEntry>() || content.is::<ArtifactElem>() {
                    Some(Role::Hidden)
                } else if content.is::<FootnoteElem>() {
                    Some(Role::Marker)
                } else if let Some(heading) = content.to_packed::<HeadingElem>() {
                    let (level, number_text, title) = heading_parts(heading);
                    let mark = LayoutMark::Heading { level, number: number_text, title, x_mm: 0, y_mm: 0 };
                    marks.push((number, mark, Vec::new()));
                    Some(Role::Heading(marks.len() - 1))
                } else if let Some(kind) = cells.get(&loc) {
                    let mark = match *kind {
                        CellKind::Title { continued } => LayoutMark::CaseStudy { title: String::new(), continued },
                        CellKind::Label => LayoutMark::Row { label: String::new() },
                    };
                    marks.push((number, mark, Vec::new()));
                    Some(Role::Cell(marks.len() - 1))
                } else {
                    None
                };
                if let Some(role) = role {
                    roles.insert(loc, role);
                }
                open.push((loc, role));
            }
            // A group that belongs to a footnote marker is the footnote's text.
            Event::Enter(loc) => {
                let role = roles.get(&loc).map(|&r| if matches!(r, Role::Marker) { Role::Hidden } else { r });
                open.push((loc, role));
            }
            Event::End(loc) | Event::Leave(loc) => {
                if let Some(at) = open.iter().rposition(|(l, _)| *l == loc) {
                    open.remove(at);
                }
            }
            Event::Text(run, top) => {
                let roles = || open.iter().filter_map(|(_, role)| *role);
                if roles().any(|r| matches!(r, Role::Hidden)) {
                    return;
                }
                // A footnote marker keeps its place, so that the text around it is spaced as
                // printed, but not its number.
                let run =
                    if roles().any(|r| matches!(r, Role::Marker)) { Run { text: String::new(), ..run } } else { run };
                for role in roles() {
                    match role {
                        // A heading is where its first line of text is.
                        Role::Heading(at) => {
                            if let Some((_, LayoutMark::Heading { x_mm, y_mm, .. }, runs)) = marks.get_mut(at)
                                && runs.is_empty()
                                && !run.text.trim().is_empty()
                            {
                                *x_mm = mm(run.x);
                                *y_mm = mm(run.y - top);
                                runs.push(Run { text: run.text.clone(), ..run });
                            }
                        }
                        // A cell broken over pages reads as its first part.
                        Role::Cell(at) => {
                            if let Some((page, _, runs)) = marks.get_mut(at)
                                && *page == number
                            {
                                runs.push(Run { text: run.text.clone(), ..run });
                            }
                        }
                        Role::Hidden | Role::Marker => {}
                    }
                }
                body.push(run);
            }
        });
        let words: Vec<String> = lines(body)
            .split_whitespace()
            // Dot leaders of the contents.
            .filter(|w| !w.chars().all(|c| c == '.' || c == '…'))
            .map(str::to_owned)
            .collect();
        let first_words = words.iter().take(EDGE_WORDS).cloned().collect::<Vec<_>>().join(" ");
        let last_words = words[words.len().saturating_sub(EDGE_WORDS)..].join(" ");
        out.push(PageLayout { page: number, first_words, marks: Vec::new(), footnotes: Vec::new(), last_words });
    }

    for (page, mut mark, runs) in marks {
        // A title or label as printed, its lines joined.
        let text = lines(runs).split_whitespace().collect::<Vec<_>>().join(" ");
        match &mut mark {
            LayoutMark::CaseStudy { title, .. } => *title = text,
            LayoutMark::Row { label } => *label = text,
            LayoutMark::Heading { .. } => {}
        }
        if let Some(summary) = out.get_mut(page - 1) {
            summary.marks.push(mark);
        }
    }
    for (i, note) in footnotes(doc).into_iter().enumerate() {
        if let Some(summary) = out.get_mut(note.entry_page.wrapping_sub(1)) {
            summary.footnotes.push(PageFootnote { number: i + 1, marker_page: note.marker_page });
        }
    }
    out
}

fn mm(abs: Abs) -> i64 {
    // Page coordinates are at most a few metres; the cast cannot truncate.
    abs.to_mm().round() as i64
}

/// The level, number and title of a heading, as the contents ([`headings`]) and the layout report them.
fn heading_parts(heading: &typst::foundations::Packed<HeadingElem>) -> (usize, String, String) {
    let level = match heading.level.as_option() {
        Some(Smart::Custom(n)) => n.get(),
        _ => 1,
    };
    let number = heading.numbers.as_ref().map(|n| n.trim_end_matches('.').to_string()).unwrap_or_default();
    (level, number, heading.body.plain_text().to_string())
}

/// What an element found in a page's frames means for [`page_layouts`].
#[derive(Debug, Clone, Copy)]
enum Role {
    /// Text that is not the page's own: a footnote's text, the running footer.
    Hidden,
    /// A footnote marker in the text.
    Marker,
    /// A heading, with the index of its mark.
    Heading(usize),
    /// A case-study title or label cell, with the index of its mark.
    Cell(usize),
}

/// A cell of a case-study table's left column.
#[derive(Debug, Clone, Copy)]
enum CellKind {
    Title { continued: bool },
    Label,
}

/// The cells of the left column of every case-study table, by location: the first table after
/// each [`CASE_STUDY_MARKER`].
fn case_study_cells(doc: &PagedDocument) -> HashMap<Location, CellKind> {
    use std::sync::Arc;
    use typst::foundations::{Selector, Value};
    use typst::introspection::MetadataElem;
    use typst::model::{TableCell, TableElem};

    let introspector = doc.introspector();
    let mut out = HashMap::new();
    for marker in introspector.query(&MetadataElem::ELEM.select()) {
        let is_marker = marker
            .to_packed::<MetadataElem>()
            .is_some_and(|m| matches!(&m.value, Value::Str(s) if s.as_str() == CASE_STUDY_MARKER));
        let Some(marker_loc) = marker.location().filter(|_| is_marker) else { continue };
        let tables = introspector.query(&Selector::After {
            selector: Arc::new(TableElem::ELEM.select()),
            start: Arc::new(Selector::Location(marker_loc)),
            inclusive: false,
        });
        let Some(table_loc) = tables.first().and_then(|t| t.location()) else { continue };
        let cells = introspector.query(&Selector::Within {
            selector: Arc::new(TableCell::ELEM.select()),
            ancestor: Arc::new(Selector::Location(table_loc)),
        });
        for cell in cells {
            let (Some(loc), Some(cell)) = (cell.location(), cell.to_packed::<TableCell>()) else { continue };
            if !matches!(cell.x.as_option(), Some(Smart::Custom(0))) {
                continue;
            }
            let spans = cell.colspan.as_option().is_some_and(|n| n.get() > 1);
            let continued = cell.is_repeated.as_option().unwrap_or(false);
            out.insert(loc, if spans { CellKind::Title { continued } } else { CellKind::Label });
        }
    }
    out
}

/// What [`walk`] finds in a frame, in order.
enum Event<'a> {
    /// An element starts (its tag).
    Start(&'a typst::foundations::Content),
    /// An element ends.
    End(Location),
    /// A group that belongs to an element laid out elsewhere (a footnote's text belongs to its
    /// marker) starts…
    Enter(Location),
    /// …and ends.
    Leave(Location),
    /// A run of text, with the height of its line's top above its baseline.
    Text(Run, Abs),
}

fn walk(frame: &Frame, ts: Transform, f: &mut dyn FnMut(Event<'_>)) {
    use typst::introspection::Tag;
    for (pos, item) in frame.items() {
        match item {
            FrameItem::Group(group) => {
                let inner = ts.pre_concat(Transform::translate(pos.x, pos.y)).pre_concat(group.transform);
                let parent = group.parent.as_ref().map(|p| p.location);
                if let Some(loc) = parent {
                    f(Event::Enter(loc));
                }
                walk(&group.frame, inner, f);
                if let Some(loc) = parent {
                    f(Event::Leave(loc));
                }
            }
            FrameItem::Text(text) => {
                let at = pos.transform(ts);
                // The top of a line is at the cap height above the baseline, as Typst sets lines
                // by default (`top-edge: "cap-height"`).
                let top = text.font.metrics().cap_height.at(text.size);
                f(Event::Text(
                    Run { x: at.x, y: at.y, width: text.width(), text: text.text.to_string(), size: text.size },
                    top,
                ));
            }
            FrameItem::Tag(Tag::Start(content, _)) => f(Event::Start(content)),
            FrameItem::Tag(Tag::End(loc, ..)) => f(Event::End(*loc)),
            _ => {}
        }
    }
}
