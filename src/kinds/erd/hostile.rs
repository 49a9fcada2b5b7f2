//! The erd kind's hostile family: its reader is iterative; the graph it writes meets the
//! Graphviz limits.

use crate::diagram::{Family, Format};
use crate::limits::MAX_NODES;

fn entities(n: usize) -> String {
    (0..n).map(|i| format!("[e{i}]\na\n")).collect()
}

pub static FAMILIES: &[Family] =
    &[Family::new("entities with one attribute each", Format::Svg, entities).limit(MAX_NODES, 422, 40_000).as_pdf()];

/// erd's comment line.
pub static HIDING_PREFIXES: &[&str] = &["# \" [ {\n"];
