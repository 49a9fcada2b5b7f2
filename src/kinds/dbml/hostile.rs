//! The DBML kind's hostile family: its reader is iterative; tables are bounded
//! (`MAX_DBML_TABLES`), then the graph.

use crate::diagram::{Family, Format};
use crate::limits::MAX_DBML_TABLES;

fn tables(n: usize) -> String {
    (0..n)
        .map(|i| {
            let reference = if i > 0 { format!("  p int [ref: > t{}.id]\n", i - 1) } else { String::new() };
            format!("Table t{i} {{\n  id int [pk]\n{reference}}}\n")
        })
        .collect()
}

pub static FAMILIES: &[Family] = &[Family::new("tables with a reference to the previous one", Format::Png, tables)
    .limit(MAX_DBML_TABLES, 413, 50_000)
    .as_pdf()];

/// DBML's comments, each holding quotes and brackets.
pub static HIDING_PREFIXES: &[&str] = &["// \" ' [ {\n", "/* \" ' [ { */\n"];
