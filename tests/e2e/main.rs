//! End-to-end tests: real data through the real template to a real PDF.

mod content;
mod cover;
mod d35;
mod deliverables;
mod diagnostics;
mod fields;
mod figures;
mod hostile;
mod html;
mod languages;
mod pdf_clients;
mod properties;
mod review;
mod review_copy;
mod shared;
mod source_map;
mod templates;
mod validators;
