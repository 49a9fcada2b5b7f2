//! Shared stage `raster`: SVG → PNG or JPEG with resvg, the embedded fonts and nothing else.
//!
//! Sizes follow Graphviz's PNG output: 96 pixels per inch (the SVG is in points, 72 per inch),
//! times `scale`. The pixel count is checked against [`limits::MAX_PNG_PIXELS`] before the
//! pixmap is allocated. No file or URL is ever read: `<image>` references resolve to nothing.

use resvg::tiny_skia;
use resvg::usvg;

use crate::diagram::Format;
use crate::error::{Diagnostic, Error, Result};
use crate::fonts;
use crate::limits;
use crate::svg::Clean;

/// A PNG or JPEG and what was noted while drawing it.
#[derive(Debug, Clone)]
pub struct Bitmap {
    pub bytes: Vec<u8>,
    /// Set when the drawing was scaled down to fit the pixel limits.
    pub note: Option<Diagnostic>,
}

/// Draws `tree` (an SVG as [`read`] or [`parse`] reads it) as a PNG (or, for
/// [`Format::Jpeg`], a JPEG on white) at `scale` (1 = Graphviz's 96 dpi).
///
/// A drawing larger than [`limits::MAX_PNG_PIXELS`] or [`limits::MAX_PNG_SIDE`] is scaled
/// down to fit, with a note, as Graphviz's own PNG renderer does when a graph is too large
/// for its bitmaps ("Scaling by ... to fit").
pub fn rasterize(tree: &usvg::Tree, scale: f32, format: Format) -> Result<Bitmap> {
    let size = tree.size();
    let (scale, note) = fit(
        f64::from(size.width()),
        f64::from(size.height()),
        f64::from(scale),
    );
    let width = (f64::from(size.width()) * scale).ceil().max(1.0) as u32;
    let height = (f64::from(size.height()) * scale).ceil().max(1.0) as u32;
    let scale = scale as f32;
    let mut pixmap = tiny_skia::Pixmap::new(width.max(1), height.max(1))
        .ok_or_else(|| Error::Internal(format!("cannot allocate a {width}×{height} pixmap")))?;
    resvg::render(
        tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let bytes = match format {
        Format::Jpeg => encode_jpeg(&pixmap)
            .map_err(|e| Error::Internal(format!("JPEG encoding failed: {e}")))?,
        _ => encode(&pixmap, COMPRESSION)
            .map_err(|e| Error::Internal(format!("PNG encoding failed: {e}")))?,
    };
    Ok(Bitmap { bytes, note })
}

/// Reads a sanitised SVG once, for whichever of [`rasterize`] and [`crate::pdf::write`] draws
/// it.
pub fn parse(svg: &Clean) -> Result<usvg::Tree> {
    read(svg.as_str())
}

/// Reads `svg` as resvg will draw it: text laid out with the embedded faces only (the first
/// family of a `font-family` list, by Graphviz's names), no external images.
pub fn read(svg: &str) -> Result<usvg::Tree> {
    let options = usvg::Options {
        fontdb: fonts::database(),
        font_family: fonts::SERIF.to_string(),
        // Text that names no size is drawn at a browser's default, CSS `medium` (16 px), not
        // usvg's 12: pikchr's SVG names none, and a browser draws it at 16 (measured by
        // tests/e2e/png-matches-browser.browser.test.mjs: 3.5 % of pixels apart at 12).
        font_size: 16.0,
        font_resolver: usvg::FontResolver {
            select_font: Box::new(|font, db| {
                let family = font
                    .families()
                    .first()
                    .map(|f| match f {
                        usvg::FontFamily::Named(name) => fonts::family_for(name),
                        usvg::FontFamily::SansSerif => fonts::SANS,
                        usvg::FontFamily::Monospace => fonts::MONO,
                        _ => fonts::SERIF,
                    })
                    .unwrap_or(fonts::SERIF);
                let italic = font.style() != usvg::FontStyle::Normal;
                fonts::face(db, family, font.weight(), italic)
            }),
            select_fallback: usvg::FontResolver::default_fallback_selector(),
        },
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..Default::default()
    };
    usvg::Tree::from_str(svg, &options).map_err(read_error)
}

/// What an SVG usvg cannot read means. A size that is not a positive finite number
/// (`width="-1389934584pt"`, `height="0"`, an infinite `viewBox`) comes from the input (an
/// attribute that overflowed or vanished), so it is the input's 400, not a 500; the kinds
/// check the sizes they can name first (`graph::sizes` for Graphviz's). Any other reading
/// failure is an SVG edgeviz wrote wrong: a bug.
fn read_error(e: usvg::Error) -> Error {
    match e {
        usvg::Error::InvalidSize => Error::Layout {
            message: "the drawing's width or height is not a positive finite number, so it \
                      has no bitmap or page size (a size attribute too large, negative or zero?)"
                .into(),
            diagnostics: Vec::new(),
        },
        e => Error::Internal(format!("the SVG could not be read for PNG: {e}")),
    }
}

/// zlib effort of the PNG encoder (see bench/RESULTS.md for the size/time trade-off).
const COMPRESSION: png::Compression = png::Compression::Balanced;

/// Encodes the (premultiplied) pixmap as an RGBA PNG, demultiplying one row at a time, so
/// that no second full-size buffer is allocated (tiny-skia's own encoder copies the whole
/// pixmap first: for the largest PNG that is 32 MB more of the isolate's 128 MB).
fn encode(
    pixmap: &tiny_skia::Pixmap,
    compression: png::Compression,
) -> std::result::Result<Vec<u8>, png::EncodingError> {
    use std::io::Write as _;
    let width = pixmap.width() as usize;
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(compression);
    let mut writer = encoder.write_header()?;
    let mut stream = writer.stream_writer()?;
    let mut row = vec![0u8; width * 4];
    for pixels in pixmap.pixels().chunks(width) {
        for (dst, px) in row.chunks_exact_mut(4).zip(pixels) {
            let c = px.demultiply();
            dst.copy_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
        }
        stream.write_all(&row)?;
    }
    stream.finish()?;
    writer.finish()?;
    Ok(out)
}

/// JPEG quality: at 90 and above the encoder keeps full colour resolution (no 4:2:0
/// subsampling), which thin coloured lines and small text need.
const JPEG_QUALITY: u8 = 92;

/// Encodes the (premultiplied) pixmap as a baseline JPEG, each row composited on white as it
/// is handed to the encoder (JPEG has no transparency; Graphviz's `-Tjpeg` draws on white).
fn encode_jpeg(
    pixmap: &tiny_skia::Pixmap,
) -> std::result::Result<Vec<u8>, jpeg_encoder::EncodingError> {
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, JPEG_QUALITY).encode_image(OnWhite(pixmap))?;
    Ok(out)
}

