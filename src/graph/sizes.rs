//! The checks on the sizes a graph asks for, at both depths:
//! - before layout, every attribute that sets a size ([`limits::SIZE_CAPS`]: `width`,
//!   `fontsize`, `pad`, `dpi`, ...) is read as the engine reads it (C's `strtod`, from
//!   graphviz-pure-core, on each number of the value) and refused past its cap, wherever it
//!   is written: an option (`dpi`, `graph-attribute-*`, `node-attribute-*`,
//!   `edge-attribute-*`: [`check_option`]), the source's own attributes and defaults, or a
//!   `POINT-SIZE` in an HTML-like label ([`check_attribute`]). One table, one reading.
//! - after layout, the size the SVG declares (its `width`, `height` and `viewBox`) must be
//!   finite, positive and within [`limits::MAX_DRAWING_SIDE`] ([`check_svg`]): many
//!   attributes within their caps can still add up (1,500 nodes each 1,000 inches wide), and
//!   Graphviz writes the size as a C `int`, which wraps to a negative or a wrong one.

use super::limits;
use crate::error::{Error, Result};

/// The first number of `value` past `max` in absolute value, or not finite, as Graphviz
/// reads the value: C's `strtod` at its start and after each `,` (`size="7,1e9"`, `pad`,
/// `margin`), and nothing when it starts with no number (`ranksep="equally"`).
fn past(value: &str, max: f64) -> Option<f64> {
    let mut rest = value;
    for _ in 0..4 {
        let (v, after) = graphviz_pure_core::strtod::strtod_rest(rest)?;
        if !v.is_finite() || v.abs() > max {
            return Some(v);
        }
        rest = after.trim_start().strip_prefix(',')?;
    }
    None
}

/// The cap of attribute `name` (exactly: Graphviz's attribute names are case-sensitive).
fn cap(name: &str) -> Option<&'static (&'static str, f64, &'static str)> {
    limits::SIZE_CAPS.iter().find(|(a, _, _)| *a == name)
}

/// Checks the value an option gives attribute `attr` (`graph-attribute-dpi=5000`, or the
/// `dpi` option itself): 400 past the attribute's cap, naming the option.
pub fn check_option(option: &str, attr: &str, value: &str) -> Result<()> {
    let Some((_, max, what)) = cap(attr) else {
        return Ok(());
    };
    match past(value, *max) {
        None => Ok(()),
        Some(_) => Err(Error::BadRequest(format!(
            "option {option}='{}': {what} is at most {max}",
            crate::error::excerpt(value)
        ))),
    }
}

/// Checks one attribute of the source (a node's, an edge's, a graph's or a default): 422
/// past its cap, or 400 when it is not a finite number (`inf`, `nan`, which `strtod`
/// reads); an HTML-like label's `POINT-SIZE`s are capped as `fontsize` is.
pub fn check_attribute(name: &str, value: &str, html: bool) -> Result<()> {
    if let Some((attr, max, what)) = cap(name) {
        if let Some(v) = past(value, *max) {
            return Err(refusal(attr, value, v, *max, what));
        }
    }
    if html {
        for size in point_sizes(value) {
            check_attribute("fontsize", size, false)?;
        }
    }
    Ok(())
}

fn refusal(attr: &str, value: &str, v: f64, max: f64, what: &'static str) -> Error {
    if !v.is_finite() {
        return Error::Refused(format!(
            "{attr}=\"{}\" is not a finite number",
            crate::error::excerpt(value)
        ));
    }
    Error::GraphTooLarge {
        what,
        actual: v.abs().min(u64::MAX as f64) as u64,
        limit: max as u64,
    }
}

/// The values of the `POINT-SIZE` attributes (any case, either quote) in an HTML-like label.
fn point_sizes(html: &str) -> impl Iterator<Item = &str> {
    const NAME: &[u8] = b"point-size";
    let bytes = html.as_bytes();
    (0..bytes.len().saturating_sub(NAME.len())).filter_map(move |i| {
        if !bytes[i..i + NAME.len()].eq_ignore_ascii_case(NAME) {
            return None;
        }
        let rest = html[i + NAME.len()..].trim_start().strip_prefix('=')?;
        let rest = rest.trim_start();
        let quote = rest.chars().next().filter(|q| *q == '"' || *q == '\'')?;
        let body = &rest[1..];
        Some(&body[..body.find(quote).unwrap_or(body.len())])
    })
}

/// Checks the size an SVG of the engine's declares, before it is served or drawn: its
/// `width` and `height` (points, after `dpi`) and its `viewBox` (points) must be finite,
/// positive and at most [`limits::MAX_DRAWING_SIDE`]. A size that overflowed (Graphviz
/// writes it as a C `int`: `width="-1389934584pt"`) or vanished is 400, one over the limit
/// 422; both name the attributes that make a drawing that large.
pub fn check_svg(svg: &str) -> Result<()> {
    let Some(root) = root_tag(svg) else {
        return Ok(());
    };
    let mut sides = Vec::new();
    for name in ["width", "height"] {
        if let Some(v) = attribute(root, name) {
            sides.push((name, v.to_string(), leading_number(v)));
        }
    }
    if let Some(view) = attribute(root, "viewBox") {
        let numbers: Vec<&str> = view.split([' ', ',']).filter(|s| !s.is_empty()).collect();
        for (name, i) in [("viewBox width", 2), ("viewBox height", 3)] {
            if let Some(n) = numbers.get(i) {
                sides.push((name, n.to_string(), n.parse::<f64>().ok()));
            }
        }
    }
    for (name, text, value) in sides {
        check_side(name, &text, value)?;
    }
    Ok(())
}

