//! Data is never code: whatever text the data holds, the generated Typst source parses without
//! errors and the page shows exactly that text; any string's literal, read back by Typst's
//! parser, is that string.

use std::sync::OnceLock;

use folio_compile::{Pipeline, lower};
use folio_model::SourceFile;
use folio_validate::Checked;
use proptest::prelude::*;

/// A minimal template: the same interface as a real one, with a page tall enough for any text.
const TEMPLATE: &str = r#"
#let deliverable(..args, body) = {
  set page(width: 30cm, height: auto, margin: 1cm)
  body
}
#let case-study(..args) = none
#let footnote-sep() = super[,]
"#;

const SKELETON: &str = include_str!("../../../tests/fixtures/skeleton.toml");

struct Fixture {
    _dir: tempfile::TempDir,
    data_dir: std::path::PathBuf,
    compiler: Pipeline,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates/plain")).unwrap();
        std::fs::create_dir_all(dir.path().join("templates/fonts")).unwrap();
        std::fs::create_dir_all(dir.path().join("data")).unwrap();
        std::fs::write(dir.path().join("templates/plain/lib.typ"), TEMPLATE).unwrap();
        std::fs::write(
            dir.path().join("templates/plain/typst.toml"),
            "[package]\nname = \"plain\"\nversion = \"0.1.0\"\nentrypoint = \"lib.typ\"\n",
        )
        .unwrap();
        let compiler = Pipeline::new(&dir.path().join("templates")).unwrap();
        Fixture { data_dir: dir.path().join("data"), _dir: dir, compiler }
    })
}

/// The document with one section whose title and paragraph are `text`.
fn document_with(text: &str) -> Checked {
    // Markdown: every ASCII punctuation mark behind a backslash, so that it reads back as itself.
    let md: String =
        text.chars().flat_map(|c| if c.is_ascii_punctuation() { vec!['\\', c] } else { vec![c] }).collect();
    // A TOML basic string: quotes and backslashes escaped, other characters as written.
    let toml = |s: &str| {
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
    };
    let md = md.trim();
    let data = SKELETON.replace("\"eccp\"", "\"plain\"")
        + &format!("[[sections]]\ntitle = {}\ntext = {}\n", toml(md), toml(&format!("{md} **{md}**")));
    // Checked like any data: only what folio accepts is typeset.
    let outcome = folio_validate::check(&SourceFile::new("t.toml", data));
    outcome.document.unwrap_or_else(|| panic!("{text:?} refused: {:#?}", outcome.diagnostics))
}

/// Typst markup and code syntax, escapes, and non-ASCII text.
fn hostile_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "#",
        "[",
        "]",
        "\\",
        "\"",
        "$",
        "@",
        "<",
        ">",
        "//",
        "/*",
        "*/",
        "*",
        "_",
        "`",
        "```",
        "=",
        "-",
        "+",
        "~",
        "#read(\"/etc/passwd\")",
        "#import \"x.typ\"",
        "#eval(\"1\")",
        "#show: none",
        "<label>",
        "@ref",
        "$x^2$",
        "a",
        "word",
        " ",
        "é",
        "ü",
        "€",
        "m²",
        "—",
        "\\u{41}",
        "'",
        ";",
        ")",
        "(",
        "{",
        "}",
        "0",
        ".",
        ",",
    ]);
    prop::collection::vec(pieces, 1..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn text_is_printed_exactly_and_never_run(text in hostile_text()) {
        prop_assume!(!text.trim().is_empty());
        let doc = document_with(&text);
        let source = lower(&doc, "t.toml", "@local/eccp:0.1.0").source;
        let parsed = typst::syntax::parse(&source);
        prop_assert!(parsed.errors_and_warnings().0.is_empty(), "generated source has syntax errors for {text:?}");

        let typeset = fixture().compiler.typeset(&doc, &fixture().data_dir, "t")
            .map_err(|e| TestCaseError::fail(format!("{text:?} does not compile: {e:?}")))?;
        let page: String = typeset.page_texts().join("\n");
        // The heading, then the paragraph: the text, then again in bold. Lines may break
        // anywhere in a long word, so compare every visible character, in order.
        // Straight quotes in text print as the language's quotation marks (smart quotes), or as
        // primes after a digit (5′, 10″), as Typst sets them.
        let visible = |s: &str| {
            s.split_whitespace().collect::<String>().replace(['“', '”', '″'], "\"").replace(['‘', '’', '′'], "'")
        };
        prop_assert_eq!(visible(&page), visible(&text).repeat(3));
    }
}

