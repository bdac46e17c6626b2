//! Hostile text in every kind of field: Typst code, markup, escapes, control and bidi
//! characters, crafted footnote ids, file and folder names. None of it runs; what is accepted
//! prints as written; control characters and bad link targets are refused where they are written.

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
    "bidi \u{202e}txet desrever\u{202c} and e\u{301} combining",
];

/// Control characters only reach the data through TOML escapes; they are refused where written.
const CONTROLS: &str = "nul \u{0} bell \u{7} escape \u{1b}[31m del \u{7f} tab \t end";

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
"#
    )
}

fn visible(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && *c != '-').collect()
}

#[test]
fn hostile_text_in_every_field_prints_as_written() {
    let compiler = folio_tests::pipeline();
    let data_dir = root().join("data");
    for hostile in CORPUS.iter().copied() {
        let file = SourceFile::new("hostile.toml", data(hostile, &markdown_literal(hostile)));
        let checked = folio_tests::check(&file);
        let doc = checked.document.unwrap_or_else(|| panic!("{hostile:?} refused: {:#?}", checked.diagnostics));
        let typeset = compiler.typeset(&doc, &data_dir, "hostile").unwrap_or_else(|e| panic!("{hostile:?}: {e:?}"));
        typeset.pdf().unwrap_or_else(|e| panic!("{hostile:?}: {e:?}"));
        let pages = visible(&typeset.page_texts().concat());
        assert!(!pages.contains("root:"), "{hostile:?} read a file");
        // Abstract, section, subsection, case title, nine rows, contact name and role, history:
        // at least a dozen times on the pages, plus the cover's plain fields.
        let count = pages.matches(&visible(hostile)).count();
        assert!(count >= 12, "{hostile:?} is printed {count} times:\n{pages}");
    }
}

#[test]
fn control_characters_are_refused_in_every_field_where_written() {
    let file = SourceFile::new("controls.toml", data(CONTROLS, &markdown_literal(CONTROLS)));
    let checked = folio_tests::check(&file);
    assert!(checked.document.is_none(), "control characters accepted");
    let controls: Vec<_> = checked.diagnostics.iter().filter(|d| d.code == "control-character").collect();
    // NUL, BEL, ESC and DEL in each of the 11 plain and 17 prose fields that hold the text.
    assert_eq!(controls.len(), 4 * 28, "{controls:#?}");
    for d in controls {
        let at = &file.text[d.span.clone()];
        assert!(["\\u0000", "\\u0007", "\\u001B", "\\u007F"].contains(&at), "{at:?} at {:?}", d.span);
    }
}

