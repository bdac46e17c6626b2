//! The page of the repository's deliverables: its skeleton, links, cover, contents, body,
//! tables, figures, case studies and endnotes.

mod support;

use std::collections::HashSet;

use support::{attributes, checked, heading_levels, page, page_without_images};

const DATA: &[&str] = &[
    "data/d3.5-mexico.toml",
    "data/examples/horizon-europe.toml",
    "data/examples/h2020-brief.toml",
    "data/examples/informe-es.toml",
];

/// The page from the first occurrence of `needle` to the first `end` after it, both included.
fn between<'h>(html: &'h str, needle: &str, end: &str) -> &'h str {
    let start = html.find(needle).unwrap_or_else(|| panic!("no {needle:?}"));
    let rest = &html[start..];
    &rest[..rest.find(end).map_or(rest.len(), |e| e + end.len())]
}

#[test]
fn every_internal_link_has_its_target_and_ids_are_unique() {
    for path in DATA {
        let doc = checked(path);
        for html in [page(&doc), page_without_images(&doc)] {
            let ids = attributes(&html, "id");
            let unique: HashSet<&String> = ids.iter().collect();
            assert_eq!(unique.len(), ids.len(), "{path}: an id is used twice");
            let mut internal = 0;
            for href in attributes(&html, "href") {
                if let Some(target) = href.strip_prefix('#') {
                    internal += 1;
                    assert!(unique.contains(&target.to_owned()), "{path}: nothing has the id `{target}`");
                }
            }
            // Same for the ids that ARIA attributes name.
            for id in attributes(&html, "aria-labelledby") {
                assert!(unique.contains(&id), "{path}: aria-labelledby names no element: `{id}`");
            }
            assert!(internal > 10, "{path}: only {internal} internal links");
        }
    }
}

#[test]
fn links_are_web_mail_or_internal_and_nothing_is_loaded() {
    for path in DATA {
        let html = page(&checked(path));
        for href in attributes(&html, "href") {
            assert!(
                href.starts_with('#')
                    || href.starts_with("http://")
                    || href.starts_with("https://")
                    || href.starts_with("mailto:"),
                "{path}: {href}"
            );
        }
        for src in attributes(&html, "src") {
            assert!(src.starts_with("data:image/"), "{path}: {src}");
        }
        for tag in ["<script", "<link", "<iframe", "<object", "<embed", "@import", "url("] {
            assert!(!html.contains(tag), "{path}: {tag}");
        }
        support::assert_only_page_markup(&html, path);
    }
}

