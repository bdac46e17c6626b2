//! Printing diagnostics: rustc-style for people, JSON lines for tools (cargo's convention).
//!
//! Both renderers stay small and fast whatever the data file holds:
//!
//! - [`human`] shows at most [`HUMAN_LIMIT`] diagnostics, then one closing line that counts the
//!   errors and warnings it left out. [`json`] writes at most [`JSON_LIMIT`], then one object
//!   `{"severity":"note","code":"truncated","message":"… not shown","more":N}`. When either has to
//!   leave some out, it shows errors before warnings (each in the order given), so an error is
//!   never hidden behind warnings; below the cap the order given is kept.
//! - A source line longer than [`LONG_LINE`] characters is shown as a window around what a label
//!   marks: up to [`CONTEXT`] characters either side and up to [`MARKED`] characters of the marked
//!   text, with `…` where the line was cut. The `file:line:col` header and the line numbers are
//!   those of the whole file. In such a diagnostic a label that continues onto later lines is
//!   shown on its first line only. A diagnostic whose shown lines are all shorter renders exactly
//!   as codespan-reporting renders it.
//! - In [`human`], a message, label or help longer than [`TEXT_LIMIT`] characters is cut.
//! - Lines and columns come from an index built once per file and call (the line starts, and
//!   character counts every few hundred bytes): each lookup is a binary search plus a short
//!   count, never a scan of the file.
//!
//! Spans that end past their file or inside a character are moved to the nearest character
//! boundary rather than trusted.

use std::borrow::Cow;
use std::io::Write;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, LabelStyle, Severity as Level};
use codespan_reporting::files::{self, Error as FilesError, Files, SimpleFile};
use codespan_reporting::term::termcolor::{Buffer, WriteColor};
use codespan_reporting::term::{self, Config};
use folio_model::{Diagnostic, Severity, SourceFile};

/// The most diagnostics [`human`] shows; a closing line counts the rest.
pub const HUMAN_LIMIT: usize = 50;

/// The most diagnostics [`json`] writes; a final `truncated` object counts the rest.
pub const JSON_LIMIT: usize = 1000;

/// Source lines longer than this many characters are shown as a window around the label.
pub const LONG_LINE: usize = 160;

/// How many characters of a long line are shown on each side of the marked text.
pub const CONTEXT: usize = 60;

/// How many characters of the marked text of a long line are shown (further labels that start
/// within this distance share the window).
pub const MARKED: usize = 80;

/// The longest message, label or help text [`human`] prints whole, in characters.
pub const TEXT_LIMIT: usize = 1000;

