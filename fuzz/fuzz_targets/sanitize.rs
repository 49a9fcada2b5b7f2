#![no_main]
//! `edgeviz::svg::sanitize` and `edgeviz::svg::finish` on arbitrary text. Invariants: no
//! `<script` tag, no `on*` attribute in a tag, and well-formed XML in gives well-formed XML
//! out (`roxmltree::Document::parse`, which refuses DTDs).
use libfuzzer_sys::fuzz_target;

#[path = "check.rs"]
mod check;

use edgeviz::Theme;

/// The elements Graphviz's SVG renderer writes (as `svg.rs` keeps them since 2b927d7).
const GRAPHVIZ_ELEMENTS: &[&str] = &[
    "svg",
    "g",
    "title",
    "desc",
    "a",
    "defs",
    "linearGradient",
    "radialGradient",
    "stop",
    "polygon",
    "polyline",
    "ellipse",
    "circle",
    "rect",
    "path",
    "text",
    "tspan",
    "style",
];

/// Known finding K3 (fuzz/README.md): the sanitiser drops a root element it does not keep
/// (a non-ASCII name, or since the allow-list any name Graphviz does not write), leaving
/// no root, or several. True when `doc`'s root element is such an element.
fn root_dropped(input: &str, doc: &roxmltree::Document) -> bool {
    let root = doc.root_element();
    let raw = &input[root.range().start + 1..];
    let end = raw
        .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
        .unwrap_or(raw.len());
    let name = &raw[..end];
    !name.is_ascii() || !GRAPHVIZ_ELEMENTS.contains(&name)
}

/// Known finding K4 (fuzz/README.md): a processing instruction is cut at its first `>`
/// instead of at `?>`, so the rest of it is read as markup. True when `doc` has a processing
/// instruction with a `>` in it.
fn pi_with_gt(doc: &roxmltree::Document) -> bool {
    doc.descendants()
        .filter_map(|n| n.pi())
        .any(|pi| pi.value.is_some_and(|v| v.contains('>')))
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let input = String::from_utf8_lossy(rest);
    let input_doc = roxmltree::Document::parse(&input).ok();
    let skip_known = std::env::var_os("EDGEVIZ_FUZZ_SKIP_KNOWN").is_some();
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
    match (roxmltree::Document::parse(&out), input_doc) {
        (Ok(doc), _) => check::assert_inert_tree(&doc, &what),
        (Err(_), Some(doc)) if skip_known && (root_dropped(&input, &doc) || pi_with_gt(&doc)) => {}
        (Err(e), Some(_)) => panic!(
            "{what}: input is well-formed XML but the output is not: {e}\n--- input ---\n{input}\n--- output ---\n{out}"
        ),
        (Err(_), None) => {}
    }
});
