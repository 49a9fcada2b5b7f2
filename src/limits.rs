//! The limits every kind shares: the request's (URL, body, source), the bitmaps' and the
//! PDF's, and the wasm stack. A limit that belongs to one stage or one kind lives beside its
//! code, in a `limits.rs` of its own: the Graphviz stage's (which graphviz, erd, dbml and wit
//! all go through) in `src/graph/limits.rs`, a kind's in `src/kinds/NAME/limits.rs` (or its
//! `mod.rs`). The README's "Limits" table lists the same values; `tests/limits.rs` checks
//! each one is enforced with the status code it documents.
//!
//! Why limits at all: a Worker isolate has 128 MB of memory shared by its concurrent requests
//! and a CPU budget per request, and a panic or an out-of-memory abort restarts the isolate
//! for every user on it. Graphviz's layout cost grows faster than linearly with the graph, so
//! the graph size is capped before the engine runs.
//!
//! # Memory and reloads (issue 14, point 5)
//!
//! A Worker's wasm linear memory grows and never shrinks: its size is the high-water mark of
//! every render the isolate has served, and `/health` reports it (`memory.wasm_linear_bytes`,
//! null natively). Renders run one at a time in an isolate (a render is synchronous), so the
//! mark is the largest single render's need plus what the allocator keeps. Measured in
//! `wrangler dev` (workerd 1.20260426.1), the whole corpus and every golden case rendered in
//! sequence in one isolate (`tests/e2e/corpus.test.mjs`, figures in `tests/out/memory.tsv`):
//!
//! | after (two runs) | linear memory |
//! |---|---:|
//! | a fresh isolate, `/health` only | 5.2 MiB |
//! | corpus SVGs up to `flat-level__dependency-cruiser-2020-01-25.gv` | 10.0 MiB |
//! | `flat-level__rxjs.gv` SVG (`splines=ortho`: the router's work) | 36.0 MiB |
//! | `b103.gv` SVG (944 nodes, 2,438 edges), then the other 89-file SVGs | 44.3 / 45.0 MiB |
//! | the first large PNG: `flat-level__dependency-cruiser-2020-01-25.gv` (scaled to the 8,000,000-pixel cap: a 32 MB pixmap) in one run, `flat-level__rxjs.gv` (46.1 to 76.6 MiB) in the other | 74.8 / 76.6 MiB |
//! | every other input, SVG and PNG (Graphviz, Mermaid, WIT; `b103.gv` PNG among them) | no further growth |
//!
//! The step is the PNG pixmap (4 bytes a pixel, at most 32 MB by [`MAX_PNG_PIXELS`]) on top
//! of what the largest layouts left fragmented; which input takes it depends on the order.
//! 75-77 MiB of the isolate's 128 MB (shared with V8's heap and the JS glue) is the final
//! high-water mark; the test fails above 96 MiB. Production enforces the 128 MB: an isolate
//! over it is ended, and the request in flight with it. `wrangler dev` does not: a wasm memory
//! in a JS Worker grew to 4,000 MiB there and kept serving, so a local run cannot show that
//! failure — it can only show the mark, which is why the test asserts it.
//!
//! The occasional `503 Your worker restarted mid-request` seen in workerd during benchmarks
//! was not memory. That text comes from wrangler's dev proxy (`ProxyWorker`): when the Worker
//! is reloaded while a request is in flight, a GET is retried and a POST answered 503. With a
//! `[build]` section `wrangler dev` watches `src/` and rebuilds and reloads the Worker after
//! any change there (edits by others in the same tree; a rebuild takes 4 s with nothing to
//! compile, 20-30 s when the crate recompiles), and it runs the build once more by itself when
//! its file watcher becomes ready, just after starting. Reproduced: a `b103.gv` PNG POSTed,
//! and a file under the watched directory changed 3 s later, got the 503 after 4.3 s.
//! Requests that arrive during a rebuild are held and then served; only those already in the
//! old Worker are cut, so the long renders are the ones hit. The e2e tests and `bench/load.sh`
//! therefore serve a frozen copy of `build/` with a config without `[build]`
//! (`tests/e2e/harness.mjs`, `snapshotWorker`); `scripts/dev.sh` keeps the watch, for editing.

