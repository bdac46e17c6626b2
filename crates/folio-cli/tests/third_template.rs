//! Adding a template needs no Rust: a project folder with `templates/memo/` (a `typst.toml` that
//! declares a parameter and a record block, and a `lib.typ`) and a deliverable that uses it. The
//! real binary, run from the project as a user would, finds the project's template beside the
//! ones it ships, checks the data against the manifest, and builds it; the shipped templates stay
//! available in the same project.

use std::path::Path;
use std::process::{Command, Output};

fn folio(args: &[&str], cwd: &Path, cache: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(args)
        .current_dir(cwd)
        // The shipped templates are unpacked into this cache, not the user's.
        .env("XDG_CACHE_HOME", cache)
        .output()
        .expect("folio runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const MANIFEST: &str = r##"[package]
name = "memo"
version = "0.2.0"
entrypoint = "lib.typ"
description = "A one-page memo."

[tool.folio.params.ink]
kind = "color"
default = "#333333"
help = "The colour of the text."

[tool.folio.blocks.note]
help = "A boxed note."
title = "heading"

[tool.folio.blocks.note.fields.heading]
kind = "inline"
required = true
help = "The note's heading."
example = "\"Note\""

[tool.folio.blocks.note.fields.body]
kind = "prose"
required = true
help = "What it says."
example = "\"…\""
"##;

/// The interface every template implements (see templates/eccp/README.md), plus `note`.
const LIB: &str = r##"
#let deliverable(lang: "en", project: (:), deliverable: (:), keywords: (), date: auto,
  abstract: none, history: (), labels: (:), params: (:), body) = {
  set document(title: deliverable.at("title", default: ""), date: date)
  set page(paper: "a5")
  set text(font: "Libertinus Serif", lang: lang, fill: params.ink)
  [MEMO #deliverable.at("number", default: "")]
  parbreak()
  body
}
#let data-table(columns: 1, align: (), header: (), rows: (), notes: none) = table(
  columns: columns, ..header.flatten(), ..rows.flatten())
#let figure-source(body) = body
#let xref(target, body) = link(target, body)
#let footnote-sep() = super[,]
#let note(heading: [], body: []) = block(stroke: 0.5pt + gray, inset: 6pt)[*#heading* #body]
"##;

const DATA: &str = r##"template = "memo"
lang = "en"

[params]
ink = "#102030"

[project]
name = "P"
acronym = "P"
start = 2020-01-01
duration-months = 12

[deliverable]
number = "M-7"
title = "T"
work-package = "WP1"
lead = "L"
validated-by = "V"
contractual-delivery = "M1"
actual-delivery = "M1"
version = "1"
abstract = "A"

[[sections]]
title = "Why"
text = "Because."

[[sections.blocks]]
[sections.blocks.note]
heading = "Remember"
body = "A note written in the data and printed by the memo template."
"##;

#[test]
fn a_template_added_in_a_project_folder_builds_without_any_rust() {
    let project = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let memo = project.path().join("templates/memo");
    std::fs::create_dir_all(&memo).unwrap();
    std::fs::write(memo.join("typst.toml"), MANIFEST).unwrap();
    std::fs::write(memo.join("lib.typ"), LIB).unwrap();
    std::fs::create_dir_all(project.path().join("data")).unwrap();
    std::fs::write(project.path().join("data/memo-7.toml"), DATA).unwrap();

    // Listed beside the shipped templates, with its parameter and block.
    let listed = folio(&["templates"], project.path(), cache.path());
    let list = String::from_utf8_lossy(&listed.stdout);
    assert!(listed.status.success(), "{}", stderr(&listed));
    for line in ["memo 0.2.0: A one-page memo.", "ink (color, default #333333)", "note: A boxed note.", "eccp 0.1.0"] {
        assert!(list.contains(line), "no `{line}` in:\n{list}");
    }

    // Checked against its manifest: a wrong field is located, with the declared ones.
    std::fs::write(project.path().join("data/bad.toml"), DATA.replace("body = ", "bdy = ")).unwrap();
    let bad = folio(&["check", "data/bad.toml"], project.path(), cache.path());
    assert_eq!(bad.status.code(), Some(1), "{}", stderr(&bad));
    assert!(stderr(&bad).contains("unknown field `bdy`"), "{}", stderr(&bad));
    assert!(stderr(&bad).contains("did you mean `body`?"), "{}", stderr(&bad));
    std::fs::remove_file(project.path().join("data/bad.toml")).unwrap();

    // Built from the project folder, as a user would.
    let built = folio(&["build"], project.path(), cache.path());
    assert!(built.status.success(), "{}", stderr(&built));
    let pdf = project.path().join("report/memo-7.pdf");
    let text = Command::new("pdftotext").arg(&pdf).arg("-").output();
    if let Ok(text) = text {
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(text.contains("MEMO M-7"), "{text}");
        assert!(text.contains("Remember A note written in the data"), "{text}");
    } else {
        assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    }

    // The shipped templates remain available in the same project.
    std::fs::write(project.path().join("data/other.toml"), DATA.replace("template = \"memo\"", "template = \"policy-brief\"").replace("[params]\nink = \"#102030\"\n", "")
        .replace("[[sections.blocks]]\n[sections.blocks.note]\nheading = \"Remember\"\nbody = \"A note written in the data and printed by the memo template.\"\n", "")).unwrap();
    let shipped = folio(&["build", "data/other.toml"], project.path(), cache.path());
    assert!(shipped.status.success(), "{}", stderr(&shipped));
}
