//! The real `folio` binary, as a user runs it.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root")
}

fn folio(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_folio")).args(args).current_dir(root()).output().expect("folio runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs `folio build <args> --emit typst -o <out>` in `cwd` with only the environment `env` (or
/// the test's own with `env` on top), and returns the PDF and the Typst source it wrote.
fn build_in(cwd: &Path, args: &[&OsStr], out: &Path, env: &[(&str, &OsStr)], clear_env: bool) -> (Vec<u8>, String) {
    std::fs::create_dir_all(cwd).unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_folio"));
    command.args(args).args(["--emit", "typst", "-o"]).arg(out).current_dir(cwd);
    if clear_env {
        command.env_clear();
    }
    let result = command.envs(env.iter().copied()).output().expect("folio runs");
    assert!(result.status.success(), "build in {} failed:\n{}", cwd.display(), stderr(&result));
    let pdf = std::fs::read(out.join("d3.5-mexico.pdf")).unwrap();
    (pdf, std::fs::read_to_string(out.join("d3.5-mexico.typ")).unwrap())
}

#[test]
fn builds_d35_byte_identically_in_separate_processes() {
    let root = root();
    let scratch = tempfile::tempdir().unwrap();
    let s = scratch.path();
    let os = |s: &'static str| OsStr::new(s);
    // Two processes that share nothing but the input. The first runs in the repository with
    // relative paths and the test's environment, changed where a build might look…
    let (pdf_a, typ_a) = build_in(
        &root,
        &[os("build"), os("data/d3.5-mexico.toml")],
        &s.join("out-a"),
        &[
            ("TZ", os("UTC")),
            ("LANG", os("C")),
            ("LC_ALL", os("C")),
            ("SOURCE_DATE_EPOCH", os("0")),
            ("HOME", s.join("home-a").as_os_str()),
        ],
        false,
    );
    // …the second elsewhere, with absolute paths, a deeper output folder and nothing of the
    // test's environment but different values for the same variables.
    let (pdf_b, typ_b) = build_in(
        &s.join("elsewhere"),
        &[
            os("build"),
            root.join("data/d3.5-mexico.toml").as_os_str(),
            os("--templates"),
            root.join("templates").as_os_str(),
        ],
        &s.join("b/deeper/out"),
        &[
            ("TZ", os("Pacific/Chatham")),
            ("LANG", os("tr_TR.UTF-8")),
            ("LC_ALL", os("tr_TR.UTF-8")),
            ("SOURCE_DATE_EPOCH", os("2000000000")),
            ("HOME", s.join("home-b").as_os_str()),
            ("XDG_CACHE_HOME", s.join("home-b/cache").as_os_str()),
            ("TYPST_FONT_PATHS", os("/usr/share/fonts")),
        ],
        true,
    );
    assert!(pdf_a.starts_with(b"%PDF-"));
    assert!(pdf_a == pdf_b, "two builds of D3.5 differ ({} and {} bytes)", pdf_a.len(), pdf_b.len());
    assert_eq!(typ_a, typ_b);
    assert!(typ_a.contains("#import \"@local/eccp:0.1.0\" as template"));
}

/// Builds an invalid fixture over an earlier good output and checks the refusal.
fn refuses(fixture: &str, location: &str, message: &str) {
    let out_dir = tempfile::tempdir().unwrap();
    let stem = Path::new(fixture).file_stem().unwrap().to_str().unwrap();
    let previous = out_dir.path().join(format!("{stem}.pdf"));
    std::fs::write(&previous, b"%PDF- the previous good build").unwrap();

    let path = format!("tests/fixtures/invalid/{fixture}");
    let out = folio(&["build", &path, "--emit", "typst", "-o", out_dir.path().to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "exit code for {fixture}:\n{err}");
    assert!(err.contains(&format!("{path}:{location}")), "{fixture}: expected {path}:{location} in:\n{err}");
    assert!(err.contains(message), "{fixture}: expected {message:?} in:\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(std::fs::read(&previous).unwrap(), b"%PDF- the previous good build", "the previous PDF changed");
    let files: Vec<_> = std::fs::read_dir(out_dir.path()).unwrap().collect();
    assert_eq!(files.len(), 1, "a refused build wrote files: {files:?}");
}

#[test]
fn refuses_unparsable_toml() {
    refuses("syntax.toml", "22:22", "invalid basic string");
}

#[test]
fn refuses_a_missing_required_field() {
    refuses("missing-field.toml", "10:1", "work-package");
}

#[test]
fn refuses_an_unknown_footnote_at_its_reference() {
    refuses("unknown-footnote.toml", "26:28", "there is no footnote `frist`");
}

#[test]
fn a_missing_data_file_is_a_usage_error() {
    let out = folio(&["build", "data/does-not-exist.toml", "-o", "/tmp/folio-never"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("cannot read data/does-not-exist.toml"));
}

#[test]
fn check_passes_d35_with_its_deliberate_warnings() {
    // D3.5 allows its nine deliberate warnings, with reasons: counted, not printed.
    let out = folio(&["check", "data/d3.5-mexico.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("0 error(s), 0 warning(s) (9 more allowed by the data)"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("warning["), "{}", stderr(&out));
    let denied = folio(&["check", "--deny", "warnings", "data/d3.5-mexico.toml"]);
    assert_eq!(denied.status.code(), Some(0), "{}", stderr(&denied));

    // Without one allowance, its warnings are printed again and --deny warnings fails.
    let dir = tempfile::tempdir().unwrap();
    let data = std::fs::read_to_string(root().join("data/d3.5-mexico.toml")).unwrap();
    let allowance = "[[allow]]\ncode = \"duplicate-footnote-url\"\n";
    assert!(data.contains(allowance), "the allowance is in D3.5");
    let path = dir.path().join("d3.5.toml");
    std::fs::write(&path, data.replacen(allowance, "[[allow]]\ncode = \"repeated-wrod\"\n", 1)).unwrap();
    let templates = root().join("templates");
    let args = ["check", "--deny", "warnings", "--templates", templates.to_str().unwrap(), path.to_str().unwrap()];
    let out = folio(&args);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stderr(&out);
    assert_eq!(text.matches("warning[duplicate-footnote-url]").count(), 7, "{text}");
    // And an allowance that matches nothing is a warning of its own.
    assert!(text.contains("warning[allow-unused]: no `repeated-wrod` warning is left to allow"), "{text}");
}

#[test]
fn check_exit_codes() {
    assert_eq!(folio(&["check", "tests/fixtures/valid/case-study.toml"]).status.code(), Some(0));
    assert_eq!(folio(&["check", "tests/fixtures/invalid/bad-url.toml"]).status.code(), Some(1));
    assert_eq!(folio(&["check", "tests/fixtures/invalid/unused-footnote.toml"]).status.code(), Some(0));
    assert_eq!(folio(&["check", "no/such/file.toml"]).status.code(), Some(2));
    assert_eq!(folio(&["check", "--message-format", "yaml"]).status.code(), Some(2));
}

#[test]
fn check_prints_one_json_object_per_diagnostic() {
    let out = folio(&["check", "--message-format", "json", "tests/fixtures/invalid/unsupported-markup.toml"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    for line in lines {
        assert!(line.starts_with('{') && line.ends_with('}'), "{line}");
        assert!(line.contains(r#""code":"unsupported-markup""#) && line.contains(r#""line":30"#), "{line}");
    }
}

#[test]
fn schema_prints_the_committed_schema() {
    let out = folio(&["schema", "--template", "eccp"]);
    assert!(out.status.success());
    let committed = std::fs::read(root().join("data/eccp.schema.json")).unwrap();
    assert_eq!(out.stdout, committed);
}

#[test]
fn build_refuses_data_that_fails_a_rule_and_keeps_warnings_going() {
    let out_dir = tempfile::tempdir().unwrap();
    let dir = out_dir.path().to_str().unwrap();
    let bad = folio(&["build", "tests/fixtures/invalid/bad-email.toml", "-o", dir]);
    assert_eq!(bad.status.code(), Some(1), "{}", stderr(&bad));
    assert!(stderr(&bad).contains("bad-email.toml:58:15"), "{}", stderr(&bad));
    let warned = folio(&["build", "tests/fixtures/invalid/unused-footnote.toml", "-o", dir]);
    assert_eq!(warned.status.code(), Some(0), "{}", stderr(&warned));
    assert!(stderr(&warned).contains("warning[unused-footnote]"));
    assert!(out_dir.path().join("unused-footnote.pdf").is_file());
}

#[test]
fn template_errors_are_located_in_the_template() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    std::fs::create_dir_all(templates.join("eccp")).unwrap();
    std::fs::create_dir_all(templates.join("fonts")).unwrap();
    std::fs::write(
        templates.join("eccp/lib.typ"),
        "#let deliverable(..args, body) = {\n  set text(size: no-such-size)\n  body\n}\n",
    )
    .unwrap();
    std::fs::write(
        templates.join("eccp/typst.toml"),
        "[package]\nname = \"eccp\"\nversion = \"0.1.0\"\nentrypoint = \"lib.typ\"\n",
    )
    .unwrap();
    let out_dir = dir.path().join("out");
    let out = folio(&[
        "build",
        "tests/fixtures/valid/minimal.toml",
        "--templates",
        templates.to_str().unwrap(),
        "-o",
        out_dir.to_str().unwrap(),
    ]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("error[typst]: unknown variable: no-such-size"), "{err}");
    assert!(err.contains("templates/eccp/lib.typ:2:18"), "{err}");
    assert!(!out_dir.exists(), "a failed build created outputs");
}

#[test]
fn diff_compares_files_and_git_revisions() {
    let same = folio(&["diff", "data/d3.5-mexico.toml", "data/d3.5-mexico.toml"]);
    assert_eq!(same.status.code(), Some(0), "{}", stderr(&same));
    assert_eq!(String::from_utf8_lossy(&same.stdout), "No differences.\n");

    let dir = tempfile::tempdir().unwrap();
    let bumped = dir.path().join("d3.5-mexico.toml");
    let data = std::fs::read_to_string(root().join("data/d3.5-mexico.toml")).unwrap();
    std::fs::write(&bumped, data.replacen("version = \"VF\"", "version = \"V2\"", 1)).unwrap();
    let out = folio(&["diff", "data/d3.5-mexico.toml", bumped.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json = String::from_utf8_lossy(&out.stdout);
    assert!(
        json.contains(r#""field": "Document version""#)
            && json.contains(
                r#""changed_pages": [
      1
    ]"#
            ),
        "{json}"
    );

    let visual = dir.path().join("visual");
    let out = folio(&["diff", "data/d3.5-mexico.toml", bumped.to_str().unwrap(), "--visual", visual.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let mut files: Vec<String> =
        std::fs::read_dir(&visual).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    files.sort();
    assert_eq!(files, ["index.md", "page-001.png"], "only the cover changed");

    // The committed version against itself, through git.
    let git = folio(&["diff", "HEAD:data/d3.5-mexico.toml", "HEAD:data/d3.5-mexico.toml"]);
    assert_eq!(git.status.code(), Some(0), "{}", stderr(&git));
    let bad = folio(&["diff", "no-such-rev:data/d3.5-mexico.toml", "data/d3.5-mexico.toml"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("git cannot show no-such-rev:data/d3.5-mexico.toml"), "{}", stderr(&bad));
}

/// Templates are found from the data file, not the current folder: folio works from anywhere
/// inside a project, and says what to do outside one.
#[test]
fn templates_are_found_from_the_data_file_not_the_current_folder() {
    let elsewhere = tempfile::tempdir().unwrap();
    let out_dir = elsewhere.path().join("out");
    let data = root().join("data/examples/h2020-brief.toml");
    let out = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["build", data.to_str().unwrap(), "-o", out_dir.to_str().unwrap()])
        .current_dir(elsewhere.path())
        .output()
        .expect("folio runs");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out_dir.join("h2020-brief.pdf").is_file());

    // Outside any project (run from inside the repository, to show the current folder is not
    // used), the templates shipped in the binary: written once into the cache, then reused.
    let cache = tempfile::tempdir().unwrap();
    let lonely = elsewhere.path().join("alone.toml");
    std::fs::copy(root().join("tests/fixtures/valid/minimal.toml"), &lonely).unwrap();
    let run = |command: &str| {
        Command::new(env!("CARGO_BIN_EXE_folio"))
            .args([command, lonely.to_str().unwrap(), "-o"])
            .arg(elsewhere.path().join("report"))
            .env("XDG_CACHE_HOME", cache.path())
            .current_dir(root())
            .output()
            .expect("folio runs")
    };
    let out = run("build");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(elsewhere.path().join("report/alone.pdf").is_file());
    let shipped = std::fs::read_dir(cache.path().join("folio")).unwrap().next().unwrap().unwrap().path();
    let lib = shipped.join("eccp/lib.typ");
    assert_eq!(std::fs::read(&lib).unwrap(), std::fs::read(root().join("templates/eccp/lib.typ")).unwrap());
    // A damaged copy is rewritten from the binary.
    std::fs::write(&lib, "#panic(\"edited\")").unwrap();
    let out = run("build");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(std::fs::read(&lib).unwrap(), std::fs::read(root().join("templates/eccp/lib.typ")).unwrap());
}

#[test]
fn check_reports_an_unknown_template_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("other.toml");
    let text = std::fs::read_to_string(root().join("tests/fixtures/valid/minimal.toml")).unwrap();
    std::fs::write(&data, text.replace("template = \"eccp\"", "template = \"ecpp\"")).unwrap();
    // Outside the repository, so the templates folder is named.
    let templates = root().join("templates");
    let out = folio(&["check", "--templates", templates.to_str().unwrap(), data.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("error[unknown-template]: there is no template `ecpp`"), "{err}");
    assert!(err.contains("other.toml:1:12"), "{err}");
    assert!(err.contains("did you mean `eccp`?"), "{err}");
}
