//! `folio build --emit typst` writes a self-contained bundle: compiled where it lies, as the
//! stock CLI compiles a project (its folder as the root, its fonts, nothing else readable), it
//! gives the same pages as folio's own build.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root")
}

#[test]
fn the_bundle_compiles_where_it_lies_to_the_same_pages() {
    let out = tempfile::tempdir().unwrap();
    let data = "data/examples/horizon-europe.toml";
    let result = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["build", data, "--emit", "typst", "-o"])
        .arg(out.path())
        .current_dir(root())
        .output()
        .expect("folio runs");
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    // Moved away from where it was written: it needs nothing around it.
    let moved = tempfile::tempdir().unwrap();
    let bundle = moved.path().join("bundle");
    std::fs::rename(out.path().join("horizon-europe-typst"), &bundle).unwrap();
    let package = "packages/local/eccp/0.1.0";
    for file in [
        "main.typ",
        "README.txt",
        &format!("{package}/typst.toml"),
        &format!("{package}/lib.typ"),
        &format!("{package}/labels.toml"),
        "fonts/Carlito-Regular.ttf",
        "data/logos/encostor.svg",
    ] {
        assert!(bundle.join(file).is_file(), "no {file} in the bundle");
    }
    // The source imports its template as a Typst user imports a local package.
    let main = std::fs::read_to_string(bundle.join("main.typ")).unwrap();
    assert!(main.contains("#import \"@local/eccp:0.1.0\" as template"), "{main}");
    let readme = std::fs::read_to_string(bundle.join("README.txt")).unwrap();
    assert!(
        readme.contains("typst compile --root . --package-path packages --ignore-system-fonts --font-path fonts"),
        "{readme}"
    );

    let pages = folio_compile::compile_project(&bundle, "main.typ", &bundle.join("fonts"), &bundle.join("packages"))
        .unwrap_or_else(|e| panic!("the bundle does not compile: {e}"));
    let pipeline = folio_compile::Pipeline::new(&root().join("templates")).unwrap();
    let file = folio_model::SourceFile::new(data, std::fs::read_to_string(root().join(data)).unwrap());
    let built = pipeline.build(&file, &root().join(data)).unwrap_or_else(|p| panic!("{:#?}", p.items));
    assert_eq!(pages, built.typeset.page_texts(), "the bundle's pages differ from folio's");
}

/// The stock Typst CLI (0.15.1, as folio embeds; `.ci/run` installs it and sets `TYPST`) compiles
/// the bundle where it lies, with the command its README gives, to a PDF with the same text on
/// every page as folio's.
#[test]
fn the_stock_typst_cli_compiles_the_bundle_to_the_same_pages() {
    let typst = std::env::var_os("TYPST").map_or_else(|| PathBuf::from("typst"), PathBuf::from);
    match Command::new(&typst).arg("--version").output() {
        Ok(out) if out.status.success() => {
            let version = String::from_utf8_lossy(&out.stdout).into_owned();
            assert!(version.contains(folio_compile::TYPST_VERSION), "{version}");
        }
        _ if std::env::var_os("CI").is_none() => {
            return eprintln!("note: skipping the stock Typst check: no `typst` (set TYPST, as .ci/run does)");
        }
        other => panic!("the stock typst CLI is required in CI: {other:?}"),
    }
    let pdftotext = |pdf: &Path| -> Option<Vec<String>> {
        let out = Command::new("pdftotext").args(["-layout"]).arg(pdf).arg("-").output().ok()?;
        Some(String::from_utf8_lossy(&out.stdout).split('\u{c}').map(str::to_owned).collect())
    };
    for data in ["data/d3.5-mexico.toml", "data/examples/horizon-europe.toml"] {
        let out = tempfile::tempdir().unwrap();
        let built = Command::new(env!("CARGO_BIN_EXE_folio"))
            .args(["build", data, "--emit", "typst", "-o"])
            .arg(out.path())
            .current_dir(root())
            .output()
            .unwrap();
        assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
        let stem = Path::new(data).file_stem().unwrap().to_str().unwrap();
        let bundle = out.path().join(format!("{stem}-typst"));
        let readme = std::fs::read_to_string(bundle.join("README.txt")).unwrap();
        // The command the README gives, as a user would paste it.
        let command = readme.lines().find(|l| l.trim_start().starts_with("typst compile")).expect("a command");
        let mut args: Vec<&str> = command.split_whitespace().skip(1).collect();
        args.push("stock.pdf");
        let compiled = Command::new(&typst).args(&args).current_dir(&bundle).output().unwrap();
        assert!(compiled.status.success(), "{data}: {}", String::from_utf8_lossy(&compiled.stderr));
        let (Some(stock), Some(ours)) =
            (pdftotext(&bundle.join("stock.pdf")), pdftotext(&out.path().join(format!("{stem}.pdf"))))
        else {
            continue;
        };
        assert_eq!(stock.len(), ours.len(), "{data}: page counts differ");
        assert_eq!(stock, ours, "{data}: the stock CLI's pages differ from folio's");
    }
}
