//! Every limit edgeviz enforces, in one place. The README's "Limits" table lists the same
//! values; `tests/limits.rs` checks each one is enforced with the status code it documents.
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
/// workerd, Wasmtime's), which no linker setting changes. Every nesting limit below is set
/// so that its deepest input fits both, measured through the wasm build itself
/// (`node bench/stack.mjs`; the hostile suites `tests/e2e/wasm-hostile.test.mjs` and
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
/// | chain of 500 nodes, circo ([`MAX_CIRCO_NODES`]) | 68 KiB | 225 KiB |
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

/// Deepest nesting of `{`, `[` and HTML-like label `<...>` in DOT source. The engine's
/// parser recurses on nesting; this keeps hostile input far from the stack limit. 413 beyond.
pub const MAX_NESTING: usize = 100;

/// Deepest nesting of `{ }` fields in a record label (`shape=record`/`Mrecord`): the engine
/// parses, sizes and places record fields recursively, and a label nested 1,600 deep
/// overflowed the Worker's stack while rendering natively. 413 beyond, at the first brace
/// past it.
pub const MAX_RECORD_NESTING: usize = 100;

/// Most nodes in one graph (summed over every graph in the source). 422 beyond.
///
/// Chosen from the public corpus (`cargo bench --bench corpus`): the largest files within
/// these limits lay out in under 3.5 s natively (`b103`: 944 nodes, 2,438 edges, 1.7 s;
/// `flat-level__rxjs` with `splines=ortho`: 3.0 s), while `2095.gv` (1,619 nodes, 1,940
/// edges, half of them labelled) runs for minutes, in C Graphviz too.
pub const MAX_NODES: usize = 1_500;

/// Most edges in one graph (summed over every graph in the source). 422 beyond.
pub const MAX_EDGES: usize = 3_000;

/// Most subgraphs (clusters included). 422 beyond.
pub const MAX_SUBGRAPHS: usize = 1_000;

/// Most graphs in one source (DOT allows several; edgeviz draws the first, as Kroki does).
pub const MAX_GRAPHS: usize = 16;

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

/// Largest `dpi` option (Graphviz's `dpi`, which also scales the SVG). 400 beyond.
pub const MAX_DPI: f64 = 600.0;

/// The attributes that set a drawing's size, each with the largest value it may have (in
/// absolute value) and what it measures: in the source (any graph, node, edge or default;
/// 422 beyond, 400 for `inf` or `nan`) and in the options that set attributes (`dpi`,
/// `graph-attribute-*`, `node-attribute-*`, `edge-attribute-*`; 400 beyond) alike, read as
/// Graphviz reads them (`graph::sizes`). An HTML-like label's `POINT-SIZE` is a `fontsize`.
///
/// Why: unchecked, `width="1e8"` drew an SVG declared `width="-1389934584pt"` (Graphviz
/// writes the size as a C `int`), `fontsize`, `pad`, `nodesep` or `ranksep` of `1e300` an
/// infinite one, and `graph-attribute-dpi=5000` a 17,081 × 12,812 pt page, all of them a
/// 500 as PNG or PDF. The caps are far above any drawing's need (Graphviz's defaults:
/// `fontsize` 14, `width` 0.75, `pad` 0.0555, `nodesep` 0.25, `ranksep` 0.5) and keep
/// one attribute's drawing within [`MAX_DRAWING_SIDE`]: a node 1,000 inches wide is 72,000
/// points, a 1,000-point font 16 KiB of label ([`MAX_LABEL_BYTES`]) about 9 million. What
/// many attributes within their caps add up to is checked on the SVG, by that limit.
pub const SIZE_CAPS: &[(&str, f64, &str)] = &[
    ("dpi", MAX_DPI, "dpi (dots per inch)"),
    ("resolution", MAX_DPI, "resolution (dots per inch)"),
    ("fontsize", 1_000.0, "fontsize (points)"),
    ("labelfontsize", 1_000.0, "labelfontsize (points)"),
    ("width", 1_000.0, "width (inches)"),
    ("height", 1_000.0, "height (inches)"),
    ("margin", 1_000.0, "margin (inches)"),
    ("pad", 1_000.0, "pad (inches)"),
    ("nodesep", 1_000.0, "nodesep (inches)"),
    ("ranksep", 1_000.0, "ranksep (inches)"),
    ("size", 1_000.0, "size (inches)"),
    ("ratio", 1_000.0, "ratio (height over width)"),
    ("penwidth", 1_000.0, "penwidth (points)"),
    ("arrowsize", 1_000.0, "arrowsize (times the default)"),
    ("minlen", 1_000.0, "minlen (ranks)"),
];

