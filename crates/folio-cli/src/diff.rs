//! `folio diff OLD NEW`: what changed, in the document and on the pages.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use folio_compile::{Pipeline, Typeset};
use folio_diff::{ChangeKind, FootnoteChange, Report};
use folio_model::SourceFile;
use folio_validate::Checked;

use crate::inputs::ReadError;
use crate::{DiffArgs, DiffFormat, inputs, out, print, write};

/// One side of the comparison, loaded and typeset.
struct Side {
    doc: Checked,
    typeset: Typeset,
}

/// Why one side cannot be compared.
enum Unusable {
    /// The data has problems, which have been printed.
    Reported,
    /// A usage or I/O problem, to print.
    Usage(String),
}

pub fn run(args: &DiffArgs) -> ExitCode {
    // Checked before the slow part: `--changelog` needs `--date`.
    let date = match args.changelog.then(|| entry_date(args.date.as_deref())).transpose() {
        Ok(date) => date,
        Err(message) => return crate::usage_error(&message),
    };
    // Found from the new version's file, else the old one's; a git revision names a path from
    // the repository's root, found from the current folder.
    let path_of = |spec: &str| std::path::PathBuf::from(spec.rsplit_once(':').map_or(spec, |(_, p)| p));
    let templates = match crate::templates_for(&args.templates, &path_of(&args.new))
        .or_else(|_| crate::templates_for(&args.templates, &path_of(&args.old)))
    {
        Ok(t) => t,
        Err(message) => return crate::usage_error(&message),
    };
    let pipeline = match Pipeline::new(&templates) {
        Ok(c) => c,
        Err(e) => {
            return crate::usage_error(&format!("{e} (pass --templates DIR)"));
        }
    };
    let (old, new) = match (load(&pipeline, &args.old), load(&pipeline, &args.new)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(why), _) | (_, Err(why)) => {
            if let Unusable::Usage(message) = why {
                out::error(&message);
            }
            return ExitCode::from(2);
        }
    };
    let report = folio_diff::compare(&old.doc, &new.doc, Some((&old.typeset, &new.typeset)));
    // The entry is made before anything is printed, so a version that cannot be bumped is an
    // error on its own.
    let changelog = match date.map(|date| changelog(&report, &old.doc, &new.doc, args.bump, date)).transpose() {
        Ok(entry) => entry,
        Err(message) => return crate::usage_error(&message),
    };
    let text = match args.format {
        DiffFormat::Terminal => {
            folio_diff::format::terminal(&report, crate::use_color(std::io::stdout().is_terminal()))
        }
        DiffFormat::Markdown => folio_diff::format::markdown(&report),
        DiffFormat::Json => folio_diff::format::json(&report),
    };
    out::stdout(&text);
    if let Some(dir) = &args.visual {
        let pages = report.layout.as_ref().map(|l| l.changed_pages.clone()).unwrap_or_default();
        let written = folio_diff::visual::images(&old.typeset, &new.typeset, &pages)
            .map_err(|e| e.to_string())
            .and_then(|images| write_images(dir, &images).map_err(|e| e.to_string()).map(|()| images.len()));
        match written {
            Ok(n) => out::status(&format!("    Wrote {n} page image(s) and index.md to {}", dir.display())),
            Err(e) => return crate::usage_error(&format!("cannot write images to {}: {e}", dir.display())),
        }
    }
    if let Some(entry) = &changelog {
        out::stdout(entry);
    }
    ExitCode::from(if report.is_empty() { 0 } else { 1 })
}

/// Writes the page images and their index, all or none.
fn write_images(dir: &Path, images: &[folio_diff::visual::PageImage]) -> Result<(), write::WriteError> {
    let mut staged = Vec::new();
    for image in images {
        staged.push(write::stage(&dir.join(&image.name), &image.png)?);
    }
    staged.push(write::stage(&dir.join("index.md"), folio_diff::visual::index(images).as_bytes())?);
    write::commit(staged)
}

/// Reads, checks and typesets one side through the pipeline; data problems are printed.
fn load(pipeline: &Pipeline, spec: &str) -> Result<Side, Unusable> {
    let (file, path) = match read(spec).map_err(Unusable::Usage)? {
        (Ok(file), path) => (file, path),
        (Err(bad), _) => {
            print::diagnostics(&[bad.diagnostic], &[&bad.file]);
            out::error(&format!("{spec} has errors; fix them before comparing"));
            return Err(Unusable::Reported);
        }
    };
    match pipeline.build(&file, &path) {
        Ok(built) => Ok(Side { doc: built.document, typeset: built.typeset }),
        Err(problems) => {
            let files: Vec<&SourceFile> = problems.files.iter().collect();
            print::diagnostics(&problems.items, &files);
            out::error(&format!("{spec} has errors; fix them before comparing"));
            Err(Unusable::Reported)
        }
    }
}

