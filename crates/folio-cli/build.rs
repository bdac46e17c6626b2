//! Embeds the repository's `templates/` folder (templates and fonts) in the binary, so that an
//! installed `folio` builds deliverables outside any project (see `src/embedded.rs`).

use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files(&path, out);
        } else if path.is_file() {
            out.push(path);
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let templates = manifest.join("../../templates");
    println!("cargo:rerun-if-changed={}", templates.display());
    let mut found = Vec::new();
    files(&templates, &mut found);
    let mut code = String::from(
        "/// Every file of the shipped `templates/` folder, by its path in it.\npub static FILES: &[(&str, &[u8])] = &[\n",
    );
    for path in &found {
        let Ok(relative) = path.strip_prefix(&templates) else { continue };
        let Some(relative) = relative.to_str() else { continue };
        let Ok(absolute) = path.canonicalize() else { continue };
        code.push_str(&format!("    ({relative:?}, include_bytes!({:?})),\n", absolute.display().to_string()));
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("embedded_files.rs");
    if let Err(e) = std::fs::write(&out, code) {
        println!("cargo:warning=cannot write {}: {e}", out.display());
    }
}
