//! The Worker's contained renderer (wasm32, the Worker build only): every drawing runs in a
//! second instance of the Worker's own wasm module, so that a drawing that traps fails only
//! its own request (see [`crate::engine`]).
//!
//! - **The renderer's side**: three exports, `edgeviz_contained_alloc`, `edgeviz_contained_call`
//!   and the output's pointer and length: bytes of [`crate::wire`] in, bytes out. It holds no
//!   request state between calls but its own allocator's.
//! - **The Worker's side**: [`Contained`], an [`Engine`] that writes the diagram (and the drawing
//!   to finish) to bytes and calls the renderer through `src/contained.js`, which instantiates
//!   the module (`wasm_bindgen::module()`: the same compiled code, no second copy of it) with
//!   imports that all refuse, and drops the instance after any trap.
//!
//! A trap is answered as [`Error::Exhausted`] (422), logged, and never cached. After a call
//! that left the renderer's linear memory over [`RECYCLE_BYTES`], it is dropped too: linear
//! memory never shrinks, so one large render would otherwise hold its high-water mark for
//! the isolate's life.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use crate::diagram::Diagram;
use crate::engine::{Engine, InPlace};
use crate::error::{Error, Result};
use crate::pipeline::{Finished, LaidOut, Start};
use crate::wire::{self, Reader, Writer};

/// A renderer whose linear memory a call left larger than this is replaced before the next
/// call. Instantiating one costs a few milliseconds (the module is compiled once per
/// isolate); its memory starts at the module's data and stack (docs/safety.md, "Containment";
/// bench/RESULTS.md, "Containment", has the figures).
pub const RECYCLE_BYTES: f64 = 48.0 * 1024.0 * 1024.0;

/// `lay_out`: a diagram in, its laid-out drawing (or an error) out.
const LAY_OUT: u32 = 0;
/// `finish`: a diagram and where to start in, the finished output (or an error) out.
const FINISH: u32 = 1;

/// The request carries this flag when the Worker's `EDGEVIZ_TEST_TRAP` variable is set (tests
/// only; wrangler.toml has no such variable): a source holding [`TRAP`] then traps.
const TEST_TRAP: u32 = 1;
/// In a test source, traps the renderer: `EDGEVIZ-TEST-TRAP:unreachable`, `:overflow` (a
/// stack overflow) or `:panic`.
const TRAP: &str = "EDGEVIZ-TEST-TRAP:";

#[wasm_bindgen(module = "/src/contained.js")]
extern "C" {
    fn contained_start(module: JsValue);
    #[wasm_bindgen(catch)]
    fn contained_call(op: u32, input: &[u8]) -> std::result::Result<Vec<u8>, JsValue>;
    fn contained_memory() -> f64;
    fn contained_reset();
}

/// The Worker's engine: draws in the contained renderer.
pub struct Contained {
    /// Honour [`TRAP`] sources (the test variable is set).
    pub test_trap: bool,
    /// A fresh renderer for every call (`EDGEVIZ_FRESH_RENDERER`, for measuring each render's
    /// memory from a fresh instance).
    pub fresh: bool,
}

thread_local! {
    static STARTED: RefCell<bool> = const { RefCell::new(false) };
    /// The largest linear memory a renderer had after a call since [`take_peak`], in bytes.
    static PEAK: RefCell<f64> = const { RefCell::new(0.0) };
}

/// The largest linear memory (bytes) a renderer had after a call since the last time asked.
pub fn take_peak() -> f64 {
    PEAK.with(|m| m.replace(0.0))
}

impl Contained {
    fn call(&self, op: u32, input: Vec<u8>) -> Result<Vec<u8>> {
        STARTED.with(|s| {
            if !s.replace(true) {
                contained_start(wasm_bindgen::module());
            }
        });
        if self.fresh {
            contained_reset();
        }
        let answer = contained_call(op, &input);
        let memory = contained_memory();
        PEAK.with(|m| {
            let peak = m.borrow().max(memory);
            *m.borrow_mut() = peak;
        });
        if memory > RECYCLE_BYTES {
            contained_reset();
        }
        answer.map_err(|e| {
            let what = js_sys_message(&e);
            worker::console_error!("edgeviz: a render trapped and was contained: {what}");
            Error::Exhausted(what)
        })
    }

