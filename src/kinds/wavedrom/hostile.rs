//! The WaveDrom kind's hostile families: json5's parser recurses once a bracket, `[` or `{`
//! (`MAX_WAVEDROM_NESTING`); signals and cycles bound the drawing (`MAX_WAVEDROM_SIGNALS`,
//! `MAX_WAVEDROM_CYCLES`), texts its memory as PNG and PDF (`MAX_WAVEDROM_TEXTS`); a
//! diagram with no signal has no size.

use super::limits::{
    MAX_WAVEDROM_CYCLES, MAX_WAVEDROM_NESTING, MAX_WAVEDROM_SIGNALS, MAX_WAVEDROM_TEXTS,
};
use crate::diagram::{Family, Format};

/// `{ signal: [ ["g", ["g", … { … } ] ] ] }`: the outer object, the signal list and the
/// signal itself are three of the n levels.
fn groups(n: usize) -> String {
    let d = n.saturating_sub(3);
    format!(
        "{{ signal: [ {}{{ name: \"a\", wave: \"01\" }}{} ] }}",
        "[\"g\", ".repeat(d),
        "]".repeat(d)
    )
}

/// `{ signal: [ [ [ … { … } ] ] ] }`: unnamed groups, arrays in arrays.
fn arrays(n: usize) -> String {
    let d = n.saturating_sub(3);
    format!(
        "{{ signal: [ {}{{ wave: \"01\" }}{} ] }}",
        "[".repeat(d),
        "]".repeat(d)
    )
}

/// `{ signal: [{ wave: "01", x: { a: { a: … } } }] }`: objects in objects (a key the crate
/// does not read).
fn objects(n: usize) -> String {
    let d = n.saturating_sub(3);
    format!(
        "{{ signal: [{{ wave: \"01\", x: {}1{} }}] }}",
        "{ a: ".repeat(d),
        " }".repeat(d)
    )
}

/// n texts: signals of 49 `data` cycles, each with its name and 49 labels (50 texts), the
/// rest in a last, shorter one. The heaviest drawing for memory: resvg lays out each text.
fn texts(n: usize) -> String {
    let lane = |texts: usize| {
        let labels = texts.saturating_sub(1);
        let words = vec!["d"; labels].join(" ");
        format!(
            "{{ name: \"s\", wave: \"{}\", data: \"{words}\" }},\n",
            "=".repeat(labels.max(1))
        )
    };
    let mut lanes = lane(50).repeat(n / 50);
    if !n.is_multiple_of(50) {
        lanes.push_str(&lane(n % 50));
    }
    format!("{{ signal: [\n{lanes}] }}")
}

/// `{ signal: [] }`: nothing to draw, a drawing 0 high (whatever `n`).
fn empty(_: usize) -> String {
    "{ signal: [] }".to_string()
}

fn signals(n: usize) -> String {
    format!(
        "{{ signal: [{}] }}",
        "{ name: \"s\", wave: \"01.x=\" },".repeat(n)
    )
}

fn cycles(n: usize) -> String {
    format!(
        "{{ signal: [{{ name: \"s\", wave: \"0{}\" }}] }}",
        "1".repeat(n.saturating_sub(1))
    )
}

pub static FAMILIES: &[Family] = &[
    Family::new("nested groups", Format::Png, groups).limit(MAX_WAVEDROM_NESTING, 413, 100_000),
    Family::new("signals", Format::Png, signals)
        .limit(MAX_WAVEDROM_SIGNALS, 422, 10_000)
        .as_pdf(),
    Family::new("cycles of one signal", Format::Png, cycles).limit(
        MAX_WAVEDROM_CYCLES,
        422,
        60_000,
    ),
    Family::new("nested arrays", Format::Svg, arrays).limit(MAX_WAVEDROM_NESTING, 413, 100_000),
    Family::new("nested objects", Format::Svg, objects).limit(MAX_WAVEDROM_NESTING, 413, 100_000),
    Family::new("texts: names and data labels", Format::Png, texts)
        .limit(MAX_WAVEDROM_TEXTS, 422, 40_000)
        .as_pdf(),
    Family::new("no signal: { signal: [] }", Format::Png, empty)
        .over(Some(0))
        .any_status(),
];

/// JSON5's comments, each holding both quotes and brackets.
pub static HIDING_PREFIXES: &[&str] = &["// \" ' [ {\n", "/* \" ' [ { */\n", "// \" ' [ {\u{2028}"];
