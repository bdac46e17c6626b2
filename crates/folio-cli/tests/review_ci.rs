//! Review as a reviewer meets it, through the real binary: a one-footnote edit of D3.5 is a short
//! `folio diff`, `--changelog` prints an entry that TOML reads back, and the example CI pipelines
//! in `docs/ci/` run only `folio` subcommands and flags that exist.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use folio_tests::{early_footnote, review_sized_edit};

/// Far longer than a diff of D3.5 takes, even with other tests typesetting at the same time.
const TIMEOUT: Duration = Duration::from_secs(300);

fn root() -> PathBuf {
    Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root")
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs folio from the repository root, stdout and stderr captured, a hang turned into a failure.
fn folio(args: &[&str]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("folio starts");
    let pipe = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut s = String::new();
            r.read_to_string(&mut s).expect("folio prints UTF-8");
            s
        })
    };
    let stdout = pipe(Box::new(child.stdout.take().unwrap()));
    let stderr = pipe(Box::new(child.stderr.take().unwrap()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("folio {args:?} still ran after {TIMEOUT:?}: it hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let code = status.code().unwrap_or_else(|| panic!("folio {args:?} was killed: {status:?}"));
    Run { code, stdout: stdout.join().unwrap(), stderr: stderr.join().unwrap() }
}

fn d35() -> String {
    std::fs::read_to_string(root().join("data/d3.5-mexico.toml")).unwrap()
}

/// Writes `text` as `name` into a fresh folder of its own (D3.5 needs no images).
fn alone(name: &str, text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let path = path.to_str().unwrap().to_owned();
    (dir, path)
}

fn templates() -> String {
    root().join("templates").to_str().unwrap().to_owned()
}

#[test]
fn one_early_footnote_is_a_short_diff() {
    let (_dir, new) = alone("d3.5-mexico.toml", &early_footnote(&d35()));
    let run = folio(&["diff", "data/d3.5-mexico.toml", &new, "--templates", &templates()]);
    assert_eq!(run.code, 1, "the versions differ:\n{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines.len() <= 30, "{} lines:\n{}", lines.len(), run.stdout);
    let renumbered: Vec<&&str> = lines.iter().filter(|l| l.contains("renumbered")).collect();
    assert_eq!(renumbered, [&"  footnotes 1\u{2013}55 renumbered +1 (2\u{2013}56)"], "{}", run.stdout);
    assert!(run.stdout.contains("  `briefing` (new, printed as 1): "), "{}", run.stdout);
}

/// The issue's review-sized edit: a footnote added early, a paragraph reworded, a case-study
/// cell changed, sections 4.2 and 4.3 swapped, and a version bump. The swap reads as one
/// `moved` line, not as a section removed and added.
#[test]
fn a_review_sized_edit_is_a_short_diff_and_a_moved_section_one_line() {
    let edited = review_sized_edit(&d35());
    let (_dir, new) = alone("d3.5-mexico.toml", &edited);
    let run = folio(&["diff", "data/d3.5-mexico.toml", &new, "--templates", &templates()]);
    assert_eq!(run.code, 1, "the versions differ:\n{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines.len() <= 30, "{} lines:\n{}", lines.len(), run.stdout);
    for expected in [
        "  Document version: [-VF-]{+V2+}",
        "4.3 Aerospace sector\n  moved section: from 4.2",
        "  changed paragraph: Furthermore, there are several European partnerships that provide [-great-]{+large+}",
        "[-Coordinator-]{+Lead coordinator+}",
        "  `briefing` (new, printed as 1)",
    ] {
        assert!(run.stdout.contains(expected), "no `{expected}` in:\n{}", run.stdout);
    }
    assert!(!run.stdout.contains("removed heading"), "{}", run.stdout);
}

#[test]
fn the_changelog_entry_is_toml_for_the_next_version() {
    let base = d35().replacen("version = \"VF\"", "version = \"V0.2\"", 1);
    let edited = early_footnote(&base).replacen("relatively stable economy", "fairly stable economy", 1);
    let (_old_dir, old) = alone("d3.5-mexico.toml", &base);
    let (dir, new) = alone("d3.5-mexico.toml", &edited);
    let run = folio(&["diff", &old, &new, "--templates", &templates(), "--changelog", "--date", "2024-05-06"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let (_, entry) = run
        .stdout
        .split_once("\n# Suggested entry for the version history:\n")
        .unwrap_or_else(|| panic!("no entry:\n{}", run.stdout));
    // The data still says V0.2: a comment says to set the new version there too.
    assert!(entry.starts_with("# (set [deliverable] version = \"V0.3\" in the data too)\n"), "{entry}");

    let parsed: toml::Table = toml::from_str(entry).unwrap_or_else(|e| panic!("not TOML: {e}\n{entry}"));
    let history = parsed["history"].as_array().expect("a [[history]] array");
    assert_eq!(history.len(), 1, "{entry}");
    let h = history[0].as_table().unwrap();
    assert_eq!(h.keys().collect::<Vec<_>>(), ["version", "date", "author", "summary"]);
    assert_eq!(h["version"].as_str(), Some("V0.3"));
    assert_eq!(h["date"].as_datetime().map(ToString::to_string).as_deref(), Some("2024-05-06"));
    assert_eq!(h["author"].as_str(), Some("inno and SPI"));
    assert_eq!(
        h["summary"].as_str(),
        Some("1: 1 paragraph changed; 2: 1 paragraph changed; footnote 1 added; footnotes 1\u{2013}55 renumbered +1.")
    );

    // Pasted into the new data, with its version set, the entry is accepted.
    let pasted = edited.replacen("version = \"V0.2\"", "version = \"V0.3\"", 1) + "\n" + entry;
    let data = dir.path().join("d3.5-mexico.toml");
    std::fs::write(&data, pasted).unwrap();
    let check = folio(&["check", data.to_str().unwrap(), "--templates", &templates()]);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

#[test]
fn a_version_that_is_not_a_number_is_not_bumped() {
    // D3.5 is `VF`, and the edit leaves it so: the next minor version of VF does not exist.
    let (_dir, new) = alone("d3.5-mexico.toml", &early_footnote(&d35()));
    let run =
        folio(&["diff", "data/d3.5-mexico.toml", &new, "--templates", &templates(), "--changelog", "--date", "today"]);
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("cannot make the next minor version of \"VF\""), "{}", run.stderr);
    assert!(run.stderr.contains("--bump final"), "{}", run.stderr);
    assert_eq!(run.stdout, "", "an error prints no half report");
}

#[test]
fn a_changelog_needs_a_date() {
    let run = folio(&["diff", "data/d3.5-mexico.toml", "data/d3.5-mexico.toml", "--changelog"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("pass --date today or --date YYYY-MM-DD"), "{}", run.stderr);
    assert_eq!(run.stdout, "");

    let run = folio(&["diff", "data/d3.5-mexico.toml", "data/d3.5-mexico.toml", "--changelog", "--date", "2024-13-01"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("invalid --date \"2024-13-01\""), "{}", run.stderr);
}

// ----- The CI examples ---------------------------------------------------------------------------

/// The shell scripts of a CI file: every `run` (GitHub Actions) and every `script`,
/// `before_script` and `after_script` (GitLab CI), wherever they are in the file.
fn scripts(yaml: &serde_yaml::Value, out: &mut Vec<String>) {
    match yaml {
        serde_yaml::Value::Mapping(map) => {
            for (key, value) in map {
                let is_script = matches!(key.as_str(), Some("run" | "script" | "before_script" | "after_script"));
                match value {
                    serde_yaml::Value::String(s) if is_script => out.push(s.clone()),
                    serde_yaml::Value::Sequence(items) if is_script => {
                        out.extend(items.iter().filter_map(|i| i.as_str()).map(str::to_owned));
                    }
                    other => scripts(other, out),
                }
            }
        }
        serde_yaml::Value::Sequence(items) => items.iter().for_each(|i| scripts(i, out)),
        serde_yaml::Value::Tagged(tagged) => scripts(&tagged.value, out),
        _ => {}
    }
}

/// The simple commands of a shell script, each as its words (quotes removed), in order. Comments
/// are dropped; `;`, `|`, `&`, parentheses, backquotes and line ends separate commands. Quoted
/// text stays one word and is not searched for commands.
fn commands(script: &str) -> Vec<Vec<String>> {
    let mut commands = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = script.chars().peekable();
    let end_word = |word: &mut Option<String>, words: &mut Vec<String>| words.extend(word.take());
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('\n') | None => end_word(&mut word, &mut words),
                Some(escaped) => word.get_or_insert_default().push(escaped),
            },
            '\'' => {
                let w = word.get_or_insert_default();
                for c in chars.by_ref().take_while(|&c| c != '\'') {
                    w.push(c);
                }
            }
            '"' => {
                let w = word.get_or_insert_default();
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => w.extend(chars.next()),
                        c => w.push(c),
                    }
                }
            }
            '#' if word.is_none() => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
                end_word(&mut word, &mut words);
                commands.push(std::mem::take(&mut words));
            }
            ';' | '|' | '&' | '(' | ')' | '`' | '\n' => {
                end_word(&mut word, &mut words);
                commands.push(std::mem::take(&mut words));
            }
            c if c.is_whitespace() => end_word(&mut word, &mut words),
            c => word.get_or_insert_default().push(c),
        }
    }
    end_word(&mut word, &mut words);
    commands.push(words);
    commands.retain(|c| !c.is_empty());
    commands
}

/// The words after `folio` of every command that runs folio: shell keywords and variable
/// assignments before it are skipped (`if folio …`, `X=1 folio …`).
fn folio_invocations(script: &str) -> Vec<Vec<String>> {
    let is_assignment = |w: &str| {
        w.split_once('=')
            .is_some_and(|(name, _)| !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
    };
    commands(script)
        .into_iter()
        .filter_map(|words| {
            let mut words = words.into_iter().skip_while(|w| {
                matches!(w.as_str(), "if" | "then" | "elif" | "else" | "do" | "while" | "until" | "!" | "time" | "exec")
                    || is_assignment(w)
            });
            (words.next().as_deref() == Some("folio")).then(|| words.collect())
        })
        .collect()
}

/// An option as `folio … --help` lists it.
#[derive(Debug, Default)]
struct Opt {
    /// `-o`, `--out-dir`.
    names: Vec<String>,
    /// Whether it takes a value (`--format <FORMAT>`).
    takes_value: bool,
    /// The values it accepts, when the help lists them.
    values: Vec<String>,
}

/// The options of a `--help` text: option lines are indented at most six spaces and start with
/// `-`; their possible values follow, as `- name: …` lines or `[possible values: a, b]`.
fn options(help: &str) -> Vec<Opt> {
    let mut out: Vec<Opt> = Vec::new();
    let mut in_options = false;
    for line in help.lines() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if indent == 0 && !line.is_empty() {
            // A section heading: `Options:`, or `Arguments:`, `Examples:` and the like.
            in_options = line == "Options:";
            continue;
        }
        if !in_options {
            continue;
        }
        if trimmed.starts_with('-') && indent <= 6 {
            let mut opt = Opt::default();
            for word in trimmed.split([' ', ',']).filter(|w| !w.is_empty()) {
                if word.starts_with('-') {
                    opt.names.push(word.to_owned());
                } else if word.starts_with('<') {
                    opt.takes_value = true;
                } else {
                    break;
                }
            }
            out.push(opt);
        } else if let Some(opt) = out.last_mut() {
            if let Some(value) = trimmed.strip_prefix("- ") {
                opt.values.extend(value.split(':').next().map(|v| v.trim().to_owned()));
            }
            if let Some((_, list)) = trimmed.split_once("[possible values: ") {
                let list = list.split(']').next().unwrap_or_default();
                opt.values.extend(list.split(", ").map(str::to_owned));
            }
        }
    }
    out
}

/// `folio <args> --help`, once per command line.
fn help(cache: &mut HashMap<Vec<String>, Option<String>>, args: &[String]) -> Option<String> {
    cache
        .entry(args.to_vec())
        .or_insert_with(|| {
            let mut with_help: Vec<&str> = args.iter().map(String::as_str).collect();
            with_help.push("--help");
            let run = folio(&with_help);
            (run.code == 0).then_some(run.stdout)
        })
        .clone()
}

/// What is wrong with one folio invocation (`words` after `folio`): an unknown subcommand, an
/// option it does not accept, or a literal value outside the option's possible values.
fn problems(cache: &mut HashMap<Vec<String>, Option<String>>, words: &[String]) -> Vec<String> {
    let shown = format!("folio {}", words.join(" "));
    let Some(sub) = words.iter().position(|w| !w.starts_with('-')) else {
        return vec![format!("`{shown}` runs no subcommand")];
    };
    let mut out = Vec::new();
    // Options before the subcommand are folio's own; after it, the subcommand's.
    for (range, help_args) in [(0..sub, vec![]), (sub + 1..words.len(), vec![words[sub].clone()])] {
        let Some(help) = help(cache, &help_args) else {
            out.push(format!("`{shown}`: `folio {}` is not a subcommand", words[sub]));
            return out;
        };
        let opts = options(&help);
        let mut i = range.start;
        while i < range.end {
            let word = &words[i];
            i += 1;
            if !word.starts_with('-') || word == "-" || word == "--" {
                continue;
            }
            let (flag, attached) = match word.split_once('=') {
                Some((flag, value)) => (flag, Some(value.to_owned())),
                None => (word.as_str(), None),
            };
            let Some(opt) = opts.iter().find(|o| o.names.iter().any(|n| n == flag)) else {
                out.push(format!("`{shown}`: `{flag}` is not an option of `folio {}`", help_args.join(" ")));
                continue;
            };
            if !opt.takes_value {
                if attached.is_some() {
                    out.push(format!("`{shown}`: `{flag}` takes no value"));
                }
                continue;
            }
            let value = match attached {
                Some(value) => value,
                None if i < range.end => {
                    i += 1;
                    words[i - 1].clone()
                }
                None => {
                    out.push(format!("`{shown}`: `{flag}` needs a value"));
                    continue;
                }
            };
            if !opt.values.is_empty() && !value.contains('$') {
                for part in value.split(',') {
                    if !opt.values.iter().any(|v| v == part) {
                        out.push(format!("`{shown}`: `{flag}` does not accept `{part}` ({})", opt.values.join(", ")));
                    }
                }
            }
        }
    }
    out
}

/// Every folio invocation of a CI file, and what is wrong with each.
fn check_ci_file(text: &str) -> (Vec<Vec<String>>, Vec<String>) {
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).unwrap_or_else(|e| panic!("not YAML: {e}"));
    let mut found = Vec::new();
    scripts(&yaml, &mut found);
    let invocations: Vec<Vec<String>> = found.iter().flat_map(|s| folio_invocations(s)).collect();
    let mut cache = HashMap::new();
    let problems = invocations.iter().flat_map(|words| problems(&mut cache, words)).collect();
    (invocations, problems)
}

#[test]
fn the_ci_examples_run_only_commands_and_flags_that_exist() {
    for name in ["github-actions.yml", "gitlab-ci.yml"] {
        let text = std::fs::read_to_string(root().join("docs/ci").join(name)).unwrap();
        let (invocations, problems) = check_ci_file(&text);
        assert!(problems.is_empty(), "{name}:\n{}", problems.join("\n"));
        let shown: Vec<String> = invocations.iter().map(|w| w.join(" ")).collect();
        // The reader found what the pipelines are for (a reader that finds nothing checks nothing).
        assert!(shown.contains(&"check".to_owned()), "{name}: {shown:#?}");
        assert!(shown.iter().any(|s| s.starts_with("diff --format markdown $BASE:$path $path")), "{name}: {shown:#?}");
        assert!(shown.contains(&"build".to_owned()), "{name}: {shown:#?}");
        // The review copy of each changed deliverable, which the artifact keeps with the PDFs.
        assert!(shown.contains(&"build $path --changes-since $BASE".to_owned()), "{name}: {shown:#?}");
        assert!(text.contains("report/*.pdf"), "{name}: the artifact keeps the review copies");
    }
}

#[test]
fn a_flag_that_does_not_exist_is_caught() {
    let yaml = r#"
jobs:
  review:
    steps:
      - run: folio diff --format markdwon a.toml b.toml
      - run: |
          if folio check --no-such-flag; then echo "ok # folio nope"; fi
          # folio build --also-not-checked: a comment
          X=1 folio build -o out --format pdf,html --pdf-standard "$STD" | tee log
          out=$(folio frobnicate --x)
gitlab:
  script:
    - folio diff --changelog=yes a b
    - echo "folio is not run here --nope"
"#;
    let (invocations, problems) = check_ci_file(yaml);
    assert_eq!(invocations.len(), 5, "{invocations:#?}");
    assert_eq!(
        problems,
        [
            "`folio diff --format markdwon a.toml b.toml`: `--format` does not accept `markdwon` (terminal, markdown, json)",
            "`folio check --no-such-flag`: `--no-such-flag` is not an option of `folio check`",
            "`folio frobnicate --x`: `folio frobnicate` is not a subcommand",
            "`folio diff --changelog=yes a b`: `--changelog` takes no value",
        ],
        "{invocations:#?}"
    );
}
