//! Snapshots of every deliverable in `data/`, so that a reviewer sees what a data or template
//! change does: the generated Typst source, the contents with the page each heading lands on, the
//! text of every page (a moved page break shows), and a digest of every rendered page (a purely
//! visual change shows too).

use folio_tests::{build, root};

/// FNV-1a: a small, stable hash for pixel digests (std's hasher may change between releases).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

#[test]
fn every_deliverable_in_data() {
    // Named by hand rather than with insta's glob!, so names stay the same as deliverables come.
    let mut stems: Vec<String> = std::fs::read_dir(root().join("data"))
        .expect("data/ is readable")
        .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".toml").map(str::to_owned))
        .collect();
    stems.sort();
    assert!(!stems.is_empty(), "no deliverables in data/");
    for stem in &stems {
        let built = build(stem);
        let typeset = &built.typeset;

        insta::assert_snapshot!(format!("{stem}__source"), typeset.source);

        let contents: Vec<String> = typeset.outline().iter().map(ToString::to_string).collect();
        insta::assert_snapshot!(format!("{stem}__contents"), contents.join("\n"));

        let mut pages = String::new();
        for (i, text) in typeset.page_texts().iter().enumerate() {
            pages.push_str(&format!("=== page {} ===\n{text}\n", i + 1));
        }
        insta::assert_snapshot!(format!("{stem}__pages"), pages);

        let mut digests = String::new();
        for i in 0..typeset.document.pages().len() {
            let page = typeset.render_page(i, 1.0).expect("page renders");
            digests.push_str(&format!(
                "page {:>2}: {}x{} {:016x}\n",
                i + 1,
                page.width,
                page.height,
                fnv1a(&page.rgba)
            ));
        }
        insta::assert_snapshot!(format!("{stem}__render_digests"), digests);
    }
}
