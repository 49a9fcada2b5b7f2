#![no_main]
//! `edgeviz::draw` on arbitrary Mermaid source (rendered by `merman` in `src/kinds/mermaid/`).
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

use edgeviz::kinds;

const THEMES: &[&str] = &["light", "dark", "auto", "neutral", "forest"];
const BACKGROUNDS: &[Option<&str>] = &[None, Some("transparent"), Some("#123456"), Some("white")];

fuzz_target!(|data: &[u8]| {
    let Some(([sel], source)) = check::selectors_and_source::<1>(data) else {
        return;
    };
    let png = sel & 1 == 1;
    let theme = THEMES[(sel as usize >> 1 & 7) % THEMES.len()];
    let background = BACKGROUNDS[sel as usize >> 4 & 3];
    let mut pairs = vec![("theme", theme)];
    if let Some(b) = background {
        pairs.push(("background", b));
    }
    let kind = kinds::find("mermaid").expect("built");
    let options = edgeviz::request::options(kind, pairs).expect("fixed options are valid");
    check::draw_and_check(
        kind,
        source,
        options,
        png,
        &format!("mermaid {theme}"),
    );
});
