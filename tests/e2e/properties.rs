//! Fast property versions of the fuzz targets in `fuzz/`: whatever the data, checking never
//! panics, and whatever passes the checks lowers to Typst source without syntax errors.

use folio_model::SourceFile;
use proptest::prelude::*;

const SKELETON: &str = include_str!("../fixtures/skeleton.toml");

/// Markdown-ish text built from the pieces authors (and attackers) use.
fn markdownish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "*",
        "**",
        "_",
        "__",
        "[",
        "]",
        "(",
        ")",
        "[^a]",
        "[^b]",
        "<",
        ">",
        "<http://x.org>",
        "www.a.org/b",
        "- ",
        "  - ",
        "1. ",
        "\n",
        "\n\n",
        "    ",
        "#",
        "# ",
        "`",
        "\\",
        "text",
        "é",
        "€",
        "$",
        "=",
        "<b>",
        "&amp;",
        "[t](https://e.org)",
        "[t](javascript:x)",
        "|",
        "---",
        ">",
        "!",
        "\t",
        "\"",
        "'",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

fn data_with_text(text: &str) -> String {
    // A literal string cannot hold `'''`; the data stays well-formed TOML around any other text.
    let text = text.replace("'''", "''");
    format!(
        "{SKELETON}[footnotes]\na = \"www.example.org/a\"\n[[sections]]\ntitle = '''{text}'''\ntext = '''\n{text}\n'''\n"
    )
}

/// Valid but tricky inline text: Typst's special characters (plain in Markdown), escapes,
/// balanced markup, links and footnote references; `notes` says whether `[^a]` may appear.
fn inlineish(notes: bool) -> impl Strategy<Value = String> {
    let mut pieces = vec![
        "text",
        " ",
        "é",
        "Ω",
        "€",
        "$",
        "$x$",
        "#",
        "#read(\"x\")",
        "@",
        "< ",
        " >",
        "\\<l\\>",
        "~",
        "=",
        "-",
        "+",
        "//",
        "/*",
        "\"",
        "'",
        ";",
        "(",
        ")",
        "{",
        "}",
        " **b** ",
        " *i* ",
        " [t](https://e.org) ",
        "www.a.org/b",
        "\\*",
        "\\[",
        "\\_",
        "\\\\",
        "\\`",
    ];
    if notes {
        pieces.push("[^a] ");
    }
    // A word first: `#`, `>`, `-`, `=` or `1.` at the start of a line would be Markdown block syntax,
    // which the checks rightly refuse.
    prop::collection::vec(prop::sample::select(pieces), 1..16).prop_map(|v| format!("w {}", v.concat().trim()))
}

/// Paragraphs and nested lists of tricky inline text.
fn blockish() -> impl Strategy<Value = String> {
    let line = (prop::sample::select(vec!["", "- ", "  - ", "\n"]), inlineish(true));
    prop::collection::vec(line, 1..8)
        .prop_map(|lines| lines.into_iter().map(|(prefix, text)| format!("{prefix}{text}\n")).collect::<String>())
}

/// A deliverable with `inline` in every one-line field and `block` in every prose field.
fn full_data(inline: &str, block: &str, note: &str) -> String {
    // A literal string ends at `\'\'\'`: none of the three may hold one.
    let (i, b, note) =
        (inline.replace("\'\'\'", "\'\'"), block.replace("\'\'\'", "\'\'"), note.replace("\'\'\'", "\'\'"));
    format!(
        "{SKELETON}[[sections]]\ntitle = \'\'\'{i}\'\'\'\ntext = \'\'\'\n{b}\n\'\'\'\n\
         [[sections.sections]]\ntitle = \'\'\'{i}\'\'\'\n[[sections.sections.blocks]]\n[sections.sections.blocks.case-study]\ntitle = \'\'\'{i}\'\'\'\n\
         partners = \'\'\'\n{b}\n\'\'\'\nsectors = \'\'\'\n{b}\n\'\'\'\ncontext = \'\'\'\n{b}\n\'\'\'\n\
         cooperation-type = \'\'\'{i}\'\'\'\ncooperation = \'\'\'\n{b}\n\'\'\'\nobjective = \'\'\'\n{b}\n\'\'\'\n\
         policy-support = \'\'\'\n{b}\n\'\'\'\nresults = \'\'\'\n{b}\n\'\'\'\n\
         [sections.sections.blocks.case-study.contact]\nname = \'\'\'{i}\'\'\'\nrole = \'\'\'{i}\'\'\'\n\
         [footnotes]\na = \'\'\'{note}\'\'\'\n"
    )
}

fn compiler() -> &'static folio_compile::Pipeline {
    static COMPILER: std::sync::OnceLock<folio_compile::Pipeline> = std::sync::OnceLock::new();
    COMPILER.get_or_init(|| folio_compile::Pipeline::new(&folio_tests::root().join("templates")).expect("fonts"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever passes the checks typesets with the real template: no Typst error ever reaches
    /// an author whose data was accepted.
    #[test]
    fn accepted_data_always_typesets(inline in inlineish(false), block in blockish(), note in inlineish(false)) {
        let file = SourceFile::new("p.toml", full_data(&inline, &block, &note));
        let checked = folio_tests::check(&file);
        // The generators write valid data: a rejection here is a false positive of the checks.
        prop_assert!(!checked.has_errors(), "{:#?}\n{}", checked.diagnostics, file.text);
        if let Some(doc) = checked.document {
            let result = compiler().typeset(&doc, &folio_tests::root().join("data"), "p");
            if let Err(e) = &result {
                prop_assert!(false, "accepted data failed to typeset: {e:?}\n{}", file.text);
            }
            prop_assert!(result.map(|t| t.pdf().is_ok()).unwrap_or(false));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn checked_text_always_lowers_to_valid_typst(text in markdownish()) {
        let file = SourceFile::new("p.toml", data_with_text(&text));
        let checked = folio_tests::check(&file);
        for d in &checked.diagnostics {
            prop_assert!(d.span.end <= file.text.len() && d.span.start <= d.span.end, "bad span {d:?}");
        }
        if let Some(doc) = checked.document {
            let source = folio_compile::lower(&doc, "p.toml", "@local/eccp:0.1.0").source;
            let errors = folio_compile::syntax_errors(&source);
            prop_assert!(errors.is_empty(), "{errors:?} in\n{source}");
        }
    }

    #[test]
    fn any_file_is_checked_without_panicking(text in "(?s).{0,400}") {
        let file = SourceFile::new("any.toml", text);
        let checked = folio_tests::check(&file);
        let _ = folio_validate::render::human(&checked.diagnostics, &[&file], false);
        let _ = folio_validate::render::json(&checked.diagnostics, &[&file]);
    }

    #[test]
    fn mutated_d35_is_checked_without_panicking(cut in 0usize..40_000, insert in "(?s).{0,8}") {
        let d35 = include_str!("../../data/d3.5-mexico.toml");
        let mut at = cut.min(d35.len());
        while !d35.is_char_boundary(at) {
            at -= 1;
        }
        let file = SourceFile::new("mutated.toml", format!("{}{insert}{}", &d35[..at], &d35[at..]));
        let checked = folio_tests::check(&file);
        let _ = folio_validate::render::human(&checked.diagnostics, &[&file], false);
        if let Some(doc) = checked.document {
            prop_assert!(folio_compile::syntax_errors(&folio_compile::lower(&doc, "m.toml", "@local/eccp:0.1.0").source).is_empty());
        }
    }
}