/// Ids written into labels of the generated Typst; each would run code if it reached the source
/// unencoded. The checker refuses them (`tests/e2e/fields.rs`), and only checked documents can be
/// lowered; the label is still encoded whatever the id, which this proves on the label itself.
const HOSTILE_IDS: &[&str] =
    &[r#"x>#panic("ran-from-id")<y"#, r#"x>#raw(read("/data/d3.5-mexico.toml"))<y"#, "a> <b", "fn-x>", "UNAM", ""];

#[test]
fn a_footnote_label_is_one_label_whatever_the_id() {
    for id in HOSTILE_IDS.iter().copied().chain(["eu-trade", "a.b_c-1"]) {
        let label = folio_compile::footnote_label(id);
        let source = format!("#footnote[x]<{label}>");
        let root = typst_syntax::parse(&source);
        assert!(root.errors_and_warnings().0.is_empty(), "{id:?} gives {source}");
        let labels: Vec<String> = root
            .children()
            .filter(|n| n.kind() == typst_syntax::SyntaxKind::Label)
            .map(|n| n.full_text().to_string())
            .collect();
        assert_eq!(labels, [format!("<{label}>")], "{id:?}");
    }
    assert_eq!(folio_compile::footnote_label("eu-trade"), "fn-eu-trade");
}

#[test]
fn file_and_folder_names_never_reach_the_source_unescaped() {
    let compiler = folio_tests::pipeline();
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("x\n#panic(\"from-folder-name\")\n");
    std::fs::create_dir(&folder).unwrap();
    let text = std::fs::read_to_string(root().join("tests/fixtures/valid/case-study.toml")).unwrap();
    let doc = folio_tests::check(&SourceFile::new("c.toml", text)).document.expect("valid fixture");
    let typeset = compiler.typeset(&doc, &folder, "stem").unwrap_or_else(|e| panic!("{e:?}"));
    let first_line = typeset.source.lines().next().unwrap();
    assert!(first_line.contains(r#""x\n#panic(\"from-folder-name\")\n/stem.toml""#), "{first_line}");
    for stem in ["a\n#panic(\"from-stem\")\n", "a\u{2028}#panic(\"from-stem\")"] {
        match compiler.typeset(&doc, &root().join("data"), stem) {
            Ok(t) => assert!(t.source.lines().next().unwrap().contains("from-stem"), "the name is in the comment"),
            Err(folio_compile::CompileError::Diagnostics(d)) => {
                assert!(d.items.iter().all(|i| !i.message.contains("panicked")), "{:#?}", d.items)
            }
            Err(e) => panic!("{e}"),
        }
    }
}

#[test]
fn dangerous_link_targets_are_refused_with_a_location() {
    for target in ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "ftp://example.org/x"] {
        let file = SourceFile::new("links.toml", data("x", &format!("[click]({target})")));
        let checked = folio_tests::check(&file);
        let bad: Vec<_> = checked.diagnostics.iter().filter(|d| d.code == "bad-url").collect();
        assert!(checked.document.is_none(), "{target} accepted");
        // One per prose field: abstract, 2 titles, text, case title, 8 rows, contact name and
        // role, and the history's author and summary (which once escaped every rule).
        assert_eq!(bad.len(), 17, "{target}: {bad:#?}");
        assert!(bad.iter().all(|d| file.text[d.span.clone()].contains(target)), "{target}: {bad:#?}");
    }
}

#[test]
fn text_no_font_can_show_is_reported_where_it_is_written() {
    let compiler = folio_tests::pipeline();
    let text = "Latin, Ελληνικά, кириллица, but 漢字, العربية, हिन्दी and 🦀";
    let file = SourceFile::new("glyphs.toml", data("plain", text));
    let doc = folio_tests::check(&file).document.expect("valid data");
    let typeset = compiler.typeset(&doc, &root().join("data"), "glyphs").unwrap();
    let shown = |code: &str| -> Vec<(&str, String)> {
        let items = typeset.warnings.items.iter().filter(|d| d.code == code);
        items.map(|d| (&file.text[d.span.clone()], d.message.clone())).collect()
    };
    // Scripts the fonts cannot set are named, at their first character; the emoji is a missing glyph.
    let scripts = shown("unsupported-script");
    let names: Vec<(&str, bool)> = scripts
        .iter()
        .map(|(at, m)| (*at, m.contains("Han") || m.contains("Arabic") || m.contains("Devanagari")))
        .collect();
    assert_eq!(names, [("漢", true), ("ا", true), ("ह", true)], "{scripts:#?}");
    let glyphs: Vec<&str> = shown("missing-glyph").into_iter().map(|(at, _)| at).collect();
    assert_eq!(glyphs, ["🦀"]);
}

#[test]
fn a_missing_glyph_is_located_in_the_cover_field_that_holds_it() {
    let compiler = folio_tests::pipeline();
    let base = std::fs::read_to_string(root().join("tests/fixtures/valid/case-study.toml")).unwrap();
    let text = base
        .replace("Deliverable with a case study", "Deliverable 🐙 with a case study")
        .replace("Final version after", "Final 🦀 version after");
    let file = SourceFile::new("glyphs.toml", text);
    let doc = folio_tests::check(&file).document.expect("valid data");
    let typeset = compiler.typeset(&doc, &root().join("data"), "glyphs").unwrap();
    let lines: Vec<(String, usize)> = typeset
        .warnings
        .items
        .iter()
        .filter(|d| d.code == "missing-glyph")
        .map(|d| (file.text[d.span.clone()].to_owned(), file.line_col(d.span.start).0))
        .collect();
    let line_of = |needle: &str| file.text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    assert_eq!(lines, [("🐙".to_owned(), line_of("🐙")), ("🦀".to_owned(), line_of("🦀"))]);
}

#[test]
fn a_missing_glyph_after_escapes_in_a_multi_line_string_is_located_at_its_column() {
    let pipeline = folio_tests::pipeline();
    let base = std::fs::read_to_string(root().join("tests/fixtures/valid/case-study.toml")).unwrap();
    // Indented, with TOML escapes before the character on its line: \u00e9, \", \t.
    let text = base.replace("- A bullet\n", "- A bullet\n\n    Caf\\u00e9 \\\"menu\\\"\\tand a 🦀 crab.\n");
    assert!(text.contains(r#"Caf\u00e9 \"menu\"\tand a 🦀"#), "the fixture changed");
    let file = SourceFile::new("escapes.toml", text);
    let doc = folio_tests::check(&file).document.expect("valid data");
    let typeset = pipeline.typeset(&doc, &root().join("data"), "escapes").unwrap();
    let glyph = typeset.warnings.items.iter().find(|d| d.code == "missing-glyph").expect("reported");
    assert_eq!(&file.text[glyph.span.clone()], "🦀");
    let line = file.text.lines().find(|l| l.contains('🦀')).unwrap();
    let column = line[..line.find('🦀').unwrap()].chars().count() + 1;
    assert_eq!(file.line_col(glyph.span.start).1, column);
}

#[test]
fn text_running_into_the_margin_is_reported_where_it_is_written() {
    let compiler = folio_tests::pipeline();
    let word = |c: char| c.to_string().repeat(200);
    let base = std::fs::read_to_string(root().join("tests/fixtures/valid/case-study.toml")).unwrap();
    let text = base
        .replace("Deliverable with a case study", &format!("Title {}", word('t')))
        .replace("An introduction with", &format!("An {} introduction with", word('p')))
        // Cells hyphenate long words; a web address is never hyphenated.
        .replace("They shared technology.", &format!("They shared www.{}.org", word('c')))
        .replace("Coordinator", &format!("Co {}", word('r')));
    let file = SourceFile::new("wide.toml", text);
    let doc = folio_tests::check(&file).document.expect("valid data");
    let typeset = compiler.typeset(&doc, &root().join("data"), "wide").unwrap();
    let mut at: Vec<&str> =
        typeset.warnings.items.iter().filter(|d| d.code == "overflow").map(|d| &file.text[d.span.clone()]).collect();
    at.sort();
    at.dedup();
    // The cover title, a body paragraph and a contact in the case-study table run over.
    for c in ['t', 'p', 'r'] {
        assert!(at.iter().any(|a| a.contains(&word(c))), "{c}: {at:#?}");
    }
    // A row of the case study breaks even a web address across lines instead: no warning.
    assert!(!at.iter().any(|a| a.contains("ccc")), "{at:#?}");
}

#[test]
fn d35_has_no_layout_warnings() {
    assert!(folio_tests::d35().typeset.warnings.items.is_empty(), "{:#?}", folio_tests::d35().typeset.warnings.items);
}
