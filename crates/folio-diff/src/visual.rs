//! Side-by-side images of the pages that changed: the old page on the left and the new one on
//! the right, each readable on its own, with only what is unique to each side marked.
//!
//! Pages are paired by their text, not their number: each changed new page is shown beside the
//! old page whose text is closest (within three pages), so a paragraph added early, which pushes
//! everything down a page, still shows the page that holds each text. On the two pages, the
//! lines one has and the other lacks are marked: their ink red on the old page, green on the
//! new. Lines that only moved are left as printed, so reflowed text reads as text.

use folio_compile::{RenderedPage, TextLine, Typeset};

/// Pixels per point for review images: 1.5 (108 dpi), enough to read, small enough to skim.
pub const PIXELS_PER_POINT: f32 = 1.5;

/// One side-by-side image of a changed page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageImage {
    /// The new page's number (1-based).
    pub page: usize,
    /// The old page shown beside it (1-based), the one with the closest text.
    pub old_page: usize,
    /// The sections the new page holds, by number and title.
    pub sections: Vec<String>,
    /// Its file name, `page-NNN.png`.
    pub name: String,
    /// How many pixels are marked, on both sides.
    pub changed_pixels: usize,
    /// How many pixels carry ink (dark pixels), on both sides, marked or not.
    pub ink_pixels: usize,
    /// The PNG.
    pub png: Vec<u8>,
}

/// Renders each new page in `pages` (1-based) beside the old page with the closest text, with
/// the lines unique to each side marked. The caller writes the images (the CLI writes every
/// file through its crash-safe writer).
pub fn images(old: &Typeset, new: &Typeset, pages: &[usize]) -> std::io::Result<Vec<PageImage>> {
    let (old_texts, new_texts) = (old.page_texts(), new.page_texts());
    let (old_lines, new_lines) = (old.text_lines(), new.text_lines());
    let outline = new.outline();
    let mut images = Vec::new();
    for &page in pages {
        let j = page.saturating_sub(1);
        let i = closest(&old_texts, new_texts.get(j).map_or("", String::as_str), j);
        let a = old.render_page(i, PIXELS_PER_POINT);
        let b = new.render_page(j, PIXELS_PER_POINT);
        let none = Vec::new();
        let (ol, nl) = (old_lines.get(i).unwrap_or(&none), new_lines.get(j).unwrap_or(&none));
        let (image, changed, ink) = side_by_side(a.as_ref(), b.as_ref(), &unique(ol, nl), &unique(nl, ol));
        // The sections on the page: the one running onto it, and those starting on it.
        let mut sections: Vec<String> = outline
            .iter()
            .rfind(|h| h.page < page)
            .into_iter()
            .chain(outline.iter().filter(|h| h.page == page))
            .map(|h| if h.number.is_empty() { h.title.clone() } else { format!("{} {}", h.number, h.title) })
            .collect();
        sections.dedup();
        images.push(PageImage {
            page,
            old_page: i + 1,
            sections,
            name: format!("page-{page:03}.png"),
            changed_pixels: changed,
            ink_pixels: ink,
            png: encode(&image)?,
        });
    }
    Ok(images)
}

/// An `index.md` listing the images in page order, with the sections each page holds.
pub fn index(images: &[PageImage]) -> String {
    let mut index = String::from(
        "# Changed pages\n\nThe old page on the left, the new one on the right, paired by their text; the lines \
         only the old page has in red, those only the new page has in green.\n\n",
    );
    for i in images {
        let beside = if i.old_page == i.page { String::new() } else { format!(" (beside old page {})", i.old_page) };
        let sections = if i.sections.is_empty() { String::new() } else { format!(": {}", i.sections.join("; ")) };
        index.push_str(&format!("- [page {}]({}){beside}{sections}\n", i.page, i.name));
    }
    index
}

/// The old page (index from 0) whose text is closest to `text`, among the three pages either
/// side of `near`; `near` itself when there are none.
fn closest(old: &[String], text: &str, near: usize) -> usize {
    let range = near.saturating_sub(3)..(near + 4).min(old.len());
    range
        .map(|i| (similar::TextDiff::from_words(old[i].as_str(), text).ratio(), usize::abs_diff(i, near), i))
        // The highest ratio; of equals, the nearest page.
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
        .map_or(near, |(_, _, i)| i)
}

