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
    for depth in 0..200 {
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

#[test]
fn a_hundred_times_d35_is_within_the_limits() {
    let d35 = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/d3.5-mexico.toml")).unwrap();
    let (head, rest) = d35.split_once("[[sections]]").unwrap();
    let (sections, footnotes) = rest.split_once("[footnotes]").unwrap();
    // A hundred copies of the sections, and a hundred copies of the footnotes under new ids.
    let mut big = head.to_owned();
    for copy in 0..100 {
        big.push_str("[[sections]]");
        big.push_str(&sections.replace("[^", &format!("[^c{copy}-")));
    }
    big.push_str("[footnotes]\n");
    for copy in 0..100 {
        for line in footnotes.lines().filter(|l| l.contains(" = ")) {
            big.push_str(&format!("c{copy}-{line}\n"));
        }
    }
    let (doc, _) = folio_model::parse(&SourceFile::new("big.toml", big)).unwrap_or_else(|e| panic!("{:#?}", &e[..3]));
    assert_eq!(doc.sections.len(), 400);
    assert_eq!(doc.footnotes.len(), 5500);
}
