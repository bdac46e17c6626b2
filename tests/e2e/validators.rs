//! The PDFs as outside validators read them: D3.5 and every example, written as `folio build`
//! writes them (PDF/A-2a with PDF/UA-1), pass `tests/pdf-tools/check.sh` (qpdf, pdfinfo,
//! mutool, PyPI pdfua in its pinned virtual environment, and structural rules); and the tag tree
//! that `structure.py` reads matches the document: every heading at its level in order, every
//! table with header cells, every footnote a note.

use std::path::{Path, PathBuf};
use std::process::Command;

use folio_tests::{build_file, root};

/// The pinned tools' virtual environment, as `.ci/run` makes it; `None` (said) when it cannot be
/// made here outside CI.
fn tools() -> Option<PathBuf> {
    let venv = std::env::var_os("PDF_TOOLS_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/folio-pdf-tools"));
    let setup = Command::new("bash").arg(root().join("tests/pdf-tools/setup.sh")).arg(&venv).output();
    match setup {
        Ok(out) if out.status.success() => Some(venv),
        Ok(out) if std::env::var_os("CI").is_none() => {
            eprintln!("note: skipping the validators: {}", String::from_utf8_lossy(&out.stderr));
            None
        }
        Ok(out) => panic!("tests/pdf-tools/setup.sh failed in CI: {}", String::from_utf8_lossy(&out.stderr)),
        Err(e) if std::env::var_os("CI").is_none() => {
            eprintln!("note: skipping the validators: {e}");
            None
        }
        Err(e) => panic!("bash is required in CI: {e}"),
    }
}

/// Every deliverable of the repository, as data paths from the root.
fn deliverables() -> Vec<String> {
    let mut out = vec!["data/d3.5-mexico.toml".to_owned()];
    let mut examples: Vec<String> = std::fs::read_dir(root().join("data/examples"))
        .expect("data/examples")
        .filter_map(|e| e.ok()?.file_name().to_str().map(str::to_owned))
        .filter(|n| n.ends_with(".toml"))
        .map(|n| format!("data/examples/{n}"))
        .collect();
    examples.sort();
    out.extend(examples);
    out
}

/// Builds `relative` as `folio build` does and writes its PDF into `dir`.
fn write_pdf(relative: &str, dir: &Path) -> PathBuf {
    let built = build_file(relative);
    let name = Path::new(relative).file_stem().unwrap().to_string_lossy().into_owned();
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, built.typeset.pdf().expect("PDF/A-2a + PDF/UA-1 export")).unwrap();
    path
}

#[test]
fn every_deliverable_passes_the_outside_validators() {
    let Some(venv) = tools() else { return };
    let dir = tempfile::tempdir().unwrap();
    let pdfs: Vec<PathBuf> = deliverables().iter().map(|d| write_pdf(d, dir.path())).collect();
    let out = Command::new("bash")
        .arg(root().join("tests/pdf-tools/check.sh"))
        .args(&pdfs)
        .env("PDF_TOOLS_VENV", &venv)
        .env("PDF_TOOLS_OUT", dir.path().join("reports"))
        .output()
        .expect("check.sh runs");
    let report = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{report}");
    assert!(report.contains(&format!("pdf-checks: {} passed, 0 failed", pdfs.len())), "{report}");
}

#[test]
fn the_tag_tree_matches_the_document() {
    let Some(venv) = tools() else { return };
    let dir = tempfile::tempdir().unwrap();
    let built = build_file("data/d3.5-mexico.toml");
    let pdf = dir.path().join("d3.5-mexico.pdf");
    std::fs::write(&pdf, built.typeset.pdf().unwrap()).unwrap();
    let out = Command::new(venv.join("bin/python"))
        .arg(root().join("tests/pdf-tools/structure.py"))
        .args(["--summary", "--no-text"])
        .arg(&pdf)
        .output()
        .expect("structure.py runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let tree: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let summary = &tree["summary"];

    // Headings: the contents page's title (H1), then every section depth first, at its level.
    fn levels(sections: &[folio_model::Section], level: u64, out: &mut Vec<u64>) {
        for s in sections {
            out.push(level);
            levels(&s.sections, level + 1, out);
        }
    }
    let mut expected = vec![1];
    levels(&built.doc.sections, 1, &mut expected);
    let found: Vec<u64> =
        summary["headings"].as_array().unwrap().iter().map(|h| h["level"].as_u64().unwrap()).collect();
    assert_eq!(found, expected, "heading levels in reading order");

    // Tables: the cover's and each case study's, all with header cells, row headers scoped.
    let tables = summary["tables"].as_array().unwrap();
    let case_studies = built
        .doc
        .sections
        .iter()
        .flat_map(|s| std::iter::once(s).chain(&s.sections))
        .flat_map(|s| &s.blocks)
        .filter(|b| matches!(b, folio_model::Block::Record(_)))
        .count();
    assert_eq!(tables.len(), 1 + case_studies, "{tables:#?}");
    for t in tables {
        assert!(t["th"].as_u64().unwrap() > 0, "a table without header cells: {t}");
        assert!(t["th_scopes"]["Row"].as_u64().unwrap_or(0) > 0, "label columns are row headers: {t}");
    }

    // Footnotes: each printed footnote is a Note.
    assert_eq!(summary["notes"]["total"].as_u64(), Some(built.doc.footnote_order().len() as u64));
    assert_eq!(tree["catalog"]["lang"], "en");
    assert_eq!(tree["catalog"]["display_doc_title"], true);
    assert_eq!(tree["xmp"]["pdfuaid_part"], "1");
}
