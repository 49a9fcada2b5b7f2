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
pub mod fonts;
pub mod limits;
pub mod raster;
pub mod render;
pub mod request;
pub mod service;
pub mod svg;
#[cfg(target_arch = "wasm32")]
mod worker;

pub use error::{Error, Position, Result};
pub use request::{Diagram, DiagramType, Format, Options};

/// A finished drawing.
#[derive(Debug, Clone)]
pub struct Output {
    pub bytes: Vec<u8>,
    /// What the engine reported while still drawing (lost edges, unknown attributes...).
    pub diagnostics: Vec<String>,
}

/// Draws `diagram` in its format: render, sanitise, and rasterise for PNG.
pub fn draw(diagram: &Diagram) -> Result<Output> {
    let svg = render::render(diagram)?;
    let text = svg::sanitize(&svg.text);
    let mut diagnostics = svg.diagnostics;
    let bytes = match diagram.format {
        Format::Svg => text.into_bytes(),
        Format::Png => {
            let png = raster::rasterize(&text, 1.0)?;
            diagnostics.extend(png.note);
            png.bytes
        }
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
