//! The Graphviz kind's hostile families: the parser recurses on `{` (the root's brace counts
//! as one level), HTML-like labels and record labels nest, and every layout engine walks one
//! long path depth-first.

use crate::diagram::{Family, Format};
use crate::limits::{
    MAX_CIRCO_NODES, MAX_FORCE_NODES, MAX_LABEL_BYTES, MAX_NESTING, MAX_NODES, MAX_RECORD_NESTING,
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
];

/// DOT's comments and the lines its preprocessor skips (`#` at a line's start), each holding
/// a quote and the brackets a naive check would count.
pub static HIDING_PREFIXES: &[&str] = &["# \" <\n", "// \" < {\n", "/* \" < { */\n"];
