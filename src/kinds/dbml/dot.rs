//! The Graphviz graph of a resolved model, drawn as dbml-renderer 1.0.31 (what Kroki runs)
//! draws it: left to right, one HTML-like table per table (a coloured header with its name,
//! a row per column: name, bold for a primary key, and type in italics with `(!)` for
//! `not null`), enums as tables of their values, table groups as filled clusters,
//! references as thick edges from column port to column port with `1`/`*` at each end, and
//! a thin line from each column typed by an enum to that enum. Notes become tooltips.
//!
//! Unlike dbml-renderer, every name, type and note is escaped (HTML in labels, DOT in
//! quoted strings), so that a name is only ever text; colours were checked when resolved.

use std::fmt::Write as _;

use crate::graph::quoted;
use crate::svg::escape_markup;

use super::model::{column_facts, in_primary_index, note_setting, text_setting, Model};
use super::parse::{Name, Table};

/// dbml-renderer's palette.
const DARK_BLUE: &str = "#29235c";
const LIGHT_BLUE: &str = "#1d71b8";
const GREY: &str = "#e7e2dd";
const GROUP_GREY: &str = "#dddddd";

/// The graph of `model`.
pub fn write(model: &Model) -> String {
    let ports = Ports::new(model);
    let mut out = String::new();
    header(&mut out);
    for e in &model.source.enums {
        enum_node(&mut out, &e.name, e.values.iter().map(|(v, _)| v.as_str()));
    }
    for (g, group) in model.source.groups.iter().enumerate() {
        cluster(&mut out, model, &ports, g, group);
    }
    for t in ungrouped(model) {
        table_node(&mut out, &model.source.tables[t], &ports.extra[t]);
    }
    for (l, link) in model.links.iter().enumerate() {
        link_edges(&mut out, model, &ports, l, link);
    }
    enum_edges(&mut out, model);
    out.push_str("}\n");
    out
}

fn header(out: &mut String) {
    let font = format!("fontname=\"helvetica\", fontsize=32, fontcolor=\"{DARK_BLUE}\"");
    let _ = writeln!(out, "digraph dbml {{\n  rankdir=LR;");
    let _ = writeln!(out, "  graph [{font}, bgcolor=\"transparent\"];");
    let _ = writeln!(out, "  node [penwidth=0, margin=0, {font}];");
    let _ = writeln!(out, "  edge [{font}, color=\"{DARK_BLUE}\"];");
}

/// Tables in no group, in source order.
fn ungrouped(model: &Model) -> impl Iterator<Item = usize> + '_ {
    (0..model.source.tables.len()).filter(|&t| model.group_of[t].is_none())
}

/// Tables in the order dbml-renderer lists them: each group's in turn, then the rest.
fn drawing_order(model: &Model) -> Vec<usize> {
    let grouped = model.source.groups.iter().enumerate().flat_map(|(g, _)| {
        (0..model.source.tables.len()).filter(move |&t| model.group_of[t] == Some(g))
    });
    grouped.chain(ungrouped(model)).collect()
}

/// Extra rows the references add: one per composite key (`a, b`) a reference points at,
/// after the columns, as dbml-renderer adds them.
struct Ports {
    /// Per table, the composite keys' column lists (columns in table order).
    extra: Vec<Vec<Vec<usize>>>,
    /// Per link, the port of each end.
    ends: Vec<(usize, usize)>,
}

impl Ports {
    fn new(model: &Model) -> Ports {
        let mut extra = vec![Vec::new(); model.source.tables.len()];
        let mut ends = Vec::new();
        for link in &model.links {
            let from = port(&mut extra, model, &link.from);
            let to = port(&mut extra, model, &link.to);
            ends.push((from, to));
        }
        Ports { extra, ends }
    }
}