/// Renders diagnostics as `file:line:col`, the source line, carets under the exact characters,
/// and the help; with ANSI colours when `color` is set.
///
/// Shows at most [`HUMAN_LIMIT`] diagnostics (errors first when some are left out) and cuts long
/// lines to a window around the label; see the [module documentation](self).
pub fn human(diags: &[Diagnostic], files: &[&SourceFile], color: bool) -> String {
    let mut buffer = if color { Buffer::ansi() } else { Buffer::no_color() };
    let selection = select(diags, HUMAN_LIMIT);
    let indexes = indexes(&selection.shown, files);
    let config = Config::default();
    for d in &selection.shown {
        let index = files.iter().position(|f| f.name == d.file).and_then(|i| indexes.get(i)?.as_ref());
        if emit(&mut buffer, &config, d, index).is_err() {
            // A span outside its file (a bug) must not hide the message itself.
            let line = format!("{}[{}]: {}\n", level_name(d.severity), d.code, clip(&d.message));
            let _ = buffer.write_all(line.as_bytes());
        }
    }
    let _ = buffer.reset();
    if selection.hidden() > 0 {
        let line = format!("… and {} not shown; fix the ones above and run again\n", selection.summary());
        let _ = buffer.write_all(line.as_bytes());
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

/// Diagnostics one per line, `file:line:col: severity[code]: message`, as editors and `grep`
/// read them (capped like the human form; messages on one line, terminal controls shown).
pub fn short(diags: &[Diagnostic], files: &[&SourceFile]) -> String {
    let selection = select(diags, HUMAN_LIMIT);
    let indexes = indexes(&selection.shown, files);
    let mut out = String::new();
    for d in &selection.shown {
        let index = files.iter().position(|f| f.name == d.file).and_then(|i| indexes.get(i)?.as_ref());
        let (line, column) = index.map_or((1, 1), |ix| ix.line_col(d.span.start));
        let message = clip(&d.message).replace('\n', " ");
        let file = clip(&d.file).replace('\n', " ");
        out.push_str(&format!("{file}:{line}:{column}: {}[{}]: {message}\n", level_name(d.severity), d.code));
    }
    let hidden = selection.hidden_errors + selection.hidden_warnings;
    if hidden > 0 {
        out.push_str(&format!("… and {hidden} more\n"));
    }
    out
}

/// Renders each diagnostic as one line of JSON, for CI and editors.
///
/// Writes at most [`JSON_LIMIT`] diagnostics (errors first when some are left out), then one
/// `truncated` object whose `more` is how many were left out.
pub fn json(diags: &[Diagnostic], files: &[&SourceFile]) -> String {
    let selection = select(diags, JSON_LIMIT);
    let indexes = indexes(&selection.shown, files);
    let mut out = String::new();
    for d in &selection.shown {
        let index = files.iter().position(|f| f.name == d.file).and_then(|i| indexes.get(i)?.as_ref());
        let position = |offset: usize| index.map(|ix| ix.line_col(offset));
        let (line, column) = position(d.span.start).unzip();
        let (end_line, end_column) = position(d.span.end).unzip();
        let labels: Vec<serde_json::Value> = d
            .labels
            .iter()
            .map(|l| {
                let (line, column) = position(l.span.start).unzip();
                serde_json::json!({ "line": line, "column": column, "message": l.message })
            })
            .collect();
        let value = serde_json::json!({
            "severity": level_name(d.severity),
            "code": d.code,
            "message": d.message,
            "file": d.file,
            "line": line,
            "column": column,
            "end_line": end_line,
            "end_column": end_column,
            "byte_start": d.span.start,
            "byte_end": d.span.end,
            "label": d.span_label,
            "labels": labels,
            "help": d.help,
        });
        out.push_str(&value.to_string());
        out.push('\n');
    }
    if selection.hidden() > 0 {
        let value = serde_json::json!({
            "severity": "note",
            "code": "truncated",
            "message": format!("{} not shown", selection.summary()),
            "more": selection.hidden(),
        });
        out.push_str(&value.to_string());
        out.push('\n');
    }
    out
}

fn level_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The diagnostics a renderer shows, and how many of each severity it leaves out.
struct Selection<'d> {
    shown: Vec<&'d Diagnostic>,
    hidden_errors: usize,
    hidden_warnings: usize,
}

/// All of `diags` if there are at most `limit`; otherwise the first `limit` with errors first.
fn select(diags: &[Diagnostic], limit: usize) -> Selection<'_> {
    if diags.len() <= limit {
        return Selection { shown: diags.iter().collect(), hidden_errors: 0, hidden_warnings: 0 };
    }
    let errors = diags.iter().filter(|d| d.is_error());
    let warnings = diags.iter().filter(|d| !d.is_error());
    let shown: Vec<&Diagnostic> = errors.chain(warnings).take(limit).collect();
    let total_errors = diags.iter().filter(|d| d.is_error()).count();
    let shown_errors = shown.iter().filter(|d| d.is_error()).count();
    Selection {
        hidden_errors: total_errors - shown_errors,
        hidden_warnings: (diags.len() - total_errors) - (shown.len() - shown_errors),
        shown,
    }
}

impl Selection<'_> {
    fn hidden(&self) -> usize {
        self.hidden_errors + self.hidden_warnings
    }

    /// "29,950 more diagnostics (12 errors, 29,938 warnings)".
    fn summary(&self) -> String {
        let mut parts = Vec::new();
        if self.hidden_errors > 0 {
            parts.push(count(self.hidden_errors, "error"));
        }
        if self.hidden_warnings > 0 {
            parts.push(count(self.hidden_warnings, "warning"));
        }
        let more = self.hidden();
        let noun = if more == 1 { "diagnostic" } else { "diagnostics" };
        format!("{} more {noun} ({})", thousands(more), parts.join(", "))
    }
}

