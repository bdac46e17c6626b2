//! Straight quotes as the language writes them, as the PDF prints them: the lowering turns each
//! `"` and `'` into a Typst smart quote, and Typst picks the character from the text before it and
//! the quotes still open. This is Typst 0.15's `SmartQuoter` and its quote table, so a page and
//! its PDF agree.

/// The quotes of one language: single open, single close, double open, double close.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct QuoteSet {
    single: (&'static str, &'static str),
    double: (&'static str, &'static str),
}

impl QuoteSet {
    const fn new(so: &'static str, sc: &'static str, d_open: &'static str, d_close: &'static str) -> Self {
        Self { single: (so, sc), double: (d_open, d_close) }
    }

    fn open(&self, double: bool) -> &'static str {
        if double { self.double.0 } else { self.single.0 }
    }

    fn close(&self, double: bool) -> &'static str {
        if double { self.double.1 } else { self.single.1 }
    }

    /// The quotes of a language code such as `en`, `es-MX` or `fr-CH` (Typst's table, without
    /// its alternative sets; English quotes for a language it does not list).
    pub(crate) fn of(code: &str) -> Self {
        let (lang, region) = match code.split_once('-') {
            Some((l, r)) => (l, Some(r)),
            None => (code, None),
        };
        let default = Self::new("‘", "’", "“", "”");
        let low_high = Self::new("‚", "‘", "„", "“");
        match lang {
            "de" if matches!(region, Some("CH" | "LI")) => Self::new("‹", "›", "«", "»"),
            "fr" if region == Some("CH") => Self::new("‹\u{202F}", "\u{202F}›", "«\u{202F}", "\u{202F}»"),
            "cs" | "de" | "et" | "is" | "lt" | "lv" | "sk" | "sl" => low_high,
            "da" => default,
            "fr" => Self::new("“", "”", "«\u{202F}", "\u{202F}»"),
            "gl" | "it" | "la" => Self::new("“", "”", "«", "»"),
            "bs" | "fi" | "sv" => Self::new("’", "’", "”", "”"),
            "es" if matches!(region, Some("ES") | None) => Self::new("“", "”", "«", "»"),
            "hu" | "pl" | "ro" => Self::new("’", "’", "„", "”"),
            "no" | "nb" | "nn" => Self::new("’", "’", "«", "»"),
            "ru" => Self::new("„", "“", "«", "»"),
            "uk" => Self::new("“", "”", "«", "»"),
            "el" => Self::new("‘", "’", "«", "»"),
            "he" => Self::new("’", "’", "”", "”"),
            "hr" => Self::new("‘", "’", "„", "”"),
            "bg" => Self::new("’", "’", "„", "“"),
            "ar" => Self::new("’", "‘", "«", "»"),
            "fa" | "ur" | "ps" | "sd" | "yi" | "dv" | "ug" | "ku" => Self::new("’", "‘", "”", "“"),
            _ => default,
        }
    }
}

/// The quotes opened and not yet closed in a paragraph, innermost last (Typst keeps 32).
#[derive(Debug, Default, Clone)]
pub(crate) struct Quoter {
    open: Vec<bool>,
}

impl Quoter {
    /// The character for a straight quote (`double` for `"`) after the character `before` (none
    /// at the start of a paragraph).
    pub(crate) fn quote(&mut self, before: Option<char>, quotes: &QuoteSet, double: bool) -> &'static str {
        let opened = self.open.last().copied();
        let before = before.unwrap_or(' ');
        // After a number, a prime (5′, 12″), unless it closes a quote of its kind.
        if before.is_numeric() && opened != Some(double) {
            return if double { "″" } else { "′" };
        }
        // After a letter or an object (a footnote marker), a single quote is an apostrophe unless
        // a single quotation is open.
        if !double && opened != Some(false) && (before.is_alphabetic() || before == '\u{FFFC}') {
            return "’";
        }
        if opened == Some(double) && !before.is_whitespace() && !matches!(before, '(' | '{' | '[') {
            self.open.pop();
            return quotes.close(double);
        }
        if self.open.len() < 32 {
            self.open.push(double);
        }
        quotes.open(double)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` with its straight quotes replaced, as one paragraph.
    fn smart(text: &str, lang: &str) -> String {
        let set = QuoteSet::of(lang);
        let mut quoter = Quoter::default();
        let mut before = None;
        let mut out = String::new();
        for c in text.chars() {
            let piece = match c {
                '"' => quoter.quote(before, &set, true).to_owned(),
                '\'' => quoter.quote(before, &set, false).to_owned(),
                c => c.to_string(),
            };
            before = piece.chars().last();
            out.push_str(&piece);
        }
        out
    }

    #[test]
    fn quotes_follow_the_language() {
        assert_eq!(smart(r#"the "Global Agreement" and 'it'"#, "en"), "the “Global Agreement” and ‘it’");
        assert_eq!(smart(r#"el "programa""#, "es"), "el «programa»");
        assert_eq!(smart(r#"el "programa""#, "es-MX"), "el “programa”");
        assert_eq!(smart(r#"le "programme""#, "fr"), "le «\u{202F}programme\u{202F}»");
        assert_eq!(smart(r#"das "Programm""#, "de"), "das „Programm“");
        assert_eq!(smart(r#"das "Programm""#, "de-CH"), "das «Programm»");
        assert_eq!(smart(r#"a "b" c"#, "xx"), "a “b” c");
    }

    #[test]
    fn apostrophes_primes_and_nesting() {
        assert_eq!(smart("Mexico's", "en"), "Mexico’s");
        assert_eq!(smart("a 5' board, 12\" wide", "en"), "a 5′ board, 12″ wide");
        assert_eq!(smart(r#""a 'b' c""#, "en"), "“a ‘b’ c”");
        assert_eq!(smart(r#"("a")"#, "en"), "(“a”)");
    }
}
