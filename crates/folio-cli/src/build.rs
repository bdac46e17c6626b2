//! `folio build`: data files in, PDFs out.

use std::collections::{BTreeMap, HashMap};
use std::ffi::OsStr;
use std::io::ErrorKind;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Instant;

use folio_compile::{CompileError, PdfStandard, Pipeline};
use folio_model::SourceFile;

use crate::inputs::ReadError;
use crate::{BuildArgs, Emit, Format, inputs, out, print, write};

/// Why one data file produced no PDF.
pub(crate) enum Failure {
    /// The data (or the template) has errors, already printed.
    Document,
    /// Reading or writing files failed, or the templates are missing.
    Io(String),
}

pub fn run(args: &BuildArgs) -> ExitCode {
    let files = match inputs::data_files(&args.data) {
        Ok(files) => files,
        Err(message) => return crate::usage_error(&message),
    };
    // Problems with the command line are found before anything is built.
    if let Err(message) = check_out_dir(&args.out_dir).and_then(|()| one_input_per_output(&files, &args.out_dir)) {
        return crate::usage_error(&message);
    }
    if args.only_changes && args.changes_since.is_none() && args.changes_from.is_none() {
        return crate::usage_error("--only-changes needs a review copy: add --changes-since REV or --changes-from OLD");
    }
    if args.changes_from.is_some() && files.len() != 1 {
        return crate::usage_error("--changes-from compares one deliverable: name one data file");
    }
    let standards = match requested_standards(&args.pdf_standard) {
        Ok(s) => s,
        Err(message) => return crate::usage_error(&message),
    };
    // The pipelines first, one per templates folder (templates and fonts load once), then the
    // builds, several at once, sharing them.
    let mut pipelines: HashMap<PathBuf, Result<Pipeline, String>> = HashMap::new();
    let mut folders: Vec<Result<PathBuf, String>> = Vec::new();
    for path in &files {
        let folder = crate::templates_for(&args.templates, path);
        if let Ok(dir) = &folder
            && !pipelines.contains_key(dir)
        {
            out::detail(&format!("   Templates {}", dir.display()));
            pipelines.insert(dir.clone(), pipeline(dir, args));
        }
        folders.push(folder);
    }
    // Twice the cores by default: a build has long single-threaded stretches (reading, checking,
    // writing the PDF) that another build's layout fills (measured in scripts/bench-batch.sh).
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let jobs = args.jobs.map_or(2 * cores, |j| j as usize).clamp(1, files.len().max(1));
    let bar = progress(files.len(), args);
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel();
    let mut worst = 0u8;
    let (files, folders, pipelines, next, standards) = (&files, &folders, &pipelines, &next, &standards);
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let tx = tx.clone();
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(i) else { break };
                    let (code, captured) = out::capture(|| {
                        let started = Instant::now();
                        let result = match &folders[i] {
                            Ok(dir) => match pipelines.get(dir) {
                                Some(Ok(p)) => build_one(p, dir, path, args, standards.as_deref()),
                                Some(Err(message)) => Err(Failure::Io(message.clone())),
                                None => Err(Failure::Io("no pipeline".to_owned())),
                            },
                            Err(message) => Err(Failure::Io(message.clone())),
                        };
                        report(path, result, started)
                    });
                    // The receiver outlives the workers.
                    let _ = tx.send((i, code, captured));
                }
            });
        }
        drop(tx);
        // Each deliverable's output, in the order the files were named, as soon as the ones
        // before it are done.
        let mut done = BTreeMap::new();
        let mut shown = 0;
        for (i, code, captured) in rx {
            done.insert(i, (code, captured));
            while let Some((code, captured)) = done.remove(&shown) {
                worst = worst.max(code);
                match &bar {
                    Some(bar) => {
                        bar.suspend(|| out::replay(captured));
                        bar.inc(1);
                    }
                    None => out::replay(captured),
                }
                shown += 1;
            }
        }
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    ExitCode::from(worst)
}

/// A progress bar on a terminal, for more than one deliverable; plain lines otherwise.
fn progress(total: usize, args: &BuildArgs) -> Option<indicatif::ProgressBar> {
    let on_terminal = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
    if total < 2
        || !on_terminal
        || crate::verbosity() == crate::Verbosity::Quiet
        || args.message_format != crate::MessageFormat::Human
    {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total as u64);
    let style = indicatif::ProgressStyle::with_template("    Building [{bar:30}] {pos}/{len} {elapsed}")
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> ");
    bar.set_style(style);
    Some(bar)
}

