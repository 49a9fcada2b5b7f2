//! The `erd` kind: entity-relationship diagrams in the text format of BurntSushi's
//! [erd](https://github.com/BurntSushi/erd) 0.2.1.0 (what Kroki runs as `erd`), drawn as erd
//! draws them: erd writes a Graphviz graph and has Graphviz lay it out, so edgeviz reads the
//! format itself ([`parse`]), writes the graph erd writes ([`dot`]) and hands it to the shared
//! [`crate::graph`] stage, with the same engine, options, themes and limits as DOT.
//!
//! No dependency: erd is a Haskell program, and its format is small (entities, attributes,
//! relationships, eleven options). The source is bounded before it is read
//! ([`MAX_ERD_BYTES`]); the graph it becomes meets the Graphviz path's limits (nodes,
//! edges, HTML cells, label bytes).
//!
//! Options: erd's command-line choices, `erd-edge` (`spline`, `ortho`, `poly`, `compound`,
//! `noedge`), `erd-edge-pattern` (`dashed`, `dotted`, `solid`) and `erd-notation` (`uml`:
//! cardinalities as text, `ie`: crow's feet), and every option of the Graphviz path.

mod dot;
mod parse;

mod hostile;

use crate::diagram::{Diagram, Drawing, Example, Format, Kind, Spec, Options};
use crate::error::{Error, Result};
use crate::graph;

use dot::Style;

pub struct Erd;

pub static KIND: Erd = Erd;

/// erd: bytes of source (413 over it). The graph an erd source becomes meets the Graphviz
/// path's limits (an entity a node, a relationship an edge, a header or attribute an HTML
/// cell: [`crate::graph::limits::MAX_HTML_CELLS`] allows 10,000 attribute lines, about 450 KB written as erd's
/// nfldb example writes them); this bounds what is read and written before those apply.
/// Measured natively (dev profile, dependencies optimised), generated schemas with a
/// `label` per attribute: 200 entities × 20 attributes and 300 relationships (180 KB) read
/// and written as DOT in 0.05 s, SVG 0.8 s; 300 × 30 with 450 (396 KB) 0.1 s, SVG 1.8 s;
/// 1,000 × 5 with 1,500 (275 KB) 0.1 s, SVG 3.8 s (the slowest within the graph limits,
/// like the Graphviz path's 3.5 s); 1 MiB of attribute lines 0.48 s to read and write,
/// then refused by the cell limit. erd's examples are 0.6 and 2.5 KB. In wasm: 1,500
/// entities (the node limit) as SVG in 0.79 s with 13 KiB of Rust stack.
pub const MAX_ERD_BYTES: usize = 512 * 1024;

/// erd: the largest `size` option (a font size in points; 400 over it), as svgbob's
/// `font-size`: erd's own defaults are 16 (headers) and 30 (the title).
pub const MAX_ERD_FONT_SIZE: f64 = 200.0;

/// The format read, and by whom (for `/health` and the cache key).
const ENGINE_VERSION: &str = "edgeviz erd reader (erd 0.2.1.0 format)";

pub static SPEC: Spec = Spec {
    name: "erd",
    title: "erd (entity-relationship)",
    extensions: &["er"],
    formats: Format::GENERATED_GRAPH,
    engine: ENGINE_VERSION,
    example: GALLERY[0].source,
    gallery: GALLERY,
    families: hostile::FAMILIES,
    hiding_prefixes: hostile::HIDING_PREFIXES,
    ..Spec::BASE
};

impl Kind for Erd {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    /// erd's text becomes a Graphviz graph, then goes the way every graph goes.
    fn draw(&self, diagram: &Diagram) -> Result<Drawing> {
        graph::draw_generated(to_dot(&diagram.source, &diagram.options)?, diagram)
    }

