//! The renderers stay bounded on hostile input: a cap on the number of diagnostics (errors
//! first), windows around labels on long lines with real line and column numbers, and short lines
//! rendered exactly as codespan-reporting renders them. Also the message for half of a UTF-16
//! surrogate pair written as a TOML escape.

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as Level};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::termcolor::{Buffer, WriteColor};
use codespan_reporting::term::{self, Config};
use folio_model::{Diagnostic, Severity, SourceFile};
use folio_validate::render::{self, CONTEXT, HUMAN_LIMIT, JSON_LIMIT, LONG_LINE, MARKED};

/// The headers (`error[…]: …` and `warning[…]: …`) of a human rendering, in order.
fn headers(out: &str) -> Vec<&str> {
    out.lines().filter(|l| l.starts_with("error[") || l.starts_with("warning[")).collect()
}

/// One short line per diagnostic: diagnostic `i` is an error when `is_error(i)`, on line `i + 1`.
fn one_per_line(n: usize, is_error: impl Fn(usize) -> bool) -> (SourceFile, Vec<Diagnostic>) {
    let text: String = (0..n).map(|i| format!("key-{i} = 1\n")).collect();
    let file = SourceFile::new("many.toml", text);
    let mut offset = 0;
    let diags = (0..n)
        .map(|i| {
            let span = offset..offset + format!("key-{i}").len();
            offset += format!("key-{i} = 1\n").len();
            let message = format!("number {i}");
            if is_error(i) {
                Diagnostic::error("e", "many.toml", span, message)
            } else {
                Diagnostic::warning("w", "many.toml", span, message)
            }
        })
        .collect();
    (file, diags)
}

#[test]
fn human_shows_errors_first_then_counts_what_it_left_out() {
    // 62 errors spread among 30 000 diagnostics, the first of them after 480 warnings.
    let is_error = |i: usize| i % 480 == 479;
    let (file, diags) = one_per_line(30_000, is_error);
    assert_eq!(diags.iter().filter(|d| d.is_error()).count(), 62);
    let out = render::human(&diags, &[&file], false);
    let shown = headers(&out);
    assert_eq!(shown.len(), HUMAN_LIMIT);
    // The first 50 errors, in their order.
    let expected: Vec<String> =
        (0..30_000).filter(|i| is_error(*i)).take(50).map(|i| format!("error[e]: number {i}")).collect();
    assert_eq!(shown, expected);
    assert!(
        out.ends_with(
            "\n… and 29,950 more diagnostics (12 errors, 29,938 warnings) not shown; fix the ones above and run again\n"
        ),
        "{}",
        &out[out.len() - 300..]
    );

    // Ten errors at the end of 100: all ten first, then the first 40 warnings.
    let (file, diags) = one_per_line(100, |i| i >= 90);
    let out = render::human(&diags, &[&file], false);
    let expected: Vec<String> = (90..100)
        .map(|i| format!("error[e]: number {i}"))
        .chain((0..40).map(|i| format!("warning[w]: number {i}")))
        .collect();
    assert_eq!(headers(&out), expected);
    assert!(out.ends_with("\n… and 50 more diagnostics (50 warnings) not shown; fix the ones above and run again\n"));

    let (file, diags) = one_per_line(HUMAN_LIMIT + 1, |_| false);
    let out = render::human(&diags, &[&file], false);
    assert!(out.ends_with("\n… and 1 more diagnostic (1 warning) not shown; fix the ones above and run again\n"));
}

#[test]
fn human_below_the_cap_keeps_the_order_and_adds_nothing() {
    let (file, diags) = one_per_line(HUMAN_LIMIT, |i| i % 2 == 1);
    let out = render::human(&diags, &[&file], false);
    let expected: Vec<String> = (0..HUMAN_LIMIT)
        .map(|i| if i % 2 == 1 { format!("error[e]: number {i}") } else { format!("warning[w]: number {i}") })
        .collect();
    assert_eq!(headers(&out), expected);
    assert!(!out.contains("not shown"));
}

