//! The Graphviz stage's limits ([`crate::graph`]): the graph's size, nesting, attributes and
//! layout work, checked before the engine runs. Every kind that becomes a graph (graphviz,
//! wit, erd, dbml) is held to them. Each is beside the measurement that set it; the limits
//! every kind shares (the request's, the bitmaps', the PDF's) are in [`crate::limits`].

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
