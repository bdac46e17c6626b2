//! Text values that remember where each of their bytes came from in the TOML file.
//!
//! A TOML string value differs from its source: quotes, escapes (`\n`, `\u00e9`), line-ending
//! backslashes, and (for prose) the common indentation that folio removes. [`MappedText`] keeps,
//! for every byte of the value, the offset of the source byte it was decoded from, so that a
//! diagnostic about the tenth character of a paragraph lands on the right line and column.

use crate::source::Span;

/// A string value plus, for each of its bytes, the file offset it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MappedText {
    /// The decoded value.
    pub text: String,
    /// `offsets[i]` is the file offset of `text`'s byte `i`; one extra entry marks the end.
    offsets: Vec<usize>,
    /// Line-ending backslashes (file spans) that glued a letter or digit to the next one: TOML's
    /// line continuation removes the newline and the following spaces, so `inter\` then
    /// `national` reads `international`, which is rarely meant.
    pub joins: Vec<Span>,
}

impl MappedText {
    /// Maps the value of a TOML string whose source (quotes included) is `source[span]`.
    ///
    /// If decoding the source does not reproduce `value` (which would be a bug), every byte
    /// maps to the start of the string: coarse, but never wrong about the line.
    pub fn from_toml(source: &str, span: Span, value: &str) -> Self {
        // Whether the TOML reader keeps a CRLF line ending inside a multi-line string as it is or
        // normalises it to LF is its choice; accept either, so that files saved on Windows map exactly.
        for keep_cr in [true, false] {
            if let Some(raw) = source.get(span.clone())
                && let Some(mapped) = decode(raw, span.start, keep_cr)
                && mapped.text == value
            {
                return mapped;
            }
        }
        Self { text: value.to_owned(), offsets: vec![span.start; value.len() + 1], joins: Vec::new() }
    }

    /// The file offsets of the value's bytes `range`, plus the one after them.
    pub fn offsets(&self, range: Span) -> Vec<usize> {
        let end = range.end.min(self.text.len());
        let start = range.start.min(end);
        self.offsets[start..=end].to_vec()
    }

    /// The file span of the value's byte range `range`.
    pub fn span(&self, range: Span) -> Span {
        let start = self.offsets[range.start.min(self.text.len())];
        if range.end <= range.start {
            return start..start;
        }
        // The end is just after the last byte of the range, which may have been an escape.
        let last = self.offsets[(range.end - 1).min(self.text.len())];
        let last_len = self.source_len_at(range.end - 1);
        start..(last + last_len).max(start)
    }

    /// How many source bytes the value byte at `i` stands for (1 for plain text, more for escapes).
    fn source_len_at(&self, i: usize) -> usize {
        let here = self.offsets[i.min(self.text.len())];
        // Find the next distinct source offset after the whole character at `i`.
        let mut j = i + 1;
        while j < self.text.len() && !self.text.is_char_boundary(j) {
            j += 1;
        }
        let next = self.offsets[j.min(self.text.len())];
        if next > here { next - here } else { 1 }
    }

    /// Removes the indentation common to all non-blank lines, and a trailing blank line.
    ///
    /// Authors indent multi-line strings along with their tables; Markdown would read that
    /// indentation as a code block, so it is removed before parsing.
    pub fn dedent(&self) -> MappedText {
        let lines: Vec<(usize, &str)> = line_starts(&self.text);
        let indent = lines
            .iter()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(_, l)| l.len() - l.trim_start_matches([' ', '\t']).len())
            .min()
            .unwrap_or(0);
        let mut text = String::with_capacity(self.text.len());
        let mut offsets = Vec::with_capacity(self.offsets.len());
        for (start, line) in lines {
            let skip =
                if line.trim().is_empty() { line.len() - line.trim_start_matches([' ', '\t']).len() } else { indent };
            let keep_from = start + skip.min(line.len());
            text.push_str(&self.text[keep_from..start + line.len()]);
            offsets.extend_from_slice(&self.offsets[keep_from..start + line.len()]);
        }
        offsets.push(*self.offsets.last().unwrap_or(&0));
        MappedText { text, offsets, joins: self.joins.clone() }
    }
}

/// Each line of `text` with its start offset; a line includes its `\n`.
fn line_starts(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        out.push((start, line));
        start += line.len();
    }
    out
}

