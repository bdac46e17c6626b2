//! One data file, two templates: D3.5 typeset with `eccp` (its own) and with `policy-brief` (a
//! single column, a title band, DejaVu Sans). Every sentence and every footnote is printed by
//! both; the blocks `policy-brief` does not declare (eccp's case studies) are named in a warning
//! at their place and printed through the documented fallback, a plain two-column table.

use folio_compile::Pipeline;
use folio_model::{Part, SourceFile, Text};
use folio_tests::{d35, root};

/// D3.5 through a pipeline that typesets with `policy-brief` whatever the data names.
fn d35_as_policy_brief() -> &'static folio_compile::Built {
    static BUILT: std::sync::OnceLock<folio_compile::Built> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| {
        let pipeline =
            Pipeline::new(&root().join("templates")).expect("the templates load").with_template(Some("policy-brief"));
        let file = d35().file.clone();
        pipeline
            .build(&file, &root().join("data/d3.5-mexico.toml"))
            .unwrap_or_else(|p| panic!("D3.5 does not build with policy-brief: {:#?}", p.items))
    })
}

/// Letters only, lowercased: what survives hyphenation, smart quotes, footnote numbers and the
/// line breaks of any layout.
fn letters(s: &str) -> String {
    s.chars().filter(|c| c.is_alphabetic()).flat_map(char::to_lowercase).collect()
}

/// Whether the words of `sentence` are printed in order in `printed` (both as [`letters`] per
/// word), each within a few hundred words of the one before: a page break puts the footer and
/// the page's footnotes inside a sentence, and hyphenation splits a word in two.
fn printed_in_order(sentence: &str, printed: &[String]) -> bool {
    let words: Vec<String> = sentence.split_whitespace().map(letters).filter(|w| !w.is_empty()).collect();
    let joined = words.concat();
    let Some(first) = words.first() else { return true };
    (0..printed.len())
        .filter(|&i| {
            printed[i].starts_with(first.as_str()) || first.starts_with(printed[i].as_str()) && !printed[i].is_empty()
        })
        .any(|start| {
            // Letters matched so far, through the printed words from `start`, skipping any run of up
            // to 400 words that does not continue the sentence.
            let mut done = 0;
            let mut skipped = 0;
            for word in &printed[start..] {
                let rest = &joined[done..];
                if !word.is_empty() && rest.starts_with(word.as_str()) {
                    done += word.len();
                    skipped = 0;
                    if done == joined.len() {
                        return true;
                    }
                } else if !word.is_empty() && word.starts_with(rest) {
                    return true;
                } else {
                    skipped += 1;
                    if skipped > 400 || done == 0 {
                        return false;
                    }
                }
            }
            false
        })
}

/// Every sentence the author wrote in the body and the abstract, and every footnote text.
fn sentences() -> Vec<String> {
    let mut out = Vec::new();
    for field in d35().doc.fields() {
        if !matches!(field.part, Part::Abstract | Part::Body | Part::Footnote) {
            continue;
        }
        let mut text = String::new();
        match field.text {
            Text::Plain(_) => continue, // ids and addresses, not printed as such
            _ => field.walk_inlines(&mut |i| {
                if let folio_model::Inline::Text(t) = i {
                    text.push_str(&t.value);
                    text.push(' ');
                }
            }),
        }
        out.extend(text.split(". ").map(str::to_owned).filter(|s| letters(s).len() > 12));
    }
    out
}

#[test]
fn both_templates_print_every_sentence_and_every_footnote() {
    let eccp = &d35().typeset;
    let brief = &d35_as_policy_brief().typeset;
    assert_eq!(d35_as_policy_brief().document.template.value, "policy-brief");
    let sentences = sentences();
    assert!(sentences.len() > 150, "the walk found {} sentences", sentences.len());
    for (name, typeset) in [("eccp", eccp), ("policy-brief", brief)] {
        let pages = typeset.page_texts().join(" ");
        let printed: Vec<String> = pages.split_whitespace().map(letters).filter(|w| !w.is_empty()).collect();
        let missing: Vec<&String> = sentences.iter().filter(|s| !printed_in_order(s, &printed)).collect();
        assert!(missing.is_empty(), "{name} leaves out {} sentences, such as {:?}", missing.len(), &missing[..1]);
        let notes = typeset.footnotes();
        assert_eq!(notes.len(), 55, "{name} prints {} footnotes", notes.len());
        // eccp keeps each note on its marker's page (D3.5's floor); the brief lets Typst carry a
        // note that does not fit to the next page, as its snapshot shows ("marker p. 7").
        let carried = if name == "eccp" { 0 } else { 1 };
        for (i, note) in notes.iter().enumerate() {
            assert!(
                (note.marker_page..=note.marker_page + carried).contains(&note.entry_page),
                "{name}: footnote {} is marked on page {} and printed on page {}",
                i + 1,
                note.marker_page,
                note.entry_page
            );
        }
    }
    // The same footnotes in the same order, with the same numbers.
    let texts = |t: &folio_compile::Typeset| t.footnotes().iter().map(|n| letters(&n.text)).collect::<Vec<_>>();
    assert_eq!(texts(eccp), texts(brief));
    // Visibly different: another font, fewer pages.
    assert!(brief.page_texts().len() < eccp.page_texts().len());
}