#[test]
fn json_writes_at_most_its_cap_then_a_truncated_object() {
    let (file, diags) = one_per_line(JSON_LIMIT + 5, |i| i >= JSON_LIMIT + 2);
    let out = render::json(&diags, &[&file]);
    let lines: Vec<serde_json::Value> =
        out.lines().map(|l| serde_json::from_str(l).expect("each line is JSON")).collect();
    assert_eq!(lines.len(), JSON_LIMIT + 1);
    // The three errors come first, then warnings from the start.
    assert_eq!(lines[0]["message"], format!("number {}", JSON_LIMIT + 2));
    assert_eq!(lines[2]["severity"], "error");
    assert_eq!(lines[3]["message"], "number 0");
    assert_eq!(lines[3]["line"], 1);
    assert_eq!(
        lines[JSON_LIMIT],
        serde_json::json!({
            "severity": "note",
            "code": "truncated",
            "message": "5 more diagnostics (5 warnings) not shown",
            "more": 5,
        })
    );

    let (file, diags) = one_per_line(JSON_LIMIT, |_| true);
    let out = render::json(&diags, &[&file]);
    assert_eq!(out.lines().count(), JSON_LIMIT);
    assert!(!out.contains("truncated"));
}

/// A 126 KB line: `text = "`, 3 000 `é`, then 30 000 times `[^a `.
fn huge_line() -> (SourceFile, Vec<Diagnostic>) {
    let text = format!("text = \"{}{}\"\n", "é".repeat(3_000), "[^a ".repeat(30_000));
    assert!(text.len() > 126_000);
    let file = SourceFile::new("big.toml", text);
    let diags = (0..30_000)
        .map(|i| {
            let start = 8 + 6_000 + 4 * i;
            let d = if i % 500 == 0 { Diagnostic::error } else { Diagnostic::warning };
            d("unterminated-markup", "big.toml", start..start + 2, "unterminated footnote reference `[^`")
                .with_span_label("opened here")
                .with_help("write `[^id]` closed")
        })
        .collect();
    (file, diags)
}

#[test]
fn thirty_thousand_diagnostics_on_a_126_kb_line_stay_small() {
    let (file, diags) = huge_line();
    let out = render::human(&diags, &[&file], false);
    assert!(out.len() < 100_000, "{} bytes", out.len());
    let longest = out.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(longest <= 4 + 2 * CONTEXT + MARKED + 2, "a line of {longest} characters");
    assert_eq!(headers(&out).len(), HUMAN_LIMIT);
    assert!(out.ends_with(
        "\n… and 29,950 more diagnostics (10 errors, 29,940 warnings) not shown; fix the ones above and run again\n"
    ));

    let json = render::json(&diags, &[&file]);
    assert_eq!(json.lines().count(), JSON_LIMIT + 1);
    assert!(json.len() < 500_000, "{} bytes", json.len());

    // Diagnostic 15 000 starts at byte 66 008, which is character 63 008 of the line.
    let middle = &diags[15_000];
    assert_eq!(middle.span.start, 66_008);
    let out = render::human(std::slice::from_ref(middle), &[&file], false);
    assert!(out.contains("┌─ big.toml:1:63009\n"), "{out}");
    let source = out.lines().find(|l| l.starts_with("1 │ ")).expect("the source line");
    let carets = out.lines().find(|l| l.starts_with("  │ ") && l.contains('^')).expect("the carets");
    assert!(source.starts_with("1 │ …[^a ") && source.ends_with('…'), "{source}");
    let caret = carets.chars().position(|c| c == '^').expect("a caret");
    let marked: String = source.chars().skip(caret).take(2).collect();
    assert_eq!(marked, "[^");
    assert_eq!(carets.trim_end(), format!("  │ {}^^ opened here", " ".repeat(caret - 4)));
    let json: serde_json::Value =
        serde_json::from_str(render::json(std::slice::from_ref(middle), &[&file]).trim()).expect("one JSON object");
    assert_eq!((json["line"].as_u64(), json["column"].as_u64()), (Some(1), Some(63_009)));
    assert_eq!(json["end_column"].as_u64(), Some(63_011));

    // Colours change the escapes, not the bound.
    let coloured = render::human(&diags, &[&file], true);
    assert!(coloured.contains('\u{1b}') && coloured.len() < 100_000);
}

