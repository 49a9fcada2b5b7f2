//! The pikchr kind's hostile families: pikru's parser and evaluator recurse once a bracket,
//! and once a position word (`MAX_PIKCHR_NESTING`); macros multiply statements
//! (`MAX_PIKCHR_STATEMENTS`), also through a `define` expanded inside a body; parenthesised
//! positions cost twice as much a level (`MAX_PIKCHR_PARSE_WORK`).

use super::limits::{MAX_PIKCHR_NESTING, MAX_PIKCHR_PARSE_WORK, MAX_PIKCHR_STATEMENTS};
use crate::diagram::{Family, Format};

fn sublists(n: usize) -> String {
    format!("{}box{}\n", "[".repeat(n), "]".repeat(n))
}

/// `box at ((…(1,1)…))`, n deep: 2^n units of parse work, one statement.
fn parentheses(n: usize) -> String {
    format!("box at {}1,1{}\n", "(".repeat(n), ")".repeat(n))
}

/// `{` nested in macro bodies: `define m1 { define m2 { … define mn { box } … } }`, then
/// `m1` to `mn` called in turn (each defines the next; `mn` draws the box).
fn bodies(n: usize) -> String {
    let mut out = "box".to_string();
    for k in (1..=n).rev() {
        out = format!("define m{k} {{ {out} }}");
    }
    let calls: String = (1..=n).map(|k| format!("m{k}\n")).collect();
    format!("{out}\n{calls}")
}

/// A body whose argument brings `[` the source's check cannot see: the string's `\"` is
/// unescaped by pikru, so the quotes close in the expansion and its sublists are read.
fn argument_sublists(n: usize) -> String {
    let sublists = format!("{}box{}", "[".repeat(n), "]".repeat(n));
    format!("define a {{ $1 }}\na(\"x\\\"; {sublists}; \\\"y\")\n")
}

/// `1 above 1 above … (1,1)`: positions nested without a bracket.
fn position_words(n: usize) -> String {
    format!("box at {}(1,1)\n", "1 above ".repeat(n))
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

/// The same boxes from a `define` inside a `define`: calling `outer` defines `m1`, which
/// it then calls (n / 16 times, 16 boxes each), then boxes for the rest.
fn defines_inside(n: usize) -> String {
    format!(
        "define outer {{ define m1 {{ {} }}\n{} }}\nouter\n{}",
        "box; ".repeat(16),
        "m1; ".repeat(n / 16),
        "box\n".repeat(n % 16)
    )
}

/// `box at ((…(1,1)…))` nested d deep costs 2^d units: as many of them as the work limit
/// takes (n units in all, in statements of 2^10 each), then single boxes.
fn positions(n: usize) -> String {
    let one = format!("box at {}1,1{}\n", "(".repeat(10), ")".repeat(10));
    format!("{}{}", one.repeat(n / 1024), "box\n".repeat(n % 1024))
}

pub static FAMILIES: &[Family] = &[
    Family::new("nested sublists [ [ … ] ]", Format::Png, sublists).limit(
        MAX_PIKCHR_NESTING,
        413,
        100_000,
    ),
    Family::new(
        "a parenthesised position nested (parse work 2^n)",
        Format::Png,
        parentheses,
    )
    .limit(MAX_PIKCHR_PARSE_WORK.ilog2() as usize, 422, 100_000),
    Family::new("nested { in a define body", Format::Svg, bodies).limit(
        MAX_PIKCHR_NESTING,
        413,
        100_000,
    ),
    Family::new(
        "sublists brought by a macro argument",
        Format::Svg,
        argument_sublists,
    )
    .limit(MAX_PIKCHR_NESTING, 413, 20_000),
    Family::new("positions nested by `above`", Format::Svg, position_words).limit(
        MAX_PIKCHR_NESTING,
        413,
        5_000,
    ),
    Family::new("statements through macros", Format::Png, macros)
        .limit(MAX_PIKCHR_STATEMENTS, 422, 1_000_000)
        .as_pdf(),
    Family::new(
        "statements through a define inside a define",
        Format::Svg,
        defines_inside,
    )
    .limit(MAX_PIKCHR_STATEMENTS, 422, 1_000_000),
    Family::new(
        "parenthesised positions (parse work)",
        Format::Svg,
        positions,
    )
    .limit(
        MAX_PIKCHR_PARSE_WORK as usize,
        422,
        64 * MAX_PIKCHR_PARSE_WORK as usize,
    ),
];

/// pikchr's three comment forms, each holding a quote and brackets; a string holding them;
/// and a `#` colour, which is no comment: the rest of its line is read.
pub static HIDING_PREFIXES: &[&str] = &[
    "# \" [ (\n",
    "// \" [ (\n",
    "/* \" [ ( */\n",
    "\"[ ( {\"\n",
    "box fill #dad; ",
];
