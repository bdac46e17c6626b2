//! The template's words filled in as it fills them (`templates/eccp/i18n.typ` and `eu.typ`):
//! dates, durations, programme names. The words themselves come from the caller.

use chrono::{Datelike, NaiveDate};

/// The English `date` pattern; a language without its own pattern prints dates with it.
const ENGLISH_DATE: &str = "{month}, {day} {year}";

/// `pattern` with each `{name}` replaced by its value, in the order given (as `i18n.fill`).
pub(crate) fn fill(pattern: &str, values: &[(&str, &str)]) -> String {
    let mut out = pattern.to_owned();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// A day as the language writes it: "September, 23rd 2015", "23 de septiembre de 2015",
/// "1er septembre 2015", "23. September 2015". `language` is the primary subtag.
pub(crate) fn date(day: NaiveDate, language: &str, words: &dyn Fn(&str) -> String) -> String {
    let pattern = words("date");
    // The day is written as the pattern's language writes it: a language without a pattern of
    // its own gets the English one, ordinals included.
    let pattern_language = if pattern == ENGLISH_DATE { "en" } else { language };
    let n = day.day();
    let day_text = match pattern_language {
        "en" => {
            let suffix = match (n % 100, n % 10) {
                (11..=13, _) => "th",
                (_, 1) => "st",
                (_, 2) => "nd",
                (_, 3) => "rd",
                _ => "th",
            };
            format!("{n}{suffix}")
        }
        "fr" if n == 1 => "1er".to_owned(),
        _ => n.to_string(),
    };
    let month = words(&format!("month-{}", day.month()));
    fill(&pattern, &[("day", &day_text), ("month", &month), ("year", &day.year().to_string())])
}

/// A number of months as the language writes it: whole years in years ("2 years", "1 year"),
/// months otherwise ("18 months", "1 month").
pub(crate) fn duration(months: u32, words: &dyn Fn(&str) -> String) -> String {
    let (key, n) = match months {
        12 => ("duration-year", 1),
        m if m % 12 == 0 => ("duration-years", m / 12),
        1 => ("duration-month", 1),
        m => ("duration-months", m),
    };
    fill(&words(key), &[("n", &n.to_string())])
}

/// A programme as the funding statement names it: the two Horizons by their labels, a name
/// that already says "programme" as written, any other as the `programme` label words it.
pub(crate) fn programme(name: &str, words: &dyn Fn(&str) -> String) -> String {
    match name {
        "Horizon 2020" => words("programme-horizon-2020"),
        "Horizon Europe" => words("programme-horizon-europe"),
        n if ["programme", "programa", "programm"].iter().any(|w| n.to_lowercase().contains(w)) => n.to_owned(),
        n => fill(&words("programme"), &[("programme", n)]),
    }
}

/// The accessible name of a footnote's link back to its `n`-th reference (`occurrence` from 1):
/// the template's catalogue has no such words, so the four languages it covers are here.
pub(crate) fn backlink(language: &str, number: usize, occurrence: u32) -> String {
    let words = match language {
        "es" => "Volver a la referencia",
        "fr" => "Retour à l’appel de note",
        "de" => "Zurück zum Verweis",
        _ => "Back to reference",
    };
    if occurrence <= 1 { format!("{words} {number}") } else { format!("{words} {number} ({occurrence})") }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(lang: &'static str) -> impl Fn(&str) -> String {
        move |key: &str| {
            let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September"];
            let month = |n: usize, es: &str, fr: &str, de: &str| match lang {
                "es" => es.to_owned(),
                "fr" => fr.to_owned(),
                "de" => de.to_owned(),
                _ => months[n - 1].to_owned(),
            };
            match key {
                "date" => match lang {
                    "es" => "{day} de {month} de {year}",
                    "fr" => "{day} {month} {year}",
                    "de" => "{day}. {month} {year}",
                    _ => ENGLISH_DATE,
                }
                .to_owned(),
                "month-9" => month(9, "septiembre", "septembre", "September"),
                "month-1" => month(1, "enero", "janvier", "Januar"),
                "duration-year" => "{n} year".to_owned(),
                "duration-years" => "{n} years".to_owned(),
                "duration-month" => "{n} month".to_owned(),
                "duration-months" => "{n} months".to_owned(),
                "programme" => "{programme} programme".to_owned(),
                other => other.to_owned(),
            }
        }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn dates_as_each_language_writes_them() {
        assert_eq!(date(day(2015, 9, 23), "en", &words("en")), "September, 23rd 2015");
        assert_eq!(date(day(2015, 9, 1), "en", &words("en")), "September, 1st 2015");
        assert_eq!(date(day(2015, 9, 12), "en", &words("en")), "September, 12th 2015");
        assert_eq!(date(day(2015, 9, 22), "en", &words("en")), "September, 22nd 2015");
        assert_eq!(date(day(2015, 9, 23), "es", &words("es")), "23 de septiembre de 2015");
        assert_eq!(date(day(2015, 9, 1), "fr", &words("fr")), "1er septembre 2015");
        assert_eq!(date(day(2015, 9, 2), "fr", &words("fr")), "2 septembre 2015");
        assert_eq!(date(day(2024, 1, 1), "de", &words("de")), "1. Januar 2024");
        // A language without its own pattern prints the English one, ordinal and all.
        assert_eq!(date(day(2015, 9, 3), "it", &words("it")), "September, 3rd 2015");
    }

    #[test]
    fn durations_in_years_when_whole() {
        let w = words("en");
        assert_eq!(duration(12, &w), "1 year");
        assert_eq!(duration(24, &w), "2 years");
        assert_eq!(duration(1, &w), "1 month");
        assert_eq!(duration(42, &w), "42 months");
    }

    #[test]
    fn programmes_are_named_like_the_template() {
        let w = words("en");
        assert_eq!(programme("Horizon Europe", &w), "programme-horizon-europe");
        assert_eq!(programme("COSME", &w), "COSME programme");
        assert_eq!(programme("LIFE Programme", &w), "LIFE Programme");
    }
}