#[test]
fn the_page_is_one_document_with_its_metadata() {
    let doc = checked("data/d3.5-mexico.toml");
    let html = page(&doc);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"));
    assert!(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"));
    assert!(html.contains("<title>D. 3.5 – Discussion paper on Mexico</title>"));
    assert!(html.contains("<meta name=\"description\" content=\"ECCP deliverable D 3.5. (1), WP3: Supporting"));
    assert!(html.contains("<meta name=\"keywords\" content=\"Mexico, cluster cooperation, EU-Mexico cooperation"));
    assert!(html.contains("<meta name=\"author\" content=\"inno and SPI\">"), "the lead, without authors");
    for (open, close) in [("<header", "</header>"), ("<main>", "</main>"), ("<style>", "</style>")] {
        assert_eq!(html.matches(open).count(), 1, "{open}");
        assert_eq!(html.matches(close).count(), 1, "{close}");
    }
    assert!(html.ends_with("</main>\n</body>\n</html>\n"));
    // The template's look: its accent colour, its font, a readable column, tables that scroll.
    for rule in [
        "--accent: #1f497d",
        "font-family: Carlito, Calibri",
        "max-width: 48rem",
        "overflow-x: auto",
        "img { max-width: 100%",
    ] {
        assert!(html.contains(rule), "{rule}");
    }
    assert_eq!(page(&doc), html, "the same document gives the same page");
}

#[test]
fn headings_start_at_the_title_and_never_skip_a_level() {
    for path in DATA {
        let levels = heading_levels(&page(&checked(path)));
        assert_eq!(levels.first(), Some(&1), "{path}");
        assert_eq!(levels.iter().filter(|l| **l == 1).count(), 1, "{path}: one h1");
        for pair in levels.windows(2) {
            assert!(pair[1] <= pair[0] + 1, "{path}: h{} after h{}", pair[1], pair[0]);
        }
    }
    // Sections are h2, subsections h3, and so on.
    let html = page(&checked("data/examples/horizon-europe.toml"));
    assert!(
        html.contains(
            "<section id=\"sec-1\">\n<h2 id=\"introduction\"><span class=\"num\">1.</span> Introduction</h2>"
        )
    );
    assert!(html.contains("<section id=\"sec-3-1-2\">\n<h4 id=\"data-quality\"><span class=\"num\">3.1.2.</span> Data quality and gaps</h4>"));
    assert!(
        html.contains(
            "<section id=\"sec-1-2\">\n<h3><span class=\"num\">1.2.</span> Relation to other deliverables</h3>"
        )
    );
}

#[test]
fn deeply_nested_sections_keep_a_valid_heading_hierarchy() {
    let mut data = String::from(
        "template = \"eccp\"\nlang = \"en\"\n[project]\nname = \"P\"\nacronym = \"P\"\nstart = 2020-01-01\nduration-months = 12\n\
         [deliverable]\nnumber = \"D1\"\ntitle = \"T\"\nwork-package = \"WP1\"\nlead = \"L\"\nvalidated-by = \"V\"\n\
         contractual-delivery = \"M2\"\nactual-delivery = \"M2\"\nversion = \"V1\"\nabstract = \"A.\"\n",
    );
    let mut table = String::from("sections");
    for level in 1..=6 {
        data.push_str(&format!("[[{table}]]\ntitle = \"Level {level}\"\ntext = \"Text.\"\n"));
        table.push_str(".sections");
    }
    let html = page(&support::checked_text("deep.toml", &data));
    assert_eq!(heading_levels(&html), [1, 2, 2, 3, 4, 5, 6, 7], "{html}");
    assert!(html.contains(
        "<p class=\"h7\" role=\"heading\" aria-level=\"7\"><span class=\"num\">1.1.1.1.1.1.</span> Level 6</p>"
    ));
    // The contents stop at the default depth, 3.
    assert!(html.contains("href=\"#sec-1-1-1\""));
    assert!(!html.contains("href=\"#sec-1-1-1-1\""));
}

#[test]
fn the_contents_list_numbered_sections_down_to_the_depth_asked_for() {
    let html = page(&checked("data/d3.5-mexico.toml"));
    let nav = &html[html.find("<nav class=\"contents\"").unwrap()..html.find("</nav>").unwrap()];
    assert!(nav.starts_with(
        "<nav class=\"contents\" aria-labelledby=\"doc-contents\">\n<h2 id=\"doc-contents\">Contents</h2>\n<ol>\n"
    ));
    assert!(nav.contains("<li><a href=\"#sec-1\"><span class=\"num\">1.</span> Objective of the report</a></li>"));
    assert!(nav.contains("<li><a href=\"#sec-3-1\"><span class=\"num\">3.1.</span> UNAM, Pirbright Institute and ISCIII: training and research development cooperation</a></li>"));
    assert_eq!(nav.matches("<li>").count(), 13, "D3.5 has 13 sections");
    // h2020-brief asks for one level.
    let html = page(&checked("data/examples/h2020-brief.toml"));
    let nav = &html[html.find("<nav class=\"contents\"").unwrap()..html.find("</nav>").unwrap()];
    assert_eq!(nav.matches("<ol").count(), 1, "{nav}");
}

#[test]
fn the_lists_of_figures_and_tables_follow_the_contents() {
    let html = page(&checked("data/examples/horizon-europe.toml"));
    assert!(html.contains(
        "<nav class=\"figure-list\" aria-labelledby=\"doc-figures\">\n<h2 id=\"doc-figures\">List of figures</h2>"
    ));
    assert!(html.contains("<li><a href=\"#fig-1\">Figure\u{a0}1: Collective self-consumption of the three communities, baseline year and pilot year</a></li>"));
    assert!(html.contains("<li><a href=\"#fig-2\">Figure\u{a0}2: Average daily state of charge"));
    assert!(html.contains("<li><a href=\"#tbl-2\">Table\u{a0}2: Capital cost of the three battery systems, in euro, excluding VAT</a></li>"));
    // A list entry is a link: the caption's own links and footnote references are left out.
    let lists = &html[html.find("doc-figures").unwrap()..html.find("<main>").unwrap()];
    assert!(!lists.contains("doc-noteref"));
}

#[test]
fn the_cover_has_the_template_rows_words_and_formats() {
    let html = page(&checked("data/d3.5-mexico.toml"));
    let rows = [
        ("Project acronym", "ECCP"),
        ("Deliverable title and number", "D 3.5. (1) – Discussion paper on Mexico"),
        ("Related work package", "WP3"),
        ("Contractual delivery date", "M25"),
        ("Start date of project", "September, 23rd 2015"),
        ("Duration", "2 years"),
        ("Document version", "VF"),
    ];
    for (label, value) in rows {
        let row = format!("<tr><th scope=\"row\">{label}</th><td>{value}</td></tr>");
        assert!(html.contains(&row), "{row}\n{}", between(&html, "<table class=\"metadata\">", "</table>"));
    }
    // Only the rows the data fills.
    assert!(!html.contains("Grant agreement"));
    assert!(!html.contains("Version history"));
    assert!(!html.contains("class=\"funding\""), "D3.5 names no programme");
    assert!(html.contains(
        "<section class=\"abstract\" role=\"doc-abstract\" aria-labelledby=\"doc-abstract\">\n<p><strong class=\"label\" id=\"doc-abstract\">Abstract:</strong> The discussion paper on Mexico"
    ));

    let html = page(&checked("data/examples/horizon-europe.toml"));
    assert!(html.contains("<tr><th scope=\"row\">Authors</th><td>Katharina Lindner (IDES), Tobias Brandl (EGO), Miguel Sarmento (CEAL), Ivana Perić (EZK)</td></tr>"));
    assert!(html.contains("<tr><th scope=\"row\">Duration</th><td>42 months</td></tr>"));
    assert!(html.contains("<tr><th scope=\"row\">Start date of project</th><td>January, 1st 2023</td></tr>"));
    // The version history, dates in ISO.
    assert!(html.contains("<caption id=\"doc-history\">Version history</caption>"));
    assert!(html.contains("<tr><th scope=\"col\">Version</th><th scope=\"col\">Date</th><th scope=\"col\">Author</th><th scope=\"col\">Summary of changes</th></tr>"));
    assert!(html.contains("<tr><td>V0.1</td><td>2025-04-28</td><td>K. Lindner (IDES)</td><td>Method and first results of Oberland.</td></tr>"));
    // Logos, and the EU block with the template's words.
    assert!(html.contains(&format!("<p class=\"logo\"><img src=\"{}\" alt=\"The ENCOSTOR logo: a sun above a battery whose three cells are roofs\"></p>", support::IMAGE)));
    assert_eq!(between(&html, "<ul class=\"partner-logos\">", "</ul>").matches("<img ").count(), 3);
    assert!(html.contains("<svg class=\"emblem\" role=\"img\" aria-label=\"Flag of the European Union\""));
    assert_eq!(html.matches("<polygon ").count(), 12, "twelve stars");
    assert!(html.contains("<p class=\"funded-by\">Funded by<br>the European Union</p>"));
    assert!(html.contains("<p class=\"statement\">This project has received funding from the European Union’s Horizon Europe research and innovation programme under grant agreement No\u{a0}101096731.</p>"));
    assert!(html.contains("or the European Climate, Infrastructure and Environment Executive Agency (CINEA). Neither"));

    // Horizon 2020: the statement beside the emblem, no "Funded by", no disclaimer.
    let html = page(&checked("data/examples/h2020-brief.toml"));
    assert!(html.contains("class=\"emblem\""));
    assert!(!html.contains("class=\"funded-by\""));
    assert!(!html.contains("class=\"disclaimer\""));
}

#[test]
fn footnotes_are_numbered_by_first_reference_as_in_the_pdf() {
    for path in DATA {
        let doc = checked(path);
        let html = page(&doc);
        let order = doc.footnote_order();
        // The numbers appear in order of first reference: 1, then 2, …
        let mut seen = Vec::new();
        for (i, _) in html.match_indices("role=\"doc-noteref\">") {
            let rest = &html[i + "role=\"doc-noteref\">".len()..];
            let n: usize = rest[..rest.find('<').unwrap()].parse().unwrap();
            if !seen.contains(&n) {
                seen.push(n);
            }
        }
        assert_eq!(seen, (1..=order.len()).collect::<Vec<_>>(), "{path}");
        // Each endnote holds its footnote's text, and links back to every reference.
        for (i, id) in order.iter().enumerate() {
            let n = i + 1;
            let note = between(&html, &format!("<li id=\"fn-{n}\">"), "</li>");
            let first_text = doc.footnote(id).unwrap().body.iter().find_map(|i| match i {
                folio_model::Inline::Text(t) => Some(t.value.split(['\'', '"']).next().unwrap().to_owned()),
                _ => None,
            });
            if let Some(text) = first_text {
                let escaped = text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
                assert!(note.contains(&escaped), "{path}: note {n} ({id}) does not hold {escaped:?}:\n{note}");
            }
            assert!(
                note.contains(&format!(
                    " <a href=\"#fnref-{n}\" class=\"backlink\" role=\"doc-backlink\" aria-label=\""
                )),
                "{path}: {note}"
            );
        }
    }
    let html = page(&checked("data/d3.5-mexico.toml"));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        html.contains("<section class=\"endnotes\" role=\"doc-endnotes\" id=\"doc-notes\">\n<ol>\n<li id=\"fn-1\">")
    );
    assert!(html.contains("<sup class=\"fn\"><a href=\"#fn-1\" id=\"fnref-1\" role=\"doc-noteref\">1</a></sup>"));
}

