//! The templates and fonts shipped inside the binary. An installed `folio` outside any project
//! (no `templates/` above the data file, no `--templates`) uses them: they are written once into
//! a cache folder named by folio's version and their content's hash, checked byte for byte on
//! every use, and read from there like any templates folder.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;

include!(concat!(env!("OUT_DIR"), "/embedded_files.rs"));

/// The names of the shipped templates (the folders with a `typst.toml`), without writing them.
pub fn names() -> Vec<&'static str> {
    FILES.iter().filter_map(|(name, _)| name.strip_suffix("/typst.toml")).filter(|n| !n.contains('/')).collect()
}

/// The folder holding the shipped templates, written (or repaired) if needed.
pub fn templates() -> Result<PathBuf, String> {
    if FILES.is_empty() {
        return Err("this folio was built without templates; pass --templates DIR".to_owned());
    }
    let mut hasher = DefaultHasher::new();
    FILES.hash(&mut hasher);
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .ok_or("no cache folder for the shipped templates (set HOME or XDG_CACHE_HOME), or pass --templates DIR")?;
    let dir = cache.join("folio").join(format!("templates-{}-{:016x}", env!("CARGO_PKG_VERSION"), hasher.finish()));
    // Every use checks the files: a damaged or edited copy is rewritten from the binary.
    let intact = FILES.iter().all(|(name, bytes)| std::fs::read(dir.join(name)).is_ok_and(|b| b == *bytes));
    if intact {
        return Ok(dir);
    }
    // Written beside, then renamed into place, so that two runs never see half a folder.
    let staging = cache.join("folio").join(format!(".staging-{}", std::process::id()));
    let write = || -> std::io::Result<()> {
        let _ = std::fs::remove_dir_all(&staging);
        for (name, bytes) in FILES {
            let path = staging.join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, bytes)?;
        }
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::rename(&staging, &dir)
    };
    write()
        .map_err(|e| format!("cannot write the shipped templates to {}: {e}; pass --templates DIR", dir.display()))?;
    Ok(dir)
}
