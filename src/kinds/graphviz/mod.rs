//! The `graphviz` kind (alias `dot`): Graphviz DOT, drawn by the shared [`crate::graph`]
//! stage with every one of Graphviz's output formats.

mod hostile;

use crate::diagram::{Diagram, Drawing, Example, Format, Kind, Spec};
use crate::error::{Error, Result};
use crate::graph;

pub struct Graphviz;

pub static KIND: Graphviz = Graphviz;

pub static SPEC: Spec = Spec {
    name: "graphviz",
    aliases: &["dot"],
    title: "Graphviz DOT",
    extensions: &["dot", "gv"],
    // All of them: SVG, the bitmaps, and every text format of Graphviz's.
    formats: Format::ALL,
    engine: graph::ENGINE_VERSION,
    example: "digraph G {Hello->World}\n",
    gallery: GALLERY,
    families: hostile::FAMILIES,
    hiding_prefixes: hostile::HIDING_PREFIXES,
    ..Spec::BASE
};

impl Kind for Graphviz {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn draw(&self, diagram: &Diagram) -> Result<Drawing> {
        graph::render(&diagram.source, &diagram.options, diagram.format)
    }

    fn option(&self, name: &str, value: &str) -> Result<Option<String>> {
        graph::option(name, value)
    }

    /// As Graphviz: bytes that are not UTF-8 are read in a graph that says `charset=latin1`.
    fn source_from_bytes(&self, bytes: &[u8]) -> Result<String> {
        if graph::declares_latin1(bytes) {
            return Ok(graph::decode_bytes(bytes.to_vec()));
        }
        match crate::encoding::not_utf8(bytes) {
            Error::Encoding(message) => Err(Error::Encoding(format!(
                "{message}; Graphviz reads other bytes only in a graph with charset=latin1"
            ))),
            other => Err(other),
        }
    }
}

const GALLERY: &[Example] = &[
    Example {
        name: "pipeline",
        title: "Rust to Wasm to host",
        description: "cargo builds a .wasm that runs in several host runtimes",
        source: include_str!("examples/pipeline.dot"),
    },
    Example {
        name: "workers",
        title: "Edge deployment",
        description: "Cloudflare Workers: cache and isolate in every PoP",
        source: include_str!("examples/workers.dot"),
    },
    Example {
        name: "plugins",
        title: "Wasm plugin system",
        description: "a host and its sandboxed plugins",
        source: include_str!("examples/plugins.dot"),
    },
    Example {
        name: "components",
        title: "WIT components",
        description: "components composed through WIT interfaces",
        source: include_str!("examples/components.dot"),
    },
    Example {
        name: "edgeviz",
        title: "edgeviz itself",
        description: "request, render, sanitise, raster, cache",
        source: include_str!("examples/edgeviz.dot"),
    },
];
