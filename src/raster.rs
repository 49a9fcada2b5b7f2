//! Stage 4, `raster`: SVG → PNG with resvg, the embedded fonts and nothing else.
//!
//! Sizes follow Graphviz's PNG output: 96 pixels per inch (the SVG is in points, 72 per inch),
//! times `scale`. The pixel count is checked against [`limits::MAX_PNG_PIXELS`] before the
//! pixmap is allocated. No file or URL is ever read: `<image>` references resolve to nothing.

use resvg::tiny_skia;
use resvg::usvg;

use crate::error::{Error, Result};
use crate::fonts;
use crate::limits;

/// Draws `svg` as a PNG at `scale` (1 = Graphviz's 96 dpi).
pub fn rasterize(svg: &str, scale: f32) -> Result<Vec<u8>> {
    let options = usvg::Options {
        fontdb: fonts::database(),
        font_family: fonts::SERIF.to_string(),
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
                let style = match font.style() {
                    usvg::FontStyle::Normal => usvg::fontdb::Style::Normal,
                    _ => usvg::fontdb::Style::Italic,
                };
                db.query(&usvg::fontdb::Query {
                    families: &[usvg::fontdb::Family::Name(family)],
                    weight: usvg::fontdb::Weight(font.weight()),
                    style,
                    ..Default::default()
                })
            }),
            select_fallback: usvg::FontResolver::default_fallback_selector(),
        },
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..Default::default()
    };
    let tree = usvg::Tree::from_str(svg, &options)
        .map_err(|e| Error::Internal(format!("the SVG could not be read for PNG: {e}")))?;
    let size = tree.size();
    let width = (f64::from(size.width()) * f64::from(scale)).ceil();
    let height = (f64::from(size.height()) * f64::from(scale)).ceil();
    check_size(width, height)?;
    let (width, height) = (width as u32, height as u32);
    let mut pixmap = tiny_skia::Pixmap::new(width.max(1), height.max(1))
        .ok_or_else(|| Error::Internal(format!("cannot allocate a {width}×{height} pixmap")))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| Error::Internal(format!("PNG encoding failed: {e}")))
}

fn check_size(width: f64, height: f64) -> Result<()> {
    let side = width.max(height);
    if side > limits::MAX_PNG_SIDE as f64 {
        return Err(Error::TooLarge {
            what: "PNG side (pixels)",
            actual: side as u64,
            limit: limits::MAX_PNG_SIDE,
        });
    }
    let pixels = width * height;
    if pixels > limits::MAX_PNG_PIXELS as f64 {
        return Err(Error::TooLarge {
            what: "PNG size (pixels)",
            actual: pixels as u64,
            limit: limits::MAX_PNG_PIXELS,
        });
    }
    Ok(())
}
