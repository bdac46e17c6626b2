//! Hard limits on input, far above any real deliverable (D3.5 a hundred times over, about 1,500
//! pages, stays within them), so that hostile or broken data gets a located diagnostic instead of
//! a hang, a stack overflow or an out-of-memory. They are chosen so that any document folio
//! accepts typesets within about 5 GiB and 2 minutes on a 2-core machine; the figures behind
//! them are in the README.

/// The largest data file folio reads: 8 MiB (D3.5 is 37 KiB, a hundred times D3.5 3.4 MiB).
pub const MAX_INPUT_BYTES: usize = 8 * 1024 * 1024;
/// The most text, summed over every field, one document may hold: 4 MiB, about 1,800 pages
/// (D3.5 holds 33 KiB for 15 pages). Typesetting needs about 2.5 MiB of memory per page.
pub const MAX_TEXT_BYTES: usize = 4 * 1024 * 1024;
/// The longest paragraph, list item, table cell or one-line field: 4 KiB, about a page of one
/// paragraph. Typst breaks a paragraph into lines as a whole, so its cost grows with the square
/// of its length: 1 MiB of text in 4 KiB paragraphs typesets in about 25 s, in 16 KiB paragraphs
/// in about 110 s.
pub const MAX_PARAGRAPH_BYTES: usize = 4 * 1024;
/// How many paragraphs, list items, headings, table rows, footnotes and forced line breaks a
/// document may hold: each takes at least a line, however short (D3.5 has about 400).
pub const MAX_BLOCKS: usize = 20_000;
/// The most columns a table may have: more do not fit a portrait page.
pub const MAX_TABLE_COLUMNS: usize = 30;
/// How many record blocks (whose first field is required, like a case study's title) a document
/// may hold: a case study starts a page of its own (D3.5 has 3).
pub const MAX_RECORDS: usize = 400;
/// How many versions the history on the cover may list.
pub const MAX_HISTORY: usize = 200;
/// The longest footnote or template id.
pub const MAX_ID_BYTES: usize = 64;
/// How deep sections may nest: 1 is a top-level section (D3.5 uses 2).
pub const MAX_SECTION_DEPTH: usize = 6;
/// How deep lists and inline markup (bold in italic in a link…) may nest.
pub const MAX_MARKUP_DEPTH: usize = 16;
/// How many sections a document may have, at all levels (D3.5 has 13).
pub const MAX_SECTIONS: usize = 2_000;
/// How many footnotes a document may define (D3.5 has 55).
pub const MAX_FOOTNOTES: usize = 8_000;
