//! Every rule's fixture, checked as an author would meet it: the rendered diagnostic (with
//! `file:line:col` and carets) and its JSON form are snapshots a reviewer reads.

use folio_model::SourceFile;
use folio_tests::root;

fn check(path: &std::path::Path) -> (SourceFile, folio_validate::Outcome) {
    let name = path.strip_prefix(root()).expect("fixture inside the repository").display().to_string();
    let file = SourceFile::new(name, std::fs::read_to_string(path).expect("fixture is readable"));
    // The whole check of `folio check`: the data's rules, the template, and the images it names.
    let checked = folio_compile::check(&root().join("templates"), &file, &folio_compile::data_dir(path));
    (file, checked)
}

#[test]
fn each_invalid_fixture_is_explained() {
    insta::glob!("..", "fixtures/invalid/*.toml", |path| {
        let (file, checked) = check(path);
        assert!(!checked.diagnostics.is_empty(), "{} passes every check", file.name);
        let human = folio_validate::render::human(&checked.diagnostics, &[&file], false);
        let json = folio_validate::render::json(&checked.diagnostics, &[&file]);
        insta::assert_snapshot!("human", human);
        insta::assert_snapshot!("json", json);
    });
}

#[test]
fn valid_fixtures_have_no_diagnostics() {
    insta::glob!("..", "fixtures/valid/*.toml", |path| {
        let (file, checked) = check(path);
        let doc = checked.document.as_ref().unwrap_or_else(|| panic!("{}: {:#?}", file.name, checked.diagnostics));
        // What the data allows, with its reason, is not shown; nothing else may be.
        let (shown, _) = folio_validate::accept(doc, checked.diagnostics.clone(), &[]);
        assert!(shown.is_empty(), "{}: {shown:#?}", file.name);
    });
}

#[test]
fn d35_has_no_errors_and_only_deliberate_warnings() {
    let (file, checked) = check(&root().join("data/d3.5-mexico.toml"));
    assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
    // Deliberate: the original's contractual date (M25) is after its 24 months, its heading 3.3
    // repeats "Helicopters", and it numbers seven repeated sources as separate footnotes.
    insta::assert_snapshot!("d35_warnings", folio_validate::render::human(&checked.diagnostics, &[&file], false));
}

#[test]
fn committed_schema_is_up_to_date() {
    for template in folio_tests::pipeline().catalog().names() {
        let path = format!("data/{template}.schema.json");
        let committed = std::fs::read_to_string(root().join(&path)).unwrap_or_default();
        assert!(
            committed == folio_model::json_schema(&folio_tests::format_of(template)),
            "{path} is stale: run `cargo run --release -- schema --template {template} > {path}`"
        );
    }
}

#[test]
fn committed_format_reference_is_up_to_date() {
    let committed = std::fs::read_to_string(root().join("docs/data-format.md")).unwrap_or_default();
    assert!(
        committed == folio_model::format::reference(&folio_model::format::Format::base()),
        "docs/data-format.md is stale: run `cargo run --release -- schema --reference > docs/data-format.md`"
    );
}

/// Validates TOML files against the committed schema with Python's `jsonschema` (the validator
/// many editors build on), printing one line per file: its name and its errors.
const VALIDATE: &str = r#"
import datetime, json, sys, tomllib, jsonschema
schema = json.load(open(sys.argv[1]))
validator = jsonschema.Draft7Validator(schema)
def plain(o):
    if isinstance(o, dict): return {k: plain(v) for k, v in o.items()}
    if isinstance(o, list): return [plain(v) for v in o]
    if isinstance(o, (datetime.date, datetime.datetime)): return o.isoformat()
    return o
for path in sys.argv[2:]:
    errors = sorted(e.message for e in validator.iter_errors(plain(tomllib.load(open(path, "rb")))))
    print(path, errors)
"#;

#[test]
fn editors_schema_accepts_valid_data_and_refuses_unknown_keys() {
    let probe = folio_tests::client("python3", &["-c", "import jsonschema"]);
    match probe {
        Some(out) if out.status.success() => {}
        Some(_) if std::env::var_os("CI").is_some() => panic!("python3 -m pip install jsonschema (as .ci/run does)"),
        _ => return eprintln!("note: skipping the schema check: no python3 with jsonschema"),
    }
    // The schema is as strict as folio where JSON Schema can say it: a language code, a footnote id.
    let tmp = tempfile::tempdir().unwrap();
    let valid = std::fs::read_to_string(root().join("tests/fixtures/valid/case-study.toml")).unwrap();
    let english = tmp.path().join("english.toml");
    std::fs::write(&english, valid.replace("lang = \"en-GB\"", "lang = \"english\"")).unwrap();
    let unam = tmp.path().join("unam.toml");
    std::fs::write(&unam, valid.replace("source = ", "UNAM = ")).unwrap();
    let files =
        ["data/d3.5-mexico.toml", "tests/fixtures/valid/case-study.toml", "tests/fixtures/invalid/unknown-field.toml"];
    let schema = root().join("data/eccp.schema.json");
    let mut args = vec!["-c", VALIDATE, schema.to_str().unwrap()];
    let mut paths: Vec<String> = files.iter().map(|f| root().join(f).display().to_string()).collect();
    paths.extend([english.display().to_string(), unam.display().to_string()]);
    args.extend(paths.iter().map(String::as_str));
    let out = folio_tests::client("python3", &args).expect("python3 runs");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{report}{}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<&str> = report.lines().collect();
    assert!(lines[0].ends_with("d3.5-mexico.toml []"), "{report}");
    assert!(lines[1].ends_with("case-study.toml []"), "{report}");
    assert!(lines[2].contains("'titel' was unexpected"), "{report}");
    assert!(lines[3].contains("'english' does not match"), "{report}");
    assert!(lines[4].contains("'UNAM' does not match"), "{report}");
}

/// The schema accepts exactly the language codes folio accepts, in a deliverable's `lang` and in
/// a block's.
#[test]
fn editors_schema_and_folio_accept_the_same_language_codes() {
    let probe = folio_tests::client("python3", &["-c", "import jsonschema"]);
    match probe {
        Some(out) if out.status.success() => {}
        Some(_) if std::env::var_os("CI").is_some() => panic!("python3 -m pip install jsonschema (as .ci/run does)"),
        _ => return eprintln!("note: skipping the schema check: no python3 with jsonschema"),
    }
    let codes = ["en", "en-GB", "es-MX", "fr-BE", "es-419", "EN", "en-gb", "eng", "de-CH-1996", "zh-Hant", "e", ""];
    let tmp = tempfile::tempdir().unwrap();
    let valid = std::fs::read_to_string(root().join("tests/fixtures/valid/case-study.toml")).unwrap();
    let mut paths = Vec::new();
    for (i, code) in codes.iter().enumerate() {
        let path = tmp.path().join(format!("{i}.toml"));
        std::fs::write(&path, valid.replace("lang = \"en-GB\"", &format!("lang = \"{code}\""))).unwrap();
        paths.push(path.display().to_string());
    }
    let schema = root().join("data/eccp.schema.json");
    let mut args = vec!["-c", VALIDATE, schema.to_str().unwrap()];
    args.extend(paths.iter().map(String::as_str));
    let out = folio_tests::client("python3", &args).expect("python3 runs");
    let report = String::from_utf8_lossy(&out.stdout);
    for (code, line) in codes.iter().zip(report.lines()) {
        let schema_accepts = line.ends_with(" []");
        assert_eq!(schema_accepts, folio_model::is_language(code), "`{code}`: {line}");
    }
}
