//! What folio accepts as a data file: a regular file of at most `MAX_INPUT_BYTES` of UTF-8 text.
//! Devices, named pipes and directories are refused before they are opened (`/dev/zero` used to
//! exhaust memory, a named pipe to hang); text that is not UTF-8 is located like any data error.

mod support;

use std::path::Path;
use std::process::Command;

use folio_model::limits::MAX_INPUT_BYTES;
use support::{folio, root};

/// Runs `check`, `build` and `diff` on `path` and expects each to refuse it with `message`.
fn refused_by_every_command(path: &Path, message: &str) {
    let path = path.to_str().unwrap();
    let out = tempfile::tempdir().unwrap();
    let runs = [
        folio(&["check", path]),
        folio(&["build", path, "-o", out.path().to_str().unwrap()]),
        folio(&["diff", path, "data/d3.5-mexico.toml"]),
    ];
    for run in runs {
        assert_eq!(run.code(), 2, "{}", run.stderr);
        assert!(run.stderr.contains(&format!("error: {path} {message}")), "expected {message:?} in:\n{}", run.stderr);
    }
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0, "a refused build wrote files");
}

#[cfg(unix)]
#[test]
fn a_device_is_refused_not_read_forever() {
    refused_by_every_command(Path::new("/dev/zero"), "is a character device, not a data file");
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_refused_without_waiting_for_a_writer() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("d.toml");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
    assert!(made.success());
    refused_by_every_command(&fifo, "is a named pipe (FIFO), not a data file");
}

#[test]
fn a_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("d.toml");
    std::fs::create_dir(&sub).unwrap();
    refused_by_every_command(&sub, "is a directory, not a data file");
}

#[test]
fn a_file_one_byte_over_the_limit_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.toml");
    // Sparse: no disk space used, and the size folio sees is exact.
    std::fs::File::create(&big).unwrap().set_len(MAX_INPUT_BYTES as u64 + 1).unwrap();
    refused_by_every_command(&big, "is larger than");

    // At the limit it is read (a comment, so not a deliverable: an error in the data, status 1).
    let at_limit = dir.path().join("at-limit.toml");
    let comment = format!("#{}\n", "x".repeat(62));
    let data = comment.repeat(MAX_INPUT_BYTES / 64) + &"#".repeat(MAX_INPUT_BYTES % 64);
    assert_eq!(data.len(), MAX_INPUT_BYTES);
    std::fs::write(&at_limit, data).unwrap();
    let run = folio(&["check", at_limit.to_str().unwrap()]);
    assert_eq!(run.code(), 1, "{}", run.stderr);
    assert!(!run.stderr.contains("larger than"), "{}", run.stderr);
}

/// `tests/fixtures/valid/minimal.toml` with its title starting `Café ` in Latin-1 (`é` is the
/// byte 0xE9), and the line and column of that byte.
fn latin1_title(dir: &Path) -> (std::path::PathBuf, usize, usize) {
    let text = std::fs::read_to_string(root().join("tests/fixtures/valid/minimal.toml")).unwrap();
    let title = text.find("title = \"").expect("minimal.toml has a title") + "title = \"".len();
    let line = text[..title].matches('\n').count() + 1;
    let line_start = text[..title].rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..title].chars().count() + "Caf".len() + 1;
    let mut bytes = text.into_bytes();
    bytes.splice(title..title, b"Caf\xE9 ".iter().copied());
    let path = dir.join("latin1.toml");
    std::fs::write(&path, bytes).unwrap();
    (path, line, column)
}

#[test]
fn text_that_is_not_utf8_is_located_and_explained() {
    let dir = tempfile::tempdir().unwrap();
    let (path, line, column) = latin1_title(dir.path());
    let name = path.to_str().unwrap();

    let run = folio(&["check", name]);
    assert_eq!(run.code(), 1, "a problem in the data, like other data errors:\n{}", run.stderr);
    let err = &run.stderr;
    assert!(err.contains("error[encoding]: the file is not UTF-8 text: byte 0xE9"), "{err}");
    assert!(err.contains(&format!("{name}:{line}:{column}")), "expected {name}:{line}:{column} in:\n{err}");
    assert!(err.contains("title = \"Caf\u{FFFD} "), "the line, decoded lossily:\n{err}");
    assert!(
        err.contains(
            "re-save the file as UTF-8 (a Latin-1 or Windows-1252 character such as é pasted from an old document?)"
        ),
        "{err}"
    );
    assert!(!err.contains("offset"), "{err}");

    let json = folio(&["check", "--message-format", "json", name]);
    assert_eq!(json.code(), 1);
    assert!(json.stdout.contains(r#""code":"encoding""#), "{}", json.stdout);
    assert!(json.stdout.contains(&format!(r#""line":{line}"#)), "{}", json.stdout);
    assert!(json.stdout.contains(&format!(r#""column":{column}"#)), "{}", json.stdout);

    let out = tempfile::tempdir().unwrap();
    let build = folio(&["build", name, "-o", out.path().to_str().unwrap()]);
    assert_eq!(build.code(), 1, "{}", build.stderr);
    assert!(build.stderr.contains(&format!("{name}:{line}:{column}")), "{}", build.stderr);
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

#[test]
fn a_utf16_file_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("utf16.toml");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend("title = \"x\"\n".encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(&path, bytes).unwrap();
    let run = folio(&["check", path.to_str().unwrap()]);
    assert_eq!(run.code(), 1, "{}", run.stderr);
    assert!(run.stderr.contains(&format!("{}:1:1", path.display())), "{}", run.stderr);
    assert!(run.stderr.contains("it is saved as UTF-16"), "{}", run.stderr);
}
