//! Source files and positions in them.

use std::ops::Range;

/// A byte range in a [`SourceFile`].
pub type Span = Range<usize>;

/// The text of one input file and the name it is shown under in diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The path as the user gave it (or a virtual name); shown in diagnostics.
    pub name: String,
    /// The whole file.
    pub text: String,
}

impl SourceFile {
    /// Wraps a file's name and text.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self { name: name.into(), text: text.into() }
    }

    /// The 1-based line and column (in characters) of a byte offset.
    ///
    /// Offsets past the end or inside a character are clamped to the nearest boundary before it.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        (line, col)
    }
}