/// The case studies are eccp's: with policy-brief each is a warning at its
/// `[sections.sections.blocks.case-study]` line, and a plain table with the manifest's labels.
#[test]
fn blocks_a_template_does_not_declare_are_named_and_printed_as_plain_tables() {
    let built = d35_as_policy_brief();
    let file = &d35().file;
    let foreign: Vec<(usize, &str)> = built
        .warnings
        .items
        .iter()
        .filter(|d| d.code == "foreign-block")
        .map(|d| (file.line_col(d.span.start).0, &file.text[d.span.clone()]))
        .collect();
    assert_eq!(foreign.len(), 3, "{foreign:#?}");
    for (_, text) in &foreign {
        assert_eq!(*text, "[sections.sections.blocks.case-study]");
    }
    assert!(
        built
            .warnings
            .items
            .iter()
            .any(|d| d.message
                == "the `policy-brief` template has no `case-study` block; it is printed as a plain table")
    );
    let pages = built.typeset.page_texts().join("\n");
    for label in ["Partners", "Sectors", "Type of cooperation", "Policy support", "Contact"] {
        assert!(pages.matches(label).count() >= 3, "no `{label}` row in the fallback tables");
    }
    // With its own template, no warning: eccp declares the case study.
    let eccp = folio_compile::check(&root().join("templates"), file, &root().join("data"));
    assert!(eccp.diagnostics.iter().all(|d| d.code != "foreign-block"));
}

/// Parameters are the template's own: an unknown one is a located error with the known ones; a
/// colour must be one; a font must be one the fonts provide.
#[test]
fn template_parameters_are_checked_against_the_manifest() {
    let edit = |params: &str| {
        let text = d35().file.text.replace("\n[project]", &format!("\n[params]\n{params}\n\n[project]"));
        SourceFile::new("data/d3.5-mexico.toml", text)
    };
    let pipeline = folio_tests::pipeline();
    let codes = |file: &SourceFile| -> Vec<(String, String)> {
        let out = pipeline.check(file, &root().join("data"));
        out.diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| (d.code.to_owned(), format!("{} / {}", d.message, d.help.clone().unwrap_or_default())))
            .collect()
    };
    let found = codes(&edit("acent = \"#ff0000\""));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].0, "unknown-field");
    assert!(found[0].1.contains("did you mean `accent`?"), "{found:#?}");
    let found = codes(&edit("accent = \"red\""));
    assert_eq!(found[0].0, "not-a-colour", "{found:#?}");
    let found = codes(&edit("font = \"Comic Sans MS\""));
    assert_eq!(found[0].0, "unknown-font", "{found:#?}");
    assert!(found[0].1.contains("Carlito"), "{found:#?}");
    // A valid one reaches the template: the footer prints it.
    let file = edit("footer = \"Mexico paper – review copy\"\naccent = \"#7a1f1f\"");
    let built =
        pipeline.build(&file, &root().join("data/d3.5-mexico.toml")).unwrap_or_else(|p| panic!("{:#?}", p.items));
    let pages = built.typeset.page_texts();
    assert!(pages[2].contains("Mexico paper – review copy"), "{}", pages[2]);
}

/// D3.5 as a policy brief, for review: its contents and the layout of each page.
#[test]
fn d35_as_a_policy_brief_snapshot() {
    let typeset = &d35_as_policy_brief().typeset;
    let layout: Vec<String> = typeset.layout().iter().map(ToString::to_string).collect();
    insta::assert_snapshot!("d3.5-mexico@policy-brief__layout", layout.join("\n"));
}
