//! The Markdown subset of prose fields, read with pulldown-cmark into [`Block`]s and [`Inline`]s.
//!
//! Supported: paragraphs, bulleted and numbered lists (nested), pipe tables, `**bold**`, `*italic*`,
//! `[text](url)`, `<url>`, footnote references `[^id]`, hard line breaks, and bare `http(s)://`
//! or `www.` URLs, which become links. Anything else (headings, HTML, code, images…) is
//! reported as an error: the data must never carry layout or code.

use pulldown_cmark::{Alignment, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::diag::Diagnostic;
use crate::limits::MAX_PARAGRAPH_BYTES;
use crate::model::{Align, Block, Cell, Figure, Inline, List, Located, TableBlock, TextRun, is_identifier};
use crate::source::Span;
use crate::text::MappedText;

/// Parses `text` into blocks, reporting unsupported Markdown into `diags`.
pub(crate) fn blocks(text: &MappedText, file: &str, diags: &mut Vec<Diagnostic>) -> Vec<Block> {
    // Old-style footnotes turn every `[^id]` into a reference, defined or not, so that an unknown
    // id is reported instead of printed as literal text.
    // Pipe tables: a header row, an alignment row, body rows.
    let options = Options::ENABLE_OLD_FOOTNOTES | Options::ENABLE_TABLES;
    let parser = Parser::new_ext(&text.text, options).into_offset_iter();
    let mut stack = vec![Frame::Root(Vec::new())];
    let mut open = OpenMarkup::default();
    let mut after_note = false;
    for (event, range) in parser {
        if after_note && text.text[range.start..].starts_with("](") {
            // `[text[^id]](url)`: Markdown reads no link here, so the brackets would print as is.
            diags.push(
                Diagnostic::error(
                    "footnote-in-link",
                    file,
                    text.span(range.start..range.start + 2),
                    "a footnote reference cannot sit inside a link's text",
                )
                .with_span_label("the link's text ends here, after the footnote")
                .with_help("put the reference after the link: `[text](https://…)[^id]`"),
            );
        }
        after_note = matches!(event, Event::FootnoteReference(_));
        if let Event::Text(t) = &event {
            open.text(&text.text, t, range.clone(), |range, what, help| {
                diags.push(
                    Diagnostic::error(
                        "unterminated-markup",
                        file,
                        text.span(range),
                        format!("unterminated {what}: it is not read as markup, so it would print as is"),
                    )
                    .with_span_label("opened here")
                    .with_help(help),
                );
            });
        } else {
            open = OpenMarkup::default();
        }
        let span = text.span(range.clone());
        match event {
            Event::Start(tag) => start(tag, span, &text.text[range], &mut stack, file, diags),
            Event::End(end) => finish(end, &mut stack, file, diags),
            _ if matches!(stack.last(), Some(Frame::Skip)) => {}
            Event::Text(t) => {
                // Where Markdown gives back the source as it is, every byte keeps its place;
                // an escape (`\*`) or entity stands for its whole source.
                let run = if *t == text.text[range.clone()] {
                    TextRun::mapped(t.into_string(), text.offsets(range))
                } else {
                    TextRun::at(t.into_string(), span)
                };
                push_inline(&mut stack, Inline::Text(run))
            }
            Event::SoftBreak => push_inline(&mut stack, Inline::Text(TextRun::at(" ".to_owned(), span))),
            Event::HardBreak => push_inline(&mut stack, Inline::LineBreak),
            // The id becomes a label in the generated Typst; only validated ids get that far.
            Event::FootnoteReference(id) if !is_identifier(&id) => diags.push(
                Diagnostic::error("footnote-id", file, span, format!("`{id}` cannot be a footnote id"))
                    .with_span_label("this reference")
                    .with_help("footnote ids use lowercase letters, digits and `-`, like `[^eu-trade-mexico]`"),
            ),
            Event::FootnoteReference(id) => {
                push_inline(&mut stack, Inline::FootnoteRef(Located::new(id.into_string(), span)))
            }
            Event::Code(_) => unsupported(diags, file, span, "inline code"),
            Event::InlineHtml(html) => span_tag(&html, span, &mut stack, file, diags),
            Event::Html(_) => unsupported(diags, file, span, "HTML"),
            Event::InlineMath(_) | Event::DisplayMath(_) => unsupported(diags, file, span, "math"),
            Event::Rule => unsupported(diags, file, span, "a horizontal rule"),
            Event::TaskListMarker(_) => unsupported(diags, file, span, "a task list"),
        }
    }
    match stack.pop() {
        Some(Frame::Root(blocks)) => blocks,
        _ => Vec::new(),
    }
}

/// Finds markup an author opened and never closed. pulldown-cmark hands unmatched delimiters back
/// as separate one-character text events; an escaped one (`\*`) has a backslash before it.
#[derive(Default)]
struct OpenMarkup {
    /// The last unescaped delimiter seen (`*`, `_` or `[`) and where it ends.
    last: Option<(char, usize)>,
}

impl OpenMarkup {
    fn text(
        &mut self,
        source: &str,
        value: &str,
        range: std::ops::Range<usize>,
        mut report: impl FnMut(std::ops::Range<usize>, &str, &str),
    ) {
        let escaped = source[..range.start].ends_with('\\');
        let delimiter = match value {
            "*" | "_" | "[" if !escaped => value.chars().next(),
            _ => None,
        };
        match (self.last, delimiter) {
            (Some((c, end)), Some(d)) if c == d && end == range.start && c != '[' => {
                let (what, help) = if c == '*' {
                    ("bold `**`", "close it with `**`, or write `\\*\\*` for literal asterisks")
                } else {
                    ("bold `__`", "close it with `__`, or write `\\_\\_` for literal underscores")
                };
                report(range.start - 1..range.end, what, help);
                self.last = None;
            }
            (Some(('[', end)), None) if end == range.start && value.starts_with('^') => {
                report(
                    range.start - 1..range.start + 1,
                    "footnote reference `[^`",
                    "write `[^id]` closed, with a space or text (not another `[`) after it; `\\[^` prints it literally",
                );
                self.last = None;
            }
            _ => self.last = delimiter.map(|d| (d, range.end)),
        }
    }
}

/// A node under construction.
enum Frame {
    Root(Vec<Block>),
    /// A paragraph: its inlines, or the figure it holds alone.
    Paragraph(Vec<Inline>, Option<Figure>),
    /// An image being read: its path and caption, and its alternative text.
    Image(Located<String>, Vec<Inline>, String),
    List {
        ordered: bool,
        start: u64,
        items: Vec<Vec<Block>>,
    },
    /// A list item: its blocks, and inlines not yet wrapped in a paragraph (tight lists).
    Item(Vec<Block>, Vec<Inline>),
    Strong(Vec<Inline>),
    Emph(Vec<Inline>),
    Link(Located<String>, Vec<Inline>),
    /// A cross-reference `[…](#id)`.
    Ref(Located<String>, Vec<Inline>),
    /// A pipe table: its alignments, header, rows, and whether the header is being read.
    Table {
        align: Vec<Align>,
        header: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
        in_head: bool,
    },
    /// A row being read.
    Row(Vec<Vec<Inline>>),
    /// A cell being read.
    Cell(Vec<Inline>),
    /// `<span lang="…">`: text in another language, up to `</span>`.
    Lang(Located<String>, Vec<Inline>),
    /// Inside an unsupported construct, already reported: its content is dropped.
    Skip,
}

/// The one piece of HTML folio reads: `<span lang="es">…</span>`, which marks text written in
/// another language. Anything else is refused as HTML.
fn span_tag(html: &str, span: Span, stack: &mut Vec<Frame>, file: &str, diags: &mut Vec<Diagnostic>) {
    let tag = html.trim();
    if tag == "</span>" {
        match stack.pop() {
            Some(Frame::Lang(lang, body)) => push_inline(stack, Inline::Lang { lang, body }),
            other => {
                stack.extend(other);
                diags.push(
                    Diagnostic::error("span", file, span, "`</span>` closes no `<span lang=\"…\">`")
                        .with_span_label("nothing to close")
                        .with_help("open it where the other language starts: `<span lang=\"es\">…</span>`"),
                );
            }
        }
        return;
    }
    let lang = tag
        .strip_prefix("<span")
        .map(str::trim_start)
        .and_then(|rest| rest.strip_prefix("lang"))
        .map(str::trim_start)
        .and_then(|rest| rest.strip_prefix('='))
        .map(str::trim_start)
        .and_then(|rest| rest.strip_suffix('>'))
        .map(|v| v.trim_end().trim_matches(|c| c == '"' || c == '\''));
    match lang {
        Some(code) if crate::model::is_language(code) => {
            stack.push(Frame::Lang(Located::new(code.to_owned(), span), Vec::new()))
        }
        Some(code) => {
            diags.push(
                Diagnostic::error("language", file, span.clone(), format!("`{code}` is not a language code"))
                    .with_span_label("this span")
                    .with_help(
                        "write a two-letter language code, optionally with a region: `<span lang=\"es\">` or `es-MX`",
                    ),
            );
            // Still opened, so that its `</span>` closes it rather than being a second mistake.
            stack.push(Frame::Lang(Located::new(code.to_owned(), span), Vec::new()));
        }
        None => unsupported(diags, file, span, "HTML"),
    }
}

fn unsupported(diags: &mut Vec<Diagnostic>, file: &str, span: Span, what: &str) {
    diags.push(
        Diagnostic::error("unsupported-markup", file, span, format!("{what} is not supported in folio text"))
            .with_help(
                "text may use paragraphs, `- ` lists, **bold**, *italic*, [links](https://…) and footnotes [^id]; \
                 put a literal character behind a backslash, like \\*",
            ),
    );
}

/// Opens a frame for `tag`, whose whole text (in the decoded value) is `source`.
fn start(tag: Tag, span: Span, source: &str, stack: &mut Vec<Frame>, file: &str, diags: &mut Vec<Diagnostic>) {
    if matches!(stack.last(), Some(Frame::Skip)) {
        stack.push(Frame::Skip);
        return;
    }
    if matches!(tag, Tag::Paragraph | Tag::Item | Tag::TableCell) && source.len() > MAX_PARAGRAPH_BYTES {
        diags.push(
            Diagnostic::error(
                "paragraph-too-long",
                file,
                span,
                format!(
                    "this paragraph is {} KiB; folio sets paragraphs of up to {} KiB",
                    source.len() >> 10,
                    MAX_PARAGRAPH_BYTES >> 10
                ),
            )
            .with_help("break it into paragraphs with blank lines"),
        );
        stack.push(Frame::Skip);
        return;
    }
    if let Tag::Link { link_type: LinkType::Inline, .. } = &tag
        && source.starts_with("[^")
    {
        // `[^id](…)` is a link whose text is `^id` to Markdown: the footnote would vanish.
        diags.push(
            Diagnostic::error(
                "footnote-as-link",
                file,
                span,
                "this reads as a link with the text `^…`, not as a footnote",
            )
            .with_span_label("a footnote reference followed by `(…)`")
            .with_help(
                "for a footnote, write `[^id]` with no `(…)` right after it; for a link, write its text without `^`",
            ),
        );
        stack.push(Frame::Skip);
        return;
    }
    // The root frame does not count; each list, item and inline style does.
    if stack.len() > crate::limits::MAX_MARKUP_DEPTH {
        diags.push(
            Diagnostic::error(
                "nesting-too-deep",
                file,
                span,
                format!("lists and markup nest at most {} levels deep", crate::limits::MAX_MARKUP_DEPTH),
            )
            .with_help("flatten the list or the formatting"),
        );
        stack.push(Frame::Skip);
        return;
    }
    let frame = match tag {
        Tag::Paragraph => Frame::Paragraph(Vec::new(), None),
        Tag::Image { dest_url, title, .. } => {
            let path = dest_url.into_string();
            if let Some(problem) = figure_path_problem(&path) {
                diags.push(
                    Diagnostic::error("figure-path", file, span.clone(), format!("`{path}` cannot be a figure: {problem}"))
                        .with_span_label("this image")
                        .with_help("write a path inside the data file's folder, like `![A map of the clusters](figures/map.png)`; PNG, JPEG and SVG work"),
                );
                stack.push(Frame::Skip);
                return;
            }
            let caption = if title.trim().is_empty() {
                Vec::new()
            } else {
                vec![Inline::Text(TextRun::at(title.into_string(), span.clone()))]
            };
            Frame::Image(Located::new(path, span), caption, String::new())
        }
        Tag::List(start) => Frame::List { ordered: start.is_some(), start: start.unwrap_or(1), items: Vec::new() },
        Tag::Item => Frame::Item(Vec::new(), Vec::new()),
        Tag::Strong => Frame::Strong(Vec::new()),
        Tag::Emphasis => Frame::Emph(Vec::new()),
        Tag::Table(alignments) => Frame::Table {
            align: alignments
                .iter()
                .map(|a| match a {
                    Alignment::None => Align::Default,
                    Alignment::Left => Align::Left,
                    Alignment::Center => Align::Center,
                    Alignment::Right => Align::Right,
                })
                .collect(),
            header: Vec::new(),
            rows: Vec::new(),
            in_head: false,
        },
        Tag::TableHead => {
            if let Some(Frame::Table { in_head, .. }) = stack.last_mut() {
                *in_head = true;
            }
            Frame::Row(Vec::new())
        }
        Tag::TableRow => Frame::Row(Vec::new()),
        Tag::TableCell => Frame::Cell(Vec::new()),
        Tag::Link { link_type: LinkType::Inline, dest_url, .. } if dest_url.starts_with('#') => {
            let id = &dest_url[1..];
            if !is_identifier(id) {
                diags.push(
                    Diagnostic::error("section-id", file, span.clone(), format!("`{id}` cannot be a section id"))
                        .with_span_label("this cross-reference")
                        .with_help("refer to a section by its id, like `[see the method](#method)`"),
                );
                stack.push(Frame::Skip);
                return;
            }
            // The id sits after `](#` and before the closing `)`.
            let id_span = span.end.saturating_sub(1 + id.len())..span.end.saturating_sub(1);
            Frame::Ref(Located::new(id.to_owned(), id_span), Vec::new())
        }
        Tag::Link { link_type, dest_url, .. } => {
            let url = match link_type {
                LinkType::Email => format!("mailto:{dest_url}"),
                // Authors write `[site](www.example.org)` as they would in a browser.
                _ if dest_url.starts_with("www.") => format!("http://{dest_url}"),
                _ => dest_url.into_string(),
            };
            Frame::Link(Located::new(url, span), Vec::new())
        }
        other => {
            let what = match other {
                Tag::Heading { .. } => "a heading (use a [[sections]] entry)",
                Tag::BlockQuote(_) => "a block quote",
                Tag::CodeBlock(_) => "a code block (is the text indented by four spaces?)",
                Tag::HtmlBlock => "HTML",
                Tag::FootnoteDefinition(_) => "a footnote definition here (define it under [footnotes])",
                _ => "this markup",
            };
            unsupported(diags, file, span, what);
            Frame::Skip
        }
    };
    stack.push(frame);
}

fn finish(_end: TagEnd, stack: &mut Vec<Frame>, file: &str, diags: &mut Vec<Diagnostic>) {
    // A `<span lang>` still open when its paragraph (or emphasis, link…) ends: reported, and its
    // text kept in the language it was given.
    while let Some(Frame::Lang(..)) = stack.last() {
        if let Some(Frame::Lang(lang, body)) = stack.pop() {
            diags.push(
                Diagnostic::error("span", file, lang.span.clone(), "this `<span lang>` is not closed")
                    .with_span_label("opened here")
                    .with_help("close it with `</span>` in the same paragraph, before any `**`, `*` or `]` opened before it ends"),
            );
            push_inline(stack, Inline::Lang { lang, body });
        }
    }
    let Some(frame) = stack.pop() else { return };
    match frame {
        Frame::Skip | Frame::Root(_) => {}
        Frame::Paragraph(inlines, None) => push_block(stack, Block::Paragraph(linkify(inlines))),
        Frame::Paragraph(inlines, Some(figure)) => {
            if inlines.iter().any(|i| !matches!(i, Inline::Text(t) if t.value.trim().is_empty())) {
                alone(diags, file, &figure.path.span);
            }
            push_block(stack, Block::Figure(figure));
        }
        Frame::Image(path, caption, alt) => {
            if alt.trim().is_empty() {
                diags.push(
                    Diagnostic::error("figure-alt", file, path.span.clone(), "this figure has no alternative text")
                        .with_span_label("`![…]` is empty")
                        .with_help("say what the image shows, for readers who cannot see it: `![A map of the clusters](figures/map.png)`"),
                );
            }
            let alt = Located::new(alt, path.span.clone());
            let figure = Figure { id: None, path, alt, caption, width: None, source: Vec::new() };
            match stack.last_mut() {
                // An image alone in its paragraph is a figure.
                Some(Frame::Paragraph(inlines, slot)) if inlines.is_empty() && slot.is_none() => *slot = Some(figure),
                _ => alone(diags, file, &figure.path.span),
            }
        }
        Frame::List { ordered, start, items } => push_block(stack, Block::List(List { ordered, start, items })),
        Frame::Item(mut blocks, inlines) => {
            if !inlines.is_empty() {
                blocks.push(Block::Paragraph(linkify(inlines)));
            }
            if let Some(Frame::List { items, .. }) = stack.last_mut() {
                items.push(blocks);
            }
        }
        Frame::Strong(c) => push_inline(stack, Inline::Strong(c)),
        Frame::Emph(c) => push_inline(stack, Inline::Emph(c)),
        Frame::Link(url, body) => push_inline(stack, Inline::Link { url, body }),
        Frame::Ref(id, body) => push_inline(stack, Inline::Ref { id, body }),
        // Closed above; never on top here.
        Frame::Lang(lang, body) => push_inline(stack, Inline::Lang { lang, body }),
        Frame::Table { align, header, rows, .. } => push_block(
            stack,
            Block::Table(TableBlock {
                id: None,
                caption: Vec::new(),
                widths: Vec::new(),
                align,
                header: vec![header.into_iter().map(Cell::single).collect()],
                rows: rows.into_iter().map(|r| r.into_iter().map(Cell::single).collect()).collect(),
                notes: Vec::new(),
            }),
        ),
        Frame::Row(cells) => {
            if let Some(Frame::Table { header, rows, in_head, .. }) = stack.last_mut() {
                if std::mem::take(in_head) {
                    *header = cells;
                } else {
                    rows.push(cells);
                }
            }
        }
        Frame::Cell(inlines) => {
            if let Some(Frame::Row(cells)) = stack.last_mut() {
                cells.push(linkify(inlines));
            }
        }
    }
}

/// An image inside text, a list or a link: figures stand in paragraphs of their own.
fn alone(diags: &mut Vec<Diagnostic>, file: &str, span: &Span) {
    diags.push(
        Diagnostic::error("figure-not-alone", file, span.clone(), "an image must stand in a paragraph of its own")
            .with_span_label("this image")
            .with_help("put a blank line before and after it"),
    );
}

/// Why `path` cannot name an image in the data folder (absolute, leaving the folder, not PNG,
/// JPEG or SVG), or `None` when it can.
pub fn figure_path_problem(path: &str) -> Option<&'static str> {
    let lower = path.to_ascii_lowercase();
    if path.is_empty() {
        Some("the path is empty")
    } else if path.starts_with('/') || path.contains('\\') || path.contains(':') {
        Some("only paths relative to the data file's folder are read")
    } else if path.split('/').any(|part| part == ".." || part == "." || part.is_empty()) {
        Some("the path must stay inside the data file's folder")
    } else if path.chars().any(char::is_control) {
        Some("the path holds a control character")
    } else if ![".png", ".jpg", ".jpeg", ".svg"].iter().any(|ext| lower.ends_with(ext)) {
        Some("figures are PNG, JPEG or SVG files")
    } else {
        None
    }
}

