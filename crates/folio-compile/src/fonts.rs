//! The fonts a document may use: the template's own, then Typst's embedded ones. Never the
//! system's, so the same input gives the same PDF on every machine.

use std::path::{Path, PathBuf};

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

/// The writing systems (Unicode script names) the shipped fonts set properly, besides Latin and
/// the characters all scripts share. Carlito covers Latin, Greek and Cyrillic; Typst's embedded
/// fonts have glyphs for a few more scripts, but not the shaping (joining, reordering) that
/// Arabic or Devanagari need, so text in any other script gets a warning.
pub const SCRIPTS: &[&str] = &["Latin", "Greek", "Cyrillic"];

/// A fixed set of fonts with their book.
pub struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

impl Fonts {
    /// Loads every `.ttf`, `.otf` and `.ttc` file in `dir` (in file-name order), then Typst's
    /// embedded fonts.
    pub fn load(dir: &Path) -> std::io::Result<Self> {
        Self::load_dirs(&[dir.to_owned()]).map_err(|(_, e)| e)
    }

    /// Loads the fonts of every folder in `dirs`, in that order (each in file-name order), then
    /// Typst's embedded fonts. On failure, names the folder.
    pub fn load_dirs(dirs: &[PathBuf]) -> Result<Self, (PathBuf, std::io::Error)> {
        let mut fonts = Vec::new();
        // The same file in two folders (a project's and the built-in ones) is loaded once.
        let mut seen = std::collections::HashSet::new();
        for dir in dirs {
            let fail = |e| (dir.clone(), e);
            let mut paths: Vec<_> = std::fs::read_dir(dir)
                .map_err(fail)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "ttf" | "otf" | "ttc"))
                })
                .collect();
            paths.sort();
            for path in paths {
                let data = std::fs::read(&path).map_err(fail)?;
                let digest = {
                    use std::hash::{Hash, Hasher};
                    let mut h = std::collections::hash_map::DefaultHasher::new();
                    data.hash(&mut h);
                    (data.len(), h.finish())
                };
                if seen.insert(digest) {
                    fonts.extend(Font::iter(Bytes::new(data)));
                }
            }
        }
        fonts.extend(typst_kit::fonts::embedded().map(|(font, _)| font));
        Ok(Self { book: LazyHash::new(FontBook::from_fonts(&fonts)), fonts })
    }

    /// The font families, sorted, each once.
    pub fn families(&self) -> Vec<String> {
        let mut out: Vec<String> = self.book.families().map(|(name, _)| name.to_owned()).collect();
        out.sort();
        out.dedup();
        out
    }

    /// The font book, for [`typst::World::book`].
    pub fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    /// The font at `index` in the book.
    pub fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }
}