/// The text of one side, or where it is not UTF-8.
pub(crate) type Text = Result<SourceFile, Box<inputs::NotUtf8>>;

/// A data file on disk, or `REV:PATH` from git; the error is a usage or I/O problem.
pub(crate) fn read(spec: &str) -> Result<(Text, PathBuf), String> {
    let path = Path::new(spec);
    if path.exists() {
        return match inputs::read(path) {
            Ok(file) => Ok((Ok(file), path.to_owned())),
            Err(ReadError::Encoding(bad)) => Ok((Err(bad), path.to_owned())),
            Err(ReadError::Io(message)) => Err(message),
        };
    }
    let Some((rev, file)) = spec.split_once(':') else {
        return Err(format!("cannot read {spec}: no such file (for a git version, write REV:PATH)"));
    };
    // `git show --output=FILE:x` would write FILE: a revision never starts with `-`.
    if rev.starts_with('-') {
        return Err(format!(
            "cannot read {spec}: no such file, and not a git REV:PATH (a revision cannot start with `-`)"
        ));
    }
    let bytes = git_show(spec)?;
    Ok((inputs::decode(spec, bytes), PathBuf::from(file)))
}

/// The blob `git show REV:PATH` prints, read up to the data file limit.
fn git_show(spec: &str) -> Result<Vec<u8>, String> {
    let cannot_run = |e: std::io::Error| format!("cannot run git for {spec}: {e}");
    // `--end-of-options`: whatever `spec` holds, git reads it as a revision, never an option.
    let mut child = Command::new("git")
        .args(["show", "--end-of-options", spec])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(cannot_run)?;
    // git's messages are read on the side, so that neither pipe can fill up and stall git.
    let stderr = child.stderr.take().map(|mut stderr| {
        std::thread::spawn(move || {
            let mut message = Vec::new();
            let _ = (&mut stderr).take(64 * 1024).read_to_end(&mut message);
            let _ = std::io::copy(&mut stderr, &mut std::io::sink());
            message
        })
    });
    let blob = match child.stdout.take() {
        Some(stdout) => inputs::read_at_most(stdout, 0),
        None => Ok(Some(Vec::new())),
    };
    let blob = match blob {
        Ok(Some(blob)) => blob,
        failed => {
            // Too large, or reading failed: stop git rather than wait for the rest.
            let _ = child.kill();
            let _ = child.wait();
            return Err(match failed {
                Err(e) => format!("cannot read {spec} from git: {e}"),
                _ => inputs::too_large(spec),
            });
        }
    };
    let status = child.wait().map_err(cannot_run)?;
    let message = stderr.and_then(|t| t.join().ok()).unwrap_or_default();
    if !status.success() {
        return Err(format!("git cannot show {spec}: {}", String::from_utf8_lossy(&message).trim()));
    }
    Ok(blob)
}

/// Which version `--changelog` proposes, from the old version's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Bump {
    /// The next major version: `V0.3` → `V1.0`, `V2` → `V3`.
    Major,
    /// The next minor version: `V0.3` → `V0.4`, `V1.4.2` → `V1.5.0`, `V1` → `V1.1`.
    Minor,
    /// The final version: `VF`.
    Final,
    /// The new version's own, as its data sets it.
    Keep,
}

/// The day `--date` names: `today` reads the clock (UTC), as the user asked; otherwise a
/// `YYYY-MM-DD` date. Without `--date` there is no entry, since folio's output never depends on
/// the clock unless asked.
fn entry_date(date: Option<&str>) -> Result<chrono::NaiveDate, String> {
    match date {
        None => Err("--changelog needs the entry's date: pass --date today or --date YYYY-MM-DD \
                     (folio reads the clock only when asked, so that its output is reproducible)"
            .to_owned()),
        Some("today") => {
            let since_epoch = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_err(|e| format!("cannot read today's date: {e}"))?;
            let seconds = i64::try_from(since_epoch.as_secs()).unwrap_or(i64::MAX);
            chrono::DateTime::from_timestamp(seconds, 0)
                .map(|now| now.date_naive())
                .ok_or_else(|| "cannot read today's date: the clock is out of range".to_owned())
        }
        Some(given) => chrono::NaiveDate::parse_from_str(given, "%Y-%m-%d")
            .ok()
            .filter(|_| given.len() == 10)
            .ok_or_else(|| format!("invalid --date {given:?}: write a date as YYYY-MM-DD, or `today`")),
    }
}

