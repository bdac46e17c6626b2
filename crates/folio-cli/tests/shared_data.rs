//! `folio check` over deliverables that use a shared data file (`data/examples/shared/`) warns
//! at each shared entry none of them uses.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root")
}

/// A copy of `data/examples` in a fresh folder.
fn examples_copy() -> tempfile::TempDir {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap().filter_map(Result::ok) {
            let target = to.join(e.file_name());
            if e.path().is_dir() {
                copy(&e.path(), &target)
            } else {
                std::fs::copy(e.path(), &target).map(|_| ()).unwrap()
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    copy(&root().join("data/examples"), dir.path());
    dir
}

/// `folio check` over the deliverables that use a shared file warns at each entry none of them
/// uses; the examples use every entry.
#[test]
fn check_reports_shared_entries_no_deliverable_uses() {
    let dir = examples_copy();
    let folio = env!("CARGO_BIN_EXE_folio");
    let templates = root().join("templates");
    let run = |files: &[&str]| {
        let out = std::process::Command::new(folio)
            .args(["check", "--templates", templates.to_str().unwrap()])
            .args(files)
            .current_dir(dir.path())
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let both = run(&["horizon-europe.toml", "h2020-brief.toml"]);
    assert!(!both.contains("unused-shared"), "{both}");
    // Checked alone, the report uses a source of the file but no organisation: the rest is
    // reported, in the file.
    let alone = run(&["horizon-europe.toml"]);
    assert!(alone.contains("warning[unused-shared]: no deliverable checked names the organisation `etpl`"), "{alone}");
    assert!(alone.contains("shared/consortium.toml:5:16"), "{alone}");
    assert!(alone.contains("no deliverable checked cites the source `encostor-d2-3`"), "{alone}");
    assert!(!alone.contains("`electricity-directive`"), "{alone}");
}
