//! edgeviz: diagrams rendered at the edge.
//!
//! A request flows one way through these modules (each imports only those below it; a
//! test, `tests/modules.rs`, keeps the graph acyclic and in these layers):
//!
//! 1. **hosts** — the Cloudflare Worker (`worker.rs`, wasm32 only, adds the Cache API), the
//!    WASI 0.2 component (`wasi.rs`), the wasm API for Node (`wasm_api.rs`) and the CLI
//!    (`src/bin/edgeviz.rs`): thin shells over
//! 2. **the service** — [`service`]: the HTTP API (routing, Kroki's request forms, headers,
//!    error bodies), runtime-independent, with [`cache`] (keys, ETags, caching headers) and
//!    [`store`] (what the Worker's caches keep of a render, and say about it);
//! 3. **the pipeline** — [`request`] builds a checked [`Diagram`] from what a client sent
//!    (the one place for every host), [`pipeline::draw`] draws it: its kind, then the
//!    shared stages;
//! 4. **the kinds** — [`kinds`]: one module per diagram language behind [`diagram::Kind`],
//!    listed once (`graphviz`, `wit`, `mermaid`);
//! 5. **the shared stages** — [`graph`] (the Graphviz engine, for every kind that becomes a
//!    graph), [`svg`] (sanitise), [`theme`], [`raster`] (SVG to PNG/JPEG) with [`fonts`];
//!    and below everything the vocabulary: [`diagram`] (the `Kind` interface, `Diagram`,
//!    `Format`, `Options`), [`encoding`] (Kroki's URL encoding), [`limits`], [`error`].
//!
//! Every failure is an [`Error`]; its HTTP status is decided once, in [`Error::status`].

pub mod cache;
#[cfg(all(
    target_arch = "wasm32",
    target_os = "unknown",
    not(any(feature = "wasm-api", feature = "wasi"))
))]
mod contained;
pub mod diagram;
pub mod encoding;
pub mod engine;
pub mod error;
pub mod fma;
pub mod fonts;
pub mod graph;
pub mod kinds;
pub mod limits;
pub mod pdf;
pub mod pipeline;
pub mod raster;
pub mod render;
pub mod request;
pub mod service;
pub mod store;
pub mod svg;
pub mod theme;
#[cfg(all(target_arch = "wasm32", feature = "wasi"))]
mod wasi;
#[cfg(all(target_arch = "wasm32", feature = "wasm-api"))]
pub mod wasm_api;
pub mod wire;
#[cfg(all(
    target_arch = "wasm32",
    target_os = "unknown",
    not(any(feature = "wasm-api", feature = "wasi"))
))]
mod worker;

pub use diagram::Theme;
pub use diagram::{Diagram, Format, Kind, Options, Output};
pub use error::{Error, Position, Result};
pub use pipeline::draw;
