//! What `folio build` writes: every output of a document or none of them, never one input's
//! output over another's, and nothing at all when `-o` is not a folder.

mod support;

use std::path::Path;

use support::{folio, root, temporaries};

const MINIMAL: &str = "tests/fixtures/valid/minimal.toml";

/// Builds `minimal.toml --emit typst` into `out`, where `out/minimal.pdf` is a directory so that
/// renaming the PDF into place fails after the `.typ` is already staged (and renamed first).
fn build_with_an_unwritable_pdf(out: &Path) -> support::Run {
    std::fs::create_dir_all(out.join("minimal.pdf")).unwrap();
    let run = folio(&["build", MINIMAL, "--emit", "typst", "-o", out.to_str().unwrap()]);
    assert_eq!(run.code(), 2, "{}", run.stderr);
    assert!(run.stderr.contains(&format!("cannot write {}", out.join("minimal.pdf").display())), "{}", run.stderr);
    assert!(out.join("minimal.pdf").is_dir());
    assert_eq!(temporaries(out), Vec::<String>::new(), "temporary files were left behind");
    run
}

#[test]
fn the_typst_source_is_kept_when_the_pdf_cannot_be_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("minimal.typ"), "// the previous good source\n").unwrap();
    build_with_an_unwritable_pdf(&out);
    assert_eq!(
        std::fs::read_to_string(out.join("minimal.typ")).unwrap(),
        "// the previous good source\n",
        "the .typ was replaced although the PDF was not"
    );
}

#[test]
fn no_typst_source_appears_when_the_pdf_cannot_be_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_with_an_unwritable_pdf(&out);
    assert!(!out.join("minimal.typ").exists(), "a .typ was written although the PDF was not");

    // Once the PDF can be written, both are.
    std::fs::remove_dir(out.join("minimal.pdf")).unwrap();
    let run = folio(&["build", MINIMAL, "--emit", "typst", "-o", out.to_str().unwrap()]);
    assert_eq!(run.code(), 0, "{}", run.stderr);
    assert!(std::fs::read(out.join("minimal.pdf")).unwrap().starts_with(b"%PDF-"));
    assert!(std::fs::read_to_string(out.join("minimal.typ")).unwrap().contains("#import"));
    assert_eq!(temporaries(&out), Vec::<String>::new());
}

#[test]
fn two_inputs_with_the_same_output_are_refused_before_building() {
    let dir = tempfile::tempdir().unwrap();
    let minimal = std::fs::read(root().join(MINIMAL)).unwrap();
    let (a, b) = (dir.path().join("a/x.toml"), dir.path().join("b/x.toml"));
    for path in [&a, &b] {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &minimal).unwrap();
    }
    let out = dir.path().join("out");
    let (a, b, o) = (a.to_str().unwrap(), b.to_str().unwrap(), out.to_str().unwrap());
    let run = folio(&["build", a, b, "-o", o]);
    assert_eq!(run.code(), 2, "{}", run.stderr);
    let pdf = out.join("x.pdf");
    assert!(
        run.stderr.contains(&format!("error: {a} and {b} would both be written to {}", pdf.display())),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("Built"), "{}", run.stderr);
    assert!(!out.exists(), "something was written");

    // The same file named twice is the same clash.
    let run = folio(&["build", a, a, "-o", o]);
    assert_eq!(run.code(), 2, "{}", run.stderr);
    assert!(!out.exists());
}

#[test]
fn an_output_folder_that_is_a_file_is_refused_before_building() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.pdf");
    std::fs::write(&file, b"%PDF- not a folder").unwrap();
    let f = file.to_str().unwrap();
    // D3.5 has warnings: if it were checked before the refusal, they would be printed.
    let run = folio(&["build", "data/d3.5-mexico.toml", "-o", f]);
    assert_eq!(run.code(), 2, "{}", run.stderr);
    assert_eq!(run.stderr, format!("error: -o {f} is a file; -o names the folder the PDFs are written into\n"));
    assert_eq!(std::fs::read(&file).unwrap(), b"%PDF- not a folder");

    let below = file.join("pdfs");
    let run = folio(&["build", "data/d3.5-mexico.toml", "-o", below.to_str().unwrap()]);
    assert_eq!(run.code(), 2, "{}", run.stderr);
    assert!(run.stderr.contains(&format!("{f} is a file; -o names the folder")), "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
}
