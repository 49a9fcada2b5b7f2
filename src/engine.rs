//! Where a diagram's drawing runs. The service decides *what* to draw (lay a diagram out, or
//! finish a stored SVG in another format); an [`Engine`] does the drawing: the kind's engine
//! and the shared stages of [`crate::pipeline`], bytes in and bytes out, holding no state of
//! the request.
//!
//! Natively, in WASI (`wasmtime serve` gives every request an instance of its own) and in the
//! CLI, [`InPlace`] draws in the host's own instance. In the Worker, one isolate answers many
//! requests at once, so a drawing that traps (a stack overflow, a memory access out of bounds,
//! a panic) must not take the others with it: the Worker's engine draws in a second wasm
//! instance of the same module (`src/contained.rs`), replaced after any trap, and answers the
//! trapped request with [`crate::Error::Exhausted`] (422).

use crate::diagram::Diagram;
use crate::error::Result;
use crate::pipeline::{self, Finished, LaidOut, Start};

/// Draws diagrams: [`crate::pipeline`]'s two halves, wherever they run.
pub trait Engine {
    /// What `diagram`'s kind draws, sanitised ([`pipeline::lay_out`]).
    fn lay_out(&self, diagram: &Diagram) -> Result<LaidOut>;
    /// `start` styled and in `diagram`'s format ([`pipeline::finish`]).
    fn finish(&self, diagram: &Diagram, start: Start) -> Result<Finished>;
}

/// The pipeline in this instance.
pub struct InPlace;

impl Engine for InPlace {
    fn lay_out(&self, diagram: &Diagram) -> Result<LaidOut> {
        pipeline::lay_out(diagram)
    }

    fn finish(&self, diagram: &Diagram, start: Start) -> Result<Finished> {
        pipeline::finish(diagram, start)
    }
}
