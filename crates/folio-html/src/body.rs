//! The body: sections, blocks, inline text, tables, figures, case studies and the endnotes.

use folio_model::format::{Key, Kind};
use folio_model::{Align, Block, Cell, Entry, Figure, Inline, List, Located, RecordBlock, Section, TableBlock, Value};

use crate::Renderer;
use crate::escape::{self, push_char};
use crate::numbers::{Target, heading_number, reference_number, section_anchor};
use crate::words;

/// Whether a link's text is its address (printed as written: its quotes are not typography).
fn looks_like_url(text: &str) -> bool {
    ["http://", "https://", "www.", "mailto:"].iter().any(|p| text.starts_with(p))
}

/// Whether an author's id may be written on the page as is: a checked id outside the page's own
/// namespaces (`sec-`, `tbl-`, `fig-`, `fn-`, `fnref-`, `doc-`), so it never doubles an id.
/// References point at the page's own ids; an author's id is an extra anchor for links from
/// outside.
fn author_anchor(id: &Option<Located<String>>) -> Option<&str> {
    let id = id.as_ref()?.value.as_str();
    let reserved = ["sec-", "tbl-", "fig-", "fn-", "fnref-", "doc-"].iter().any(|p| id.starts_with(p));
    (folio_model::is_identifier(id) && !reserved).then_some(id)
}

