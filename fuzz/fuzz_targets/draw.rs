#![no_main]
//! `edgeviz::draw` on arbitrary DOT: render, sanitise, and for small drawings rasterise.
//!
//! Input: byte 0 picks the format and theme, byte 1 the layout engine; the rest (at most
//! 4 KiB) is the DOT source. PNG is drawn only when the SVG of the same diagram succeeded
//! and is under 50 KB, so that iterations stay fast.
use libfuzzer_sys::fuzz_target;

use edgeviz::graph::ENGINES;

#[path = "check.rs"]
mod check;

use edgeviz::{kinds, Diagram, Format};

const FORMATS: &[Format] = &[
    Format::Svg,
    Format::Png,
    Format::Json,
    Format::Json0,
    Format::Dot,
    Format::Xdot,
    Format::Canon,
    Format::Plain,
    Format::PlainExt,
];
const MAX_SVG_FOR_PNG: usize = 50_000;

fuzz_target!(|data: &[u8]| {
    let Some(([sel, lay], source)) = check::selectors_and_source::<2>(data) else {
        return;
    };
    // Half of the inputs SVG (and PNG), the rest spread over the text formats.
    let format = if sel & 1 == 0 {
        if sel & 2 == 0 {
            Format::Svg
        } else {
            Format::Png
        }
    } else {
        FORMATS[2 + (sel as usize >> 1) % (FORMATS.len() - 2)]
    };
    let theme = ["light", "dark", "auto"][(sel as usize >> 2) % 3];
    // Mostly the graph's own layout (dot by default); sometimes an override.
    let layout = ENGINES[lay as usize % ENGINES.len()];
    let mut pairs = vec![("theme", theme)];
    if lay >= 128 {
        pairs.push(("layout", layout));
    }
    let graphviz = kinds::find("graphviz").expect("always built");
    let options = edgeviz::request::options(graphviz, pairs).expect("fixed options are valid");
    let diagram = |format| Diagram {
        kind: graphviz,
        format,
        source: source.clone(),
        options: options.clone(),
    };
    let svg_format = if format == Format::Png {
        Format::Svg
    } else {
        format
    };
    let Ok(out) = edgeviz::draw(&diagram(svg_format)) else {
        return;
    };
    if svg_format != Format::Svg {
        return;
    }
    // The SVG edgeviz serves: inert and well-formed XML (README, "Safety").
    let svg = std::str::from_utf8(&out.bytes).expect("SVG is not UTF-8");
    check::assert_inert(svg, "draw svg");
    let xml = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    match roxmltree::Document::parse_with_options(svg, xml) {
        Ok(doc) => check::assert_inert_tree(&doc, "draw svg"),
        Err(e) => panic!("draw: the SVG is not well-formed XML: {e}\n--- svg ---\n{svg}"),
    }
    if format == Format::Png && out.bytes.len() < MAX_SVG_FOR_PNG {
        if let Ok(png) = edgeviz::draw(&diagram(Format::Png)) {
            assert!(png.bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "PNG signature");
        }
    }
});
