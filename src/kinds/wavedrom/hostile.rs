//! The WaveDrom kind's hostile families: json5's parser recurses once a bracket
//! (`MAX_WAVEDROM_NESTING`); signals and cycles bound the drawing (`MAX_WAVEDROM_SIGNALS`,
//! `MAX_WAVEDROM_CYCLES`).

use crate::diagram::{Family, Format};
use crate::limits::{MAX_WAVEDROM_CYCLES, MAX_WAVEDROM_NESTING, MAX_WAVEDROM_SIGNALS};

/// `{ signal: [ ["g", ["g", … { … } ] ] ] }`: the outer object, the signal list and the
/// signal itself are three of the n levels.
fn groups(n: usize) -> String {
    let d = n.saturating_sub(3);
    format!("{{ signal: [ {}{{ name: \"a\", wave: \"01\" }}{} ] }}", "[\"g\", ".repeat(d), "]".repeat(d))
}

fn signals(n: usize) -> String {
    format!("{{ signal: [{}] }}", "{ name: \"s\", wave: \"01.x=\" },".repeat(n))
}

fn cycles(n: usize) -> String {
    format!("{{ signal: [{{ name: \"s\", wave: \"0{}\" }}] }}", "1".repeat(n.saturating_sub(1)))
}

pub static FAMILIES: &[Family] = &[
    Family::new("nested groups", Format::Png, groups).limit(MAX_WAVEDROM_NESTING, 413, 100_000),
    Family::new("signals", Format::Png, signals).limit(MAX_WAVEDROM_SIGNALS, 422, 10_000).as_pdf(),
    Family::new("cycles of one signal", Format::Png, cycles).limit(MAX_WAVEDROM_CYCLES, 422, 60_000),
];

/// JSON5's comments, each holding both quotes and brackets.
pub static HIDING_PREFIXES: &[&str] = &["// \" ' [ {\n", "/* \" ' [ { */\n"];