/// The longest side of a Graphviz drawing, in points, as its SVG declares it (`width`,
/// `height`, after `dpi`) and draws it (`viewBox`): 422 beyond, and 400 for a side that is
/// not finite or not positive. The largest drawing within the other limits seen is fdp's
/// 100 nested clusters (the hostile family at its limit), 17.4 million points wide; a chain
/// of 1,500 nodes with `rankdir=LR` is about 135,000. 100 million points leaves room above
/// those and is small enough that no side at `dpi` 600 (8.3 times the points: 833 million)
/// reaches the 2,147,483,647 where Graphviz's C `int` wraps, so a size that wrapped is
/// always caught, by its `viewBox` if its `width` wrapped to a plausible number. The PNG
/// and the PDF of a drawing within it are scaled down to their own limits.
pub const MAX_DRAWING_SIDE: f64 = 100_000_000.0;

/// Most nodes plus edge segments (one per rank a long edge crosses) in a graph laid out with
/// `dot`, estimated before layout (`render::dot_work`). dot's cost grows with this number,
/// not with the edge count: a complete DAG of 77 nodes is within the edge limit but has
/// about 76,000 segments and runs for minutes. 422 beyond.
pub const MAX_DOT_WORK: usize = 20_000;

/// Most nodes in a graph whose edges are routed orthogonally (`splines=ortho`, any engine;
/// erd's `erd-edge=ortho`). 422 beyond. Graphviz's ortho router builds a maze of cells
/// around every node and searches it once per edge, so its cost grows with nodes times
/// edges: unbounded, erd's 1,500 entities with 2,999 relationships took 13-25 s in workerd
/// (14-19 s as PDF; the hostile tester's figures).
///
/// Measured natively (dev profile, dependencies optimised: the engine at opt-level 2;
/// `tests/erd.rs`, `ortho_time_by_size`), the SVG laid out, then the PDF written from it,
/// for erd's graph of n entities each related to the next two (2n - 3 relationships, the
/// tester's shape) and the same chain in plain DOT:
///
/// | n (edges) | erd, ortho | erd, splines | PDF after it | DOT chain, ortho |
/// |---|---:|---:|---:|---:|
/// | 100 (197) | 0.03 s | 0.03 s | 0.03 s | 0.01 s |
/// | 300 (597) | 0.11 s | 0.11 s | 0.11 s | 0.03 s |
/// | 500 (997) | 0.21 s | 0.17 s | 0.12 s | 0.05 s |
/// | 1,000 (1,997) | 0.63 s | 0.61 s | 0.33 s | 0.20 s |
/// | 1,500 (2,997) | 1.51 s | 1.22 s | 0.44 s | 0.45 s |
///
/// That chain is not the worst shape: in the wasm build (release, the wasm API in Node,
/// a fresh instance per request, `/erd/svg?erd-edge=ortho`), a star (every entity related
/// to the first, both ways: 2n - 2 relationships) is, and it is the tester's figure:
///
/// | erd, wasm in Node | chain, ortho | star, ortho | star, splines |
/// |---|---:|---:|---:|
/// | n = 300 | | 0.71 s | |
/// | n = 500 | 0.53 s (PDF 0.59 s) | 1.77 s (PDF 1.90 s) | |
/// | n = 750 | | 2.53 s | |
/// | n = 1,000 | 0.70 s (PDF 0.99 s) | 4.18 s | |
/// | n = 1,500 | 1.63 s (PDF 2.29 s) | 14.61 s | 3.80 s |
///
/// Natively (dev profile) the star at 500 takes 1.02 s as SVG and 1.11 s as PDF through the
/// service (`tests/limits.rs`, the hostile families): wasm in Node is 1.7 times that.
/// The star at 1,500 takes 14.6 s in Node and took 13-25 s in workerd (about 1-1.7 times
/// Node); native (dev profile) and wasm in Node are within 2.5 times of each other on the
/// chain. At 500 nodes the worst shape takes 1.8-1.9 s in Node, about 3 s in workerd at the
/// ratio seen, within the 5 s every input within the limits must meet; 750 would be 4.3 s
/// there, too close. The same routing serves DOT's `splines=ortho`, so the limit is the
/// Graphviz stage's, for every kind.
pub const MAX_ORTHO_NODES: usize = 500;

/// Most edges in a graph with `splines=ortho` (422 beyond), measured with
/// [`MAX_ORTHO_NODES`]. One file of the public corpus is over it: dependency-cruiser's
/// flat-level graph of rxjs (1,454 ortho edges; `tests/corpus/expected.tsv`), which the C
/// `dot` draws; its folder-level and custom-level graphs are within it.
pub const MAX_ORTHO_EDGES: usize = 1_000;