#[test]
fn windows_on_long_lines_cut_between_characters() {
    // 1-, 2-, 3- and 4-byte characters, each one column wide.
    let pattern = ['a', 'é', '€', '𝒜'];
    let body: String = pattern.iter().cycle().take(400).collect();
    let text = format!("x = \"{body}\"\nshort = 1\n");
    let file = SourceFile::new("wide.toml", text.clone());
    let line: Vec<(usize, char)> = text.char_indices().take_while(|(_, c)| *c != '\n').collect();
    assert!(line.len() > LONG_LINE);
    for (column, (offset, c)) in line.iter().copied().enumerate() {
        for (span, header_column) in [
            (offset..offset + c.len_utf8(), column + 1),
            (offset..offset, column + 1),
            // Inside a character: moved back to its start (and, for the end, on to its end).
            (offset + 1..offset + 1, if c.len_utf8() > 1 { column + 1 } else { column + 2 }),
        ] {
            let d = Diagnostic::error("x", "wide.toml", span.clone(), "here").with_span_label("this");
            let out = render::human(&[d], &[&file], false);
            assert!(out.contains(&format!("┌─ wide.toml:1:{header_column}\n")), "{span:?}\n{out}");
            let source = out.lines().find(|l| l.starts_with("1 │ ")).expect("the source line");
            let shown = source.chars().count() - 4;
            assert!(shown <= 2 * CONTEXT + MARKED + 2, "{span:?}: {shown} characters\n{out}");
            let carets = out.lines().find(|l| l.starts_with("  │ ") && l.contains('^')).expect("the carets");
            let caret = carets.chars().position(|c| c == '^').expect("a caret");
            // The caret sits under the character at the header's column (or just after the
            // line, for a span at its end).
            let under = source.chars().nth(caret);
            let expected = text[header_offset(&text, span.start)..].chars().next().filter(|c| *c != '\n');
            assert_eq!(under, expected, "{span:?}\n{out}");
        }
    }
    // Past the end of the file, and backwards.
    for span in [text.len() + 5..text.len() + 9, std::ops::Range { start: 20, end: 10 }, 7..text.len() + 100] {
        let d = Diagnostic::warning("x", "wide.toml", span, "odd span").with_label(30..31, "inside é");
        let out = render::human(&[d], &[&file], false);
        assert!(out.starts_with("warning[x]: odd span\n"), "{out}");
    }
}

/// The character boundary at or before `offset`.
fn header_offset(text: &str, offset: usize) -> usize {
    (0..=offset.min(text.len())).rev().find(|o| text.is_char_boundary(*o)).unwrap_or(0)
}

#[test]
fn labels_far_apart_on_one_long_line_get_a_window_each() {
    let long: String = ('a'..='z').cycle().take(400).collect();
    let text = format!("short = 1\n{long}\nend = 3\n");
    let file = SourceFile::new("f.toml", text);
    let d = Diagnostic::warning("far", "f.toml", 310..313, "far apart")
        .with_span_label("primary")
        .with_label(30..32, "secondary");
    let out = render::human(&[d], &[&file], false);
    let windows = "…ghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxy…";
    let expected = format!(
        "warning[far]: far apart
  ┌─ f.toml:2:301
  │
2 │ abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcd…
  │                     -- secondary
  ·
2 │ {windows}
  │ {}^^^ primary

",
        " ".repeat(CONTEXT + 1)
    );
    assert_eq!(out, expected);
}

#[test]
fn a_short_line_renders_as_codespan_renders_it() {
    let file = SourceFile::new("short.toml", "title = \"the the end\"\nlead = \"x\"\n");
    let d = Diagnostic::warning("repeated-word", "short.toml", 13..16, "`the` is repeated")
        .with_span_label("the same word again")
        .with_help("delete one of them");
    let expected = "warning[repeated-word]: `the` is repeated
  ┌─ short.toml:1:14
  │
1 │ title = \"the the end\"
  │              ^^^ the same word again
  │
  = help: delete one of them

";
    assert_eq!(render::human(&[d], &[&file], false), expected);
}