    /// `erd-*`, and every option of the Graphviz path (`layout`, `graph-attribute-*`...).
    fn option(&self, name: &str, value: &str) -> Result<Option<String>> {
        match CHOICES.iter().find(|(n, _)| *n == name) {
            Some((_, values)) => choice(name, value, values).map(|v| Some(v.to_string())),
            None if name.starts_with("erd-") => Err(Error::BadRequest(format!(
                "unknown option '{}'; erd options: {}",
                crate::error::excerpt(name),
                CHOICES
                    .iter()
                    .map(|(n, _)| *n)
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
            None => graph::option(name, value),
        }
    }
}

const GALLERY: &[Example] = &[
    Example {
        name: "people",
        title: "erd: people and places",
        description: "two entities, keys, a foreign key and one relationship",
        source: include_str!("examples/people.er"),
    },
    Example {
        name: "library",
        title: "erd: a lending library",
        description: "a title, colours, type labels and every cardinality",
        source: include_str!("examples/library.er"),
    },
];

/// erd's command-line choices, as options: each name and the values it takes (the first is
/// erd's default).
const CHOICES: &[(&str, &[&str])] = &[
    (
        "erd-edge",
        &["spline", "ortho", "poly", "compound", "noedge"],
    ),
    ("erd-edge-pattern", &["dashed", "dotted", "solid"]),
    ("erd-notation", &["uml", "ie"]),
];

/// `value` if it is one of `values` (any case), lower-cased; else 400 listing them.
fn choice(name: &str, value: &str, values: &[&'static str]) -> Result<&'static str> {
    let lower = value.trim().to_ascii_lowercase();
    values.iter().copied().find(|v| *v == lower).ok_or_else(|| {
        Error::BadRequest(format!(
            "option {name}='{}': expected one of {}",
            crate::error::excerpt(value),
            values.join(", ")
        ))
    })
}

/// The edge style the options ask for (erd's defaults where they ask nothing).
fn style(options: &Options) -> Style {
    let mut style = Style::default();
    if let Some(edge) = options.value("erd-edge") {
        style.splines = match edge {
            "ortho" => "ortho",
            "poly" => "polyline",
            "compound" => "compound",
            "noedge" => "none",
            _ => "spline",
        };
    }
    if let Some(pattern) = options.value("erd-edge-pattern") {
        style.pattern = match pattern {
            "dotted" => "dotted",
            "solid" => "solid",
            _ => "dashed",
        };
    }
    style.ie = options.value("erd-notation") == Some("ie");
    style
}

/// The Graphviz graph erd would write for `source`.
pub fn to_dot(source: &str, options: &Options) -> Result<String> {
    check_size(source)?;
    let model = parse::read(source)?;
    Ok(dot::write(&model, &style(options)))
}

/// Refuses sources over [`MAX_ERD_BYTES`] before they are read (413).
fn check_size(source: &str) -> Result<()> {
    crate::error::within("erd source (bytes)", source.len(), MAX_ERD_BYTES)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Position;

    fn dot(source: &str) -> String {
        to_dot(source, &Options::default()).unwrap()
    }

    /// The position and message of the error `source` gives.
    fn syntax(source: &str) -> (Position, String) {
        match to_dot(source, &Options::default()) {
            Err(Error::Syntax {
                message,
                position: Some(position),
            }) => (position, message),
            other => panic!("expected a syntax error with a position, got {other:?}"),
        }
    }

    fn at(line: u32, column: u32) -> Position {
        Position { line, column }
    }

    #[test]
    fn an_entity_is_a_table_with_its_rows_in_order() {
        let g = dot("[Person]\n*name\n+place_id\n*+both\nplain\n");
        let row = |text: &str| g.find(text).unwrap_or_else(|| panic!("{text} in {g}"));
        assert!(g.starts_with("graph {"), "{g}");
        assert!(g.contains("rankdir=LR"), "{g}");
        assert!(row("<B><FONT POINT-SIZE=\"16\">Person</FONT></B>") < row("<U>name</U>"));
        assert!(row("<U>name</U>") < row("<I>place_id</I>"));
        assert!(row("<I>place_id</I>") < row("<I><U>both</U></I>"));
        assert!(row("<I><U>both</U></I>") < row(">plain<"));
        assert!(g.contains("<TD ALIGN=\"LEFT\">plain</TD>"), "{g}");
        assert!(g.contains("<FONT FACE=\"Helvetica\"><TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLPADDING=\"4\" CELLSPACING=\"0\">"), "{g}");
    }

    #[test]
    fn a_relationship_is_an_edge_with_cardinalities_at_its_ends() {
        let g = dot("[A]\n[B]\nA *--1 B {label: \"has\"}\nB ?--+ A\n");
        assert!(
            g.contains("\"A\" -- \"B\" [label=< has >, taillabel=<0..N>, headlabel=<1>];"),
            "{g}"
        );
        assert!(
            g.contains("\"B\" -- \"A\" [taillabel=<{0,1}>, headlabel=<1..N>];"),
            "{g}"
        );
    }

    #[test]
    fn directives_merge_under_an_items_own_options() {
        let g = dot("title {label: \"T\"}\nentity {bgcolor: \"red\"}\nheader {size: \"12\"}\n[A] {bgcolor: \"blue\"}\n[B]\n");
        assert!(
            g.contains("label=<<FONT POINT-SIZE=\"30\">T</FONT>>"),
            "{g}"
        );
        assert!(g.contains("<TABLE BGCOLOR=\"blue\""), "{g}");
        assert!(g.contains("<TABLE BGCOLOR=\"red\""), "{g}");
        assert!(g.contains("<FONT POINT-SIZE=\"12\">B</FONT>"), "{g}");
    }

    #[test]
    fn a_directive_after_an_entity_is_an_attribute_as_in_erd() {
        let g = dot("[A]\ntitle {label: \"x\"}\n");
        assert!(
            g.contains(">title<FONT> [x]</FONT>") || g.contains(">title [x]<"),
            "{g}"
        );
        assert!(!g.contains("labelloc"), "{g}");
    }

    #[test]
    fn comments_quotes_and_line_ends() {
        let g = dot("# c\r\n[`a b`] # c\r\n  'x y' {label: \"t\", # c\n }\r\n\"p q\"\n");
        assert!(g.contains("\"a b\" [label="), "{g}");
        assert!(g.contains("x y [t]") || g.contains(">x y<"), "{g}");
        assert!(g.contains(">p q<"), "{g}");
    }

    #[test]
    fn syntax_errors_have_their_position() {
        assert_eq!(syntax("[A\n").0, at(1, 3));
        assert_eq!(syntax("[A] x\n").0, at(1, 5));
        assert_eq!(syntax("[A]\n`open\n").0, at(2, 1));
        assert_eq!(syntax("[A]\n  x {label: \"y\"\n").0, at(3, 1));
        assert_eq!(syntax("[A]\nx {label \"y\"}\n").0, at(2, 9));
        assert_eq!(syntax("[A]\nx {label: y}\n").0, at(2, 11));
        assert_eq!(syntax("[A]\nx {label: \"y\n").0, at(2, 11));
        assert_eq!(syntax("[A]\n-x\n").0, at(2, 1));
        let (p, m) = syntax("x\n[A]\n");
        assert_eq!(p, at(1, 1));
        assert!(m.contains("before the first entity"), "{m}");
    }

    #[test]
    fn unknown_options_and_bad_values_are_named() {
        let (p, m) = syntax("[A]\nx {colour: \"red\"}\n");
        assert_eq!(p, at(2, 4));
        assert!(m.contains("option 'colour' does not exist"), "{m}");
        let (p, m) = syntax("[A] {bgcolor: \"nocolour\"}\n");
        assert_eq!(p, at(1, 15));
        assert!(m.contains("bgcolor"), "{m}");
        assert_eq!(syntax("[A] {border: \"256\"}\n").0, at(1, 14));
        assert_eq!(syntax("[A] {size: \"-1\"}\n").0, at(1, 12));
        assert_eq!(syntax("[A] {size: \"1e9\"}\n").0, at(1, 12));
        assert_eq!(syntax("[A] {text-alignment: \"top\"}\n").0, at(1, 22));
        assert!(dot("[A] {text-alignment: \"center\"}\n").contains("ALIGN=\"CENTER\""));
    }

    #[test]
    fn cardinalities_and_entities_of_relationships_are_checked() {
        let (p, m) = syntax("[A]\n[B]\nA 2--1 B\n");
        assert_eq!(p, at(3, 3));
        assert!(m.contains("cardinality '2' does not exist"), "{m}");
        assert_eq!(syntax("[A]\n[B]\nA *--x B\n").0, at(3, 6));
        assert_eq!(syntax("[A]\n[B]\nA --1 B\n").0, at(3, 3));
        let (p, m) = syntax("[A]\nA *--1 `No One`\n");
        assert_eq!(p, at(2, 8));
        assert!(m.contains("unknown entity 'No One'"), "{m}");
        assert_eq!(syntax("Z 1--1 A\n[A]\n").0, at(1, 1));
        assert_eq!(syntax("[A]\nA 1--1 A B\n").0, at(2, 10));
    }

    #[test]
    fn text_cannot_add_markup_or_attributes() {
        let g = dot("[`<script>\"&'`] {label: \"</TD>\\\"}\nx {label: \"<B>&amp;\", font: \"A' COLOR='red\"}\n");
        assert!(g.contains("&lt;script&gt;&quot;&amp;&#39;"), "{g}");
        assert!(g.contains("[&lt;/TD&gt;\\]"), "{g}");
        assert!(g.contains("&lt;B&gt;&amp;amp;"), "{g}");
        assert!(g.contains("FACE=\"A&#39; COLOR=&#39;red\""), "{g}");
        // Only as the node's ID, a quoted DOT string that is never drawn as markup.
        assert_eq!(g.matches("<script").count(), 1, "{g}");
        assert!(g.contains("\"<script>\\\"&'\" [label="), "{g}");
        assert!(syntax("[A] {color: \"red\\\" x=\\\"1\"}\n")
            .1
            .contains("color"));
    }

    #[test]
    fn node_names_are_quoted_for_dot() {
        let g = dot("[`a\"b\\`]\n[c]\n`a\"b\\` 1--1 c\n");
        assert!(g.contains("\"a\\\"b\\\\\" [label="), "{g}");
        assert!(g.contains("\"a\\\"b\\\\\" -- \"c\""), "{g}");
    }

    #[test]
    fn options_choose_erds_command_line_styles() {
        let mut options = Options::default();
        for (name, value) in [
            ("erd-edge", "Ortho"),
            ("erd-notation", "ie"),
            ("erd-edge-pattern", "solid"),
        ] {
            let v = KIND.option(name, value).unwrap().unwrap();
            options.values.insert(name.to_string(), v);
        }
        let g = to_dot("[A]\n[B]\nA *--? B {label: \"l\"}\n", &options).unwrap();
        assert!(g.contains("splines=\"ortho\""), "{g}");
        assert!(g.contains("style=solid"), "{g}");
        assert!(
            g.contains("xlabel=< l >, dir=both, arrowtail=crowodot, arrowhead=odottee"),
            "{g}"
        );
        assert_eq!(KIND.option("erd-edge", "wavy").unwrap_err().status(), 400);
        assert_eq!(KIND.option("erd-colour", "x").unwrap_err().status(), 400);
        assert_eq!(
            KIND.option("layout", "neato").unwrap().as_deref(),
            Some("neato")
        );
    }

    #[test]
    fn oversize_sources_are_413() {
        let big = format!("[A]\n{}", "x\n".repeat(MAX_ERD_BYTES / 2 + 1));
        let err = to_dot(&big, &Options::default()).unwrap_err();
        assert_eq!(err.status(), 413, "{err}");
    }

    #[test]
    fn the_gallery_reads() {
        for example in GALLERY {
            to_dot(example.source, &Options::default()).unwrap();
        }
    }
}
