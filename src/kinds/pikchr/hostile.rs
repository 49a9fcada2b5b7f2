//! The pikchr kind's hostile families: pikru's parser and evaluator recurse once a bracket
//! (`MAX_PIKCHR_NESTING`); macros multiply statements (`MAX_PIKCHR_STATEMENTS`).

use crate::diagram::{Family, Format};
use crate::limits::{MAX_PIKCHR_NESTING, MAX_PIKCHR_STATEMENTS};

fn sublists(n: usize) -> String {
    format!("{}box{}\n", "[".repeat(n), "]".repeat(n))
}

fn parentheses(n: usize) -> String {
    format!("box wid {}1{}\n", "(".repeat(n), ")".repeat(n))
}

/// m3 = (n / 256) × m2, m2 = 16 × m1, m1 = 16 × m0: n boxes from a few hundred bytes.
fn macros(n: usize) -> String {
    [
        "define m0 { box }".to_string(),
        format!("define m1 {{ {}}}", "m0; ".repeat(16)),
        format!("define m2 {{ {}}}", "m1; ".repeat(16)),
        format!("define m3 {{ {}}}", "m2; ".repeat(n / 256)),
        "m3".to_string(),
        "box\n".repeat(n % 256),
    ]
    .join("\n")
}

pub static FAMILIES: &[Family] = &[
    Family::new("nested sublists [ [ … ] ]", Format::Png, sublists).limit(MAX_PIKCHR_NESTING, 413, 100_000),
    Family::new("nested parentheses in an expression", Format::Svg, parentheses)
        .limit(MAX_PIKCHR_NESTING, 413, 100_000),
    Family::new("statements through macros", Format::Png, macros)
        .limit(MAX_PIKCHR_STATEMENTS, 422, 1_000_000)
        .as_pdf(),
];

/// pikchr's three comment forms, each holding a quote and brackets.
pub static HIDING_PREFIXES: &[&str] = &["# \" [ (\n", "// \" [ (\n", "/* \" [ ( */\n"];