/// `version` with the part `bump` names increased, keeping its prefix and its number of parts
/// (a minor bump of a one-part version adds the minor part): `V0.2` → `V0.3`, `v2.1` → `v3.0`.
fn bump_version(version: &str, bump: Bump) -> Result<String, String> {
    let name = match bump {
        Bump::Major => "major",
        Bump::Minor => "minor",
        Bump::Final => return Ok("VF".to_owned()),
        Bump::Keep => return Ok(version.to_owned()),
    };
    let cannot = || {
        format!(
            "cannot make the next {name} version of {version:?}: it is not a number such as V0.2 or 1.4; \
             pass --bump final or --bump keep, or write the new version in the new data (it is then used as it is)"
        )
    };
    let digits = version.find(|c: char| c.is_ascii_digit()).ok_or_else(cannot)?;
    let (prefix, number) = version.split_at(digits);
    let mut parts = number
        .split('.')
        .map(|p| if p.bytes().all(|b| b.is_ascii_digit()) { p.parse::<u64>().ok() } else { None })
        .collect::<Option<Vec<u64>>>()
        .ok_or_else(cannot)?;
    let at = match bump {
        Bump::Major => 0,
        _ => 1,
    };
    if parts.len() <= at {
        parts.push(0);
    }
    parts[at] = parts[at].checked_add(1).ok_or_else(cannot)?;
    for later in &mut parts[at + 1..] {
        *later = 0;
    }
    let number: Vec<String> = parts.iter().map(ToString::to_string).collect();
    Ok(format!("{prefix}{}", number.join(".")))
}

/// The version the entry names: with no `--bump`, the new data's version when the edit changed
/// it (the author has bumped it already), else the next minor version of the old one.
fn entry_version(old: &str, new: &str, bump: Option<Bump>) -> Result<String, String> {
    match bump {
        None if old != new => Ok(new.to_owned()),
        None => bump_version(old, Bump::Minor),
        Some(Bump::Keep) => bump_version(new, Bump::Keep),
        Some(bump) => bump_version(old, bump),
    }
}

/// `1 paragraph`, `2 list items`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

