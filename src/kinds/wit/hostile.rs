//! The WIT kind's hostile families: wit-parser recurses on `<`, `(` and `{`
//! (`MAX_WIT_NESTING`).

use super::MAX_WIT_NESTING;
use crate::diagram::{Family, Format};

/// `package;`, `interface i {` and `type t =` are two levels before the `list<`.
fn lists(n: usize) -> String {
    let d = n.saturating_sub(1);
    format!(
        "package a:b;\ninterface i {{\n  type t = {}u8{};\n}}\n",
        "list<".repeat(d),
        ">".repeat(d)
    )
}

fn tuples(n: usize) -> String {
    let d = n.saturating_sub(2) / 2;
    format!(
        "package a:b;\ninterface i {{\n  f: func(x: {}u8{});\n}}\n",
        "tuple<option<".repeat(d),
        ">>".repeat(d)
    )
}

pub static FAMILIES: &[Family] = &[
    Family::new("nested list<…>", Format::Png, lists).limit(MAX_WIT_NESTING, 413, 20_000),
    Family::new("nested tuple<option<…>>", Format::Svg, tuples)
        .limit(MAX_WIT_NESTING, 413, 20_000)
        .over(Some(MAX_WIT_NESTING + 2)),
];

/// WIT's comments, each holding brackets.
pub static HIDING_PREFIXES: &[&str] = &["// < ( {\n", "/* < ( { */\n"];
