//! The image files a document names (figures, logos), checked when the data is checked: each
//! must be a regular file inside the data folder, of at most [`MAX_FILE_BYTES`], and decode as
//! the image its name says. A problem is reported at the path in the data, so `folio check`
//! finds a missing figure before a build is tried.

use std::path::Path;

use folio_model::{Diagnostic, Document};
use typst::foundations::Bytes;
use typst::visualize::{ExchangeFormat, ImageFormat, RasterFormat, RasterImage, SvgImage, VectorFormat};

use crate::world::MAX_FILE_BYTES;

/// Every problem with the images `doc` names, read from `data_dir`.
pub fn check_images(doc: &Document, data_dir: &Path) -> Vec<Diagnostic> {
    check_image_paths(&doc.images(), &doc.file, data_dir)
}

/// Every problem with the images at `paths` (written in the file `file`), read from `data_dir`.
pub fn check_image_paths(paths: &[&folio_model::Located<String>], file: &str, data_dir: &Path) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Ok(root) = data_dir.canonicalize() else { return out };
    for path in paths.iter().copied() {
        // The model refused paths that leave the folder, there.
        if folio_model::figure_path_problem(&path.value).is_some() {
            continue;
        }
        if let Err((code, message)) = check_image(&root, &path.value) {
            let shown: String = path.value.chars().take(80).collect();
            out.push(
                Diagnostic::error(code, file, path.span.clone(), format!("`{shown}` {message}"))
                    .with_span_label("this image")
                    .with_help(help(code)),
            );
        }
    }
    out
}

fn help(code: &str) -> &'static str {
    match code {
        "image-missing" => "image paths are relative to the data file's folder; check the name and its case",
        "image-too-large" => "export the image smaller: a figure rarely needs more than 2,000 pixels across",
        "image-format" => "save the image as PNG, JPEG or SVG, with the matching extension",
        _ => "check that the file can be read and opens in an image viewer",
    }
}

fn check_image(root: &Path, rel: &str) -> Result<(), (&'static str, String)> {
    let host = root.join(rel);
    let real = host.canonicalize().map_err(|_| ("image-missing", "is not in the data file's folder".to_owned()))?;
    // A symbolic link may point anywhere: only what lies inside the folder is read.
    if !real.starts_with(root) {
        return Err(("image-outside", "leads outside the data file's folder (a symbolic link)".to_owned()));
    }
    let meta = std::fs::metadata(&real).map_err(|e| ("image-unreadable", format!("cannot be read: {e}")))?;
    if !meta.is_file() {
        return Err(("image-unreadable", "is not a regular file".to_owned()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err((
            "image-too-large",
            format!("is {} MiB; folio reads images of up to {} MiB", meta.len() >> 20, MAX_FILE_BYTES >> 20),
        ));
    }
    let data = std::fs::read(&real).map_err(|e| ("image-unreadable", format!("cannot be read: {e}")))?;
    let lower = rel.to_ascii_lowercase();
    let named = if lower.ends_with(".svg") {
        ImageFormat::Vector(VectorFormat::Svg)
    } else if lower.ends_with(".png") {
        ImageFormat::Raster(RasterFormat::Exchange(ExchangeFormat::Png))
    } else {
        ImageFormat::Raster(RasterFormat::Exchange(ExchangeFormat::Jpg))
    };
    let found = ImageFormat::detect(&data);
    if found.is_some_and(|f| f != named) {
        return Err(("image-format", format!("holds {} data, not what its name says", format_name(found))));
    }
    let bytes = Bytes::new(data);
    let decoded = match named {
        // `LoadError` shows its message only through `Debug`; take the message out of it.
        ImageFormat::Vector(_) => SvgImage::new(bytes).map(|_| ()).map_err(|e| {
            let debug = format!("{e:?}");
            debug
                .split_once("message: \"")
                .and_then(|(_, rest)| rest.split_once('"'))
                .map_or_else(|| "not a valid SVG file".to_owned(), |(m, _)| m.to_owned())
        }),
        ImageFormat::Raster(format) => RasterImage::plain(bytes, format).map(|_| ()).map_err(|e| e.to_string()),
    };
    decoded.map_err(|e| {
        let e: String = e.chars().take(120).collect();
        ("image-undecodable", format!("cannot be decoded as {}: {e}", format_name(Some(named))))
    })
}

fn format_name(format: Option<ImageFormat>) -> &'static str {
    match format {
        Some(ImageFormat::Vector(VectorFormat::Svg)) => "SVG",
        Some(ImageFormat::Vector(_)) => "PDF",
        Some(ImageFormat::Raster(RasterFormat::Exchange(ExchangeFormat::Png))) => "PNG",
        Some(ImageFormat::Raster(RasterFormat::Exchange(ExchangeFormat::Jpg))) => "JPEG",
        Some(ImageFormat::Raster(_)) => "other image",
        None => "unknown",
    }
}
