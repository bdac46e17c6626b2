//! Running the real `folio` binary with any stdin, stdout and stderr, and a timeout that turns a
//! hang into a failure.

#![allow(dead_code)] // Each test binary uses a different part.

use std::fs::File;
use std::io::{Read, Seek};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// Far longer than any of these runs takes; only a hang reaches it.
const TIMEOUT: Duration = Duration::from_secs(20);

pub fn root() -> PathBuf {
    Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root")
}

/// Runs git in `dir` as a fixed author, without signing; fails the test if git fails.
pub fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=folio", "-c", "user.email=folio@example.org", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

/// How a run ended, and what it printed (when captured).
pub struct Run {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The exit code; fails the test, saying which signal, if folio was killed by one (SIGABRT
    /// after a panic in the panic hook was 134 in a shell).
    pub fn code(&self) -> i32 {
        match self.status.code() {
            Some(code) => code,
            None => {
                #[cfg(unix)]
                let signal = std::os::unix::process::ExitStatusExt::signal(&self.status);
                #[cfg(not(unix))]
                let signal: Option<i32> = None;
                panic!("folio was killed by signal {signal:?}; stderr:\n{}", self.stderr)
            }
        }
    }
}

/// Runs folio from the repository root with stdout and stderr captured.
pub fn folio(args: &[&str]) -> Run {
    folio_in(&root(), args)
}

/// Runs folio in `dir` with stdout and stderr captured.
pub fn folio_in(dir: &Path, args: &[&str]) -> Run {
    let mut out = tempfile::tempfile().unwrap();
    let mut err = tempfile::tempfile().unwrap();
    let status = spawn(dir, args, Stdio::from(out.try_clone().unwrap()), Stdio::from(err.try_clone().unwrap()));
    Run { status, stdout: read_back(&mut out), stderr: read_back(&mut err) }
}

/// Runs folio from the repository root with the given stdout; stderr is captured.
pub fn folio_with_stdout(args: &[&str], stdout: Stdio) -> Run {
    let mut err = tempfile::tempfile().unwrap();
    let status = spawn(&root(), args, stdout, Stdio::from(err.try_clone().unwrap()));
    Run { status, stdout: String::new(), stderr: read_back(&mut err) }
}

/// Runs folio from the repository root with the given stderr; stdout is captured.
pub fn folio_with_stderr(args: &[&str], stderr: Stdio) -> Run {
    let mut out = tempfile::tempfile().unwrap();
    let status = spawn(&root(), args, Stdio::from(out.try_clone().unwrap()), stderr);
    Run { status, stdout: read_back(&mut out), stderr: String::new() }
}

/// Runs folio from the repository root with the given stdout and stderr.
pub fn folio_with(args: &[&str], stdout: Stdio, stderr: Stdio) -> Run {
    let status = spawn(&root(), args, stdout, stderr);
    Run { status, stdout: String::new(), stderr: String::new() }
}

/// The write end of a pipe whose read end is already closed: every write gets EPIPE, as with
/// `folio … | head` once `head` has exited.
pub fn closed_pipe() -> Stdio {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    Stdio::from(writer)
}

fn spawn(dir: &Path, args: &[&str], stdout: Stdio, stderr: Stdio) -> ExitStatus {
    let mut child = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .expect("folio starts");
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("folio can be waited for") {
            return status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("folio {args:?} still ran after {TIMEOUT:?}: it hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn read_back(file: &mut File) -> String {
    let mut bytes = Vec::new();
    file.rewind().unwrap();
    file.read_to_end(&mut bytes).unwrap();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The names of the temporary files folio left in `dir`.
pub fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".folio-") && name.ends_with(".tmp"))
        .collect()
}
