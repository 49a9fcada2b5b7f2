//! Shared stage `theme`: recolours a sanitised SVG for a dark page, or makes it follow the
//! reader's colour scheme.
//!
//! Themes recolour Graphviz's default palette only — `black` (lines, arrowheads, text),
//! `white` (the background, white fills) and `lightgrey` (the default fill of
//! `style=filled`) — so colours the author chose stay as they are:
//! - `dark` rewrites those colours in place (so the PNG is dark too);
//! - `auto` adds a `<style>` whose `@media (prefers-color-scheme: dark)` rules override the
//!   same colours by attribute selector: one SVG that follows the reader's dark mode.
//!
//! Text drawn over a fill the author chose keeps Graphviz's black in both.
//!
//! [`apply`] reads the sanitiser's own output ([`crate::svg::sanitize`]): every tag ends at
//! its first `>`, attributes are `name="value"`, no raw `<` in text.

pub use crate::diagram::Theme;
use crate::svg::{attr_value, tag_name, Clean};

/// The dark palette: what each default colour becomes.
const DARK_FOREGROUND: &str = "#e6edf3";
const DARK_BACKGROUND: &str = "#0d1117";
const DARK_FILL: &str = "#3d444d";

/// Graphviz's default palette, each spelling it may be written in, and its dark colour.
const PALETTE: &[(&str, &str)] = &[
    ("black", DARK_FOREGROUND),
    ("#000000", DARK_FOREGROUND),
    ("white", DARK_BACKGROUND),
    ("#ffffff", DARK_BACKGROUND),
    ("lightgrey", DARK_FILL),
    ("lightgray", DARK_FILL),
    ("#d3d3d3", DARK_FILL),
];

/// The dark colour for a default colour of Graphviz's palette, if `value` is one.
fn dark(value: &str) -> Option<&'static str> {
    let v = value.trim().to_ascii_lowercase();
    PALETTE
        .iter()
        .find(|(from, _)| *from == v)
        .map(|(_, to)| *to)
}

/// The `<style>` of `theme=auto`.
fn auto_style() -> String {
    let mut rules = String::new();
    for (from, to) in PALETTE {
        rules.push_str(&format!(
            "[fill=\"{from}\"]{{fill:{to}}}[stroke=\"{from}\"]{{stroke:{to}}}"
        ));
    }
    rules.push_str(&format!("text:not([fill]){{fill:{DARK_FOREGROUND}}}"));
    format!("\n<style>@media (prefers-color-scheme: dark){{{rules}}}</style>")
}

/// `svg`, a sanitised SVG, in `theme` (`light` gives it back as it is, uncopied).
pub fn apply(svg: Clean, theme: Theme) -> Clean {
    svg.recoloured(|text| in_theme(text, theme))
}

/// The sanitiser's output `svg` in `theme`.
fn in_theme(svg: String, theme: Theme) -> String {
    if theme == Theme::Light {
        return svg;
    }
    let svg = svg.as_str();
    let mut out = String::with_capacity(svg.len() + 1024);
    let mut rest = svg;
    let mut root_seen = false;
    // The filled shapes drawn so far, in painting order: text drawn over a colour the author
    // chose (the latest filled shape under it, whatever group it is in — a cluster's fill
    // under an edge label too) keeps Graphviz's black instead of the dark foreground.
    let mut fills: Vec<(Bbox, bool)> = Vec::new();
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        // Comments, the XML declaration and the DOCTYPE pass as they are.
        let special = [("<!--", "-->"), ("<?", "?>"), ("<!", ">")]
            .into_iter()
            .find(|(open, _)| rest.starts_with(open));
        if let Some((open, close)) = special {
            let end = rest[open.len()..]
                .find(close)
                .map_or(rest.len(), |e| open.len() + e + close.len());
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let end = rest.find('>').map_or(rest.len(), |e| e + 1);
        let tag = &rest[..end];
        rest = &rest[end..];
        if tag.starts_with("</") {
            out.push_str(tag);
            continue;
        }
        let local = tag_name(tag)
            .rsplit(':')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let mode = recolour(tag, &local, theme, &mut fills);
        write_tag(tag, &local, mode, &mut out);
        if theme == Theme::Auto && !root_seen && !tag.ends_with("/>") {
            out.push_str(&auto_style());
        }
        root_seen = true;
    }
    out.push_str(rest);
    out
}

