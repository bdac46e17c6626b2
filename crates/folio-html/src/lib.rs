//! One self-contained, accessible HTML page for a checked deliverable: the same document the
//! PDF prints, for reading on a screen or a phone and for assistive technology.
//!
//! [`render`] walks the model as `folio-lower` does and writes the page straight into one string:
//! the cover (title, metadata table, version history, abstract, logos and the EU funding block)
//! in a `<header>`, the contents and the lists of figures and tables in `<nav>`s, the numbered
//! sections in `<main>`, and the footnotes as endnotes, numbered by first reference exactly as the
//! PDF numbers them ([`folio_model::Document::footnote_order`]). The page carries its style and
//! its images (as `data:` URIs); it loads nothing and runs no script.
//!
//! **Data is never markup.** Every string from the data file reaches the page escaped, as text or
//! as a double-quoted attribute value; link targets come only from `Inline::Link` (web and mail
//! addresses, checked again here), image sources only from the caller's `data:` URIs, and ids
//! only from numbers and from checked ids.
//!
//! The crate does no I/O: the template's words and the images come through [`Page`]
//! ([`data_uri`] makes an image's `data:` URI from its file's bytes).
//!
//! ```
//! let data = r#"
//! template = "eccp"
//! lang = "en"
//! [project]
//! name = "A project"
//! acronym = "AP"
//! start = 2024-01-01
//! duration-months = 24
//! [deliverable]
//! number = "D1.1"
//! title = "A report"
//! work-package = "WP1"
//! lead = "A partner"
//! validated-by = "The board"
//! contractual-delivery = "M6"
//! actual-delivery = "M6"
//! version = "V1"
//! abstract = "What it says."
//! [[sections]]
//! title = "Introduction"
//! text = "Some text[^a]."
//! [footnotes]
//! a = "A note."
//! "#;
//! let checked = folio_validate::check(&folio_model::SourceFile::new("d.toml", data));
//! let doc = checked.document.expect("valid data");
//! // The CLI reads the template's labels.toml and the image files; here, a few words.
//! let words = |key: &str| match key {
//!     "contents" => "Contents".to_owned(),
//!     other => other.to_owned(),
//! };
//! let html = folio_html::render(&doc, &folio_html::Page { words: &words, image: &|_| None });
//! assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
//! assert!(html.contains("<h2 id=\"doc-contents\">Contents</h2>"));
//! assert!(html.contains("<a href=\"#fn-1\" id=\"fnref-1\" role=\"doc-noteref\">1</a>"));
//! ```

// Library code returns errors: a panic on data-dependent paths would be a crash for the author.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod body;
mod cover;
mod data_uri;
mod escape;
mod numbers;
mod quotes;
mod words;

use std::collections::HashMap;

use folio_model::Document;
use folio_validate::Checked;

pub use crate::data_uri::data_uri;
use crate::escape::push_str;
use crate::numbers::Numbers;
use crate::quotes::{QuoteSet, Quoter};

/// What the page needs from outside the document: the template's words and the images.
pub struct Page<'a> {
    /// The template's word for a label key of its `labels.toml` (`"abstract"` → `"Abstract:"`,
    /// `"contents"`, `"section"`, `"figure"`, `"table"`, `"project-name"`, `"month-9"`,
    /// `"duration-years"`…), already resolved for the document's language and its `[labels]`.
    /// Words are plain text (escaped here); `{n}`-style placeholders are filled here.
    pub words: &'a dyn Fn(&str) -> String,
    /// A `data:image/…` URI for an image path of the data folder (figures and logos), or `None`
    /// when it cannot be had: the page then shows the image's alternative text. Anything but a
    /// `data:image/` URI is treated as `None`, so the page never loads a resource.
    pub image: &'a dyn Fn(&str) -> Option<String>,
}

/// Renders a checked document as one HTML page (UTF-8 text, `<!DOCTYPE html>` first).
///
/// The same document and words give the same bytes.
pub fn render(doc: &Checked, page: &Page) -> String {
    let doc: &Document = doc;
    let mut r = Renderer::new(doc, page);
    r.document();
    r.out
}

/// The page's style: the eccp template's colours (`templates/eccp/style.typ`) and font, on a
/// column a phone can read.
const STYLE: &str = include_str!("style.css");

/// Writes the page into one buffer. Writing to a `String` cannot fail.
pub(crate) struct Renderer<'a> {
    doc: &'a Document,
    page: &'a Page<'a>,
    out: String,
    /// The document's primary language subtag (`es` for `es-MX`), for the words folio fills in.
    language: String,
    numbers: Numbers<'a>,
    /// Footnote numbers by id, in the order of first reference.
    notes: HashMap<&'a str, usize>,
    /// How many references to each footnote have been written (index: number − 1).
    note_refs: Vec<u32>,
    /// The open quotes of the current paragraph.
    quoter: Quoter,
    /// The character before the next one written in the current paragraph, for smart quotes.
    before: Option<char>,
    /// Whether straight quotes become the language's (not inside a printed address).
    smart_quotes: bool,
    /// The languages of the text being written, innermost last (the document's first).
    langs: Vec<String>,
    /// Whether inlines are written without links and footnote references (the contents, the
    /// lists, which are links themselves).
    plain: bool,
    /// Whether the text being written is a link's: a link in it prints as its text.
    in_link: bool,
}

