//! Every rule's fixture, checked as an author would meet it: the rendered diagnostic (with
//! `file:line:col` and carets) and its JSON form are snapshots a reviewer reads.

use folio_model::SourceFile;
use folio_tests::root;

fn check(path: &std::path::Path) -> (SourceFile, folio_validate::Checked) {
    let name = path.strip_prefix(root()).expect("fixture inside the repository").display().to_string();
    let file = SourceFile::new(name, std::fs::read_to_string(path).expect("fixture is readable"));
    let checked = folio_validate::check(&file);
    (file, checked)
}

#[test]
fn each_invalid_fixture_is_explained() {
    insta::glob!("..", "fixtures/invalid/*.toml", |path| {
        let (file, checked) = check(path);
        assert!(!checked.diagnostics.is_empty(), "{} passes every check", file.name);
        let human = folio_validate::render::human(&checked.diagnostics, &[&file], false);
        let json = folio_validate::render::json(&checked.diagnostics, &[&file]);
        insta::assert_snapshot!("human", human);
        insta::assert_snapshot!("json", json);
    });
}

#[test]
fn valid_fixtures_have_no_diagnostics() {
    insta::glob!("..", "fixtures/valid/*.toml", |path| {
        let (file, checked) = check(path);
        assert!(checked.diagnostics.is_empty(), "{}: {:#?}", file.name, checked.diagnostics);
        assert!(checked.document.is_some());
    });
}

#[test]
fn d35_has_no_errors_and_only_deliberate_warnings() {
    let (file, checked) = check(&root().join("data/d3.5-mexico.toml"));
    assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
    // Deliberate: the original's contractual date (M25) is after its 24 months, its heading 3.3
    // repeats "Helicopters", and it numbers seven repeated sources as separate footnotes.
    insta::assert_snapshot!("d35_warnings", folio_validate::render::human(&checked.diagnostics, &[&file], false));
}

#[test]
fn committed_schema_is_up_to_date() {
    let committed = std::fs::read_to_string(root().join("data/folio.schema.json")).unwrap_or_default();
    assert!(
        committed == folio_model::json_schema(),
        "data/folio.schema.json is stale: run `cargo run --release -- schema > data/folio.schema.json`"
    );
}
