#![no_main]
//! `edgeviz::svg::sanitize` and `edgeviz::svg::finish` on arbitrary text. Invariants: no
//! `<script`, no `on*` attribute in a tag, and well-formed XML in gives well-formed XML out.
use libfuzzer_sys::fuzz_target;

#[path = "check.rs"]
mod check;

use edgeviz::Theme;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let input = String::from_utf8_lossy(rest);
    let input_ok = roxmltree::Document::parse(&input).is_ok();
    let theme = match sel % 4 {
        0 => None, // sanitize()
        1 => Some(Theme::Light),
        2 => Some(Theme::Dark),
        _ => Some(Theme::Auto),
    };
    let out = match theme {
        None => edgeviz::svg::sanitize(&input),
        Some(t) => edgeviz::svg::finish(&input, t),
    };
    let what = format!("{theme:?}");
    check::assert_inert(&out, &what);
    match roxmltree::Document::parse(&out) {
        Ok(doc) => check::assert_inert_tree(&doc, &what),
        Err(e) if input_ok => panic!(
            "{what}: input is well-formed XML but the output is not: {e}\n--- output ---\n{out}"
        ),
        Err(_) => {}
    }
});
