//! Hostile text in every kind of field: Typst code, markup, escapes, control and bidi
//! characters. None of it runs; all of it prints as written; bad link targets are refused.

use folio_compile::Compiler;
use folio_model::SourceFile;
use folio_tests::root;

const CORPUS: &[&str] = &[
    r#"#read("/etc/passwd")"#,
    r#"#import "@preview/cetz:0.3.0": *"#,
    r#"#eval("1 + 1") #include "/templates/eccp/lib.typ""#,
    "#show: none",
    "[*bold*] _emph_ $x^2$ <label> @ref `raw` = heading",
    r#"\ " \\ // /* */ ``` ~ = - + ; , 'q'"#,
    r#"")]} ; #panic("escaped") ; #let x = ("#,
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    "bidi \u{202e}txet desrever\u{202c} and e\u{301} combining and 🦀",
];

/// Control characters only reach the data through TOML escapes; they must not break anything.
const CONTROLS: &str = "nul \u{0} bell \u{7} escape \u{1b}[31m tab \t end";

/// A TOML basic string holding exactly `s`.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
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

/// A deliverable with `plain` in every plain field and `md` (Markdown) in every prose field.
fn data(plain: &str, md: &str) -> String {
    let p = toml_string(plain);
    let m = toml_string(md);
    format!(
        r#"template = "eccp"
lang = "en"
[project]
name = {p}
acronym = {p}
start = 2020-01-15
duration-months = 18
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
keywords = [{p}]
abstract = {m}
[[sections]]
title = {m}
text = {m}
  [[sections.sections]]
  title = {m}
    [sections.sections.case-study]
    title = {m}
    partners = {m}
    sectors = {m}
    context = {m}
    cooperation-type = {m}
    cooperation = {m}
    objective = {m}
    policy-support = {m}
    results = {m}
      [sections.sections.case-study.contact]
      name = {m}
      role = {m}
      email = "someone@example.org"
"#
    )
}

fn visible(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && *c != '-').collect()
}

#[test]
fn hostile_text_in_every_field_prints_as_written() {
    let compiler = Compiler::new(&root().join("templates")).unwrap();
    let data_dir = root().join("data");
    for hostile in CORPUS.iter().copied().chain([CONTROLS]) {
        let file = SourceFile::new("hostile.toml", data(hostile, &markdown_literal(hostile)));
        let checked = folio_validate::check(&file);
        let doc = checked.document.unwrap_or_else(|| panic!("{hostile:?} refused: {:#?}", checked.diagnostics));
        let typeset = compiler.typeset(&doc, &data_dir, "hostile").unwrap_or_else(|e| panic!("{hostile:?}: {e:?}"));
        typeset.pdf().unwrap_or_else(|e| panic!("{hostile:?}: {e:?}"));
        let pages = visible(&typeset.page_texts().concat());
        assert!(!pages.contains("root:"), "{hostile:?} read a file");
        if hostile != CONTROLS {
            // Abstract, section, subsection, case title, nine rows, contact name and role: at least
            // a dozen times on the pages, plus the cover's plain fields.
            let count = pages.matches(&visible(hostile)).count();
            assert!(count >= 12, "{hostile:?} is printed {count} times:\n{pages}");
        }
    }
}

#[test]
fn dangerous_link_targets_are_refused_with_a_location() {
    for target in ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "ftp://example.org/x"] {
        let file = SourceFile::new("links.toml", data("x", &format!("[click]({target})")));
        let checked = folio_validate::check(&file);
        let bad: Vec<_> = checked.diagnostics.iter().filter(|d| d.code == "bad-url").collect();
        assert!(!bad.is_empty() && checked.document.is_none(), "{target} accepted");
        assert!(bad.iter().all(|d| file.text[d.span.clone()].contains(target)), "{target}: {bad:#?}");
    }
}

#[test]
fn text_no_font_can_show_is_reported_where_it_is_written() {
    let compiler = Compiler::new(&root().join("templates")).unwrap();
    let file = SourceFile::new("glyphs.toml", data("plain", "Latin, Ελληνικά, кириллица, but 漢字 and 🦀"));
    let doc = folio_validate::check(&file).document.expect("valid data");
    let typeset = compiler.typeset(&doc, &root().join("data"), "glyphs").unwrap();
    let warnings: Vec<_> = typeset.warnings.items.iter().filter(|d| d.code == "missing-glyph").collect();
    let shown: Vec<&str> = warnings.iter().map(|d| &file.text[d.span.clone()]).collect();
    assert_eq!(shown, ["漢字", "🦀"], "{warnings:#?}");
}

#[test]
fn d35_uses_only_characters_its_fonts_have() {
    assert!(folio_tests::d35().typeset.warnings.items.is_empty(), "{:#?}", folio_tests::d35().typeset.warnings.items);
}
