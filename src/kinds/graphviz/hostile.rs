//! The Graphviz kind's hostile families: the parser recurses on `{` (the root's brace counts
//! as one level), HTML-like labels and record labels nest, and every layout engine walks one
//! long path depth-first. The attributes that set sizes are capped (`graph::limits::SIZE_CAPS`) in
//! the source and in the options, and what they add up to is capped on the SVG
//! (`graph::limits::MAX_DRAWING_SIDE`); `splines=ortho` has lower counts (`MAX_ORTHO_*`).

use crate::diagram::{Family, Format};
use crate::graph::limits::{
    MAX_CIRCO_NODES, MAX_DPI, MAX_FORCE_NODES, MAX_LABEL_BYTES, MAX_NESTING, MAX_NODES,
    MAX_ORTHO_NODES, MAX_RECORD_NESTING,
};

fn subgraphs(n: usize) -> String {
    let d = n.saturating_sub(1);
    format!("digraph {{{} a{} }}", " subgraph {".repeat(d), " }".repeat(d))
}

fn clusters(n: usize) -> String {
    let mut s = String::from("digraph {");
    for i in 1..n {
        s.push_str(&format!(" subgraph cluster_{i} {{ label=\"c{i}\"; n{i};"));
    }
    s + " x -> n1" + &" }".repeat(n.saturating_sub(1)) + " }"
}

/// `digraph { a [label=<` is three levels, then n - 3 elements.
fn html_bold(n: usize) -> String {
    let d = n.saturating_sub(3);
    format!("digraph {{ a [label=<{}x{}>] }}", "<b>".repeat(d), "</b>".repeat(d))
}

/// Each table level is three elements: `<table><tr><td>`.
fn html_tables(n: usize) -> String {
    let k = n.saturating_sub(3) / 3;
    format!(
        "digraph {{ a [label=<{}x{}>] }}",
        "<table><tr><td>".repeat(k),
        "</td></tr></table>".repeat(k)
    )
}

fn record(n: usize) -> String {
    format!("digraph {{ a [shape=record, label=\"{}x{}\"] }}", "{".repeat(n), "}".repeat(n))
}

fn mrecord(n: usize) -> String {
    format!("digraph {{ a [shape=Mrecord, label=\"{}x{}\"] }}", "{x|".repeat(n), "}".repeat(n))
}

fn nodes(n: usize) -> String {
    (0..n).map(|i| format!("n{i}")).collect::<Vec<_>>().join(" -- ")
}

fn chain(n: usize) -> String {
    format!("graph {{ {} }}", nodes(n))
}

fn ring(n: usize) -> String {
    format!("graph {{ {} -- n0 }}", nodes(n))
}

fn label(n: usize) -> String {
    format!("digraph {{ a [label=\"{}\"] }}", "x".repeat(n))
}

const fn clusters_by(layout: &'static str) -> Family {
    Family::new("nested clusters", Format::Png, clusters)
        .query(layout)
        .limit(MAX_NESTING, 413, 5_000)
}

const fn chain_by(layout: &'static str, at: usize, far: usize) -> Family {
    Family::new("a chain of nodes", Format::Svg, chain)
        .query(layout)
        .limit(at, 422, far)
}


/// A family of graphs that set one size attribute to `"1e{n}"` (quoted: DOT reads an
/// unquoted `1e3` as the number 1 and a node `e3`, as Graphviz's lexer does): `n` is the exponent, and the
/// caps of [`crate::graph::limits::SIZE_CAPS`] are 1,000 (`1e3`, accepted); `1e300` was the hostile
/// tester's.
macro_rules! exponent {
    ($name:ident, $format:literal) => {
        fn $name(n: usize) -> String {
            format!($format, e = format!("1e{n}"))
        }
    };
}

exponent!(node_fontsize, "digraph {{ a [fontsize=\"{e}\"] a -> b }}");
exponent!(edge_labelfontsize, "digraph {{ a -> b [headlabel=h, labelfontsize=\"{e}\"] }}");
exponent!(graph_pad, "digraph {{ pad=\"{e}\"; a -> b }}");
exponent!(graph_nodesep, "digraph {{ graph [nodesep=\"{e}\"] a b c }}");
exponent!(graph_ranksep, "digraph {{ ranksep=\"{e} equally\"; a -> b -> c }}");
exponent!(graph_margin, "digraph {{ margin=\"0.1,{e}\"; a -> b }}");
exponent!(graph_size, "digraph {{ size=\"{e},{e}!\"; a -> b }}");
exponent!(node_height, "digraph {{ node [height=\"{e}\"] a -> b }}");
exponent!(edge_penwidth, "digraph {{ a -> b [penwidth=\"{e}\"] }}");
exponent!(html_point_size, "digraph {{ a [label=<<font point-size=\"{e}\">x</font>>] }}");

/// `width` as a value, in inches: the tester's `1e8` drew `width="-1389934584pt"`.
fn node_width(n: usize) -> String {
    format!("digraph {{ a [width=\"{n}\"] }}")
}

/// `dpi` as a value, in the graph's own attributes and in a `graph [ ]` statement.
fn graph_dpi(n: usize) -> String {
    format!("digraph {{ dpi={n}; a -> b }}")
}

fn graph_statement_dpi(n: usize) -> String {
    format!("digraph {{ graph [resolution={n}] a -> b }}")
}

/// `n` nodes each 1,000 inches wide (the cap) on one rank: 72,018 points a node, so 1,388
/// fit in [`crate::graph::limits::MAX_DRAWING_SIDE`] and 1,389 do not: a drawing that adds up.
fn wide_nodes(n: usize) -> String {
    let names: Vec<String> = (0..n).map(|i| format!("n{i}")).collect();
    format!("digraph {{ node [width=1000, fixedsize=true] {} }}", names.join(" "))
}

