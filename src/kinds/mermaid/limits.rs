//! Mermaid's limits, each beside the measurement that set it: edgeviz's caps on merman's
//! `constrained` resource profile, and its own checks before merman reads the source.

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