/// "1 error", "12 errors".
fn count(n: usize, noun: &str) -> String {
    format!("{} {noun}{}", thousands(n), if n == 1 { "" } else { "s" })
}

/// `29950` as "29,950".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `text`, cut to [`TEXT_LIMIT`] characters, with the characters a terminal would obey shown
/// instead ([`visible`]).
fn clip(text: &str) -> Cow<'_, str> {
    let text = match text.char_indices().nth(TEXT_LIMIT) {
        Some((end, _)) if text.len() > TEXT_LIMIT => Cow::Owned(format!("{}…", &text[..end])),
        _ => Cow::Borrowed(text),
    };
    if text.chars().any(|c| is_terminal_control(c) && c != '\n') {
        let escaped = text
            .chars()
            .map(|c| if is_terminal_control(c) && c != '\n' { format!("\\u{{{:x}}}", c as u32) } else { c.to_string() })
            .collect();
        return Cow::Owned(escaped);
    }
    text
}

/// Characters that make a terminal do something instead of showing a character: control
/// characters (ESC starts colour and cursor sequences) other than tab, and the bidirectional
/// overrides and isolates, which reorder what follows.
fn is_terminal_control(c: char) -> bool {
    (c.is_control() && c != '\t') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The file's text as shown in source excerpts: every [`is_terminal_control`] character (data
/// may hold them; folio reports them) replaced by a placeholder of the same length in bytes, so
/// that spans and columns stay valid. Line breaks are kept.
fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| is_terminal_control(c) && c != '\n' && c != '\r') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let keep = c == '\n' || (c == '\r' && chars.peek() == Some(&'\n')) || !is_terminal_control(c);
        match (keep, c.len_utf8()) {
            (true, _) => out.push(c),
            (false, 1) => out.push('?'),
            (false, 2) => out.push('¿'),
            (false, _) => out.push('\u{fffd}'),
        }
    }
    out.into()
}

/// An index for each of `files` that a shown diagnostic points into.
fn indexes<'a>(shown: &[&Diagnostic], files: &[&'a SourceFile]) -> Vec<Option<Index<'a>>> {
    files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            // Diagnostics find their file by its first name match; later duplicates are unused.
            let first = files.iter().position(|g| g.name == f.name) == Some(i);
            (first && shown.iter().any(|d| d.file == f.name)).then(|| Index::new(f))
        })
        .collect()
}

/// Characters are counted from a mark every `STRIDE` bytes.
const STRIDE: usize = 256;

/// A file with its line starts and character counts, for lookups in O(log n).
struct Index<'a> {
    name: &'a str,
    text: Cow<'a, str>,
    /// The byte offset of each line's start (codespan's `line_starts`).
    line_starts: Vec<usize>,
    /// `marks[i]` is the number of characters that start in `text[..i * STRIDE]`.
    marks: Vec<usize>,
}

fn is_char_start(byte: u8) -> bool {
    // UTF-8 continuation bytes are 0b10xx_xxxx.
    byte & 0xC0 != 0x80
}

impl<'a> Index<'a> {
    fn new(file: &'a SourceFile) -> Self {
        let text = visible(&file.text);
        let mut marks = Vec::with_capacity(text.len() / STRIDE + 2);
        let mut chars = 0;
        for chunk in text.as_bytes().chunks(STRIDE) {
            marks.push(chars);
            chars += chunk.iter().filter(|b| is_char_start(**b)).count();
        }
        marks.push(chars);
        let line_starts = files::line_starts(&text).collect();
        Index { name: &file.name, text, line_starts, marks }
    }

    /// `offset` within the text, moved back to a character boundary.
    fn floor(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// `offset` within the text, moved forward to a character boundary.
    fn ceil(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset += 1;
        }
        offset
    }

    /// The number of characters that start before `offset`.
    fn chars_before(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        let mark = offset / STRIDE;
        let counted = self.marks.get(mark).copied().unwrap_or(0);
        let rest = self.text.as_bytes().get(mark * STRIDE..offset).unwrap_or_default();
        counted + rest.iter().filter(|b| is_char_start(**b)).count()
    }