/// The port (`fN`) of a reference's end: its column's row, or a composite key's row.
fn port(extra: &mut [Vec<Vec<usize>>], model: &Model, end: &(usize, Vec<usize>)) -> usize {
    let (t, columns) = end;
    if let [one] = columns.as_slice() {
        return one + 1;
    }
    let mut key = columns.clone();
    key.sort_unstable();
    let rows = &mut extra[*t];
    let i = rows.iter().position(|k| *k == key).unwrap_or_else(|| {
        rows.push(key);
        rows.len() - 1
    });
    model.source.tables[*t].columns.len() + 1 + i
}

fn cluster(out: &mut String, model: &Model, ports: &Ports, g: usize, group: &super::parse::Group) {
    let name = group.name.as_deref().unwrap_or("-unnamed-");
    let colour = text_setting(&group.settings, "color").unwrap_or_else(|| GROUP_GREY.into());
    let note = group.note.clone().or_else(|| note_setting(&group.settings));
    let _ = writeln!(out, "  subgraph {} {{", quoted(&format!("cluster_{name}")));
    if let Some(note) = note {
        let _ = writeln!(out, "    tooltip={};", quoted(&format!("{name}\n{note}")));
    }
    let _ = writeln!(
        out,
        "    label={};\n    style=filled;\n    color={};",
        quoted(name),
        quoted(&colour)
    );
    for t in (0..model.source.tables.len()).filter(|&t| model.group_of[t] == Some(g)) {
        table_node(out, &model.source.tables[t], &ports.extra[t]);
    }
    out.push_str("  }\n");
}

fn table_node(out: &mut String, table: &Table, extra: &[Vec<usize>]) {
    let name = table.name.display();
    let note = table.note.clone().or_else(|| note_setting(&table.settings));
    let tooltip = note.map_or(String::new(), |n| {
        format!("tooltip={};", quoted(&format!("{name}\n{n}")))
    });
    let _ = writeln!(
        out,
        "  {} [id={};{tooltip}label=<{}",
        quoted(&name),
        quoted(&name),
        table_open()
    );
    let colour = text_setting(&table.settings, "headercolor").unwrap_or_else(|| LIGHT_BLUE.into());
    let link = text_setting(&table.settings, "url").filter(|u| is_web_address(u));
    let _ = writeln!(out, "    {}", title_row(&name, &colour, link.as_deref()));
    for (i, column) in table.columns.iter().enumerate() {
        let facts = column_facts(&column.settings);
        let bold = facts.pk || in_primary_index(table, &column.name);
        let _ = writeln!(
            out,
            "    {}",
            column_row(i + 1, &column.name, &column.type_name, bold, facts.not_null)
        );
    }
    for (i, key) in extra.iter().enumerate() {
        let names: Vec<&str> = key
            .iter()
            .map(|&c| table.columns[c].name.as_str())
            .collect();
        let _ = writeln!(
            out,
            "    {}",
            key_row(table.columns.len() + 1 + i, &names.join(", "))
        );
    }
    out.push_str("  </TABLE>>];\n");
}

fn table_open() -> String {
    format!("<TABLE BORDER=\"2\" COLOR=\"{DARK_BLUE}\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"10\">")
}

/// The header: the name in bold on the header colour, in black or white, whichever reads
/// better on it (dbml-renderer's rule, for `#rrggbb` colours); a table's `url` makes it a
/// link, marked 🔗 as dbml-renderer marks it.
fn title_row(name: &str, colour: &str, link: Option<&str>) -> String {
    let ink = if is_light(colour) {
        "#000000"
    } else {
        "#ffffff"
    };
    let (href, icon) = match link {
        Some(url) => (format!(" HREF=\"{}\"", html(url)), " 🔗"),
        None => (String::new(), ""),
    };
    format!(
        "<TR><TD PORT=\"f0\" BGCOLOR=\"{colour}\"{href}><FONT COLOR=\"{ink}\"><B>       {}{icon}       </B></FONT></TD></TR>",
        html(name)
    )
}