/// How [`write_tag`] recolours a start tag.
#[derive(Clone, Copy, PartialEq)]
enum Recolour {
    None,
    /// Default palette colours become dark; a `<text>` without `fill` gets the foreground.
    Dark,
    /// A `<text>` on a fill the author chose: pinned to black as `#000`, a spelling that
    /// neither the dark rewrite nor the `auto` style sheet matches.
    KeepBlackText,
}

/// How to recolour the start tag `tag` of element `local`, noting the filled shapes it draws.
fn recolour(tag: &str, local: &str, theme: Theme, fills: &mut Vec<(Bbox, bool)>) -> Recolour {
    let mut keep_black = false;
    match local {
        "polygon" | "ellipse" | "path" | "rect" | "circle" => {
            let fill = attr_value(tag, "fill").map(|f| f.trim().to_ascii_lowercase());
            if let (Some(fill), Some(bbox)) = (fill, bbox(tag, local)) {
                if fill != "none" && fill != "transparent" {
                    let authors = dark(&fill).is_none();
                    fills.push((bbox, authors));
                }
            }
        }
        "text" if attr_value(tag, "fill").is_none() => {
            let at = |a| attr_value(tag, a).and_then(|v| v.parse::<f64>().ok());
            if let (Some(x), Some(y)) = (at("x"), at("y")) {
                // Just above the baseline, inside the glyphs.
                let y = y - at("font-size").unwrap_or(14.0) * 0.3;
                keep_black = fills
                    .iter()
                    .rev()
                    .find(|(b, _)| b.contains(x, y))
                    .is_some_and(|(_, authors)| *authors);
            }
        }
        _ => {}
    }
    match (theme, keep_black) {
        (_, true) => Recolour::KeepBlackText,
        (Theme::Dark, false) => Recolour::Dark,
        _ => Recolour::None,
    }
}

/// Writes a sanitised start tag recoloured as `mode` says: palette colours of `fill` and
/// `stroke` made dark, and a `fill` given to a `<text>` that has none.
fn write_tag(tag: &str, local: &str, mode: Recolour, out: &mut String) {
    if mode == Recolour::None {
        out.push_str(tag);
        return;
    }
    // The tag's end: `>` or `/>`, and the white space before it.
    let close = if tag.ends_with("/>") { 2 } else { 1 };
    let body = &tag[..tag.len() - close];
    let body = body.trim_end_matches(crate::svg::xml_space);
    let mut rest = body;
    while let Some(eq) = rest.find("=\"") {
        let name_start = rest[..eq].rfind(crate::svg::xml_space).map_or(0, |s| s + 1);
        let value_end = rest[eq + 2..].find('"').map_or(rest.len(), |e| eq + 2 + e);
        let (name, value) = (&rest[name_start..eq], &rest[eq + 2..value_end]);
        out.push_str(&rest[..eq + 2]);
        let paint = name == "fill" || name == "stroke";
        match dark(value).filter(|_| mode == Recolour::Dark && paint) {
            Some(colour) => out.push_str(colour),
            None => out.push_str(value),
        }
        rest = &rest[value_end..];
    }
    out.push_str(rest);
    if local == "text" && attr_value(tag, "fill").is_none() {
        match mode {
            Recolour::Dark => out.push_str(&format!(" fill=\"{DARK_FOREGROUND}\"")),
            Recolour::KeepBlackText => out.push_str(" fill=\"#000\""),
            Recolour::None => {}
        }
    }
    out.push_str(&tag[body.len()..]);
}

