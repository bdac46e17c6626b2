//! Snapshots of every deliverable in `data/`, so that a reviewer sees what a data or template
//! change does: the generated Typst source, the contents with the page each heading lands on, the
//! text of every page, and the layout of every page (where its headings are, which case-study
//! rows and footnotes it holds, the words it starts and ends with), so that a moved page break
//! reads as one. Pixels are compared by `folio diff --visual`, not here.

use folio_compile::{LayoutMark, PageFootnote, PageLayout};
use folio_tests::{build_file, d35, root};

#[test]
fn every_deliverable_in_data() {
    // Named by hand rather than with insta's glob!, so names stay the same as deliverables come:
    // `d3.5-mexico`, and `examples-horizon-europe` for `data/examples/horizon-europe.toml`.
    let mut files: Vec<(String, String)> = Vec::new();
    for (folder, prefix) in [("data", ""), ("data/examples", "examples-")] {
        let entries = std::fs::read_dir(root().join(folder)).expect("the folder is readable");
        for e in entries.filter_map(Result::ok) {
            let name = e.file_name().to_string_lossy().into_owned();
            if let Some(stem) = name.strip_suffix(".toml") {
                files.push((format!("{prefix}{stem}"), format!("{folder}/{name}")));
            }
        }
    }
    files.sort();
    assert!(files.iter().any(|(n, _)| n == "d3.5-mexico"), "no D3.5 in data/");
    assert!(files.iter().any(|(n, _)| n.starts_with("examples-")), "no examples in data/examples/");
    for (name, relative) in &files {
        let built = build_file(relative);
        let typeset = &built.typeset;

        insta::assert_snapshot!(format!("{name}__source"), typeset.source);

        let contents: Vec<String> = typeset.outline().iter().map(ToString::to_string).collect();
        insta::assert_snapshot!(format!("{name}__contents"), contents.join("\n"));

        let mut pages = String::new();
        for (i, text) in typeset.page_texts().iter().enumerate() {
            pages.push_str(&format!("=== page {} ===\n{text}\n", i + 1));
        }
        insta::assert_snapshot!(format!("{name}__pages"), pages);

        insta::assert_snapshot!(format!("{name}__layout"), layout(&typeset.layout()));
    }
}

/// The layout summary of every page, as the snapshot shows it.
fn layout(pages: &[PageLayout]) -> String {
    pages.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
}

/// D3.5's data with `edit` applied, parsed and typeset.
fn typeset_edited(edit: impl Fn(&str) -> String) -> folio_compile::Typeset {
    folio_tests::d35_edited(edit).typeset
}

/// One word changed in the middle of a page: the page's text shows it, the layout does not,
/// since nothing moved.
#[test]
fn a_changed_word_changes_the_page_text_not_the_layout() {
    // Same length, so the line keeps its breaks (checked below): only the spacing of one
    // justified line changes.
    let (old_word, new_word) = ("provide great opportunities", "provide major opportunities");
    let old = &d35().typeset;
    let new = typeset_edited(|d| {
        assert_eq!(d.matches(old_word).count(), 1, "the phrase is in the data once");
        d.replace(old_word, new_word)
    });

    let (old_pages, new_pages) = (old.page_texts(), new.page_texts());
    assert_eq!(old_pages.len(), new_pages.len());
    let changed: Vec<usize> = (0..old_pages.len()).filter(|&i| old_pages[i] != new_pages[i]).collect();
    assert_eq!(changed.len(), 1, "exactly one page's text changes: {changed:?}");
    let i = changed[0];
    // Nothing reflowed: the page is the old page with the word replaced, line for line.
    assert_eq!(old_pages[i].matches(old_word).count(), 1, "the phrase is on one line of page {}", i + 1);
    assert_eq!(new_pages[i], old_pages[i].replace(old_word, new_word));
    // The word is in the middle of the page, not among the words the summary keeps.
    let summary = &old.layout()[i];
    assert!(!summary.first_words.contains("great") && !summary.last_words.contains("great"));

    // So of the four snapshots, the source and that page's text change; the contents and the
    // layout do not, since nothing moved.
    assert_ne!(old.source, new.source);
    assert_eq!(old.outline(), new.outline());
    assert_eq!(layout(&old.layout()), layout(&new.layout()));
}

/// A paragraph added before "2.1" pushes the heading to the next page: the layout summary says
/// so for that heading.
#[test]
fn a_heading_pushed_to_the_next_page_changes_the_layout() {
    let end_of_2 = "The latter includes clusters from the automotive, aerospace and health sector.\n";
    let added = "Cluster organisations on both sides of the Atlantic report that joint projects take time to \
                 mature: partners need to know each other, agree on shared objectives and find funding that fits \
                 the rules of both regions. Regular meetings, visits and small pilot actions help to build that \
                 trust before larger commitments are made.";
    let old = &d35().typeset;
    let new = typeset_edited(|d| {
        assert_eq!(d.matches(end_of_2).count(), 1);
        d.replace(end_of_2, &format!("{end_of_2}\n{added}\n"))
    });

    let find = |pages: &[PageLayout]| {
        pages.iter().find_map(|p| {
            p.marks.iter().find_map(|m| match m {
                LayoutMark::Heading { number, y_mm, .. } if number == "2.1" => Some((p.page, *y_mm)),
                _ => None,
            })
        })
    };
    let (old_layout, new_layout) = (old.layout(), new.layout());
    let (old_page, old_y) = find(&old_layout).expect("2.1 is laid out");
    let (new_page, new_y) = find(&new_layout).expect("2.1 is laid out");
    assert_eq!(new_page, old_page + 1, "2.1 moves to the next page");
    assert!(new_y < old_y, "and starts near its top: y {old_y} mm → {new_y} mm");
    // The page it left now ends with the added paragraph, and the next page starts with 2.1.
    assert!(new_layout[old_page - 1].last_words.ends_with("commitments are made."));
    assert!(new_layout[new_page - 1].first_words.starts_with("2.1. Policy dialogue"));
    let shown = layout(&new_layout);
    assert!(shown.contains(&format!("  2.1. Policy dialogue on cluster cooperation  @ x 25 mm, y {new_y} mm")));
}

/// How the summary names footnotes: runs as ranges, a marker on another page by its page.
#[test]
fn footnotes_in_the_layout_summary() {
    let notes = [(12, 5), (13, 6), (14, 6), (15, 6), (17, 6)];
    let page = PageLayout {
        page: 6,
        first_words: "Cooperation between".to_owned(),
        marks: vec![LayoutMark::Row { label: "Partners:".to_owned() }],
        footnotes: notes.iter().map(|&(number, marker_page)| PageFootnote { number, marker_page }).collect(),
        last_words: "of the funding".to_owned(),
    };
    assert_eq!(
        page.to_string(),
        "page 6\n  starts \"Cooperation between …\"\n    row Partners:\n  \
         footnotes 12 (marker p. 5), 13–15, 17\n  ends \"… of the funding\"\n"
    );
}