/// A pixmap seen as opaque RGB over white. Premultiplied colour over white is colour plus
/// the white showing through: `c + 255 - alpha`, exact in integers (premultiplied, `c` is at
/// most `alpha`; saturating all the same: a panic would take the isolate down).
struct OnWhite<'a>(&'a tiny_skia::Pixmap);

impl jpeg_encoder::ImageBuffer for OnWhite<'_> {
    fn get_jpeg_color_type(&self) -> jpeg_encoder::JpegColorType {
        jpeg_encoder::JpegColorType::Ycbcr
    }

    fn width(&self) -> u16 {
        // The pixel limits keep each side within 16,384.
        self.0.width() as u16
    }

    fn height(&self) -> u16 {
        self.0.height() as u16
    }

    fn fill_buffers(&self, y: u16, buffers: &mut [Vec<u8>; 4]) {
        let width = self.0.width() as usize;
        let start = usize::from(y) * width;
        for px in &self.0.pixels()[start..start + width] {
            let white = 255 - px.alpha();
            let (y, cb, cr) =
                jpeg_encoder::rgb_to_ycbcr(px.red() + white, px.green() + white, px.blue() + white);
            buffers[0].push(y);
            buffers[1].push(cb);
            buffers[2].push(cr);
        }
    }
}

/// The scale to draw at: `scale`, reduced so that the PNG fits the pixel limits.
fn fit(width: f64, height: f64, scale: f64) -> (f64, Option<Diagnostic>) {
    let (w, h) = (width * scale, height * scale);
    let by_side = limits::MAX_PNG_SIDE as f64 / w.max(h).max(1.0);
    let by_area = (limits::MAX_PNG_PIXELS as f64 / (w * h).max(1.0)).sqrt();
    let factor = by_side.min(by_area);
    if factor >= 1.0 {
        return (scale, None);
    }
    // Shrink a hair more so that rounding up to whole pixels stays within the limits.
    let factor = factor * 0.999;
    let note = format!(
        "Warning: a {}x{} bitmap is over edgeviz's limit of {} pixels ({} per side); scaled by {:.3} to fit",
        w.ceil(),
        h.ceil(),
        limits::MAX_PNG_PIXELS,
        limits::MAX_PNG_SIDE,
        factor
    );
    (scale * factor, Some(Diagnostic::note(note)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_size_that_overflowed_or_vanished_is_the_inputs_400() {
        for size in [
            r#"width="-1389934584pt" height="10pt""#,
            r#"width="0" height="10""#,
        ] {
            let svg = format!(r#"<svg xmlns="http://www.w3.org/2000/svg" {size}/>"#);
            let err = read(&svg).unwrap_err();
            assert_eq!(err.status(), 400, "{err}");
            // PNG and PDF read the SVG through `read` (`parse`) before drawing it.
        }
    }

    #[test]
    fn large_drawings_are_scaled_to_fit() {
        assert_eq!(fit(100.0, 100.0, 1.0), (1.0, None));
        let (s, note) = fit(10_000.0, 10_000.0, 1.0);
        assert!(note.is_some());
        let px = (10_000.0 * s).ceil() * (10_000.0 * s).ceil();
        assert!(px <= limits::MAX_PNG_PIXELS as f64, "{px}");
        let (s, _) = fit(40_000.0, 10.0, 1.0);
        assert!((40_000.0 * s).ceil() <= limits::MAX_PNG_SIDE as f64);
    }
}
