//! Writing outputs so that a reader never sees a half-written file, and a command that writes
//! several files changes either all of them or none.
//!
//! Each output is first written to a temporary file in its target folder and synced to disk
//! ([`stage`]); only when every output of the command is staged are they renamed into place
//! ([`commit`]). A failure while staging removes the temporary files and changes no target. A
//! rename that fails after others succeeded puts the earlier targets back as they were, from a
//! hard link (or copy) of each taken just before it was replaced. A build killed by SIGKILL
//! leaves, at worst, complete files (old or new) and temporary files, which later builds sweep.

use std::io::Write;
use std::path::{Path, PathBuf};

use tempfile::{Builder, NamedTempFile};

/// Temporary files are `.folio-XXXXXX.tmp`, in the folder of their target.
const PREFIX: &str = ".folio-";
const SUFFIX: &str = ".tmp";

/// An output written to a temporary file beside its target, synced, not yet in place. Dropping
/// it removes the temporary file.
pub struct Staged {
    tmp: NamedTempFile,
    target: PathBuf,
}

/// A failed write: which file, and why.
pub struct WriteError {
    /// The output that could not be written.
    pub path: PathBuf,
    /// Why.
    pub error: std::io::Error,
    /// Targets that could not be put back after a later rename failed (empty almost always).
    pub not_restored: Vec<(PathBuf, std::io::Error)>,
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot write {}: {}", self.path.display(), self.error)?;
        for (path, e) in &self.not_restored {
            write!(f, "; and {} could not be put back as it was: {e}", path.display())?;
        }
        Ok(())
    }
}

/// The folder a target is written in.
fn folder(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Writes `bytes` to a temporary file in `path`'s folder (created if needed) and syncs it.
pub fn stage(path: &Path, bytes: &[u8]) -> Result<Staged, WriteError> {
    let fail = |error| WriteError { path: path.to_owned(), error, not_restored: Vec::new() };
    let dir = folder(path);
    std::fs::create_dir_all(dir).map_err(fail)?;
    sweep_stale_temporaries(dir);
    let mut builder = Builder::new();
    builder.prefix(PREFIX).suffix(SUFFIX);
    // Temporary files are private by default; outputs are ordinary, readable files.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut tmp = builder.tempfile_in(dir).map_err(fail)?;
    tmp.write_all(bytes).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    Ok(Staged { tmp, target: path.to_owned() })
}

/// Renames every staged output into place, in order; if one rename fails, the targets renamed
/// before it are put back as they were and the remaining temporary files are removed.
pub fn commit(outputs: Vec<Staged>) -> Result<(), WriteError> {
    let count = outputs.len();
    // Targets already replaced, with what to put back: a copy of the old file, or nothing
    // (the target did not exist).
    let mut replaced: Vec<(PathBuf, Option<NamedTempFile<()>>)> = Vec::new();
    for (i, Staged { tmp, target }) in outputs.into_iter().enumerate() {
        // The last rename needs no way back: nothing can fail after it.
        let backup = if i + 1 < count {
            match backup(&target) {
                Ok(backup) => Some(backup),
                Err(error) => return Err(roll_back(replaced, target, error)),
            }
        } else {
            None
        };
        if let Err(e) = tmp.persist(&target) {
            // `e.file` is dropped here, removing the temporary file.
            return Err(roll_back(replaced, target, e.error));
        }
        replaced.push((target, backup.flatten()));
    }
    // Dropping the backups removes them.
    Ok(())
}

/// A hard link to `target` under a temporary name in its folder (a copy where hard links are not
/// supported), or `None` if `target` does not exist.
fn backup(target: &Path) -> std::io::Result<Option<NamedTempFile<()>>> {
    match std::fs::symlink_metadata(target) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
        Ok(m) if m.is_dir() => return Ok(None), // the rename over it will fail; nothing to keep
        Ok(_) => {}
    }
    let mut builder = Builder::new();
    builder.prefix(PREFIX).suffix(SUFFIX);
    let linked = builder.make_in(folder(target), |p| std::fs::hard_link(target, p));
    match linked {
        Ok(link) => Ok(Some(link)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(_) => {
            let copied = builder.make_in(folder(target), |p| {
                let mut copy = std::fs::File::options().write(true).create_new(true).open(p)?;
                std::io::copy(&mut std::fs::File::open(target)?, &mut copy)?;
                copy.sync_all()
            })?;
            Ok(Some(copied))
        }
    }
}

/// Puts back every replaced target after writing `failed` failed with `error`.
fn roll_back(
    replaced: Vec<(PathBuf, Option<NamedTempFile<()>>)>,
    failed: PathBuf,
    error: std::io::Error,
) -> WriteError {
    let mut not_restored = Vec::new();
    for (target, backup) in replaced.into_iter().rev() {
        let restored = match backup {
            Some(backup) => backup.persist(&target).map_err(|e| e.error),
            None => std::fs::remove_file(&target),
        };
        if let Err(e) = restored {
            not_restored.push((target, e));
        }
    }
    WriteError { path: failed, error, not_restored }
}

/// How old a temporary file must be before it counts as left behind by a killed build. A live
/// build holds its temporary file for well under a second; ten minutes leaves a wide margin.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(600);

/// Removes temporary files that killed builds left in `dir` (SIGKILL runs no cleanup). Failures
/// are ignored: the sweep is housekeeping, never a reason to fail a build.
fn sweep_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !(name.starts_with(PREFIX) && name.ends_with(SUFFIX)) {
            continue;
        }
        let age = entry.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok());
        if age.is_some_and(|age| age > STALE_AFTER) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
