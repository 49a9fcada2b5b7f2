#![no_main]
//! `edgeviz::draw` on arbitrary Mermaid source (rendered by `merman` in `src/mermaid.rs`).
//!
//! Input: byte 0 picks the format (bit 0: SVG or PNG), the theme (bits 1–3: light, dark,
//! auto, neutral, forest) and a `background` (bits 4–5: none, `transparent`, `#123456`,
//! `white`); the rest (at most 4 KiB) is the source, read as UTF-8 with replacement
//! characters. PNG is drawn only when the SVG of the same diagram succeeded and is under
//! 50 KB, so that iterations stay fast.
//!
//! Mermaid's SVG legitimately holds `marker`, `line`, `use`, `clipPath` and nested `svg`
//! elements, so only the checks that apply to every picture edgeviz serves are made: no
//! script, no `on*` attribute, no `javascript:`/`data:` link, well-formed XML.
use libfuzzer_sys::fuzz_target;

#[path = "check.rs"]
mod check;

use edgeviz::{Diagram, DiagramType, Format, Options};

const THEMES: &[&str] = &["light", "dark", "auto", "neutral", "forest"];
const BACKGROUNDS: &[Option<&str>] = &[None, Some("transparent"), Some("#123456"), Some("white")];
const MAX_INPUT: usize = 4096;
const MAX_SVG_FOR_PNG: usize = 50_000;

fuzz_target!(|data: &[u8]| {
    if data.is_empty() || data.len() > MAX_INPUT + 1 {
        return;
    }
    let sel = data[0];
    let source = String::from_utf8_lossy(&data[1..]).into_owned();
    let png = sel & 1 == 1;
    let theme = THEMES[(sel as usize >> 1 & 7) % THEMES.len()];
    let background = BACKGROUNDS[sel as usize >> 4 & 3];
    let mut pairs = vec![("theme", theme)];
    if let Some(b) = background {
        pairs.push(("background", b));
    }
    let options = Options::from_pairs(pairs).expect("fixed options are valid");
    let diagram = |format| Diagram {
        kind: DiagramType::Mermaid,
        format,
        source: source.clone(),
        options: options.clone(),
    };
    let out = edgeviz::draw(&diagram(Format::Svg));
    if std::env::var_os("EDGEVIZ_FUZZ_VERBOSE").is_some() {
        // For checking seeds: which inputs draw, and why the others do not.
        match &out {
            Ok(o) => eprintln!("mermaid: {theme}: ok, {} bytes of SVG", o.bytes.len()),
            Err(e) => eprintln!("mermaid: {theme}: error: {e}"),
        }
    }
    let Ok(out) = out else {
        return;
    };
    let svg = std::str::from_utf8(&out.bytes).expect("SVG is not UTF-8");
    check::assert_inert(svg, "mermaid svg");
    let xml = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    match roxmltree::Document::parse_with_options(svg, xml) {
        Ok(doc) => check::assert_inert_tree(&doc, "mermaid svg"),
        Err(e) => panic!("mermaid: the SVG is not well-formed XML: {e}\n--- svg ---\n{svg}"),
    }
    if png && out.bytes.len() < MAX_SVG_FOR_PNG {
        if let Ok(png) = edgeviz::draw(&diagram(Format::Png)) {
            assert!(png.bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "PNG signature");
        }
    }
});