#[test]
fn a_footnote_cited_twice_keeps_its_number_and_links_back_to_both() {
    let doc = checked("data/examples/horizon-europe.toml");
    let html = page(&doc);
    let n = doc.footnote_order().iter().position(|id| *id == "en50160").unwrap() + 1;
    assert_eq!(html.matches(&format!("href=\"#fn-{n}\"")).count(), 2);
    assert!(html.contains(&format!("<a href=\"#fn-{n}\" id=\"fnref-{n}\" role=\"doc-noteref\">{n}</a>")));
    assert!(html.contains(&format!("<a href=\"#fn-{n}\" id=\"fnref-{n}-2\" role=\"doc-noteref\">{n}</a>")));
    let note = between(&html, &format!("<li id=\"fn-{n}\">"), "</li>");
    assert!(note.contains(&format!(
        "<a href=\"#fnref-{n}\" class=\"backlink\" role=\"doc-backlink\" aria-label=\"Back to reference {n}\">"
    )));
    assert!(note.contains(&format!("<a href=\"#fnref-{n}-2\" class=\"backlink\" role=\"doc-backlink\" aria-label=\"Back to reference {n} (2)\">↩\u{FE0E}<sup>2</sup></a>")));
}

#[test]
fn adjacent_footnote_references_are_set_apart_by_a_comma() {
    let html = page(&checked("data/d3.5-mexico.toml"));
    assert!(html.contains("</a></sup><sup class=\"fn-sep\">,</sup><sup class=\"fn\">"));
}

