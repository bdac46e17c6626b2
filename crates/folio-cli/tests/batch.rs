//! `folio build` with several deliverables builds them at once (`-j`), and reports them in the
//! order they were named; one that fails stops none of the others, and the exit status says so.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root")
}

#[test]
fn a_failing_deliverable_stops_none_of_the_others_and_output_keeps_the_order() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let d35 = std::fs::read_to_string(root().join("data/d3.5-mexico.toml")).unwrap();
    let minimal = std::fs::read_to_string(root().join("tests/fixtures/valid/minimal.toml")).unwrap();
    std::fs::write(data.join("a.toml"), &d35).unwrap();
    std::fs::write(data.join("b.toml"), minimal.replace("template = \"eccp\"", "template = \"ecp\"")).unwrap();
    std::fs::write(data.join("c.toml"), &minimal).unwrap();
    std::fs::write(data.join("d.toml"), &d35).unwrap();
    let templates = root().join("templates");
    for jobs in ["1", "4"] {
        let out_dir = dir.path().join(format!("out-{jobs}"));
        let run = Command::new(env!("CARGO_BIN_EXE_folio"))
            .args(["build", "-j", jobs, "--templates", templates.to_str().unwrap(), "-o", out_dir.to_str().unwrap()])
            .current_dir(dir.path())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "-j {jobs}: {err}");
        for built in ["a.pdf", "c.pdf", "d.pdf"] {
            assert!(out_dir.join(built).is_file(), "-j {jobs}: no {built}: {err}");
        }
        assert!(!out_dir.join("b.pdf").exists());
        // In the order named, each deliverable's messages together, whatever finished first.
        let at = |needle: &str| err.find(needle).unwrap_or_else(|| panic!("-j {jobs}: no `{needle}` in {err}"));
        let (a, b_error, b, c, d) =
            (at("Built "), at("error[unknown-template]"), at("data/b.toml was not built"), at("c.pdf"), at("d.pdf"));
        assert!(a < b_error && b_error < b && b < c && c < d, "-j {jobs}: out of order: {err}");
    }
}
