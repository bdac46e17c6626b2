//! `folio build --changes-since REV` and `--changes-from OLD` as a reviewer's colleague runs
//! them: the review copy beside an unchanged official PDF, "Review copy" on every page (read
//! back with poppler's `pdftotext`), `--only-changes`, a git revision, and an old version with
//! errors that leaves every earlier output in place.

mod support;

use std::path::Path;
use std::process::Command;

use support::{folio, folio_in, git, root};

fn templates() -> String {
    root().join("templates").to_str().unwrap().to_owned()
}

/// D3.5 with one word changed and its version bumped.
fn edited() -> String {
    let d35 = std::fs::read_to_string(root().join("data/d3.5-mexico.toml")).unwrap();
    let edited = d35.replacen("relatively stable economy", "fairly stable economy", 1).replacen(
        "version = \"VF\"",
        "version = \"V2\"",
        1,
    );
    assert_ne!(edited, d35);
    edited
}

/// The text of each page, by poppler, its words one space apart; `None` (said) without it, outside CI.
fn pages(pdf: &Path) -> Option<Vec<String>> {
    match Command::new("pdftotext").arg(pdf).arg("-").output() {
        Ok(out) if out.status.success() => {
            let text = String::from_utf8_lossy(&out.stdout).into_owned();
            // Words, one space apart: lines wrap where the layout puts them.
            let mut pages: Vec<String> =
                text.split('\u{c}').map(|p| p.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
            pages.pop_if(|p| p.trim().is_empty());
            Some(pages)
        }
        other => {
            assert!(std::env::var_os("CI").is_none(), "pdftotext is required in CI: {other:?}");
            eprintln!("pdftotext is not installed: skipped reading the review copy back");
            None
        }
    }
}

const HEADER: &str = "Review copy: changes since VF, marked. Not the official document.";

#[test]
fn a_review_copy_is_written_beside_the_unchanged_official_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("d3.5-mexico.toml");
    std::fs::write(&data, edited()).unwrap();
    let (data, out) = (data.to_str().unwrap(), dir.path().join("report"));
    let out_s = out.to_str().unwrap();
    let old = root().join("data/d3.5-mexico.toml");
    let old = old.to_str().unwrap();

    let plain = folio(&["build", data, "--templates", &templates(), "-o", &format!("{out_s}/plain")]);
    assert_eq!(plain.code(), 0, "{}", plain.stderr);
    let run = folio(&["build", data, "--templates", &templates(), "-o", out_s, "--changes-from", old]);
    assert_eq!(run.code(), 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("Reviewed ") && run.stderr.contains("d3.5-mexico.review.pdf (16 pages"),
        "{}",
        run.stderr
    );
    // The official PDF is the one a plain build writes, byte for byte.
    let official = std::fs::read(out.join("d3.5-mexico.pdf")).unwrap();
    assert_eq!(official, std::fs::read(out.join("plain/d3.5-mexico.pdf")).unwrap());

    let review = out.join("d3.5-mexico.review.pdf");
    if let Some(pages) = pages(&review) {
        assert_eq!(pages.len(), 16);
        for (i, page) in pages.iter().enumerate() {
            assert!(page.contains(HEADER), "page {} of the review copy does not say what it is", i + 1);
        }
        assert!(pages[0].contains("Changes since VF") && pages[0].contains("2 Existing EU-Mexico cluster cooperation"));
        let official = pages_of(&out.join("d3.5-mexico.pdf"));
        assert!(official.iter().all(|p| !p.contains("Review copy")), "the official PDF is never marked");
    }

    // Only the summary, the cover (the version changed) and the page with the word.
    let run =
        folio(&["build", data, "--templates", &templates(), "-o", out_s, "--changes-from", old, "--only-changes"]);
    assert_eq!(run.code(), 0, "{}", run.stderr);
    if let Some(pages) = pages(&review) {
        assert_eq!(pages.len(), 3, "{pages:#?}");
        assert!(pages[1].contains("VF V2"), "{}", pages[1]);
        assert!(pages[2].contains("relatively fairly stable economy"), "{}", pages[2]);
    }
}

