//! The svgbob kind's hostile family: its time grows faster than the art (`MAX_SVGBOB_CHARS`);
//! lines of `+`, each touching its neighbours, are the slowest art measured.

use crate::diagram::{Family, Format};
use super::limits::MAX_SVGBOB_CHARS;

fn art(n: usize) -> String {
    format!("{}{}\n", format!("{}\n", "+".repeat(100)).repeat(n / 100), "+".repeat(n % 100))
}

pub static HIDING_PREFIXES: &[&str] = &[];

pub static FAMILIES: &[Family] =
    &[Family::new("characters of art", Format::Png, art).limit(MAX_SVGBOB_CHARS, 413, 500_000).as_pdf()];
