//! The sandbox: a template (or anything it includes) can read its own folder and the data
//! folder, and nothing else. Each refusal is checked through a real compile.

use std::path::Path;

use folio_compile::{CompileError, Compiler};
use folio_model::SourceFile;

const SKELETON: &str = include_str!("../../../tests/fixtures/skeleton.toml");

/// Compiles the data above with a template whose body is `probe`, in a fresh folder layout:
/// `root/templates/probe/lib.typ`, `root/data/`, `root/secret.txt`.
fn compile_with(probe: &str, setup: impl FnOnce(&Path)) -> Result<String, String> {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("templates/probe")).unwrap();
    std::fs::create_dir_all(root.join("templates/fonts")).unwrap();
    std::fs::create_dir_all(root.join("data")).unwrap();
    std::fs::write(root.join("secret.txt"), "top secret").unwrap();
    std::fs::write(root.join("templates/probe/inside.txt"), "inside the template").unwrap();
    std::fs::write(root.join("data/asset.txt"), "a data asset").unwrap();
    let lib = format!(
        "#let deliverable(..args, body) = {{\n{probe}\nbody\n}}\n#let case-study(..args) = none\n#let footnote-sep() = []\n"
    );
    std::fs::write(root.join("templates/probe/lib.typ"), lib).unwrap();
    setup(root);
    let compiler = Compiler::new(&root.join("templates")).unwrap();
    let data = SKELETON.replace("\"eccp\"", "\"probe\"");
    let (doc, _) = folio_model::parse(&SourceFile::new("t.toml", data)).unwrap();
    match compiler.typeset(&doc, &root.join("data"), "t") {
        Ok(t) => Ok(t.page_texts().join("\n")),
        Err(CompileError::Diagnostics(d)) => {
            Err(d.items.iter().map(|d| format!("{} {}", d.message, d.help.clone().unwrap_or_default())).collect())
        }
        Err(e) => Err(e.to_string()),
    }
}

#[test]
fn reads_its_own_folder_and_the_data_folder() {
    let page = compile_with(r#"read("inside.txt"); read("/data/asset.txt")"#, |_| {}).unwrap();
    assert!(page.contains("inside the template"), "{page}");
    assert!(page.contains("a data asset"), "{page}");
}

#[test]
fn refuses_paths_above_the_root() {
    // Two levels up from /templates/probe is the virtual root, where nothing is mounted…
    let err = compile_with(r#"read("../../secret.txt")"#, |_| {}).unwrap_err();
    assert!(err.contains("file not found (searched at /secret.txt)"), "{err}");
    // …and three levels up leaves it, which Typst refuses before asking the world.
    let err = compile_with(r#"read("../../../secret.txt")"#, |_| {}).unwrap_err();
    assert!(err.contains("escape"), "{err}");
}

#[test]
fn absolute_paths_are_virtual_and_unmounted_ones_do_not_exist() {
    let err = compile_with(r#"read("/etc/passwd")"#, |_| {}).unwrap_err();
    assert!(err.contains("file not found"), "{err}");
    let err = compile_with(r#"read("/secret.txt")"#, |_| {}).unwrap_err();
    assert!(err.contains("file not found"), "{err}");
    // The message names the virtual path, never the host's.
    assert!(!err.contains("/tmp"), "{err}");
}

#[cfg(unix)]
#[test]
fn refuses_symlinks_that_leave_the_folder() {
    let err = compile_with(r#"read("link.txt")"#, |root| {
        std::os::unix::fs::symlink(root.join("secret.txt"), root.join("templates/probe/link.txt")).unwrap();
    })
    .unwrap_err();
    assert!(err.contains("access denied"), "{err}");
    let err = compile_with(r#"read("up/secret.txt")"#, |root| {
        std::os::unix::fs::symlink(root, root.join("templates/probe/up")).unwrap();
    })
    .unwrap_err();
    assert!(err.contains("access denied"), "{err}");
}

#[test]
fn refuses_packages_without_touching_the_network() {
    let err = compile_with(r#"import "@preview/example:0.1.0": *"#, |_| {}).unwrap_err();
    assert!(err.contains("packages"), "{err}");
}

#[test]
fn refuses_directories() {
    let err = compile_with(r#"read("/data")"#, |_| {}).unwrap_err();
    assert!(err.contains("directory") || err.contains("not found"), "{err}");
}

#[test]
fn today_is_the_deliverable_date_not_the_clock() {
    let page = compile_with(r#"datetime.today().display()"#, |_| {}).unwrap();
    assert!(page.contains("2020-01-01"), "{page}");
}
