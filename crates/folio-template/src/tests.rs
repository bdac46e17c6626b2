use std::path::PathBuf;

use folio_model::SourceFile;
use folio_model::format::Kind;

use super::*;

fn root() -> PathBuf {
    PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR")).join("../..")
}

fn manifest(text: &str) -> Result<Manifest, Vec<Diagnostic>> {
    parse(&SourceFile::new("templates/t/typst.toml", text), "t")
}

const HEAD: &str = "[package]\nname = \"t\"\nversion = \"0.1.0\"\nentrypoint = \"lib.typ\"\n";

/// The problems' messages, each with the text it points at.
fn problems(text: &str) -> Vec<(String, String)> {
    let errors = manifest(text).expect_err("the manifest has problems");
    errors.iter().map(|d| (d.message.clone(), text[d.span.clone()].to_owned())).collect()
}

#[test]
fn the_shipped_templates_declare_their_blocks_and_parameters() {
    let catalog = Catalog::load(&root().join("templates")).expect("the shipped manifests are valid");
    let eccp = catalog.get("eccp").expect("eccp is shipped");
    let case = eccp.format.record("case-study").expect("eccp declares the case study");
    assert_eq!(case.template, "eccp");
    assert_eq!(case.title, Some("title"));
    let contact = case.table.key("contact").expect("a contact table");
    let Kind::Table(contact) = contact.kind else { panic!("contact is a table") };
    assert_eq!(contact.key("email").map(|k| k.kind), Some(Kind::Email));
    assert_eq!(contact.key("phone").map(|k| k.kind), Some(Kind::Phone));
    let accent = eccp.format.params.key("accent").expect("eccp's accent colour");
    assert_eq!((accent.kind, accent.default), (Kind::Color, Some("#1f497d")));
    // Every template reads every other's blocks, to print them through the fallback.
    for t in &catalog.templates {
        for other in &catalog.templates {
            for b in &other.manifest.blocks {
                assert!(t.format.record(b.decl.name).is_some(), "{} cannot read {}", t.name(), b.decl.name);
            }
        }
    }
}

#[test]
fn declaration_order_is_kept() {
    let text = format!(
        "{HEAD}[tool.folio.blocks.b]\nhelp = \"B.\"\n[tool.folio.blocks.b.fields.zeta]\nkind = \"plain\"\nhelp = \"Z.\"\n\
         [tool.folio.blocks.b.fields.alpha]\nkind = \"prose\"\nhelp = \"A.\"\n"
    );
    let m = manifest(&text).unwrap();
    let keys: Vec<&str> = m.blocks[0].decl.table.keys.iter().map(|k| k.key).collect();
    assert_eq!(keys, ["zeta", "alpha"]);
}

#[test]
fn every_problem_is_reported_at_its_place_in_one_run() {
    let text = format!(
        "{HEAD}[tool.folio.params.band]\nkind = \"colour\"\nhelp = \"x\"\n\
         [tool.folio.params.size]\nkind = \"count\"\nrequired = true\nhelp = \"x\"\n\
         [tool.folio.params.tint]\nkind = \"color\"\ndefault = \"blue\"\nhelp = \"x\"\n\
         [tool.folio.blocks.table]\nhelp = \"x\"\n[tool.folio.blocks.table.fields.a]\nkind = \"plain\"\nhelp = \"x\"\n\
         [tool.folio.blocks.facts]\nhelp = \"x\"\ntitle = \"heading\"\n[tool.folio.blocks.facts.fields.a]\nkind = \"plain\"\ndefault = \"x\"\nhelp = \"x\"\n"
    );
    let found = problems(&text);
    let messages: Vec<&str> = found.iter().map(|(m, _)| m.as_str()).collect();
    assert!(messages.contains(&"`colour` is not a kind folio knows"), "{found:#?}");
    assert!(messages.contains(&"the parameter `size` cannot be required"), "{found:#?}");
    assert!(messages.contains(&"`tint` cannot default to this"), "{found:#?}");
    assert!(messages.contains(&"`table` cannot be a block's name"), "{found:#?}");
    assert!(messages.contains(&"the block has no field `heading`"), "{found:#?}");
    assert!(messages.contains(&"`a` is a block's field: only parameters have defaults"), "{found:#?}");
    // Each points at the value at fault.
    assert!(found.contains(&("`colour` is not a kind folio knows".to_owned(), "\"colour\"".to_owned())), "{found:#?}");
    assert!(found.contains(&("`tint` cannot default to this".to_owned(), "\"blue\"".to_owned())), "{found:#?}");
}

#[test]
fn a_manifest_must_name_its_folder_and_stay_inside_it() {
    let text = "[package]\nname = \"other\"\nversion = \"0.1.0\"\nentrypoint = \"../lib.typ\"\n[tool.folio]\nlabels = \"/etc/passwd\"\n";
    let found = problems(text);
    assert!(found.iter().any(|(m, at)| m.contains("its folder `t`") && at == "\"other\""), "{found:#?}");
    assert!(
        found.iter().any(|(m, at)| m.contains("cannot be the entry point") && at == "\"../lib.typ\""),
        "{found:#?}"
    );
    assert!(
        found.iter().any(|(m, at)| m.contains("cannot be a template's file") && at == "\"/etc/passwd\""),
        "{found:#?}"
    );
}

#[test]
fn a_syntax_error_and_an_unknown_key_are_located() {
    let errors = manifest(&format!("{HEAD}[tool.folio]\nlabel = \"labels.toml\"\n")).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert!(errors[0].message.contains("unknown field `label`"), "{errors:?}");
}

/// Two templates cannot declare a block of the same name: the data could not say which it means.
#[test]
fn two_templates_cannot_declare_the_same_block() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a", "b"] {
        let folder = dir.path().join(name);
        std::fs::create_dir_all(&folder).unwrap();
        let text = format!(
            "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nentrypoint = \"lib.typ\"\n\
             [tool.folio.blocks.note]\nhelp = \"x\"\n[tool.folio.blocks.note.fields.text]\nkind = \"prose\"\nhelp = \"x\"\n"
        );
        std::fs::write(folder.join(MANIFEST), text).unwrap();
    }
    let problems = Catalog::load(dir.path()).unwrap_err();
    assert_eq!(problems.items.len(), 1, "{:#?}", problems.items);
    assert_eq!(problems.items[0].message, "the `a` template declares a block `note` too");
    assert_eq!(problems.items[0].file, "templates/b/typst.toml");
}

/// Loading the same templates twice makes their formats once: a long-running process that
/// reloads its templates does not leak a copy per reload.
#[test]
fn formats_are_made_once_per_set_of_manifests() {
    let a = Catalog::load(&root().join("templates")).unwrap();
    let b = Catalog::load(&root().join("templates")).unwrap();
    for (x, y) in a.templates.iter().zip(&b.templates) {
        assert!(std::ptr::eq(x.format.root, y.format.root));
    }
}
