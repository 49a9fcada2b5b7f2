#![no_main]
//! `edgeviz::draw` on arbitrary WIT source: parsed by `wit-parser`, turned into a Graphviz
//! graph (`src/wit.rs`), laid out and drawn like any graph.
//!
//! Input: byte 0 picks the format (bit 0: SVG or PNG), the theme (bits 1–2: light, dark,
//! auto) and `wit-detail` (bit 3: full or names); the rest (at most 4 KiB) is the source,
//! read as UTF-8 with replacement characters. PNG is drawn only when the SVG of the same
//! diagram succeeded and is under 50 KB, so that iterations stay fast.
use libfuzzer_sys::fuzz_target;

#[path = "check.rs"]
mod check;

use edgeviz::{Diagram, DiagramType, Format, Options};

const THEMES: &[&str] = &["light", "dark", "auto"];
const MAX_INPUT: usize = 4096;
const MAX_SVG_FOR_PNG: usize = 50_000;

fuzz_target!(|data: &[u8]| {
    if data.is_empty() || data.len() > MAX_INPUT + 1 {
        return;
    }
    let sel = data[0];
    let source = String::from_utf8_lossy(&data[1..]).into_owned();
    let png = sel & 1 == 1;
    let theme = THEMES[(sel as usize >> 1 & 3) % THEMES.len()];
    let detail = if sel & 8 == 0 { "full" } else { "names" };
    let options = Options::from_pairs([("theme", theme), ("wit-detail", detail)])
        .expect("fixed options are valid");
    let diagram = |format| Diagram {
        kind: DiagramType::Wit,
        format,
        source: source.clone(),
        options: options.clone(),
    };
    let out = edgeviz::draw(&diagram(Format::Svg));
    if std::env::var_os("EDGEVIZ_FUZZ_VERBOSE").is_some() {
        // For checking seeds: which inputs draw, and why the others do not.
        match &out {
            Ok(o) => eprintln!("wit: {theme}: ok, {} bytes of SVG", o.bytes.len()),
            Err(e) => eprintln!("wit: {theme}: error: {e}"),
        }
    }
    let Ok(out) = out else {
        return;
    };
    let svg = std::str::from_utf8(&out.bytes).expect("SVG is not UTF-8");
    check::assert_inert(svg, "wit svg");
    let xml = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    match roxmltree::Document::parse_with_options(svg, xml) {
        Ok(doc) => check::assert_inert_tree(&doc, "wit svg"),
        Err(e) => panic!("wit: the SVG is not well-formed XML: {e}\n--- svg ---\n{svg}"),
    }
    if png && out.bytes.len() < MAX_SVG_FOR_PNG {
        if let Ok(png) = edgeviz::draw(&diagram(Format::Png)) {
            assert!(png.bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "PNG signature");
        }
    }
});