/// Only `http:` and `https:` addresses become links (never `javascript:`).
fn is_web_address(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// Whether a `#rrggbb` colour is light enough for black text (perceived brightness > 186).
fn is_light(colour: &str) -> bool {
    let hex = colour.strip_prefix('#').filter(|h| h.len() == 6);
    let channel = |i: usize| hex.and_then(|h| u8::from_str_radix(&h[i..i + 2], 16).ok());
    match (channel(0), channel(2), channel(4)) {
        (Some(r), Some(g), Some(b)) => {
            r as f64 * 0.299 + g as f64 * 0.587 + b as f64 * 0.114 > 186.0
        }
        _ => false,
    }
}

fn column_row(port: usize, name: &str, type_name: &str, bold: bool, not_null: bool) -> String {
    let name = if bold {
        format!("<B>{}</B>", html(name))
    } else {
        html(name)
    };
    let mark = if not_null { " <B>(!)</B>" } else { "" };
    format!(
        "<TR><TD ALIGN=\"LEFT\" PORT=\"f{port}\" BGCOLOR=\"{GREY}\"><TABLE CELLPADDING=\"0\" CELLSPACING=\"0\" BORDER=\"0\"><TR><TD ALIGN=\"LEFT\">{name}    </TD><TD ALIGN=\"RIGHT\"><FONT><I>{}</I>{mark}</FONT></TD></TR></TABLE></TD></TR>",
        html(type_name)
    )
}

/// A composite key's row, or an enum's value: light blue italics.
fn key_row(port: usize, text: &str) -> String {
    format!(
        "<TR><TD PORT=\"f{port}\" BGCOLOR=\"{GREY}\"><FONT COLOR=\"{LIGHT_BLUE}\"><I>    {}    </I></FONT></TD></TR>",
        html(text)
    )
}

fn enum_node<'a>(out: &mut String, name: &Name, values: impl Iterator<Item = &'a str>) {
    let name = name.display();
    let _ = writeln!(
        out,
        "  {} [id={};label=<{}",
        quoted(&name),
        quoted(&name),
        table_open()
    );
    let _ = writeln!(out, "    {}", title_row(&name, DARK_BLUE, None));
    for (i, value) in values.enumerate() {
        let _ = writeln!(out, "    {}", key_row(i + 1, value));
    }
    out.push_str("  </TABLE>>];\n");
}

/// A reference: an invisible heavy edge between the tables (it keeps them close and in
/// order) and the visible one between the columns, with the cardinality at each end.
fn link_edges(out: &mut String, model: &Model, ports: &Ports, l: usize, link: &super::model::Link) {
    let from = quoted(&model.source.tables[link.from.0].name.display());
    let to = quoted(&model.source.tables[link.to.0].name.display());
    let (tail, head) = link.rel.marks();
    let dir = if link.rel == super::parse::Rel::ManyToMany {
        "both"
    } else {
        "forward"
    };
    let (fp, tp) = ports.ends[l];
    let _ = writeln!(
        out,
        "  {from}:f0 -> {to}:f0 [style=invis, weight=100, color=red];"
    );
    let _ = writeln!(
        out,
        "  {from}:f{fp}:e -> {to}:f{tp}:w [dir={dir}, penwidth=3, color=\"{DARK_BLUE}\", headlabel=\"{head}\", taillabel=\"{tail}\"];"
    );
}

/// A line from each column whose type is an enum's name to that enum.
fn enum_edges(out: &mut String, model: &Model) {
    let enums: Vec<String> = model
        .source
        .enums
        .iter()
        .map(|e| e.name.display())
        .collect();
    for t in drawing_order(model) {
        let table = &model.source.tables[t];
        for (c, column) in table.columns.iter().enumerate() {
            if let Some(e) = enums.iter().find(|e| **e == column.type_name) {
                let _ = writeln!(
                    out,
                    "  {}:f{}:e -> {}:f0:w [penwidth=3, color=\"{DARK_BLUE}\", arrowhead=\"none\", arrowtail=\"none\"];",
                    quoted(&table.name.display()),
                    c + 1,
                    quoted(e)
                );
            }
        }
    }
}

/// Text for an HTML-like label on one line: line breaks as spaces, markup escaped.
pub fn html(text: &str) -> String {
    escape_markup(&text.replace(['\n', '\r'], " "))
}

