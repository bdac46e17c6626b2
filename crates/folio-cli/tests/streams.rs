//! A reader that goes away (`folio … | head`) or a stdout that cannot be written (a full disk)
//! never makes folio panic or abort: a closed pipe ends it quietly with the exit status it would
//! otherwise have had, and any other write failure is an error with exit status 2.

mod support;

use support::{closed_pipe, folio_with_stderr, folio_with_stdout, root};

/// Exit codes of a panic (101) and of an abort after a panic in the panic hook (134 in a shell).
fn assert_no_crash(run: &support::Run, what: &str) {
    let code = run.code();
    assert!(code != 101 && code != 134, "{what}: exit {code}, a crash:\n{}", run.stderr);
    assert!(!run.stderr.contains("internal error") && !run.stderr.contains("panicked"), "{what}:\n{}", run.stderr);
}

#[test]
fn schema_into_a_closed_pipe_succeeds_quietly() {
    let run = folio_with_stdout(&["schema"], closed_pipe());
    assert_no_crash(&run, "schema | (closed)");
    assert_eq!(run.code(), 0, "{}", run.stderr);
    assert_eq!(run.stderr, "", "a closed pipe is not worth a message");
}

#[test]
fn check_json_into_a_closed_pipe_keeps_its_exit_status() {
    let run = folio_with_stdout(
        &["check", "--message-format", "json", "tests/fixtures/invalid/unsupported-markup.toml"],
        closed_pipe(),
    );
    assert_no_crash(&run, "check --message-format json | (closed)");
    assert_eq!(run.code(), 1, "the data has errors, pipe or no pipe:\n{}", run.stderr);
    assert_eq!(run.stderr, "");
}

#[test]
fn diff_into_a_closed_pipe_keeps_its_exit_status() {
    let dir = tempfile::tempdir().unwrap();
    let bumped = dir.path().join("d3.5-mexico.toml");
    let data = std::fs::read_to_string(root().join("data/d3.5-mexico.toml")).unwrap();
    std::fs::write(&bumped, data.replacen("version = \"VF\"", "version = \"V2\"", 1)).unwrap();
    let bumped = bumped.to_str().unwrap();

    let run = folio_with_stdout(&["diff", "data/d3.5-mexico.toml", bumped], closed_pipe());
    assert_no_crash(&run, "diff | (closed)");
    assert_eq!(run.code(), 1, "the versions differ:\n{}", run.stderr);
    assert_eq!(run.stderr, "");

    let run = folio_with_stdout(
        &["diff", "data/d3.5-mexico.toml", bumped, "--changelog", "--date", "2024-01-01"],
        closed_pipe(),
    );
    assert_no_crash(&run, "diff --changelog | (closed)");
    assert_eq!(run.code(), 1, "{}", run.stderr);
}

#[test]
fn check_with_a_closed_stderr_keeps_its_exit_status() {
    // `folio check … 2>&1 | head -3`: the panic hook's own output used to panic again (SIGABRT).
    let run = folio_with_stderr(&["check", "tests/fixtures/invalid/bad-url.toml"], closed_pipe());
    assert_no_crash(&run, "check 2>(closed)");
    assert_eq!(run.code(), 1);

    let run = folio_with_stderr(&["check", "no/such/file.toml"], closed_pipe());
    assert_no_crash(&run, "check of a missing file 2>(closed)");
    assert_eq!(run.code(), 2);

    let out = tempfile::tempdir().unwrap();
    let run = folio_with_stderr(
        &["build", "tests/fixtures/invalid/bad-email.toml", "-o", out.path().to_str().unwrap()],
        closed_pipe(),
    );
    assert_no_crash(&run, "build 2>(closed)");
    assert_eq!(run.code(), 1);
}

#[test]
fn both_streams_closed() {
    let run = support::folio_with(
        &["check", "--message-format", "json", "tests/fixtures/invalid/bad-url.toml"],
        closed_pipe(),
        closed_pipe(),
    );
    assert_no_crash(&run, "check >(closed) 2>(closed)");
    assert_eq!(run.code(), 1);
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_on_stdout_is_an_error() {
    let full = || std::fs::File::options().write(true).open("/dev/full").expect("/dev/full");
    let run = folio_with_stdout(&["schema"], full().into());
    assert_no_crash(&run, "schema > /dev/full");
    assert_eq!(run.code(), 2, "{}", run.stderr);
    assert!(run.stderr.starts_with("error: cannot write to standard output: "), "{}", run.stderr);
    assert!(run.stderr.contains("No space left on device"), "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "said once:\n{}", run.stderr);

    // Lost output outranks what the data would have given (1 here).
    let run = folio_with_stdout(
        &["check", "--message-format", "json", "tests/fixtures/invalid/unsupported-markup.toml"],
        full().into(),
    );
    assert_no_crash(&run, "check --message-format json > /dev/full");
    assert_eq!(run.code(), 2, "{}", run.stderr);
    assert!(run.stderr.contains("error: cannot write to standard output: "), "{}", run.stderr);

    // Where nothing goes to stdout, a full stdout changes nothing.
    let run = folio_with_stdout(&["check", "tests/fixtures/valid/case-study.toml"], full().into());
    assert_eq!(run.code(), 0, "{}", run.stderr);
}
