//! The D3.5 PDF as real PDF clients see it: qpdf's structural check, poppler's font list and
//! text, and the byte-for-byte determinism of the export.

use folio_model::Inline;
use folio_tests::{client, d35};

fn pdf_file() -> (tempfile::TempDir, std::path::PathBuf, Vec<u8>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("d3.5-mexico.pdf");
    let bytes = d35().typeset.pdf().expect("PDF export");
    std::fs::write(&path, &bytes).expect("write PDF");
    (dir, path, bytes)
}

#[test]
fn qpdf_finds_no_structural_problem() {
    let (_dir, path, _) = pdf_file();
    let Some(out) = client("qpdf", &["--check", path.to_str().unwrap()]) else {
        return;
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "qpdf --check failed:\n{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("No syntax or stream encoding errors found"), "{stdout}");
}

#[test]
fn every_font_is_embedded() {
    let (_dir, path, _) = pdf_file();
    let Some(out) = client("pdffonts", &[path.to_str().unwrap()]) else {
        return;
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    let fonts: Vec<&str> = stdout.lines().skip(2).collect();
    assert!(!fonts.is_empty(), "pdffonts lists no fonts:\n{stdout}");
    for line in &fonts {
        // Columns: name, type, encoding, emb, sub, uni, object, id. Names have no spaces.
        let cols: Vec<&str> = line.split_whitespace().collect();
        let emb = cols[cols.len() - 5];
        assert_eq!(emb, "yes", "font not embedded: {line}");
    }
    assert!(fonts.iter().any(|l| l.contains("Carlito")), "the body font is Carlito:\n{stdout}");
}

#[test]
fn pdftotext_shows_every_footnote_url() {
    let (_dir, path, _) = pdf_file();
    // `-layout` keeps a line-final `-` as printed; the default mode drops it as a hyphenation.
    let Some(out) = client("pdftotext", &["-layout", "-enc", "UTF-8", path.to_str().unwrap(), "-"]) else {
        return;
    };
    // URLs wrap across lines in footnotes; compare without white space.
    let text: String = String::from_utf8_lossy(&out.stdout).split_whitespace().collect();
    let doc = &d35().doc;
    let mut urls = Vec::new();
    for f in &doc.footnotes {
        folio_model::walk_inlines(&f.body, &mut |i| {
            if let Inline::Link { body, .. } = i {
                let mut shown = String::new();
                folio_model::walk_inlines(body, &mut |b| {
                    if let Inline::Text(t) = b {
                        shown.push_str(&t.value);
                    }
                });
                urls.push(shown);
            }
        });
    }
    assert!(urls.len() >= 50, "D3.5's footnotes hold at least 50 URLs, found {}", urls.len());
    let missing: Vec<&String> = urls.iter().filter(|u| !text.contains(u.as_str())).collect();
    assert!(missing.is_empty(), "URLs not found in pdftotext's output: {missing:#?}");
}

#[test]
fn footnote_links_are_clickable() {
    let (dir, path, _) = pdf_file();
    let plain = dir.path().join("plain.pdf");
    let args = ["--qdf", "--object-streams=disable", path.to_str().unwrap(), plain.to_str().unwrap()];
    let Some(out) = client("qpdf", &args) else {
        return;
    };
    assert!(out.status.success() || out.status.code() == Some(3), "qpdf --qdf failed");
    let bytes = std::fs::read(&plain).expect("qdf output");
    let raw = String::from_utf8_lossy(&bytes);
    for url in ["http://www.unam.mx", "http://ec.europa.eu/trade/policy/countries-and-regions/countries/mexico/"] {
        assert!(raw.contains(&format!("/URI ({url})")), "no link annotation to {url}");
    }
}

#[test]
fn exports_as_pdf_ua1_with_pdf_a2a() {
    use folio_compile::PdfStandard;
    let result = d35().typeset.pdf_conforming(&[PdfStandard::Ua_1, PdfStandard::A_2a]);
    if let Err(folio_compile::CompileError::Diagnostics(d)) = &result {
        panic!("D3.5 does not conform to PDF/UA-1 + PDF/A-2a: {:#?}", d.items);
    }
    assert!(result.expect("export").starts_with(b"%PDF-"));
}

#[test]
fn document_metadata_comes_from_the_data() {
    let (dir, path, _) = pdf_file();
    let Some(out) = client("pdfinfo", &[path.to_str().unwrap()]) else { return };
    let info = String::from_utf8_lossy(&out.stdout);
    for expected in [
        "Title:           D. 3.5 – Discussion paper on Mexico",
        "Author:          inno and SPI",
        "Subject:         ECCP deliverable D 3.5. (1), WP3: Supporting international cluster",
        "Keywords:        Mexico, cluster cooperation",
        // The deliverable's date (project start + 17 months for M18), never the clock.
        "CreationDate:    Thu Feb 23 00:00:00 2017 UTC",
        "Tagged:          yes",
        "Pages:           15",
        "Page size:       595.276 x 841.89 pts (A4)",
    ] {
        assert!(info.contains(expected), "pdfinfo lacks {expected:?}:\n{info}");
    }
    let plain = dir.path().join("lang.pdf");
    let Some(_) =
        client("qpdf", &["--qdf", "--object-streams=disable", path.to_str().unwrap(), plain.to_str().unwrap()])
    else {
        return;
    };
    let raw = String::from_utf8_lossy(&std::fs::read(&plain).unwrap()).into_owned();
    assert!(raw.contains("/Lang (en)"), "the catalog names the document language");
}

/// Each footnote's number is read with its own text, on one line, in both of pdftotext's modes:
/// copy-paste, search and indexing keep which note is which. (A number raised higher than half
/// its size makes poppler set it on a line of its own.)
#[test]
fn pdftotext_reads_each_footnote_number_with_its_text() {
    let (_dir, path, _) = pdf_file();
    let doc = &d35().doc;
    let order = doc.footnote_order();
    assert_eq!(order.len(), 55, "D3.5 prints 55 footnotes");
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for mode in [&["-enc", "UTF-8"][..], &["-layout", "-enc", "UTF-8"]] {
        let args: Vec<&str> = mode.iter().copied().chain([path.to_str().unwrap(), "-"]).collect();
        let Some(out) = client("pdftotext", &args) else {
            return;
        };
        let lines: Vec<String> = String::from_utf8_lossy(&out.stdout).lines().map(words).collect();
        let mut apart = Vec::new();
        for (i, id) in order.iter().enumerate() {
            let note = doc.footnote(id).expect("defined");
            let mut text = String::new();
            folio_model::walk_inlines(&note.body, &mut |i| {
                if let Inline::Text(t) = i {
                    text.push_str(&t.value);
                }
            });
            let start: String = words(&text).chars().take(12).collect();
            let expected = format!("{} {start}", i + 1);
            if !lines.iter().any(|l| l.starts_with(&expected)) {
                apart.push(expected);
            }
        }
        assert!(apart.is_empty(), "pdftotext {mode:?} does not start a line with these notes: {apart:#?}");
    }
}