#[test]
fn cross_references_are_links_worded_by_the_template() {
    let html = page(&checked("data/examples/horizon-europe.toml"));
    assert!(html.contains("<a href=\"#sec-2\">Section\u{a0}2</a> introduces the three pilot sites."));
    assert!(html.contains("<a href=\"#sec-3\">The evaluation method (Section\u{a0}3)</a> explains"));
    assert!(html.contains("every indicator for every site in <a href=\"#tbl-1\">Table\u{a0}1</a>"));
    assert!(html.contains("<a href=\"#fig-1\">Figure\u{a0}1</a> shows"));
    assert!(html.contains("uses the cost and revenue data of <a href=\"#sec-4-2\">Section\u{a0}4.2</a>"));
    // The author's ids are anchors too, for links from elsewhere.
    for id in ["id=\"method\"", "id=\"kpi-table\"", "id=\"self-consumption-figure\""] {
        assert!(html.contains(id), "{id}");
    }
}

#[test]
fn numbered_tables_have_captions_header_cells_spans_and_notes() {
    let html = page(&checked("data/examples/horizon-europe.toml"));
    let table = between(&html, "<div class=\"table\" id=\"tbl-1\">", "</table>");
    assert!(table.starts_with(
        "<div class=\"table\" id=\"tbl-1\">\n<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"tbl-1-caption\">\n<table id=\"kpi-table\">\n<caption id=\"tbl-1-caption\"><span class=\"label\">Table\u{a0}1: </span>Key performance indicators of the three pilots in the pilot year</caption>\n<colgroup><col style=\"width:5.68%\"><col style=\"width:39.77%\">"
    ), "{table}");
    assert!(html.contains("<thead>\n<tr><th scope=\"col\" rowspan=\"2\">KPI</th><th scope=\"col\" rowspan=\"2\">Indicator</th><th scope=\"col\" rowspan=\"2\">Unit</th><th scope=\"colgroup\" class=\"r\" colspan=\"3\">Pilot year 2024–25</th><th scope=\"col\" class=\"r\" rowspan=\"2\">Target</th></tr>\n<tr><th scope=\"col\" class=\"r\">Oberland</th><th scope=\"col\" class=\"r\">Alentejo</th><th scope=\"col\" class=\"r\">Kaštela</th></tr>\n</thead>"));
    assert!(html.contains("<tr><td colspan=\"7\"><strong>Energy</strong></td></tr>"));
    assert!(html.contains("<tr><td>E1</td><td>PV generation</td><td>MWh/yr</td><td class=\"r\">1\u{202f}090</td>"));
    // A cell spanning three rows takes its column in the rows below: the next cells keep theirs.
    assert!(html.contains("<td class=\"r\" rowspan=\"3\">none<sup class=\"fn\">"));
    assert!(html.contains("<tr><td>H2</td><td>Heat-pump load moved to PV hours</td><td>MWh/yr</td><td class=\"r\">41</td><td class=\"r\">9.6</td><td class=\"r\">–</td></tr>"));
    assert!(html.contains("</table>\n</div>\n<div class=\"table-notes\">\n<p>Energy and grid values"));
    // A pipe table has no caption and no number; its wrapper is named by the word "Table".
    assert!(html.contains("<div class=\"table\">\n<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Table\">\n<table>\n<thead>\n<tr><th scope=\"col\">Pilot</th><th scope=\"col\" class=\"c\">Country</th>"));
}

