//! `folio diff OLD NEW`: what changed, in the document and on the pages.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use folio_compile::{Pipeline, Typeset};
use folio_diff::{ChangeKind, Report};
use folio_model::SourceFile;
use folio_validate::Checked;

use crate::inputs::ReadError;
use crate::{DiffArgs, DiffFormat, inputs, out, print, write};

/// One side of the comparison, loaded and typeset.
struct Side {
    doc: Checked,
    typeset: Typeset,
}

/// Why one side cannot be compared.
enum Unusable {
    /// The data has problems, which have been printed.
    Reported,
    /// A usage or I/O problem, to print.
    Usage(String),
}

pub fn run(args: &DiffArgs) -> ExitCode {
    // Found from the new version's file, else the old one's; a git revision names a path from
    // the repository's root, found from the current folder.
    let path_of = |spec: &str| std::path::PathBuf::from(spec.rsplit_once(':').map_or(spec, |(_, p)| p));
    let templates = match crate::templates_for(&args.templates, &path_of(&args.new))
        .or_else(|_| crate::templates_for(&args.templates, &path_of(&args.old)))
    {
        Ok(t) => t,
        Err(message) => return crate::usage_error(&message),
    };
    let pipeline = match Pipeline::new(&templates) {
        Ok(c) => c,
        Err(e) => {
            return crate::usage_error(&format!("{e} (pass --templates DIR)"));
        }
    };
    let (old, new) = match (load(&pipeline, &args.old), load(&pipeline, &args.new)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(why), _) | (_, Err(why)) => {
            if let Unusable::Usage(message) = why {
                out::error(&message);
            }
            return ExitCode::from(2);
        }
    };
    let report = folio_diff::compare(&old.doc, &new.doc, Some((&old.typeset, &new.typeset)));
    let text = match args.format {
        DiffFormat::Terminal => {
            folio_diff::format::terminal(&report, crate::use_color(std::io::stdout().is_terminal()))
        }
        DiffFormat::Markdown => folio_diff::format::markdown(&report),
        DiffFormat::Json => folio_diff::format::json(&report),
    };
    out::stdout(&text);
    if let Some(dir) = &args.visual {
        let pages = report.layout.as_ref().map(|l| l.changed_pages.clone()).unwrap_or_default();
        let written = folio_diff::visual::images(&old.typeset, &new.typeset, &pages)
            .map_err(|e| e.to_string())
            .and_then(|images| write_images(dir, &images).map_err(|e| e.to_string()).map(|()| images.len()));
        match written {
            Ok(n) => out::status(&format!("    Wrote {n} page image(s) and index.md to {}", dir.display())),
            Err(e) => return crate::usage_error(&format!("cannot write images to {}: {e}", dir.display())),
        }
    }
    if args.changelog {
        out::stdout(&changelog(&report, &new.doc));
    }
    ExitCode::from(if report.is_empty() { 0 } else { 1 })
}

/// Writes the page images and their index, all or none.
fn write_images(dir: &Path, images: &[folio_diff::visual::PageImage]) -> Result<(), write::WriteError> {
    let mut staged = Vec::new();
    for image in images {
        staged.push(write::stage(&dir.join(&image.name), &image.png)?);
    }
    staged.push(write::stage(&dir.join("index.md"), folio_diff::visual::index(images).as_bytes())?);
    write::commit(staged)
}

/// Reads, checks and typesets one side through the pipeline; data problems are printed.
fn load(pipeline: &Pipeline, spec: &str) -> Result<Side, Unusable> {
    let (file, path) = match read(spec).map_err(Unusable::Usage)? {
        (Ok(file), path) => (file, path),
        (Err(bad), _) => {
            print::diagnostics(&[bad.diagnostic], &[&bad.file]);
            out::error(&format!("{spec} has errors; fix them before comparing"));
            return Err(Unusable::Reported);
        }
    };
    match pipeline.build(&file, &path) {
        Ok(built) => Ok(Side { doc: built.document, typeset: built.typeset }),
        Err(problems) => {
            let files: Vec<&SourceFile> = problems.files.iter().collect();
            print::diagnostics(&problems.items, &files);
            out::error(&format!("{spec} has errors; fix them before comparing"));
            Err(Unusable::Reported)
        }
    }
}

/// The text of one side, or where it is not UTF-8.
type Text = Result<SourceFile, Box<inputs::NotUtf8>>;

