//! Typst's own findings in the generated source are reported where the data wrote that part:
//! the lowering records a source map, and the pipeline translates through it.

use folio_compile::{CompileError, Pipeline};
use folio_model::SourceFile;
use folio_tests::root;

/// A template whose case study does not know the `context` row.
const NARROW: &str = r#"
#let deliverable(..args, body) = body
#let case-study(title: none, partners: none, sectors: none, cooperation-type: none,
  cooperation: none, objective: none, policy-support: none, results: none, contact: none) = [#title]
#let footnote-sep() = []
"#;

#[test]
fn a_typst_error_in_a_template_call_points_at_the_data_row() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("narrow")).unwrap();
    std::fs::create_dir_all(dir.path().join("fonts")).unwrap();
    std::fs::write(dir.path().join("narrow/lib.typ"), NARROW).unwrap();
    // The narrow template declares the case study as eccp does (its function takes fewer keys).
    let manifest = std::fs::read_to_string(root().join("templates/eccp/typst.toml")).unwrap();
    std::fs::write(dir.path().join("narrow/typst.toml"), manifest.replace("name = \"eccp\"", "name = \"narrow\""))
        .unwrap();
    let text = std::fs::read_to_string(root().join("tests/fixtures/valid/case-study.toml")).unwrap();
    let file = SourceFile::new("case.toml", text.replace("template = \"eccp\"", "template = \"narrow\""));
    let pipeline = Pipeline::new(dir.path()).unwrap();
    let doc = pipeline.check(&file, &root().join("data")).document.expect("valid data");
    let Err(CompileError::Diagnostics(d)) = pipeline.typeset(&doc, &root().join("data"), "case") else {
        panic!("the narrow template accepted a `context` row");
    };
    let error = d.items.iter().find(|i| i.is_error()).expect("an error");
    assert!(error.message.contains("context"), "{error:?}");
    assert_eq!(error.file, "case.toml", "not mapped to the data: {error:?}");
    assert_eq!(&file.text[error.span.clone()], "A and B met at a fair.");
}

#[test]
fn text_literals_map_back_byte_for_byte() {
    let doc = folio_tests::d35();
    let lowered = folio_compile::lower(&doc.doc, "d3.5-mexico.toml", "@local/eccp:0.1.0");
    // Every occurrence of a distinctive word in the generated source maps to that word in the data.
    let word = "Helicopters";
    let mut found = 0;
    for (at, _) in lowered.source.match_indices(word) {
        let span = lowered.map.data_span(at..at + word.len()).expect("mapped");
        assert_eq!(&doc.file.text[span], word);
        found += 1;
    }
    assert!(found >= 2, "{found}");
}