/// Rust's own stack in the wasm builds (the Worker, the wasm API, the WASI component), in
/// bytes: `build.rs` passes it to the linker (`-zstack-size`), and it sits at the start of
/// linear memory, so overflowing it traps instead of writing over data. It is not the only
/// stack: the wasm frames themselves live on the host's native stack (V8's in Node and
/// workerd, Wasmtime's), which no linker setting changes. Every nesting limit (the Graphviz
/// stage's, each kind's) is set so that its deepest input fits both, measured through the
/// wasm build itself (`node bench/stack.mjs`; the hostile suites `tests/e2e/wasm-hostile.test.mjs` and
/// `worker-hostile.test.mjs` keep them honest).
///
/// Measured at each limit (Rust's stack used, found by painting it; the least native stack
/// `node --stack-size` renders it with — Node itself needs about 77 KiB, so "77" means "no
/// more than Node's own need"):
///
/// | family at its limit | Rust stack | native stack |
/// |---|---:|---:|
/// | DOT `{` nesting, 100 (anonymous subgraphs) | 10 KiB | 77 KiB |
/// | 99 nested clusters, laid out by dot, fdp, osage, patchwork (PNG) | 66 KiB | 77 KiB |
/// | HTML-like label: 97 nested `<b>` / 32 nested tables (PNG) | 37 / 72 KiB | 77 KiB |
/// | record label `{` nesting, 100 (PNG) | 78 KiB | 99 KiB |
/// | chain of 1,500 nodes: dot (PNG) / twopi / sfdp, osage, patchwork | 37 / 74 / 10 KiB | 77 / 217 / 77 KiB |
/// | chain of 500 nodes, circo ([`crate::graph::limits::MAX_CIRCO_NODES`]) | 68 KiB | 225 KiB |
/// | chain of 300 nodes, neato | 10 KiB | 77 KiB |
/// | Mermaid: 27 nested subgraphs / 28 nested states (PNG) | 205 / 208 KiB | 84 KiB |
/// | Mermaid: mindmap 128 deep / 128 nested `loop`s (PNG) | 55 / 37 KiB | 77 KiB |
/// | WIT: `list<` nested 64 (PNG) | 37 KiB | 77 KiB |
///
/// So the deepest render uses a fifth of Rust's 1 MiB (the PNG of nested Mermaid groups:
/// resvg draws nested groups recursively) and 225 KiB of native stack: 4.4 times within
/// Node's 984 KiB, 2.3 times within Wasmtime's 512 KiB; workerd runs the same cases in
/// `worker-hostile.test.mjs`. Before these limits a record label 1,600 deep hung the
/// Worker, and circo on a 1,500-node chain needed 616 KiB.
pub const WASM_STACK_BYTES: usize = 1024 * 1024;

/// Name used for the URL limit; `Error::status` maps it to 414 instead of 413.
pub const URL_WHAT: &str = "encoded diagram in the URL (bytes)";

/// Longest encoded diagram accepted in a GET URL (bytes of the path segment). 414 beyond.
pub const MAX_URL_BYTES: usize = 16 * 1024;

/// Largest request body (bytes) for POST. 413 beyond.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Largest diagram source after decoding (bytes). A zlib stream that inflates past this is
/// stopped while inflating, so a zlib bomb never allocates more than this. 413 beyond.
pub const MAX_SOURCE_BYTES: usize = 1024 * 1024;

/// Largest PNG (width × height in pixels, after `scale`). A pixel is 4 bytes of RGBA while
/// drawing, so this bounds the pixmap at 32 MB, a quarter of the isolate's memory. A larger
/// drawing is scaled down to fit, with a warning, as Graphviz does for its bitmaps.
pub const MAX_PNG_PIXELS: u64 = 8_000_000;

/// Largest PNG side in pixels; a longer drawing is scaled down to fit, like the pixel limit.
pub const MAX_PNG_SIDE: u64 = 16_384;

/// Longest PDF page side in points (200 inches: the page size limit of PDF 1.7, Annex C.2,
/// beyond which readers refuse or clip a page). A larger drawing is scaled down to fit, with a
/// note, as the PNG is; the pixel limits do not apply to PDF.
pub const MAX_PDF_PAGE_SIDE: u64 = 14_400;

/// Largest PDF (bytes), checked after writing it: 413 beyond. The largest drawings every kind
/// accepts (tests/e2e/hostile.mjs, "as PDF") gave at most 0.85 MB (WaveDrom, 1,000 signals;
/// pikchr's 16,384 boxes 0.19 MB), in at most 1.2 s and 75 KiB of wasm stack in the wasm
/// build; bitmaps in a PDF are 8,000,000 pixels at most, together. 16 MiB leaves a margin of
/// about twenty for what these families do not reach.
pub const MAX_PDF_BYTES: usize = 16 * 1024 * 1024;

/// Largest `scale` (PNG device-pixel ratio). 400 beyond. The pixel limits apply after it.
pub const MAX_SCALE: f64 = 4.0;
