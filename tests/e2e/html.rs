//! The HTML page as a browser reads it: headless Chromium (Debian's `chromium`) loads D3.5's and
//! an example's page, and every contents link and every footnote link (and back-link) jumps to an
//! element that exists in the DOM it built. A screenshot of the first screen at phone width is
//! written for review (`docs/html-first-screen.png` is the reviewed one), never compared.

use std::path::{Path, PathBuf};
use std::process::Command;

use folio_tests::{build_file, root};

/// The page of a data file, rendered as `folio build --format html` renders it.
fn page(relative: &str) -> String {
    let built = build_file(relative);
    let words = folio_compile::Words::new(&root().join("templates"), &built.doc);
    let data_dir = folio_compile::data_dir(&root().join(relative));
    let image = |rel: &str| folio_html::data_uri(rel, &std::fs::read(data_dir.join(rel)).ok()?);
    folio_html::render(&built.doc, &folio_html::Page { words: &|k| words.get(k), image: &image })
}

/// Runs headless Chromium with `args` on `file`; `None` (said) when it is not installed outside CI.
fn chromium(args: &[&str], file: &Path) -> Option<String> {
    let url = format!("file://{}", file.display());
    let out = Command::new("chromium")
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--allow-file-access-from-files"])
        .args(args)
        .arg(&url)
        .output();
    match out {
        Ok(out) if out.status.success() => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        Ok(out) => panic!("chromium failed: {}", String::from_utf8_lossy(&out.stderr)),
        Err(e) if std::env::var_os("CI").is_none() => {
            eprintln!("note: skipping the browser check: {e} (apt-get install chromium, as .ci/run does)");
            None
        }
        Err(e) => panic!("chromium is required in CI: {e}"),
    }
}

/// Every value of `attribute="…"` in `dom`.
fn values<'a>(dom: &'a str, attribute: &str) -> Vec<&'a str> {
    let needle = format!(" {attribute}=\"");
    dom.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &dom[i + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

#[test]
fn every_contents_and_footnote_link_jumps_to_an_element_in_the_browser() {
    let dir = tempfile::tempdir().unwrap();
    for relative in ["data/d3.5-mexico.toml", "data/examples/horizon-europe.toml"] {
        let name = Path::new(relative).file_stem().unwrap().to_string_lossy().into_owned();
        let file: PathBuf = dir.path().join(format!("{name}.html"));
        std::fs::write(&file, page(relative)).unwrap();
        let Some(dom) = chromium(&["--dump-dom"], &file) else { return };
        let ids = values(&dom, "id");
        let targets: Vec<&str> = values(&dom, "href").into_iter().filter_map(|h| h.strip_prefix('#')).collect();
        let missing: Vec<&&str> = targets.iter().filter(|t| !ids.contains(t)).collect();
        assert!(missing.is_empty(), "{name}: links to no element: {missing:?}");
        // The contents reach every section, and every printed footnote has its note and back-link.
        let doc = build_file(relative).doc;
        let notes = doc.footnote_order().len();
        assert!(targets.iter().filter(|t| t.starts_with("fn-")).count() >= notes, "{name}: footnote links");
        assert_eq!(ids.iter().filter(|i| i.starts_with("fn-")).count(), notes, "{name}: one note per footnote");
        assert!(targets.iter().filter(|t| t.starts_with("sec-")).count() >= doc.sections.len(), "{name}: contents");
        assert!(dom.contains(&format!("lang=\"{}\"", doc.lang.value)), "{name}: the page's language");
    }
    // The first screen at phone width, for a person to look at.
    let d35 = dir.path().join("d3.5-mexico.html");
    let shot = dir.path().join("first-screen.png");
    let arg = format!("--screenshot={}", shot.display());
    if chromium(&[&arg, "--window-size=390,844"], &d35).is_some() {
        assert!(std::fs::metadata(&shot).map(|m| m.len() > 1000).unwrap_or(false), "no screenshot");
    }
}
