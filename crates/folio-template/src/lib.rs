//! Templates as Typst packages.
//!
//! A template is a folder holding a Typst package: a `typst.toml` manifest (its name, version and
//! entry point), the Typst files, a README, and what folio needs beside the package fields, in
//! the manifest's `[tool.folio]` section:
//!
//! - `labels`: its catalogue of words per language (`labels.toml`);
//! - `fonts`: a folder of the fonts it ships;
//! - `[tool.folio.params.<name>]`: its parameters (colours, fonts, footer text), each with a kind
//!   and a default, which a deliverable sets under `[params]`;
//! - `[tool.folio.blocks.<name>]`: its record blocks, each with its fields, which a deliverable
//!   writes as `[sections.blocks.<name>]` and the template prints with its Typst function
//!   `<name>`.
//!
//! [`Catalog::load`] reads every template of a templates folder and turns each manifest into the
//! [`Format`] the template reads: folio's own tables with the template's declarations added. A
//! template is added by adding its folder; nothing in Rust names a template.

// Library code returns errors: a panic on data-dependent paths would be a crash for the author.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod manifest;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use folio_model::format::{Format, RecordDecl};
use folio_model::{Diagnostic, SourceFile};

pub use manifest::{Manifest, kind_name, parse};

/// The name of a template's manifest, as Typst packages name it.
pub const MANIFEST: &str = "typst.toml";

/// One template: its folder, its manifest and the format it reads.
#[derive(Debug, Clone)]
pub struct Template {
    /// Its folder.
    pub dir: PathBuf,
    /// Its manifest.
    pub manifest: Manifest,
    /// The data format it reads: its parameters and record blocks, and the other templates'
    /// record blocks, which it prints through the generic fallback.
    pub format: Format,
}

impl Template {
    /// Its name, as a deliverable's `template` names it.
    pub fn name(&self) -> &str {
        &self.manifest.name
    }

    /// The path of its entry point, from the templates folder: `eccp/lib.typ`.
    pub fn entrypoint(&self) -> String {
        format!("{}/{}", self.manifest.name, self.manifest.entrypoint)
    }

    /// Its fonts folder, if it ships fonts.
    pub fn fonts(&self) -> Option<PathBuf> {
        self.manifest.fonts.as_ref().map(|f| self.dir.join(f))
    }

    /// Its label catalogue, if it has one.
    pub fn labels(&self) -> Option<PathBuf> {
        self.manifest.labels.as_ref().map(|f| self.dir.join(f))
    }
}

/// Problems in templates' manifests, with the manifests they point into.
#[derive(Debug, Clone, Default)]
pub struct Problems {
    /// The problems.
    pub items: Vec<Diagnostic>,
    /// The manifests.
    pub files: Vec<SourceFile>,
}

/// Every template of a templates folder, by name.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// The templates, by name.
    pub templates: Vec<Template>,
    /// The shared fonts folders (`fonts/` beside the templates), built-in ones first.
    pub font_dirs: Vec<PathBuf>,
}

/// The templates built into folio, set once by the program that ships them (the CLI).
static BUILTIN: OnceLock<PathBuf> = OnceLock::new();

/// Makes the templates in `dir` (the ones built into the program) available under every
/// templates folder: a project's `templates/` adds templates to them and overrides them by name.
/// Set once; later calls are ignored.
pub fn set_builtin(dir: PathBuf) {
    let _ = BUILTIN.set(dir);
}