fn pages_of(pdf: &Path) -> Vec<String> {
    pages(pdf).unwrap_or_default()
}

#[test]
fn changes_since_a_git_revision_reads_the_committed_data() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    std::fs::copy(root().join("data/d3.5-mexico.toml"), dir.path().join("data/d3.5-mexico.toml")).unwrap();
    git(dir.path(), &["init", "--quiet"]);
    git(dir.path(), &["add", "data"]);
    git(dir.path(), &["commit", "--quiet", "-m", "VF"]);
    std::fs::write(dir.path().join("data/d3.5-mexico.toml"), edited()).unwrap();

    let run = folio_in(dir.path(), &["build", "--templates", &templates(), "--changes-since", "HEAD"]);
    assert_eq!(run.code(), 0, "{}", run.stderr);
    if let Some(pages) = pages(&dir.path().join("report/d3.5-mexico.review.pdf")) {
        assert!(pages[0].contains("Document version"), "{}", pages[0]);
        assert!(pages.iter().any(|p| p.contains("relatively fairly stable economy")));
    }
    // Against the committed version itself, nothing is marked.
    git(dir.path(), &["commit", "--quiet", "-am", "V2"]);
    let run = folio_in(dir.path(), &["build", "--templates", &templates(), "--changes-since", "HEAD"]);
    assert_eq!(run.code(), 0, "{}", run.stderr);
    if let Some(pages) = pages(&dir.path().join("report/d3.5-mexico.review.pdf")) {
        assert!(pages[0].contains("No changes: this version reads as V2 does."), "{}", pages[0]);
    }
    // A revision git does not know is an error that names it (an I/O problem, not the data's).
    let run = folio_in(dir.path(), &["build", "--templates", &templates(), "--changes-since", "no-such-rev"]);
    assert_eq!(run.code(), 2, "{}", run.stderr);
    assert!(run.stderr.contains("no-such-rev"), "{}", run.stderr);
}

#[test]
fn an_old_version_with_errors_changes_no_output() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("d3.5-mexico.toml");
    std::fs::write(&data, edited()).unwrap();
    let broken = dir.path().join("old.toml");
    std::fs::write(&broken, edited().replacen("title = \"Discussion paper on Mexico\"", "title = 7", 1)).unwrap();
    let (data, broken, out) = (data.to_str().unwrap(), broken.to_str().unwrap(), dir.path().join("report"));

    let first = folio(&["build", data, "--templates", &templates(), "-o", out.to_str().unwrap()]);
    assert_eq!(first.code(), 0, "{}", first.stderr);
    let before = std::fs::read(out.join("d3.5-mexico.pdf")).unwrap();
    std::fs::write(out.join("d3.5-mexico.review.pdf"), b"an earlier review copy").unwrap();

    let run =
        folio(&["build", data, "--templates", &templates(), "-o", out.to_str().unwrap(), "--changes-from", broken]);
    assert_eq!(run.code(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("old.toml:"), "the old version's error is located: {}", run.stderr);
    assert!(run.stderr.contains("the old version") && run.stderr.contains("has errors"), "{}", run.stderr);
    assert_eq!(std::fs::read(out.join("d3.5-mexico.pdf")).unwrap(), before);
    assert_eq!(std::fs::read(out.join("d3.5-mexico.review.pdf")).unwrap(), b"an earlier review copy");
}

#[test]
fn only_changes_needs_a_review_copy() {
    let run = folio(&["build", "--only-changes"]);
    assert_eq!(run.code(), 2, "{}", run.stderr);
    assert!(run.stderr.contains("--only-changes needs a review copy"), "{}", run.stderr);
    let run = folio(&["build", "--changes-since", "HEAD", "--changes-from", "x.toml"]);
    assert_eq!(run.code(), 2, "{}", run.stderr);
}
