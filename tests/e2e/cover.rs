//! The EU cover elements and the lists of figures and tables: each printed from the data, each
//! absent when the data has none of it (D3.5 has none), and the cover kept to one page.

use folio_model::SourceFile;
use folio_tests::{d35, root};

/// `tests/fixtures/valid/every-field.toml` with `edit` applied, built in that folder (its
/// `figures/` hold the logos), as the text of each page.
fn pages(edit: impl Fn(&str) -> String) -> Vec<String> {
    let path = root().join("tests/fixtures/valid/every-field.toml");
    let text = edit(&std::fs::read_to_string(&path).expect("fixture"));
    let built = folio_tests::pipeline()
        .build(&SourceFile::new("every-field.toml", text), &path)
        .unwrap_or_else(|p| panic!("{:#?}", p.items));
    built
        .typeset
        .page_texts()
        .iter()
        .map(|p| p.replace('\u{a0}', " ").split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

#[test]
fn a_horizon_europe_cover_prints_the_emblem_statement_and_disclaimer_on_its_one_page() {
    let pages = pages(|t| t.to_owned());
    let cover = &pages[0];
    // The fixture words the statement itself, and its own disclaimer.
    assert!(cover.contains("Funded by the European Union"), "{cover}");
    assert!(cover.contains("Views and opinions expressed are those of the authors only."), "{cover}");
    // The whole cover fits its page: the contents start page 2.
    assert!(pages[1].starts_with("Contents"), "page 2: {}", pages[1]);
}

#[test]
fn the_standard_wording_is_built_from_the_programme_and_the_grant_agreement() {
    let without_overrides = |t: &str| {
        let t = t.replace("funding-statement = \"Funded by the European Union\"\n", "");
        let start = t.find("disclaimer = \"\"\"").expect("fixture has a disclaimer");
        let end = start + t[start..].find("\"\"\"\n").unwrap() + 4;
        let end = end + t[end..].find("\"\"\"\n").unwrap() + 4;
        format!("{}{}", &t[..start], &t[end..])
    };
    let europe = pages(without_overrides);
    assert!(europe[0].contains("Funded by the European Union"), "{}", europe[0]);
    assert!(
        europe[0].contains("the European Union or the European Research Executive Agency (REA)"),
        "the disclaimer names the granting authority: {}",
        europe[0]
    );
    let h2020 = pages(|t| without_overrides(t).replace("\"Horizon Europe\"", "\"Horizon 2020\""));
    assert!(
        h2020[0].contains(
            "This project has received funding from the European Union’s Horizon 2020 research and innovation \
             programme under grant agreement No 101000001"
        ),
        "{}",
        h2020[0]
    );
    assert!(!h2020[0].contains("Views and opinions"), "Horizon 2020 had no disclaimer: {}", h2020[0]);
}

#[test]
fn lists_of_figures_and_tables_follow_the_contents_when_there_are_any() {
    let pages = pages(|t| t.to_owned());
    let front = pages[1..3].join("\n");
    assert!(front.contains("List of figures"), "{front}");
    assert!(front.contains("List of tables"), "{front}");
    assert!(front.contains("A table with all its keys"), "the table's caption is listed: {front}");
}

#[test]
fn d35_has_no_eu_elements_and_no_lists() {
    let text = d35().typeset.page_texts().join("\n");
    for absent in [
        "Funded by the European Union",
        "received funding from",
        "List of figures",
        "List of tables",
        "Views and opinions",
    ] {
        assert!(!text.contains(absent), "D3.5 prints {absent:?}");
    }
}
