//! Any text in a prose field: the inline-markup reader never panics, its spans stay inside the
//! file, and accepted text lowers to Typst source without syntax errors.
#![no_main]

use libfuzzer_sys::fuzz_target;

const SKELETON: &str = include_str!("../../tests/fixtures/skeleton.toml");

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let text = text.replace("'''", "''");
    let file = folio_model::SourceFile::new("fuzz.toml", format!("{SKELETON}[footnotes]\na = \"x\"\n[[sections]]\ntitle = \"S\"\ntext = '''\n{text}'''\n"));
    let checked = folio_validate::check(&file);
    for d in &checked.diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end <= file.text.len(), "{d:?}");
    }
    if let Some(doc) = checked.document {
        assert!(folio_lower::syntax_errors(&folio_lower::lower(&doc, "f.toml", "@local/eccp:0.1.0").source).is_empty());
    }
});
