//! A raw WebAssembly API over [`crate::draw`], for measuring edgeviz as wasm outside a
//! Worker (the benchmark loads it in Node beside Graphviz-in-wasm peers). Built only with
//! `--features wasm-api`, which also leaves the Worker entry out, so the module has no
//! imports at all: `new WebAssembly.Instance(module, {})`.
//!
//! Protocol: `edgeviz_alloc(n)` returns a buffer for the source; `edgeviz_render(ptr, n,
//! format, scale_percent)` renders it (format: 0 SVG, 1 PNG) and returns the HTTP status the
//! service would send; the output (or error text) is then at `edgeviz_output_ptr()` for
//! `edgeviz_output_len()` bytes, valid until the next call.

use std::cell::RefCell;

use crate::request::{Diagram, DiagramType, Format, Options};

thread_local! {
    static OUTPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// A buffer of `len` bytes for the caller to fill; freed by `edgeviz_render`.
#[no_mangle]
pub extern "C" fn edgeviz_alloc(len: usize) -> *mut u8 {
    let mut buf = Vec::<u8>::with_capacity(len);
    let ptr = buf.as_mut_ptr();
    std::mem::forget(buf);
    ptr
}

/// Renders the UTF-8 source in `(ptr, len)` (taking ownership of that buffer).
///
/// # Safety
/// `ptr` must come from `edgeviz_alloc(len)` and hold `len` initialised bytes.
#[no_mangle]
pub unsafe extern "C" fn edgeviz_render(
    ptr: *mut u8,
    len: usize,
    format: u32,
    scale_percent: u32,
) -> u32 {
    // SAFETY: the caller passes back a buffer of `len` bytes made by `edgeviz_alloc(len)`.
    let bytes = unsafe { Vec::from_raw_parts(ptr, len, len) };
    let result = crate::request::into_source(bytes).and_then(|source| {
        let mut options = Options::default();
        options.scale = f64::from(scale_percent.max(10)) / 100.0;
        crate::draw(&Diagram {
            kind: DiagramType::Graphviz,
            format: if format == 1 {
                Format::Png
            } else {
                Format::Svg
            },
            source,
            options,
        })
    });
    let (status, bytes) = match result {
        Ok(out) => (200, out.bytes),
        Err(e) => (u32::from(e.status()), e.to_string().into_bytes()),
    };
    OUTPUT.with(|o| *o.borrow_mut() = bytes);
    status
}

#[no_mangle]
pub extern "C" fn edgeviz_output_ptr() -> *const u8 {
    OUTPUT.with(|o| o.borrow().as_ptr())
}

#[no_mangle]
pub extern "C" fn edgeviz_output_len() -> usize {
    OUTPUT.with(|o| o.borrow().len())
}