/// Most nodes for the force-directed engines `neato` and `fdp`, whose cost grows with the
/// square of the node count (measured: 400 nodes take 2 s in neato and 5 s in fdp; 1,400
/// nodes 19 s and over a minute). `sfdp`, made for large graphs, keeps the general limits.
/// 422 beyond.
pub const MAX_FORCE_NODES: usize = 300;

/// Most nodes for `circo`, which walks its blocks depth first, one frame per node: a chain
/// of n nodes needs about 30 + 0.39·n KiB of the host's native stack in wasm (measured with
/// `node bench/stack.mjs`: 500 nodes 225 KiB, 1,000 nodes 417 KiB, 1,500 nodes 616 KiB),
/// and Wasmtime gives wasm 512 KiB by default. At 500 nodes the need is under half of that.
/// 422 beyond.
pub const MAX_CIRCO_NODES: usize = 500;

/// Graphviz's own iteration knobs, capped: a graph may lower them, never raise them past
/// these values (422 beyond). Their defaults are Graphviz's, so layouts stay faithful.
/// `nslimit`/`nslimit1` scale network simplex iterations, `mclimit` mincross passes,
/// `searchsize` the edges searched per simplex step, `maxiter` neato/fdp iterations.
pub const ITERATION_CAPS: &[(&str, f64)] = &[
    ("nslimit", 100.0),
    ("nslimit1", 100.0),
    ("mclimit", 10.0),
    ("searchsize", 1000.0),
    ("maxiter", 10_000.0),
];

/// Longest label (`label`, `xlabel`, `headlabel`, `taillabel`, in bytes). 413 beyond.
pub const MAX_LABEL_BYTES: usize = 16 * 1024;

/// Most HTML table cells (`<TD>`) in all HTML-like labels together. 422 beyond.
pub const MAX_HTML_CELLS: usize = 10_000;

/// Mermaid: items in the parsed model (nodes, edges, messages, tasks...) — merman's
/// `constrained` profile allows 16,000; a Worker's CPU budget wants fewer (422 over it).
pub const MAX_MERMAID_ITEMS: usize = 2_000;

/// Mermaid: the deepest nesting of the parsed model (subgraphs, composite states, blocks,
/// mindmap levels), merman's own depth measure; merman's `constrained` profile allows 128.
/// 422 over it.
pub const MAX_MERMAID_NESTING: usize = 128;

/// Mermaid: bytes of label text in the parsed model (422 over it).
pub const MAX_MERMAID_TEXT_BYTES: usize = 256 * 1024;

/// Mermaid: merman's deterministic layout-work units (its `interactive` profile's budget;
/// `constrained` allows 125,000, which refuses a 200-node flowchart). Measured in
/// bench/RESULTS.md: the largest charts inside it lay out in well under a second.
pub const MAX_MERMAID_LAYOUT_WORK: usize = 14_100_000;

/// Mermaid: the longest word (a run without white space) outside `%%` lines. A label word
/// wider than its box is cut, and merman measures what is left of it again after every cut:
/// its cost is the word's length squared (a 250 KB word took 2.5 s natively). 413 with
/// line:column.
pub const MAX_MERMAID_WORD_BYTES: usize = 2_048;

/// Bytes of Mermaid label text shaped with the embedded fonts in one render (~30 ms natively):
/// beyond it widths are estimated (`mermaid::Measured`). The largest generated charts in
/// bench/mermaid.mjs shape 5.3 KB at most (sequence-500-messages), the golden cases 0.3 KB.
pub const MAX_MERMAID_SHAPED_TEXT_BYTES: usize = 1 << 20;

/// svgbob: characters of art, white space not counted (413 over it). svgbob's time grows
/// faster than the art (it merges fragments pairwise) and with how much of it connects;
/// measured natively (dev profile, dependencies optimised): svgbob's own `demo.bob` (10,180
/// characters) 2.45 s, its `long.bob` (22,697) 3.9 s; generated: 100 lines of 100 `+`
/// (10,000) 0.66 s, 150 of 150 (22,500) 2.1 s, a grid of boxes of 19,000 1.0 s, of 33,560
/// 2.9 s, of 79,662 18 s, of 318,639 284 s. A hand-drawn diagram is a few hundred to a few
/// thousand characters.
pub const MAX_SVGBOB_CHARS: usize = 12_000;

/// svgbob: the widest `stroke-width` option (400 over it).
pub const MAX_SVGBOB_STROKE_WIDTH: f64 = 100.0;

/// svgbob: the largest `font-size` option (400 over it).
pub const MAX_SVGBOB_FONT_SIZE: f64 = 200.0;
