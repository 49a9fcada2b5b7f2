#![no_main]
//! `edgeviz::svg::sanitize`, then `edgeviz::theme::apply`, on arbitrary text. Invariants: no
//! `<script` tag, no `on*` attribute in a tag, well-formed XML in gives well-formed XML
//! out (`roxmltree::Document::parse`, which refuses DTDs), and every element of a
//! well-formed output is on the sanitiser's own allow-list (`edgeviz::svg::ALLOWED_ELEMENTS`).
use libfuzzer_sys::fuzz_target;

#[path = "check.rs"]
mod check;

use edgeviz::svg::ALLOWED_ELEMENTS;
use edgeviz::Theme;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let input = String::from_utf8_lossy(rest);
    let input_doc = roxmltree::Document::parse(&input).ok();
    let theme = match sel % 4 {
        0 => None, // sanitize()
        1 => Some(Theme::Light),
        2 => Some(Theme::Dark),
        _ => Some(Theme::Auto),
    };
    let clean = edgeviz::svg::clean(&input, &[]);
    let out = match theme {
        None => clean,
        Some(t) => edgeviz::theme::apply(clean, t),
    }
    .to_string();
    let what = format!("{theme:?}");
    check::assert_inert(&out, &what);
    match (roxmltree::Document::parse(&out), input_doc) {
        (Ok(doc), _) => {
            check::assert_inert_tree(&doc, &what);
            for node in doc.descendants().filter(|n| n.is_element()) {
                let name = node.tag_name().name();
                assert!(
                    ALLOWED_ELEMENTS.contains(&name),
                    "{what}: element <{name}> is not on the allow-list\n--- input ---\n{input}\n--- output ---\n{out}"
                );
            }
        }
        (Err(e), Some(_)) => panic!(
            "{what}: input is well-formed XML but the output is not: {e}\n--- input ---\n{input}\n--- output ---\n{out}"
        ),
        (Err(_), None) => {}
    }
});
