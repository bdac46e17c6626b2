//! The Markdown subset as authors write it, read into blocks and inlines.

use folio_model::{Block, Inline, SourceFile};

const SKELETON: &str = include_str!("../../../tests/fixtures/skeleton.toml");

/// The blocks of a section whose text is `text` (a TOML literal string).
fn blocks(text: &str) -> Vec<Block> {
    let data = format!("{SKELETON}[[sections]]\ntitle = \"S\"\ntext = '''\n{text}'''\n");
    let (doc, _) = folio_model::parse(&SourceFile::new("t.toml", data)).unwrap_or_else(|e| panic!("{e:#?}"));
    doc.sections.into_iter().next().unwrap().blocks
}

fn links(blocks: &[Block]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    folio_model::walk_blocks(blocks, &mut |i| {
        if let Inline::Link { url, body } = i {
            let shown = body.iter().map(|b| if let Inline::Text(t) = b { t.value.as_str() } else { "" }).collect();
            out.push((url.value.clone(), shown));
        }
    });
    out
}

#[test]
fn links_in_every_form_authors_use() {
    let b = blocks(
        "See [the site](www.example.org/a), <https://example.org/b>, <someone@example.org>,\n\
         https://example.org/c. and www.example.org/d; also (www.example.org/e).\n",
    );
    assert_eq!(
        links(&b),
        [
            ("http://www.example.org/a".to_owned(), "the site".to_owned()),
            ("https://example.org/b".to_owned(), "https://example.org/b".to_owned()),
            ("mailto:someone@example.org".to_owned(), "someone@example.org".to_owned()),
            ("https://example.org/c".to_owned(), "https://example.org/c".to_owned()),
            ("http://www.example.org/d".to_owned(), "www.example.org/d".to_owned()),
            ("http://www.example.org/e".to_owned(), "www.example.org/e".to_owned()),
        ]
    );
}

#[test]
fn indented_lists_nest_and_paragraphs_join_their_lines() {
    let b = blocks("    First line\n    continues.\n\n    - one\n      - one.a\n    - two\n");
    let [Block::Paragraph(p), Block::List(list)] = b.as_slice() else { panic!("{b:#?}") };
    let text: String = p.iter().map(|i| if let Inline::Text(t) = i { t.value.as_str() } else { "" }).collect();
    assert_eq!(text, "First line continues.");
    assert_eq!(list.items.len(), 2);
    assert!(matches!(list.items[0].as_slice(), [Block::Paragraph(_), Block::List(sub)] if sub.items.len() == 1));
}

#[test]
fn escaped_markup_is_literal_text() {
    let b = blocks("\\*not bold\\* and \\[^not-a-note\\] cost $5\n");
    let [Block::Paragraph(p)] = b.as_slice() else { panic!("{b:#?}") };
    assert_eq!(p.len(), 1, "one text run: {p:#?}");
    let Inline::Text(t) = &p[0] else { panic!() };
    assert_eq!(t.value, "*not bold* and [^not-a-note] cost $5");
}

fn codes(text: &str) -> Vec<&'static str> {
    let data = format!("{SKELETON}[[sections]]\ntitle = \"S\"\ntext = '''\n{text}'''\n");
    match folio_model::parse(&SourceFile::new("t.toml", data)) {
        Ok((_, warnings)) => warnings.iter().map(|d| d.code).collect(),
        Err(errors) => errors.iter().map(|d| d.code).collect(),
    }
}

#[test]
fn markup_left_open_is_an_error_but_escaped_markup_is_not() {
    assert_eq!(codes("An **open bold.\n"), ["unterminated-markup"]);
    assert_eq!(codes("An __open bold.\n"), ["unterminated-markup"]);
    assert_eq!(codes("A note [^open that never closes.\n"), ["unterminated-markup"]);
    assert!(codes("Literal \\*\\*stars\\*\\* and \\[^brackets\\], 5 * 3 = 15, [sic].\n").is_empty());
    assert!(codes("Closed **bold** and *italic* and a note[^x].\n").iter().all(|c| *c == "unknown-footnote"));
}

/// The diagnostics for a data file whose section text is `text`, with one footnote `a`.
fn diagnostics(text: &str) -> (String, Vec<folio_model::Diagnostic>) {
    let data =
        format!("{SKELETON}[footnotes]\na = \"A note.\"\n[[sections]]\ntitle = \"S\"\ntext = \"\"\"\n{text}\n\"\"\"\n");
    let diags = match folio_model::parse(&SourceFile::new("t.toml", data.clone())) {
        Ok((_, warnings)) => warnings,
        Err(errors) => errors,
    };
    (data, diags)
}

