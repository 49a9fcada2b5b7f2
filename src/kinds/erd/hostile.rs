//! The erd kind's hostile families: its reader is iterative; the graph it writes meets the
//! Graphviz limits, `erd-edge=ortho` the lower ones of orthogonal routing (a time family)
//! (`graph::limits::MAX_ORTHO_NODES`), its own `size` option [`super::MAX_ERD_FONT_SIZE`], and the
//! Graphviz options the same caps as in a DOT source (`graph::limits::SIZE_CAPS`).

use crate::diagram::{Family, Format};
use crate::graph::limits::{MAX_NODES, MAX_ORTHO_NODES};

fn entities(n: usize) -> String {
    (0..n).map(|i| format!("[e{i}]\na\n")).collect()
}

/// `n` entities, each related to the first both ways (2n - 2 relationships): the slowest
/// shape for ortho routing measured (`graph::limits::MAX_ORTHO_NODES`: 14.6 s at 1,500 in wasm,
/// the hostile tester's 13-25 s in workerd; 1.8 s at 500).
fn star(n: usize) -> String {
    let mut s: String = (0..n).map(|i| format!("[e{i}]\n*id\nname\n")).collect();
    for i in 1..n {
        s.push_str(&format!("e0 1--* e{i}\ne{i} ?--1 e0\n"));
    }
    s
}

/// erd's own `size` option (a header's font size in points).
fn header_size(n: usize) -> String {
    format!("header {{size: \"{n}\"}}\n[A]\n*id\n[B]\nA 1--* B\n")
}

fn small(_: usize) -> String {
    "[A]\n*id\n[B]\nA 1--* B\n".to_string()
}

/// A Graphviz option over its cap: 400 whatever the source.
const fn refused_option(query: &'static str) -> Family {
    let f = Family::new("two entities, an option over its cap", Format::Png, small)
        .query(query)
        .limit(0, 400, 1);
    Family { at: None, ..f }
}

pub static FAMILIES: &[Family] = &[
    Family::new("entities with one attribute each", Format::Svg, entities)
        .limit(MAX_NODES, 422, 40_000)
        .as_pdf(),
    Family::new(
        "entities related to the first, ortho edges",
        Format::Svg,
        star,
    )
    .query("erd-edge=ortho")
    .limit(MAX_ORTHO_NODES, 422, 1_500)
    .as_pdf(),
    Family::new("header {size: n}", Format::Png, header_size).limit(
        super::MAX_ERD_FONT_SIZE as usize,
        400,
        1_000_000_000,
    ),
    refused_option("node-attribute-fontsize=1e300"),
    refused_option("graph-attribute-dpi=1e9"),
    refused_option("edge-attribute-labelfontsize=1e300"),
];

/// erd's comment line, and a title whose string holds a `#`, quotes and brackets (erd's
/// strings have no escapes).
pub static HIDING_PREFIXES: &[&str] = &["# \" [ {\n", "title {label: \"# ' [ { `\"}\n"];
