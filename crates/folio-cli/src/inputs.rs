//! Which data files a command works on, and reading them.

use std::path::{Path, PathBuf};

use folio_model::SourceFile;

/// The data files named, or every `data/*.toml` in file-name order.
pub fn data_files(named: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    if !named.is_empty() {
        return Ok(named.to_vec());
    }
    let dir = Path::new("data");
    let entries = std::fs::read_dir(dir).map_err(|e| {
        format!("cannot list {}: {e} (run folio from the project folder, or name the data files)", dir.display())
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no *.toml data files in {}", dir.display()));
    }
    Ok(files)
}

/// Reads a data file; its name in diagnostics is the path as given.
pub fn read(path: &Path) -> Result<SourceFile, String> {
    let max = folio_model::limits::MAX_INPUT_BYTES;
    let size = std::fs::metadata(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?.len();
    if size > max as u64 {
        return Err(format!(
            "{} is {} MiB; folio reads data files up to {} MiB",
            path.display(),
            size >> 20,
            max >> 20
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        format!("{} is not UTF-8 text (invalid byte at offset {})", path.display(), e.utf8_error().valid_up_to())
    })?;
    Ok(SourceFile::new(path.display().to_string(), text))
}
