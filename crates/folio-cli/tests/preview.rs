//! `folio preview` in a real browser: headless Chromium (Debian's `chromium`), driven over the
//! DevTools protocol, loads the preview, sees the page's text; the data changes and the new text
//! appears in the open tab, on the page that changed, which is scrolled to; a click on a word
//! names the line and column of the data it was written at. The server answers only its own
//! address and paths.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

fn root() -> PathBuf {
    Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root")
}

/// The lines a child writes to stderr, as they come.
fn lines_of(child: &mut Child) -> mpsc::Receiver<String> {
    let stderr = child.stderr.take().expect("piped stderr");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    rx
}

fn wait_for(lines: &mpsc::Receiver<String>, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(60);
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match lines.recv_timeout(left) {
            Ok(line) if line.contains(needle) => return line,
            Ok(_) => {}
            Err(_) => break,
        }
    }
    panic!("no `{needle}` within a minute");
}

/// A DevTools session on one tab.
struct Tab {
    socket: tungstenite::WebSocket<TcpStream>,
    session: String,
    next: u64,
}

impl Tab {
    fn call(&mut self, method: &str, params: Value, session: bool) -> Value {
        self.next += 1;
        let mut message = json!({ "id": self.next, "method": method, "params": params });
        if session {
            message["sessionId"] = json!(self.session);
        }
        self.socket.send(tungstenite::Message::text(message.to_string())).expect("send");
        loop {
            let reply = self.socket.read().expect("read");
            let Ok(text) = reply.to_text() else { continue };
            let value: Value = serde_json::from_str(text).unwrap_or_default();
            if value["id"] == json!(self.next) {
                assert!(value.get("error").is_none(), "{method}: {value}");
                return value["result"].clone();
            }
        }
    }

