//! Compiling a Typst project folder as the stock CLI would (`typst compile --root DIR
//! --package-path PACKAGES --ignore-system-fonts --font-path FONTS MAIN`), inside the same
//! sandbox: to prove that a bundle folio emits holds everything its source reads.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use typst::diag::Warned;
use typst_layout::PagedDocument;

use crate::fonts::Fonts;
use crate::world::SandboxWorld;

/// The text of each page of the project whose root is `root`, main file `main` (a path inside
/// it), fonts `fonts` (searched with its subfolders, as the stock CLI does) and local packages
/// under `packages` (`packages/local/<name>/<version>/`); or Typst's errors as text.
pub fn compile_project(root: &Path, main: &str, fonts: &Path, packages: &Path) -> Result<Vec<String>, String> {
    fn folders(dir: &Path, out: &mut Vec<PathBuf>) {
        out.push(dir.to_owned());
        let mut subs: Vec<PathBuf> =
            std::fs::read_dir(dir).into_iter().flatten().filter_map(|e| e.ok().map(|e| e.path())).collect();
        subs.sort();
        for sub in subs.into_iter().filter(|p| p.is_dir()) {
            folders(&sub, out);
        }
    }
    let mut font_dirs = Vec::new();
    folders(fonts, &mut font_dirs);
    let fonts =
        Fonts::load_dirs(&font_dirs).map_err(|(dir, e)| format!("cannot load the fonts in {}: {e}", dir.display()))?;
    // `local/<name>/<version>`, as `--package-path` lays packages out.
    let mut found: Vec<(String, String, PathBuf)> = Vec::new();
    for name in std::fs::read_dir(packages.join("local")).into_iter().flatten().filter_map(Result::ok) {
        for version in std::fs::read_dir(name.path()).into_iter().flatten().filter_map(Result::ok) {
            found.push((
                name.file_name().to_string_lossy().into_owned(),
                version.file_name().to_string_lossy().into_owned(),
                version.path(),
            ));
        }
    }
    let packages: Vec<(&str, &str, &Path)> =
        found.iter().map(|(n, v, p)| (n.as_str(), v.as_str(), p.as_path())).collect();
    let text = std::fs::read_to_string(root.join(main.trim_start_matches('/')))
        .map_err(|e| format!("cannot read {main}: {e}"))?;
    let main = format!("/{}", main.trim_start_matches('/'));
    // The whole folder is the project root, and nothing else is readable.
    let world = SandboxWorld::new(Arc::new(fonts), &main, text, &[("", root)], None)?.with_packages(&packages);
    let Warned { output, .. } = typst::compile::<PagedDocument>(&world);
    match output {
        Ok(document) => Ok(crate::inspect::page_texts(&document)),
        Err(errors) => Err(errors.iter().map(|e| e.message.to_string()).collect::<Vec<_>>().join("; ")),
    }
}