fn push_block(stack: &mut [Frame], block: Block) {
    match stack.last_mut() {
        Some(Frame::Root(blocks)) => blocks.push(block),
        Some(Frame::Item(blocks, pending)) => {
            if !pending.is_empty() {
                blocks.push(Block::Paragraph(linkify(std::mem::take(pending))));
            }
            blocks.push(block);
        }
        _ => {}
    }
}

fn push_inline(stack: &mut [Frame], inline: Inline) {
    // Inside `![…]`, the text is the image's alternative text.
    if let Some(Frame::Image(_, _, alt)) = stack.last_mut() {
        if let Inline::Text(t) = &inline {
            alt.push_str(&t.value);
        }
        return;
    }
    let target = match stack.last_mut() {
        Some(
            Frame::Paragraph(c, _)
            | Frame::Item(_, c)
            | Frame::Strong(c)
            | Frame::Emph(c)
            | Frame::Link(_, c)
            | Frame::Ref(_, c)
            | Frame::Lang(_, c)
            | Frame::Cell(c),
        ) => c,
        _ => return,
    };
    // pulldown-cmark splits text at every special character; join the pieces back together.
    if let (Some(Inline::Text(last)), Inline::Text(next)) = (target.last_mut(), &inline) {
        last.append(next);
        return;
    }
    target.push(inline);
}

