//! The Mermaid kind's hostile families. merman checks the model's nesting
//! (`MAX_MERMAID_NESTING`) and, before drawing, the depth of the SVG tree it would write (64 in
//! its `constrained` profile): subgraphs and composite states each add two levels, so that
//! bound comes first for them (27 and 28 levels are the deepest drawn; found by probing, as
//! merman states no formula). Tree view (two model levels a row, and its own parser stops past
//! 256 rows), treemap and ishikawa (a level a row), block (nested `block:` groups, whose items
//! grow with the square of the depth: `MAX_MERMAID_ITEMS` comes first).

use crate::diagram::{Family, Format};
use super::limits::{MAX_MERMAID_ITEMS, MAX_MERMAID_NESTING};

fn lines(n: usize, line: impl Fn(usize) -> String) -> String {
    (0..n).map(line).collect()
}

fn subgraphs(n: usize) -> String {
    format!("flowchart TD\n{}a --> b\n{}", lines(n, |i| format!("subgraph s{i}\n")), "end\n".repeat(n))
}

fn states(n: usize) -> String {
    format!("stateDiagram-v2\n{}[*] --> a\n{}", lines(n, |i| format!("state S{i} {{\n")), "}\n".repeat(n))
}

/// The root is level 0: n lines nest n - 1 deep. Indentation grows with depth, so the source
/// grows with its square (1,000 levels: 0.5 MB).
fn mindmap(n: usize) -> String {
    format!("mindmap\n{}", lines(n, |i| format!("{}n{i}\n", " ".repeat(i + 1))))
}

fn loops(n: usize) -> String {
    format!("sequenceDiagram\n{}A->>B: x\n{}", lines(n, |i| format!("loop l{i}\n")), "end\n".repeat(n))
}

/// n nodes and n - 1 edges: 2n - 1 items.
fn chain(n: usize) -> String {
    format!("flowchart LR\n{}\n", (0..n).map(|i| format!("n{i}")).collect::<Vec<_>>().join(" --> "))
}

fn label_brackets(n: usize) -> String {
    format!("flowchart TD\n  A[\"{}x{}\"] --> B\n", "(".repeat(n), ")".repeat(n))
}

fn tree_view(n: usize) -> String {
    format!("treeView-beta\n{}", lines(n, |i| format!("{}\"n{i}\"\n", "  ".repeat(i + 1))))
}

fn treemap(n: usize) -> String {
    let d = n.saturating_sub(1);
    format!(
        "treemap-beta\n{}{}\"leaf\": 1\n",
        lines(d, |i| format!("{}\"n{i}\"\n", "  ".repeat(i))),
        "  ".repeat(d)
    )
}

fn ishikawa(n: usize) -> String {
    format!("ishikawa-beta\nProblem\n{}", lines(n, |i| format!("{}c{i}\n", "  ".repeat(i + 1))))
}

fn blocks(n: usize) -> String {
    format!("block\n{}a\n{}", lines(n, |i| format!("block:b{i}\n")), "end\n".repeat(n))
}

pub static FAMILIES: &[Family] = &[
    Family::new("flowchart nested subgraphs", Format::Png, subgraphs).limit(27, 422, 5_000),
    Family::new("nested composite states", Format::Png, states).limit(28, 422, 5_000),
    Family::new("mindmap depth", Format::Png, mindmap).limit(MAX_MERMAID_NESTING + 1, 422, 1_000),
    Family::new("nested sequence blocks", Format::Png, loops)
        .limit(MAX_MERMAID_NESTING, 413, 5_000)
        .any_status(),
    Family::new("a flowchart chain (items)", Format::Svg, chain)
        .limit(MAX_MERMAID_ITEMS.div_ceil(2), 422, 50_000)
        .over(Some(MAX_MERMAID_ITEMS))
        .any_status()
        .as_pdf(),
    Family::new("brackets in a node label", Format::Svg, label_brackets)
        .limit(1_000, 400, 100_000)
        .over(None)
        .any_status(),
    Family::new("tree view depth", Format::Png, tree_view).limit((MAX_MERMAID_NESTING - 2) / 2, 422, 2_000),
    Family::new("treemap depth", Format::Png, treemap).limit(MAX_MERMAID_NESTING, 422, 1_000),
    Family::new("ishikawa depth", Format::Svg, ishikawa).limit(MAX_MERMAID_NESTING, 422, 1_000),
    Family::new("nested block groups", Format::Png, blocks).limit(60, 422, 2_000),
];

/// Mermaid's comment line, which may stand before the diagram's type.
pub static HIDING_PREFIXES: &[&str] = &["%% \" ( [ {\n"];
