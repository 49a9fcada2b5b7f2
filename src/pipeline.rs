//! The pipeline: a [`Diagram`] laid out by its kind and sanitised ([`lay_out`]), then styled
//! in its theme ([`style`]) and finished in its format ([`finish`]) through the shared stages
//! in order — [`crate::theme`], and for bitmaps [`crate::raster`], for PDF [`crate::pdf`]
//! (both from one parsed tree, with the embedded [`crate::fonts`]). Text formats are served
//! as the kind wrote them.
//!
//! Each seam is a type: the kind's [`Drawing`] (unsafe text), the sanitiser's
//! [`svg::Clean`] in a [`LaidOut`], the [`Styled`] SVG a picture format is drawn from. A
//! host that keeps a [`Styled`] SVG can finish it in another format without laying the
//! diagram out again ([`Start::Styled`]).

use crate::diagram::{Content, Diagram, Drawing, Format, Output, Theme};
use crate::error::{Diagnostic, Result};
use crate::svg::{self, Clean};
use crate::{pdf, raster, theme};

/// What a kind drew, sanitised: not yet themed or converted.
#[derive(Debug, Clone, PartialEq)]
pub struct LaidOut {
    pub picture: Picture,
    /// The shared recolouring still to apply ([`crate::theme`]).
    pub theme: Theme,
    /// [`Drawing::raster_scale`].
    pub raster_scale: f64,
    pub diagnostics: Vec<Diagnostic>,
}

/// The body of a [`LaidOut`].
#[derive(Debug, Clone, PartialEq)]
pub enum Picture {
    Svg(Clean),
    /// A text format (Graphviz's `json`, `dot`...), served as it is.
    Text(String),
}

/// A sanitised SVG in the theme it is served in, or (for PNG, JPEG and PDF) drawn in, with
/// what its bytes do not show. The SVG entry a bitmap is drawn from is one of these.
#[derive(Debug, Clone, PartialEq)]
pub struct Styled {
    pub svg: Clean,
    pub raster_scale: f64,
    pub diagnostics: Vec<Diagnostic>,
}

/// Where [`finish`] starts.
#[derive(Debug, Clone, PartialEq)]
pub enum Start {
    /// A diagram just laid out.
    LaidOut(LaidOut),
    /// An SVG styled earlier and kept: the source SVG of a bitmap or PDF.
    Styled(Styled),
}

/// What [`finish`] made.
#[derive(Debug, Clone)]
pub struct Finished {
    pub output: Output,
    /// For a format drawn from an SVG ([`drawn_from_svg`]) that [`finish`] styled itself:
    /// that SVG, for a host to keep as the format's source.
    pub source: Option<Styled>,
    /// The drawing's raster scale when it is a picture ([`Drawing::raster_scale`]), which
    /// an SVG's bytes do not show.
    pub raster_scale: Option<f64>,
}

/// Whether `format` is drawn from the SVG styled as a bitmap is (PNG, JPEG, PDF).
pub fn drawn_from_svg(format: Format) -> bool {
    format.is_bitmap() || format == Format::Pdf
}

/// Draws `diagram` in its format.
pub fn draw(diagram: &Diagram) -> Result<Output> {
    let laid = lay_out(diagram)?;
    Ok(finish(diagram, Start::LaidOut(laid))?.output)
}

/// What `diagram`'s kind draws, its SVG sanitised; not yet themed or converted.
pub fn lay_out(diagram: &Diagram) -> Result<LaidOut> {
    let kind = diagram.kind;
    if !kind.formats().contains(&diagram.format) {
        return Err(Format::unsupported(diagram.format.name().to_string(), kind));
    }
    let Drawing {
        content,
        theme,
        raster_scale,
        diagnostics,
    } = kind.draw(diagram)?;
    let picture = match content {
        Content::Svg(text) => Picture::Svg(svg::clean(&text, kind.svg_elements())),
        Content::Text(text) => Picture::Text(text),
    };
    Ok(LaidOut {
        picture,
        theme,
        raster_scale,
        diagnostics,
    })
}

/// `svg` of a drawing laid out in `theme`, styled as `format` is drawn: a bitmap or PDF in
/// [`Theme::for_bitmap`] (it has no `prefers-color-scheme`).
pub fn style(svg: Clean, theme: Theme, format: Format) -> Clean {
    let theme = if drawn_from_svg(format) {
        theme.for_bitmap()
    } else {
        theme
    };
    theme::apply(svg, theme)
}

/// The drawing `start` in `diagram`'s format.
pub fn finish(diagram: &Diagram, start: Start) -> Result<Finished> {
    let format = diagram.format;
    let laid = match start {
        Start::Styled(styled) => {
            let raster_scale = Some(styled.raster_scale);
            let output = convert(diagram, &styled)?;
            return Ok(Finished {
                output,
                source: None,
                raster_scale,
            });
        }
        Start::LaidOut(laid) => laid,
    };
    let raster_scale = Some(laid.raster_scale);
    let (output, source) = match laid.picture {
        Picture::Text(text) => {
            let output = Output {
                bytes: text.into_bytes(),
                diagnostics: laid.diagnostics,
            };
            return Ok(Finished {
                output,
                source: None,
                raster_scale: None,
            });
        }
        // Served as styled: no copy of the SVG is kept.
        Picture::Svg(svg) if !drawn_from_svg(format) => {
            let output = Output {
                bytes: style(svg, laid.theme, format).into_bytes(),
                diagnostics: laid.diagnostics,
            };
            (output, None)
        }
        Picture::Svg(svg) => {
            let styled = Styled {
                svg: style(svg, laid.theme, format),
                raster_scale: laid.raster_scale,
                diagnostics: laid.diagnostics,
            };
            (convert(diagram, &styled)?, Some(styled))
        }
    };
    Ok(Finished {
        output,
        source,
        raster_scale,
    })
}

/// A styled SVG in `diagram`'s format: the SVG itself, or a bitmap or PDF drawn from its
/// parsed tree, with the stage's notes after the drawing's diagnostics.
fn convert(diagram: &Diagram, styled: &Styled) -> Result<Output> {
    let mut diagnostics = styled.diagnostics.clone();
    let format = diagram.format;
    let bytes = if format.is_bitmap() {
        let tree = raster::parse(&styled.svg)?;
        let scale = (styled.raster_scale * diagram.options.scale) as f32;
        let bitmap = raster::rasterize(&tree, scale, format)?;
        diagnostics.extend(bitmap.note);
        bitmap.bytes
    } else if format == Format::Pdf {
        let tree = raster::parse(&styled.svg)?;
        let document = pdf::write(&tree, diagram.options.scale as f32)?;
        diagnostics.extend(document.notes.into_iter().map(Diagnostic::note));
        document.bytes
    } else {
        styled.svg.as_str().as_bytes().to_vec()
    };
    Ok(Output { bytes, diagnostics })
}