proptest! {
    // Parsing a literal is cheap: try many strings.
    #![proptest_config(ProptestConfig::with_cases(4096))]

    #[test]
    fn any_string_literal_round_trips(text in prop_oneof![any::<String>(), tricky_text()]) {
        let lit = folio_compile::string_literal(&text);
        prop_assert_eq!(literal_value(&lit), Ok(text), "literal {}", lit);
    }
}

/// Characters a string literal must escape or pass through untouched: quotes, backslashes,
/// escape look-alikes, every kind of line break, other control characters, invisible and
/// combining characters, emoji sequences; mixed with arbitrary characters.
fn tricky_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "\"",
        "\\",
        "\\\"",
        "\\n",
        "\\u{41}",
        "\\u{d800}",
        "\\u{}",
        "\n",
        "\r",
        "\r\n",
        "\t",
        "\u{0}",
        "\u{7}",
        "\u{b}",
        "\u{c}",
        "\u{1b}",
        "\u{7f}",
        "\u{85}",
        "\u{9f}",
        "\u{2028}",
        "\u{2029}",
        "\u{200b}",
        "\u{200d}",
        "\u{202e}",
        "\u{feff}",
        "\u{fffd}",
        "e\u{301}",
        "\u{301}",
        "\u{20dd}",
        "🦀",
        "👩\u{200d}👩\u{200d}👧",
        "🇲🇽",
        "👍🏽",
        "\u{10ffff}",
        "#",
        "$",
        "[",
        "]",
        "{",
        "}",
        "//",
        "/*",
        "*/",
        "a",
        " ",
    ]);
    let piece = prop_oneof![3 => pieces.prop_map(str::to_owned), 1 => any::<char>().prop_map(String::from)];
    prop::collection::vec(piece, 0..32).prop_map(|v| v.concat())
}

/// The value of `lit` read as Typst code: the string the literal holds, or why it is not
/// exactly one clean string literal.
fn literal_value(lit: &str) -> Result<String, String> {
    use typst::syntax::ast::{AstNode, Code, Expr};
    let root = typst::syntax::parse_code(lit);
    let errors = root.errors_and_warnings().0;
    if !errors.is_empty() {
        return Err(format!("syntax errors: {errors:?}"));
    }
    let code = root.cast::<Code>().ok_or("not code")?;
    match code.exprs().collect::<Vec<_>>().as_slice() {
        [Expr::Str(s)] if s.to_untyped().len() == lit.len() => Ok(s.get().to_string()),
        exprs => Err(format!("not one string literal: {exprs:?}")),
    }
}

#[test]
fn bidi_and_combining_characters_compile_and_control_characters_never_arrive() {
    let text = "rlo\u{202e}txet lrm\u{200e} combining e\u{301} emoji 🦀";
    let doc = document_with(text);
    let typeset = fixture().compiler.typeset(&doc, &fixture().data_dir, "t").expect("compiles");
    let page = typeset.page_texts().join("\n");
    assert!(page.contains("rlo"), "{page}");
    assert!(page.contains("emoji"), "{page}");
    // NUL, ESC and BEL are refused by the checker, so no document holding them can be typeset.
    let data = SKELETON.to_owned() + "[[sections]]\ntitle = \"nul\\u0000 esc\\u001B bell\\u0007\"\n";
    let outcome = folio_validate::check(&SourceFile::new("t.toml", data));
    assert!(outcome.document.is_none());
    assert_eq!(outcome.diagnostics.iter().filter(|d| d.code == "control-character").count(), 3);
}
