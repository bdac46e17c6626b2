//! `folio diff OLD NEW`: what changed, in the document and on the pages.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use folio_compile::{CompileError, Compiler, Typeset};
use folio_diff::{ChangeKind, Report};
use folio_model::{Document, SourceFile};

use crate::write::atomic_write;
use crate::{DiffArgs, DiffFormat, inputs, print};

/// One side of the comparison, loaded and typeset.
struct Side {
    doc: Document,
    typeset: Typeset,
}

pub fn run(args: &DiffArgs) -> ExitCode {
    let compiler = match Compiler::new(&args.templates) {
        Ok(c) => c,
        Err(e) => {
            return crate::usage_error(&format!("{e} (run folio from the project folder, or pass --templates DIR)"));
        }
    };
    let (old, new) = match (load(&compiler, &args.old), load(&compiler, &args.new)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(message), _) | (_, Err(message)) => {
            if !message.is_empty() {
                eprintln!("error: {message}");
            }
            return ExitCode::from(2);
        }
    };
    let report = folio_diff::compare(&old.doc, &new.doc, Some((&old.typeset, &new.typeset)));
    let text = match args.format {
        DiffFormat::Terminal => folio_diff::format::terminal(
            &report,
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        ),
        DiffFormat::Markdown => folio_diff::format::markdown(&report),
        DiffFormat::Json => folio_diff::format::json(&report),
    };
    print!("{text}");
    if let Some(dir) = &args.visual {
        let pages = report.layout.as_ref().map(|l| l.changed_pages.clone()).unwrap_or_default();
        let written = folio_diff::visual::images(&old.typeset, &new.typeset, &pages).and_then(|images| {
            for image in &images {
                atomic_write(&dir.join(&image.name), &image.png)?;
            }
            atomic_write(&dir.join("index.md"), folio_diff::visual::index(&images).as_bytes())?;
            Ok(images.len())
        });
        match written {
            Ok(n) => eprintln!("    Wrote {n} page image(s) and index.md to {}", dir.display()),
            Err(e) => return crate::usage_error(&format!("cannot write images to {}: {e}", dir.display())),
        }
    }
    if args.changelog {
        print!("{}", changelog(&report, &new.doc));
    }
    ExitCode::from(if report.is_empty() { 0 } else { 1 })
}

/// Reads, checks and typesets one side; errors are printed, and an empty message returned.
fn load(compiler: &Compiler, spec: &str) -> Result<Side, String> {
    let (file, path) = read(spec)?;
    let checked = folio_validate::check(&file);
    if checked.has_errors() {
        print::diagnostics(&checked.diagnostics, &[&file]);
        eprintln!("error: {spec} has errors; fix them before comparing");
        return Err(String::new());
    }
    let doc = checked.document.ok_or_else(String::new)?;
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("document").to_owned();
    let data_dir = match path.parent() {
        Some(p) if p.is_dir() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let typeset = compiler.typeset(&doc, &data_dir, &stem).map_err(|e| match e {
        CompileError::Diagnostics(d) => {
            let files: Vec<&SourceFile> = d.files.iter().chain([&file]).collect();
            print::diagnostics(&d.items, &files);
            format!("{spec} does not typeset")
        }
        other => other.to_string(),
    })?;
    Ok(Side { doc, typeset })
}

/// A data file on disk, or `REV:PATH` from git.
fn read(spec: &str) -> Result<(SourceFile, PathBuf), String> {
    let path = Path::new(spec);
    if path.exists() {
        return Ok((inputs::read(path)?, path.to_owned()));
    }
    let Some((rev, file)) = spec.split_once(':') else {
        return Err(format!("cannot read {spec}: no such file (for a git version, write REV:PATH)"));
    };
    let out = Command::new("git")
        .args(["show", &format!("{rev}:{file}")])
        .output()
        .map_err(|e| format!("cannot run git for {spec}: {e}"))?;
    if !out.status.success() {
        return Err(format!("git cannot show {spec}: {}", String::from_utf8_lossy(&out.stderr).trim()));
    }
    let text = String::from_utf8(out.stdout).map_err(|_| format!("{spec} is not UTF-8 text"))?;
    Ok((SourceFile::new(spec, text), PathBuf::from(file)))
}

/// A `[[history]]` entry describing the change, for the author to edit and paste.
fn changelog(report: &Report, new: &Document) -> String {
    let mut parts = Vec::new();
    let count = |kind: ChangeKind| report.content.iter().filter(|c| c.kind == kind).count();
    let mut sections: Vec<&str> = report.content.iter().map(|c| c.section.as_str()).collect();
    sections.dedup();
    let (changed, added, removed) = (count(ChangeKind::Changed), count(ChangeKind::Added), count(ChangeKind::Removed));
    if changed + added + removed > 0 {
        let numbers: Vec<&str> = sections.iter().filter_map(|s| s.split(' ').next()).collect();
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
    let lead = &new.deliverable.lead.value;
    format!(
        "\n# Suggested entry for the version history:\n[[history]]\nversion = {:?}\ndate = {}\nauthor = {:?}\nsummary = {:?}\n",
        new.deliverable.version.value,
        new.date().format("%Y-%m-%d"),
        lead,
        summary
    )
}
