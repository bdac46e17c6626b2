//! D3.5, the first real deliverable, checked against the text of the original document
//! (`tests/fixtures/d3.5-seed.txt`): every sentence, footnote numbers, headings and their pages.

use folio_model::{Block, Inline, Part, Text};
use folio_tests::{d35, root};

/// The seed: a text conversion of the original PDF.
fn seed() -> String {
    std::fs::read_to_string(root().join("tests/fixtures/d3.5-seed.txt")).expect("seed fixture")
}

/// Superscript digits as the seed writes footnote markers.
fn superscript_value(c: char) -> Option<u32> {
    match c {
        '⁰' => Some(0),
        '¹' => Some(1),
        '²' => Some(2),
        '³' => Some(3),
        '⁴'..='⁹' => Some(c as u32 - '⁴' as u32 + 4),
        _ => None,
    }
}

/// The seed's footnote definitions: lines that start with a superscript number.
fn seed_footnotes() -> Vec<(u32, String)> {
    seed()
        .lines()
        .filter_map(|line| {
            let digits: String = line.chars().take_while(|c| superscript_value(*c).is_some()).collect();
            if digits.is_empty() {
                return None;
            }
            let n = digits.chars().fold(0, |n, c| n * 10 + superscript_value(c).unwrap_or(0));
            Some((n, line[digits.len()..].trim().to_owned()))
        })
        .collect()
}

/// What a reader sees of Markdown-ish seed text: `[shown](target)` shows `shown`, `<url>` shows
/// `url`, and the converter's backslash escapes show nothing.
fn seed_visible(text: &str) -> String {
    let mut s = text.to_owned();
    if let (Some(open), Some(mid)) = (s.find('['), s.find("](")) {
        s = s[open + 1..mid].to_owned();
    }
    s.replace(['<', '>'], "").replace("\\\\", "").replace('\\', "").trim().to_owned()
}

fn plain(inlines: &[Inline]) -> String {
    let mut out = String::new();
    folio_model::walk_inlines(inlines, &mut |i| match i {
        Inline::Text(t) => out.push_str(&t.value),
        Inline::LineBreak => out.push(' '),
        _ => {}
    });
    out
}

#[test]
fn footnotes_are_numbered_as_in_the_seed() {
    let doc = &d35().doc;
    let order = doc.footnote_order();
    let seed = seed_footnotes();
    assert_eq!(seed.len(), 55, "the seed defines 55 footnotes");
    assert_eq!(order.len(), 55, "the document prints 55 footnotes");
    for (n, text) in seed {
        let id = order[n as usize - 1];
        let ours = plain(&doc.footnote(id).expect("ordered ids exist").body);
        assert_eq!(ours, seed_visible(&text), "footnote {n} (`{id}`) differs from the seed");
    }
}

/// Headings in the seed's body: lines like `3.1. Title`, after the contents list.
fn seed_headings() -> Vec<(String, String)> {
    let seed = seed();
    let body = &seed[seed.find("4.4. Biotechnology sector").expect("contents list")..];
    body.lines()
        .skip(1)
        .filter_map(|line| {
            let (number, title) = line.split_once(". ")?;
            let ok = !number.is_empty() && number.chars().all(|c| c.is_ascii_digit() || c == '.');
            ok.then(|| (number.to_owned(), title.trim().to_owned()))
        })
        .collect()
}

#[test]
fn headings_and_pages_match_the_original() {
    let outline = d35().typeset.outline();
    let ours: Vec<(String, String)> =
        outline.iter().filter(|h| !h.number.is_empty()).map(|h| (h.number.clone(), h.title.clone())).collect();
    assert_eq!(ours, seed_headings());
    // The original's contents page: a faithful layout lands each heading on or next to it.
    let original = [
        ("1", 3),
        ("2", 3),
        ("2.1", 4),
        ("2.2", 4),
        ("3", 5),
        ("3.1", 6),
        ("3.2", 8),
        ("3.3", 10),
        ("4", 12),
        ("4.1", 12),
        ("4.2", 13),
        ("4.3", 14),
        ("4.4", 15),
    ];
    for (number, page) in original {
        let h = outline.iter().find(|h| h.number == number).expect("heading exists");
        assert!(h.page.abs_diff(page) <= 1, "{number} lands on page {}, the original on {page}", h.page);
    }
}