/// What changed, section by section, then the footnotes and the metadata:
/// `2.1: 1 paragraph changed; 3.2: 1 case study field changed (partners); footnote 1 added;
/// footnotes 1–55 renumbered +1`.
fn summary(report: &Report) -> String {
    /// One kind of change in one section: `2 paragraphs changed`.
    struct Tally {
        noun: String,
        kind: ChangeKind,
        count: usize,
        /// The record block's fields it touched, for `case study field`.
        fields: Vec<String>,
    }
    // Sections in the order the report meets them; in each, the kinds of change in order.
    let mut sections: Vec<(&str, Vec<Tally>)> = Vec::new();
    for c in &report.content {
        let section = if c.number.is_empty() { "abstract" } else { c.number.as_str() };
        // A record block's field, `case study: partners`, is counted as a field of its block.
        let (noun, field) = match c.item.split_once(": ") {
            Some((block, field)) => (format!("{block} field"), Some(field.to_owned())),
            None => (c.item.clone(), None),
        };
        if sections.last().is_none_or(|(s, _)| *s != section) {
            sections.push((section, Vec::new()));
        }
        let Some((_, tallies)) = sections.last_mut() else { continue };
        let at = match tallies.iter().position(|t| t.noun == noun && t.kind == c.kind) {
            Some(at) => at,
            None => {
                tallies.push(Tally { noun, kind: c.kind, count: 0, fields: Vec::new() });
                tallies.len() - 1
            }
        };
        let tally = &mut tallies[at];
        tally.count += 1;
        if let Some(field) = field
            && !tally.fields.contains(&field)
        {
            tally.fields.push(field);
        }
    }
    let mut parts: Vec<String> = sections
        .iter()
        .map(|(section, tallies)| {
            let tallies: Vec<String> = tallies
                .iter()
                .map(|t| {
                    let kind = match t.kind {
                        ChangeKind::Added => "added",
                        ChangeKind::Removed => "removed",
                        ChangeKind::Changed => "changed",
                        ChangeKind::Moved => "moved",
                    };
                    let fields =
                        if t.fields.is_empty() { String::new() } else { format!(" ({})", t.fields.join(", ")) };
                    format!("{} {kind}{fields}", count(t.count, &t.noun))
                })
                .collect();
            format!("{section}: {}", tallies.join(", "))
        })
        .collect();
    let numbers = |f: &dyn Fn(&FootnoteChange) -> Option<usize>| -> Vec<String> {
        report.footnotes.iter().filter_map(f).map(|n| n.to_string()).collect()
    };
    let footnotes = |numbers: Vec<String>, what: &str| match numbers.len() {
        0 => None,
        1 => Some(format!("footnote {} {what}", numbers[0])),
        _ => Some(format!("footnotes {} {what}", numbers.join(", "))),
    };
    // Numbers as the reader of each version sees them: added and changed as printed now,
    // removed as printed before.
    parts.extend(footnotes(numbers(&|f| f.old_number.is_none().then_some(f.new_number).flatten()), "added"));
    parts.extend(footnotes(
        numbers(&|f| {
            (f.old_number.is_some() && f.new_number.is_some() && f.text.is_some()).then_some(f.new_number).flatten()
        }),
        "changed",
    ));
    parts.extend(footnotes(numbers(&|f| f.new_number.is_none().then_some(f.old_number).flatten()), "removed"));
    parts.extend(folio_diff::format::renumbered_runs(&report.footnotes).iter().map(|run| run.short()));
    for f in &report.metadata {
        let short = |v: &str| v.chars().count() <= 40 && !v.contains('\n');
        parts.push(if short(&f.old) && short(&f.new) && !f.old.is_empty() && !f.new.is_empty() {
            format!("{} changed from {} to {}", f.field.to_lowercase(), f.old, f.new)
        } else {
            format!("{} changed", f.field.to_lowercase())
        });
    }
    let summary = if parts.is_empty() { "No changes.".to_owned() } else { parts.join("; ") + "." };
    // A sentence: `Abstract: …`, `Footnote 1 added; …`, `Document version changed …`.
    let mut chars = summary.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or(summary)
}

