//! Outputs survive crashes: a build killed at any moment, or builds racing each other, leave
//! either the previous PDF or the new one, complete, never a mix or a truncated file.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

fn root() -> PathBuf {
    Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root")
}

/// Builds `data` into `out` and returns the PDF's bytes.
fn build(data: &Path, out: &Path) -> Vec<u8> {
    let status = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["build", data.to_str().unwrap(), "-o", out.to_str().unwrap(), "--templates"])
        .arg(root().join("templates"))
        .stderr(Stdio::null())
        .status()
        .expect("folio runs");
    assert!(status.success());
    std::fs::read(out.join("d3.5-mexico.pdf")).expect("the PDF exists")
}

/// Two versions of D3.5 with the same output name and different bytes.
fn two_versions(dir: &Path) -> (PathBuf, PathBuf) {
    let original = std::fs::read_to_string(root().join("data/d3.5-mexico.toml")).unwrap();
    let old = dir.join("old/d3.5-mexico.toml");
    let new = dir.join("new/d3.5-mexico.toml");
    std::fs::create_dir_all(old.parent().unwrap()).unwrap();
    std::fs::create_dir_all(new.parent().unwrap()).unwrap();
    std::fs::write(&old, original.replace("version = \"VF\"", "version = \"V0.9\"")).unwrap();
    std::fs::write(&new, original).unwrap();
    (old, new)
}

#[test]
fn a_killed_build_never_corrupts_the_previous_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let (old_data, new_data) = two_versions(dir.path());
    let scratch = dir.path().join("scratch");
    let new_pdf = build(&new_data, &scratch);
    let out = dir.path().join("out");
    let old_pdf = build(&old_data, &out);
    assert_ne!(old_pdf, new_pdf);

    // Kill points spread over a whole build (about 0.4 s in release), from a fixed sequence so a
    // failure can be reproduced.
    let mut seed: u64 = 0x5eed;
    for round in 0..24 {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let delay = Duration::from_millis((seed >> 33) % 600);
        let mut child = Command::new(env!("CARGO_BIN_EXE_folio"))
            .args(["build", new_data.to_str().unwrap(), "-o", out.to_str().unwrap(), "--templates"])
            .arg(root().join("templates"))
            .stderr(Stdio::null())
            .spawn()
            .expect("folio starts");
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL on Unix: no destructor, no cleanup runs.
        let _ = child.wait();
        let now = std::fs::read(out.join("d3.5-mexico.pdf")).expect("a PDF is always there");
        assert!(now == old_pdf || now == new_pdf, "round {round} (killed after {delay:?}) left a corrupt PDF");
        // Put the old one back so that the next round can catch a torn write again.
        std::fs::write(out.join("d3.5-mexico.pdf"), &old_pdf).unwrap();
    }
}

#[test]
fn concurrent_builds_leave_one_valid_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let (_, new_data) = two_versions(dir.path());
    let expected = build(&new_data, &dir.path().join("scratch"));
    let out = dir.path().join("out");
    let children: Vec<_> = (0..4)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_folio"))
                .args(["build", new_data.to_str().unwrap(), "-o", out.to_str().unwrap(), "--templates"])
                .arg(root().join("templates"))
                .stderr(Stdio::null())
                .spawn()
                .expect("folio starts")
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    assert!(std::fs::read(out.join("d3.5-mexico.pdf")).unwrap() == expected);
    let leftovers: Vec<_> = std::fs::read_dir(&out).unwrap().filter_map(|e| e.ok()).map(|e| e.file_name()).collect();
    assert_eq!(leftovers.len(), 1, "temporary files were left behind: {leftovers:?}");
}

#[test]
fn temporaries_left_by_killed_builds_are_swept() {
    let dir = tempfile::tempdir().unwrap();
    let (_, new_data) = two_versions(dir.path());
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let stale = out.join(".folio-stale.tmp");
    let fresh = out.join(".folio-fresh.tmp");
    for path in [&stale, &fresh] {
        std::fs::write(path, b"half a PDF").unwrap();
    }
    let an_hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
    std::fs::File::options().write(true).open(&stale).unwrap().set_modified(an_hour_ago).unwrap();
    build(&new_data, &out);
    assert!(!stale.exists(), "a temporary file from an hour ago is left behind");
    assert!(fresh.exists(), "a temporary file that may belong to a running build was removed");
}