impl Catalog {
    /// Reads every template under `dir` (each folder with a `typst.toml`), over the built-in
    /// templates when [`set_builtin`] was called: a template of `dir` replaces the built-in one
    /// of the same name. Every manifest is checked, and every problem in them reported at once.
    pub fn load(dir: &Path) -> Result<Self, Problems> {
        let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        let mut layers: Vec<&Path> = Vec::new();
        if let Some(builtin) = BUILTIN.get()
            && !same(builtin, dir)
        {
            layers.push(builtin);
        }
        layers.push(dir);
        let mut folders: Vec<PathBuf> = Vec::new();
        let mut font_dirs = Vec::new();
        for layer in layers {
            let mut found: Vec<PathBuf> = std::fs::read_dir(layer)
                .into_iter()
                .flatten()
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.join(MANIFEST).is_file())
                .collect();
            found.sort();
            // A later layer's template replaces an earlier one's of the same folder name.
            folders.retain(|f| !found.iter().any(|n| n.file_name() == f.file_name()));
            folders.extend(found);
            if layer.join("fonts").is_dir() {
                font_dirs.push(layer.join("fonts"));
            }
        }
        folders.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
        let mut problems = Problems::default();
        let mut read = Vec::new();
        for folder in folders {
            let path = folder.join(MANIFEST);
            let name = format!(
                "templates/{}/{MANIFEST}",
                folder.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
            );
            let text = match std::fs::read_to_string(&path) {
                Ok(t) => t,
                Err(e) => {
                    problems.items.push(Diagnostic::error("manifest", &name, 0..0, format!("cannot read it: {e}")));
                    problems.files.push(SourceFile::new(name, ""));
                    continue;
                }
            };
            let file = SourceFile::new(name, text);
            let folder_name = folder.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
            match parse(&file, &folder_name) {
                Ok(m) => read.push((folder, m, file)),
                Err(items) => {
                    problems.items.extend(items);
                    problems.files.push(file);
                }
            }
        }
        // Two templates cannot declare a block of the same name: a data file could not say which.
        for (i, (_, m, file)) in read.iter().enumerate() {
            for block in &m.blocks {
                if let Some((_, other, _)) =
                    read[..i].iter().find(|(_, o, _)| o.blocks.iter().any(|b| b.decl.name == block.decl.name))
                {
                    problems.items.push(
                        Diagnostic::error(
                            "manifest",
                            &file.name,
                            block.span.clone(),
                            format!("the `{}` template declares a block `{}` too", other.name, block.decl.name),
                        )
                        .with_help("give the block a name of its own"),
                    );
                    problems.files.push(file.clone());
                }
            }
        }
        if !problems.items.is_empty() {
            return Err(problems);
        }
        let key: String = read.iter().map(|(_, _, f)| format!("{}\0{}\0", f.name, f.text)).collect();
        let formats = formats(&key, &read.iter().map(|(_, m, _)| m).collect::<Vec<_>>());
        let templates = read
            .into_iter()
            .zip(formats)
            .map(|((dir, manifest, _), format)| Template { dir, manifest, format })
            .collect();
        Ok(Self { templates, font_dirs })
    }

    /// The template called `name`.
    pub fn get(&self, name: &str) -> Option<&Template> {
        self.templates.iter().find(|t| t.name() == name)
    }

    /// The formats of every template, for [`folio_model::Templates`].
    pub fn formats(&self) -> Vec<Format> {
        self.templates.iter().map(|t| t.format).collect()
    }

    /// The templates' names, in order.
    pub fn names(&self) -> Vec<&str> {
        self.templates.iter().map(Template::name).collect()
    }
}

/// The format of each manifest: its own declarations, then every other template's record blocks.
///
/// Formats are made once per set of manifests in a process and kept: their declarations are
/// `'static` (see [`Format::new`]), so a long-running `folio watch` that reloads its templates
/// makes them again only when a manifest changed.
fn formats(key: &str, manifests: &[&Manifest]) -> Vec<Format> {
    static MADE: OnceLock<Mutex<HashMap<String, Vec<Format>>>> = OnceLock::new();
    let made = MADE.get_or_init(Default::default);
    let mut made = match made.lock() {
        Ok(m) => m,
        Err(poisoned) => poisoned.into_inner(),
    };
    if let Some(f) = made.get(key) {
        return f.clone();
    }
    let formats: Vec<Format> = manifests
        .iter()
        .map(|m| {
            let own = m.blocks.iter().map(|b| b.decl);
            let others = manifests.iter().filter(|o| o.name != m.name).flat_map(|o| o.blocks.iter().map(|b| b.decl));
            let records: Vec<RecordDecl> = own.chain(others).collect();
            Format::new(&m.name, m.params.clone(), records)
        })
        .collect();
    made.insert(key.to_owned(), formats.clone());
    formats
}

#[cfg(test)]
mod tests;
