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

use edgeviz::kinds;

const THEMES: &[&str] = &["light", "dark", "auto"];

fuzz_target!(|data: &[u8]| {
    let Some(([sel], source)) = check::selectors_and_source::<1>(data) else {
        return;
    };
    let png = sel & 1 == 1;
    let theme = THEMES[(sel as usize >> 1 & 3) % THEMES.len()];
    let detail = if sel & 8 == 0 { "full" } else { "names" };
    let kind = kinds::find("wit").expect("built");
    let options = edgeviz::request::options(kind, [("theme", theme), ("wit-detail", detail)])
        .expect("fixed options are valid");
    check::draw_and_check(
        kind,
        source,
        options,
        png,
        &format!("wit {theme}"),
    );
});
