//! `folio diff REV:PATH` asks git for the file and nothing else: a "revision" cannot smuggle
//! an option into `git show`, and git's output is read only up to the data file limit.

mod support;

use folio_model::limits::MAX_INPUT_BYTES;
use support::{folio, folio_in, git, root};

#[test]
fn a_revision_that_looks_like_an_option_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let pwned = dir.path().join("PWNED");
    let spec = format!("--output={}:x", pwned.display());
    // Before: `git show --output=…/PWNED:x` wrote PWNED.
    let run = folio(&["diff", "--", &spec, "data/d3.5-mexico.toml"]);
    assert_eq!(run.code(), 2, "{}", run.stderr);
    assert!(!pwned.exists(), "git wrote a file named by the revision");
    assert!(run.stderr.contains("a revision cannot start with `-`"), "{}", run.stderr);

    let run = folio(&["diff", "data/d3.5-mexico.toml", "--", &format!("-p:{}", pwned.display())]);
    assert_eq!(run.code(), 2, "{}", run.stderr);
    assert!(!pwned.exists());
}

#[test]
fn a_git_blob_over_the_limit_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "--quiet"]);
    let comment = format!("#{}\n", "x".repeat(62));
    let big = comment.repeat(MAX_INPUT_BYTES / 64 + 1);
    std::fs::write(dir.path().join("big.toml"), &big).unwrap();
    std::fs::copy(root().join("tests/fixtures/valid/minimal.toml"), dir.path().join("small.toml")).unwrap();
    git(dir.path(), &["add", "big.toml", "small.toml"]);
    git(dir.path(), &["commit", "--quiet", "-m", "data"]);

    let templates = root().join("templates");
    let templates = templates.to_str().unwrap();
    let run = folio_in(dir.path(), &["diff", "HEAD:big.toml", "small.toml", "--templates", templates]);
    assert_eq!(run.code(), 2, "{}", run.stderr);
    assert!(run.stderr.contains("error: HEAD:big.toml is larger than"), "{}", run.stderr);

    // A blob within the limit is read as before.
    let run = folio_in(dir.path(), &["diff", "HEAD:small.toml", "small.toml", "--templates", templates]);
    assert_eq!(run.code(), 0, "{}", run.stderr);
    assert_eq!(run.stdout, "No differences.\n");
}