    /// The number of characters in `range` (whose ends are character boundaries).
    fn chars(&self, range: Range<usize>) -> usize {
        self.chars_before(range.end).saturating_sub(self.chars_before(range.start))
    }

    /// The 0-based line `offset` is on (the last line for offsets past the end).
    fn line_index(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        }
    }

    fn line_start(&self, line: usize) -> Result<usize, FilesError> {
        match self.line_starts.get(line) {
            Some(start) => Ok(*start),
            None if line == self.line_starts.len() => Ok(self.text.len()),
            None => Err(FilesError::LineTooLarge { given: line, max: self.line_starts.len().saturating_sub(1) }),
        }
    }

    /// A line's bytes, with its line break (as codespan's `SimpleFile` gives it).
    fn line_range(&self, line: usize) -> Result<Range<usize>, FilesError> {
        Ok(self.line_start(line)?..self.line_start(line + 1)?)
    }

    /// A line's bytes without its line break.
    fn content(&self, line: usize) -> Range<usize> {
        let range = self.line_range(line).unwrap_or(self.text.len()..self.text.len());
        let text = self.text.get(range.clone()).unwrap_or_default();
        let text = text.strip_suffix('\n').unwrap_or(text);
        let text = text.strip_suffix('\r').unwrap_or(text);
        range.start..range.start + text.len()
    }

    fn is_long(&self, line: usize) -> bool {
        let content = self.content(line);
        content.len() > LONG_LINE && self.chars(content) > LONG_LINE
    }

    /// The 1-based line and column (in characters) of `offset`, as [`SourceFile::line_col`].
    fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = self.floor(offset);
        let line = self.line_index(offset);
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        (line + 1, self.chars(start..offset) + 1)
    }

    /// The offset `n` characters after `from`, but not past `limit`.
    fn forward(&self, from: usize, n: usize, limit: usize) -> usize {
        let text = self.text.get(from..limit).unwrap_or_default();
        text.char_indices().nth(n).map_or(limit.max(from), |(i, _)| from + i)
    }

    /// The offset `n` characters before `from`, but not before `limit`.
    fn backward(&self, from: usize, n: usize, limit: usize) -> usize {
        let text = self.text.get(limit..from).unwrap_or_default();
        match n.checked_sub(1) {
            None => from,
            Some(skip) => text.char_indices().rev().nth(skip).map_or(limit.min(from), |(i, _)| limit + i),
        }
    }
}

/// The whole file, for codespan: what [`SimpleFile`] does, with columns from the index.
struct Whole<'a>(&'a Index<'a>);

impl<'a> Files<'a> for Whole<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(self.0.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.0.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, FilesError> {
        Ok(self.0.line_index(byte_index))
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, FilesError> {
        self.0.line_range(line_index)
    }

    fn column_number(&'a self, (): (), line_index: usize, byte_index: usize) -> Result<usize, FilesError> {
        // As `files::column_index`: the characters that end at or before `byte_index`.
        let range = self.0.line_range(line_index)?;
        let end = self.0.floor(byte_index.min(range.end));
        Ok(self.0.chars(range.start..end.max(range.start)) + 1)
    }
}

/// One label of a diagnostic, with its span on character boundaries.
struct Mark<'d> {
    span: Range<usize>,
    style: LabelStyle,
    message: &'d str,
}

