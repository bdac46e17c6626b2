//! Content authors write beyond D3.5: numbered lists that start where the author says, and a
//! contents page that shows the third heading level.

use folio_model::SourceFile;
use folio_tests::root;

/// The case-study fixture with a third-level heading and a numbered list starting at 7.
fn built() -> folio_compile::Built {
    let base = std::fs::read_to_string(root().join("tests/fixtures/valid/case-study.toml")).unwrap();
    let extra = "\n      [[sections.sections.sections]]\n      title = \"A third level\"\n      \
                 text = \"\"\"\n      Steps, continued:\n\n      7. Seventh step\n      8. Eighth step\n      \"\"\"\n";
    let text = base.replacen("\n[[history]]", &format!("{extra}\n[[history]]"), 1);
    assert!(text.contains("A third level"), "the fixture changed");
    let path = root().join("tests/fixtures/valid/content.toml");
    let pipeline = folio_tests::pipeline();
    match pipeline.build(&SourceFile::new("content.toml", text), &path) {
        Ok(built) => built,
        Err(problems) => panic!("{:#?}", problems.items),
    }
}

#[test]
fn a_numbered_list_keeps_its_start_number() {
    let pages = built().typeset.page_texts().join("\n");
    let numbers: Vec<&str> =
        pages.lines().filter(|l| l.contains("th step")).map(|l| l.split_whitespace().next().unwrap_or("")).collect();
    assert_eq!(numbers, ["7.", "8."], "{pages}");
}

#[test]
fn the_contents_page_shows_the_third_level() {
    let built = built();
    let outline = built.typeset.outline();
    let third = outline.iter().find(|h| h.title == "A third level").expect("a heading");
    assert_eq!((third.level, third.number.as_str()), (3, "1.1.1"));
    // The contents page (page 2) lists it with its number.
    let contents = &built.typeset.page_texts()[1];
    assert!(contents.contains("1.1.1. A third level"), "{contents}");
}

#[test]
fn a_deliverable_sets_how_deep_its_contents_go() {
    let base = std::fs::read_to_string(root().join("tests/fixtures/valid/case-study.toml")).unwrap();
    let text = base.replacen("version = \"V1\"\n", "version = \"V1\"\ncontents-depth = 1\n", 1);
    assert!(text.contains("contents-depth = 1"), "the fixture changed");
    let pipeline = folio_tests::pipeline();
    let built = pipeline
        .build(&SourceFile::new("depth.toml", text), &root().join("tests/fixtures/valid/depth.toml"))
        .unwrap_or_else(|p| panic!("{:#?}", p.items));
    let contents = &built.typeset.page_texts()[1];
    assert!(contents.contains("1. Cases"), "{contents}");
    assert!(!contents.contains("1.1. One case"), "{contents}");
}

#[test]
fn a_contents_depth_out_of_range_is_refused_where_written() {
    let base = std::fs::read_to_string(root().join("tests/fixtures/valid/case-study.toml")).unwrap();
    let file =
        SourceFile::new("depth.toml", base.replacen("version = \"V1\"\n", "version = \"V1\"\ncontents-depth = 9\n", 1));
    let outcome = folio_tests::check(&file);
    let d = outcome.diagnostics.iter().find(|d| d.code == "out-of-range").expect("refused");
    assert_eq!(&file.text[d.span.clone()], "9");
    assert_eq!(
        file.line_col(d.span.start).0,
        file.text.lines().position(|l| l.starts_with("contents-depth")).unwrap() + 1
    );
}

#[test]
fn a_cross_reference_prints_the_section_number_as_a_link() {
    let base = std::fs::read_to_string(root().join("tests/fixtures/valid/case-study.toml")).unwrap();
    let text = base.replacen("title = \"One case\"\n", "title = \"One case\"\n  id = \"one-case\"\n", 1).replacen(
        "- A bullet\n",
        "- A bullet, as [the case study shows](#one-case), see [](#one-case)\n",
        1,
    );
    assert!(text.contains("(#one-case)"), "the fixture changed");
    let pipeline = folio_tests::pipeline();
    let built = pipeline
        .build(&SourceFile::new("xref.toml", text), &root().join("tests/fixtures/valid/xref.toml"))
        .unwrap_or_else(|p| panic!("{:#?}", p.items));
    // The template keeps "Section" and its number together with a non-breaking space.
    let pages = built.typeset.page_texts().join("\n").replace('\u{a0}', " ");
    assert!(pages.contains("as the case study shows (Section 1.1), see Section 1.1"), "{pages}");
}

#[test]
fn a_pipe_table_prints_its_cells_and_the_footnotes_in_them() {
    let base = std::fs::read_to_string(root().join("tests/fixtures/valid/case-study.toml")).unwrap();
    let table =
        "\nCluster counts:\n\n| Country | Clusters |\n| :--- | ---: |\n| Mexico | 12[^source] |\n| Chile | 4 |\n";
    let text = base.replacen("- A bullet\n", &format!("- A bullet\n{table}"), 1);
    let pipeline = folio_tests::pipeline();
    let built = pipeline
        .build(&SourceFile::new("table.toml", text), &root().join("tests/fixtures/valid/table.toml"))
        .unwrap_or_else(|p| panic!("{:#?}", p.items));
    let pages = built.typeset.page_texts().join("\n");
    for line in ["Country Clusters", "Mexico 121", "Chile 4"] {
        assert!(pages.lines().any(|l| l.trim() == line), "no line {line:?} in\n{pages}");
    }
}

