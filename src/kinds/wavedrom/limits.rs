//! WaveDrom's limits, each beside the measurement that set it. Native times: dev profile,
//! dependencies optimised. Wasm: the wasm API build (`--features wasm-api`, release) in
//! Node, a fresh instance per case; its linear memory is the high-water mark a Worker's
//! isolate keeps (`api.memoryBytes` after the request).

/// Bytes of source (413 over it), as pikchr's. WaveDrom sources are 0.1-2 KB (the
/// tutorial's largest is under 1 KB). Measured natively (dev profile, dependencies
/// optimised), at the other limits within 64 KiB: 1,000 signals of 50 cycles 1.1 s (29 MB
/// peak, a 3.3 MB SVG); 30 signals of 2,000 cycles 1.5 s (31 MB, 4.1 MB); 1,000 signals of
/// 2,000 cycles by `period` 0.12 s; a reg of 2,200 fields in 256 lanes 0.28 s (11 MB).
/// In wasm: 1,000 signals as PNG in 0.96 s, 2,000 cycles 0.2 s, 64 nested groups 40 KiB of
/// Rust stack.
pub const MAX_WAVEDROM_BYTES: usize = 64 * 1024;

/// Brackets (`[`, `{`) nested (413 over it), as json5 reads them (comments and strings
/// skipped: `kinds::wavedrom::LEXICON`): json5's parser recurses once a level.
/// WaveDrom's tutorial nests 4 at most (groups of groups).
pub const MAX_WAVEDROM_NESTING: usize = 64;

/// signals, groups' included (422 over it).
pub const MAX_WAVEDROM_SIGNALS: usize = 1_000;

/// cycles of the longest signal, its wave's length times its `period`, times
/// `config.hscale` (422 over it): 2,000 cycles draw 80,000 px wide (unchecked, 2,000 cycles at
/// `hscale` 16 drew 1,280,032 px).
pub const MAX_WAVEDROM_CYCLES: usize = 2_000;

/// `config.hscale` (422 over it): each cycle's width, 40 px times it.
pub const MAX_WAVEDROM_HSCALE: usize = 16;

/// `reg`: the register's bits, all fields' added, and `config.bits` (422 over it).
pub const MAX_WAVEDROM_REG_BITS: usize = 4_096;

/// `reg`: `config.lanes` (422 over it).
pub const MAX_WAVEDROM_REG_LANES: usize = 256;

/// `reg`: `config.hspace` and `vspace` in pixels (422 over it), and a tenth of it
/// for `fontsize`: the drawing's size.
pub const MAX_WAVEDROM_REG_SPACE: usize = 10_000;

/// `reg`: texts drawn (names, attributes, bit numbers; a number label is one text a
/// bit), counted before drawing, per lane a field may span (422 over it). Its PNG's memory
/// grows with them, on top of a pixmap of up to 32 MB (256 lanes are 20,000 px high, scaled
/// down to 8,000,000 pixels). Measured in wasm, linear memory after one render from a fresh
/// instance (5.6 MiB before), PNG, 256 lanes: 444 fields of 8 bits with a numeric name and
/// attribute (23,976 counted; within the old limit of 50,000) 118.6 MiB (PDF 88.1); 222 of
/// them (11,988) 92.6 MiB; 2,000 one-bit fields named and with an attribute (16,000) 82.5
/// MiB; 1,000 (8,000) 59.8 MiB. At this limit: 111 numbered fields (5,994) PNG 65.8 MiB,
/// JPEG 67.8, PDF 35.2 (1.8 s); 750 named fields 54.3 MiB (2.6 s on a loaded machine);
/// 136 fields of 20 attributes each 36.6 MiB.
pub const MAX_WAVEDROM_REG_TEXTS: usize = 6_000;

/// Texts drawn in a timing diagram (422 over it), counted before drawing: signal names,
/// `data` labels (as given: an array's items, a string's words), node letters, `edge`
/// labels, `head`/`foot` texts, and a number a cycle for `tick`/`tock`. The memory of a
/// PNG or PDF grows with the texts (resvg lays each out as outlines, about 10 KiB each),
/// not with their length. Measured in wasm, linear memory after one render from a fresh
/// instance (5.6 MiB before), PNG: 1,000 labels of 10 characters 24 MiB; 3,000 labels 45
/// MiB; 5,000 71 MiB (1.2 s); 10,000 120 MiB (3.1 s); 17,500 (350 signals × 50 cycles, a
/// 63 KB source) 185 MiB (4.8 s; its PDF 164 MiB, 4.3 s). At this limit (the family
/// "texts" of `hostile.rs`: 80 signals of 49 one-letter labels): SVG 10.5 MiB, PNG 57.4
/// MiB (3.1 s on a loaded machine), JPEG 61.5, PDF 39.1; with 10-letter labels and
/// 11-letter names (50 KB), PNG 79.4 MiB and PDF 67.4 (the dearest found); 2,000 labels of
/// 30 letters (64 KB) PNG 71.1 MiB; 1,000 signals of 3 labels (a 30,000 px drawing,
/// scaled) 48.2; 2,000 cycles with `tick` and `tock` numbers 42.6. `{ signal: [] }` is
/// drawn 0 high: a 400 (`check_drawn_size`).
pub const MAX_WAVEDROM_TEXTS: usize = 4_000;