fn check_side(name: &str, text: &str, value: Option<f64>) -> Result<()> {
    const CAUSE: &str = "an attribute such as width, height, fontsize, pad, margin, nodesep, \
                         ranksep, size, ratio or dpi makes it too large or negative";
    match value {
        Some(v) if v.is_finite() && v > 0.0 => {
            if v > limits::MAX_DRAWING_SIDE {
                return Err(Error::GraphTooLarge {
                    what: "drawing's width or height in points (width, height, fontsize, pad, \
                           nodesep, ranksep, size or dpi add up to it)",
                    actual: v.min(u64::MAX as f64) as u64,
                    limit: limits::MAX_DRAWING_SIDE as u64,
                });
            }
            Ok(())
        }
        _ => Err(Error::Layout {
            message: format!(
                "the drawing's {name} is '{}', not a positive size: {CAUSE}",
                crate::error::excerpt(text)
            ),
            diagnostics: Vec::new(),
        }),
    }
}

/// The `<svg ...>` start tag of `svg`, without its `<svg` and `>`.
fn root_tag(svg: &str) -> Option<&str> {
    let start = svg.find("<svg")? + 4;
    let end = svg[start..].find('>')? + start;
    Some(&svg[start..end])
}

/// The value of attribute `name` in a start tag's text (double-quoted, as Graphviz writes).
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(at) = tag[from..].find(name) {
        let at = from + at;
        let before = tag[..at].chars().next_back();
        let rest = tag[at + name.len()..].trim_start();
        if before.is_some_and(char::is_whitespace) {
            if let Some(value) = rest.strip_prefix("=\"") {
                return value.find('"').map(|end| &value[..end]);
            }
        }
        from = at + name.len();
    }
    None
}

/// The number a length starts with (`"123.5pt"`: 123.5), as an SVG reader reads it.
fn leading_number(length: &str) -> Option<f64> {
    let end = length
        .find(|c: char| !(c.is_ascii_digit() || "+-.eE".contains(c)))
        .unwrap_or(length.len());
    length[..end].trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_read_as_strtod_reads_them() {
        assert_eq!(past("1e300", 1000.0), Some(1e300));
        assert_eq!(past(" 1e4abc", 1000.0), Some(1e4));
        assert_eq!(past("-1e5", 1000.0), Some(-1e5));
        assert!(past("inf", 1000.0).is_some_and(f64::is_infinite));
        assert!(past("NaN", 1000.0).is_some_and(f64::is_nan));
        assert_eq!(past("0x1p20", 1000.0), Some(1_048_576.0));
        assert_eq!(past("7.5,1e9!", 1000.0), Some(1e9));
        assert_eq!(past("1000", 1000.0), None);
        assert_eq!(past("equally", 1000.0), None);
        assert_eq!(past("1.2 equally", 1000.0), None);
        assert_eq!(past("", 1000.0), None);
    }

    #[test]
    fn html_point_sizes_are_found() {
        let html = "<FONT POINT-SIZE=\"12\">a</FONT><font point-size = '1e300'>b</font>";
        assert_eq!(point_sizes(html).collect::<Vec<_>>(), ["12", "1e300"]);
        assert_eq!(
            check_attribute("label", html, true).unwrap_err().status(),
            422
        );
        check_attribute("label", html, false).unwrap();
    }

    #[test]
    fn the_svg_size_must_be_finite_positive_and_within_the_limit() {
        let svg = |w: &str, v: &str| {
            format!("<!-- x --><svg width=\"{w}\" height=\"10pt\"\n viewBox=\"0.00 0.00 {v} 10.00\" xmlns=\"http://www.w3.org/2000/svg\">")
        };
        check_svg(&svg("100pt", "100.00")).unwrap();
        let overflowed = check_svg(&svg("-1389934584pt", "100.00")).unwrap_err();
        assert_eq!(overflowed.status(), 400);
        assert!(
            overflowed.to_string().contains("-1389934584pt"),
            "{overflowed}"
        );
        assert_eq!(check_svg(&svg("0pt", "100")).unwrap_err().status(), 400);
        assert_eq!(check_svg(&svg("100pt", "nan")).unwrap_err().status(), 400);
        assert_eq!(check_svg(&svg("100pt", "1e300")).unwrap_err().status(), 422);
        assert_eq!(check_svg(&svg("1e9pt", "100")).unwrap_err().status(), 422);
        check_svg(&svg("9e7pt", "100")).unwrap();
    }
}