/// All text of the document model from the abstract on (through the one walker), blocks
/// separated by newlines.
fn document_text() -> String {
    fn blocks(b: &[Block], out: &mut Vec<String>) {
        for block in b {
            match block {
                Block::Paragraph(i) => out.push(plain(i)),
                Block::List(l) => l.items.iter().for_each(|item| blocks(item, out)),
                Block::Table(t) => t.cells().for_each(|c| out.push(plain(&c.text))),
                // Its fields are fields of their own, walked below.
                Block::Figure(_) | Block::Record(_) => {}
            }
        }
    }
    let doc = &d35().doc;
    let mut out = Vec::new();
    for field in doc.fields().iter().filter(|f| matches!(f.part, Part::Abstract | Part::Body)) {
        match field.text {
            Text::Plain(p) => out.push(p.value.clone()),
            Text::Inlines(i) => out.push(plain(i)),
            Text::Blocks(b) => blocks(b, &mut out),
        }
    }
    out.join("\n")
}

fn normalise(s: &str) -> String {
    let mut s: String = s.chars().filter(|c| superscript_value(*c).is_none()).collect();
    // Grouped markers: `^{37,38,39}`.
    while let Some(start) = s.find("^{") {
        let end = s[start..].find('}').map_or(s.len(), |e| start + e + 1);
        s.replace_range(start..end, "");
    }
    let s = s.replace("**", "").replace("\\$", "$").replace(['•', '◦'], " ");
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_sentence_of_the_seed_is_in_the_data() {
    let seed = seed();
    let body = &seed[seed.find("4.4. Biotechnology sector").expect("contents list") + 30..];
    let ours = normalise(&document_text());
    let labels = [
        "Partners:",
        "Sectors and subsectors concerned:",
        "Context:",
        "Type of cooperation:",
        "Objective:",
        "Policy support:",
        "Results/outcomes:",
        "More information:",
        "Name:",
        "Role:",
        "Phone:",
        "E-mail:",
        "Email:",
    ];
    let mut missing = Vec::new();
    for line in body.lines() {
        if line.chars().next().is_some_and(|c| superscript_value(c).is_some()) {
            continue; // a footnote definition, checked by its own test
        }
        // Table cells came out as HTML: check the text between the tags.
        let mut text = String::new();
        let mut in_tag = false;
        for c in line.chars() {
            match c {
                '<' => {
                    in_tag = true;
                    text.push('\n');
                }
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        for fragment in text.split(['\n', '•', '◦', '\t']) {
            let mut f = normalise(fragment);
            if let Some(rest) = f.strip_prefix("- ") {
                f = rest.to_owned(); // a Markdown bullet in the plain-text part of the seed
            }
            if let Some((number, title)) = f.split_once(". ")
                && number.chars().all(|c| c.is_ascii_digit() || c == '.')
            {
                f = title.to_owned(); // a numbered heading: the number is generated
            }
            for label in labels {
                if let Some(rest) = f.strip_prefix(label) {
                    f = rest.trim().to_owned();
                }
            }
            let f = f.trim_end_matches(',').trim();
            if f.split_whitespace().count() >= 2 && !ours.contains(f) {
                missing.push(f.to_owned());
            }
        }
    }
    assert!(missing.is_empty(), "seed text missing from the data:\n{}", missing.join("\n"));
}

#[test]
fn every_footnote_is_printed_once_on_the_page_of_its_marker() {
    let notes = d35().typeset.footnotes();
    assert_eq!(notes.len(), 55, "printed footnotes: {notes:#?}");
    for (i, note) in notes.iter().enumerate() {
        assert_eq!(
            note.marker_page,
            note.entry_page,
            "footnote {} ({}) is marked on page {} but printed on page {}",
            i + 1,
            note.text,
            note.marker_page,
            note.entry_page
        );
    }
}

#[test]
fn the_contents_page_prints_the_real_pages() {
    let typeset = &d35().typeset;
    let pages = typeset.page_texts();
    let contents_page = typeset.outline().iter().find(|h| h.title == "Contents").expect("a contents page").page;
    // Lines like "2.1. Policy dialogue on cluster cooperation . . . . 3".
    let printed: Vec<(String, usize)> = pages[contents_page - 1]
        .lines()
        .filter_map(|line| {
            let (number, _) = line.split_once(". ")?;
            let page = line.rsplit(' ').next()?.parse().ok()?;
            number.chars().all(|c| c.is_ascii_digit() || c == '.').then(|| (number.to_owned(), page))
        })
        .collect();
    let real: Vec<(String, usize)> =
        typeset.outline().iter().filter(|h| !h.number.is_empty()).map(|h| (h.number.clone(), h.page)).collect();
    assert_eq!(printed, real);
}
