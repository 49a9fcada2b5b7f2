//! The pipeline: a [`Diagram`] drawn by its kind, then through the shared stages in order —
//! [`crate::svg`] (sanitise), [`crate::theme`], and for bitmaps [`crate::raster`] (with the
//! embedded [`crate::fonts`]). Text formats are served as the kind wrote them.

use crate::diagram::{Content, Diagram, Format, Output};
use crate::error::Result;
use crate::{raster, svg, theme};

/// Draws `diagram` in its format.
pub fn draw(diagram: &Diagram) -> Result<Output> {
    let kind = diagram.kind;
    if !kind.formats().contains(&diagram.format) {
        return Err(Format::unsupported(diagram.format.name().to_string(), kind));
    }
    let drawing = kind.draw(diagram)?;
    let mut diagnostics = drawing.diagnostics;
    let bytes = match drawing.content {
        Content::Text(text) => text.into_bytes(),
        Content::Svg(text) => {
            let clean = svg::sanitize(&text, kind.svg_elements());
            if diagram.format.is_bitmap() {
                let themed = theme::apply(clean, drawing.theme.for_bitmap());
                let scale = (drawing.raster_scale * diagram.options.scale) as f32;
                let bitmap = raster::rasterize(&themed, scale, diagram.format)?;
                diagnostics.extend(bitmap.note);
                bitmap.bytes
            } else {
                theme::apply(clean, drawing.theme).into_bytes()
            }
        }
    };
    Ok(Output { bytes, diagnostics })
}
