//! The sandbox: a template (or anything it includes) can read its own folder and the data
//! folder, and nothing else. Each refusal is checked through a real compile. Nothing of the host
//! (clock, folders, the compiler instance) reaches the output.

use std::path::Path;

use folio_compile::{CompileError, Pipeline};
use folio_model::SourceFile;

const SKELETON: &str = include_str!("../../../tests/fixtures/skeleton.toml");

/// Compiles the data above with a template whose body is `probe`, in a fresh folder layout:
/// `root/templates/probe/lib.typ`, `root/data/`, `root/secret.txt`; the page text, or the error.
fn typeset_with(probe: &str, setup: impl FnOnce(&Path)) -> Result<String, CompileError> {
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
    std::fs::write(
        root.join("templates/probe/typst.toml"),
        "[package]\nname = \"probe\"\nversion = \"0.1.0\"\nentrypoint = \"lib.typ\"\n",
    )
    .unwrap();
    setup(root);
    let compiler = Pipeline::new(&root.join("templates")).unwrap();
    let data = SKELETON.replace("\"eccp\"", "\"probe\"");
    let doc = folio_validate::check(&SourceFile::new("t.toml", data)).document.expect("valid data");
    compiler.typeset(&doc, &root.join("data"), "t").map(|t| t.page_texts().join("\n"))
}

/// [`typeset_with`], with the error's messages and help as one string.
fn compile_with(probe: &str, setup: impl FnOnce(&Path)) -> Result<String, String> {
    typeset_with(probe, setup).map_err(|e| match e {
        CompileError::Diagnostics(d) => {
            d.items.iter().map(|d| format!("{} {}", d.message, d.help.clone().unwrap_or_default())).collect()
        }
        e => e.to_string(),
    })
}

#[test]
fn reads_its_own_folder_and_nothing_of_the_data_folder() {
    // The template is a package: `/` is its own folder, absolute paths included.
    let page = compile_with(r#"read("inside.txt"); read("/inside.txt")"#, |_| {}).unwrap();
    assert!(page.contains("inside the template"), "{page}");
    // The data reaches it only as values the generated source passes (images as bytes).
    let err = compile_with(r#"read("/data/asset.txt")"#, |_| {}).unwrap_err();
    assert!(err.contains("file not found (searched at /data/asset.txt)"), "{err}");
}

#[test]
fn refuses_paths_above_the_root() {
    // Any step above the template's folder leaves the package, which Typst refuses before
    // asking the world.
    for path in ["../secret.txt", "../../secret.txt", "../../../secret.txt"] {
        let err = compile_with(&format!("read({path:?})"), |_| {}).unwrap_err();
        assert!(err.contains("escape"), "{path}: {err}");
    }
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
    let folders = |root: &Path| {
        std::fs::create_dir(root.join("data/folder")).unwrap();
        std::fs::create_dir(root.join("templates/probe/folder")).unwrap();
    };
    // A folder inside a mounted one is found, and refused as a folder (`FileError::IsDirectory`):
    // one error, at the path given to `read`.
    for path in ["folder", "/folder/"] {
        let probe = format!("read({path:?})");
        let Err(CompileError::Diagnostics(d)) = typeset_with(&probe, folders) else {
            panic!("{probe} did not fail with diagnostics");
        };
        let lib = &d.files.iter().find(|f| f.name == "templates/probe/lib.typ").expect("the template's text").text;
        let found: Vec<_> = d
            .items
            .iter()
            .map(|e| (e.is_error(), e.code, e.file.as_str(), &lib[e.span.clone()], e.message.as_str(), &e.help))
            .collect();
        let quoted = format!("{path:?}");
        assert_eq!(
            found,
            [(
                true,
                "typst",
                "templates/probe/lib.typ",
                quoted.as_str(),
                "failed to load file (is a directory)",
                &None
            )],
            "{probe}"
        );
    }
    // The data folder is not in the template's tree; the template's own folder is a folder.
    for path in ["/data", "/data/"] {
        let err = compile_with(&format!("read({path:?})"), folders).unwrap_err();
        assert_eq!(err, "file not found (searched at /data) ", "{path}");
    }
    for path in [".", "/"] {
        let err = compile_with(&format!("read({path:?})"), folders).unwrap_err();
        assert_eq!(err, "failed to load file (is a directory) ", "{path}");
    }
}

#[test]
fn today_is_the_deliverable_date_not_the_clock() {
    let page = compile_with(r#"datetime.today().display()"#, |_| {}).unwrap();
    assert!(page.contains("2020-01-01"), "{page}");
}

/// Copies the folder `from` (files and folders only) to `to`.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// D3.5 built from its file by a compiler of its own: read, parse, typeset, export. Typst's
/// memoised results from earlier compiles in this process are dropped first, so nothing is reused.
fn build_d35(root: &Path) -> Vec<u8> {
    typst::comemo::evict(0);
    let text = std::fs::read_to_string(root.join("data/d3.5-mexico.toml")).unwrap();
    let compiler = Pipeline::new(&root.join("templates")).unwrap();
    let doc = compiler
        .check(&SourceFile::new("data/d3.5-mexico.toml", text), &root.join("data"))
        .document
        .expect("valid data");
    let typeset = compiler.typeset(&doc, &root.join("data"), "d3.5-mexico").unwrap();
    typeset.pdf().unwrap()
}

#[test]
fn export_is_deterministic_from_scratch() {
    // The repository's templates and data, and a copy of them elsewhere on the host.
    let repo = Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR")).join("../..");
    let copy = tempfile::tempdir().unwrap();
    for folder in ["templates", "data"] {
        copy_tree(&repo.join(folder), &copy.path().join("elsewhere").join(folder));
    }
    let a = build_d35(&repo);
    let b = build_d35(&copy.path().join("elsewhere"));
    assert!(a.starts_with(b"%PDF-"));
    assert!(a == b, "two builds of D3.5 differ ({} and {} bytes)", a.len(), b.len());
}
