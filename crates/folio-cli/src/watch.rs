//! `folio watch`: rebuilds deliverables when their data, shared files, images, templates or fonts
//! change, keeping the pipeline (templates, fonts) and Typst's caches warm between rebuilds.
//!
//! Changes are seen through the data files' folders and the templates folder (watched
//! recursively, so an editor that saves by writing a new file and renaming it over the old one is
//! seen like any other write), gathered until the files are quiet for a moment, and each
//! deliverable the change can affect is rebuilt once. A broken edit prints its diagnostics and
//! leaves the last good PDF in place. Ctrl-C ends the watch between rebuilds.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use folio_compile::Pipeline;
use notify::Watcher;

use crate::build::{self, Built, Failure};
use crate::{BuildArgs, WatchArgs, inputs, out};

/// How long the files must be quiet before a rebuild: an editor's save is several events.
const QUIET: Duration = Duration::from_millis(120);

/// Typst's cached results that the last rounds of rebuilds did not use are dropped, so memory
/// stays flat: one round per watched deliverable, so that editing one deliverable for a while
/// does not drop the others' results at once. Keeping more rounds buys nothing for an author,
/// whose next edit reuses what the last build used; with 8 rounds, memory grew by a rebuild's
/// new results eight times over (D3.5: 79 to 128 MiB; with one round, 79 to 89 MiB).
const CACHE_ROUNDS_PER_DELIVERABLE: usize = 1;

/// One deliverable being watched.
struct Watched {
    path: PathBuf,
    /// Its templates folder.
    templates: PathBuf,
    /// Its folder: its images and shared files are there.
    data_dir: PathBuf,
    /// The last good build, to say what the next one changed.
    last: Option<Arc<folio_compile::Built>>,
}

/// What a rebuild tells whoever watches with folio (`folio preview`).
pub(crate) enum Event<'a> {
    /// A build succeeded: the data file's text, the result, and the pages that changed since
    /// the last good build (from 1; all of them for the first build).
    Built(&'a folio_model::SourceFile, &'a Arc<folio_compile::Built>, &'a [usize]),
    /// A build failed (its diagnostics are printed); the last good result stands.
    Failed(&'a Path),
}

pub fn run(args: &WatchArgs) -> ExitCode {
    watch(args, &mut |_| {})
}

/// Watches the deliverables of `args`, building them at once and after each change, and tells
/// `observe` about each build; returns on Ctrl-C.
pub(crate) fn watch(args: &WatchArgs, observe: &mut dyn FnMut(Event<'_>)) -> ExitCode {
    let files = match inputs::data_files(&args.data) {
        Ok(files) => files,
        Err(message) => return crate::usage_error(&message),
    };
    let build_args = BuildArgs {
        data: files.clone(),
        out_dir: args.out_dir.clone(),
        templates: args.templates.clone(),
        template: None,
        emit: Vec::new(),
        pdf_standard: Vec::new(),
        format: vec![crate::Format::Pdf],
        message_format: crate::MessageFormat::Human,
        dpi: 144,
        jobs: Some(1),
        changes_since: None,
        changes_from: None,
        only_changes: false,
    };
    let mut watched = Vec::new();
    for path in &files {
        match crate::templates_for(&args.templates, path) {
            Ok(templates) => watched.push(Watched {
                path: path.clone(),
                templates,
                data_dir: folio_compile::data_dir(path),
                last: None,
            }),
            Err(message) => return crate::usage_error(&message),
        }
    }
    // Ctrl-C sets a flag; the loop ends between rebuilds, so no output is left half-written.
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    if let Err(e) = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst)) {
        return crate::usage_error(&format!("cannot handle Ctrl-C: {e}"));
    }
    let (tx, rx) = mpsc::channel();
    let mut watcher = match notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // Reading a file is an event too (inotify's open and close): only changes count, or
        // every build would start the next.
        if let Ok(event) = event
            && !matches!(event.kind, notify::EventKind::Access(_) | notify::EventKind::Other)
        {
            let _ = tx.send(event.paths);
        }
    }) {
        Ok(w) => w,
        Err(e) => return crate::usage_error(&format!("cannot watch files: {e}")),
    };
    let mut roots: Vec<PathBuf> = Vec::new();
    for w in &watched {
        for dir in [&w.data_dir, &w.templates] {
            let dir = dir.canonicalize().unwrap_or_else(|_| dir.clone());
            if !roots.contains(&dir) {
                if let Err(e) = watcher.watch(&dir, notify::RecursiveMode::Recursive) {
                    return crate::usage_error(&format!("cannot watch {}: {e}", dir.display()));
                }
                roots.push(dir);
            }
        }
    }
    let out_dir = std::path::absolute(&args.out_dir).unwrap_or_else(|_| args.out_dir.clone());
    let mut pipelines: HashMap<PathBuf, Pipeline> = HashMap::new();
    for w in &mut watched {
        rebuild(w, &mut pipelines, &build_args, false, observe);
    }
    out::status(&format!("    Watching {} deliverable(s); Ctrl-C to stop", watched.len()));
    while !stop.load(Ordering::SeqCst) {
        let first = match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(paths) => paths,
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        // Everything that changes until the files are quiet is one change.
        let mut changed = first;
        while let Ok(more) = rx.recv_timeout(QUIET) {
            changed.extend(more);
        }
        // folio's own outputs (and their temporary files) are not changes.
        changed.retain(|p| !p.starts_with(&out_dir) && !is_own_output(p, &out_dir));
        if changed.is_empty() {
            continue;
        }
        for w in &mut watched {
            let templates = w.templates.canonicalize().unwrap_or_else(|_| w.templates.clone());
            let data_dir = w.data_dir.canonicalize().unwrap_or_else(|_| w.data_dir.clone());
            let template_changed = changed.iter().any(|p| p.starts_with(&templates));
            if template_changed {
                // New templates or fonts: load them again (Typst's caches keep what still holds).
                pipelines.remove(&w.templates);
            }
            if template_changed || changed.iter().any(|p| p.starts_with(&data_dir)) {
                rebuild(w, &mut pipelines, &build_args, true, observe);
            }
        }
        folio_compile::evict_caches(CACHE_ROUNDS_PER_DELIVERABLE * watched.len().max(1));
    }
    out::status("    Stopped watching");
    ExitCode::SUCCESS
}

