//! The review copy (`folio build --changes-since`): D3.5 marked against itself has no mark, and
//! the review-sized edit is marked where each change happened, on the pages the summary
//! names.

use folio_model::{Document, Inline, MarkKind, Review};
use folio_tests::{Built, d35, d35_edited, pipeline, review_sized_edit, root};

/// The review copy of `new` against `old`, typeset as `folio build` does.
fn review(old: &Built, new: &Built) -> (folio_validate::Checked, folio_compile::Typeset) {
    let marked = folio_diff::review(&old.doc, &new.doc);
    let typeset = pipeline()
        .typeset(&marked, &root().join("data"), "d3.5-mexico.review")
        .unwrap_or_else(|e| panic!("the review copy does not typeset: {e}"));
    (marked, typeset)
}

/// Every mark of a document, as (kind, text), through the one walker over every field.
fn marks(doc: &Document) -> Vec<(MarkKind, String)> {
    let mut out = Vec::new();
    for field in doc.fields() {
        field.walk_inlines(&mut |i| {
            if let Inline::Mark(m) = i {
                out.push((m.kind, folio_diff::plain_text(&m.body)));
            }
        });
    }
    out
}

/// The summary as a reviewer reads it: metadata, then each section's entries, with `→` where an
/// entry links to a mark.
fn summary(review: &Review) -> String {
    let mut out = format!("Changes since {}\n", review.since);
    for f in &review.metadata {
        out.push_str(&format!("  {}: {} -> {}\n", f.label, f.old, f.new));
    }
    for s in &review.sections {
        out.push_str(&format!("{}\n", s.title));
        for e in &s.entries {
            out.push_str(&format!("  {}{}\n", e.what, if e.anchor.is_some() { " →" } else { "" }));
        }
    }
    out
}

const HEADER: &str = "Review copy: changes since VF, marked. Not the official document.";

#[test]
fn against_itself_the_review_copy_has_no_marks() {
    let (marked, typeset) = review(d35(), d35());
    assert_eq!(marks(&marked), []);
    let r = marked.review.as_ref().expect("a review copy carries its summary");
    assert!(r.metadata.is_empty() && r.sections.is_empty(), "{}", summary(r));
    // The summary page, then the official pages, each under the review header, word for word.
    let (pages, official) = (typeset.page_texts(), d35().typeset.page_texts());
    assert_eq!(pages.len(), official.len() + 1);
    assert!(pages[0].contains("No changes: this version reads as VF does."), "{}", pages[0]);
    for (i, (page, official)) in pages[1..].iter().zip(&official).enumerate() {
        let body = page.replacen(HEADER, "", 1);
        assert_ne!(&body, page, "page {} has no review header", i + 1);
        assert_eq!(body.split_whitespace().collect::<Vec<_>>(), official.split_whitespace().collect::<Vec<_>>());
    }
    assert_eq!(typeset.review_pages(), [1], "--only-changes keeps the summary alone");
}

#[test]
fn a_review_sized_edit_is_marked_where_it_happened() {
    let edited = d35_edited(review_sized_edit);
    let (marked, typeset) = review(d35(), &edited);
    let r = marked.review.as_ref().expect("a review copy carries its summary");
    insta::assert_snapshot!("review_copy_summary", summary(r));

    // Word by word: only what changed is marked, deleted before inserted.
    let found = marks(&marked);
    let of = |kind: MarkKind| found.iter().filter(|(k, _)| *k == kind).map(|(_, t)| t.as_str()).collect::<Vec<_>>();
    assert_eq!(of(MarkKind::Deleted), ["great", "Coordinator"]);
    assert_eq!(
        of(MarkKind::Inserted),
        ["", "large", "Lead coordinator", "https://www.clustercollaboration.eu/briefing"]
    );
    assert_eq!(of(MarkKind::Note), ["Section moved here from 4.3."]);
    // Every old footnote shows its old number; the moved ones too.
    assert_eq!(of(MarkKind::Renumbered).len(), 55);

    let pages = typeset.page_texts();
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains(HEADER), "page {} has no review header", i + 1);
    }
    let page_of = |text: &str| pages.iter().position(|p| p.contains(text)).map(|i| i + 1);
    // The cover shows the old version beside the new.
    assert!(pages[1].contains("VF V2"), "{}", pages[1]);
    assert_eq!(page_of("Coordinator Lead coordinator"), page_of("Leslie Harrison"));
    assert!(page_of("(was 1)").is_some() && page_of("Section moved here from 4.3.").is_some());
    // The pages --only-changes keeps: the summary, the cover, and each page with a change, which
    // are the pages the summary's entries link to.
    let kept = typeset.review_pages();
    for text in ["VF V2", "large opportunities", "Lead coordinator", "Section moved here", "briefing"] {
        let page = page_of(text).unwrap_or_else(|| panic!("no `{text}`"));
        assert!(kept.contains(&page), "page {page} (`{text}`) is not kept: {kept:?}");
    }
    assert_eq!(kept.len(), 6, "{kept:?}");
    // The summary prints each linked entry's page, as the template numbers it (the cover is 1).
    let summary_page = &pages[0];
    let printed = |text: &str| page_of(text).map(|p| format!("p.\u{a0}{}", p - 1));
    for (entry, text) in
        [("paragraph changed", "large opportunities"), ("section moved here from 4.3", "Section moved")]
    {
        let line = summary_page.lines().find(|l| l.contains(entry) && l.contains(&printed(text).unwrap()));
        assert!(line.is_some(), "no `{entry}` with {:?} in:\n{summary_page}", printed(text));
    }
}

#[test]
fn removed_text_is_struck_and_its_footnote_marker_is_plain_text() {
    // A sentence with its footnote marker, and the whole of 4.4 (the last section).
    let edited = d35_edited(|d| {
        let start = d.find("  # 4.4. ").expect("4.4");
        let end = d.find("# Footnotes, in seed").expect("footnotes");
        let mut d = d.to_owned();
        d.replace_range(start..end, "");
        d.replacen(
            "clusters[^esca-benchmarked]. The latter includes clusters from the automotive, aerospace and health sector.",
            "clusters.",
            1,
        )
    });
    let (marked, typeset) = review(d35(), &edited);
    let found = marks(&marked);
    let deleted: Vec<&str> = found.iter().filter(|(k, _)| *k == MarkKind::Deleted).map(|(_, t)| t.as_str()).collect();
    // The old marker was footnote 3: printed as text, it cites nothing in the new version.
    assert_eq!(
        deleted[..2],
        ["[3]", ". The latter includes clusters from the automotive, aerospace and health sector"]
    );
    assert!(deleted.contains(&"4.4 Biotechnology sector"), "{deleted:?}");
    let r = marked.review.as_ref().expect("summary");
    let s = summary(r);
    assert!(s.contains("2 Existing EU-Mexico cluster cooperation\n  paragraph changed →"), "{s}");
    assert!(s.contains("4.4 Biotechnology sector\n  section 4.4 removed →"), "{s}");
    assert!(s.contains("footnote 3 removed: "), "{s}");
    // The printed footnotes are the new version's, every one of them.
    let text = typeset.page_texts().join("\n");
    assert!(text.contains("4.4 Biotechnology sector"), "the removed heading is shown, struck");
    assert_eq!(typeset.footnotes().len(), edited.doc.footnote_order().len());
}
