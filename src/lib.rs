//! edgeviz: diagrams rendered at the edge.
//!
//! A request flows through five stages, each a module with one entry function:
//!
//! 1. [`request`] — URL, body, JSON and headers become a [`request::Diagram`] (Kroki's rules:
//!    [`request::decode`], [`request::Options::from_pairs`]);
//! 2. [`render`] — the one place that calls the Graphviz engine ([`render::render`]), after
//!    checking the source against the [`limits`];
//! 3. [`svg`] — links and active content are made safe ([`svg::sanitize`]);
//! 4. [`raster`] — SVG to PNG with the embedded [`fonts`] ([`raster::rasterize`]);
//! 5. [`cache`] — keys, ETags and caching headers ([`cache::key`]).
//!
//! [`draw`] runs stages 2–4. [`service`] is the HTTP API around them, independent of any
//! runtime; the Cloudflare Worker (`worker.rs`, wasm32 only) is a thin shell over it that
//! adds the Cache API. Every failure is an [`Error`]; its HTTP status is decided once,
//! in [`Error::status`].

pub mod cache;
pub mod error;
pub mod fma;
pub mod fonts;
pub mod limits;
#[cfg(feature = "mermaid")]
pub mod mermaid;
pub mod raster;
pub mod render;
pub mod request;
pub mod service;
pub mod svg;
#[cfg(target_os = "wasi")]
mod wasi;
#[cfg(all(target_arch = "wasm32", target_os = "unknown", feature = "wasm-api"))]
pub mod wasm_api;
#[cfg(feature = "wit")]
pub mod wit;
#[cfg(all(
    target_arch = "wasm32",
    target_os = "unknown",
    not(feature = "wasm-api")
))]
mod worker;

pub use error::{Error, Position, Result};
pub use request::{Diagram, DiagramType, Format, Options, Theme};

/// A finished drawing.
#[derive(Debug, Clone)]
pub struct Output {
    pub bytes: Vec<u8>,
    /// What the engine reported while still drawing (lost edges, unknown attributes...).
    pub diagnostics: Vec<String>,
}

/// Draws `diagram` in its format: render, then for pictures sanitise and theme the SVG and
/// rasterise it for PNG.
pub fn draw(diagram: &Diagram) -> Result<Output> {
    diagram.kind.check_built()?;
    #[cfg(feature = "mermaid")]
    if diagram.kind == DiagramType::Mermaid {
        return mermaid::draw(diagram);
    }
    if let t @ (Theme::Neutral | Theme::Forest) = diagram.options.theme {
        return Err(Error::BadRequest(format!(
            "theme={} is one of Mermaid's themes; {} takes light, dark or auto",
            t.name(),
            diagram.kind.name()
        )));
    }
    #[cfg(feature = "wit")]
    if diagram.kind == DiagramType::Wit {
        // WIT becomes a Graphviz graph, then goes the way every graph goes.
        let dot = wit::to_dot(&diagram.source, &diagram.options)?;
        if diagram.format == Format::Dot {
            return Ok(Output {
                bytes: dot.into_bytes(),
                diagnostics: Vec::new(),
            });
        }
        return draw(&Diagram {
            kind: DiagramType::Graphviz,
            format: diagram.format,
            source: dot,
            options: diagram.options.clone(),
        });
    }
    let drawing = render::render(diagram)?;
    let mut diagnostics = drawing.diagnostics;
    let bytes = match diagram.format {
        Format::Svg => svg::finish(&drawing.text, diagram.options.theme).into_bytes(),
        format @ (Format::Png | Format::Jpeg) => {
            // A bitmap has no reader preference to follow: `auto` draws light.
            let theme = match diagram.options.theme {
                request::Theme::Auto => request::Theme::Light,
                t => t,
            };
            let text = svg::finish(&drawing.text, theme);
            // Graphviz draws bitmaps at 96 dpi, or at one pixel per point of an SVG that it
            // already scaled to the graph's own `dpi`.
            let base = if drawing.explicit_dpi { 0.75 } else { 1.0 };
            let scale = (base * diagram.options.scale) as f32;
            let bitmap = raster::rasterize(&text, scale, format)?;
            diagnostics.extend(bitmap.note);
            bitmap.bytes
        }
        _ => drawing.text.into_bytes(),
    };
    Ok(Output { bytes, diagnostics })
}

/// A short, printable excerpt of user input for error messages (at most 80 characters,
/// control characters shown as `?`).
pub(crate) fn error_excerpt(s: &str) -> String {
    let mut out: String = s
        .chars()
        .take(80)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    if s.chars().count() > 80 {
        out.push('…');
    }
    out
}