#[test]
fn a_footnote_inside_a_links_text_is_an_error_not_printed_markdown() {
    let (data, diags) = diagnostics("See [the report[^a]](https://example.org/r) here.");
    let d = diags.iter().find(|d| d.code == "footnote-in-link").unwrap_or_else(|| panic!("{diags:#?}"));
    assert_eq!(&data[d.span.clone()], "](");
}

#[test]
fn a_footnote_followed_by_a_link_target_is_an_error_not_a_vanished_note() {
    let (data, diags) = diagnostics("See the report[^a](https://example.org/r) here.");
    let d = diags.iter().find(|d| d.code == "footnote-as-link").unwrap_or_else(|| panic!("{diags:#?}"));
    assert_eq!(&data[d.span.clone()], "[^a](https://example.org/r)");
}

#[test]
fn a_line_continuation_that_glues_two_words_is_a_warning_at_the_backslash() {
    let (data, diags) = diagnostics("The inter\\\n  national fair, and a \\\n  spaced one.");
    let joins: Vec<_> = diags.iter().filter(|d| d.code == "line-continuation").collect();
    assert_eq!(joins.len(), 1, "{diags:#?}");
    assert_eq!(&data[joins[0].span.clone()], "\\");
    assert!(data[..joins[0].span.start].ends_with("The inter"));
}

#[test]
fn a_mistake_in_a_windows_file_is_located_at_the_mistake() {
    let (data, _) = diagnostics("First line,\nsecond with [^nope] in it.");
    let crlf = data.replace('\n', "\r\n");
    let errors = folio_model::parse(&SourceFile::new("t.toml", crlf.clone())).map(|_| ()).unwrap_err();
    let d = errors.iter().find(|d| d.code == "unknown-footnote").unwrap_or_else(|| panic!("{errors:#?}"));
    assert_eq!(&crlf[d.span.clone()], "[^nope]");
}

#[test]
fn the_version_history_is_checked_like_every_other_field() {
    let history = |summary: &str| {
        format!(
            "{SKELETON}[footnotes]\na = \"A note.\"\n[[sections]]\ntitle = \"S\"\ntext = \"Body[^a].\"\n\
             [[history]]\nversion = \"V1\"\ndate = 2020-01-01\nauthor = \"me\"\nsummary = '''{summary}'''\n"
        )
    };
    let codes = |summary: &str| -> Vec<(&'static str, String)> {
        let data = history(summary);
        let diags = match folio_model::parse(&SourceFile::new("t.toml", data.clone())) {
            Ok((_, w)) => w,
            Err(e) => e,
        };
        diags.into_iter().map(|d| (d.code, data[d.span.clone()].to_owned())).collect()
    };
    assert_eq!(
        codes("Reviewed[^nope]"),
        [("footnote-in-history", "[^nope]".to_owned()), ("unknown-footnote", "[^nope]".to_owned())]
    );
    // A note cited only in the history would have printed as note 1 and renumbered the rest.
    assert_eq!(codes("Reviewed[^a]"), [("footnote-in-history", "[^a]".to_owned())]);
}

#[test]
fn a_pipe_table_is_read_with_its_header_alignments_and_cells() {
    let b = blocks("| Country | Clusters |\n| :--- | ---: |\n| Mexico | 12 |\n| Chile | 4 |\n");
    let [Block::Table(t)] = b.as_slice() else { panic!("{b:#?}") };
    assert_eq!(t.align, [folio_model::Align::Left, folio_model::Align::Right]);
    let text = |cell: &[Inline]| -> String {
        cell.iter()
            .map(|i| match i {
                Inline::Text(t) => t.value.clone(),
                Inline::FootnoteRef(r) => format!("[^{}]", r.value),
                _ => String::new(),
            })
            .collect()
    };
    let header: Vec<String> = t.header.iter().flatten().map(|c| text(&c.text)).collect();
    let rows: Vec<Vec<String>> = t.rows.iter().map(|r| r.iter().map(|c| text(&c.text)).collect()).collect();
    assert_eq!(header, ["Country", "Clusters"]);
    assert_eq!(rows, [vec!["Mexico", "12"], vec!["Chile", "4"]]);
}

#[test]
fn a_numbered_list_keeps_the_number_it_starts_at() {
    let b = blocks("4. fourth\n5. fifth\n");
    let [Block::List(list)] = b.as_slice() else { panic!("{b:?}") };
    assert!(list.ordered);
    assert_eq!((list.start, list.items.len()), (4, 2));
    let b = blocks("- bullet\n");
    let [Block::List(list)] = b.as_slice() else { panic!("{b:?}") };
    assert_eq!((list.ordered, list.start), (false, 1));
}