/// Decodes a TOML string literal found at file offset `base`.
fn decode(raw: &str, base: usize, keep_cr: bool) -> Option<MappedText> {
    let (delim, multiline) = if raw.starts_with("\"\"\"") {
        ("\"\"\"", true)
    } else if raw.starts_with("'''") {
        ("'''", true)
    } else if raw.starts_with('"') {
        ("\"", false)
    } else if raw.starts_with('\'') {
        ("'", false)
    } else {
        return None;
    };
    let body = raw.strip_prefix(delim)?.strip_suffix(delim)?;
    let mut pos = delim.len();
    // A newline right after the opening delimiter of a multi-line string is not part of it.
    let mut rest = body;
    if multiline {
        if let Some(r) = rest.strip_prefix("\r\n") {
            rest = r;
            pos += 2;
        } else if let Some(r) = rest.strip_prefix('\n') {
            rest = r;
            pos += 1;
        }
    }
    let literal = delim.starts_with('\'');
    let mut text = String::with_capacity(rest.len());
    let mut offsets = Vec::with_capacity(rest.len() + 1);
    let push = |text: &mut String, offsets: &mut Vec<usize>, c: char, at: usize| {
        text.push(c);
        offsets.extend(std::iter::repeat_n(base + at, c.len_utf8()));
    };
    let mut joins = Vec::new();
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let at = pos + i;
        if c == '\r' && multiline && !keep_cr && matches!(chars.peek(), Some((_, '\n'))) {
            continue;
        }
        if literal || c != '\\' {
            push(&mut text, &mut offsets, c, at);
            continue;
        }
        let (_, e) = chars.next()?;
        let decoded = match e {
            'b' => '\u{8}',
            't' => '\t',
            'n' => '\n',
            'f' => '\u{c}',
            'r' => '\r',
            'e' => '\u{1b}',
            '"' => '"',
            '\\' => '\\',
            'x' | 'u' | 'U' => {
                let n = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let mut hex = String::new();
                for _ in 0..n {
                    hex.push(chars.next()?.1);
                }
                char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?
            }
            c if c.is_whitespace() && multiline => {
                // A line-ending backslash swallows all following whitespace and newlines.
                while matches!(chars.peek(), Some((_, w)) if w.is_whitespace()) {
                    chars.next();
                }
                let before = text.chars().next_back().is_some_and(char::is_alphanumeric);
                let after = chars.peek().is_some_and(|(_, c)| c.is_alphanumeric());
                if before && after {
                    joins.push(base + at..base + at + 1);
                }
                continue;
            }
            _ => return None,
        };
        push(&mut text, &mut offsets, decoded, at);
    }
    offsets.push(base + raw.len() - delim.len());
    Some(MappedText { text, offsets, joins })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(source: &str, value: &str) -> MappedText {
        let start = source.find(['"', '\'']).unwrap();
        MappedText::from_toml(source, start..source.len(), value)
    }

    #[test]
    fn basic_string_escapes_shift_offsets() {
        let src = r#"x = "a\u00e9b\"c""#;
        let m = map(src, "aéb\"c");
        let c = m.text.find('c').unwrap();
        assert_eq!(&src[m.span(c..c + 1)], "c");
        let e = m.text.find('é').unwrap();
        assert_eq!(&src[m.span(e..e + 2)], "\\u00e9");
    }

    #[test]
    fn multiline_literal_maps_lines_and_dedent() {
        let src = "x = '''\n    - one [^a]\n      - two\n    '''";
        let m = map(src, "    - one [^a]\n      - two\n    ").dedent();
        assert_eq!(m.text, "- one [^a]\n  - two\n");
        let r = m.text.find("[^a]").unwrap();
        assert_eq!(&src[m.span(r..r + 4)], "[^a]");
    }

    #[test]
    fn line_ending_backslash_is_skipped() {
        let src = "x = \"\"\"\nab \\\n   cd\"\"\"";
        let m = map(src, "ab cd");
        let d = m.text.find('d').unwrap();
        assert_eq!(&src[m.span(d..d + 1)], "d");
    }

    #[test]
    fn crlf_multiline_maps_exactly_whether_or_not_cr_is_kept() {
        let src = "x = \"\"\"\r\nfirst line\r\nsecond [^b] line\r\n\"\"\"";
        for value in ["first line\r\nsecond [^b] line\r\n", "first line\nsecond [^b] line\n"] {
            let m = map(src, value);
            let r = m.text.find("[^b]").unwrap();
            assert_eq!(&src[m.span(r..r + 4)], "[^b]", "{value:?}");
        }
    }

    #[test]
    fn continuation_gluing_two_words_is_recorded() {
        let src = "x = \"\"\"\ninter\\\n   national, and \\\n  spaced\"\"\"";
        let m = map(src, "international, and spaced");
        assert_eq!(m.joins.len(), 1);
        assert_eq!(&src[m.joins[0].clone()], "\\");
        assert_eq!(src[..m.joins[0].start].rsplit('\n').next(), Some("inter"));
    }

    #[test]
    fn mismatch_falls_back_to_string_start() {
        let src = "x = \"abc\"";
        let m = map(src, "zzz");
        assert_eq!(m.span(1..2).start, 4);
    }
}