impl Renderer<'_> {
    /// A section and its subsections; `path` is its number (`[2, 1]`).
    pub(crate) fn section(&mut self, s: &Section, path: &mut Vec<usize>) {
        let anchor = section_anchor(path);
        self.push(&format!("<section id=\"{anchor}\">\n"));
        // The title is the page's h1, so a section of level n is a heading of level n + 1; HTML
        // stops at h6, ARIA does not.
        let level = path.len() + 1;
        let (open, close) = if level <= 6 {
            (format!("<h{level}"), format!("</h{level}>"))
        } else {
            (format!("<p class=\"h7\" role=\"heading\" aria-level=\"{level}\""), "</p>".to_owned())
        };
        self.push(&open);
        if let Some(id) = author_anchor(&s.id) {
            self.push(&format!(" id=\"{id}\""));
        }
        self.push(&format!("><span class=\"num\">{}</span> ", heading_number(path)));
        self.start_text();
        self.before = Some(' ');
        self.inlines(&s.title);
        self.push(&close);
        self.push("\n");
        self.blocks(&s.blocks);
        for (i, sub) in s.sections.iter().enumerate() {
            path.push(i + 1);
            self.section(sub, path);
            path.pop();
        }
        self.push("</section>\n");
    }

    /// Blocks, each paragraph a `<p>`.
    pub(crate) fn blocks(&mut self, blocks: &[Block]) {
        for b in blocks {
            self.block(b, false);
        }
    }

    /// A block; `bare` writes a paragraph without its `<p>` (the first of a list item, so that a
    /// tight list stays tight).
    fn block(&mut self, block: &Block, bare: bool) {
        match block {
            Block::Paragraph(inlines) => {
                self.start_text();
                if bare {
                    self.inlines(inlines);
                } else {
                    self.push("<p>");
                    self.inlines(inlines);
                    self.push("</p>\n");
                }
            }
            Block::List(list) => self.list(list),
            Block::Table(t) => self.table(t),
            Block::Figure(f) => self.figure(f),
            Block::Record(r) => self.record(r),
        }
    }

    fn list(&mut self, list: &List) {
        let close = match (list.ordered, list.start) {
            (false, _) => {
                self.push("<ul>\n");
                "</ul>\n"
            }
            (true, 1) => {
                self.push("<ol>\n");
                "</ol>\n"
            }
            (true, start) => {
                self.push(&format!("<ol start=\"{start}\">\n"));
                "</ol>\n"
            }
        };
        for item in &list.items {
            self.push("<li>");
            for (i, b) in item.iter().enumerate() {
                if i > 0 && matches!(b, Block::List(_)) {
                    self.push("\n");
                }
                self.block(b, i == 0);
            }
            self.push("</li>\n");
        }
        self.push(close);
    }

    /// Inline text. Footnote references that follow one another are set apart by a raised comma,
    /// as in print (`³⁷,³⁸`).
    pub(crate) fn inlines(&mut self, inlines: &[Inline]) {
        let mut previous_was_note = false;
        for inline in inlines {
            let is_note = matches!(inline, Inline::FootnoteRef(_));
            if is_note && previous_was_note && !self.plain {
                self.push("<sup class=\"fn-sep\">,</sup>");
            }
            previous_was_note = is_note;
            match inline {
                Inline::Text(t) => self.text(&t.value),
                Inline::Strong(c) => {
                    self.push("<strong>");
                    self.inlines(c);
                    self.push("</strong>");
                }
                Inline::Emph(c) => {
                    self.push("<em>");
                    self.inlines(c);
                    self.push("</em>");
                }
                Inline::Link { url, body } => {
                    let address = matches!(body.as_slice(), [Inline::Text(t)] if looks_like_url(&t.value));
                    // An address (or a mail link printing its address) never hyphenates and may
                    // break anywhere, as the template sets it.
                    let printed = address
                        || matches!(body.as_slice(), [Inline::Text(t)] if url.value.strip_prefix("mailto:") == Some(t.value.as_str()));
                    let link = !self.plain && !self.in_link && escape::is_safe_url(&url.value);
                    if link {
                        self.push(if printed { "<a class=\"address\" href=\"" } else { "<a href=\"" });
                        self.esc(&url.value);
                        self.push("\">");
                    }
                    let (quotes, in_link) = (self.smart_quotes, self.in_link);
                    self.smart_quotes = quotes && !address;
                    self.in_link = in_link || link;
                    self.inlines(body);
                    self.smart_quotes = quotes;
                    self.in_link = in_link;
                    if link {
                        self.push("</a>");
                    }
                }
                Inline::Lang { lang, body } => {
                    self.push("<span lang=\"");
                    self.esc(&lang.value);
                    self.push("\">");
                    self.langs.push(lang.value.clone());
                    self.inlines(body);
                    self.langs.pop();
                    self.push("</span>");
                }
                Inline::LineBreak => {
                    self.push("<br>");
                    self.before = Some('\n');
                }
                Inline::Ref { id, body } => self.reference(&id.value, body),
                Inline::Mark(mark) => {
                    let tag = match mark.kind {
                        folio_model::MarkKind::Inserted => "ins",
                        folio_model::MarkKind::Deleted => "del",
                        folio_model::MarkKind::Note | folio_model::MarkKind::Renumbered => "small",
                    };
                    self.push(&format!("<{tag}>"));
                    self.inlines(&mark.body);
                    self.push(&format!("</{tag}>"));
                }
                Inline::FootnoteRef(id) => {
                    if !self.plain {
                        self.footnote_ref(&id.value);
                    }
                }
            }
        }
    }

    /// Plain text, escaped, its straight quotes as the language writes them: an apostrophe
    /// inside a word is ’ in every language, other quotes depend on what comes before.
    fn text(&mut self, value: &str) {
        let mut previous: Option<char> = None;
        let mut chars = value.chars().peekable();
        while let Some(c) = chars.next() {
            let next = chars.peek().copied();
            let quote = match c {
                '"' | '\'' if self.smart_quotes => Some(c == '"'),
                _ => None,
            };
            match quote {
                Some(false)
                    if previous.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric) =>
                {
                    self.out.push('’');
                    self.before = Some('’');
                }
                Some(double) => {
                    let set = self.quote_set();
                    let q = self.quoter.quote(self.before, &set, double);
                    self.esc(q);
                    self.before = q.chars().last();
                }
                None => {
                    push_char(&mut self.out, c);
                    self.before = Some(c);
                }
            }
            previous = Some(c);
        }
    }

    /// A cross-reference as the template words it: "Section 2.1", "Table 3", "Figure 1", or
    /// "the method (Section 2.1)" after the author's words; a link to the element.
    fn reference(&mut self, id: &str, body: &[Inline]) {
        let Some(target) = self.numbers.targets.get(id).cloned() else {
            // The checker refuses a reference to nothing; its words are still the author's.
            self.inlines(body);
            return;
        };
        let words = match &target {
            Target::Section(path) => format!("{}\u{a0}{}", self.word("section"), reference_number(path)),
            Target::Table(n) => format!("{}\u{a0}{n}", self.word("table")),
            Target::Figure(n) => format!("{}\u{a0}{n}", self.word("figure")),
        };
        let link = !self.plain && !self.in_link;
        if link {
            self.push(&format!("<a href=\"#{}\">", target.anchor()));
        }
        let in_link = self.in_link;
        self.in_link = in_link || link;
        if body.is_empty() {
            self.esc(&words);
        } else {
            self.inlines(body);
            self.esc(&format!(" ({words})"));
        }
        self.in_link = in_link;
        self.before = Some(')');
        if link {
            self.push("</a>");
        }
    }

    /// A footnote's number, linked to its text; the first reference is `fnref-3`, the next ones
    /// `fnref-3-2`, `fnref-3-3`…, each one a target of the note's links back. To the smart quotes
    /// the marker is an object, as in Typst.
    fn footnote_ref(&mut self, id: &str) {
        let Some(&n) = self.notes.get(id) else { return };
        self.before = Some('\u{FFFC}');
        if self.in_link {
            // A link holds no link (the checker refuses a note in a link's text anyway): the
            // number alone, and no link back to it.
            self.push(&format!("<sup class=\"fn\">{n}</sup>"));
            return;
        }
        let Some(count) = self.note_refs.get_mut(n - 1) else { return };
        *count += 1;
        let anchor = if *count == 1 { format!("fnref-{n}") } else { format!("fnref-{n}-{count}") };
        self.push(&format!("<sup class=\"fn\"><a href=\"#fn-{n}\" id=\"{anchor}\" role=\"doc-noteref\">{n}</a></sup>"));
    }

    /// A table: numbered (with a caption) or not, in a wrapper that scrolls sideways on a
    /// narrow screen and can be scrolled from the keyboard, with its notes under it.
    fn table(&mut self, t: &TableBlock) {
        let number = self.numbers.tables.get(&std::ptr::from_ref(t)).copied();
        match number {
            Some(n) => {
                self.push(&format!("<div class=\"table\" id=\"tbl-{n}\">\n"));
                self.push(&format!(
                    "<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"tbl-{n}-caption\">\n"
                ));
            }
            None => {
                self.push("<div class=\"table\">\n<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-label=\"");
                let word = self.word("table");
                self.esc(&word);
                self.push("\">\n");
            }
        }
        self.push("<table");
        if let Some(id) = author_anchor(&t.id) {
            self.push(&format!(" id=\"{id}\""));
        }
        self.push(">\n");
        if let Some(n) = number {
            self.push(&format!("<caption id=\"tbl-{n}-caption\"><span class=\"label\">"));
            let label = format!("{}\u{a0}{n}{}", self.word("table"), self.word("caption-separator"));
            self.esc(&label);
            self.push("</span>");
            self.start_text();
            self.inlines(&t.caption);
            self.push("</caption>\n");
        }
        let total: u64 = t.widths.iter().map(|w| u64::from(*w)).sum();
        // Hundredths of a per cent, in integers: the same bytes on every machine.
        let shares: Vec<u64> = t.widths.iter().filter_map(|w| (u64::from(*w) * 10_000).checked_div(total)).collect();
        if !shares.is_empty() {
            self.push("<colgroup>");
            for share in shares {
                self.push(&format!("<col style=\"width:{}.{:02}%\">", share / 100, share % 100));
            }
            self.push("</colgroup>\n");
        }
        if !t.header.is_empty() {
            self.push("<thead>\n");
            self.rows(&t.header, &t.align, true);
            self.push("</thead>\n");
        }
        if !t.rows.is_empty() {
            self.push("<tbody>\n");
            self.rows(&t.rows, &t.align, false);
            self.push("</tbody>\n");
        }
        self.push("</table>\n</div>\n");
        if !t.notes.is_empty() {
            self.push("<div class=\"table-notes\">\n");
            self.blocks(&t.notes);
            self.push("</div>\n");
        }
        self.push("</div>\n");
    }

    /// Rows of cells; each cell is aligned as its first column, found through the cells that
    /// span down into its row.
    fn rows(&mut self, rows: &[Vec<Cell>], align: &[Align], header: bool) {
        let columns: usize = rows.first().map_or(0, |r| r.iter().map(|c| c.colspan as usize).sum());
        // How many more rows each column stays taken by a cell from above.
        let mut taken = vec![0u32; columns];
        for row in rows {
            self.push("<tr>");
            let mut col = 0usize;
            for cell in row {
                while taken.get(col).is_some_and(|t| *t > 0) {
                    col += 1;
                }
                let class = match align.get(col) {
                    Some(Align::Right) => " class=\"r\"",
                    Some(Align::Center) => " class=\"c\"",
                    _ => "",
                };
                let span = cell.colspan.max(1) as usize;
                for t in taken.iter_mut().skip(col).take(span) {
                    *t = cell.rowspan.max(1);
                }
                col += span;
                if header {
                    let scope = if cell.colspan > 1 { "colgroup" } else { "col" };
                    self.push(&format!("<th scope=\"{scope}\"{class}"));
                } else {
                    self.push(&format!("<td{class}"));
                }
                if cell.colspan > 1 {
                    self.push(&format!(" colspan=\"{}\"", cell.colspan));
                }
                if cell.rowspan > 1 {
                    self.push(&format!(" rowspan=\"{}\"", cell.rowspan));
                }
                self.push(">");
                self.start_text();
                self.inlines(&cell.text);
                self.push(if header { "</th>" } else { "</td>" });
            }
            self.push("</tr>\n");
            for t in &mut taken {
                *t = t.saturating_sub(1);
            }
        }
    }

    /// A figure: the image (or its alternative text when the caller has none), its numbered
    /// caption and its source line.
    fn figure(&mut self, f: &Figure) {
        // Every figure was numbered beforehand; one that was not would get no id and no number
        // rather than an id another figure has.
        let number = self.numbers.figures.get(&std::ptr::from_ref(f)).copied();
        match number {
            Some(n) => self.push(&format!("<figure id=\"fig-{n}\">\n")),
            None => self.push("<figure>\n"),
        }
        match self.image_src(&f.path.value) {
            Some(src) => {
                self.push("<img");
                if let Some(id) = author_anchor(&f.id) {
                    self.push(&format!(" id=\"{id}\""));
                }
                self.push(" src=\"");
                self.esc(&src);
                self.push("\" alt=\"");
                self.esc(&f.alt.value);
                self.push("\"");
                if let Some(width) = f.width {
                    self.push(&format!(" style=\"width:{}%\"", width.min(100)));
                }
                self.push(">\n");
            }
            None => {
                self.push("<p class=\"missing-image\"");
                if let Some(id) = author_anchor(&f.id) {
                    self.push(&format!(" id=\"{id}\""));
                }
                self.push(">");
                self.esc(&f.alt.value);
                self.push("</p>\n");
            }
        }
        if !f.caption.is_empty() || !f.source.is_empty() {
            self.push("<figcaption>");
            if !f.caption.is_empty() {
                self.push("<p>");
                if let Some(n) = number {
                    self.push("<span class=\"label\">");
                    let label = format!("{}\u{a0}{n}{}", self.word("figure"), self.word("caption-separator"));
                    self.esc(&label);
                    self.push("</span>");
                }
                self.start_text();
                self.inlines(&f.caption);
                self.push("</p>");
            }
            if !f.source.is_empty() {
                self.push("<p class=\"source\">");
                self.push_word("source");
                self.push(" ");
                self.start_text();
                self.before = Some(' ');
                self.inlines(&f.source);
                self.push("</p>");
            }
            self.push("</figcaption>\n");
        }
        self.push("</figure>\n");
    }

    /// A record block as a two-column table, as the `eccp` template prints a case study: its
    /// title field as the caption, then a row per field, labelled with the template's word for
    /// it (its manifest's `word`, such as `case-partners`) or else its label. Fields that share
    /// a word share a row (a case study's type of cooperation and its description); a nested
    /// table is a list of `word value` lines.
    fn record(&mut self, r: &RecordBlock) {
        self.push(&format!("<div class=\"record record-{}\">\n<table>\n", r.decl.name));
        let title = r.decl.title.and_then(|t| r.record.get(t));
        if let Some(Value::Inlines(title)) = title {
            self.push("<caption>");
            self.start_text();
            self.inlines(title);
            self.push("</caption>\n");
        }
        self.push("<tbody>\n");
        let fields: Vec<&Entry> = r.record.fields.iter().filter(|e| Some(e.key.key) != r.decl.title).collect();
        let label = |e: &Entry| e.key.word.unwrap_or(e.key.label);
        let mut i = 0;
        while let Some(first) = fields.get(i) {
            let row: Vec<&Entry> = fields[i..].iter().take_while(|e| label(e) == label(first)).copied().collect();
            i += row.len();
            self.push("<tr><th scope=\"row\">");
            // The label column is narrow on a phone: a label may break after a slash
            // ("Results/outcomes:"), which browsers do not do by themselves.
            let words = self.field_label(first.key);
            for (n, part) in words.split('/').enumerate() {
                if n > 0 {
                    self.push("/<wbr>");
                }
                self.esc(part);
            }
            self.push("</th><td>");
            let merged = row.len() > 1;
            for entry in row {
                match &entry.value {
                    Value::Inlines(i) if merged => {
                        self.push(&format!("<p class=\"field-{}\">", entry.key.key));
                        self.start_text();
                        self.inlines(i);
                        self.push("</p>\n");
                    }
                    value => self.field_value(entry.key, value),
                }
            }
            self.push("</td></tr>\n");
        }
        self.push("</tbody>\n</table>\n</div>\n");
    }

    /// What labels a field: the template's word for it, or the manifest's label.
    fn field_label(&self, key: &Key) -> String {
        match key.word {
            Some(word) => self.word(word),
            None => key.label.to_owned(),
        }
    }

    /// A field's value in a record's cell.
    fn field_value(&mut self, key: &Key, value: &Value) {
        match (key.kind, value) {
            (Kind::Email, Value::Plain(p)) if !p.value.chars().any(char::is_whitespace) => {
                self.push("<a class=\"address\" href=\"mailto:");
                self.esc(&p.value);
                self.push("\">");
                self.esc(&p.value);
                self.push("</a>");
            }
            (_, Value::Table(t)) => self.fields_list(t),
            (_, Value::Tables(list)) => list.iter().for_each(|t| self.fields_list(t)),
            (_, Value::Blocks(b)) => self.blocks(b),
            (_, Value::Inlines(i)) => {
                self.start_text();
                self.inlines(i);
            }
            (_, Value::Plain(p) | Value::File(p)) => self.esc(&p.value),
            (_, Value::List(items)) => {
                let joined = items.iter().map(|i| i.value.as_str()).collect::<Vec<_>>().join(", ");
                self.esc(&joined);
            }
            (_, Value::Date(d)) => self.esc(&d.value.format("%Y-%m-%d").to_string()),
            (_, Value::Month(m)) => self.esc(&m.value.to_string()),
            (_, Value::Count(n)) => self.esc(&n.value.to_string()),
        }
    }

    /// A nested table as a list: "Name: …", "Role: …", "E-mail: …" (a mail link).
    fn fields_list(&mut self, record: &folio_model::Record) {
        self.push("<ul class=\"fields\">\n");
        for entry in &record.fields {
            self.push("<li>");
            let label = self.field_label(entry.key);
            self.esc(&label);
            self.push(" ");
            if let Value::Inlines(_) = entry.value {
                self.before = Some(' ');
            }
            self.field_value(entry.key, &entry.value);
            self.push("</li>\n");
        }
        self.push("</ul>\n");
    }

    /// The footnotes as endnotes, by number, each with links back to every reference to it.
    pub(crate) fn endnotes(&mut self) {
        let doc = self.doc;
        let order = doc.footnote_order();
        if order.is_empty() {
            return;
        }
        self.push("<section class=\"endnotes\" role=\"doc-endnotes\" id=\"doc-notes\">\n<ol>\n");
        for (i, id) in order.iter().enumerate() {
            let n = i + 1;
            self.push(&format!("<li id=\"fn-{n}\">"));
            if let Some(note) = doc.footnote(id) {
                self.start_text();
                self.inlines(&note.body);
            }
            let references = self.note_refs.get(i).copied().unwrap_or(0);
            for occurrence in 1..=references {
                let (anchor, mark) = if occurrence == 1 {
                    (format!("fnref-{n}"), String::new())
                } else {
                    (format!("fnref-{n}-{occurrence}"), format!("<sup>{occurrence}</sup>"))
                };
                let label = words::backlink(&self.language, n, occurrence);
                self.push(&format!(" <a href=\"#{anchor}\" class=\"backlink\" role=\"doc-backlink\" aria-label=\""));
                self.esc(&label);
                self.push(&format!("\">↩\u{FE0E}{mark}</a>"));
            }
            self.push("</li>\n");
        }
        self.push("</ol>\n</section>\n");
    }
}