/// What `render::human` printed before it handled long lines: codespan over `SimpleFiles`.
fn codespan(diags: &[Diagnostic], file: &SourceFile, color: bool) -> String {
    let mut buffer = if color { Buffer::ansi() } else { Buffer::no_color() };
    let mut db = SimpleFiles::new();
    let id = db.add(file.name.clone(), file.text.clone());
    for d in diags {
        let level = if d.severity == Severity::Error { Level::Error } else { Level::Warning };
        let mut labels = vec![Label::primary(id, d.span.clone()).with_message(&d.span_label)];
        labels.extend(d.labels.iter().map(|l| Label::secondary(id, l.span.clone()).with_message(&l.message)));
        let mut report = Report::new(level).with_message(&d.message).with_code(d.code).with_labels(labels);
        report.notes.extend(d.help.as_ref().map(|h| format!("help: {h}")));
        term::emit(&mut buffer, &Config::default(), &db, &report).expect("valid spans");
    }
    buffer.reset().expect("a buffer");
    String::from_utf8(buffer.into_inner()).expect("UTF-8")
}

#[test]
fn short_lines_render_byte_for_byte_as_before() {
    let text = "a = 1\r\nb = \"tab\there\"\nc = [\n  \"x\",\n  \"y\",\n  \"z\",\n  \"w\",\n  \"v\",\n]\nd = \"ünï €𝒜\"\ne = 5\nf = 6\n";
    let file = SourceFile::new("s.toml", text);
    let at = |needle: &str| {
        let start = text.find(needle).expect("in the text");
        start..start + needle.len()
    };
    let diags = vec![
        Diagnostic::error("one", "s.toml", at("1"), "on a CRLF line").with_span_label("here"),
        Diagnostic::warning("tab", "s.toml", at("here"), "after a tab").with_span_label("x").with_help("a help"),
        Diagnostic::error(
            "multi",
            "s.toml",
            at("[\n  \"x\",\n  \"y\",\n  \"z\",\n  \"w\",\n  \"v\",\n]"),
            "a long list",
        )
        .with_span_label("this list")
        .with_label(at("a"), "and this"),
        Diagnostic::warning("uni", "s.toml", at("€𝒜"), "non-ASCII").with_label(at("ünï"), "first"),
        Diagnostic::warning("gap", "s.toml", at("f"), "one line between").with_label(at("d"), "two lines up"),
        Diagnostic::warning("far", "s.toml", at("f = 6"), "far apart").with_label(at("b"), "b"),
        Diagnostic::warning("eof", "s.toml", text.len()..text.len(), "at the end").with_span_label("end"),
        Diagnostic::warning("empty", "s.toml", 0..0, "empty span"),
    ];
    for color in [false, true] {
        for d in &diags {
            let single = std::slice::from_ref(d);
            assert_eq!(render::human(single, &[&file], color), codespan(single, &file, color), "{}", d.code);
        }
        assert_eq!(render::human(&diags, &[&file], color), codespan(&diags, &file, color));
    }
}

#[test]
fn diagnostics_in_other_files_keep_their_message() {
    let file = SourceFile::new("a.toml", "a = 1\n");
    let elsewhere = Diagnostic::error("typst", "template.typ", 3..4, "unknown variable").with_help("define it");
    let nowhere = Diagnostic::warning("note", "", 0..0, "no file");
    let out = render::human(&[elsewhere, nowhere], &[&file], false);
    assert_eq!(
        out,
        "error[typst]: unknown variable\n = in template.typ\n = help: define it\n\nwarning[note]: no file\n\n"
    );
}

/// The one diagnostic about `text`'s syntax (the fragments are not documents: their missing and
/// unknown keys are reported too, in the same run).
fn toml_error(text: &str) -> Diagnostic {
    let checked = folio_validate::check(&SourceFile::new("s.toml", text));
    let syntax: Vec<Diagnostic> =
        checked.diagnostics.into_iter().filter(|d| !matches!(d.code, "missing-field" | "unknown-field")).collect();
    assert_eq!(syntax.len(), 1, "{syntax:#?}");
    syntax.into_iter().next().expect("one diagnostic")
}

