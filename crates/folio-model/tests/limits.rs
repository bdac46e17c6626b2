//! The limits in `folio_model::limits` give diagnostics, not crashes.

use folio_model::SourceFile;

const HEAD: &str = include_str!("../../../tests/fixtures/skeleton.toml");

fn codes(text: String) -> Vec<&'static str> {
    match folio_model::parse(&SourceFile::new("t.toml", text)) {
        Ok((_, warnings)) => warnings.iter().map(|d| d.code).collect(),
        Err(errors) => errors.iter().map(|d| d.code).collect(),
    }
}

#[test]
fn deeply_nested_lists_are_refused() {
    let mut text = String::new();
    for depth in 0..40 {
        text.push_str(&"  ".repeat(depth));
        text.push_str("- item\n");
    }
    let data = format!("{HEAD}[[sections]]\ntitle = \"S\"\ntext = '''\n{text}'''\n");
    assert!(codes(data).contains(&"nesting-too-deep"));
}

#[test]
fn deeply_nested_emphasis_is_refused() {
    let text = format!("{}x{}", "*a ".repeat(100), " a*".repeat(100));
    let data = format!("{HEAD}[[sections]]\ntitle = \"S\"\ntext = '''{text}'''\n");
    assert!(codes(data).contains(&"nesting-too-deep"));
}

#[test]
fn deeply_nested_sections_are_refused() {
    let mut data = HEAD.to_owned();
    let mut path = String::from("sections");
    for _ in 0..8 {
        data.push_str(&format!("[[{path}]]\ntitle = \"S\"\n"));
        path.push_str(".sections");
    }
    assert!(codes(data).contains(&"nesting-too-deep"));
}

#[test]
fn too_many_footnotes_are_refused() {
    let mut data = format!("{HEAD}[footnotes]\n");
    for i in 0..=folio_model::limits::MAX_FOOTNOTES {
        data.push_str(&format!("n{i} = \"x\"\n"));
    }
    assert!(codes(data).contains(&"too-many-footnotes"));
}

#[test]
fn oversized_input_is_refused_before_parsing() {
    let data = format!("{HEAD}# {}\n", "x".repeat(folio_model::limits::MAX_INPUT_BYTES));
    assert_eq!(codes(data), ["input-too-large"]);
}

/// D3.5's sections `copies` times, with its footnotes copied under new ids.
fn d35_times(copies: usize) -> String {
    let d35 = std::fs::read_to_string(
        std::path::Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
            .join("../../data/d3.5-mexico.toml"),
    )
    .unwrap();
    let (head, rest) = d35.split_once("[[sections]]").unwrap();
    let (sections, footnotes) = rest.split_once("[footnotes]").unwrap();
    let mut big = head.to_owned();
    for copy in 0..copies {
        big.push_str("[[sections]]");
        big.push_str(&sections.replace("[^", &format!("[^c{copy}-")));
    }
    big.push_str("[footnotes]\n");
    for copy in 0..copies {
        for line in footnotes.lines().filter(|l| l.contains(" = ")) {
            big.push_str(&format!("c{copy}-{line}\n"));
        }
    }
    big
}

/// D3.5 is read as its template reads it (its case studies are the `eccp` template's blocks).
fn parse_as_eccp(
    file: &SourceFile,
) -> Result<(folio_model::Document, Vec<folio_model::Diagnostic>), Vec<folio_model::Diagnostic>> {
    let root = std::path::Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("../../templates");
    let formats = folio_template::Catalog::load(&root).expect("the templates load").formats();
    folio_model::parse_with(file, &folio_model::Templates::new(&formats))
}

#[test]
fn a_hundred_times_d35_is_within_the_limits() {
    let (doc, _) =
        parse_as_eccp(&SourceFile::new("big.toml", d35_times(100))).unwrap_or_else(|e| panic!("{:#?}", &e[..1]));
    assert_eq!(doc.sections.len(), 400);
    assert_eq!(doc.footnotes.len(), 100 * 55);
}