/// A data file on disk, or `REV:PATH` from git; the error is a usage or I/O problem.
fn read(spec: &str) -> Result<(Text, PathBuf), String> {
    let path = Path::new(spec);
    if path.exists() {
        return match inputs::read(path) {
            Ok(file) => Ok((Ok(file), path.to_owned())),
            Err(ReadError::Encoding(bad)) => Ok((Err(bad), path.to_owned())),
            Err(ReadError::Io(message)) => Err(message),
        };
    }
    let Some((rev, file)) = spec.split_once(':') else {
        return Err(format!("cannot read {spec}: no such file (for a git version, write REV:PATH)"));
    };
    // `git show --output=FILE:x` would write FILE: a revision never starts with `-`.
    if rev.starts_with('-') {
        return Err(format!(
            "cannot read {spec}: no such file, and not a git REV:PATH (a revision cannot start with `-`)"
        ));
    }
    let bytes = git_show(spec)?;
    Ok((inputs::decode(spec, bytes), PathBuf::from(file)))
}

/// The blob `git show REV:PATH` prints, read up to the data file limit.
fn git_show(spec: &str) -> Result<Vec<u8>, String> {
    let cannot_run = |e: std::io::Error| format!("cannot run git for {spec}: {e}");
    // `--end-of-options`: whatever `spec` holds, git reads it as a revision, never an option.
    let mut child = Command::new("git")
        .args(["show", "--end-of-options", spec])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(cannot_run)?;
    // git's messages are read on the side, so that neither pipe can fill up and stall git.
    let stderr = child.stderr.take().map(|mut stderr| {
        std::thread::spawn(move || {
            let mut message = Vec::new();
            let _ = (&mut stderr).take(64 * 1024).read_to_end(&mut message);
            let _ = std::io::copy(&mut stderr, &mut std::io::sink());
            message
        })
    });
    let blob = match child.stdout.take() {
        Some(stdout) => inputs::read_at_most(stdout, 0),
        None => Ok(Some(Vec::new())),
    };
    let blob = match blob {
        Ok(Some(blob)) => blob,
        failed => {
            // Too large, or reading failed: stop git rather than wait for the rest.
            let _ = child.kill();
            let _ = child.wait();
            return Err(match failed {
                Err(e) => format!("cannot read {spec} from git: {e}"),
                _ => inputs::too_large(spec),
            });
        }
    };
    let status = child.wait().map_err(cannot_run)?;
    let message = stderr.and_then(|t| t.join().ok()).unwrap_or_default();
    if !status.success() {
        return Err(format!("git cannot show {spec}: {}", String::from_utf8_lossy(&message).trim()));
    }
    Ok(blob)
}

/// A `[[history]]` entry describing the change, for the author to edit and paste.
fn changelog(report: &Report, new: &Checked) -> String {
    let mut parts = Vec::new();
    let count = |kind: ChangeKind| report.content.iter().filter(|c| c.kind == kind).count();
    let mut numbers: Vec<&str> =
        report.content.iter().map(|c| if c.number.is_empty() { "abstract" } else { c.number.as_str() }).collect();
    numbers.dedup();
    let (changed, added, removed) = (count(ChangeKind::Changed), count(ChangeKind::Added), count(ChangeKind::Removed));
    if changed + added + removed > 0 {
        parts.push(format!(
            "{changed} passage(s) changed, {added} added and {removed} removed in {} {}",
            if numbers.len() == 1 { "section" } else { "sections" },
            numbers.join(", ")
        ));
    }
    let new_notes = report.footnotes.iter().filter(|f| f.old_number.is_none() && f.new_number.is_some()).count();
    let renumbered = report
        .footnotes
        .iter()
        .filter(|f| f.old_number.is_some() && f.new_number.is_some() && f.old_number != f.new_number)
        .count();
    if new_notes > 0 {
        parts.push(format!("{new_notes} footnote(s) added"));
    }
    if renumbered > 0 {
        parts.push(format!("{renumbered} footnote(s) renumbered"));
    }
    for f in &report.metadata {
        parts.push(format!("{}: {} -> {}", f.field.to_lowercase(), f.old, f.new));
    }
    let summary = if parts.is_empty() { "No changes.".to_owned() } else { parts.join("; ") + "." };
    let plain = |key: &str| new.deliverable.plain(key).map(|p| p.value.clone()).unwrap_or_default();
    let lead = plain("lead");
    format!(
        "\n# Suggested entry for the version history:\n[[history]]\nversion = {:?}\ndate = {}\nauthor = {:?}\nsummary = {:?}\n",
        plain("version"),
        new.date().format("%Y-%m-%d"),
        lead,
        summary
    )
}
