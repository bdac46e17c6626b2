//! Figures: images from the data file's folder, with alternative text and a caption; every way
//! an author can get one wrong is reported at the data that names it.

use folio_model::SourceFile;
use folio_tests::root;

/// The case-study fixture with `markdown` as a paragraph of the first section, built as if it were
/// `tests/fixtures/valid/figure.toml` (so its folder, with `figures/`, is the data folder).
fn build(markdown: &str) -> (SourceFile, Result<folio_compile::Built, folio_compile::Diagnostics>) {
    let base = std::fs::read_to_string(root().join("tests/fixtures/valid/case-study.toml")).unwrap();
    let text = base.replacen("- A bullet\n", &format!("{markdown}\n\n- A bullet\n"), 1);
    assert!(text.contains(markdown), "the fixture changed");
    let file = SourceFile::new("figure.toml", text);
    let pipeline = folio_tests::pipeline();
    let built = pipeline.build(&file, &root().join("tests/fixtures/valid/figure.toml"));
    (file, built)
}

/// The one error's code and the data it points at.
fn error(markdown: &str) -> (&'static str, String) {
    let (file, built) = build(markdown);
    let Err(problems) = built else { panic!("{markdown} was accepted") };
    let errors: Vec<_> = problems.items.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].file, "figure.toml", "not located in the data: {:#?}", errors[0]);
    (errors[0].code, file.text[errors[0].span.clone()].to_owned())
}

#[test]
fn svg_and_png_figures_print_with_their_captions() {
    let (_, built) =
        build("![Three bars](figures/bars.svg \"Bars that grow\")\n\n![A blue square](figures/square.png)");
    let built = built.unwrap_or_else(|p| panic!("{:#?}", p.items));
    let pages = built.typeset.page_texts().join("\n").replace('\u{a0}', " ");
    assert!(pages.contains("Figure 1: Bars that grow"), "{pages}");
}

#[test]
fn a_path_outside_the_data_folder_is_refused_where_written() {
    assert_eq!(error("![Secret](../../Cargo.toml)").0, "figure-path");
    assert_eq!(error("![Root](/etc/passwd.png)").0, "figure-path");
    assert_eq!(error("![Text](figures/notes.txt)").0, "figure-path");
}

#[test]
fn a_figure_without_alternative_text_is_refused_where_written() {
    let (code, at) = error("![](figures/square.png)");
    assert_eq!((code, at.as_str()), ("figure-alt", "![](figures/square.png)"));
}

#[test]
fn an_image_inside_text_is_refused() {
    assert_eq!(error("See ![A square](figures/square.png) here.").0, "figure-not-alone");
}

#[test]
fn a_missing_or_broken_image_is_reported_at_its_path_in_the_data() {
    for (path, expected) in [("figures/missing.png", "image-missing"), ("figures/broken.png", "image-undecodable")] {
        let (code, at) = error(&format!("![Something]({path})"));
        assert_eq!(code, expected);
        assert!(at.contains(path), "{at:?}");
    }
}

#[test]
fn a_caption_is_text_like_any_other_for_the_checks_and_the_layout_findings() {
    // A character no font has, only in a caption: reported on the figure's line, not at 1:1.
    let (file, built) = build("![Three bars](figures/bars.svg \"Bars 🦀 that grow\")");
    let built = built.unwrap_or_else(|p| panic!("{:#?}", p.items));
    let glyph = built.warnings.items.iter().find(|d| d.code == "missing-glyph").expect("reported");
    let line = file.text.lines().position(|l| l.contains("bars.svg")).unwrap() + 1;
    assert_eq!(file.line_col(glyph.span.start).0, line, "{glyph:?}");
}

/// A file of the data folder: its path there, and how to make it.
type MakeFile<'a> = (&'a str, &'a dyn Fn(&std::path::Path));

/// The image checks of `folio check`, on a data file whose folder holds `files`.
fn check_with(markdown: &str, files: &[MakeFile<'_>]) -> Vec<(&'static str, String)> {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("figures")).unwrap();
    for (name, make) in files {
        make(&dir.path().join(name));
    }
    let base = std::fs::read_to_string(root().join("tests/fixtures/valid/case-study.toml")).unwrap();
    let text = base.replacen("- A bullet\n", &format!("{markdown}\n\n- A bullet\n"), 1);
    let file = SourceFile::new("figure.toml", text);
    let outcome = folio_tests::pipeline().check(&file, dir.path());
    assert!(outcome.document.is_none(), "accepted");
    outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| (d.code, file.text[d.span.clone()].to_owned()))
        .collect()
}

#[test]
fn an_oversized_image_is_refused_before_it_is_read() {
    // A sparse file: 21 MiB long, nothing written, so the test is cheap.
    let big = |p: &std::path::Path| std::fs::File::create(p).unwrap().set_len(21 << 20).unwrap();
    let errors = check_with("![A huge map](figures/huge.png)", &[("figures/huge.png", &big)]);
    assert_eq!(errors, [("image-too-large", "![A huge map](figures/huge.png)".to_owned())]);
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_folder_named_as_an_image_is_refused_without_hanging() {
    let fifo = |p: &std::path::Path| {
        let status = std::process::Command::new("mkfifo").arg(p).status().expect("mkfifo runs");
        assert!(status.success());
    };
    let folder = |p: &std::path::Path| std::fs::create_dir(p).unwrap();
    let errors = check_with(
        "![A pipe](figures/pipe.png)\n\n![A folder](figures/folder.svg)",
        &[("figures/pipe.png", &fifo), ("figures/folder.svg", &folder)],
    );
    let codes: Vec<&str> = errors.iter().map(|(c, _)| *c).collect();
    assert_eq!(codes, ["image-unreadable", "image-unreadable"], "{errors:#?}");
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_out_of_the_data_folder_is_refused() {
    let outside = tempfile::tempdir().expect("temp dir");
    let target = outside.path().join("secret.png");
    std::fs::copy(root().join("tests/fixtures/valid/figures/square.png"), &target).unwrap();
    let link = |p: &std::path::Path| std::os::unix::fs::symlink(&target, p).unwrap();
    let errors = check_with("![A square](figures/link.png)", &[("figures/link.png", &link)]);
    assert_eq!(errors.iter().map(|(c, _)| *c).collect::<Vec<_>>(), ["image-outside"]);
}
