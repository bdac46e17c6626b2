//! Hostile text in every field, hostile words and hostile image sources: none of it becomes
//! markup, an attribute, a script or a resource; all of it prints as written.

mod support;

use support::{attributes, checked_text, page, words_for};

/// Strings that would be markup, attributes, scripts or a way out of `<style>` or `<title>` if
/// they reached the page unescaped.
const CORPUS: &[&str] = &[
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "\" onload=\"alert(1)",
    "' onmouseover='alert(1)",
    "</style><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "<!-- x --> <![CDATA[ x ]]> &amp; &lt;b&gt; &#x3C;",
    "javascript:alert(1) data:text/html,<b>x</b>",
];

/// A TOML basic string holding exactly `s`.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `s` as Markdown that reads back as exactly `s`: every ASCII punctuation mark escaped.
fn markdown_literal(s: &str) -> String {
    s.chars().flat_map(|c| if c.is_ascii_punctuation() { vec!['\\', c] } else { vec![c] }).collect()
}

/// A deliverable with `plain` in every one-line field and `md` (Markdown) in every prose field.
fn data(plain: &str, md: &str) -> String {
    let p = toml_string(plain);
    let m = toml_string(md);
    let note = toml_string(&format!("{md}[^n]"));
    format!(
        r#"template = "eccp"
lang = "en"
[project]
name = {p}
acronym = {p}
start = 2020-01-15
duration-months = 18
grant-agreement = {p}
programme = {p}
granting-authority = {p}
logo = {{ file = "logos/x.png", alt = {p} }}
[deliverable]
number = {p}
short-number = {p}
title = {p}
work-package = {p}
lead = {p}
validated-by = {p}
contractual-delivery = "M12"
actual-delivery = "M11"
version = {p}
authors = [{p}]
keywords = [{p}]
abstract = {note}
[[sections]]
title = {m}
text = {m}
[[sections.blocks]]
[sections.blocks.table]
caption = {m}
header = [[{m}]]
rows = [[{m}]]
notes = {m}
[[sections.blocks]]
[sections.blocks.figure]
file = "figures/x.png"
alt = {p}
caption = {m}
source = {m}
  [[sections.sections]]
  title = {m}
    [[sections.sections.blocks]]
    [sections.sections.blocks.case-study]
    title = {m}
    partners = {m}
    sectors = {m}
    context = {m}
    cooperation-type = {m}
    cooperation = {m}
    objective = {m}
    policy-support = {m}
    results = {m}
      [sections.sections.blocks.case-study.contact]
      name = {m}
      role = {m}
      email = "someone@example.org"
[[history]]
version = {p}
date = 2020-06-01
author = {m}
summary = {m}
[footnotes]
n = {m}
"#
    )
}

/// What an escaped `s` looks like on the page.
fn escaped(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

/// Whether the page holds no markup but its own: one style element, no script, no event
/// handler, no attribute but the page's.
fn assert_inert(html: &str, what: &str) {
    assert!(!html.contains("<script"), "{what}: a script");
    assert!(!html.contains("<img src=x"), "{what}: an image of the data");
    assert_eq!(html.matches("<style>").count(), 1, "{what}");
    assert_eq!(html.matches("</style>").count(), 1, "{what}");
    assert_eq!(html.matches("</title>").count(), 1, "{what}");
    assert!(!html.contains("<!--") && !html.contains("<![CDATA["), "{what}");
    support::assert_only_page_markup(html, what);
    for href in attributes(html, "href") {
        assert!(href.starts_with('#') || href.starts_with("https://") || href.starts_with("mailto:"), "{what}: {href}");
    }
}

#[test]
fn hostile_text_in_every_field_is_escaped_and_printed() {
    for hostile in CORPUS.iter().copied() {
        let doc = checked_text("hostile.toml", &data(hostile, &markdown_literal(hostile)));
        let html = page(&doc);
        assert_inert(&html, hostile);
        // Plain fields (16 on the cover and in the title, the alternative texts) and prose fields
        // (abstract, footnote, two titles, text, caption, cells, notes, figure, case study,
        // contact, history): each printed, escaped.
        // (Prose turns straight quotes into typographic ones: the longest run without one.)
        let run = hostile.split(['"', '\'']).max_by_key(|s| s.len()).unwrap();
        let count = html.matches(&escaped(run)).count();
        assert!(count >= 30, "{run:?} is printed {count} times");
        assert!(html.contains(&escaped(hostile)), "{hostile:?} is printed as written in one-line fields");
    }
}

#[test]
fn hostile_words_are_escaped_too() {
    let doc = checked_text("plain.toml", &data("x", "y"));
    let hostile = "</style><script>alert(1)</script>\"'<b>";
    let words = |_: &str| hostile.to_owned();
    let html = folio_html::render(&doc, &folio_html::Page { words: &words, image: &|_| None });
    assert_inert(&html, "words");
    assert!(html.contains(&escaped(hostile)));
}

#[test]
fn only_data_image_uris_become_image_sources() {
    let doc = checked_text("plain.toml", &data("x", "y"));
    let words = words_for(&doc);
    for src in ["javascript:alert(1)", "https://example.org/x.png", "data:text/html,<script>", "//evil.org/x.png"] {
        let html = folio_html::render(&doc, &folio_html::Page { words: &words, image: &|_| Some(src.to_owned()) });
        assert!(!html.contains("<img"), "{src}");
        assert!(!html.contains("evil") && !html.contains("example.org/x.png") && !html.contains("javascript"), "{src}");
    }
    // A data URI is an attribute value: its quotes cannot end it.
    let src = "data:image/svg+xml,<svg onload=\"alert(1)\"/>";
    let html = folio_html::render(&doc, &folio_html::Page { words: &words, image: &|_| Some(src.to_owned()) });
    assert!(html.contains(&format!("src=\"{}\"", escaped(src))));
    assert_inert(&html, "image source");
}

#[test]
fn links_keep_their_target_escaped() {
    let text = data("x", "see [the \"site\"](https://example.org/?a=1&b=\"2\") and <a@example.org>");
    let html = page(&checked_text("links.toml", &text));
    assert!(html.contains("see <a href=\"https://example.org/?a=1&amp;b=&quot;2&quot;\">the “site”</a> and <a class=\"address\" href=\"mailto:a@example.org\">a@example.org</a>"));
    support::assert_only_page_markup(&html, "links");
}