    /// Evaluates `expression` in the page (awaiting a promise) and returns its value.
    fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "awaitPromise": true, "returnByValue": true }),
            true,
        );
        result["result"]["value"].clone()
    }

    /// Waits until `expression` gives a string containing `needle`.
    fn wait_until(&mut self, expression: &str, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let value = self.eval(expression);
            let text = value.as_str().unwrap_or_default().to_owned();
            if text.contains(needle) {
                return text;
            }
            assert!(Instant::now() < deadline, "`{expression}` never held `{needle}`; last: {text:.300}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// A raw HTTP GET with the given Host header: the status line.
fn status_of(port: u16, path: &str, host: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
    let mut reply = String::new();
    let _ = stream.read_to_string(&mut reply);
    reply.lines().next().unwrap_or_default().to_owned()
}

#[test]
fn the_open_tab_shows_each_rebuild_and_a_click_names_the_data_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    let data = dir.path().join("data/d3.5-mexico.toml");
    let original = std::fs::read_to_string(root().join("data/d3.5-mexico.toml")).unwrap();
    std::fs::write(&data, &original).unwrap();
    let templates = root().join("templates");
    let mut folio = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["preview", "data/d3.5-mexico.toml", "--templates", templates.to_str().unwrap()])
        .current_dir(dir.path())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let folio_lines = lines_of(&mut folio);
    let line = wait_for(&folio_lines, "Preview http://127.0.0.1:");
    let url = line.split_whitespace().nth(1).expect("the address").to_owned();
    let port: u16 = url.trim_end_matches('/').rsplit(':').next().unwrap().parse().unwrap();
    wait_for(&folio_lines, "Watching");

    // Only its own address and paths.
    assert!(status_of(port, "/state", "evil.example:80").contains("403"));
    assert!(status_of(port, "/../../etc/passwd", &format!("127.0.0.1:{port}")).contains("404"));
    assert!(status_of(port, "/data/d3.5-mexico.toml", &format!("127.0.0.1:{port}")).contains("404"));

    let browser_dir = tempfile::tempdir().unwrap();
    let chromium = Command::new("chromium")
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0", "--window-size=1000,900"])
        .arg(format!("--user-data-dir={}", browser_dir.path().display()))
        .arg("about:blank")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn();
    let mut chromium = match chromium {
        Ok(c) => c,
        Err(e) if std::env::var_os("CI").is_none() => {
            eprintln!("note: skipping the browser check: {e} (apt-get install chromium, as .ci/run does)");
            let _ = Command::new("kill").args(["-INT", &folio.id().to_string()]).status();
            let _ = folio.wait();
            return;
        }
        Err(e) => panic!("chromium is required in CI: {e}"),
    };
    let browser_lines = lines_of(&mut chromium);
    let devtools = wait_for(&browser_lines, "DevTools listening on ");
    let ws = devtools.split_whitespace().last().unwrap().to_owned();
    let address = ws.trim_start_matches("ws://").split('/').next().unwrap().to_owned();
    let stream = TcpStream::connect(&address).unwrap();
    let (socket, _) = tungstenite::client(ws.as_str(), stream).expect("DevTools WebSocket");
    let mut tab = Tab { socket, session: String::new(), next: 0 };
    let target = tab.call("Target.createTarget", json!({ "url": url }), false);
    let attached = tab.call("Target.attachToTarget", json!({ "targetId": target["targetId"], "flatten": true }), false);
    tab.session = attached["sessionId"].as_str().unwrap().to_owned();

    // The pages, their text for screen readers.
    let first = tab.wait_until("document.getElementById('text-4')?.textContent ?? ''", "great opportunities");
    assert!(first.contains("Cluster to cluster cooperation") || first.len() > 100, "{first:.200}");
    // Loaded when the page records the version it shows.
    tab.wait_until("document.body.dataset.version ?? ''", "1");
    assert_eq!(tab.eval("document.querySelectorAll('.page').length"), json!(15));

    // An edit: the open tab shows it, marks page 4 as changed and scrolls to it.
    std::fs::write(&data, original.replace("provide great opportunities", "provide marvellous opportunities")).unwrap();
    wait_for(&folio_lines, "Rebuilt");
    tab.wait_until("document.getElementById('text-4').textContent", "marvellous opportunities");
    assert_eq!(tab.eval("document.querySelector('.page.changed')?.id ?? ''"), json!("page-4"));
    // (As text: a top of -0 has no JSON value.)
    let top = tab.eval("String(Math.round(document.getElementById('page-4').getBoundingClientRect().top))");
    let top: f64 = top.as_str().and_then(|t| t.parse().ok()).unwrap_or(f64::NAN);
    assert!((-5.0..60.0).contains(&top), "page 4 is at {top} after the jump");

    // A click on a word of page 3's first paragraph names its place in the data.
    let click = "(() => { const img = document.querySelector('#page-3 img'); const b = img.getBoundingClientRect(); \
                 img.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: b.left + 150 / 595.28 * b.width, \
                 clientY: b.top + 100 / 841.89 * b.height })); return 'clicked'; })()";
    tab.eval(click);
    let place = tab.wait_until("document.getElementById('where').textContent", "d3.5-mexico.toml:");
    let line_43 = original.lines().nth(42).unwrap();
    assert!(line_43.contains("The aim of this discussion paper"), "{line_43}");
    assert!(place.starts_with("data/d3.5-mexico.toml:43:"), "{place}");
    let link = tab.eval("document.querySelector('#where a').href");
    assert!(link.as_str().unwrap_or_default().starts_with("vscode://file/"), "{link}");

    // What the reviewer sees: the tab as rendered (kept where FOLIO_PREVIEW_SCREENSHOT says).
    let shot = tab.call("Page.captureScreenshot", json!({ "format": "png" }), true);
    let png = shot["data"].as_str().unwrap_or_default();
    assert!(png.len() > 10_000, "an empty screenshot");
    if let Some(path) = std::env::var_os("FOLIO_PREVIEW_SCREENSHOT") {
        let bytes: Vec<u8> = base64_decode(png);
        std::fs::write(path, bytes).unwrap();
    }

    let _ = chromium.kill();
    let _ = chromium.wait();
    let _ = Command::new("kill").args(["-INT", &folio.id().to_string()]).status();
    wait_for(&folio_lines, "Stopped watching");
    assert_eq!(folio.wait().unwrap().code(), Some(0));
}

/// Standard base64, for the screenshot.
fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::new();
    let (mut bits, mut count) = (0u32, 0);
    for v in text.bytes().filter_map(value) {
        bits = bits << 6 | u32::from(v);
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
        }
    }
    out
}