/// Whether `path` is an output folio writes (a temporary file beside an output, in the output
/// folder as given relative to the current one).
fn is_own_output(path: &Path, out_dir: &Path) -> bool {
    path.parent().is_some_and(|p| p.canonicalize().ok() == out_dir.canonicalize().ok())
}

/// Builds `w` again and prints one line: its time and pages, and what changed since the last
/// good build (sections and pages), or its diagnostics.
fn rebuild(
    w: &mut Watched,
    pipelines: &mut HashMap<PathBuf, Pipeline>,
    args: &BuildArgs,
    again: bool,
    observe: &mut dyn FnMut(Event<'_>),
) {
    let started = Instant::now();
    if !pipelines.contains_key(&w.templates) {
        match build::pipeline(&w.templates, args) {
            Ok(p) => {
                pipelines.insert(w.templates.clone(), p);
            }
            Err(message) => {
                out::error(&message);
                return;
            }
        }
    }
    let Some(pipeline) = pipelines.get(&w.templates) else { return };
    match build::build_one(pipeline, &w.templates, &w.path, args, None) {
        Ok(Built { pdf, pages, warnings, output, source }) => {
            let output: Arc<folio_compile::Built> = Arc::from(output);
            let (what, changed) = match (&w.last, again) {
                (Some(last), true) => changes(last, &output),
                _ => (String::new(), (1..=pages).collect()),
            };
            let warned = match warnings.0 {
                0 => String::new(),
                1 => ", 1 warning".to_owned(),
                n => format!(", {n} warnings"),
            };
            let verb = if again { "Rebuilt" } else { "Built" };
            out::status(&format!(
                "    {verb} {} ({pages} pages{warned}) in {:.2}s{what}",
                pdf.display(),
                started.elapsed().as_secs_f64()
            ));
            observe(Event::Built(&source, &output, &changed));
            w.last = Some(output);
            if let Some(rss) = resident_memory() {
                out::detail(&format!("      Memory {:.0} MiB resident", rss as f64 / 1048576.0));
            }
        }
        Err(Failure::Document) => {
            out::error(&format!("{} was not built; the last good PDF is unchanged", w.path.display()));
            observe(Event::Failed(&w.path));
        }
        Err(Failure::Io(message)) => out::error(&message),
    }
}

/// The process's resident memory in bytes, where the system says (Linux), for `--verbose`.
fn resident_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// `: sections 2.1, 3; pages 4–5` — where the new build differs from the last — and the
/// changed pages.
fn changes(old: &folio_compile::Built, new: &folio_compile::Built) -> (String, Vec<usize>) {
    let report = folio_diff::compare(&old.document, &new.document, Some((&old.typeset, &new.typeset)));
    let mut sections: Vec<String> = Vec::new();
    if !report.metadata.is_empty() {
        sections.push("cover".to_owned());
    }
    for c in &report.content {
        let name = if c.number.is_empty() { "abstract".to_owned() } else { c.number.clone() };
        if !sections.contains(&name) {
            sections.push(name);
        }
    }
    if !report.footnotes.is_empty() {
        sections.push("footnotes".to_owned());
    }
    let pages = report.layout.as_ref().map(|l| l.changed_pages.clone()).unwrap_or_default();
    if sections.is_empty() && pages.is_empty() {
        return (": no change".to_owned(), pages);
    }
    let mut parts = Vec::new();
    if !sections.is_empty() {
        parts.push(format!("{} {}", if sections.len() == 1 { "section" } else { "sections" }, sections.join(", ")));
    }
    if !pages.is_empty() {
        parts.push(format!("{} {}", if pages.len() == 1 { "page" } else { "pages" }, ranges(&pages)));
    }
    (format!(": {}", parts.join("; ")), pages)
}

/// `1, 3–5, 8` for pages 1, 3, 4, 5, 8.
fn ranges(pages: &[usize]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while let Some(&start) = pages.get(i) {
        let mut end = start;
        while pages.get(i + 1) == Some(&(end + 1)) {
            end += 1;
            i += 1;
        }
        out.push(if end == start { start.to_string() } else { format!("{start}–{end}") });
        i += 1;
    }
    out.join(", ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn page_ranges_are_compact() {
        assert_eq!(super::ranges(&[1, 3, 4, 5, 8]), "1, 3–5, 8");
        assert_eq!(super::ranges(&[2]), "2");
        assert_eq!(super::ranges(&[]), "");
    }
}
