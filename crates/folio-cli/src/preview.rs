//! `folio preview`: the pages of a deliverable in the browser, as SVG, updated after each
//! rebuild of `folio watch`.
//!
//! A small HTTP server on 127.0.0.1 (a free port unless `--port`) serves one page and what it
//! asks for: `/state` (the version and the pages' sizes), `/page/N.svg`, `/page/N.txt` (the
//! page's text, for screen readers and search), `/events` (server-sent events: one per rebuild)
//! and `/source?page=N&x=…&y=…` (where in the data the word at that point was written). Nothing
//! else: no file is served by name, and a request whose `Host` is not this address is refused,
//! so that another site cannot read the preview through a DNS name pointing at 127.0.0.1.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use crate::watch::{self, Event};
use crate::{PreviewArgs, WatchArgs, out};

/// What the page shows: the last good build, or the last failure.
#[derive(Default)]
struct State {
    /// Counts rebuilds, good or not; the page asks again when it changes.
    version: u64,
    /// The pages as SVG, their text and their size in points.
    pages: Vec<(String, String, (f64, f64))>,
    /// The pages the last good rebuild changed, from 1.
    changed: Vec<usize>,
    /// The last build's outcome, in a line: `Built in 0.02s`, or why not.
    status: String,
    /// The last good build and the data it was read from, for `/source`.
    built: Option<(Arc<folio_compile::Built>, folio_model::SourceFile)>,
}

type Shared = Arc<(Mutex<State>, Condvar)>;

/// The preview page: the pages, kept in place between rebuilds, and where a click points.
const PAGE: &str = include_str!("preview.html");

pub fn run(args: &PreviewArgs) -> ExitCode {
    let listener = match TcpListener::bind(("127.0.0.1", args.port)) {
        Ok(l) => l,
        Err(e) => return crate::usage_error(&format!("cannot listen on 127.0.0.1:{}: {e}", args.port)),
    };
    let address = match listener.local_addr() {
        Ok(a) => a,
        Err(e) => return crate::usage_error(&format!("cannot listen: {e}")),
    };
    let shared: Shared = Arc::new((Mutex::new(State::default()), Condvar::new()));
    let host = address.to_string();
    let server = shared.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let shared = server.clone();
            let host = host.clone();
            std::thread::spawn(move || {
                let _ = serve(stream, &shared, &host);
            });
        }
    });
    out::status(&format!("     Preview http://{address}/  (Ctrl-C to stop)"));
    let watch_args =
        WatchArgs { data: args.data.clone(), out_dir: args.out_dir.clone(), templates: args.templates.clone() };
    watch::watch(&watch_args, &mut |event| {
        let (lock, wake) = &*shared;
        let mut state = lock.lock().unwrap_or_else(|p| p.into_inner());
        state.version += 1;
        match event {
            Event::Built(source, built, changed) => {
                let typeset = &built.typeset;
                let count = typeset.document.pages().len();
                // Read once per rebuild: each page's text comes from one walk over the layout.
                let mut texts = typeset.page_texts().into_iter();
                state.pages = (0..count)
                    .map(|i| {
                        let svg = typeset.svg(i).unwrap_or_default();
                        let size = typeset.page_size(i).unwrap_or((595.0, 842.0));
                        (svg, texts.next().unwrap_or_default(), size)
                    })
                    .collect();
                state.changed = changed.to_vec();
                state.status = format!("{} pages", count);
                state.built = Some((built.clone(), source.clone()));
            }
            Event::Failed(path) => {
                state.changed = Vec::new();
                state.status = format!("{} has errors (see the terminal); showing the last good pages", path.display());
            }
        }
        wake.notify_all();
    })
}

