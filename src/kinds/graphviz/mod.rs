//! The `graphviz` kind (alias `dot`): Graphviz DOT, drawn by the shared [`crate::graph`]
//! stage with every one of Graphviz's output formats.

mod hostile;

use crate::diagram::{Diagram, Drawing, Example, Format, Kind};
use crate::error::{Error, Result};
use crate::graph;

pub struct Graphviz;

pub static KIND: Graphviz = Graphviz;

impl Kind for Graphviz {
    fn families(&self) -> &'static [crate::diagram::Family] {
        hostile::FAMILIES
    }

    fn hiding_prefixes(&self) -> &'static [&'static str] {
        hostile::HIDING_PREFIXES
    }

    fn name(&self) -> &'static str {
        "graphviz"
    }

    fn aliases(&self) -> &'static [&'static str] {
        &["dot"]
    }

    fn title(&self) -> &'static str {
        "Graphviz DOT"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["dot", "gv"]
    }

    /// All of them: SVG, the bitmaps, and every text format of Graphviz's.
    fn formats(&self) -> &'static [Format] {
        Format::ALL
    }

    fn engine(&self) -> &'static str {
        graph::ENGINE_VERSION
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

    fn example(&self) -> &'static str {
        "digraph G {Hello->World}\n"
    }

    fn gallery(&self) -> &'static [Example] {
        GALLERY
    }

    fn draw(&self, diagram: &Diagram) -> Result<Drawing> {
        graph::render(&diagram.source, &diagram.options, diagram.format)
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
