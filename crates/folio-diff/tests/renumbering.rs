//! Footnotes that were only renumbered are told as runs in the terminal and Markdown reports
//! (`footnotes 4–55 renumbered +1 (5–56)`); added, removed and changed footnotes are listed one by
//! one, and the JSON keeps every footnote.

use folio_diff::format::{self, FootnoteLine, RenumberedRun};
use folio_diff::{FootnoteChange, Report, Word, WordOp};

fn moved(id: &str, old: usize, new: usize) -> FootnoteChange {
    FootnoteChange { id: id.to_owned(), old_number: Some(old), new_number: Some(new), text: None }
}

fn text(op: WordOp, text: &str) -> Option<Vec<Word>> {
    Some(vec![Word { op, text: text.to_owned() }])
}

/// D3.5 with one footnote added before all of its 55: the report as `folio_diff::compare`
/// orders it, by new number.
fn one_early_footnote() -> Report {
    let mut footnotes = vec![FootnoteChange {
        id: "briefing".to_owned(),
        old_number: None,
        new_number: Some(1),
        text: text(WordOp::Insert, "https://www.clustercollaboration.eu/briefing"),
    }];
    footnotes.extend((1..=55).map(|n| moved(&format!("note-{n}"), n, n + 1)));
    Report { footnotes, ..Report::default() }
}

#[test]
fn one_early_footnote_is_one_range_line() {
    let report = one_early_footnote();
    let out = format::terminal(&report, false);
    let lines: Vec<&str> = out.trim_end().lines().collect();
    assert_eq!(
        lines,
        [
            "Footnotes",
            "  `briefing` (new, printed as 1): {+https://www.clustercollaboration.eu/briefing+}",
            "  footnotes 1\u{2013}55 renumbered +1 (2\u{2013}56)",
        ],
        "{out}"
    );
    let renumbered: Vec<_> = lines.iter().filter(|l| l.contains("renumbered")).collect();
    assert_eq!(renumbered.len(), 1, "{out}");

    let md = format::markdown(&report);
    assert!(md.contains("\n- footnotes 1\u{2013}55 renumbered +1 (2\u{2013}56)\n"), "{md}");
    assert_eq!(md.matches("renumbered").count(), 1, "{md}");
}

#[test]
fn the_json_keeps_every_pair() {
    let report = one_early_footnote();
    let json: serde_json::Value = serde_json::from_str(&format::json(&report)).unwrap();
    let footnotes = json["footnotes"].as_array().unwrap();
    assert_eq!(footnotes.len(), 56);
    for (n, f) in footnotes.iter().enumerate().skip(1) {
        assert_eq!(f["id"], format!("note-{n}"));
        assert_eq!((f["old_number"].as_u64(), f["new_number"].as_u64()), (Some(n as u64), Some(n as u64 + 1)));
    }
}

#[test]
fn a_run_breaks_at_a_listed_footnote_a_gap_or_another_shift() {
    let mut footnotes = vec![moved("a", 4, 5), moved("b", 5, 6), moved("c", 6, 7)];
    // Renumbered and rewritten: listed on its own, and the run stops.
    footnotes.push(FootnoteChange { text: text(WordOp::Insert, "new words"), ..moved("d", 7, 8) });
    footnotes.extend([moved("e", 8, 9), moved("f", 9, 10)]);
    // A gap in the old numbers: footnote 10 kept its number.
    footnotes.push(moved("g", 11, 12));
    // Another shift.
    footnotes.extend([moved("h", 14, 13), moved("i", 15, 14)]);
    // Only its text changed, and one removed.
    footnotes.push(FootnoteChange {
        id: "j".to_owned(),
        old_number: Some(16),
        new_number: Some(16),
        text: text(WordOp::Delete, "old words"),
    });
    footnotes.push(FootnoteChange {
        id: "k".to_owned(),
        old_number: Some(12),
        new_number: None,
        text: text(WordOp::Delete, "gone"),
    });
    let lines = format::footnote_lines(&footnotes);
    let runs: Vec<String> = lines
        .iter()
        .map(|l| match l {
            FootnoteLine::Renumbered(run) => run.to_string(),
            FootnoteLine::One(f) => format!("`{}`", f.id),
        })
        .collect();
    assert_eq!(
        runs,
        [
            "footnotes 4\u{2013}6 renumbered +1 (5\u{2013}7)",
            "`d`",
            "footnotes 8\u{2013}9 renumbered +1 (9\u{2013}10)",
            "footnote 11 renumbered +1 (12)",
            "footnotes 14\u{2013}15 renumbered -1 (13\u{2013}14)",
            "`j`",
            "`k`",
        ]
    );
    let out = format::terminal(&Report { footnotes: footnotes.clone(), ..Report::default() }, false);
    assert!(out.contains("  `d` (renumbered 7 -> 8): {+new words+}\n"), "{out}");
    assert!(out.contains("  footnote 11 renumbered +1 (12)\n"), "{out}");
    assert!(out.contains("  `k` (was 12, no longer printed): [-gone-]\n"), "{out}");

    let short: Vec<String> = format::renumbered_runs(&footnotes).iter().map(RenumberedRun::short).collect();
    assert_eq!(short[0], "footnotes 4\u{2013}6 renumbered +1");
    assert_eq!(short[2], "footnote 11 renumbered +1");
    assert_eq!(short[3], "footnotes 14\u{2013}15 renumbered -1");
}