/// A shape's bounding box.
#[derive(Clone, Copy)]
struct Bbox {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Bbox {
    fn contains(&self, x: f64, y: f64) -> bool {
        self.x0 <= x && x <= self.x1 && self.y0 <= y && y <= self.y1
    }
}

/// The bounding box of a shape tag as Graphviz writes them (polygon `points`, ellipse
/// `cx cy rx ry`, path `d` with absolute coordinates, rect, circle).
fn bbox(tag: &str, local: &str) -> Option<Bbox> {
    let num = |a| attr_value(tag, a).and_then(|v| v.trim().parse::<f64>().ok());
    match local {
        "ellipse" | "circle" => {
            let (cx, cy) = (num("cx")?, num("cy")?);
            let (rx, ry) = match local {
                "circle" => (num("r")?, num("r")?),
                _ => (num("rx")?, num("ry")?),
            };
            Some(Bbox {
                x0: cx - rx,
                y0: cy - ry,
                x1: cx + rx,
                y1: cy + ry,
            })
        }
        "rect" => {
            let (x, y) = (num("x").unwrap_or(0.0), num("y").unwrap_or(0.0));
            Some(Bbox {
                x0: x,
                y0: y,
                x1: x + num("width")?,
                y1: y + num("height")?,
            })
        }
        _ => {
            let list = attr_value(tag, if local == "path" { "d" } else { "points" })?;
            let nums: Vec<f64> = list
                .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == 'e'))
                .filter_map(|n| n.parse().ok())
                .collect();
            let (mut b, mut any) = (
                Bbox {
                    x0: f64::MAX,
                    y0: f64::MAX,
                    x1: f64::MIN,
                    y1: f64::MIN,
                },
                false,
            );
            for p in nums.chunks_exact(2) {
                b = Bbox {
                    x0: b.x0.min(p[0]),
                    y0: b.y0.min(p[1]),
                    x1: b.x1.max(p[0]),
                    y1: b.y1.max(p[1]),
                };
                any = true;
            }
            any.then_some(b)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::svg::clean;

    fn themed(svg: &str, theme: Theme) -> String {
        apply(clean(svg, &[]), theme).as_str().to_string()
    }

    #[test]
    fn dark_recolours_only_the_default_palette() {
        let svg = r##"<svg><polygon fill="white" stroke="none"/><ellipse fill="lightgrey" stroke="black"/><text x="1">a</text><text fill="red">b</text><path stroke="#ff0000"/></svg>"##;
        assert_eq!(
            themed(svg, Theme::Dark),
            r##"<svg><polygon fill="#0d1117" stroke="none"/><ellipse fill="#3d444d" stroke="#e6edf3"/><text x="1" fill="#e6edf3">a</text><text fill="red">b</text><path stroke="#ff0000"/></svg>"##
        );
    }

    #[test]
    fn text_on_author_fills_stays_black() {
        let svg = r#"<svg><g><polygon fill="white" points="0,0 0,-100 100,-100 100,0"/><g class="node"><polygon fill="yellow" points="10,-10 10,-30 40,-30 40,-10"/><text x="20" y="-15">on yellow</text><text x="60" y="-15">beside</text></g><g class="node"><ellipse fill="none" cx="50" cy="-50" rx="10" ry="10"/><text x="50" y="-50">on bg</text></g></g></svg>"#;
        let dark = themed(svg, Theme::Dark);
        assert!(
            dark.contains(r##"y="-15" fill="#000">on yellow"##),
            "{dark}"
        );
        assert!(
            dark.contains(r##"y="-15" fill="#e6edf3">beside"##),
            "{dark}"
        );
        assert!(dark.contains(r##"y="-50" fill="#e6edf3">on bg"##), "{dark}");
        let auto = themed(svg, Theme::Auto);
        assert!(
            auto.contains(r##"y="-15" fill="#000">on yellow"##),
            "{auto}"
        );
        assert!(auto.contains(r#"y="-50">on bg"#), "{auto}");
    }

    #[test]
    fn edge_labels_on_author_filled_clusters_stay_black() {
        let svg = r##"<svg><g class="cluster"><polygon fill="#fff4e6" points="0,0 0,-100 100,-100 100,0"/></g><g class="edge"><path fill="none" d="M10,-10C20,-20 30,-30 40,-40"/><polygon fill="black" points="40,-40 42,-42 44,-40"/><text x="60" y="-60">label</text></g></svg>"##;
        let dark = themed(svg, Theme::Dark);
        assert!(dark.contains(r##"y="-60" fill="#000">label"##), "{dark}");
    }

    #[test]
    fn auto_adds_one_media_query_after_the_root() {
        let svg = "<?xml version=\"1.0\"?>\n<svg width=\"1pt\"><g><svg></svg></g></svg>";
        let out = themed(svg, Theme::Auto);
        assert_eq!(out.matches("<style>").count(), 1);
        assert!(out.starts_with("<?xml version=\"1.0\"?>\n<svg width=\"1pt\">\n<style>@media (prefers-color-scheme: dark){"));
        assert!(out.contains("[stroke=\"black\"]{stroke:#e6edf3}"));
        assert!(out.contains("text:not([fill]){fill:#e6edf3}"));
    }

    #[test]
    fn comments_and_text_are_not_recoloured() {
        let svg = "<!-- fill=\"black\" -->\n<svg><text x=\"1\" y=\"2\">fill=\"black\" &gt;</text><g fill=\"black\"/></svg>";
        let out = themed(svg, Theme::Dark);
        assert!(out.starts_with("<!-- fill=\"black\" -->"), "{out}");
        assert!(out.contains(">fill=\"black\" &gt;</text>"), "{out}");
        assert!(out.contains("<g fill=\"#e6edf3\"/>"), "{out}");
    }
}
