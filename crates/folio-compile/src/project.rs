//! Compiling a Typst project folder as the stock CLI would (`typst compile --root DIR
//! --ignore-system-fonts --font-path FONTS MAIN`), inside the same sandbox: to prove that a
//! bundle folio emits holds everything its source reads.

use std::path::Path;
use std::sync::Arc;

use typst::diag::Warned;
use typst_layout::PagedDocument;

use crate::fonts::Fonts;
use crate::world::SandboxWorld;

/// The text of each page of the project whose root is `root`, main file `main` (a path inside
/// it) and fonts `fonts`; or Typst's errors as text.
pub fn compile_project(root: &Path, main: &str, fonts: &Path) -> Result<Vec<String>, String> {
    let fonts = Fonts::load(fonts).map_err(|e| format!("cannot load the fonts in {}: {e}", fonts.display()))?;
    let text = std::fs::read_to_string(root.join(main.trim_start_matches('/')))
        .map_err(|e| format!("cannot read {main}: {e}"))?;
    let main = format!("/{}", main.trim_start_matches('/'));
    // The whole folder is the project root, and nothing else is readable.
    let world = SandboxWorld::new(Arc::new(fonts), &main, text, &[("", root)], None)?;
    let Warned { output, .. } = typst::compile::<PagedDocument>(&world);
    match output {
        Ok(document) => Ok(crate::inspect::page_texts(&document)),
        Err(errors) => Err(errors.iter().map(|e| e.message.to_string()).collect::<Vec<_>>().join("; ")),
    }
}