/// Prints one diagnostic through codespan: against the whole file when every line it shows is
/// short, against an [`Excerpt`] otherwise.
fn emit(buffer: &mut Buffer, config: &Config, d: &Diagnostic, index: Option<&Index<'_>>) -> Result<(), FilesError> {
    let level = match d.severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
    };
    let mut report = Report::new(level).with_message(clip(&d.message)).with_code(d.code);
    let help = d.help.as_ref().map(|help| format!("help: {}", clip(help)));
    let Some(ix) = index else {
        if !d.file.is_empty() {
            report.notes.push(format!("in {}", d.file));
        }
        report.notes.extend(help);
        return term::emit(buffer, config, &SimpleFile::new("", ""), &report);
    };
    report.notes.extend(help);
    let span = |span: &Range<usize>| {
        let start = ix.floor(span.start);
        start..ix.ceil(span.end.max(start))
    };
    let mut marks = vec![Mark { span: span(&d.span), style: LabelStyle::Primary, message: &d.span_label }];
    marks.extend(d.labels.iter().map(|l| Mark {
        span: span(&l.span),
        style: LabelStyle::Secondary,
        message: &l.message,
    }));
    let label = |style, range, message: &str| Label::new(style, (), range).with_message(clip(message));
    if shown_lines(ix, &marks, config).iter().all(|line| !ix.is_long(*line)) {
        report.labels = marks.iter().map(|m| label(m.style, m.span.clone(), m.message)).collect();
        term::emit(buffer, config, &Whole(ix), &report)
    } else {
        let (excerpt, spans) = Excerpt::new(ix, &marks);
        report.labels = marks.iter().zip(spans).map(|(m, span)| label(m.style, span, m.message)).collect();
        term::emit(buffer, config, &excerpt, &report)
    }
}

/// The lines codespan prints for these labels (see its `RichDiagnostic::render`): each label's
/// first and last line, the context lines of a label over several lines, and a single line
/// between two printed ones.
fn shown_lines(ix: &Index<'_>, marks: &[Mark<'_>], config: &Config) -> Vec<usize> {
    let mut lines = Vec::new();
    for m in marks {
        let (first, last) = (ix.line_index(m.span.start), ix.line_index(m.span.end));
        lines.push(first);
        if last > first {
            let after_first = (first + 1)..=(first + config.start_context_lines).min(last - 1);
            let before_last = last.saturating_sub(config.end_context_lines).max(first + 1)..last;
            lines.extend(after_first.chain(before_last));
            lines.push(last);
        }
    }
    lines.sort_unstable();
    lines.dedup();
    let between: Vec<usize> = lines.windows(2).filter(|w| w[1] - w[0] == 2).map(|w| w[0] + 1).collect();
    lines.extend(between);
    lines
}

/// What a diagnostic on long lines shows: the lines (or windows of lines) its labels are on,
/// one per excerpt line, as a small file of its own whose line and column numbers are those of
/// the real file.
struct Excerpt<'a> {
    name: &'a str,
    text: String,
    line_starts: Vec<usize>,
    lines: Vec<ExcerptLine>,
}

struct ExcerptLine {
    /// The line's 1-based number in the real file.
    number: usize,
    /// The real 1-based column of the first character shown (after any `…`).
    column: usize,
    /// Where the shown source starts in the excerpt's text (after any `…`).
    start: usize,
}

/// A piece of one real line that the excerpt shows.
struct Window {
    line: usize,
    /// The marked bytes (first label start to last label end).
    marked: Range<usize>,
    /// The bytes shown.
    shown: Range<usize>,
    /// Where `shown` starts in the excerpt's text.
    start: usize,
}

