//! A page in the deliverable's language: its `lang`, the template's words, dates, durations,
//! quotes, and spans in another language.

mod support;

use support::{checked, checked_text, page};

/// A small deliverable in `lang`, started on `start`, running `months`, with quotes in its text.
fn deliverable(lang: &str, start: &str, months: u32) -> String {
    format!(
        r#"template = "eccp"
lang = "{lang}"
[project]
name = "P"
acronym = "P"
start = {start}
duration-months = {months}
[deliverable]
number = "D1"
title = "T"
work-package = "WP1"
lead = "L"
validated-by = "V"
contractual-delivery = "M2"
actual-delivery = "M2"
version = "V1"
abstract = "The \"abstract\"[^n]."
[[sections]]
title = "One"
id = "one"
text = """
A "quoted" word, the project's 'aim', and <span lang="en">an "English" span</span>. See [](#one).
"""
[footnotes]
n = "A note."
"#
    )
}

#[test]
fn a_spanish_deliverable_in_spanish() {
    let html = page(&checked("data/examples/informe-es.toml"));
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"es\">"));
    assert!(html.contains("<tr><th scope=\"row\">Fecha de inicio del proyecto</th><td>1 de enero de 2024</td></tr>"));
    assert!(html.contains("<tr><th scope=\"row\">Duración</th><td>3 años</td></tr>"));
    assert!(html.contains("<h2 id=\"doc-contents\">Índice</h2>"));
    assert!(html.contains("<strong class=\"label\" id=\"doc-abstract\">Resumen:</strong>"));
    // Spanish quotes, around a span in English.
    assert!(html.contains("financiado por el programa «Horizonte Europa»"));
    assert!(html.contains("la plataforma «<span lang=\"en\">European Cluster Collaboration Platform</span>»"));
    assert!(html.contains("<a href=\"#sec-3\">Sección\u{a0}3</a>"));
    assert!(html.contains("<span class=\"label\">Tabla\u{a0}1: </span>"));
    assert!(html.contains("aria-label=\"Volver a la referencia 1\""));
    assert!(html.contains("aria-label=\"Bandera de la Unión Europea\""));
    assert!(html.contains("<p class=\"funded-by\">Financiado por<br>la Unión Europea</p>"));
}

#[test]
fn dates_durations_and_quotes_per_language() {
    let cases = [
        ("en", "2015-09-23", 24, "September, 23rd 2015", "2 years", "A “quoted” word, the project’s ‘aim’"),
        ("en-GB", "2015-09-01", 1, "September, 1st 2015", "1 month", "A “quoted” word, the project’s ‘aim’"),
        ("es", "2015-09-23", 12, "23 de septiembre de 2015", "1 año", "A «quoted» word, the project’s “aim”"),
        ("es-MX", "2015-09-23", 18, "23 de septiembre de 2015", "18 meses", "A “quoted” word, the project’s ‘aim’"),
        (
            "fr",
            "2015-09-01",
            18,
            "1er septembre 2015",
            "18 mois",
            "A «\u{202f}quoted\u{202f}» word, the project’s “aim”",
        ),
        ("fr", "2015-09-02", 36, "2 septembre 2015", "3 ans", "A «\u{202f}quoted\u{202f}» word"),
        ("de", "2015-09-01", 42, "1. September 2015", "42 Monate", "A „quoted“ word, the project’s ‚aim‘"),
    ];
    for (lang, start, months, date, duration, text) in cases {
        let html = page(&checked_text("lang.toml", &deliverable(lang, start, months)));
        assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{lang}");
        assert!(html.contains(&format!("<td>{date}</td>")), "{lang}: {date}");
        assert!(html.contains(&format!("<td>{duration}</td>")), "{lang}: {duration}");
        assert!(html.contains(text), "{lang}: {text}\n{}", &html[html.find("<main>").unwrap()..]);
        // A span in English has English quotes, whatever the document's language.
        assert!(html.contains("<span lang=\"en\">an “English” span</span>"), "{lang}");
    }
    let html = page(&checked_text("de.toml", &deliverable("de", "2015-09-01", 42)));
    assert!(html.contains("See <a href=\"#sec-1\">Abschnitt\u{a0}1</a>."));
    assert!(html.contains("Zusammenfassung:</strong> The „abstract“<sup class=\"fn\">"));
}

#[test]
fn a_language_without_words_of_its_own_gets_english_words() {
    // The CLI falls back to English words; the page formats with them (ordinals and all).
    let html = page(&checked_text("it.toml", &deliverable("it", "2015-09-03", 24)));
    assert!(html.contains("<html lang=\"it\">"));
    assert!(html.contains("<td>September, 3rd 2015</td>"));
    assert!(html.contains("A «quoted» word"), "Italian quotes");
}
