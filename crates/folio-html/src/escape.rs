//! Escaping: every piece of data reaches the page through these functions, as text or as the
//! value of a double-quoted attribute, never as markup.

/// Appends `c` to `out` as HTML text (the same escapes serve double-quoted attribute values).
pub(crate) fn push_char(out: &mut String, c: char) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&#39;"),
        // The checker refuses control characters; a page must not carry them whatever it says
        // (HTML forbids most of them), so any that got through shows as a replacement mark.
        c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{FFFD}'),
        c => out.push(c),
    }
}

/// Appends `s` to `out` as HTML text or as a double-quoted attribute's value.
pub(crate) fn push_str(out: &mut String, s: &str) {
    for c in s.chars() {
        push_char(out, c);
    }
}

/// Whether `url` may be a link's target: a web or mail address. The checker allows nothing
/// else (`bad-url`); this keeps a `javascript:` target off the page even if it did.
pub(crate) fn is_safe_url(url: &str) -> bool {
    ["http://", "https://", "mailto:"].iter().any(|p| url.get(..p.len()).is_some_and(|s| s.eq_ignore_ascii_case(p)))
}

/// Whether `src` may be an image's source: an inline `data:image/…` URI (the page loads no
/// external resource).
pub(crate) fn is_data_image(src: &str) -> bool {
    src.get(..11).is_some_and(|p| p.eq_ignore_ascii_case("data:image/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escape(s: &str) -> String {
        let mut out = String::new();
        push_str(&mut out, s);
        out
    }

    #[test]
    fn markup_characters_are_escaped() {
        assert_eq!(
            escape(r#"<script>"x" & 'y'</script>"#),
            "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;"
        );
        assert_eq!(escape("a\u{0}b\u{1b}c\nd"), "a\u{FFFD}b\u{FFFD}c\nd");
    }

    #[test]
    fn only_web_and_mail_links() {
        assert!(is_safe_url("https://example.org/a?b=c"));
        assert!(is_safe_url("HTTP://EXAMPLE.ORG"));
        assert!(is_safe_url("mailto:a@example.org"));
        for bad in ["javascript:alert(1)", " https://x.org", "data:text/html,x", "//evil.org", "#x", ""] {
            assert!(!is_safe_url(bad), "{bad}");
        }
    }

    #[test]
    fn only_inline_images() {
        assert!(is_data_image("data:image/png;base64,AAAA"));
        assert!(is_data_image("DATA:IMAGE/svg+xml;base64,AAAA"));
        assert!(!is_data_image("https://example.org/x.png"));
        assert!(!is_data_image("data:text/html,<script>"));
        assert!(!is_data_image("javascript:x"));
    }
}
