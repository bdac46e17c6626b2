//! `folio watch` as an author uses it: the first build, a one-word edit (saved in place, then by
//! an editor that writes a new file and renames it over the old one), a broken edit that leaves
//! the last good PDF alone, its fix, and Ctrl-C.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

fn root() -> PathBuf {
    Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root")
}

/// The next stderr line that contains `needle`, waiting at most 60 s.
fn wait_for(lines: &mpsc::Receiver<String>, needle: &str, seen: &mut Vec<String>) -> String {
    loop {
        match lines.recv_timeout(Duration::from_secs(60)) {
            Ok(line) => {
                seen.push(line.clone());
                if line.contains(needle) {
                    return line;
                }
            }
            Err(_) => panic!("no `{needle}` from folio watch; it printed:\n{}", seen.join("\n")),
        }
    }
}

#[test]
fn watch_rebuilds_on_edits_keeps_the_last_good_pdf_and_stops_on_ctrl_c() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    let data = dir.path().join("data/d3.5-mexico.toml");
    let original = std::fs::read_to_string(root().join("data/d3.5-mexico.toml")).unwrap();
    std::fs::write(&data, &original).unwrap();
    let templates = root().join("templates");
    let mut child = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["watch", "--templates", templates.to_str().unwrap()])
        .current_dir(dir.path())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut seen = Vec::new();
    wait_for(&lines, "Built report/d3.5-mexico.pdf (15 pages", &mut seen);
    wait_for(&lines, "Watching 1 deliverable(s)", &mut seen);

    // Saved in place.
    std::fs::write(&data, original.replace("provide great opportunities", "provide major opportunities")).unwrap();
    let line = wait_for(&lines, "Rebuilt", &mut seen);
    assert!(line.ends_with(": section 2.2; page 4"), "{line}");
    // Saved by rename, as many editors do.
    let tmp = dir.path().join("data/.d3.5-mexico.toml.swp");
    std::fs::write(&tmp, original.replace("provide great opportunities", "provide large opportunities")).unwrap();
    std::fs::rename(&tmp, &data).unwrap();
    let line = wait_for(&lines, "Rebuilt", &mut seen);
    assert!(line.ends_with(": section 2.2; page 4"), "{line}");
    let pdf = dir.path().join("report/d3.5-mexico.pdf");
    let good = std::fs::read(&pdf).unwrap();

    // Broken: the diagnostics, and the last good PDF stays.
    std::fs::write(&data, original.replace("provide great opportunities", "provide [^nowhere] opportunities")).unwrap();
    wait_for(&lines, "error[unknown-footnote]", &mut seen);
    wait_for(&lines, "was not built; the last good PDF is unchanged", &mut seen);
    assert_eq!(std::fs::read(&pdf).unwrap(), good);
    assert!(!seen.iter().any(|l| l.contains("warning[duplicate-footnote-url]")), "allowed warnings shown");
    // Fixed.
    std::fs::write(&data, &original).unwrap();
    wait_for(&lines, "Rebuilt", &mut seen);

    // Ctrl-C: a clean stop.
    let interrupted = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(interrupted.success());
    wait_for(&lines, "Stopped watching", &mut seen);
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{}", seen.join("\n"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("report")).unwrap().filter_map(Result::ok).collect();
    assert_eq!(leftovers.len(), 1, "only the PDF in report/: {leftovers:?}");
}
