//! The DBML kind's hostile families: its reader is iterative; tables are bounded
//! ([`super::MAX_DBML_TABLES`]), then the graph; the Graphviz options meet the same caps as
//! in a DOT source (`graph::limits::SIZE_CAPS`).

use super::MAX_DBML_TABLES;
use crate::diagram::{Family, Format};

fn tables(n: usize) -> String {
    (0..n)
        .map(|i| {
            let reference = if i > 0 { format!("  p int [ref: > t{}.id]\n", i - 1) } else { String::new() };
            format!("Table t{i} {{\n  id int [pk]\n{reference}}}\n")
        })
        .collect()
}

fn small(_: usize) -> String {
    "Table a {\n  id int [pk]\n}\nTable b {\n  a_id int [ref: > a.id]\n}\n".to_string()
}

/// A Graphviz option over its cap: 400 whatever the source.
const fn refused_option(query: &'static str) -> Family {
    let f = Family::new("two tables, an option over its cap", Format::Png, small)
        .query(query)
        .limit(0, 400, 1);
    Family { at: None, ..f }
}

pub static FAMILIES: &[Family] = &[
    Family::new("tables with a reference to the previous one", Format::Png, tables)
        .limit(MAX_DBML_TABLES, 413, 50_000)
        .as_pdf(),
    refused_option("graph-attribute-dpi=1e9"),
    refused_option("node-attribute-fontsize=1e300"),
    refused_option("graph-attribute-ranksep=1e300"),
];

/// DBML's comments and strings, each holding quotes and brackets: `//`, `/* */`, a sticky
/// note's `'''...'''` and a project's `'...'` and `"..."`.
pub static HIDING_PREFIXES: &[&str] = &[
    "// \" ' [ {\n",
    "/* \" ' [ { */\n",
    "Note hidden {\n  ''' \" ' [ { // /* '''\n}\n",
    "Project p {\n  database_type: 'x \" [ { //'\n  owner: \"y ' [ { /*\"\n}\n",
];
