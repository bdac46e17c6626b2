//! `folio new`: in an empty project, a deliverable that checks clean and builds at once, and
//! never an overwritten file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root")
}

fn folio(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_folio")).args(args).current_dir(cwd).output().expect("folio runs")
}

#[test]
fn a_new_deliverable_checks_clean_and_builds_at_once() {
    let project = tempfile::tempdir().unwrap();
    let templates = root().join("templates");
    let t = templates.to_str().unwrap();
    let out = folio(&["new", "d1.1-plan", "--templates", t], project.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let data = project.path().join("data/d1.1-plan.toml");
    let text = std::fs::read_to_string(&data).unwrap();
    assert!(text.starts_with("#:schema ./eccp.schema.json\n"), "{text}");
    assert!(project.path().join("data/eccp.schema.json").is_file(), "the schema the file names");

    let check = folio(&["check", "--deny", "warnings", "--templates", t, "data/d1.1-plan.toml"], project.path());
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
    assert!(String::from_utf8_lossy(&check.stderr).contains("0 error(s), 0 warning(s)"));
    let build = folio(&["build", "--templates", t, "data/d1.1-plan.toml"], project.path());
    assert!(build.status.success(), "{}", String::from_utf8_lossy(&build.stderr));
    assert!(project.path().join("report/d1.1-plan.pdf").is_file());

    // The example of each block is there, active or commented out.
    for block in [
        "[[sections.blocks]]",
        "[sections.blocks.table]",
        "# [sections.blocks.figure]",
        "[sections.blocks.case-study]",
        "[sections.blocks.case-study.contact]",
        "# accent = \"#1f497d\"",
        "[footnotes]",
    ] {
        assert!(text.contains(block), "no {block}");
    }

    // Never overwritten.
    std::fs::write(&data, "mine").unwrap();
    let again = folio(&["new", "d1.1-plan", "--templates", t], project.path());
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("never overwrites"));
    assert_eq!(std::fs::read_to_string(&data).unwrap(), "mine");
}

#[test]
fn a_bad_name_or_an_unknown_template_is_refused() {
    let project = tempfile::tempdir().unwrap();
    let t = root().join("templates");
    let bad = folio(&["new", "../escape", "--templates", t.to_str().unwrap()], project.path());
    assert_eq!(bad.status.code(), Some(2));
    let unknown = folio(&["new", "x", "--template", "nope", "--templates", t.to_str().unwrap()], project.path());
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("there is no template `nope`"));
    assert!(!project.path().join("data/x.toml").exists());
}

/// In an empty folder, with no templates anywhere: `folio new` then `folio build` work with the
/// templates shipped in the binary.
#[test]
fn new_and_build_work_in_an_empty_folder() {
    let project = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_folio"))
            .args(args)
            .env("XDG_CACHE_HOME", cache.path())
            .current_dir(project.path())
            .output()
            .expect("folio runs")
    };
    let new = run(&["new", "x"]);
    assert!(new.status.success(), "{}", String::from_utf8_lossy(&new.stderr));
    let build = run(&["build", "data/x.toml"]);
    assert!(build.status.success(), "{}", String::from_utf8_lossy(&build.stderr));
    assert!(project.path().join("report/x.pdf").is_file());
}
