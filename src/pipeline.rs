//! The pipeline: a [`Diagram`] laid out by its kind and sanitised ([`lay_out`]), then finished
//! in its format ([`finish`]) through the shared stages in order — [`crate::theme`], and for
//! bitmaps [`crate::raster`], for PDF [`crate::pdf`] (both with the embedded [`crate::fonts`]). Text formats are served as
//! the kind wrote them. The two halves are apart so that a host holding a laid-out drawing
//! can finish it in another format without laying the diagram out again.

use crate::diagram::{Content, Diagram, Drawing, Format, Output};
use crate::error::Result;
use crate::{pdf, raster, svg, theme};

/// Draws `diagram` in its format.
pub fn draw(diagram: &Diagram) -> Result<Output> {
    finish(diagram, lay_out(diagram)?)
}

/// What `diagram`'s kind draws, its SVG sanitised; not yet themed or converted.
pub fn lay_out(diagram: &Diagram) -> Result<Drawing> {
    let kind = diagram.kind;
    if !kind.formats().contains(&diagram.format) {
        return Err(Format::unsupported(diagram.format.name().to_string(), kind));
    }
    let mut drawing = kind.draw(diagram)?;
    if let Content::Svg(text) = &drawing.content {
        drawing.content = Content::Svg(svg::sanitize(text, kind.svg_elements()));
    }
    Ok(drawing)
}

/// `drawing` (from [`lay_out`]) in `diagram`'s format.
pub fn finish(diagram: &Diagram, drawing: Drawing) -> Result<Output> {
    let mut diagnostics = drawing.diagnostics;
    let bytes = match drawing.content {
        Content::Text(text) => text.into_bytes(),
        Content::Svg(clean) if diagram.format.is_bitmap() => {
            let themed = theme::apply(clean, drawing.theme.for_bitmap());
            let scale = (drawing.raster_scale * diagram.options.scale) as f32;
            let bitmap = raster::rasterize(&themed, scale, diagram.format)?;
            diagnostics.extend(bitmap.note);
            bitmap.bytes
        }
        Content::Svg(clean) if diagram.format == Format::Pdf => {
            let themed = theme::apply(clean, drawing.theme.for_bitmap());
            let document = pdf::write(&themed, diagram.options.scale as f32)?;
            diagnostics.extend(document.notes);
            document.bytes
        }
        Content::Svg(clean) => theme::apply(clean, drawing.theme).into_bytes(),
    };
    Ok(Output { bytes, diagnostics })
}
