//! `folio build --changes-since REV` and `--changes-from OLD`: the review copy,
//! `<name>.review.pdf`, the new version with its changes marked.

use std::path::{Path, PathBuf};

use folio_compile::Pipeline;
use folio_model::SourceFile;
use folio_validate::Checked;

use crate::build::{Failure, compile_failure};
use crate::{BuildArgs, diff, out, print};

/// The old version the review copy is compared with, as `folio diff` reads it: a file, or
/// `REV:./PATH` from git.
fn old_spec(args: &BuildArgs, path: &Path) -> Result<Option<String>, Failure> {
    if let Some(old) = &args.changes_from {
        return Ok(Some(old.display().to_string()));
    }
    let Some(rev) = &args.changes_since else { return Ok(None) };
    // git reads `REV:./PATH` from the current folder, so the path must be relative to it.
    let relative: PathBuf = if path.is_absolute() {
        let here = std::env::current_dir().map_err(|e| Failure::Io(format!("cannot read the current folder: {e}")))?;
        path.strip_prefix(&here)
            .map_err(|_| Failure::Io(format!("{} is outside the current folder, where git looks", path.display())))?
            .to_owned()
    } else {
        path.to_owned()
    };
    Ok(Some(format!("{rev}:./{}", relative.display())))
}

/// A review copy, ready to write.
pub(crate) struct Copy {
    /// The PDF.
    pub pdf: Vec<u8>,
    /// Its page count.
    pub pages: usize,
    /// The generated Typst source (`--emit typst` writes it as `<name>.review.typ`).
    pub source: String,
}

/// The review copy's PDF and its page count, when one is asked for. The old version is read and
/// checked with the same pipeline; its problems are printed and fail the build.
pub(crate) fn pdf(
    pipeline: &Pipeline,
    path: &Path,
    stem: &str,
    new: &Checked,
    args: &BuildArgs,
) -> Result<Option<Copy>, Failure> {
    let Some(spec) = old_spec(args, path)? else { return Ok(None) };
    let (text, _) = diff::read(&spec).map_err(Failure::Io)?;
    let file = match text {
        Ok(file) => file,
        Err(bad) => {
            print::diagnostics_as(args.message_format, &[bad.diagnostic], &[&bad.file]);
            return Err(Failure::Document);
        }
    };
    let data_dir = folio_compile::data_dir(path);
    let outcome = pipeline.check(&file, &data_dir);
    let Some(old) = outcome.document else {
        let files: Vec<&SourceFile> = std::iter::once(&file).chain(&outcome.files).collect();
        let errors: Vec<_> = outcome.diagnostics.into_iter().filter(folio_model::Diagnostic::is_error).collect();
        print::diagnostics_as(args.message_format, &errors, &files);
        out::error(&format!("the old version {spec} has errors; no review copy of {} was made", path.display()));
        return Err(Failure::Document);
    };
    let marked = folio_diff::review(&old, new);
    let typeset = pipeline
        .typeset(&marked, &data_dir, &format!("{stem}.review"))
        .map_err(|e| compile_failure(e, &file, args.message_format))?;
    let (bytes, pages) = if args.only_changes {
        let pages = typeset.review_pages();
        (typeset.pdf_pages(&pages), pages.len())
    } else {
        // Not to the official PDF's standards: a mark placed inside a table cell breaks PDF/UA's
        // table structure, and the review copy is read by people, beside the official PDF.
        (typeset.pdf_conforming(&[]), typeset.document.pages().len())
    };
    let bytes = bytes.map_err(|e| compile_failure(e, &file, args.message_format))?;
    Ok(Some(Copy { pdf: bytes, pages, source: typeset.source }))
}