#[test]
fn half_a_surrogate_pair_is_named_and_located() {
    let text = "[deliverable]\ntitle = \"\\uD83E\\uDD80\"\n";
    let d = toml_error(text);
    assert_eq!(d.code, "surrogate-escape");
    assert_eq!(
        d.message,
        "`\\uD83E` is half of a UTF-16 surrogate pair; TOML escapes whole characters: write `\\U0001F980` or the character itself"
    );
    assert_eq!(&text[d.span.clone()], "\\uD83E");
    assert!(d.help.as_deref().is_some_and(|h| h.contains("🦀")), "{:?}", d.help);

    // Lower case, a lone low half, an eight-digit escape, and a multi-line string.
    let d = toml_error("t = \"ok \\ud83d\\ude00\"\n");
    assert!(d.message.starts_with("`\\ud83d` is half") && d.message.contains("`\\U0001F600`"), "{}", d.message);
    let text = "t = \"x\\uDD80y\"\n";
    let d = toml_error(text);
    assert_eq!(&text[d.span.clone()], "\\uDD80");
    assert!(d.message.starts_with("`\\uDD80` is half of a UTF-16 surrogate pair; TOML escapes whole characters"));
    let text = "t = \"\\U0000D83E\"\n";
    assert_eq!(&text[toml_error(text).span], "\\U0000D83E");
    let text = "t = \"\"\"\nfirst line\nthen \\uD83E\\uDD80\n\"\"\"\n";
    let d = toml_error(text);
    assert_eq!((d.code, &text[d.span.clone()]), ("surrogate-escape", "\\uD83E"));
}

#[test]
fn other_escape_errors_are_not_called_surrogates() {
    // An escaped backslash before `uD83E` is plain text, and `\uD7FF` is a whole character.
    // In a literal string it is plain text too, whatever error is around it.
    for text in [
        "t = \"\\\\uD83E\" oops\n",
        "t = \"\\uD7FF\\q\"\n",
        "t = \"\\uD8\"\n",
        "t = '\\uD83E\n",
        "t = ['\\uD83E' 'x']\n",
        "[deliverable]\ntitle = ['\\uD83E']\n",
    ] {
        let d = toml_error(text);
        assert_ne!(d.code, "surrogate-escape", "{text}: {}", d.message);
    }
}

#[test]
fn long_messages_are_cut_in_human_output_only() {
    let file = SourceFile::new("a.toml", "a = 1\n");
    let key = "k".repeat(5_000);
    let d = Diagnostic::error("unknown-field", "a.toml", 0..1, format!("unknown field `{key}`"))
        .with_span_label(key.clone())
        .with_help(key.clone());
    let out = render::human(std::slice::from_ref(&d), &[&file], false);
    let longest = out.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(longest < render::TEXT_LIMIT + 40, "a line of {longest} characters");
    assert!(out.contains(&format!("error[unknown-field]: unknown field `{}…\n", "k".repeat(985))));
    assert!(render::json(&[d], &[&file]).contains(&format!("`{key}`")));
}

/// Data can hold ESC and bidi overrides (folio reports them); printing them raw would let a data
/// file recolour, move or reorder what a terminal shows.
#[test]
fn terminal_controls_in_messages_and_source_lines_are_shown_not_obeyed() {
    let text = "title = \"a\u{1b}[31mred\u{202e}b\u{85}c\"\nnext = 1\n";
    let file = SourceFile::new("t.toml", text);
    let start = text.find('\u{1b}').unwrap();
    let d = Diagnostic::error("control-character", "t.toml", start..start + 1, "bad \u{1b}[2J thing")
        .with_help("see \u{202e}here");
    let out = folio_validate::render::human(&[d], &[&file], false);
    assert!(!out.chars().any(|c| c == '\u{1b}' || c == '\u{202e}' || c == '\u{85}'), "{out:?}");
    assert!(out.contains("bad \\u{1b}[2J thing"), "{out}");
    assert!(out.contains("see \\u{202e}here"), "{out}");
    // The source line keeps its layout: the caret still sits under the replaced character.
    assert!(out.contains("title = \"a?[31mred\u{fffd}b¿c\""), "{out}");
    assert!(out.contains("--> t.toml:1:11") || out.contains("┌─ t.toml:1:11"), "{out}");
}
