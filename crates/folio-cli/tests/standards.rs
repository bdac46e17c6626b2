//! `folio build` writes archival, accessible PDFs by default (PDF/A-2a with PDF/UA-1), as
//! poppler reads their XMP claims; `--pdf-standard` and the data's `pdf-standards` choose others,
//! and a combination Typst cannot write is refused before anything is built.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root")
}

fn folio(args: &[&str], out: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(args)
        .arg("-o")
        .arg(out)
        .current_dir(root())
        .output()
        .expect("folio runs")
}

/// The XMP metadata poppler reads from a PDF (`pdfinfo -meta`), or `None` without poppler.
fn xmp(pdf: &Path) -> Option<String> {
    match Command::new("pdfinfo").arg("-meta").arg(pdf).output() {
        Ok(out) => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        Err(e) if std::env::var_os("CI").is_none() => {
            eprintln!("note: skipping the pdfinfo check: {e}");
            None
        }
        Err(e) => panic!("pdfinfo is required in CI: {e}"),
    }
}

#[test]
fn the_default_is_pdf_a2a_with_pdf_ua1() {
    let out = tempfile::tempdir().unwrap();
    let result = folio(&["build", "data/d3.5-mexico.toml"], out.path());
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    let Some(meta) = xmp(&out.path().join("d3.5-mexico.pdf")) else { return };
    assert!(meta.contains("<pdfaid:part>2</pdfaid:part>"), "{meta}");
    assert!(meta.contains("<pdfaid:conformance>A</pdfaid:conformance>"), "{meta}");
    assert!(meta.contains("<pdfuaid:part>1</pdfuaid:part>"), "{meta}");
}

#[test]
fn the_command_line_chooses_other_standards_or_none() {
    let out = tempfile::tempdir().unwrap();
    let result = folio(&["build", "data/d3.5-mexico.toml", "--pdf-standard", "a-3a,ua-1"], out.path());
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    if let Some(meta) = xmp(&out.path().join("d3.5-mexico.pdf")) {
        assert!(meta.contains("<pdfaid:part>3</pdfaid:part>"), "{meta}");
    }
    let result = folio(&["build", "data/d3.5-mexico.toml", "--pdf-standard", "none"], out.path());
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    if let Some(meta) = xmp(&out.path().join("d3.5-mexico.pdf")) {
        assert!(!meta.contains("pdfaid") && !meta.contains("pdfuaid"), "{meta}");
    }
}

#[test]
fn standards_that_cannot_be_combined_are_a_usage_error_and_nothing_is_written() {
    let out = tempfile::tempdir().unwrap();
    let result = folio(&["build", "data/d3.5-mexico.toml", "--pdf-standard", "a-4,ua-1"], out.path());
    assert_eq!(result.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("PDF/A-4 and PDF/UA-1 are mutually incompatible"), "{stderr}");
    assert!(!out.path().join("d3.5-mexico.pdf").exists());
}

#[test]
fn the_data_can_name_its_standards_and_is_checked_where_it_does() {
    let dir = tempfile::tempdir().unwrap();
    let data = std::fs::read_to_string(root().join("data/d3.5-mexico.toml")).unwrap();
    let path = dir.path().join("x.toml");
    std::fs::write(&path, data.replacen("lang = \"en\"\n", "lang = \"en\"\npdf-standards = [\"a-4\", \"ua-1\"]\n", 1))
        .unwrap();
    let templates = root().join("templates");
    let result = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["check", "--templates"])
        .arg(&templates)
        .arg(&path)
        .output()
        .expect("folio runs");
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("error[pdf-standards]"), "{stderr}");
    assert!(stderr.contains("x.toml:4:18"), "located at the list: {stderr}");
}