    fn header(&self, w: &mut Writer) {
        w.u32(if self.test_trap { TEST_TRAP } else { 0 });
    }
}

/// What a thrown JavaScript value says (`RangeError: Maximum call stack size exceeded`).
fn js_sys_message(e: &JsValue) -> String {
    worker::js_sys::Error::from(e.clone())
        .to_string()
        .as_string()
        .unwrap_or_else(|| "the renderer trapped".into())
}

impl Engine for Contained {
    fn lay_out(&self, diagram: &Diagram) -> Result<LaidOut> {
        let mut w = Writer::default();
        self.header(&mut w);
        wire::put_diagram(&mut w, diagram);
        let answer = self.call(LAY_OUT, w.done())?;
        wire::result(&mut Reader::new(&answer), wire::laid_out)
    }

    fn finish(&self, diagram: &Diagram, start: Start) -> Result<Finished> {
        let mut w = Writer::default();
        self.header(&mut w);
        wire::put_diagram(&mut w, diagram);
        wire::put_start(&mut w, &start);
        drop(start);
        let answer = self.call(FINISH, w.done())?;
        wire::result(&mut Reader::new(&answer), wire::finished)
    }
}

// --- the renderer's side -------------------------------------------------------------------

thread_local! {
    static OUTPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// A buffer of `len` bytes for the caller to fill; taken back by `edgeviz_contained_call`.
#[no_mangle]
pub extern "C" fn edgeviz_contained_alloc(len: usize) -> *mut u8 {
    let mut buf = Vec::<u8>::with_capacity(len);
    let ptr = buf.as_mut_ptr();
    std::mem::forget(buf);
    ptr
}

/// Runs `op` on the request in `(ptr, len)` (taking the buffer back); the answer is at
/// `edgeviz_contained_output_ptr()` until the next call.
///
/// # Safety
/// `ptr` must come from `edgeviz_contained_alloc(len)` and hold `len` initialised bytes.
#[no_mangle]
pub unsafe extern "C" fn edgeviz_contained_call(op: u32, ptr: *mut u8, len: usize) {
    // SAFETY: the caller passes back a buffer of `len` bytes made by the alloc export.
    let input = unsafe { Vec::from_raw_parts(ptr, len, len) };
    let answer = answer(op, &input);
    OUTPUT.with(|o| *o.borrow_mut() = answer);
}

#[no_mangle]
pub extern "C" fn edgeviz_contained_output_ptr() -> *const u8 {
    OUTPUT.with(|o| o.borrow().as_ptr())
}

#[no_mangle]
pub extern "C" fn edgeviz_contained_output_len() -> usize {
    OUTPUT.with(|o| o.borrow().len())
}

/// The renderer's answer to one request: the pipeline in this (contained) instance.
fn answer(op: u32, input: &[u8]) -> Vec<u8> {
    let mut r = Reader::new(input);
    let mut w = Writer::default();
    let request = r
        .u32()
        .and_then(|flags| Ok((flags, wire::diagram(&mut r)?)));
    let (flags, diagram) = match request {
        Ok(request) => request,
        Err(e) => {
            wire::put_result::<()>(&mut w, &Err(e), |_, _| {});
            return w.done();
        }
    };
    if flags & TEST_TRAP != 0 {
        test_trap(&diagram.source);
    }
    if op == FINISH {
        let finished = wire::start(&mut r).and_then(|s| InPlace.finish(&diagram, s));
        wire::put_result(&mut w, &finished, wire::put_finished);
    } else {
        wire::put_result(&mut w, &InPlace.lay_out(&diagram), wire::put_laid_out);
    }
    w.done()
}

/// Traps as a test source asks ([`TRAP`]).
fn test_trap(source: &str) {
    let Some(rest) = source.find(TRAP).map(|at| &source[at + TRAP.len()..]) else {
        return;
    };
    if rest.starts_with("unreachable") {
        core::arch::wasm32::unreachable();
    } else if rest.starts_with("overflow") {
        std::hint::black_box(deeper(0));
    } else if rest.starts_with("panic") {
        panic!("a test trap");
    }
}

/// Recurses until the stack is gone.
#[allow(unconditional_recursion)]
fn deeper(n: u64) -> u64 {
    let frame = std::hint::black_box([n; 64]);
    deeper(frame[3] + 1) + frame[7]
}