/// The summary line of one build (or its error), and its exit code: 0 built, 1 refused data, 2
/// an I/O or usage problem.
fn report(path: &Path, result: Result<Built, Failure>, started: Instant) -> u8 {
    match result {
        Ok(Built { pdf, pages, warnings, .. }) => {
            let (shown, allowed) = warnings;
            let mut warnings = match shown {
                0 => String::new(),
                1 => ", 1 warning".to_owned(),
                n => format!(", {n} warnings"),
            };
            if allowed > 0 {
                warnings.push_str(&format!(", {allowed} allowed"));
            }
            out::status(&format!(
                "    Built {} ({pages} pages{warnings}) in {:.2}s",
                pdf.display(),
                started.elapsed().as_secs_f64()
            ));
            0
        }
        Err(Failure::Document) => {
            out::error(&format!("{} was not built; earlier outputs are unchanged", path.display()));
            1
        }
        Err(Failure::Io(message)) => {
            out::error(&message);
            2
        }
    }
}

/// The pipeline for the templates in `dir`, or why there is none (its manifests' problems are
/// printed).
pub(crate) fn pipeline(dir: &Path, args: &BuildArgs) -> Result<Pipeline, String> {
    let pipeline = match Pipeline::new(dir) {
        Ok(p) => p,
        Err(CompileError::Diagnostics(d)) => {
            let files: Vec<&SourceFile> = d.files.iter().collect();
            print::diagnostics_as(args.message_format, &d.items, &files);
            return Err(format!("the templates in {} have errors", dir.display()));
        }
        Err(e) => return Err(format!("{e} (pass --templates DIR)")),
    };
    if let Some(name) = &args.template
        && pipeline.catalog().get(name).is_none()
    {
        return Err(format!(
            "--template {name}: there is no such template in {}; the templates are {}",
            dir.display(),
            pipeline.catalog().names().join(", ")
        ));
    }
    Ok(pipeline.with_template(args.template.as_deref()))
}

/// What one successful build produced.
pub(crate) struct Built {
    pub(crate) pdf: PathBuf,
    pub(crate) pages: usize,
    /// Warnings shown, and warnings the data allows.
    pub(crate) warnings: (usize, usize),
    /// The checked document and its layout, for `folio watch` to compare with the next.
    pub(crate) output: Box<folio_compile::Built>,
    /// The data file as it was read.
    pub(crate) source: SourceFile,
}

/// The standards `--pdf-standard` names: `None` when it names none (the data's or the default
/// then), an empty list for `none`.
fn requested_standards(codes: &[String]) -> Result<Option<Vec<PdfStandard>>, String> {
    match codes {
        [] => Ok(None),
        [none] if none == "none" => Ok(Some(Vec::new())),
        _ => {
            let codes: Vec<&str> = codes.iter().map(|c| c.trim()).collect();
            folio_compile::pdf_standards(&codes).map(Some).map_err(|e| {
                format!(
                    "--pdf-standard {}: {e}; folio writes {}",
                    codes.join(","),
                    folio_model::format::PDF_STANDARDS.join(", ")
                )
            })
        }
    }
}

