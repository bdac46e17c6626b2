//! The one walker over text fields (`Document::fields`) visits every string an author can write;
//! every string goes through the same checks, whatever field it is in; and the lowering and the
//! diff see a value wherever it is written.

use folio_model::{Document, Field, Inline, SourceFile, Text};
use proptest::prelude::*;

const EVERY_FIELD: &str = include_str!("../fixtures/valid/every-field.toml");

/// Keys that hold one of a fixed set of codes, with a code other than the fixture's.
const CHOICES: &[(&str, &str)] = &[
    ("deliverable.dissemination-level", "SEN"),
    ("deliverable.deliverable-type", "DEM"),
    ("pdf-standards[0]", "a-3a"),
    ("pdf-standards[1]", "1.7"),
    ("params.accent", "#1a2b3c"),
];

/// String values of the data that are not text: project months, parsed into numbers.
/// Table column alignments are codes read into an alignment.
const NOT_TEXT: &[&str] = &[
    "deliverable.contractual-delivery",
    "deliverable.actual-delivery",
    "sections[0].blocks[2].table.align[0]",
    "sections[0].blocks[2].table.align[1]",
    "sections[*].blocks[*].table.align[*]",
    // A block's language: a code, read into language marks on its text.
    "sections[0].blocks[1].lang",
    "sections[*].blocks[*].lang",
];

/// Every string leaf of a TOML value, with its path written as the walker writes paths.
fn string_leaves(value: &toml::Value, path: &str, out: &mut Vec<(String, String)>) {
    match value {
        toml::Value::String(s) => out.push((path.to_owned(), s.clone())),
        toml::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                string_leaves(item, &format!("{path}[{i}]"), out);
            }
        }
        toml::Value::Table(t) => {
            for (k, v) in t {
                let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                string_leaves(v, &p, out);
            }
        }
        _ => {}
    }
}

fn fixture_leaves() -> Vec<(String, String)> {
    let value: toml::Value = toml::from_str(EVERY_FIELD).unwrap();
    let mut leaves = Vec::new();
    string_leaves(&value, "", &mut leaves);
    leaves.retain(|(p, _)| !NOT_TEXT.contains(&p.as_str()));
    leaves
}

fn parse(text: &str) -> Document {
    match folio_tests::parse(&SourceFile::new("t.toml", text)) {
        Ok((doc, _)) => doc,
        Err(e) => panic!("{e:#?}"),
    }
}

fn checked(text: &str) -> folio_validate::Checked {
    let outcome = folio_tests::check(&SourceFile::new("t.toml", text));
    outcome.document.unwrap_or_else(|| panic!("{:#?}", outcome.diagnostics))
}

/// The text of a field as plain characters (Markdown read).
fn field_text(field: &Field<'_>) -> String {
    let mut out = String::new();
    if let Text::Plain(p) = field.text {
        out.push_str(&p.value);
    }
    field.walk_inlines(&mut |i| match i {
        Inline::Text(t) => out.push_str(&t.value),
        Inline::FootnoteRef(r) => out.push_str(&format!("[^{}]", r.value)),
        _ => {}
    });
    out
}

#[test]
fn every_string_of_the_data_is_a_field_the_walker_visits() {
    let doc = parse(EVERY_FIELD);
    let fields = doc.fields();
    let paths: Vec<&str> = fields.iter().map(|f| f.path.as_str()).collect();
    for (path, _) in fixture_leaves() {
        assert!(paths.contains(&path.as_str()), "the walker misses `{path}`; it visits {paths:#?}");
    }
}

