//! Shared data: organisations and sources kept once, in `data/examples/shared/consortium.toml`,
//! used by the deliverables that name the file in `shared`. A correction there reaches each of
//! them; an unknown reference is a located error in the deliverable; a problem in the shared
//! file is located in the shared file; an entry no deliverable uses is a warning.

use std::path::Path;

use folio_model::SourceFile;
use folio_tests::root;

/// A copy of `data/examples` (deliverables, shared file, logos, figures) in a fresh folder.
fn examples_copy() -> tempfile::TempDir {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap().filter_map(Result::ok) {
            let target = to.join(e.file_name());
            if e.path().is_dir() {
                copy(&e.path(), &target)
            } else {
                std::fs::copy(e.path(), &target).map(|_| ()).unwrap()
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    copy(&root().join("data/examples"), dir.path());
    dir
}

/// The text of every page of `name` in `dir`, built with the repository's templates.
fn pages(dir: &Path, name: &str) -> Result<String, Vec<folio_model::Diagnostic>> {
    let path = dir.join(name);
    let file = SourceFile::new(name, std::fs::read_to_string(&path).unwrap());
    match folio_tests::pipeline().build(&file, &path) {
        // Lines joined: a name may wrap anywhere.
        Ok(built) => Ok(built.typeset.page_texts().join(" ").split_whitespace().collect::<Vec<_>>().join(" ")),
        Err(problems) => Err(problems.items),
    }
}

#[test]
fn a_correction_in_the_shared_file_reaches_every_deliverable_that_uses_it() {
    let dir = examples_copy();
    let before_he = pages(dir.path(), "horizon-europe.toml").unwrap();
    let before_brief = pages(dir.path(), "h2020-brief.toml").unwrap();
    assert!(before_brief.contains("ETPL (Belgium); IDES (Germany)"), "the cover names the partners");
    // A shared source prints as each deliverable's own footnote.
    for pages in [&before_he, &before_brief] {
        assert!(pages.contains("Directive (EU) 2019/944 on common rules for the internal market"));
    }
    assert!(before_brief.contains("Pilot results of community energy storage"));

    let shared = dir.path().join("shared/consortium.toml");
    let text = std::fs::read_to_string(&shared).unwrap();
    let corrected = text
        .replace("country = \"Germany\"", "country = \"DE\"")
        .replace("Directive (EU) 2019/944 on common rules", "Directive (EU) 2019/944 of 5 June 2019 on common rules");
    assert_ne!(corrected, text);
    std::fs::write(&shared, corrected).unwrap();
    let after_he = pages(dir.path(), "horizon-europe.toml").unwrap();
    let after_brief = pages(dir.path(), "h2020-brief.toml").unwrap();
    assert!(after_brief.contains("ETPL (Belgium); IDES (DE)"));
    for pages in [&after_he, &after_brief] {
        assert!(pages.contains("Directive (EU) 2019/944 of 5 June 2019 on common rules"));
    }
}

/// An organisation written in the deliverable and the same organisation moved to the shared file
/// give the same pages.
#[test]
fn an_organisation_prints_the_same_from_the_deliverable_or_the_shared_file() {
    let dir = examples_copy();
    let shared = dir.path().join("shared/consortium.toml");
    let text = std::fs::read_to_string(&shared).unwrap();
    let start = text.find("[organisations.etpl]").unwrap();
    let end = text.find("[organisations.ides]").unwrap();
    let etpl = &text[start..end];
    let shared_first = pages(dir.path(), "h2020-brief.toml").unwrap();
    // Moved into the deliverable.
    std::fs::write(&shared, text.replace(etpl, "")).unwrap();
    let brief = dir.path().join("h2020-brief.toml");
    let data = std::fs::read_to_string(&brief).unwrap();
    std::fs::write(&brief, data.replace("\n[deliverable]\n", &format!("\n{etpl}[deliverable]\n"))).unwrap();
    assert_eq!(pages(dir.path(), "h2020-brief.toml").unwrap(), shared_first);
}

#[test]
fn an_unknown_partner_is_a_located_error_in_the_deliverable() {
    let dir = examples_copy();
    let brief = dir.path().join("h2020-brief.toml");
    let data = std::fs::read_to_string(&brief).unwrap();
    std::fs::write(&brief, data.replace("[\"etpl\", \"ides\"]", "[\"etpl\", \"idse\"]")).unwrap();
    let errors = pages(dir.path(), "h2020-brief.toml").unwrap_err();
    let e = errors.iter().find(|d| d.code == "unknown-organisation").expect("an unknown-organisation error");
    assert_eq!(e.file, "h2020-brief.toml");
    assert_eq!(&std::fs::read_to_string(&brief).unwrap()[e.span.clone()], "\"idse\"");
    assert_eq!(e.help.as_deref(), Some("did you mean `ides`?"));
}

#[test]
fn a_problem_in_the_shared_file_is_located_there_and_stops_the_build() {
    let dir = examples_copy();
    let shared = dir.path().join("shared/consortium.toml");
    let text = std::fs::read_to_string(&shared).unwrap();
    std::fs::write(
        &shared,
        text.replace("email = \"office@etpl.example.org\"", "email = \"office at etpl\"")
            .replace("file = \"logos/ides.svg\"", "file = \"logos/missing.svg\"")
            .replace("<https://eur-lex.europa.eu/eli/dir/2019/944/oj>", "[the text](javascript:alert(1))"),
    )
    .unwrap();
    let errors = pages(dir.path(), "h2020-brief.toml").unwrap_err();
    let in_shared: Vec<(&str, &str)> = errors
        .iter()
        .filter(|d| d.file.ends_with("shared/consortium.toml"))
        .map(|d| (d.code, d.message.as_str()))
        .collect();
    assert!(in_shared.iter().any(|(c, _)| *c == "bad-email"), "{errors:#?}");
    assert!(in_shared.iter().any(|(c, _)| *c == "image-missing"), "{errors:#?}");
    // A source's link is checked where it is written: it would print in every deliverable.
    assert!(in_shared.iter().any(|(c, _)| *c == "bad-url"), "{errors:#?}");
    // The deliverable says which shared file it could not use, at its `shared` line.
    assert!(errors.iter().any(|d| d.code == "shared-file" && d.file == "h2020-brief.toml"), "{errors:#?}");
}

#[test]
fn a_shared_path_cannot_leave_the_data_folder() {
    let dir = examples_copy();
    let he = dir.path().join("horizon-europe.toml");
    let data = std::fs::read_to_string(&he).unwrap();
    for bad in ["../secret.toml", "/etc/passwd.toml", "shared/consortium.txt"] {
        std::fs::write(&he, data.replace("\"shared/consortium.toml\"", &format!("{bad:?}"))).unwrap();
        let errors = pages(dir.path(), "horizon-europe.toml").unwrap_err();
        assert!(errors.iter().any(|d| d.code == "shared-path"), "{bad}: {errors:#?}");
    }
}
