//! What the tests share: checked documents from the repository's data, the eccp template's words
//! read from its catalogue as the CLI resolves them, and a look at a page's ids and links.

#![allow(dead_code)]

use std::path::PathBuf;

use folio_model::{Document, SourceFile};
use folio_validate::Checked;

/// The repository's root.
pub fn root() -> PathBuf {
    PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR")).join("../..")
}

/// A data file of the repository, checked as `folio check` checks it (its template's format,
/// its shared files, its images).
pub fn checked(path: &str) -> Checked {
    let text = std::fs::read_to_string(root().join(path)).unwrap();
    let data_dir = root().join(path).parent().unwrap().to_owned();
    let outcome = folio_compile::check(&root().join("templates"), &SourceFile::new(path, text), &data_dir);
    outcome.document.unwrap_or_else(|| panic!("{path} refused: {:#?}", outcome.diagnostics))
}

/// Data given as text, checked; it must have no errors.
pub fn checked_text(name: &str, text: &str) -> Checked {
    // Read as the repository's templates read it (the eccp case study is theirs).
    let catalog = folio_template::Catalog::load(&root().join("templates")).expect("the templates load");
    let formats = catalog.formats();
    let outcome = folio_validate::check_with(&SourceFile::new(name, text), &folio_model::Templates::new(&formats));
    outcome.document.unwrap_or_else(|| panic!("{name} refused: {:#?}", outcome.diagnostics))
}

/// The words of the eccp template for `doc`: its `[labels]`, else the catalogue's table of its
/// language, else the English one.
pub fn words_for(doc: &Document) -> impl Fn(&str) -> String + use<> {
    let text = std::fs::read_to_string(root().join("templates/eccp/labels.toml")).unwrap();
    let catalogue: toml::Table = text.parse().unwrap();
    let language = doc.lang.value.split('-').next().unwrap().to_owned();
    let overrides: Vec<(String, String)> =
        doc.labels.iter().map(|l| (l.key.value.clone(), l.value.value.clone())).collect();
    move |key: &str| {
        if let Some((_, v)) = overrides.iter().find(|(k, _)| k == key) {
            return v.clone();
        }
        let in_table = |lang: &str| catalogue.get(lang)?.as_table()?.get(key)?.as_str().map(str::to_owned);
        in_table(&language).or_else(|| in_table("en")).unwrap_or_else(|| panic!("no label `{key}`"))
    }
}

/// A `data:` URI standing for any image.
pub const IMAGE: &str = "data:image/svg+xml;base64,PHN2Zy8+";

/// The page of `doc` with the template's words and every image available.
pub fn page(doc: &Checked) -> String {
    let words = words_for(doc);
    folio_html::render(doc, &folio_html::Page { words: &words, image: &|_| Some(IMAGE.to_owned()) })
}

/// The page of `doc` with no image available.
pub fn page_without_images(doc: &Checked) -> String {
    let words = words_for(doc);
    folio_html::render(doc, &folio_html::Page { words: &words, image: &|_| None })
}

/// The values of every `attribute="…"` in the page (attribute values are always double-quoted,
/// and text never holds a `"`: it is escaped).
pub fn attributes(html: &str, attribute: &str) -> Vec<String> {
    let needle = format!(" {attribute}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest[..rest.find('"').unwrap()].to_owned()
        })
        .collect()
}

/// Every heading's level in page order: `<h1>`…`<h6>` and `role="heading" aria-level="n"`.
pub fn heading_levels(html: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let bytes = html.as_bytes();
    for (i, _) in html.match_indices('<') {
        if bytes.get(i + 1) == Some(&b'h') && bytes.get(i + 2).is_some_and(|b| (b'1'..=b'6').contains(b)) {
            let next = bytes.get(i + 3);
            if next == Some(&b'>') || next == Some(&b' ') {
                out.push(usize::from(bytes[i + 2] - b'0'));
            }
        } else if html[i..].starts_with("<p class=\"h7\" role=\"heading\" aria-level=\"") {
            let rest = &html[i + "<p class=\"h7\" role=\"heading\" aria-level=\"".len()..];
            out.push(rest[..rest.find('"').unwrap()].parse().unwrap());
        }
    }
    out
}

/// The elements the page writes.
const ELEMENTS: &[&str] = &[
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "nav",
    "main",
    "section",
    "div",
    "p",
    "span",
    "strong",
    "em",
    "a",
    "sup",
    "br",
    "wbr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "table",
    "caption",
    "colgroup",
    "col",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "figure",
    "figcaption",
    "img",
    "svg",
    "rect",
    "g",
    "polygon",
];

/// The attributes the page writes.
const ATTRIBUTES: &[&str] = &[
    "lang",
    "charset",
    "name",
    "content",
    "class",
    "id",
    "href",
    "role",
    "aria-label",
    "aria-labelledby",
    "aria-level",
    "tabindex",
    "scope",
    "colspan",
    "rowspan",
    "start",
    "src",
    "alt",
    "style",
    "viewBox",
    "width",
    "height",
    "fill",
    "transform",
    "points",
];

/// Reads the page's tags as a browser would and checks that every element and attribute is one
/// the page writes, every attribute value double-quoted: data never adds markup.
pub fn assert_only_page_markup(html: &str, what: &str) {
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt + 1..];
        if let Some(after) = rest.strip_prefix("!DOCTYPE html>") {
            rest = after;
            continue;
        }
        let closing = rest.starts_with('/');
        let body = rest.trim_start_matches('/');
        let name_len = body.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(body.len());
        let name = &body[..name_len];
        assert!(ELEMENTS.contains(&name), "{what}: an element <{name}> the page does not write");
        let mut tag = &body[name_len..];
        loop {
            tag = tag.trim_start();
            if let Some(after) = tag.strip_prefix("/>").or_else(|| tag.strip_prefix('>')) {
                rest = after;
                break;
            }
            assert!(!closing, "{what}: attributes on </{name}>");
            let attr_len = tag.find(['=', ' ', '>']).unwrap_or(tag.len());
            let attr = &tag[..attr_len];
            assert!(ATTRIBUTES.contains(&attr), "{what}: an attribute `{attr}` on <{name}>");
            let value = tag[attr_len..].strip_prefix("=\"").unwrap_or_else(|| panic!("{what}: `{attr}` unquoted"));
            let end = value.find('"').unwrap();
            assert!(!value[..end].contains('<'), "{what}: `<` in an attribute");
            tag = &value[end + 1..];
        }
        // The style sheet is the page's own; it holds no `<`.
        if name == "style" && !closing {
            let end = rest.find("</style>").unwrap();
            assert!(!rest[..end].contains('<'), "{what}: markup in the style sheet");
            rest = &rest[end..];
        }
    }
}
