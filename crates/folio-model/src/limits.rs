//! Hard limits on input, far above any real deliverable (D3.5 a hundred times over stays well
//! within them), so that hostile or broken data gets a diagnostic instead of a hang, a stack
//! overflow or an out-of-memory.

/// The largest data file folio reads: 32 MiB (D3.5 is 37 KiB).
pub const MAX_INPUT_BYTES: usize = 32 * 1024 * 1024;
/// How deep sections may nest: 1 is a top-level section (D3.5 uses 2).
pub const MAX_SECTION_DEPTH: usize = 6;
/// How deep lists and inline markup (bold in italic in a link…) may nest.
pub const MAX_MARKUP_DEPTH: usize = 16;
/// How many sections a document may have, at all levels.
pub const MAX_SECTIONS: usize = 10_000;
/// How many footnotes a document may define.
pub const MAX_FOOTNOTES: usize = 20_000;
