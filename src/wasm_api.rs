//! A raw WebAssembly API over edgeviz, for running the same code as the Worker outside a
//! Worker: the benchmark loads it in Node beside Graphviz-in-wasm peers, and the wasm-side
//! hostile suite (`tests/e2e/wasm-hostile.test.mjs`) sends it every depth and size family,
//! because only the wasm build has the Worker's stacks (a native thread's 8 MB hides what
//! 1 MB cannot hold).
//! Built only with `--features wasm-api`, which also leaves the Worker entry out, so the
//! module calls no JavaScript. Its imports are the placeholders wasm-bindgen leaves in any
//! crate that links it (svgbob does, through sauron) and, as it is built together with the
//! WASI shells (`--features wasm-api,wasi`: one build for both), their WASI interfaces;
//! nothing on these paths calls either, and `tests/e2e/wasm-api.mjs` fills them with
//! functions that throw.
//!
//! Protocol: `edgeviz_alloc(n)` returns a buffer for the caller to fill; the output (or error
//! text) of the last call is at `edgeviz_output_ptr()` for `edgeviz_output_len()` bytes, valid
//! until the next call.
//! - `edgeviz_render(ptr, n, format, scale_percent)` draws the Graphviz source in the buffer
//!   (format: 0 SVG, 1 PNG) and returns the HTTP status the service would send;
//! - `edgeviz_handle(method, target, target_len, body, body_len)` answers an HTTP request
//!   (method 0 GET, 1 POST; `target` is the path and query, `/mermaid/svg?theme=dark`)
//!   through [`crate::service::handle`], every kind and route as the Worker serves them
//!   (the Worker adds only its cache); it returns the status, the body is the output;
//! - `edgeviz_sanitize(ptr, n, theme)` sanitises the SVG text in the buffer (theme: 0 light,
//!   1 dark, 2 auto), as the `sanitize` fuzz target does, for replaying its corpus; returns 200;
//! - `edgeviz_stack_pointer()` is the current position of Rust's stack in linear memory
//!   (it grows down from its top), for measuring how much of it a render uses.

use std::cell::RefCell;

use crate::diagram::Format;

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
    // Through `request::diagram`, as every host builds its diagrams (limits included).
    let graphviz = crate::kinds::built().next();
    let result = graphviz
        .ok_or_else(|| crate::Error::Internal("no kind built".into()))
        .and_then(|kind| {
            let source = crate::request::source(kind, bytes)?;
            let format = if format == 1 {
                Format::Png
            } else {
                Format::Svg
            };
            let scale = (f64::from(scale_percent.max(10)) / 100.0).to_string();
            let diagram =
                crate::request::diagram(kind, format, source, [("scale", scale.as_str())])?;
            crate::pipeline::draw(&diagram)
        });
    let (status, bytes) = match result {
        Ok(out) => (200, out.bytes),
        Err(e) => (u32::from(e.status()), e.to_string().into_bytes()),
    };
    OUTPUT.with(|o| *o.borrow_mut() = bytes);
    status
}

/// Answers an HTTP request through the service (see the module's protocol), taking
/// ownership of both buffers.
///
/// # Safety
/// `target` and `body` must each come from `edgeviz_alloc` with their lengths, initialised.
#[no_mangle]
pub unsafe extern "C" fn edgeviz_handle(
    method: u32,
    target: *mut u8,
    target_len: usize,
    body: *mut u8,
    body_len: usize,
) -> u32 {
    // SAFETY: both buffers were made by `edgeviz_alloc` with these lengths.
    let (target, body) = unsafe {
        (
            Vec::from_raw_parts(target, target_len, target_len),
            Vec::from_raw_parts(body, body_len, body_len),
        )
    };
    let target = String::from_utf8_lossy(&target);
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let resp = crate::service::handle(&crate::service::HttpRequest {
        method: if method == 1 { "POST" } else { "GET" },
        path,
        query,
        headers: &[],
        body: &body,
    });
    OUTPUT.with(|o| *o.borrow_mut() = resp.body);
    u32::from(resp.status)
}

/// Sanitises the SVG text in `(ptr, len)` in a theme (see the module's protocol).
///
/// # Safety
/// As for `edgeviz_render`.
#[no_mangle]
pub unsafe extern "C" fn edgeviz_sanitize(ptr: *mut u8, len: usize, theme: u32) -> u32 {
    // SAFETY: the caller passes back a buffer of `len` bytes made by `edgeviz_alloc(len)`.
    let bytes = unsafe { Vec::from_raw_parts(ptr, len, len) };
    let theme = match theme {
        1 => crate::Theme::Dark,
        2 => crate::Theme::Auto,
        _ => crate::Theme::Light,
    };
    let clean = crate::svg::clean(&String::from_utf8_lossy(&bytes), &[]);
    let out = crate::theme::apply(clean, theme);
    OUTPUT.with(|o| *o.borrow_mut() = out.into_bytes());
    200
}

/// Where Rust's stack is now: a local's address (the stack grows down in linear memory).
#[no_mangle]
pub extern "C" fn edgeviz_stack_pointer() -> usize {
    let marker = 0u8;
    std::hint::black_box(&marker) as *const u8 as usize
}

#[no_mangle]
pub extern "C" fn edgeviz_output_ptr() -> *const u8 {
    OUTPUT.with(|o| o.borrow().as_ptr())
}

#[no_mangle]
pub extern "C" fn edgeviz_output_len() -> usize {
    OUTPUT.with(|o| o.borrow().len())
}