/// Every string-typed key of the JSON Schema (which is derived from the parser's own types), as a
/// path pattern: `sections[*].case-study.title`, `footnotes.*`.
fn schema_string_keys(schema: &serde_json::Value) -> Vec<String> {
    fn walk<'a>(
        node: &'a serde_json::Value,
        root: &'a serde_json::Value,
        path: &str,
        refs: &mut Vec<&'a str>,
        out: &mut Vec<String>,
    ) {
        if let Some(r) = node.get("$ref").and_then(|r| r.as_str()) {
            // A type inside itself (subsections): one level of it stands for all.
            if refs.contains(&r) {
                return;
            }
            let target = r.trim_start_matches("#/").split('/').fold(root, |n, part| &n[part]);
            refs.push(r);
            walk(target, root, path, refs, out);
            refs.pop();
            return;
        }
        let types: Vec<&str> = match &node["type"] {
            serde_json::Value::String(t) => vec![t.as_str()],
            serde_json::Value::Array(ts) => ts.iter().filter_map(|t| t.as_str()).collect(),
            _ => Vec::new(),
        };
        // Dates are written as TOML dates; the schema can only call them formatted strings.
        if types.contains(&"string") && node["format"] != "date" {
            out.push(path.to_owned());
        }
        if let Some(props) = node["properties"].as_object() {
            for (k, v) in props {
                let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                walk(v, root, &p, refs, out);
            }
        }
        if node["items"].is_object() {
            walk(&node["items"], root, &format!("{path}[*]"), refs, out);
        }
        if node["additionalProperties"].is_object() {
            walk(&node["additionalProperties"], root, &format!("{path}.*"), refs, out);
        }
        for key in ["anyOf", "oneOf", "allOf"] {
            for alt in node[key].as_array().into_iter().flatten() {
                walk(alt, root, path, refs, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(schema, schema, "", &mut Vec::new(), &mut out);
    out.sort();
    out.dedup();
    out
}

#[test]
fn the_fixture_fills_every_text_key_of_the_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(&folio_model::json_schema(&folio_tests::format_of("eccp"))).unwrap();
    let keys = schema_string_keys(&schema);
    assert!(keys.iter().any(|k| k == "history[*].summary"), "schema walk is broken: {keys:#?}");
    let leaves: Vec<String> = fixture_leaves()
        .into_iter()
        .map(|(p, _)| {
            let mut pattern = String::new();
            let mut in_index = false;
            for c in p.chars() {
                match c {
                    '[' => {
                        in_index = true;
                        pattern.push_str("[*");
                    }
                    ']' => {
                        in_index = false;
                        pattern.push(']');
                    }
                    _ if in_index => {}
                    c => pattern.push(c),
                }
            }
            // Subsections are sections: the schema describes one level for all.
            while pattern.contains("sections[*].sections[*]") {
                pattern = pattern.replace("sections[*].sections[*]", "sections[*]");
            }
            // Footnotes and labels are tables by id: the schema names any key `*`.
            match ["footnotes.", "labels."].iter().find(|p| pattern.starts_with(*p)) {
                Some(prefix) => format!("{prefix}*"),
                // Organisations are tables by id: `organisations.*.name`.
                None => match pattern.strip_prefix("organisations.").and_then(|rest| rest.split_once('.')) {
                    Some((_, key)) => format!("organisations.*.{key}"),
                    None => pattern,
                },
            }
        })
        .collect();
    for key in keys.iter().filter(|k| !NOT_TEXT.contains(&k.as_str())) {
        assert!(leaves.contains(key), "every-field.toml has no value for `{key}`: add one, so the walker test sees it");
    }
}

/// The fixture with the string at `path` replaced by `value`.
fn with_value(path: &str, value: &str) -> String {
    fn set(node: &mut toml::Value, path: &str, here: &str, value: &str) -> bool {
        match node {
            toml::Value::String(s) if here == path => {
                *s = value.to_owned();
                true
            }
            toml::Value::Array(items) => {
                items.iter_mut().enumerate().any(|(i, item)| set(item, path, &format!("{here}[{i}]"), value))
            }
            toml::Value::Table(t) => t.iter_mut().any(|(k, v)| {
                let p = if here.is_empty() { k.clone() } else { format!("{here}.{k}") };
                set(v, path, &p, value)
            }),
            _ => false,
        }
    }
    let mut doc: toml::Value = toml::from_str(EVERY_FIELD).unwrap();
    assert!(set(&mut doc, path, "", value), "no `{path}` in the fixture");
    toml::to_string(&doc).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Whatever field a value is written into, the walker visits it there.
    #[test]
    fn the_walker_visits_a_value_written_into_any_field(
        index in 0..fixture_leaves().len(),
        marker in "[a-z]{6,12}",
    ) {
        let (path, _) = fixture_leaves()[index].clone();
        let value = match path.rsplit('.').next() {
            Some("email") => format!("{marker}@example.org"),
            Some("file") => format!("figures/{marker}.png"),
            _ if CHOICES.iter().any(|(p, _)| *p == path) => CHOICES.iter().find(|(p, _)| *p == path).map(|(_, c)| (*c).to_owned()).unwrap_or_default(),
            // A template the repository has (an unknown one is an error), whose parameters the
            // fixture sets.
            Some("template") => "eccp".to_owned(),
            // A shared file's path must name a TOML file; here it is not looked up.
            _ if path.starts_with("shared[") => format!("shared/{marker}.toml"),
            _ if path.starts_with("project.partners[") => marker.clone(),
            Some("id") => marker.clone(),
            Some("lang") => "de".to_owned(),
            _ if path.starts_with("footnotes.") => format!("See {marker}."),
            _ => format!("Zz {marker} zz"),
        };
        let doc = parse(&with_value(&path, &value));
        let fields = doc.fields();
        let field = fields.iter().find(|f| f.path == path);
        prop_assert!(field.is_some(), "no field `{}`", path);
        let text = field_text(field.unwrap());
        prop_assert!(text.contains(&value), "`{}` holds {:?}, not {:?}", path, text, value);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    /// Whatever field a value is written into, the generated Typst source holds it, and the
    /// diff against the unchanged fixture reports a change.
    #[test]
    fn the_lowering_and_the_diff_see_a_value_in_any_field(
        index in 0..fixture_leaves().len(),
        marker in "[a-z]{6,12}",
    ) {
        let (path, _) = fixture_leaves()[index].clone();
        let digits: String = marker.bytes().map(|b| char::from(b'0' + b % 10)).collect();
        let (value, needle) = match path.rsplit('.').next() {
            Some("email") => (format!("{marker}@example.org"), marker.clone()),
            // An image path: read from the data folder, so it is written under its mount.
            Some("file") => (format!("figures/{marker}.png"), format!("/data/figures/{marker}.png")),
            // A phone number holds digits only, or the checker refuses it.
            Some("phone") => (format!("+49 {digits}"), digits.clone()),
            Some("template") | Some("lang") => return Ok(()),
            _ if CHOICES.iter().any(|(p, _)| *p == path) => {
                let code = CHOICES.iter().find(|(p, _)| *p == path).map(|(_, c)| (*c).to_owned()).unwrap_or_default();
                (code.clone(), code)
            }
            // An id is not printed: it becomes a label only when something refers to it.
            Some("id") => (marker.clone(), String::new()),
            // Shared files and partners are read by folio: the lowering prints what they hold.
            _ if path.starts_with("shared[") => (format!("shared/{marker}.toml"), String::new()),
            _ if path.starts_with("project.partners[") => (marker.clone(), String::new()),
            // An allowance is read by folio, not printed.
            _ if path.starts_with("allow[") => (format!("Zz {marker} zz"), String::new()),
            _ => (format!("Zz {marker} zz"), marker.clone()),
        };
        let doc = checked(&with_value(&path, &value));
        let source = folio_compile::lower(&doc, "t.toml", "@local/eccp:0.1.0").source;
        prop_assert!(source.contains(&needle), "`{}` is not in the generated source", path);
        let report = folio_diff::compare(&checked(EVERY_FIELD), &doc, None);
        prop_assert!(!report.is_empty(), "changing `{}` shows no difference", path);
    }
}

/// Prose fields: the keys whose value is Markdown (everything but the one-line plain values).
fn prose_paths() -> Vec<String> {
    let doc = parse(EVERY_FIELD);
    let written: Vec<String> = fixture_leaves().into_iter().map(|(p, _)| p).collect();
    let prose: Vec<String> =
        doc.fields().iter().filter(|f| !matches!(f.text, Text::Plain(_))).map(|f| f.path.clone()).collect();
    written.into_iter().filter(|p| prose.contains(p)).collect()
}

/// Footnote ids that are not ids: each would have written Typst code into a label.
const HOSTILE_IDS: &[&str] = &[
    r#"x>#raw(read("/data/secret.txt"))<y"#,
    r#"a>#panic("ran")<b"#,
    "x>#range(100000000)<y",
    "UNAM",
    "a/b",
    "é",
    "a<b",
    "x;y",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
];

#[test]
fn a_hostile_footnote_id_is_refused_in_every_prose_field_at_its_place() {
    for path in prose_paths() {
        for id in HOSTILE_IDS {
            let reference = format!("[^{id}]");
            let text = with_value(&path, &format!("Reviewed{reference} again"));
            let errors = match folio_tests::parse(&SourceFile::new("t.toml", text.clone())) {
                Ok(_) => panic!("`{id}` accepted in `{path}`"),
                Err(e) => e,
            };
            let at_reference = errors.iter().any(|d| {
                matches!(d.code, "footnote-id" | "footnote-in-heading" | "footnote-in-history" | "nested-footnote")
                    && text[d.span.clone()].contains(id)
            });
            assert!(at_reference, "`{id}` in `{path}` is not refused at the reference: {errors:#?}");
        }
    }
}

#[test]
fn control_characters_are_errors_in_every_field_and_bidi_controls_warnings() {
    let leaves = fixture_leaves();
    // Codes (dissemination level, type) are refused as not a code before any character is read.
    let is_code = |p: &str| CHOICES.iter().any(|(c, _)| *c == p);
    for (path, _) in leaves.iter().filter(|(p, _)| !matches!(p.as_str(), "template" | "lang") && !is_code(p)) {
        for (c, code) in [
            ('\u{0}', "control-character"),
            ('\u{1b}', "control-character"),
            ('\u{7f}', "control-character"),
            ('\u{202e}', "bidi-control"),
        ] {
            let value = match path.rsplit('.').next() {
                Some("email") => format!("a{c}b@example.org"),
                _ => format!("Zz a{c}b zz"),
            };
            let text = with_value(path, &value);
            let diags = match folio_tests::parse(&SourceFile::new("t.toml", text.clone())) {
                Ok((_, warnings)) => warnings,
                Err(errors) => errors,
            };
            let found = diags.iter().find(|d| d.code == code);
            let found = found.unwrap_or_else(|| panic!("U+{:04X} in `{path}` not reported: {diags:#?}", c as u32));
            // toml writes the character itself or an escape; the diagnostic points at exactly that.
            let at = &text[found.span.clone()];
            let escapes = [format!("\\u{:04X}", c as u32), format!("\\u{:04x}", c as u32), "\\e".to_owned()];
            assert!(at == c.to_string() || escapes.iter().any(|e| e == at), "{path}: {at:?}");
        }
    }
}

#[test]
fn tab_and_windows_line_endings_are_text() {
    let text = EVERY_FIELD.replace('\n', "\r\n").replace("An introduction", "An\tintroduction");
    let (doc, warnings) = folio_tests::parse(&SourceFile::new("t.toml", text)).unwrap();
    assert!(warnings.is_empty(), "{warnings:#?}");
    assert_eq!(doc.sections.len(), 1);
}

#[test]
fn the_writing_systems_used_are_recorded_where_first_written() {
    let text = with_value("sections[0].text", "Latin, Ελληνικά, العربية and हिन्दी, then العربية again.");
    let file = SourceFile::new("t.toml", text);
    let (doc, _) = folio_tests::parse(&file).unwrap();
    let scripts: Vec<(&str, &str)> = doc.scripts.iter().map(|u| (u.script, &file.text[u.first.clone()])).collect();
    assert_eq!(scripts, [("Greek", "Ε"), ("Arabic", "ا"), ("Devanagari", "ह")]);
}
