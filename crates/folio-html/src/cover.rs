//! The cover and the contents: what `templates/eccp/lib.typ` prints before the body.

use folio_model::{Located, Record, Value};

use crate::Renderer;
use crate::numbers::{heading_number, section_anchor};
use crate::words;

/// The EU emblem, drawn to the official geometry as the template draws it (`eu.typ`): a 3:2
/// Reflex Blue rectangle, twelve upright gold stars on a circle of a third of its height.
/// (Coordinates in a 300 × 200 box, computed once.)
const EU_STARS: &str =
    "0,-11.11 2.49,-3.43 10.57,-3.43 4.04,1.31 6.53,8.99 0,4.24 -6.53,8.99 -4.04,1.31 -10.57,-3.43 -2.49,-3.43";
const EU_STAR_CENTRES: [(&str, &str); 12] = [
    ("150", "33.33"),
    ("183.33", "42.26"),
    ("207.74", "66.67"),
    ("216.67", "100"),
    ("207.74", "133.33"),
    ("183.33", "157.74"),
    ("150", "166.67"),
    ("116.67", "157.74"),
    ("92.26", "133.33"),
    ("83.33", "100"),
    ("92.26", "66.67"),
    ("116.67", "42.26"),
];

/// The cover's metadata rows: the label key and the deliverable's or project's key, in the
/// template's order (`_cover-flow`).
enum Row {
    /// A one-line value of the project.
    Project(&'static str),
    /// A one-line value of the deliverable.
    Deliverable(&'static str),
}

const ROWS: &[(&str, Row)] = &[
    ("project-name", Row::Project("name")),
    ("project-acronym", Row::Project("acronym")),
    ("grant-agreement", Row::Project("grant-agreement")),
    ("deliverable-title-number", Row::Deliverable("number")),
    ("work-package", Row::Deliverable("work-package")),
    ("deliverable-lead", Row::Deliverable("lead")),
    ("validated-by", Row::Deliverable("validated-by")),
    ("contractual-delivery", Row::Deliverable("contractual-delivery")),
    ("actual-delivery", Row::Deliverable("actual-delivery")),
    ("project-start", Row::Project("start")),
    ("duration", Row::Project("duration-months")),
    ("document-version", Row::Deliverable("version")),
    ("dissemination-level", Row::Deliverable("dissemination-level")),
    ("deliverable-type", Row::Deliverable("deliverable-type")),
    ("authors", Row::Deliverable("authors")),
    ("reviewers", Row::Deliverable("reviewers")),
];

impl Renderer<'_> {
    /// The cover in a `<header>`: logo, title, metadata table, version history, abstract,
    /// partners' logos and the funding block, in the PDF's order.
    pub(crate) fn cover(&mut self) {
        let doc = self.doc;
        self.push("<header class=\"cover\">\n");
        if let Some(logo) = doc.project.table("logo") {
            self.push("<p class=\"logo\">");
            self.logo(logo);
            self.push("</p>\n");
        }
        self.push("<h1 class=\"title\">");
        let title = self.title();
        self.esc(&title);
        self.push("</h1>\n");
        self.metadata_table();
        self.history();
        self.abstract_();
        if let Some(Value::Tables(logos)) = doc.project.get("partner-logos")
            && !logos.is_empty()
        {
            self.push("<ul class=\"partner-logos\">\n");
            for logo in logos {
                self.push("<li>");
                self.logo(logo);
                self.push("</li>\n");
            }
            self.push("</ul>\n");
        }
        self.funding();
        self.push("</header>\n");
    }

    /// A logo (`{ file, alt }`) as an image, or its alternative text without one.
    fn logo(&mut self, logo: &Record) {
        let alt = logo.plain("alt").map_or(String::new(), |a| a.value.clone());
        let src = logo.get("file").and_then(|v| match v {
            Value::File(f) => self.image_src(&f.value),
            _ => None,
        });
        match src {
            Some(src) => {
                self.push("<img src=\"");
                self.esc(&src);
                self.push("\" alt=\"");
                self.esc(&alt);
                self.push("\">");
            }
            None => {
                self.push("<span class=\"missing-image\">");
                self.esc(&alt);
                self.push("</span>");
            }
        }
    }

    fn metadata_table(&mut self) {
        let doc = self.doc;
        let mut rows: Vec<(&str, String)> = Vec::new();
        for (label, row) in ROWS {
            let (record, key) = match row {
                Row::Project(k) => (&doc.project, *k),
                Row::Deliverable(k) => (&doc.deliverable, *k),
            };
            let text = match (*label, record.get(key)) {
                ("deliverable-title-number", _) => {
                    let parts: Vec<&str> = [record.plain("number"), record.plain("title")]
                        .into_iter()
                        .flatten()
                        .map(|p| p.value.as_str())
                        .collect();
                    (!parts.is_empty()).then(|| parts.join(" – "))
                }
                (_, Some(Value::Plain(p))) => Some(p.value.clone()),
                (_, Some(Value::Month(m))) => Some(m.value.to_string()),
                (_, Some(Value::Date(d))) => Some(words::date(d.value, &self.language, self.page.words)),
                (_, Some(Value::Count(n))) => Some(words::duration(n.value, self.page.words)),
                (_, Some(Value::List(items))) => {
                    Some(items.iter().map(|i: &Located<String>| i.value.as_str()).collect::<Vec<_>>().join(", "))
                }
                _ => None,
            };
            if let Some(text) = text {
                rows.push((label, text));
            }
        }
        self.push("<table class=\"metadata\">\n<tbody>\n");
        for (label, text) in rows {
            self.push("<tr><th scope=\"row\">");
            self.push_word(label);
            self.push("</th><td>");
            self.esc(&text);
            self.push("</td></tr>\n");
        }
        self.push("</tbody>\n</table>\n");
    }

    /// The version history: four columns under a caption, dates in ISO in every language.
    fn history(&mut self) {
        let doc = self.doc;
        if doc.history.is_empty() {
            return;
        }
        self.push("<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"doc-history\">\n");
        self.push("<table class=\"history\">\n<caption id=\"doc-history\">");
        self.push_word("version-history");
        self.push("</caption>\n<thead>\n<tr>");
        for key in ["history-version", "history-date", "history-author", "history-summary"] {
            self.push("<th scope=\"col\">");
            self.push_word(key);
            self.push("</th>");
        }
        self.push("</tr>\n</thead>\n<tbody>\n");
        for h in &doc.history {
            self.push("<tr><td>");
            self.esc(&h.version.value);
            self.push("</td><td>");
            self.push(&h.date.value.format("%Y-%m-%d").to_string());
            self.push("</td><td>");
            self.start_text();
            self.inlines(&h.author);
            self.push("</td><td>");
            self.start_text();
            self.inlines(&h.summary);
            self.push("</td></tr>\n");
        }
        self.push("</tbody>\n</table>\n</div>\n");
    }

    /// The abstract, its label opening the first paragraph as in the PDF.
    fn abstract_(&mut self) {
        let blocks = self.doc.deliverable.blocks("abstract");
        if blocks.is_empty() {
            return;
        }
        self.push("<section class=\"abstract\" role=\"doc-abstract\" aria-labelledby=\"doc-abstract\">\n");
        let label = |r: &mut Self| {
            r.push("<strong class=\"label\" id=\"doc-abstract\">");
            r.push_word("abstract");
            r.push("</strong>");
        };
        match blocks.split_first() {
            Some((folio_model::Block::Paragraph(first), rest)) => {
                self.push("<p>");
                label(self);
                self.push(" ");
                self.start_text();
                self.before = Some(' ');
                self.inlines(first);
                self.push("</p>\n");
                self.blocks(rest);
            }
            _ => {
                self.push("<p>");
                label(self);
                self.push("</p>\n");
                self.blocks(blocks);
            }
        }
        self.push("</section>\n");
    }

    /// The EU funding block of `eu.typ`: the emblem with "Funded by the European Union", the
    /// funding statement and the disclaimer, each only when the data calls for it.
    fn funding(&mut self) {
        let project = &self.doc.project;
        let programme = project.plain("programme").map(|p| p.value.clone());
        let grant = project.plain("grant-agreement").map(|g| g.value.clone());
        let statement = project.inlines("funding-statement");
        let disclaimer = project.blocks("disclaimer");
        if programme.is_none() && statement.is_empty() && disclaimer.is_empty() {
            return;
        }
        let h2020 = programme.as_deref() == Some("Horizon 2020");
        // The statement: the data's own words, else the template's for the programme.
        let worded_statement = match (&programme, statement.is_empty()) {
            (Some(programme), true) => {
                let name = words::programme(programme, self.page.words);
                Some(match &grant {
                    None => words::fill(&self.word("funding"), &[("programme", &name)]),
                    Some(grant) => words::fill(&self.word("funding-grant"), &[("programme", &name), ("grant", grant)]),
                })
            }
            _ => None,
        };
        let has_statement = worded_statement.is_some() || !statement.is_empty();
        let funded_by = worded_statement.is_some() && !h2020;
        let worded_disclaimer =
            (disclaimer.is_empty() && !h2020 && (programme.is_some() || has_statement)).then(|| {
                let authority = project
                    .plain("granting-authority")
                    .map_or_else(|| self.word("granting-authority-default"), |a| a.value.clone());
                words::fill(&self.word("disclaimer"), &[("authority", &authority)])
            });
        self.push("<div class=\"funding\">\n");
        if has_statement {
            self.push("<div class=\"lockup\">");
            self.emblem();
            if funded_by {
                self.push("<p class=\"funded-by\">");
                self.push_word("funded-by");
                self.push("</p>");
            }
            self.push("</div>\n");
        }
        self.push("<div class=\"funding-text\">\n");
        if let Some(s) = worded_statement {
            self.push("<p class=\"statement\">");
            self.esc(&s);
            self.push("</p>\n");
        } else if !statement.is_empty() {
            self.push("<p class=\"statement\">");
            self.start_text();
            self.inlines(statement);
            self.push("</p>\n");
        }
        if let Some(d) = worded_disclaimer {
            self.push("<p class=\"disclaimer\">");
            self.esc(&d);
            self.push("</p>\n");
        } else if !disclaimer.is_empty() {
            self.push("<div class=\"disclaimer\">\n");
            self.blocks(disclaimer);
            self.push("</div>\n");
        }
        self.push("</div>\n</div>\n");
    }

    /// The EU emblem as inline SVG, named by the `eu-emblem-alt` words.
    fn emblem(&mut self) {
        self.push("<svg class=\"emblem\" role=\"img\" aria-label=\"");
        let alt = self.word("eu-emblem-alt");
        self.esc(&alt);
        self.push("\" viewBox=\"0 0 300 200\" width=\"66\" height=\"44\"><rect width=\"300\" height=\"200\" fill=\"#039\"/><g fill=\"#fc0\">");
        for (x, y) in EU_STAR_CENTRES {
            self.push(&format!("<polygon transform=\"translate({x} {y})\" points=\"{EU_STARS}\"/>"));
        }
        self.push("</g></svg>");
    }

    /// The contents (numbered sections down to `contents-depth`, 3 by default) and the lists of
    /// captioned figures and of numbered tables, as the PDF prints them after the cover.
    pub(crate) fn contents(&mut self) {
        let doc = self.doc;
        let depth = doc.deliverable.count("contents-depth").map_or(3, |d| d.value as usize);
        if !doc.sections.is_empty() {
            self.push("<nav class=\"contents\" aria-labelledby=\"doc-contents\">\n<h2 id=\"doc-contents\">");
            self.push_word("contents");
            self.push("</h2>\n");
            self.contents_list(&doc.sections, &mut Vec::new(), depth);
            self.push("</nav>\n");
        }
        let figures = std::mem::take(&mut self.numbers.figure_list);
        if !figures.is_empty() {
            self.list_nav(
                "doc-figures",
                "list-of-figures",
                "figure",
                "fig",
                figures.iter().map(|(f, n)| (&f.caption[..], *n)),
            );
        }
        self.numbers.figure_list = figures;
        let tables = std::mem::take(&mut self.numbers.table_list);
        if !tables.is_empty() {
            self.list_nav(
                "doc-tables",
                "list-of-tables",
                "table",
                "tbl",
                tables.iter().map(|(t, n)| (&t.caption[..], *n)),
            );
        }
        self.numbers.table_list = tables;
    }

    fn contents_list(&mut self, sections: &[folio_model::Section], path: &mut Vec<usize>, depth: usize) {
        self.push("<ol>\n");
        for (i, s) in sections.iter().enumerate() {
            path.push(i + 1);
            self.push(&format!(
                "<li><a href=\"#{}\"><span class=\"num\">{}</span> ",
                section_anchor(path),
                heading_number(path)
            ));
            self.plain_inlines(&s.title);
            self.push("</a>");
            if path.len() < depth && !s.sections.is_empty() {
                self.push("\n");
                self.contents_list(&s.sections, path, depth);
            }
            self.push("</li>\n");
            path.pop();
        }
        self.push("</ol>\n");
    }

    /// A list of figures or tables: "Figure 1: caption", each a link.
    fn list_nav<'c>(
        &mut self,
        id: &str,
        title: &str,
        word: &str,
        prefix: &str,
        entries: impl Iterator<Item = (&'c [folio_model::Inline], usize)>,
    ) {
        self.push(&format!("<nav class=\"figure-list\" aria-labelledby=\"{id}\">\n<h2 id=\"{id}\">"));
        self.push_word(title);
        self.push("</h2>\n<ul>\n");
        let supplement = self.word(word);
        let separator = self.word("caption-separator");
        for (caption, n) in entries {
            self.push(&format!("<li><a href=\"#{prefix}-{n}\">"));
            self.esc(&format!("{supplement}\u{a0}{n}{separator}"));
            self.plain_inlines(caption);
            self.push("</a></li>\n");
        }
        self.push("</ul>\n</nav>\n");
    }

    /// Inlines without links or footnote references, for text that is a link itself.
    pub(crate) fn plain_inlines(&mut self, inlines: &[folio_model::Inline]) {
        let plain = std::mem::replace(&mut self.plain, true);
        self.start_text();
        self.inlines(inlines);
        self.plain = plain;
    }
}