/// A `[[history]]` entry describing the change, for the author to edit and paste: valid TOML,
/// written by the toml library.
fn changelog(
    report: &Report,
    old: &Checked,
    new: &Checked,
    bump: Option<Bump>,
    date: chrono::NaiveDate,
) -> Result<String, String> {
    let plain = |doc: &Checked, key: &str| doc.deliverable.plain(key).map(|p| p.value.clone()).unwrap_or_default();
    let new_version = plain(new, "version");
    let version = entry_version(&plain(old, "version"), &new_version, bump)?;
    let date: toml::value::Datetime =
        date.format("%Y-%m-%d").to_string().parse().map_err(|e| format!("cannot write the date: {e}"))?;
    let mut entry = toml::Table::new();
    entry.insert("version".to_owned(), toml::Value::String(version.clone()));
    entry.insert("date".to_owned(), toml::Value::Datetime(date));
    entry.insert("author".to_owned(), toml::Value::String(plain(new, "lead")));
    entry.insert("summary".to_owned(), toml::Value::String(summary(report)));
    let mut history = toml::Table::new();
    history.insert("history".to_owned(), toml::Value::Array(vec![toml::Value::Table(entry)]));
    let entry = toml::to_string(&history).map_err(|e| format!("cannot write the changelog entry: {e}"))?;
    let mut out = String::from("\n# Suggested entry for the version history:\n");
    if version != new_version {
        // A comment, so the entry stays valid TOML; the version text is escaped by toml.
        let set = toml::Value::String(version).to_string();
        out.push_str(&format!("# (set [deliverable] version = {set} in the data too)\n"));
    }
    out.push_str(&entry);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use folio_diff::{ChangeKind, ContentChange, FieldChange, FootnoteChange, Report};

    use super::{Bump, bump_version, entry_date, entry_version, summary};

    #[test]
    fn versions_keep_their_prefix_and_parts() {
        let cases = [
            ("V0.2", Bump::Minor, "V0.3"),
            ("V1.4", Bump::Minor, "V1.5"),
            ("V0.9", Bump::Minor, "V0.10"),
            ("V0.3", Bump::Major, "V1.0"),
            ("v2.1", Bump::Major, "v3.0"),
            ("0.2", Bump::Minor, "0.3"),
            ("V1", Bump::Major, "V2"),
            ("V1", Bump::Minor, "V1.1"),
            ("V1.4.2", Bump::Minor, "V1.5.0"),
            ("V1.4.2", Bump::Major, "V2.0.0"),
            ("V0.3", Bump::Final, "VF"),
            ("VF", Bump::Final, "VF"),
            ("VF", Bump::Keep, "VF"),
        ];
        for (version, bump, expected) in cases {
            assert_eq!(bump_version(version, bump).as_deref(), Ok(expected), "{version} {bump:?}");
        }
    }

    #[test]
    fn a_version_that_is_not_a_number_is_not_bumped() {
        for version in ["VF", "final", "", "V1.x", "V1..2", "V1.2-draft", "1.2 draft"] {
            for bump in [Bump::Minor, Bump::Major] {
                let message = bump_version(version, bump).expect_err(version);
                assert!(message.contains(&format!("{version:?}")), "{message}");
                assert!(message.contains("--bump final"), "{message}");
            }
        }
        assert!(bump_version("V18446744073709551615", Bump::Major).is_err(), "overflow");
    }

    #[test]
    fn without_bump_an_edited_version_is_kept() {
        assert_eq!(entry_version("V0.2", "V0.2", None).as_deref(), Ok("V0.3"));
        assert_eq!(entry_version("VF", "V2", None).as_deref(), Ok("V2"));
        assert_eq!(entry_version("V0.2", "V0.3", Some(Bump::Major)).as_deref(), Ok("V1.0"));
        assert_eq!(entry_version("V0.2", "V0.7", Some(Bump::Keep)).as_deref(), Ok("V0.7"));
        assert!(entry_version("VF", "VF", None).is_err());
    }

    #[test]
    fn the_date_is_given_or_today_only_when_asked() {
        assert!(entry_date(None).unwrap_err().contains("--date today or --date YYYY-MM-DD"));
        assert_eq!(entry_date(Some("2024-02-29")).unwrap().to_string(), "2024-02-29");
        for bad in ["2023-02-29", "24-02-01", "2024-2-1", "yesterday", "2024-02-01T00:00", ""] {
            assert!(entry_date(Some(bad)).unwrap_err().contains("YYYY-MM-DD"), "{bad}");
        }
        let today = entry_date(Some("today")).unwrap();
        assert!(today > chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(), "{today}");
    }

    #[test]
    fn the_summary_goes_section_by_section() {
        let change = |kind, number: &str, item: &str| ContentChange {
            kind,
            section: format!("{number} A title"),
            number: number.to_owned(),
            item: item.to_owned(),
            words: Vec::new(),
        };
        let note = |id: &str, old: Option<usize>, new: Option<usize>, changed: bool| FootnoteChange {
            id: id.to_owned(),
            old_number: old,
            new_number: new,
            text: changed.then(Vec::new),
        };
        let mut footnotes = vec![note("new", None, Some(1), true)];
        footnotes.extend((1..=3).map(|n| note(&format!("n{n}"), Some(n), Some(n + 1), false)));
        footnotes.push(note("reworded", Some(4), Some(5), true));
        footnotes.push(note("gone", Some(9), None, true));
        let report = Report {
            metadata: vec![FieldChange { field: "Version".to_owned(), old: "V0.2".to_owned(), new: "V0.3".to_owned() }],
            content: vec![
                change(ChangeKind::Added, "", "paragraph"),
                change(ChangeKind::Changed, "2.1", "paragraph"),
                change(ChangeKind::Changed, "2.1", "paragraph"),
                change(ChangeKind::Added, "2.1", "list item"),
                change(ChangeKind::Changed, "3.2", "case study: partners"),
                change(ChangeKind::Changed, "3.2", "case study: contact"),
                change(ChangeKind::Changed, "3.2", "case study: contact"),
            ],
            footnotes,
            layout: None,
        };
        assert_eq!(
            summary(&report),
            "Abstract: 1 paragraph added; 2.1: 2 paragraphs changed, 1 list item added; \
             3.2: 3 case study fields changed (partners, contact); footnote 1 added; footnote 5 changed; \
             footnote 9 removed; footnotes 1\u{2013}3 renumbered +1; version changed from V0.2 to V0.3."
        );
        assert_eq!(summary(&Report::default()), "No changes.");
    }
}