pub(crate) fn build_one(
    pipeline: &Pipeline,
    templates: &Path,
    path: &Path,
    args: &BuildArgs,
    standards: Option<&[PdfStandard]>,
) -> Result<Built, Failure> {
    let file = match inputs::read(path) {
        Ok(file) => file,
        Err(ReadError::Io(message)) => return Err(Failure::Io(message)),
        Err(ReadError::Encoding(bad)) => {
            print::diagnostics_as(args.message_format, &[bad.diagnostic], &[&bad.file]);
            return Err(Failure::Document);
        }
    };
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .ok_or_else(|| Failure::Io(format!("{} has no usable file name", path.display())))?;

    out::detail(&format!("   Templates {} for {}", templates.display(), path.display()));
    // Check → lower → typeset, in one call; every problem comes back together.
    let built = match pipeline.build(&file, path) {
        Ok(built) => built,
        Err(problems) => {
            let files: Vec<&SourceFile> = problems.files.iter().collect();
            // Refused or not, the warnings the data accepts are not shown (the errors are what
            // matters); an allowance that matched nothing is not reported on a failed build.
            let (doc, _) = folio_model::read(&file);
            let codes: Vec<&str> = doc.allow.iter().map(|a| a.code.value.as_str()).collect();
            let (shown, _) = folio_validate::accept(&doc, problems.items, &codes);
            print::diagnostics_as(args.message_format, &shown, &files);
            return Err(Failure::Document);
        }
    };
    let files: Vec<&SourceFile> = built.warnings.files.iter().collect();
    // The warnings the data accepts are counted, not shown.
    let (shown_warnings, allowed) = folio_validate::accept(&built.document, built.warnings.items.clone(), &[]);
    print::diagnostics_as(args.message_format, &shown_warnings, &files);
    let typeset = &built.typeset;
    let written: Vec<&str> =
        standards.unwrap_or(&typeset.standards).iter().map(|s| folio_compile::standard_code(*s)).collect();
    out::detail(&format!("   Standards {} for {}", written.join(","), path.display()));
    let pdf = match standards {
        Some(s) => typeset.pdf_conforming(s),
        None => typeset.pdf(),
    }
    .map_err(|e| compile_failure(e, &file, args.message_format))?;
    // Page images, named with their page number, padded so that they sort.
    let pages = typeset.document.pages().len();
    let width = pages.to_string().len().max(2);
    let mut images: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for i in 0..pages {
        let name = |ext: &str| args.out_dir.join(format!("{stem}-p{:0width$}.{ext}", i + 1));
        if args.format.contains(&Format::Png) {
            // `--dpi` is bounded by the parser, so the cast is exact.
            let png = typeset
                .png(i, args.dpi as f32)
                .ok_or_else(|| Failure::Io(format!("page {} of {} could not be rendered", i + 1, path.display())))?;
            images.push((name("png"), png));
        }
        if args.format.contains(&Format::Svg) {
            let svg = typeset
                .svg(i)
                .ok_or_else(|| Failure::Io(format!("page {} of {} could not be rendered", i + 1, path.display())))?;
            images.push((name("svg"), svg.into_bytes()));
        }
    }

    let review = crate::review::pdf(pipeline, path, stem, &built.document, args)?;

    // Everything is computed before anything is written: a failure above leaves no trace. Then
    // every output is written beside its target before any is renamed into place, the PDF last,
    // so a failure anywhere changes none of them.
    let pdf_path = args.out_dir.join(format!("{stem}.pdf"));
    let not_written = |e: write::WriteError| Failure::Io(format!("{e}; no output of {} was changed", path.display()));
    let mut staged = Vec::new();
    if args.emit.contains(&Emit::Typst) {
        let typ = args.out_dir.join(format!("{stem}.typ"));
        staged.push(write::stage(&typ, typeset.source.as_bytes()).map_err(not_written)?);
        // The self-contained bundle: the source, its template, the fonts and the images it
        // names, laid out as the source reads them, so the stock CLI compiles it where it lies.
        let bundle = args.out_dir.join(format!("{stem}-typst"));
        for (name, bytes) in bundle_files(pipeline, &built.document, path, &typeset.source)
            .map_err(|e| Failure::Io(format!("cannot bundle {}: {e}", path.display())))?
        {
            staged.push(write::stage(&bundle.join(name), &bytes).map_err(not_written)?);
        }
    }
    if args.format.contains(&Format::Html) {
        images.push((args.out_dir.join(format!("{stem}.html")), html(templates, &built.document, path).into_bytes()));
    }
    for (image, bytes) in &images {
        staged.push(write::stage(image, bytes).map_err(not_written)?);
    }
    let review_path = args.out_dir.join(format!("{stem}.review.pdf"));
    if let Some(copy) = &review {
        staged.push(write::stage(&review_path, &copy.pdf).map_err(not_written)?);
        if args.emit.contains(&Emit::Typst) {
            let typ = args.out_dir.join(format!("{stem}.review.typ"));
            staged.push(write::stage(&typ, copy.source.as_bytes()).map_err(not_written)?);
        }
    }
    if args.format.contains(&Format::Pdf) {
        staged.push(write::stage(&pdf_path, &pdf).map_err(not_written)?);
    }
    write::commit(staged).map_err(not_written)?;
    if let Some(copy) = &review {
        out::status(&format!("    Reviewed {} ({} pages, changes marked)", review_path.display(), copy.pages));
    }
    let warnings = (shown_warnings.len(), allowed);
    // What to name in the summary line: the PDF, or the first page image.
    let shown = if args.format.contains(&Format::Pdf) {
        pdf_path
    } else {
        images.first().map(|(p, _)| p.clone()).unwrap_or(pdf_path)
    };
    Ok(Built { pdf: shown, pages, warnings, output: Box::new(built), source: file })
}