#[test]
fn figures_have_their_image_alternative_text_caption_and_source() {
    let doc = checked("data/examples/horizon-europe.toml");
    let html = page(&doc);
    assert!(html.contains(&format!(
        "<figure id=\"fig-1\">\n<img id=\"self-consumption-figure\" src=\"{}\" alt=\"Bar chart of collective self-consumption",
        support::IMAGE
    )));
    assert!(html.contains("against a target of 60 per cent\" style=\"width:85%\">\n<figcaption><p><span class=\"label\">Figure\u{a0}1: </span>Collective self-consumption of the three communities, baseline year and pilot year</p><p class=\"source\">Source: ENCOSTOR monitoring platform; baseline from the members’ smart meters.</p></figcaption>\n</figure>"));
    // A Markdown image is a figure too, numbered with the others.
    assert!(html.contains("<figure id=\"fig-2\">\n<img src="));
    // Without the image, its alternative text stands in its place.
    let html = page_without_images(&doc);
    assert!(!html.contains("<img"));
    assert!(html.contains("<figure id=\"fig-1\">\n<p class=\"missing-image\" id=\"self-consumption-figure\">Bar chart of collective self-consumption"));
    assert!(html.contains("<p class=\"logo\"><span class=\"missing-image\">The ENCOSTOR logo"));
}

#[test]
fn case_studies_are_tables_with_the_template_row_headers() {
    let doc = checked("data/d3.5-mexico.toml");
    let html = page(&doc);
    assert_eq!(html.matches("<div class=\"record record-case-study\">").count(), 3);
    let n = doc.footnote_order().iter().position(|id| *id == "cordis-cysticercosis").unwrap() + 1;
    assert!(html.contains(&format!(
        "<div class=\"record record-case-study\">\n<table>\n<caption>Cooperation between UNAM, Pirbright Institute and ISCIII<sup class=\"fn\"><a href=\"#fn-{n}\" id=\"fnref-{n}\""
    )));
    assert!(html.contains(
        "<tr><th scope=\"row\">Partners:</th><td><ul>\n<li>Universidad Nacional Autónoma de México (UNAM, Mexico)<sup"
    ));
    assert!(html.contains("<tr><th scope=\"row\">Sectors and subsectors concerned:</th><td><ul>\n<li>Biotechnology sector\n<ul>\n<li>Animal health sub-sector</li>\n</ul>\n</li>\n</ul>\n</td></tr>"));
    assert!(html.contains("<tr><th scope=\"row\">Type of cooperation:</th><td><p class=\"field-cooperation-type\">Training and Research and Development (R&amp;D)</p>\n<ul>\n<li>The development of the diagnostic tests"));
    let rows: Vec<&str> = html.matches("<tr><th scope=\"row\">").collect();
    assert!(rows.len() >= 3 * 8);
    for label in ["Context:", "Objective:", "Policy support:", "Results/<wbr>outcomes:", "More information:"] {
        assert_eq!(html.matches(&format!("<th scope=\"row\">{label}</th>")).count(), 3, "{label}");
    }
    assert!(
        html.contains("<ul class=\"fields\">\n<li>Name: Leslie Harrison</li>\n<li>Role: Coordinator of the project")
    );
    assert!(html.contains(
        "<li>E-mail: <a class=\"address\" href=\"mailto:leslie.Harrison@ed.ac.uk\">leslie.Harrison@ed.ac.uk</a></li>"
    ));
    assert!(html.contains("<li>Phone: +(442) 101 66 00 Ext. 6622</li>"));
}

