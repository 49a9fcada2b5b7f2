//! The Graphviz graph of a [`Model`], as erd writes it (its `dotER`): an undirected graph laid
//! out left to right; each entity a `plaintext` node whose HTML-like label is a table, the
//! name in bold in the first row and one row per attribute, keys underlined and foreign keys
//! italic, an option's `label` beside the text in brackets; each relationship a dashed gray
//! edge, its cardinalities as the tail and head labels (or, in IE notation, as crow's-foot
//! arrows) and its `label` in the middle; the title, if any, at the top left.
//!
//! Every text from the source is HTML-escaped, and option values were checked by the reader
//! (colours Graphviz knows, numbers, one of four alignments), so a source cannot add markup
//! or attributes.

use std::fmt::Write as _;

use crate::graph::quoted;
use crate::svg::escape_markup;

use super::parse::{Attribute, Cardinality, Entity, Model, Options, Relation};

/// How edges are drawn: erd's command-line choices, as options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Graphviz's `splines` (erd's `--edge`).
    pub splines: &'static str,
    /// Graphviz's edge `style` (erd's `--edge-pattern`).
    pub pattern: &'static str,
    /// Crow's-foot arrows instead of text at the ends (erd's `--notation ie`).
    pub ie: bool,
}

impl Default for Style {
    /// erd's defaults: spline edges, dashed, cardinalities as text (UML).
    fn default() -> Self {
        Style {
            splines: "spline",
            pattern: "dashed",
            ie: false,
        }
    }
}

/// The graph, in DOT.
pub fn write(model: &Model, style: &Style) -> String {
    let mut out = String::from("graph {\n");
    if let Some(title) = model.title.get("label") {
        let label = font(&model.title, &escape_markup(title));
        let _ = writeln!(out, "  graph [labeljust=l, labelloc=t, label=<{label}>];");
    }
    let _ = writeln!(
        out,
        "  graph [rankdir=LR, splines={}];",
        quoted(style.splines)
    );
    out.push_str("  node [shape=plaintext];\n");
    let _ = writeln!(
        out,
        "  edge [color=gray50, minlen=2, style={}];",
        style.pattern
    );
    for entity in &model.entities {
        let _ = writeln!(
            out,
            "  {} [label=<{}>];",
            quoted(&entity.name),
            table(entity)
        );
    }
    for relation in &model.relations {
        let _ = writeln!(
            out,
            "  {} -- {} [{}];",
            quoted(&relation.from),
            quoted(&relation.to),
            edge_attributes(relation, style)
        );
    }
    out.push_str("}\n");
    out
}

/// An entity's table, in the table's font: the header row, then one row per attribute.
fn table(entity: &Entity) -> String {
    let mut rows = header_row(entity);
    for attribute in &entity.attributes {
        rows.push_str(&attribute_row(attribute));
    }
    let attributes = html_attributes(&entity.table, TABLE_ATTRIBUTES);
    font(&entity.table, &format!("<TABLE{attributes}>{rows}</TABLE>"))
}

/// The name in bold, in the header's font, and its `label` in brackets (not bold).
fn header_row(entity: &Entity) -> String {
    let name = format!("<B>{}</B>", font(&entity.header, &escape_markup(&entity.name)));
    let text = with_label(&entity.header, name, " [", "]");
    format!("<TR><TD>{text}</TD></TR>")
}

/// One attribute: underlined if a key, then italic if a foreign key, and its `label`.
fn attribute_row(attribute: &Attribute) -> String {
    let mut name = font(&attribute.options, &escape_markup(&attribute.name));
    if attribute.key {
        name = format!("<U>{name}</U>");
    }
    if attribute.foreign {
        name = format!("<I>{name}</I>");
    }
    let text = with_label(&attribute.options, name, " [", "]");
    let attributes = html_attributes(&attribute.options, CELL_ATTRIBUTES);
    format!("<TR><TD{attributes}>{text}</TD></TR>")
}

/// `text` followed by the options' `label` between `before` and `after`, in their font
/// (erd's `withLabelFmt`).
fn with_label(options: &Options, text: String, before: &str, after: &str) -> String {
    match options.get("label") {
        Some(label) => text + &font(options, &format!("{before}{}{after}", escape_markup(label))),
        None => text,
    }
}

/// The edge's labels: its `label` in the middle (an `xlabel` with orthogonal edges, as erd
/// does), and the cardinalities at the ends.
fn edge_attributes(relation: &Relation, style: &Style) -> String {
    let mut attributes = Vec::new();
    if let Some(label) = relation.options.get("label") {
        let name = if style.splines == "ortho" {
            "xlabel"
        } else {
            "label"
        };
        let text = font(&relation.options, &format!(" {} ", escape_markup(label)));
        attributes.push(format!("{name}=<{text}>"));
    }
    let (tail, head) = relation.cards;
    if style.ie {
        attributes.push("dir=both".to_string());
        attributes.push(format!("arrowtail={}", arrow(tail)));
        attributes.push(format!("arrowhead={}", arrow(head)));
    } else {
        let text = |card: Cardinality| font(&relation.options, card.label());
        attributes.push(format!("taillabel=<{}>", text(tail)));
        attributes.push(format!("headlabel=<{}>", text(head)));
    }
    attributes.join(", ")
}

/// A cardinality as erd's IE notation draws it: a ring for zero, a bar for one, a crow's
/// foot for many, the outer mark first.
fn arrow(card: Cardinality) -> &'static str {
    match card {
        Cardinality::ZeroOne => "odottee",
        Cardinality::One => "teetee",
        Cardinality::ZeroPlus => "crowodot",
        Cardinality::OnePlus => "crowtee",
    }
}

/// erd's font options and the `<FONT>` attribute each sets, in erd's order (by option name).
const FONT_ATTRIBUTES: &[(&str, &str)] =
    &[("color", "COLOR"), ("font", "FACE"), ("size", "POINT-SIZE")];

/// erd's table options and the `<TABLE>` attribute each sets.
const TABLE_ATTRIBUTES: &[(&str, &str)] = &[
    ("bgcolor", "BGCOLOR"),
    ("border", "BORDER"),
    ("border-color", "COLOR"),
    ("cellborder", "CELLBORDER"),
    ("cellpadding", "CELLPADDING"),
    ("cellspacing", "CELLSPACING"),
    ("text-alignment", "ALIGN"),
];

/// The same for a cell: a `<TD>` has no `CELLBORDER` (erd writes it, Graphviz ignores it
/// with a warning; here it is left out).
const CELL_ATTRIBUTES: &[(&str, &str)] = &[
    ("bgcolor", "BGCOLOR"),
    ("border", "BORDER"),
    ("border-color", "COLOR"),
    ("cellpadding", "CELLPADDING"),
    ("cellspacing", "CELLSPACING"),
    ("text-alignment", "ALIGN"),
];

/// `text` in a `<FONT>` with the options' font attributes; bare when they set none (erd
/// writes an empty `<FONT>`, which draws the same).
fn font(options: &Options, text: &str) -> String {
    let attributes = html_attributes(options, FONT_ATTRIBUTES);
    if attributes.is_empty() {
        text.to_string()
    } else {
        format!("<FONT{attributes}>{text}</FONT>")
    }
}

/// ` NAME="value"` for each option of `options` that `map` names, in the map's order.
fn html_attributes(options: &Options, map: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (option, attribute) in map {
        if let Some(value) = options.get(option) {
            let _ = write!(out, " {attribute}=\"{}\"", escape_markup(value));
        }
    }
    out
}