/// The vertical bands (top, bottom, in points) of the lines of `lines` that `other` lacks.
fn unique(lines: &[TextLine], other: &[TextLine]) -> Vec<(f64, f64)> {
    let norm = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let theirs: Vec<String> = other.iter().map(|l| norm(&l.text)).collect();
    lines.iter().filter(|l| !theirs.contains(&norm(&l.text))).map(|l| (l.top, l.bottom)).collect()
}

/// Both pages next to each other on white, a gap between; missing pages stay blank. Ink (dark
/// pixels) inside a band of `old_bands` is red on the old page, inside `new_bands` green on the
/// new one.
fn side_by_side(
    a: Option<&RenderedPage>,
    b: Option<&RenderedPage>,
    old_bands: &[(f64, f64)],
    new_bands: &[(f64, f64)],
) -> (RenderedPage, usize, usize) {
    const GAP: u32 = 24;
    let w = |p: Option<&RenderedPage>| p.map_or(0, |p| p.width);
    let h = |p: Option<&RenderedPage>| p.map_or(0, |p| p.height);
    let half = w(a).max(w(b));
    let (width, height) = (half * 2 + GAP, h(a).max(h(b)));
    let mut out = RenderedPage { width, height, rgba: vec![255; (width * height * 4) as usize] };
    let in_band = |bands: &[(f64, f64)], y: u32| {
        let pt = f64::from(y) / f64::from(PIXELS_PER_POINT);
        bands.iter().any(|(top, bottom)| pt >= *top && pt <= *bottom)
    };
    let (mut changed, mut ink) = (0, 0);
    for (offset, page, bands, mark) in [(0, a, old_bands, [200, 0, 0]), (half + GAP, b, new_bands, [0, 140, 40])] {
        let Some(page) = page else { continue };
        for y in 0..page.height {
            let marked_line = in_band(bands, y);
            for x in 0..page.width {
                let i = ((y * page.width + x) * 4) as usize;
                let [r, g, bl, al] = [page.rgba[i], page.rgba[i + 1], page.rgba[i + 2], page.rgba[i + 3]];
                // Un-premultiply onto white.
                let over = |c: u8| c.saturating_add(255 - al);
                let mut rgb = [over(r), over(g), over(bl)];
                let dark = u32::from(rgb[0]) + u32::from(rgb[1]) + u32::from(rgb[2]) < 3 * 170;
                ink += usize::from(dark);
                if marked_line && dark {
                    rgb = mark;
                    changed += 1;
                }
                let o = ((y * width + x + offset) * 4) as usize;
                out.rgba[o..o + 4].copy_from_slice(&[rgb[0], rgb[1], rgb[2], 255]);
            }
        }
    }
    (out, changed, ink)
}

fn encode(image: &RenderedPage) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, image.width, image.height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(std::io::Error::other)?;
    writer.write_image_data(&image.rgba).map_err(std::io::Error::other)?;
    writer.finish().map_err(std::io::Error::other)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A new page is paired with the old page that holds its text, not the one with its number.
    #[test]
    fn pages_are_paired_by_their_text() {
        let old: Vec<String> = ["cover", "alpha beta gamma", "delta epsilon zeta", "eta theta iota"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        // New page 3 (index 2) holds what old page 2 (index 1) held: a page was inserted before.
        assert_eq!(closest(&old, "alpha beta gamma", 2), 1);
        assert_eq!(closest(&old, "eta theta iota", 2), 3);
        // Equally close: the nearest page.
        assert_eq!(closest(&old, "nothing alike", 2), 2);
    }

    #[test]
    fn only_lines_the_other_side_lacks_are_marked() {
        let line = |top: f64, text: &str| TextLine { top, bottom: top + 10.0, text: text.to_owned() };
        let old = [line(10.0, "kept line"), line(20.0, "old  words")];
        let new = [line(30.0, "kept   line"), line(40.0, "new words")];
        assert_eq!(unique(&old, &new), [(20.0, 30.0)]);
        assert_eq!(unique(&new, &old), [(40.0, 50.0)]);
    }
}
