//! The `svgbob` kind: ASCII art drawn as SVG by [svgbob](https://crates.io/crates/svgbob),
//! the code Kroki runs (`svgbob_cli`), called only here.
//!
//! Every text is a drawing (svgbob has no syntax errors); the art is bounded
//! ([`limits::MAX_SVGBOB_CHARS`]). Kroki's options for it are read: `fill-color`,
//! `stroke-color`, `stroke-width`, `font-size`, and the shared `background` and `scale`
//! (which scales the whole drawing, as `svgbob --scale` does; a bitmap of it is drawn at the
//! same pixel ratio as any other kind's). Text is written in svgbob's monospace family
//! (`Iosevka Fixed, monospace`), which the PNG draws with the embedded monospace face.

mod hostile;
pub mod limits;

use crate::diagram::{Content, Diagram, Drawing, Example, Kind, Spec, Theme};
use crate::error::{Error, Result};

pub struct Svgbob;

pub static KIND: Svgbob = Svgbob;

/// The crate, as pinned in Cargo.toml.
const ENGINE_VERSION: &str = "svgbob 0.7.6";

pub static SPEC: Spec = Spec {
    name: "svgbob",
    title: "Svgbob ASCII art",
    extensions: &["bob", "svgbob"],
    // `light` only: the colours are the drawing's own options.
    themes: &["light"],
    engine: ENGINE_VERSION,
    svg_elements: &["line", "marker"],
    example: GALLERY[0].source,
    gallery: GALLERY,
    families: hostile::FAMILIES,
    hiding_prefixes: hostile::HIDING_PREFIXES,
    ..Spec::BASE
};

impl Kind for Svgbob {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn draw(&self, diagram: &Diagram) -> Result<Drawing> {
        check_size(&diagram.source)?;
        let options = &diagram.options;
        let mut settings = svgbob::Settings::default();
        let scale = options.scale as f32;
        settings.scale *= scale;
        if let Some(background) = &options.background {
            if background.eq_ignore_ascii_case("transparent") {
                settings.include_backdrop = false;
            } else {
                settings.background = background.clone();
            }
        }
        if let Some(fill) = options.value("fill-color") {
            settings.fill_color = fill.to_string();
        }
        if let Some(stroke) = options.value("stroke-color") {
            settings.stroke_color = stroke.to_string();
        }
        if let Some(width) = options.value("stroke-width").and_then(|w| w.parse().ok()) {
            settings.stroke_width = width;
        }
        if let Some(size) = options.value("font-size").and_then(|s| s.parse().ok()) {
            settings.font_size = size;
        }
        let svg = crate::error::guard(|| svgbob::to_svg_with_settings(&diagram.source, &settings))?;
        Ok(Drawing {
            content: Content::Svg(svg),
            theme: Theme::Light,
            // The SVG is already drawn at `scale`.
            raster_scale: 1.0 / options.scale,
            diagnostics: Vec::new(),
        })
    }

    fn option(&self, name: &str, value: &str) -> Result<Option<String>> {
        let bad = |expected: &str| {
            Error::BadRequest(format!(
                "option {name}='{}': expected {expected}",
                crate::error::excerpt(value)
            ))
        };
        match name {
            "fill-color" | "stroke-color" => {
                if colour(value) {
                    Ok(Some(value.to_string()))
                } else {
                    Err(bad("a colour (name, #rrggbb)"))
                }
            }
            "stroke-width" => number(value, 0.0..=limits::MAX_SVGBOB_STROKE_WIDTH)
                .map(|n| Some(n.to_string()))
                .ok_or_else(|| {
                    bad(&format!(
                        "a number from 0 to {}",
                        limits::MAX_SVGBOB_STROKE_WIDTH
                    ))
                }),
            "font-size" => number(value, 1.0..=limits::MAX_SVGBOB_FONT_SIZE)
                .map(|n| Some((n as usize).to_string()))
                .ok_or_else(|| {
                    bad(&format!(
                        "a whole number from 1 to {}",
                        limits::MAX_SVGBOB_FONT_SIZE
                    ))
                }),
            _ => Ok(None),
        }
    }
}

/// A colour svgbob can write into its style sheet: a name or `#hex`, nothing else.
fn colour(value: &str) -> bool {
    let v = value.trim();
    !v.is_empty()
        && v.len() <= 32
        && (v.bytes().all(|b| b.is_ascii_alphabetic())
            || v.strip_prefix('#')
                .is_some_and(|h| matches!(h.len(), 3 | 4 | 6 | 8) && h.bytes().all(|b| b.is_ascii_hexdigit())))
}

fn number(value: &str, range: std::ops::RangeInclusive<f64>) -> Option<f64> {
    value.trim().parse::<f64>().ok().filter(|n| range.contains(n))
}

/// Refuses art of more than [`limits::MAX_SVGBOB_CHARS`] characters (white space not
/// counted) before svgbob reads it (413).
fn check_size(source: &str) -> Result<()> {
    let count = source.chars().filter(|c| !c.is_whitespace()).count();
    crate::error::within(
        "svgbob art (characters, white space not counted)",
        count,
        limits::MAX_SVGBOB_CHARS,
    )
}

const GALLERY: &[Example] = &[Example {
    name: "pipeline",
    title: "Svgbob: ASCII art",
    description: "boxes and arrows typed as text",
    source: include_str!("examples/pipeline.bob"),
}];
