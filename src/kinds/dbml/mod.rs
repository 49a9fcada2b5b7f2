//! The `dbml` kind: database schemas in DBML (dbdiagram.io's Database Markup Language),
//! drawn as Kroki draws them.
//!
//! Kroki runs @softwaretechnik/dbml-renderer 1.0.31, which writes a Graphviz graph and lays
//! it out with Graphviz. edgeviz does the same in three steps of its own: [`parse`] reads
//! the DBML (a hand-written reader: the `dbml-rs` crate cannot be built beside pikru, their
//! pest_derive features unify badly), [`model`] resolves its names (an unknown table or
//! column is a 400 at the name, as @dbml/core reports it), and [`dot`] writes the graph
//! dbml-renderer writes, which then goes the way every graph goes ([`graph::render`]).
//!
//! The reader follows @dbml/core (DBML's reference parser) where it and dbml-renderer's
//! own grammar differ: `decimal(1, 2)` with a space, `Ref { ... }`, `Note { ... }` bodies
//! are read. tests/dbml.rs compares both: the model with @dbml/core's, the graph with
//! dbml-renderer's.

mod dot;
mod model;
mod parse;

mod hostile;

use crate::diagram::{Diagram, Drawing, Example, Format, Kind, Spec};
use crate::error::{Error, Result};
use crate::graph;

pub struct Dbml;

pub static KIND: Dbml = Dbml;

// The limits of DBML: the graph a schema becomes meets the Graphviz path's limits too
// (`crate::graph::limits`); these bound what is read before that graph is written.

/// DBML: bytes of source (413 over it). DBML is read in one pass that never recurses; the
/// cost is Graphviz's layout of what it declares, which the counts below bound. A schema at
/// every count limit at once (200 tables of 12 columns, 600 references, notes) is 154 KiB.
pub const MAX_DBML_BYTES: usize = 256 * 1024;

/// DBML: tables and enums (each a node; 413 over it). Measured natively (dev profile,
/// dependencies optimised; `kinds::dbml::tests::time_at_the_limits`): 200 tables, 2,400
/// columns and 600 references are read in 60 ms and read and laid out in 1.7 s (a 2.9 MB
/// SVG). dbml-renderer's largest example has 27 tables. In wasm: 200 tables, each referring
/// to the one before, as PNG in 0.84 s with 37 KiB of Rust stack.
pub const MAX_DBML_TABLES: usize = 200;

/// DBML: columns of all tables and values of all enums (each a row; 413 over it). A row is
/// three HTML cells, so 2,500 rows, the tables' headers and the composite keys' rows stay
/// under [`crate::graph::limits::MAX_HTML_CELLS`] (10,000), the graph's own limit. Measured with the tables.
pub const MAX_DBML_COLUMNS: usize = 2_500;

/// DBML: references, explicit and inline (each two edges; 413 over it). Measured with the
/// tables.
pub const MAX_DBML_REFS: usize = 600;

/// The reader's own version: it is edgeviz's, and follows the drawing of this renderer.
const ENGINE_VERSION: &str = "edgeviz DBML reader 1 (dbml-renderer 1.0.31's drawing)";

pub static SPEC: Spec = Spec {
    name: "dbml",
    title: "DBML database schema",
    extensions: &["dbml"],
    formats: Format::GENERATED_GRAPH,
    engine: ENGINE_VERSION,
    example: GALLERY[0].source,
    gallery: GALLERY,
    families: hostile::FAMILIES,
    hiding_prefixes: hostile::HIDING_PREFIXES,
    ..Spec::BASE
};

impl Kind for Dbml {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    /// DBML becomes a Graphviz graph, then goes the way every graph goes.
    fn draw(&self, diagram: &Diagram) -> Result<Drawing> {
        graph::draw_generated(to_dot(&diagram.source)?, diagram)
    }

    /// Every option of the Graphviz path (`layout`, `graph-attribute-*`...).
    fn option(&self, name: &str, value: &str) -> Result<Option<String>> {
        graph::option(name, value)
    }
}

const GALLERY: &[Example] = &[
    Example {
        name: "shop",
        title: "DBML: a shop",
        description: "tables, references, an enum, a composite primary key and notes",
        source: include_str!("examples/shop.dbml"),
    },
    Example {
        name: "groups",
        title: "DBML: schemas and groups",
        description: "schema-qualified tables, a table group and a composite reference",
        source: include_str!("examples/groups.dbml"),
    },
];

/// The Graphviz graph dbml-renderer would write for `source`.
pub fn to_dot(source: &str) -> Result<String> {
    let model = read(source)?;
    Ok(dot::write(&model))
}

/// Reads and resolves `source` within the limits.
fn read(source: &str) -> Result<model::Model> {
    check_size(source)?;
    let parsed = parse::parse(source)?;
    check_counts(&parsed)?;
    model::resolve(source, parsed)
}

/// Refuses sources over [`MAX_DBML_BYTES`] before reading them (413).
fn check_size(source: &str) -> Result<()> {
    crate::error::within("DBML source (bytes)", source.len(), MAX_DBML_BYTES)
}

/// Refuses more tables, columns or references than the limits let Graphviz lay out in time
/// (413).
fn check_counts(parsed: &parse::Source) -> Result<()> {
    let columns: usize = parsed.tables.iter().map(|t| t.columns.len()).sum::<usize>()
        + parsed.enums.iter().map(|e| e.values.len()).sum::<usize>();
    let inline = parsed
        .tables
        .iter()
        .flat_map(|t| &t.columns)
        .flat_map(|c| &c.settings)
        .filter(|s| s.key == "ref")
        .count();
    crate::error::within(
        "DBML tables and enums",
        parsed.tables.len() + parsed.enums.len(),
        MAX_DBML_TABLES,
    )?;
    crate::error::within(
        "DBML columns and enum values",
        columns,
        MAX_DBML_COLUMNS,
    )?;
    crate::error::within(
        "DBML references",
        parsed.refs.len() + inline,
        MAX_DBML_REFS,
    )
}

/// The model as the normalised JSON tests/dbml-reference/references.mjs prints for @dbml/core's
/// (lists sorted the same way), or `{"error": {line, column, message}}`: what tests/dbml.rs
/// compares. Not an API.
#[doc(hidden)]
pub fn model_json(source: &str) -> serde_json::Value {
    match read(source) {
        Ok(model) => json::model(&model),
        Err(Error::Syntax { message, position }) => serde_json::json!({"error": {
            "line": position.map(|p| p.line),
            "column": position.map(|p| p.column),
            "message": message,
        }}),
        Err(other) => serde_json::json!({"error": {"message": other.to_string()}}),
    }
}

mod json;

#[cfg(test)]
mod tests;