/// One small graph, for the families whose options are the hostile part.
fn small(_: usize) -> String {
    "digraph { a -> b }".to_string()
}

/// `splines=ortho` over a chain of `n` nodes, each also linked to the one two ahead (2n - 3
/// edges): the router's cost grows with both.
fn ortho(n: usize) -> String {
    let mut s = String::from("digraph { splines=ortho; ");
    for i in 1..n {
        s.push_str(&format!("n{} -> n{i}; ", i - 1));
        if i >= 2 {
            s.push_str(&format!("n{} -> n{i}; ", i - 2));
        }
    }
    s + "}"
}

/// A size attribute at `1e{n}`: accepted at `1e3`, refused (422) from `1e4`, and at `1e300`.
const fn exponent(name: &'static str, make: fn(usize) -> String) -> Family {
    Family::new(name, Format::Png, make).limit(3, 422, 300)
}

/// An option that sets an attribute past its cap: 400 whatever the source.
const fn refused_option(query: &'static str) -> Family {
    let f = Family::new("a small graph, an option over its cap", Format::Png, small)
        .query(query)
        .limit(0, 400, 1);
    Family { at: None, ..f }
}

/// An option that sets an attribute at its cap: drawn.
const fn accepted_option(query: &'static str) -> Family {
    let f = Family::new("a small graph, an option at its cap", Format::Png, small).query(query);
    Family { at: Some(1), ..f }
}


pub static FAMILIES: &[Family] = &[
    Family::new("nested anonymous subgraphs", Format::Svg, subgraphs).limit(MAX_NESTING, 413, 20_000),
    clusters_by("layout=dot").as_pdf(),
    clusters_by("layout=fdp"),
    clusters_by("layout=osage"),
    clusters_by("layout=patchwork"),
    Family::new("HTML-like label, nested <b>", Format::Png, html_bold).limit(MAX_NESTING, 413, 20_000),
    Family::new("HTML-like label, nested tables", Format::Png, html_tables)
        .limit(MAX_NESTING, 413, 20_000)
        .over(Some(MAX_NESTING + 3)),
    Family::new("record label {{{x}}}", Format::Png, record).limit(MAX_RECORD_NESTING, 413, 3_000),
    Family::new("record label {x|{x|…", Format::Png, mrecord).limit(MAX_RECORD_NESTING, 413, 3_000),
    Family::new("a chain of nodes", Format::Png, chain).limit(MAX_NODES, 422, 100_000),
    chain_by("layout=neato", MAX_FORCE_NODES, 1_400),
    chain_by("layout=twopi", MAX_NODES, 100_000),
    chain_by("layout=sfdp", MAX_NODES, 100_000),
    chain_by("layout=osage", MAX_NODES, 100_000),
    chain_by("layout=patchwork", MAX_NODES, 100_000),
    chain_by("layout=circo", MAX_CIRCO_NODES, 100_000),
    Family::new("a ring of nodes", Format::Svg, ring)
        .query("layout=circo")
        .limit(MAX_CIRCO_NODES, 422, 100_000),
    Family::new("one label of n bytes", Format::Svg, label)
        .limit(MAX_LABEL_BYTES, 413, 900_000)
        .as_pdf(),
    // The sizes: each attribute in the source, as options, and what they add up to.
    exponent("node fontsize=1e{n}", node_fontsize),
    exponent("edge labelfontsize=1e{n}", edge_labelfontsize),
    exponent("graph pad=1e{n}", graph_pad),
    exponent("graph [nodesep=1e{n}]", graph_nodesep),
    exponent("ranksep=\"1e{n} equally\"", graph_ranksep),
    exponent("margin=\"0.1,1e{n}\"", graph_margin).as_pdf(),
    exponent("size=\"1e{n},1e{n}!\"", graph_size).as_pdf(),
    exponent("node [height=1e{n}]", node_height).as_pdf(),
    exponent("edge penwidth=1e{n}", edge_penwidth),
    exponent("HTML-like label <font point-size=\"1e{n}\">", html_point_size),
    Family::new("node width=\"n\" (inches)", Format::Png, node_width)
        .limit(1_000, 422, 100_000_000)
        .as_pdf(),
    Family::new("graph dpi=n", Format::Png, graph_dpi).limit(MAX_DPI as usize, 422, 1_000_000_000),
    Family::new("graph [resolution=n]", Format::Png, graph_statement_dpi)
        .limit(MAX_DPI as usize, 422, 1_000_000_000),
    Family::new("n nodes 1,000 inches wide on one rank", Format::Png, wide_nodes)
        .limit(1_388, 422, 2_000)
        .as_pdf(),
    accepted_option("graph-attribute-dpi=600"),
    refused_option("graph-attribute-dpi=5000"),
    refused_option("graph-attribute-resolution=601"),
    refused_option("dpi=601"),
    refused_option("graph-attribute-size=1e9,1e9!"),
    refused_option("graph-attribute-pad=1e300"),
    refused_option("node-attribute-width=1e8"),
    refused_option("node-attribute-fontsize=1e300"),
    refused_option("edge-attribute-fontsize=inf"),
    refused_option("edge-attribute-penwidth=1e300"),
    Family::new("splines=ortho over a chain of n nodes", Format::Svg, ortho)
        .limit(MAX_ORTHO_NODES, 422, 100_000)
        .as_pdf(),
];

/// DOT's comments and the lines its preprocessor skips (`#` at a line's start), each holding
/// a quote and the brackets a naive check would count.
pub static HIDING_PREFIXES: &[&str] = &["# \" <\n", "// \" < {\n", "/* \" < { */\n"];