/// The files of the `--emit typst` bundle, by their path in it: `main.typ`; the template as a
/// local package under `packages/local/<name>/<version>/`, where `typst compile --package-path
/// packages` finds the source's `@local/<name>:<version>` import; the fonts under `fonts/`; the
/// images under `data/`; and a README with the command.
fn bundle_files(
    pipeline: &Pipeline,
    doc: &folio_validate::Checked,
    path: &Path,
    source: &str,
) -> std::io::Result<Vec<(PathBuf, Vec<u8>)>> {
    fn walk(dir: &Path, under: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) -> std::io::Result<()> {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for entry in entries {
            let name = under.join(entry.file_name().unwrap_or_default());
            if entry.is_dir() {
                walk(&entry, &name, out)?;
            } else if entry.is_file() {
                out.push((name, std::fs::read(&entry)?));
            }
        }
        Ok(())
    }
    let Some(template) = pipeline.catalog().get(&doc.template.value) else {
        return Err(std::io::Error::other(format!("no template `{}`", doc.template.value)));
    };
    let standards = doc.requested_pdf_standards();
    let command = format!(
        "typst compile --root . --package-path packages --ignore-system-fonts --font-path fonts \
         --features a11y-extras --pdf-standard {} main.typ\n",
        standards.join(",")
    );
    let mut out = vec![
        (PathBuf::from("main.typ"), source.as_bytes().to_vec()),
        (
            PathBuf::from("README.txt"),
            format!("Compile with the stock Typst CLI, from this folder:\n  {command}").into_bytes(),
        ),
    ];
    let package = Path::new("packages/local").join(template.name()).join(&template.manifest.version);
    walk(&template.dir, &package, &mut out)?;
    // Every font folio typesets with: the shared ones (a project's before the built-in ones, and
    // each file name once), and each template's own.
    let mut shared_fonts = Vec::new();
    for dir in pipeline.catalog().font_dirs.iter().rev() {
        walk(dir, Path::new("fonts"), &mut shared_fonts)?;
    }
    for (name, bytes) in shared_fonts {
        if !out.iter().any(|(n, _)| *n == name) {
            out.push((name, bytes));
        }
    }
    for t in &pipeline.catalog().templates {
        if let Some(fonts) = t.fonts() {
            walk(&fonts, &Path::new("fonts").join(t.name()), &mut out)?;
        }
    }
    let data_dir = folio_compile::data_dir(path);
    for image in doc.images() {
        let name = Path::new("data").join(&image.value);
        if folio_model::figure_path_problem(&image.value).is_none() && !out.iter().any(|(n, _)| *n == name) {
            out.push((name, std::fs::read(data_dir.join(&image.value))?));
        }
    }
    Ok(out)
}

/// The document as one HTML page: the template's words, and its images inlined as `data:` URIs
/// (read from the data folder; they were checked with the data).
fn html(templates: &Path, doc: &folio_validate::Checked, path: &Path) -> String {
    let words = folio_compile::Words::new(templates, doc);
    let data_dir = folio_compile::data_dir(path);
    let image = |rel: &str| -> Option<String> {
        if folio_model::figure_path_problem(rel).is_some() {
            return None;
        }
        let bytes = std::fs::read(data_dir.join(rel)).ok()?;
        folio_html::data_uri(rel, &bytes)
    };
    folio_html::render(doc, &folio_html::Page { words: &|k| words.get(k), image: &image })
}

pub(crate) fn compile_failure(e: CompileError, file: &SourceFile, format: crate::MessageFormat) -> Failure {
    match e {
        CompileError::Diagnostics(d) => {
            let files: Vec<&SourceFile> = d.files.iter().chain([file]).collect();
            print::diagnostics_as(format, &d.items, &files);
            Failure::Document
        }
        other => Failure::Io(other.to_string()),
    }
}

/// Refuses an output folder that is a file (or sits under one), before anything is built.
fn check_out_dir(dir: &Path) -> Result<(), String> {
    for existing in dir.ancestors().filter(|p| !p.as_os_str().is_empty()) {
        match std::fs::metadata(existing) {
            Ok(m) if m.is_dir() => return Ok(()),
            Ok(m) => {
                let what = if m.is_file() { "a file" } else { "not a folder" };
                return Err(if existing == dir {
                    format!("-o {} is {what}; -o names the folder the PDFs are written into", dir.display())
                } else {
                    format!(
                        "-o {} cannot be created: {} is {what}; -o names the folder the PDFs are written into",
                        dir.display(),
                        existing.display()
                    )
                });
            }
            Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {}
            // Anything else (no permission…) is reported when the first output is written.
            Err(_) => return Ok(()),
        }
    }
    Ok(())
}

/// Refuses two inputs that would write the same output (`a/x.toml` and `b/x.toml`), before
/// anything is built: the second would silently replace the first.
fn one_input_per_output(files: &[PathBuf], out_dir: &Path) -> Result<(), String> {
    let mut seen: HashMap<&OsStr, &Path> = HashMap::new();
    for path in files {
        let Some(stem) = path.file_stem() else { continue };
        if let Some(first) = seen.insert(stem, path) {
            let mut pdf = stem.to_owned();
            pdf.push(".pdf");
            return Err(format!(
                "{} and {} would both be written to {}; build them one at a time with different -o folders, or rename one",
                first.display(),
                path.display(),
                out_dir.join(pdf).display()
            ));
        }
    }
    Ok(())
}
