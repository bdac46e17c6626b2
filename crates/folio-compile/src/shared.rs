//! Shared data files: the organisations and sources several deliverables use, read from the
//! deliverable's folder as its `shared` list names them, and checked in them.

use std::path::Path;

use folio_model::{Diagnostic, Document, Located, Shared, SharedFile, SourceFile};
use toml::de::{DeTable, DeValue};

/// The shared files `file` names in its `shared` list, read from `data_dir` and checked: each
/// as [`SharedFile`] for the reader, the problems found in them (located in them, images
/// included), and their text, for rendering those problems.
///
/// Only regular files inside `data_dir` are read, of at most the data files' size limit; a path
/// that is not one is reported by the reader at the deliverable's `shared` line.
pub fn read_shared_files(file: &SourceFile, data_dir: &Path) -> (Vec<SharedFile>, Vec<Diagnostic>, Vec<SourceFile>) {
    let mut out = (Vec::new(), Vec::new(), Vec::new());
    let Ok(root) = data_dir.canonicalize() else { return out };
    let (table, _) = DeTable::parse_recoverable(&file.text);
    let Some(DeValue::Array(items)) = table.get_ref().get("shared").map(toml::Spanned::get_ref) else { return out };
    for item in items {
        let DeValue::String(path) = item.get_ref() else { continue };
        let path = path.to_string();
        if folio_model::shared_path_problem(&path).is_some() || out.0.iter().any(|f: &SharedFile| f.path == path) {
            continue;
        }
        let data = read_one(&root, data_dir, &path).map(|shared_file| {
            let (shared, mut problems) = folio_model::read_shared(&shared_file);
            let logos: Vec<&Located<String>> = shared
                .organisations
                .iter()
                .filter_map(|o| match o.record.table("logo").and_then(|l| l.get("file")) {
                    Some(folio_model::Value::File(f)) => Some(f),
                    _ => None,
                })
                .collect();
            problems.extend(folio_validate::rules::shared(&shared));
            problems.extend(crate::assets::check_image_paths(&logos, &shared_file.name, data_dir));
            let broken = problems.iter().any(Diagnostic::is_error);
            out.1.extend(problems);
            out.2.push(shared_file);
            if broken { Err("it has errors, shown in it".to_owned()) } else { Ok(shared) }
        });
        out.0.push(SharedFile { path, data: data.and_then(|r| r) });
    }
    out
}

/// The text of the shared file at `rel` in `root` (the canonical `data_dir`), named as the data
/// file's folder joined with `rel`.
fn read_one(root: &Path, data_dir: &Path, rel: &str) -> Result<SourceFile, String> {
    let real =
        root.join(rel).canonicalize().map_err(|_| "there is no such file in the data file's folder".to_owned())?;
    if !real.starts_with(root) {
        return Err("it leads outside the data file's folder (a symbolic link)".to_owned());
    }
    let meta = std::fs::metadata(&real).map_err(|e| format!("it cannot be read: {e}"))?;
    if !meta.is_file() {
        return Err("it is not a regular file".to_owned());
    }
    if meta.len() > folio_model::limits::MAX_INPUT_BYTES as u64 {
        return Err(format!("it is larger than {} MiB", folio_model::limits::MAX_INPUT_BYTES >> 20));
    }
    let text = std::fs::read_to_string(&real).map_err(|e| format!("it cannot be read as UTF-8 text: {e}"))?;
    Ok(SourceFile::new(data_dir.join(rel).display().to_string(), text))
}

/// The entries of `shared` (organisations and sources) that none of `users` uses, each as a
/// warning at its id in the shared file: a stale entry is a correction nobody sees.
pub fn unused_shared_entries(shared: &Shared, users: &[&Document]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for o in &shared.organisations {
        let used = users.iter().any(|d| {
            d.project.list("partners").iter().any(|p| p.value == o.id.value)
                && d.organisation(&o.id.value).is_some_and(|found| found.origin.as_deref() == Some(&shared.file))
        });
        if !used {
            out.push(
                Diagnostic::warning(
                    "unused-shared",
                    &shared.file,
                    o.id.span.clone(),
                    format!("no deliverable checked names the organisation `{}`", o.id.value),
                )
                .with_span_label("never used")
                .with_help("name it in a deliverable's `partners`, or delete it"),
            );
        }
    }
    for s in &shared.sources {
        let used = users.iter().any(|d| {
            d.footnotes.iter().all(|f| f.id.value != s.id.value) && d.footnote_order().contains(&s.id.value.as_str())
        });
        if !used {
            out.push(
                Diagnostic::warning(
                    "unused-shared",
                    &shared.file,
                    s.id.span.clone(),
                    format!("no deliverable checked cites the source `{}`", s.id.value),
                )
                .with_span_label("never cited")
                .with_help(format!(
                    "cite it with [^{}] in a deliverable that uses this file, or delete it",
                    s.id.value
                )),
            );
        }
    }
    out
}