impl<'a> Renderer<'a> {
    fn new(doc: &'a Document, page: &'a Page<'a>) -> Self {
        let order = doc.footnote_order();
        let note_refs = vec![0; order.len()];
        let notes = order.into_iter().enumerate().map(|(i, id)| (id, i + 1)).collect();
        Renderer {
            doc,
            page,
            out: String::new(),
            language: doc.lang.value.split('-').next().unwrap_or_default().to_owned(),
            numbers: Numbers::of(doc),
            notes,
            note_refs,
            quoter: Quoter::default(),
            before: None,
            smart_quotes: true,
            langs: vec![doc.lang.value.clone()],
            plain: false,
            in_link: false,
        }
    }

    fn push(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// Data text or a word, escaped.
    fn esc(&mut self, s: &str) {
        push_str(&mut self.out, s);
    }

    /// The template's word for `key`.
    fn word(&self, key: &str) -> String {
        (self.page.words)(key)
    }

    /// A word written as text: escaped, its line breaks (`funded-by`) as `<br>`.
    fn push_word(&mut self, key: &str) {
        let word = self.word(key);
        self.push_lines(&word);
    }

    /// Text whose `\n` are line breaks.
    fn push_lines(&mut self, text: &str) {
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                self.push("<br>");
            }
            self.esc(line);
        }
    }

    /// Starts a paragraph-like run of text: quotes opened before it do not carry over.
    fn start_text(&mut self) {
        self.quoter = Quoter::default();
        self.before = None;
    }

    fn quote_set(&self) -> QuoteSet {
        QuoteSet::of(self.langs.last().map_or("en", String::as_str))
    }

    /// An image's `data:` URI, if the caller has one.
    fn image_src(&self, path: &str) -> Option<String> {
        (self.page.image)(path).filter(|src| escape::is_data_image(src))
    }

    fn document(&mut self) {
        let doc = self.doc;
        self.push("<!DOCTYPE html>\n<html lang=\"");
        self.esc(&doc.lang.value);
        self.push("\">\n<head>\n<meta charset=\"utf-8\">\n");
        self.push("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        self.push("<title>");
        let title = self.title();
        self.esc(&title);
        self.push("</title>\n");
        self.head_metadata();
        self.push("<style>\n");
        self.push(STYLE);
        self.push("</style>\n</head>\n<body>\n");
        self.cover();
        self.contents();
        self.push("<main>\n");
        let mut path = Vec::new();
        for (i, s) in doc.sections.iter().enumerate() {
            path.push(i + 1);
            self.section(s, &mut path);
            path.pop();
        }
        self.endnotes();
        self.push("</main>\n</body>\n</html>\n");
    }

    /// "D. 3.5 – Discussion paper on Mexico": the short number (else the number) and the title.
    fn title(&self) -> String {
        let d = &self.doc.deliverable;
        let number = d.plain("short-number").or_else(|| d.plain("number"));
        let parts: Vec<&str> = [number, d.plain("title")]
            .into_iter()
            .flatten()
            .map(|p| p.value.as_str())
            .filter(|s| !s.is_empty())
            .collect();
        parts.join(" – ")
    }

    /// The PDF's metadata as `<meta>`: its subject line, authors and keywords.
    fn head_metadata(&mut self) {
        let doc = self.doc;
        fn plain<'r>(record: &'r folio_model::Record, key: &str) -> &'r str {
            record.plain(key).map_or("", |p| p.value.as_str())
        }
        let subject = words::fill(
            &self.word("document-subject"),
            &[
                ("acronym", plain(&doc.project, "acronym")),
                ("number", plain(&doc.deliverable, "number")),
                ("work-package", plain(&doc.deliverable, "work-package")),
                ("project", plain(&doc.project, "name")),
            ],
        );
        let mut meta = |name: &str, content: &str| {
            if !content.trim().is_empty() {
                self.push(&format!("<meta name=\"{name}\" content=\""));
                self.esc(content.trim());
                self.push("\">\n");
            }
        };
        meta("description", &subject);
        let authors: Vec<&str> = doc.deliverable.list("authors").iter().map(|a| a.value.as_str()).collect();
        let author = if authors.is_empty() { plain(&doc.deliverable, "lead").to_owned() } else { authors.join(", ") };
        meta("author", &author);
        let keywords: Vec<&str> = doc.deliverable.list("keywords").iter().map(|k| k.value.as_str()).collect();
        meta("keywords", &keywords.join(", "));
    }
}
