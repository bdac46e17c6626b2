//! PDF standards by the codes authors and the command line write (`a-2a`, `ua-1`), and the check
//! that a combination can be written at all, at the data that names it.

use folio_model::{Diagnostic, Document};
use typst_pdf::{PdfStandard, PdfStandards};

/// The standard a code names, for every code of [`folio_model::format::PDF_STANDARDS`].
pub fn pdf_standard(code: &str) -> Option<PdfStandard> {
    Some(match code {
        "1.4" => PdfStandard::V_1_4,
        "1.5" => PdfStandard::V_1_5,
        "1.6" => PdfStandard::V_1_6,
        "1.7" => PdfStandard::V_1_7,
        "2.0" => PdfStandard::V_2_0,
        "a-1b" => PdfStandard::A_1b,
        "a-1a" => PdfStandard::A_1a,
        "a-2b" => PdfStandard::A_2b,
        "a-2u" => PdfStandard::A_2u,
        "a-2a" => PdfStandard::A_2a,
        "a-3b" => PdfStandard::A_3b,
        "a-3u" => PdfStandard::A_3u,
        "a-3a" => PdfStandard::A_3a,
        "a-4" => PdfStandard::A_4,
        "a-4f" => PdfStandard::A_4f,
        "a-4e" => PdfStandard::A_4e,
        "ua-1" => PdfStandard::Ua_1,
        _ => return None,
    })
}

/// The code of a standard, as `--pdf-standard` writes it (`a-2a`).
pub fn code(standard: PdfStandard) -> &'static str {
    folio_model::format::PDF_STANDARDS.iter().copied().find(|c| pdf_standard(c) == Some(standard)).unwrap_or("?")
}

/// The standards of `codes`, or why they cannot be written together (Typst's words).
pub fn pdf_standards(codes: &[&str]) -> Result<Vec<PdfStandard>, String> {
    let standards: Vec<PdfStandard> = codes
        .iter()
        .map(|c| pdf_standard(c).ok_or_else(|| format!("`{c}` is not a PDF standard folio writes")))
        .collect::<Result<_, _>>()?;
    PdfStandards::new(&standards).map_err(|e| e.message().to_string())?;
    Ok(standards)
}

/// An error at `pdf-standards` when the data names standards that cannot be written together.
pub fn check_standards(doc: &Document) -> Option<Diagnostic> {
    let codes: Vec<&str> = doc.pdf_standards.iter().map(|s| s.value.as_str()).collect();
    let (first, last) = (doc.pdf_standards.first()?, doc.pdf_standards.last()?);
    let message = pdf_standards(&codes).err()?;
    let span = first.span.start..last.span.end;
    Some(
        Diagnostic::error(
            "pdf-standards",
            &doc.file,
            span,
            format!("these PDF standards cannot be combined: {message}"),
        )
        .with_help("folio's default is [\"a-2a\", \"ua-1\"]: archival and accessible"),
    )
}