#[test]
fn a_hundred_and_thirty_times_d35_is_refused_and_says_where() {
    let file = SourceFile::new("big.toml", d35_times(130));
    let errors = parse_as_eccp(&file).map(|_| ()).unwrap_err();
    // Its lines run out before its text does.
    let too_long: Vec<_> = errors.iter().filter(|d| d.code == "document-too-long").collect();
    assert_eq!(too_long.len(), 1, "{errors:#?}");
    // Located where the budget runs out: in the last quarter of the file.
    assert!(too_long[0].span.start > file.text.len() / 4 * 3, "{:?}", too_long[0]);
}

#[test]
fn text_past_the_limit_is_refused_where_it_runs_out() {
    // Long paragraphs, so that the text runs out long before the lines do.
    let paragraph = format!("{}.\n\n", "cluster policy ".repeat(3_900 / 15));
    let per_section = paragraph.repeat(4);
    let sections = folio_model::limits::MAX_TEXT_BYTES / per_section.len() + 2;
    let mut data = HEAD.to_owned();
    for i in 0..sections {
        data.push_str(&format!("\n[[sections]]\ntitle = \"Part {i}\"\ntext = \"\"\"\n{per_section}\"\"\"\n"));
    }
    let file = SourceFile::new("big.toml", data);
    let errors = folio_model::parse(&file).map(|_| ()).unwrap_err();
    let too_much: Vec<_> = errors.iter().filter(|d| d.code == "too-much-text").collect();
    assert_eq!(too_much.len(), 1, "{:#?}", &errors[..errors.len().min(3)]);
    assert!(too_much[0].span.start > file.text.len() / 4 * 3, "{:?}", too_much[0]);
}

#[test]
fn a_paragraph_over_the_limit_is_refused_where_it_starts() {
    let para = "word ".repeat(folio_model::limits::MAX_PARAGRAPH_BYTES / 5 + 10);
    let data = format!("{HEAD}[[sections]]\ntitle = \"S\"\ntext = \"\"\"\nShort one.\n\n{para}\n\"\"\"\n");
    let file = SourceFile::new("t.toml", data);
    let errors = folio_model::parse(&file).map(|_| ()).unwrap_err();
    let long: Vec<_> = errors.iter().filter(|d| d.code == "paragraph-too-long").collect();
    assert_eq!(long.len(), 1, "{errors:#?}");
    assert!(file.text[long[0].span.clone()].starts_with("word word"));
}

#[test]
fn one_line_items_count_towards_the_line_budget() {
    let items = "- a\n".repeat(folio_model::limits::MAX_BLOCKS + 1);
    let data = format!("{HEAD}[[sections]]\ntitle = \"S\"\ntext = \"\"\"\n{items}\"\"\"\n");
    assert!(codes(data).contains(&"document-too-long"));
}

#[test]
fn record_blocks_beyond_the_limit_are_refused() {
    use folio_model::format::{Format, Key, Kind, RecordDecl, Table};
    // A template's record block with a required first field, as a manifest declares one.
    static NOTE: Table = Table {
        name: "Note",
        help: "A note.",
        keys: &[Key {
            key: "title",
            kind: Kind::Inline,
            required: true,
            label: "Title",
            help: "Its title.",
            example: "\"T\"",
            word: None,
            default: None,
        }],
    };
    let decl = RecordDecl { name: "note", template: "t", help: "A note.", title: Some("title"), table: &NOTE };
    let formats = [Format::new("t", Vec::new(), vec![decl])];
    let mut data = HEAD.replace("\"eccp\"", "\"t\"");
    for i in 0..=folio_model::limits::MAX_RECORDS {
        data.push_str(&format!(
            "[[sections]]\ntitle = \"S{i}\"\n[[sections.blocks]]\n[sections.blocks.note]\ntitle = \"C\"\n"
        ));
    }
    let file = folio_model::SourceFile::new("t.toml", data);
    let (_, diags) = folio_model::read_with(&file, &folio_model::Templates::new(&formats));
    let codes: Vec<&str> = diags.iter().map(|d| d.code).collect();
    assert!(codes.contains(&"document-too-long"), "{codes:?}");
    assert!(!codes.contains(&"unknown-field"), "{codes:?}");
}
