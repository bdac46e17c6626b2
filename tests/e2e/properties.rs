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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn checked_text_always_lowers_to_valid_typst(text in markdownish()) {
        let file = SourceFile::new("p.toml", data_with_text(&text));
        let checked = folio_validate::check(&file);
        for d in &checked.diagnostics {
            prop_assert!(d.span.end <= file.text.len() && d.span.start <= d.span.end, "bad span {d:?}");
        }
        if let Some(doc) = checked.document {
            let source = folio_compile::lower(&doc, "p.toml");
            let errors = folio_compile::syntax_errors(&source);
            prop_assert!(errors.is_empty(), "{errors:?} in\n{source}");
        }
    }

    #[test]
    fn any_file_is_checked_without_panicking(text in "(?s).{0,400}") {
        let file = SourceFile::new("any.toml", text);
        let checked = folio_validate::check(&file);
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
        let checked = folio_validate::check(&file);
        let _ = folio_validate::render::human(&checked.diagnostics, &[&file], false);
        if let Some(doc) = checked.document {
            prop_assert!(folio_compile::syntax_errors(&folio_compile::lower(&doc, "m.toml")).is_empty());
        }
    }
}