#[test]
fn straight_quotes_print_as_english_quotes_and_apostrophes() {
    let html = page(&checked("data/d3.5-mexico.toml"));
    assert!(html.contains("the “Mexico Preparatory Briefing”"));
    assert!(html.contains("known as the ‘<strong>Global Agreement</strong>’ (GA)"));
    assert!(html.contains("the US’s economy"));
    assert!(html.contains("a Mexican “shelter” corporation"));
    assert!(!html.contains("&#39;"), "no straight apostrophe left");
    // Addresses print as written.
    assert!(html.contains("<a class=\"address\" href=\"http"));
}

#[test]
fn author_ids_never_double_the_page_ids_and_links_never_nest() {
    let data = r##"template = "eccp"
lang = "en"
[project]
name = "P"
acronym = "P"
start = 2020-01-01
duration-months = 12
[deliverable]
number = "D1"
title = "T"
work-package = "WP1"
lead = "L"
validated-by = "V"
contractual-delivery = "M2"
actual-delivery = "M2"
version = "V1"
abstract = "A[^fn-1]."
[[sections]]
title = "About [the site](https://example.org) and [](#sec-1)"
id = "fn-1"
text = "See [](#doc-notes), [](#sec-1) and [the figure](#doc-contents)[^fn-1]."
[[sections.blocks]]
[sections.blocks.table]
id = "sec-1"
caption = "A table, see [](#fn-1)"
header = [["A"]]
rows = [["B"]]
[[sections.blocks]]
[sections.blocks.figure]
id = "doc-contents"
file = "figures/x.png"
alt = "X"
caption = "A figure, [with a link](https://example.org)[^fn-1]"
[[sections.blocks]]
[sections.blocks.table]
id = "doc-notes"
caption = "Another"
header = [["A"]]
rows = [["B"]]
[footnotes]
fn-1 = "A note."
"##;
    let doc = support::checked_text("ids.toml", data);
    let html = page(&doc);
    let ids = attributes(&html, "id");
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    for href in attributes(&html, "href") {
        if let Some(target) = href.strip_prefix('#') {
            assert!(unique.contains(&target.to_owned()), "`{target}`");
        }
    }
    // References go to the page's own ids, worded by the template: `#sec-1` is the author's id
    // of the first table.
    assert!(html.contains("See <a href=\"#tbl-2\">Table\u{a0}2</a>, <a href=\"#tbl-1\">Table\u{a0}1</a> and <a href=\"#fig-1\">the figure (Figure\u{a0}1)</a>"));
    // A heading's link is a link in the body, its text only in the contents (a link in a link is
    // not HTML); so are the captions in the lists.
    assert!(
        html.contains("<li><a href=\"#sec-1\"><span class=\"num\">1.</span> About the site and Table\u{a0}1</a></li>")
    );
    assert!(html.contains("<h2><span class=\"num\">1.</span> About <a href=\"https://example.org\">the site</a> and <a href=\"#tbl-1\">Table\u{a0}1</a></h2>"));
    assert!(html.contains("<li><a href=\"#fig-1\">Figure\u{a0}1: A figure, with a link</a></li>"));
    for nav in html.split("<nav").skip(1) {
        let nav = &nav[..nav.find("</nav>").unwrap()];
        for item in nav.split("<li>").skip(1) {
            assert_eq!(item.matches("<a ").count(), 1, "{item}");
        }
    }
}
