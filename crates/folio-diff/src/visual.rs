//! Side-by-side images of the pages that changed, with the changed pixels highlighted.

use folio_compile::{RenderedPage, Typeset};

/// Pixels per point for review images: 1.5 (108 dpi), enough to read, small enough to skim.
pub const PIXELS_PER_POINT: f32 = 1.5;

/// One side-by-side image of a changed page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageImage {
    /// The page number (1-based).
    pub page: usize,
    /// Its file name, `page-NNN.png`.
    pub name: String,
    /// How many pixels differ.
    pub changed_pixels: usize,
    /// The PNG.
    pub png: Vec<u8>,
}

/// Renders each page in `pages` of both versions side by side (old left, new right, changed
/// pixels tinted red on both). The caller writes the images (the CLI writes every file through
/// its crash-safe writer).
pub fn images(old: &Typeset, new: &Typeset, pages: &[usize]) -> std::io::Result<Vec<PageImage>> {
    let mut images = Vec::new();
    for &page in pages {
        let a = old.render_page(page.saturating_sub(1), PIXELS_PER_POINT);
        let b = new.render_page(page.saturating_sub(1), PIXELS_PER_POINT);
        let (image, changed) = side_by_side(a.as_ref(), b.as_ref());
        images.push(PageImage {
            page,
            name: format!("page-{page:03}.png"),
            changed_pixels: changed,
            png: encode(&image)?,
        });
    }
    Ok(images)
}

/// An `index.md` listing the images, for the review.
pub fn index(images: &[PageImage]) -> String {
    let mut index =
        String::from("# Changed pages\n\nOld version on the left, new on the right; changed pixels in red.\n\n");
    for i in images {
        index.push_str(&format!("- page {}: {} changed pixels, [{}]({})\n", i.page, i.changed_pixels, i.name, i.name));
    }
    index
}

/// Both pages next to each other on white, a gap between; missing pages stay blank.
fn side_by_side(a: Option<&RenderedPage>, b: Option<&RenderedPage>) -> (RenderedPage, usize) {
    const GAP: u32 = 24;
    let w = |p: Option<&RenderedPage>| p.map_or(0, |p| p.width);
    let h = |p: Option<&RenderedPage>| p.map_or(0, |p| p.height);
    let (width, height) = (w(a).max(w(b)) * 2 + GAP, h(a).max(h(b)));
    let mut out = RenderedPage { width, height, rgba: vec![255; (width * height * 4) as usize] };
    let pixel = |p: Option<&RenderedPage>, x: u32, y: u32| -> Option<[u8; 4]> {
        let p = p?;
        (x < p.width && y < p.height).then(|| {
            let i = ((y * p.width + x) * 4) as usize;
            [p.rgba[i], p.rgba[i + 1], p.rgba[i + 2], p.rgba[i + 3]]
        })
    };
    let half = w(a).max(w(b));
    let mut changed = 0;
    for y in 0..height {
        for x in 0..half {
            let (pa, pb) = (pixel(a, x, y), pixel(b, x, y));
            let differs = pa != pb;
            changed += usize::from(differs);
            for (offset, p) in [(0, pa), (half + GAP, pb)] {
                let [r, g, bl, al] = p.unwrap_or([255, 255, 255, 255]);
                // Un-premultiply onto white, then tint changed pixels red.
                let over = |c: u8| c.saturating_add(255 - al);
                let mut rgb = [over(r), over(g), over(bl)];
                if differs {
                    rgb = [255, rgb[1] / 3, rgb[2] / 3];
                }
                let i = ((y * width + x + offset) * 4) as usize;
                out.rgba[i..i + 4].copy_from_slice(&[rgb[0], rgb[1], rgb[2], 255]);
            }
        }
    }
    (out, changed)
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
