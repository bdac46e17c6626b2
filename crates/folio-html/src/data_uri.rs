//! `data:` URIs for the images the page carries, so that it loads nothing.

/// A `data:` URI holding `bytes`, the contents of the image file at `path` (a figure's or a
/// logo's path, already checked to be PNG, JPEG or SVG): the type is the one its name says, as
/// `folio_compile::check_images` requires. `None` for any other name.
///
/// ```
/// assert_eq!(folio_html::data_uri("logos/a.svg", b"<svg/>").as_deref(), Some("data:image/svg+xml;base64,PHN2Zy8+"));
/// assert_eq!(folio_html::data_uri("notes.txt", b"x"), None);
/// ```
pub fn data_uri(path: &str, bytes: &[u8]) -> Option<String> {
    let extension = path.rsplit_once('.')?.1.to_ascii_lowercase();
    let mime = match extension.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "svg" => "image/svg+xml",
        _ => return None,
    };
    Some(format!("data:{mime};base64,{}", base64(bytes)))
}

/// Standard Base64 with padding (RFC 4648, section 4).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let [a, b, c] = [0, 1, 2].map(|i| chunk.get(i).copied().map_or(0, u32::from));
        let n = (a << 16) | (b << 8) | c;
        for i in 0..4 {
            if i <= chunk.len() {
                let index = ((n >> (18 - 6 * i)) & 63) as usize;
                out.push(ALPHABET.get(index).map_or('A', |b| char::from(*b)));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_of_rfc_4648_test_vectors() {
        for (input, output) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), output, "{input}");
        }
        assert_eq!(base64(&[0xff, 0xfe, 0x00]), "//4A");
    }

    #[test]
    fn the_type_is_the_one_the_name_says() {
        assert!(data_uri("figures/a.PNG", b"x").unwrap().starts_with("data:image/png;base64,"));
        assert!(data_uri("a.jpeg", b"x").unwrap().starts_with("data:image/jpeg;base64,"));
        assert!(data_uri("a.JPG", b"x").unwrap().starts_with("data:image/jpeg;base64,"));
        assert_eq!(data_uri("a.gif", b"x"), None);
        assert_eq!(data_uri("png", b"x"), None);
    }
}