impl<'a> Excerpt<'a> {
    /// The excerpt for `marks`, and each mark's span in it.
    fn new(ix: &Index<'a>, marks: &[Mark<'_>]) -> (Self, Vec<Range<usize>>) {
        // Each label on its first line, within the line's text.
        let mut spans: Vec<(usize, Range<usize>)> = marks
            .iter()
            .map(|m| {
                let line = ix.line_index(m.span.start);
                let content = ix.content(line);
                let start = m.span.start.max(content.start).min(content.end);
                let end = m.span.end.max(start).min(content.end);
                (line, start..end)
            })
            .collect();
        // Group the labels into windows: a short line is one window; on a long line, a label
        // that starts within `MARKED` characters of a window's first label joins it.
        let mut order: Vec<usize> = (0..spans.len()).collect();
        order.sort_by_key(|i| spans.get(*i).map(|(line, span)| (*line, span.start)));
        let mut windows: Vec<Window> = Vec::new();
        let mut window_of = vec![0; spans.len()];
        for i in order {
            let Some((line, span)) = spans.get_mut(i) else { continue };
            let long = ix.is_long(*line);
            let joins = windows
                .last()
                .is_some_and(|w| w.line == *line && (!long || ix.chars(w.marked.start..span.start) < MARKED));
            if !joins {
                let content = ix.content(*line);
                let shown = if long { span.start..span.start } else { content };
                windows.push(Window { line: *line, marked: span.start..span.start, shown, start: 0 });
            }
            let w = windows.len().saturating_sub(1);
            let Some(window) = windows.get_mut(w) else { continue };
            if long {
                let end = ix.forward(window.marked.start, MARKED, ix.content(*line).end);
                span.end = span.end.min(end).max(span.start);
            }
            window.marked.end = window.marked.end.max(span.end);
            if let Some(slot) = window_of.get_mut(i) {
                *slot = w;
            }
        }
        for w in &mut windows {
            if ix.is_long(w.line) {
                let content = ix.content(w.line);
                w.shown =
                    ix.backward(w.marked.start, CONTEXT, content.start)..ix.forward(w.marked.end, CONTEXT, content.end);
            }
        }

        let mut excerpt = Excerpt { name: ix.name, text: String::new(), line_starts: Vec::new(), lines: Vec::new() };
        let mut previous: Option<usize> = None;
        for w in &mut windows {
            match previous.map(|p| w.line.saturating_sub(p)) {
                None | Some(1) => {}
                // codespan prints a single line between two printed ones.
                Some(2) => {
                    let line = w.line - 1;
                    let content = ix.content(line);
                    let end = if ix.is_long(line) {
                        ix.forward(content.start, 2 * CONTEXT, content.end)
                    } else {
                        content.end
                    };
                    excerpt.push(ix, line, content.start..end);
                }
                // Two empty lines (never printed themselves) make codespan print a break (`·`)
                // between two lines further apart, or two windows of the same line.
                Some(_) => {
                    for _ in 0..2 {
                        excerpt.lines.push(ExcerptLine { number: w.line + 1, column: 1, start: excerpt.text.len() });
                        excerpt.text.push('\n');
                    }
                }
            }
            w.start = excerpt.push(ix, w.line, w.shown.clone());
            previous = Some(w.line);
        }
        excerpt.line_starts = files::line_starts(&excerpt.text).collect();

        let spans = spans
            .iter()
            .zip(window_of)
            .map(|((_, span), w)| match windows.get(w) {
                Some(w) => {
                    let start = w.start + span.start.saturating_sub(w.shown.start);
                    start..start + span.len()
                }
                None => 0..0,
            })
            .collect();
        (excerpt, spans)
    }

    /// Appends `shown` (bytes of real line `line`) as a line, with `…` where it cuts the line;
    /// returns where `shown` starts in the excerpt.
    fn push(&mut self, ix: &Index<'_>, line: usize, shown: Range<usize>) -> usize {
        let content = ix.content(line);
        if shown.start > content.start {
            self.text.push('…');
        }
        let start = self.text.len();
        self.lines.push(ExcerptLine { number: line + 1, column: ix.chars(content.start..shown.start) + 1, start });
        self.text.push_str(ix.text.get(shown.clone()).unwrap_or_default());
        if shown.end < content.end {
            self.text.push('…');
        }
        self.text.push('\n');
        start
    }
}

impl<'a> Files<'a> for Excerpt<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, FilesError> {
        Ok(match self.line_starts.binary_search(&byte_index) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        })
    }

    fn line_number(&'a self, (): (), line_index: usize) -> Result<usize, FilesError> {
        Ok(self.lines.get(line_index).map_or(line_index + 1, |l| l.number))
    }

    fn column_number(&'a self, (): (), line_index: usize, byte_index: usize) -> Result<usize, FilesError> {
        let Some(line) = self.lines.get(line_index) else { return Ok(1) };
        let shown = self.text.get(line.start..byte_index.max(line.start)).map_or(0, |s| s.chars().count());
        Ok(line.column + shown)
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, FilesError> {
        let start = |line: usize| match self.line_starts.get(line) {
            Some(start) => Ok(*start),
            None if line == self.line_starts.len() => Ok(self.text.len()),
            None => Err(FilesError::LineTooLarge { given: line, max: self.line_starts.len().saturating_sub(1) }),
        };
        Ok(start(line_index)?..start(line_index + 1)?)
    }
}
