//! Deliverables in other languages: D3.5 built with `lang = "es"`, `"fr"` and `"de"` (its text
//! stays English) prints none of the template's English words and all of its own, checked
//! against the template's catalogue rather than a hand-kept list; dates, quotes, URLs and
//! spans in another language follow the language.

use folio_model::SourceFile;
use folio_tests::{d35, d35_edited, root};

/// The template's words by language, from its catalogue.
fn catalogue() -> toml::Table {
    let text = std::fs::read_to_string(root().join("templates/eccp/labels.toml")).expect("the catalogue");
    text.parse().expect("the catalogue is TOML")
}

/// The words of `lang`, with white space as the page text has it (one space per run).
fn words(catalogue: &toml::Table, lang: &str) -> Vec<(String, String)> {
    let table = catalogue.get(lang).and_then(toml::Value::as_table).expect("a table for the language");
    let spaced = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    table.iter().filter_map(|(k, v)| Some((k.clone(), spaced(v.as_str()?)))).collect()
}

/// All text on the pages, with every run of white space as one space (labels wrap in cells),
/// and a line that ends at a hyphen joined to the next ("sous-" / "secteurs").
fn page_text(pages: &[String]) -> String {
    pages.join(" ").replace("-\n", "-").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How often `needle` occurs in `haystack` as words of their own ("Type" is not counted in
/// "Type of cooperation:"… but is in "Type R").
fn count(haystack: &str, needle: &str) -> usize {
    let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    haystack
        .match_indices(needle)
        .filter(|(i, _)| {
            let before = haystack[..*i].chars().next_back();
            let after = haystack[i + needle.len()..].chars().next();
            !alnum(before) && !alnum(after)
        })
        .count()
}

#[test]
fn d35_in_spanish_french_and_german_prints_the_templates_words_in_that_language() {
    let catalogue = catalogue();
    let english = words(&catalogue, "en");
    let d35 = d35();
    let english_pages = page_text(&d35.typeset.page_texts());
    // The author's own text, where an English word may occur as written (the text stays English).
    let mut authored = String::new();
    d35.doc.walk_inlines(&mut |_, i| {
        if let folio_model::Inline::Text(t) = i {
            authored.push_str(&t.value);
            authored.push(' ');
        }
    });
    let authored = authored.split_whitespace().collect::<Vec<_>>().join(" ");
    // The words the template prints in D3.5: more often on the pages than in the data. Longer
    // labels are counted (and masked) first, so "Type" is not found in "Type of cooperation:".
    let mut by_length: Vec<&(String, String)> = english.iter().filter(|(_, v)| !v.contains('{')).collect();
    by_length.sort_by_key(|(_, v)| std::cmp::Reverse(v.len()));
    let mut masked = english_pages.clone();
    let mut printed = Vec::new();
    for label in by_length {
        if count(&masked, &label.1) > count(&authored, &label.1) {
            printed.push(label);
        }
        masked = masked.replace(label.1.as_str(), "\u{1}");
    }
    assert!(printed.len() >= 20, "the cover, history and case studies print at least 20 labels: {printed:?}");

    for (lang, date) in [("es", "23 de septiembre de 2015"), ("fr", "23 septembre 2015"), ("de", "23. September 2015")]
    {
        let own = words(&catalogue, lang);
        let built = d35_edited(|d| d.replacen("lang = \"en\"", &format!("lang = \"{lang}\""), 1));
        let pages = page_text(&built.typeset.page_texts());
        for (key, en) in &printed {
            let Some((_, translated)) = own.iter().find(|(k, _)| k == key) else {
                panic!("`{key}` has no `{lang}` translation in the catalogue")
            };
            if translated != en {
                assert!(count(&pages, en) <= count(&authored, en), "{lang}: the template still prints {key} = {en:?}");
                assert!(count(&pages, translated) > 0, "{lang}: {key} = {translated:?} is not printed");
            }
        }
        assert!(pages.contains(date), "{lang}: the start date is not {date:?}");
        assert!(!pages.contains("September, 23rd 2015"), "{lang}: the English date is printed");
    }
}

#[test]
fn the_english_date_and_duration_read_as_d35_prints_them() {
    let pages = page_text(&d35().typeset.page_texts());
    assert!(pages.contains("Start date of project September, 23rd 2015"), "{pages}");
    assert!(pages.contains("Duration 2 years"), "{pages}");
}

#[test]
fn quotation_marks_follow_the_language() {
    for (lang, quoted) in [("en", "“Mexico”"), ("es", "«Mexico»"), ("fr", "«Mexico»"), ("de", "„Mexico“")] {
        let built = d35_edited(|d| {
            d.replacen("lang = \"en\"", &format!("lang = \"{lang}\""), 1).replacen("Mexico is", "\\\"Mexico\\\" is", 1)
        });
        // French sets a narrow no-break space inside its quotes; compare without it.
        let pages = built.typeset.page_texts().join(" ").replace(['\u{a0}', '\u{202f}'], "");
        assert!(pages.contains(quoted), "{lang}: no {quoted:?}");
    }
}

/// Spanish, Portuguese, Croatian, Czech and Polish repeat a hyphen at the start of the next line
/// when a line breaks at one; in an address that would add a character. Every footnote address
/// of D3.5 (many wrap, several at a hyphen) must read on the pages exactly as written.
#[test]
fn a_wrapped_url_never_gains_a_hyphen_in_any_language() {
    let mut urls = Vec::new();
    for f in &d35().doc.footnotes {
        folio_model::walk_inlines(&f.body, &mut |i| {
            if let folio_model::Inline::Link { url, .. } = i {
                urls.push(url.value.trim_start_matches("https://").trim_start_matches("http://").to_owned());
            }
        });
    }
    assert!(urls.iter().filter(|u| u.contains('-')).count() >= 10, "D3.5's addresses hold hyphens");
    for lang in ["es", "pt", "hr", "cs", "pl"] {
        let built = d35_edited(|d| d.replacen("lang = \"en\"", &format!("lang = \"{lang}\""), 1));
        let text: String = built.typeset.page_texts().join("").split_whitespace().collect();
        let changed: Vec<&String> = urls.iter().filter(|u| !text.contains(u.as_str())).collect();
        assert!(changed.is_empty(), "{lang}: addresses not printed as written: {changed:#?}");
    }
}

#[test]
fn a_span_in_another_language_is_set_in_it() {
    let built = d35_edited(|d| {
        d.replacen("Mexico is", "<span lang=\\\"es\\\">México, \\\"país\\\" de clústeres,</span> is", 1)
    });
    let pages = built.typeset.page_texts().join(" ");
    assert!(pages.contains("México, «país» de clústeres,"), "Spanish quotes inside the span");
    assert!(built.typeset.source.contains("#text(lang: \"es\")["), "{}", built.typeset.source);
}

#[test]
fn an_unknown_label_is_a_located_error_with_a_suggestion() {
    let path = root().join("data/d3.5-mexico.toml");
    let text = d35().file.text.clone() + "\n[labels]\nabstrct = \"Summary:\"\n";
    let file = SourceFile::new("data/d3.5-mexico.toml", text);
    let outcome = folio_tests::pipeline().check(&file, path.parent().unwrap());
    let d = outcome.diagnostics.iter().find(|d| d.code == "unknown-label").expect("refused");
    assert_eq!(&file.text[d.span.clone()], "abstrct");
    assert_eq!(d.help.as_deref(), Some("did you mean `abstract`?"));
}

#[test]
fn a_label_reworded_in_the_data_is_printed_in_any_language() {
    for lang in ["en", "de"] {
        let built = d35_edited(|d| {
            d.replacen("lang = \"en\"", &format!("lang = \"{lang}\""), 1) + "\n[labels]\nabstract = \"In short:\"\n"
        });
        let cover = &built.typeset.page_texts()[0];
        assert!(cover.contains("In short:"), "{lang}: {cover}");
    }
}

#[test]
fn a_language_without_words_in_the_template_prints_english_with_a_warning() {
    let path = root().join("data/d3.5-mexico.toml");
    let text = d35().file.text.replacen("lang = \"en\"", "lang = \"it\"", 1);
    let file = SourceFile::new("data/d3.5-mexico.toml", text);
    let outcome = folio_tests::pipeline().check(&file, path.parent().unwrap());
    let warning = outcome.diagnostics.iter().find(|d| d.code == "untranslated-label").expect("warned");
    assert!(warning.message.contains("`it`"), "{}", warning.message);
    assert_eq!(&file.text[warning.span.clone()], "\"it\"");
    assert!(outcome.document.is_some(), "a warning, not an error");
}
