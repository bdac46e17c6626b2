//! Everything folio prints goes through here, and nothing here panics.
//!
//! `print!` and `eprint!` panic when the stream is gone (`folio diff | head`, `2>&1 | head`), and
//! a panic in the panic hook aborts. Instead: a closed pipe (`EPIPE`; Rust ignores `SIGPIPE`) on
//! stdout or stderr is silently ignored and folio carries on, so it ends with the exit status it
//! would otherwise have had, as ripgrep and cargo do. Any other stdout failure (a full disk,
//! `/dev/full`) loses output the user asked for: it is reported on stderr once, and
//! [`exit_status`] turns the exit status into 2. Errors writing to stderr are ignored: there is
//! nobody left to tell. `main.rs` denies `print_stdout` and `print_stderr`, so clippy refuses a
//! new `println!`.

use std::cell::RefCell;
use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::Mutex;

/// Output written while capturing, to be written in order later (parallel builds print each
/// deliverable's diagnostics and summary together, in the order the files were named).
#[derive(Debug)]
pub enum Captured {
    /// Text for stdout.
    Stdout(String),
    /// Text for stderr.
    Stderr(String),
}

thread_local! {
    static CAPTURE: RefCell<Option<Vec<Captured>>> = const { RefCell::new(None) };
}

/// Runs `f` with this thread's output held back, and returns what it wrote with its result.
pub fn capture<T>(f: impl FnOnce() -> T) -> (T, Vec<Captured>) {
    CAPTURE.with(|c| *c.borrow_mut() = Some(Vec::new()));
    let result = f();
    let captured = CAPTURE.with(|c| c.borrow_mut().take()).unwrap_or_default();
    (result, captured)
}

/// Writes output held back by [`capture`].
pub fn replay(captured: Vec<Captured>) {
    for c in captured {
        match c {
            Captured::Stdout(t) => stdout(&t),
            Captured::Stderr(t) => stderr(&t),
        }
    }
}

/// Holds `text` back if this thread is capturing; gives it back otherwise.
fn held(text: &str, make: fn(String) -> Captured) -> bool {
    CAPTURE.with(|c| match c.borrow_mut().as_mut() {
        Some(buffer) => {
            buffer.push(make(text.to_owned()));
            true
        }
        None => false,
    })
}

/// What has happened to stdout so far.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stdout {
    /// Every write succeeded.
    Open,
    /// The reader went away: nothing more is written, and that is not an error.
    Closed,
    /// A write failed for another reason, already reported: exit status 2.
    Failed,
}

static STDOUT: Mutex<Stdout> = Mutex::new(Stdout::Open);

/// Writes `text` to stdout (and flushes it, so a failure is seen here, not lost at exit).
pub fn stdout(text: &str) {
    if held(text, Captured::Stdout) {
        return;
    }
    // A poisoned lock only means another thread panicked while printing; the state is a plain
    // value and still meaningful.
    let mut state = STDOUT.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if *state != Stdout::Open || text.is_empty() {
        return;
    }
    let mut out = io::stdout().lock();
    let written = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    match written {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => *state = Stdout::Closed,
        Err(e) => {
            *state = Stdout::Failed;
            error(&format!("cannot write to standard output: {e}"));
        }
    }
}

/// Writes `text` to stderr; failures are ignored.
pub fn stderr(text: &str) {
    if held(text, Captured::Stderr) {
        return;
    }
    let _ = io::stderr().lock().write_all(text.as_bytes());
}

/// Writes `line` and a newline to stderr.
pub fn stderr_line(line: &str) {
    stderr(&format!("{line}\n"));
}

/// Writes a summary line (`Built …`, `Checked …`) to stderr, unless `--quiet`.
pub fn status(line: &str) {
    if crate::verbosity() > crate::Verbosity::Quiet {
        stderr_line(line);
    }
}

/// Writes a detail line to stderr with `--verbose` only.
pub fn detail(line: &str) {
    if crate::verbosity() == crate::Verbosity::Verbose {
        stderr_line(line);
    }
}

/// Writes `error: <message>` to stderr.
pub fn error(message: &str) {
    stderr(&format!("error: {message}\n"));
}

/// The exit status to end with: `code`, unless output to stdout was lost (then 2).
pub fn exit_status(code: ExitCode) -> ExitCode {
    let state = *STDOUT.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if state == Stdout::Failed { ExitCode::from(2) } else { code }
}
