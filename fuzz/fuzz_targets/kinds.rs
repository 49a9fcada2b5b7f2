#![no_main]
//! `edgeviz::draw` on arbitrary source of every kind this build has (`edgeviz::kinds::built()`,
//! the kinds list: a kind added later is fuzzed here without a line more), each through its
//! one module (engine crate or edgeviz's own reader), then sanitised, themed and, for PNG,
//! rasterised like every kind. The kinds with a target of their own (`draw`, `mermaid`, `wit`)
//! are fuzzed more deeply there, with their options.
//!
//! Input: byte 0 picks the format (bit 3: SVG or PNG) and the kind (its other seven bits, as
//! a number, modulo the number of kinds built: room for 128); the rest (at most 4 KiB) is the source, read as UTF-8 with
//! replacement characters. The theme is each kind's first (`light`), since some take no
//! other. PNG is drawn only when the SVG of the same diagram succeeded and is under 50 KB, so
//! that iterations stay fast.
use libfuzzer_sys::fuzz_target;

#[path = "check.rs"]
mod check;

use edgeviz::kinds;

fuzz_target!(|data: &[u8]| {
    let Some(([sel], source)) = check::selectors_and_source::<1>(data) else {
        return;
    };
    let built: Vec<_> = kinds::built().collect();
    let pick = (sel & 7) as usize | ((sel >> 4) as usize) << 3;
    let kind = built[pick % built.len()];
    let png = sel & 8 == 8;
    let options = edgeviz::request::options(kind, [("theme", "light")])
        .expect("fixed options are valid");
    check::draw_and_check(kind, source, options, png, kind.name());
});
