//! The reviewer's workflow on D3.5: `folio diff` reports each kind of edit precisely and nothing
//! else, in every format.

use folio_diff::{ChangeKind, Report};
use folio_model::SourceFile;
use folio_tests::{d35, root};

/// D3.5's data with `edit` applied, parsed and typeset, compared with D3.5.
fn diff_after(edit: impl Fn(&str) -> String) -> Report {
    let edited = folio_tests::d35_edited(edit);
    folio_diff::compare(&d35().doc, &edited.doc, Some((&d35().typeset, &edited.typeset)))
}

fn all_formats(name: &str, report: &Report) {
    insta::assert_snapshot!(format!("{name}_terminal"), folio_diff::format::terminal(report, false));
    insta::assert_snapshot!(format!("{name}_markdown"), folio_diff::format::markdown(report));
    insta::assert_snapshot!(format!("{name}_json"), folio_diff::format::json(report));
}

#[test]
fn one_changed_word() {
    let r = diff_after(|d| d.replace("relatively stable economy", "fairly stable economy"));
    assert!(r.metadata.is_empty() && r.footnotes.is_empty());
    assert_eq!(r.content.len(), 1);
    assert_eq!(r.content[0].kind, ChangeKind::Changed);
    let changed: Vec<_> = r.content[0]
        .words
        .iter()
        .filter(|w| w.op != folio_diff::WordOp::Equal)
        .map(|w| (w.op, w.text.as_str()))
        .collect();
    use folio_diff::WordOp::{Delete, Insert};
    assert_eq!(changed, [(Delete, "relatively"), (Insert, "fairly")]);
    all_formats("word", &r);
}

#[test]
fn an_early_footnote_renumbers_every_later_one() {
    let r = diff_after(|d| {
        d.replace("\"Mexico Preparatory Briefing\".", "\"Mexico Preparatory Briefing\"[^briefing].")
            .replace("[footnotes]\n", "[footnotes]\nbriefing = \"<https://www.clustercollaboration.eu/briefing>\"\n")
    });
    let new = r.footnotes.iter().find(|f| f.id == "briefing").expect("the new footnote is reported");
    assert_eq!((new.old_number, new.new_number), (None, Some(1)));
    let renumbered: Vec<_> = r.footnotes.iter().filter(|f| f.id != "briefing").collect();
    assert_eq!(renumbered.len(), 55, "every old footnote moves up by one");
    assert!(renumbered.iter().all(|f| f.new_number == f.old_number.map(|n| n + 1) && f.text.is_none()));
    all_formats("footnote", &r);
}

#[test]
fn a_long_paragraph_moves_the_page_breaks() {
    let long = " This added sentence lengthens the paragraph so that the page break moves.".repeat(12);
    let r = diff_after(|d| d.replacen("contact points.\n", &format!("contact points.{long}\n"), 1));
    assert_eq!(r.content.len(), 1);
    let layout = r.layout.as_ref().expect("layouts were compared");
    assert!(!layout.moved_headings.is_empty(), "{layout:#?}");
    assert!(layout.changed_pages.contains(&2), "the contents page shows the new page numbers: {layout:#?}");
    all_formats("long", &r);
}

#[test]
fn a_version_bump_changes_the_cover_only() {
    let r = diff_after(|d| d.replacen("version = \"VF\"", "version = \"V2\"", 1));
    assert_eq!(r.metadata.len(), 1);
    assert_eq!((r.metadata[0].old.as_str(), r.metadata[0].new.as_str()), ("VF", "V2"));
    assert!(r.content.is_empty() && r.footnotes.is_empty());
    assert_eq!(r.layout.as_ref().map(|l| l.changed_pages.clone()), Some(vec![1]));
    all_formats("version", &r);
}

#[test]
fn no_edit_no_difference() {
    let r = folio_diff::compare(&d35().doc, &d35().doc, Some((&d35().typeset, &d35().typeset)));
    assert!(r.is_empty());
}

#[test]
fn visual_diff_writes_only_the_changed_pages() {
    let r = diff_after(|d| d.replacen("version = \"VF\"", "version = \"V2\"", 1));
    let pages = r.layout.unwrap().changed_pages;
    let compiler = folio_tests::pipeline();
    let file = SourceFile::new("v.toml", d35().file.text.replacen("version = \"VF\"", "version = \"V2\"", 1));
    let doc = folio_tests::check(&file).document.unwrap();
    let new = compiler.typeset(&doc, &root().join("data"), "d3.5-mexico").unwrap();
    let images = folio_diff::visual::images(&d35().typeset, &new, &pages).unwrap();
    assert_eq!(images.len(), 1);
    assert!(images[0].changed_pixels > 0);
    assert!(images[0].png.starts_with(b"\x89PNG"));
    assert!(folio_diff::visual::index(&images).contains("- [page 1](page-001.png)"));
}

/// Paragraphs added early push the text down: only the lines one side lacks are marked, not
/// the lines that only moved.
#[test]
fn the_visual_diff_marks_only_the_lines_one_side_lacks() {
    let added = "A paragraph added for the review, long enough to push the rest of the section down by a few \
                 lines on this page and onto the next, so that every later line moves. "
        .repeat(4);
    let text = d35().file.text.replacen(
        "\nMexico is an industrialised country",
        &format!("\n{added}\n\nMexico is an industrialised country"),
        1,
    );
    assert_ne!(text, d35().file.text, "the edit must apply");
    let file = SourceFile::new("v.toml", text);
    let doc = folio_tests::check(&file).document.unwrap();
    let new = folio_tests::pipeline().typeset(&doc, &root().join("data"), "d3.5-mexico").unwrap();
    let report = folio_diff::compare(&d35().doc, &doc, Some((&d35().typeset, &new)));
    let pages = report.layout.unwrap().changed_pages;
    assert!(pages.len() > 3, "the text reflows over several pages: {pages:?}");
    let images = folio_diff::visual::images(&d35().typeset, &new, &pages).unwrap();
    // Reflowed lines are not marked: a page the edit only pushes down keeps most of its ink as
    // printed, while the pages holding the new paragraphs are mostly marked.
    let share: Vec<f64> = images.iter().map(|i| i.changed_pixels as f64 / i.ink_pixels.max(1) as f64).collect();
    assert!(share.iter().any(|s| *s < 0.5), "marked share of the ink per page: {share:?}");
    assert!(share.iter().any(|s| *s > 0.3), "marked share of the ink per page: {share:?}");
    let index = folio_diff::visual::index(&images);
    assert!(index.contains("2 Existing EU-Mexico cluster cooperation"), "{index}");
}

#[test]
fn a_version_history_is_printed_on_the_cover() {
    let path = root().join("tests/fixtures/valid/case-study.toml");
    let file = SourceFile::new("case-study.toml", std::fs::read_to_string(path).unwrap());
    let doc = folio_tests::check(&file).document.unwrap();
    let compiler = folio_tests::pipeline();
    let typeset = compiler.typeset(&doc, &root().join("tests/fixtures/valid"), "case-study").unwrap();
    let cover = &typeset.page_texts()[0];
    for expected in ["Version history", "V0.1", "2020-11-02", "First draft.", "Final version after review."] {
        assert!(cover.contains(expected), "{expected:?} not on the cover:\n{cover}");
    }
}