/// The case-study fixture with Horizon Europe cover metadata after `version = "V1"`.
fn with_cover_metadata(extra: &str) -> String {
    let base = std::fs::read_to_string(root().join("tests/fixtures/valid/case-study.toml")).unwrap();
    let text = base.replacen("version = \"V1\"\n", &format!("version = \"V1\"\n{extra}"), 1);
    assert!(text.contains(extra), "the fixture changed");
    text.replacen("duration-months = 18\n", "duration-months = 18\ngrant-agreement = \"101000001\"\n", 1)
}

#[test]
fn the_cover_shows_dissemination_level_type_authors_and_reviewers() {
    let text = with_cover_metadata(
        "dissemination-level = \"SEN\"\ndeliverable-type = \"DEM\"\nauthors = [\"Ada Example (Example University)\", \"Bo Sample\"]\nreviewers = [\"Cy Reviewer\"]\n",
    );
    let pipeline = folio_tests::pipeline();
    let built = pipeline
        .build(&SourceFile::new("he.toml", text), &root().join("tests/fixtures/valid/he.toml"))
        .unwrap_or_else(|p| panic!("{:#?}", p.items));
    let cover = &built.typeset.page_texts()[0];
    for line in [
        "Dissemination level SEN",
        "Type DEM",
        "Authors Ada Example (Example University), Bo Sample",
        "Reviewers Cy Reviewer",
        "Grant agreement 101000001",
    ] {
        assert!(cover.lines().any(|l| l.trim() == line), "no {line:?} on the cover:\n{cover}");
    }
}

#[test]
fn a_dissemination_level_that_is_not_a_code_is_refused_with_a_suggestion() {
    let file = SourceFile::new("he.toml", with_cover_metadata("dissemination-level = \"pu\"\n"));
    let outcome = folio_tests::check(&file);
    let d = outcome.diagnostics.iter().find(|d| d.code == "not-a-choice").expect("refused");
    assert_eq!(&file.text[d.span.clone()], "\"pu\"");
    assert_eq!(d.help.as_deref(), Some("did you mean `PU`?"));
}

/// A long table block: numbered, captioned above, referred to by its id; it breaks between
/// rows onto a second page and repeats its two header rows there; spans and cell footnotes work.
#[test]
fn a_long_table_block_breaks_between_rows_and_repeats_its_header() {
    let base = std::fs::read_to_string(root().join("tests/fixtures/valid/minimal.toml")).unwrap().replacen(
        "[footnotes]\n",
        "[footnotes]\ncell = \"A note from a cell.\"\n",
        1,
    );
    let rows: String = (1..=70).map(|i| format!("  [\"Row {i}\", \"{i}\", \"{}\"],\n", i * 2)).collect();
    let text = format!(
        "{base}\n[[sections]]\ntitle = \"Tables\"\ntext = \"As [](#long) shows, and [the chart](#chart).\"\n\n\
         [[sections.blocks]]\n[sections.blocks.table]\nid = \"long\"\ncaption = \"A long table\"\nwidths = [2, 1, 1]\n\
         header = [[{{ text = \"Name\", rowspan = 2 }}, {{ text = \"Values\", colspan = 2 }}], [\"Once\", \"Twice\"]]\n\
         rows = [\n  [\"First[^cell]\", \"0\", \"0\"],\n{rows}]\nnotes = \"A note.\"\n\n\
         [[sections.blocks]]\nfigure.id = \"chart\"\nfigure.file = \"figures/bars.svg\"\nfigure.alt = \"Bars\"\n\
         figure.caption = \"Bars\"\n"
    );
    let built = folio_tests::pipeline()
        .build(&SourceFile::new("table.toml", text), &root().join("tests/fixtures/valid/table.toml"))
        .unwrap_or_else(|p| panic!("{:#?}", p.items));
    let pages: Vec<String> = built.typeset.page_texts().iter().map(|p| p.replace('\u{a0}', " ")).collect();
    let all = pages.join("\n");
    assert!(all.contains("As Table 1 shows, and the chart (Figure 1)."), "{all}");
    assert!(all.contains("Table 1: A long table"), "{all}");
    assert!(all.contains("2 A note from a cell."), "the cell's footnote is printed: {all}");
    let with_header: Vec<usize> =
        (0..pages.len()).filter(|&i| pages[i].lines().any(|l| l.trim() == "Once Twice")).collect();
    let with_rows: Vec<usize> = (0..pages.len()).filter(|&i| pages[i].contains("Row 1")).collect();
    assert!(with_header.len() >= 2, "the header repeats on each page of the table: {with_header:?}");
    assert_eq!(with_header, (with_rows[0]..with_rows[0] + with_header.len()).collect::<Vec<_>>());
}
