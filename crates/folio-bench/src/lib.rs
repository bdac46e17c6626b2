//! The deliverables folio's benchmarks run on: D3.5, and D3.5 scaled up deterministically.
//!
//! [`scaled`] repeats D3.5's sections `times` times, each copy citing its own copy of the
//! footnotes (`[^c3-unam]`), so a 10x document has ten times the pages, footnotes and case
//! studies and reads like D3.5 throughout. The same input always gives the same text.
//! `cargo run -p folio-bench --bin folio-gen -- 10 > data/big.toml` writes one.

use std::path::{Path, PathBuf};

/// The repository's root: where cargo runs this crate from, else where it was compiled.
///
/// The runtime variable comes first because a target directory shared by two checkouts can hold
/// a binary compiled in the other one, whose compile-time path may no longer exist.
pub fn root() -> PathBuf {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into());
    Path::new(&manifest).join("../..")
}

/// D3.5's data, as committed.
pub fn d35() -> String {
    std::fs::read_to_string(root().join("data/d3.5-mexico.toml")).unwrap_or_default()
}

/// `d35` (D3.5's data) with its sections `times` times and its footnotes once per copy, under
/// ids prefixed by the copy (`c0-`, `c1-`, …). `times` of 1 gives D3.5 with renamed footnotes.
pub fn scaled(d35: &str, times: usize) -> String {
    let Some((head, rest)) = d35.split_once("[[sections]]") else { return d35.to_owned() };
    let Some((sections, footnotes)) = rest.split_once("[footnotes]") else { return d35.to_owned() };
    let mut out = String::with_capacity(d35.len() * times);
    out.push_str(head);
    for copy in 0..times {
        out.push_str("[[sections]]");
        out.push_str(&sections.replace("[^", &format!("[^c{copy}-")));
    }
    out.push_str("[footnotes]\n");
    for copy in 0..times {
        for line in footnotes.lines().filter(|l| l.contains(" = ")) {
            out.push_str(&format!("c{copy}-{line}\n"));
        }
    }
    out
}

/// The words [`one_word_edit`] puts in place of `great`, one per turn. There are more of them
/// than the compilations Typst's caches are kept for (`folio watch` keeps one round per
/// deliverable; toggling between two words would find every result cached), so each rebuild
/// redoes what a new word costs, as an author's edit does.
pub const EDIT_WORDS: &[&str] = &[
    "major", "broad", "clear", "large", "real", "wide", "rich", "vast", "strong", "fresh", "solid", "ample", "notable",
    "sizable", "genuine", "useful", "tangible", "lasting", "shared", "timely",
];

/// The same deliverable with one word of its first body paragraph changed, for the rebuild
/// benchmarks: `great` becomes the turn's word of [`EDIT_WORDS`].
pub fn one_word_edit(data: &str, turn: usize) -> String {
    let word = EDIT_WORDS[turn % EDIT_WORDS.len()];
    data.replacen("provide great opportunities", &format!("provide {word} opportunities"), 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scaling_is_deterministic_and_keeps_every_copy_checkable() {
        let d35 = d35();
        let ten = scaled(&d35, 10);
        assert_eq!(ten, scaled(&d35, 10));
        assert_eq!(ten.matches("[[sections]]").count(), 10 * d35.matches("[[sections]]").count());
        let file = folio_model::SourceFile::new("x10.toml", ten);
        let catalog = folio_compile::Catalog::load(&root().join("templates")).expect("templates");
        let formats = catalog.formats();
        let outcome = folio_validate::check_with(&file, &folio_model::Templates::new(&formats));
        let errors: Vec<_> = outcome.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert!(errors.is_empty(), "{errors:#?}");
        let doc = outcome.document.expect("checked");
        assert_eq!(doc.footnote_order().len(), 10 * 55);
    }

    #[test]
    fn each_turn_changes_one_word_and_no_turn_repeats_within_the_cache_age() {
        let d35 = d35();
        let turns: Vec<String> = (0..EDIT_WORDS.len()).map(|t| one_word_edit(&d35, t)).collect();
        for (turn, edited) in turns.iter().enumerate() {
            let word = EDIT_WORDS[turn];
            assert_eq!(
                edited.replacen(&format!("provide {word} opportunities"), "provide great opportunities", 1),
                d35
            );
            assert_ne!(edited, &d35);
        }
        // Every turn differs from the previous 8 builds' data (and from D3.5, built first).
        let distinct: std::collections::BTreeSet<&String> = turns.iter().collect();
        assert_eq!(distinct.len(), EDIT_WORDS.len());
        assert!(EDIT_WORDS.len() > 8);
    }
}
