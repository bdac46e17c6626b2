//! Any bytes as a data file: parse -> validate -> lower never panics, and what passes the checks
//! lowers to Typst source without syntax errors.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let file = folio_model::SourceFile::new("fuzz.toml", text);
    let checked = folio_validate::check(&file);
    let _ = folio_validate::render::human(&checked.diagnostics, &[&file], false);
    if let Some(doc) = checked.document {
        let source = folio_lower::lower(&doc, "fuzz.toml", "@local/eccp:0.1.0").source;
        let errors = folio_lower::syntax_errors(&source);
        assert!(errors.is_empty(), "{errors:?}\n{source}");
    }
});
