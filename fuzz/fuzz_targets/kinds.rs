#![no_main]
//! `edgeviz::draw` on arbitrary source of the kinds Kroki runs in processes of their own —
//! svgbob, pikchr, WaveDrom, erd and DBML — each through its one module (engine crate or
//! edgeviz's own reader), then sanitised, themed and, for PNG, rasterised like every kind.
//!
//! Input: byte 0 picks the kind (bits 0–2, modulo the kinds this build has of [`KINDS`]) and
//! the format (bit 3: SVG or PNG); the rest (at most 4 KiB) is the source, read as UTF-8 with
//! replacement characters. The theme is each kind's first (`light`), since three of them
//! take no other. PNG is drawn only when the SVG of the same diagram succeeded and is under
//! 50 KB, so that iterations stay fast.
use libfuzzer_sys::fuzz_target;

#[path = "check.rs"]
mod check;

use edgeviz::kinds;

/// The kinds this target draws, by name (the list's own entries, looked up at run time).
const KINDS: &[&str] = &["svgbob", "pikchr", "wavedrom", "erd", "dbml"];

fuzz_target!(|data: &[u8]| {
    let Some(([sel], source)) = check::selectors_and_source::<1>(data) else {
        return;
    };
    let built: Vec<_> = KINDS.iter().filter_map(|k| kinds::find(k).ok()).collect();
    if built.is_empty() {
        return;
    }
    let kind = built[(sel & 7) as usize % built.len()];
    let png = sel & 8 == 8;
    let options = edgeviz::request::options(kind, [("theme", "light")])
        .expect("fixed options are valid");
    check::draw_and_check(kind, source, options, png, kind.name());
});