/// Turns bare `http(s)://…` and `www.…` URLs in plain text into links.
fn linkify(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out = Vec::with_capacity(inlines.len());
    for inline in inlines {
        match inline {
            Inline::Text(t) => split_urls(t, &mut out),
            Inline::Strong(c) => out.push(Inline::Strong(linkify(c))),
            Inline::Emph(c) => out.push(Inline::Emph(linkify(c))),
            other => out.push(other),
        }
    }
    out
}

fn split_urls(t: TextRun, out: &mut Vec<Inline>) {
    let mut finder = linkify::LinkFinder::new();
    finder.kinds(&[linkify::LinkKind::Url]).url_must_have_scheme(false);
    let mut last = 0;
    for link in finder.links(&t.value) {
        let s = link.as_str();
        let url = if s.starts_with("http://") || s.starts_with("https://") {
            s.to_owned()
        } else if s.starts_with("www.") {
            format!("http://{s}")
        } else {
            continue;
        };
        if link.start() > last {
            out.push(Inline::Text(t.slice(last..link.start())));
        }
        let body = t.slice(link.start()..link.end());
        out.push(Inline::Link { url: Located::new(url, body.span.clone()), body: vec![Inline::Text(body)] });
        last = link.end();
    }
    if last == 0 {
        out.push(Inline::Text(t));
    } else if last < t.value.len() {
        out.push(Inline::Text(t.slice(last..t.value.len())));
    }
}
