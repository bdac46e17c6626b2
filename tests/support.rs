//! Shared helpers for folio's end-to-end tests: paths in the repository, building a data file
//! once per test process, and running the real PDF clients (poppler, qpdf).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use folio_compile::{Pipeline, Typeset};
use folio_model::SourceFile;
use folio_validate::Checked;

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the repository")
        .to_owned()
}

/// A data file, checked and typeset.
pub struct Built {
    /// The data file.
    pub file: SourceFile,
    /// Its checked model.
    pub doc: Checked,
    /// Its laid-out pages.
    pub typeset: Typeset,
}

/// Takes `data/<stem>.toml` through the pipeline, as `folio build` does, panicking with the
/// diagnostics on failure.
pub fn build(stem: &str) -> Built {
    build_file(&format!("data/{stem}.toml"))
}

/// Parses and typesets the data file at `relative` (from the repository root); panics with the
/// diagnostics when it does not build.
pub fn build_file(relative: &str) -> Built {
    let text = std::fs::read_to_string(root().join(relative)).expect("data file is readable");
    let file = SourceFile::new(relative, text);
    let pipeline = pipeline();
    match pipeline.build(&file, &root().join(relative)) {
        Ok(built) => Built { file, doc: built.document, typeset: built.typeset },
        Err(problems) => panic!("{relative} does not build: {:#?}", problems.items),
    }
}

/// `file` checked as its template reads it, among the repository's templates (the data format
/// with their record blocks and parameters); no image or label is looked at.
pub fn check(file: &SourceFile) -> folio_validate::Outcome {
    let formats = pipeline().catalog().formats();
    folio_validate::check_with(file, &folio_model::Templates::new(&formats))
}

/// `file` parsed as its template reads it, among the repository's templates.
pub fn parse(
    file: &SourceFile,
) -> Result<(folio_model::Document, Vec<folio_model::Diagnostic>), Vec<folio_model::Diagnostic>> {
    let formats = pipeline().catalog().formats();
    folio_model::parse_with(file, &folio_model::Templates::new(&formats))
}

/// The data format of the repository's template `name`.
pub fn format_of(name: &str) -> folio_model::format::Format {
    pipeline().catalog().get(name).unwrap_or_else(|| panic!("no template `{name}`")).format
}

/// The pipeline for the repository's templates, made once per test process (fonts load once).
pub fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| Pipeline::new(&root().join("templates")).expect("fonts load"))
}

/// D3.5's data with `edit` applied, taken through the pipeline as if it were data/d3.5-mexico.toml.
pub fn d35_edited(edit: impl Fn(&str) -> String) -> Built {
    let original = &d35().file.text;
    let edited = edit(original);
    assert_ne!(&edited, original, "the edit must change the data");
    let file = SourceFile::new("data/d3.5-mexico.toml", edited);
    let pipeline = pipeline();
    match pipeline.build(&file, &root().join("data/d3.5-mexico.toml")) {
        Ok(built) => Built { file, doc: built.document, typeset: built.typeset },
        Err(problems) => panic!("the edited D3.5 does not build: {:#?}", problems.items),
    }
}

/// A footnote added early in D3.5 (`[^briefing]` after "Mexico Preparatory Briefing"), so that
/// every later footnote is renumbered.
pub fn early_footnote(data: &str) -> String {
    let edited = data
        .replace("\"Mexico Preparatory Briefing\".", "\"Mexico Preparatory Briefing\"[^briefing].")
        .replace("[footnotes]\n", "[footnotes]\nbriefing = \"<https://www.clustercollaboration.eu/briefing>\"\n");
    assert_ne!(edited, data, "the edit must change the data");
    edited
}

/// Issue 14's review-sized edit of D3.5: the early footnote, a paragraph reworded, a case-study
/// cell changed, sections 4.2 and 4.3 swapped, and the version bumped. The review copy and the
/// diff tests read the same edit.
pub fn review_sized_edit(data: &str) -> String {
    let mut edited = early_footnote(data)
        .replacen("provide great opportunities", "provide large opportunities", 1)
        .replacen("Coordinator of the project and researcher", "Lead coordinator of the project and researcher", 1)
        .replacen("version = \"VF\"", "version = \"V2\"", 1);
    let at = |text: &str, mark: &str| text.find(mark).unwrap_or_else(|| panic!("no `{mark}`"));
    let (a, b, c) = (at(&edited, "  # 4.2. "), at(&edited, "  # 4.3. "), at(&edited, "  # 4.4. "));
    let swapped = format!("{}{}{}", &edited[b..c], &edited[a..b], &edited[c..]);
    edited.replace_range(a.., &swapped);
    edited
}

/// D3.5, built once per test process (typesetting is the slow part).
pub fn d35() -> &'static Built {
    static D35: OnceLock<Built> = OnceLock::new();
    D35.get_or_init(|| build("d3.5-mexico"))
}

/// Runs a PDF client. Returns `None` (and says so) when it is not installed outside CI; in CI a
/// missing client is a failure, since `.ci/run` installs them.
pub fn client(program: &str, args: &[&str]) -> Option<std::process::Output> {
    match Command::new(program).args(args).output() {
        Ok(out) => Some(out),
        Err(e) if std::env::var_os("CI").is_none() => {
            eprintln!("note: skipping the {program} check: {e} (install poppler-utils and qpdf, as .ci/run does)");
            None
        }
        Err(e) => panic!("{program} is required in CI: {e}"),
    }
}