/// Answers one request.
fn serve(stream: TcpStream, shared: &Shared, host: &str) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.by_ref().take(8 * 1024).read_line(&mut request)?;
    let mut from = String::new();
    loop {
        let mut line = String::new();
        if reader.by_ref().take(8 * 1024).read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("host")
        {
            from = value.trim().to_owned();
        }
    }
    let mut stream = stream;
    let mut parts = request.split_whitespace();
    let (method, target) = (parts.next().unwrap_or_default(), parts.next().unwrap_or_default());
    let localhost = host.replace("127.0.0.1", "localhost");
    if from != host && from != localhost {
        return respond(&mut stream, "403 Forbidden", "text/plain", b"not this preview's address");
    }
    if method != "GET" {
        return respond(&mut stream, "405 Method Not Allowed", "text/plain", b"GET only");
    }
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let (lock, wake) = &**shared;
    match path {
        "/" => respond(&mut stream, "200 OK", "text/html; charset=utf-8", PAGE.as_bytes()),
        "/state" => {
            let state = lock.lock().unwrap_or_else(|p| p.into_inner());
            let pages: Vec<String> =
                state.pages.iter().map(|(_, _, (w, h))| format!("{{\"width\":{w:.2},\"height\":{h:.2}}}")).collect();
            let changed: Vec<String> = state.changed.iter().map(ToString::to_string).collect();
            let body = format!(
                "{{\"version\":{},\"pages\":[{}],\"changed\":[{}],\"status\":{}}}",
                state.version,
                pages.join(","),
                changed.join(","),
                json_string(&state.status)
            );
            respond(&mut stream, "200 OK", "application/json", body.as_bytes())
        }
        "/events" => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\n\r\n";
            stream.write_all(head.as_bytes())?;
            let mut seen = lock.lock().unwrap_or_else(|p| p.into_inner()).version;
            stream.write_all(format!("data: {seen}\n\n").as_bytes())?;
            loop {
                let state = lock.lock().unwrap_or_else(|p| p.into_inner());
                let (state, _) = wake
                    .wait_timeout_while(state, Duration::from_secs(15), |s| s.version == seen)
                    .unwrap_or_else(|p| p.into_inner());
                let message = if state.version == seen {
                    ": still here\n\n".to_owned()
                } else {
                    format!("data: {}\n\n", state.version)
                };
                seen = state.version;
                drop(state);
                // A closed tab ends the stream here.
                stream.write_all(message.as_bytes())?;
                stream.flush()?;
            }
        }
        "/source" => {
            let number = |key: &str| -> Option<f64> {
                query.split('&').find_map(|kv| kv.strip_prefix(key)?.strip_prefix('=')?.parse().ok())
            };
            let state = lock.lock().unwrap_or_else(|p| p.into_inner());
            let found = match (&state.built, number("page"), number("x"), number("y")) {
                (Some((built, source)), Some(page), Some(x), Some(y)) if page >= 1.0 => built
                    .typeset
                    .data_at(page as usize - 1, x, y)
                    .map(|span| (source.name.clone(), source.line_col(span.start))),
                _ => None,
            };
            let body = match found {
                Some((file, (line, column))) => {
                    let absolute = std::path::absolute(PathBuf::from(&file)).unwrap_or_else(|_| PathBuf::from(&file));
                    format!(
                        "{{\"file\":{},\"line\":{line},\"column\":{column},\"path\":{}}}",
                        json_string(&file),
                        json_string(&absolute.display().to_string())
                    )
                }
                None => "{}".to_owned(),
            };
            respond(&mut stream, "200 OK", "application/json", body.as_bytes())
        }
        _ => {
            // `/page/3.svg`, `/page/3.txt`: a page of the last good build, by number.
            let page = path.strip_prefix("/page/").and_then(|p| p.rsplit_once('.'));
            let state = lock.lock().unwrap_or_else(|p| p.into_inner());
            let found = page.and_then(|(n, ext)| {
                let (svg, text, _) = state.pages.get(n.parse::<usize>().ok()?.checked_sub(1)?)?;
                match ext {
                    "svg" => Some(("image/svg+xml", svg.clone().into_bytes())),
                    "txt" => Some(("text/plain; charset=utf-8", text.clone().into_bytes())),
                    _ => None,
                }
            });
            drop(state);
            match found {
                Some((kind, body)) => respond(&mut stream, "200 OK", kind, &body),
                None => respond(&mut stream, "404 Not Found", "text/plain", b"no such page"),
            }
        }
    }
}

fn respond(stream: &mut TcpStream, status: &str, kind: &str, body: &[u8]) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    stream.flush()
}

/// A JSON string literal.
fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
