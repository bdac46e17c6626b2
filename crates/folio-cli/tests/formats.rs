//! `folio build --format pdf,png,svg`: page images beside (or instead of) the PDF, one file per
//! page, named with the page number.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root")
}

#[test]
fn png_and_svg_pages_are_written_one_file_per_page() {
    let out = tempfile::tempdir().unwrap();
    let result = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["build", "data/examples/h2020-brief.toml", "--format", "png,svg", "--dpi", "36", "-o"])
        .arg(out.path())
        .current_dir(root())
        .output()
        .expect("folio runs");
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    let mut names: Vec<String> =
        std::fs::read_dir(out.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    let pages = 4;
    let expected: Vec<String> =
        (1..=pages).flat_map(|p| [format!("h2020-brief-p{p:02}.png"), format!("h2020-brief-p{p:02}.svg")]).collect();
    assert_eq!(names, expected, "no PDF unless asked for, and every page in both formats");
    let png = std::fs::read(out.path().join("h2020-brief-p01.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    // A4 at 36 dpi: 298 × 421 pixels (IHDR holds the width and height, big-endian).
    let (w, h) =
        (u32::from_be_bytes(png[16..20].try_into().unwrap()), u32::from_be_bytes(png[20..24].try_into().unwrap()));
    assert_eq!((w, h), (298, 421));
    let svg = std::fs::read_to_string(out.path().join("h2020-brief-p01.svg")).unwrap();
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"), "{}", &svg[..80.min(svg.len())]);
}

/// `--version` names the Typst it typesets with, the one folio-compile declares.
#[test]
fn version_names_the_typst_version() {
    let out = Command::new(env!("CARGO_BIN_EXE_folio")).arg("--version").output().expect("folio runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(&format!("(Typst {})", folio_compile::TYPST_VERSION)), "{text}");
}

/// `--color always` colours diagnostics even in a pipe; `NO_COLOR` turns `auto` off only when it
/// is not empty (no-color.org), and `never` wins over everything.
#[test]
fn color_follows_the_flag_and_no_color() {
    let run = |args: &[&str], no_color: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_folio"));
        command.args(args).current_dir(root()).env_remove("NO_COLOR");
        if let Some(v) = no_color {
            command.env("NO_COLOR", v);
        }
        let out = command.output().expect("folio runs");
        String::from_utf8_lossy(&out.stderr).contains('\u{1b}')
    };
    let bad = ["check", "tests/fixtures/invalid/unknown-field.toml"];
    let with = |flag: &'static str| -> Vec<&'static str> { [&["--color", flag][..], &bad[..]].concat() };
    assert!(run(&with("always"), None), "always colours a pipe");
    assert!(run(&with("always"), Some("1")), "always wins over NO_COLOR");
    assert!(!run(&with("never"), None));
    assert!(!run(&with("auto"), None), "auto: a pipe is not a terminal");
    assert!(!run(&bad, Some("")), "the default is auto");
}

/// `folio build --message-format json`: the diagnostics as JSON lines on stdout, as `check`
/// prints them, and the build's own lines still on stderr.
#[test]
fn build_prints_diagnostics_as_json_lines_when_asked() {
    let out_dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["build", "tests/fixtures/invalid/unknown-field.toml", "--message-format", "json", "-o"])
        .arg(out_dir.path())
        .current_dir(root())
        .output()
        .expect("folio runs");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<serde_json::Value> =
        stdout.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect();
    assert!(!lines.is_empty() && lines.iter().any(|d| d["code"] == "unknown-field"), "{stdout}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("was not built"));
}

/// Every subcommand's `--help` ends with examples.
#[test]
fn every_subcommand_help_has_examples() {
    for command in ["build", "check", "diff", "schema", "new", "completions", "man"] {
        let out = Command::new(env!("CARGO_BIN_EXE_folio")).args([command, "--help"]).output().expect("folio runs");
        let help = String::from_utf8_lossy(&out.stdout);
        assert!(help.contains("Examples:\n  folio "), "`folio {command} --help` has no examples:\n{help}");
    }
}

/// `--quiet` prints errors only; `--verbose` also where the templates were found and the PDF
/// standards written.
#[test]
fn quiet_and_verbose() {
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_folio")).args(args).current_dir(root()).output().expect("runs");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let out = tempfile::tempdir().unwrap();
    let o = out.path().to_str().unwrap();
    let quiet = run(&["-q", "build", "data/examples/h2020-brief.toml", "-o", o]);
    assert_eq!(quiet, "", "nothing but errors");
    let quiet = run(&["-q", "check", "tests/fixtures/invalid/unknown-field.toml"]);
    assert!(quiet.contains("error[unknown-field]") && !quiet.contains("Checked"), "{quiet}");
    let verbose = run(&["-v", "build", "data/examples/h2020-brief.toml", "-o", o]);
    assert!(verbose.contains("Standards a-2a,ua-1"), "{verbose}");
    assert!(verbose.contains("Templates ") && verbose.contains("Built "), "{verbose}");
}

/// `--message-format short`: one `file:line:col: severity[code]: message` line per diagnostic.
#[test]
fn short_diagnostics_are_one_line_each() {
    let out = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["check", "--message-format", "short", "tests/fixtures/invalid/five-mistakes.toml"])
        .current_dir(root())
        .output()
        .expect("folio runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().filter(|l| l.starts_with("tests/")).collect();
    assert_eq!(lines.len(), 5, "{stderr}");
    assert!(
        lines.contains(
            &"tests/fixtures/invalid/five-mistakes.toml:15:1: error[unknown-field]: unknown field `work-pakage`"
        ),
        "{stderr}"
    );
}

/// `folio completions <shell>` prints a script that names the subcommands; `folio man` a roff
/// page.
#[test]
fn completions_and_man_page() {
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_folio")).args(args).output().expect("folio runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    for shell in ["bash", "zsh", "fish"] {
        let script = run(&["completions", shell]);
        assert!(script.contains("build") && script.contains("pdf-standard"), "{shell}: {script}");
    }
    let man = run(&["man"]);
    assert!(man.contains(".TH folio"), "{}", &man[..200.min(man.len())]);
}
