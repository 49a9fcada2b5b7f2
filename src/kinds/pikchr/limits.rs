//! pikchr's limits, each beside the measurement that set it. Times are native (dev profile,
//! dependencies optimised) unless they say wasm: the wasm API build in Node
//! (`--features wasm-api`, release), a fresh instance per case, whose time for these cases
//! was within 1.3 times the native one.

/// Bytes of source (413 over it). Measured natively: 16,384 boxes in 64 KiB render in 1.3 s
/// (39 MB peak, a 2.2 MB SVG); pikchr's own test scripts are 0.1-10 KB. In wasm (the wasm
/// API in Node, `tests/e2e/wasm-hostile.test.mjs`) 16,384 boxes, the most
/// [`MAX_PIKCHR_STATEMENTS`] allows, draw as PNG in 1.6 s with 25 KiB of Rust stack.
pub const MAX_PIKCHR_BYTES: usize = 64 * 1024;

/// Brackets (`[` sublists, `(` expressions and positions, `{` macro bodies) nested, and
/// words that nest a position in another without a bracket (`above`, `below`, `between`,
/// `of`, `in`, `from`, and `<`) in one statement (413 over it), in the source and in every
/// macro expansion. 64 sublists render natively in under 10 ms; pikchr's test scripts nest
/// 3 at most. Its stack use in wasm is measured through the wasm build: 64 sublists as PNG
/// take 108 KiB of Rust stack (88 ms), 64 parentheses 89 KiB; both within V8's and
/// Wasmtime's native stacks (`worker-hostile`). Without the count of words, 1,000
/// `1 above` (8 KB) overflowed a 1 MiB stack natively, as did 1,000 `1<` and 1,000
/// `1 between`. Rust stack in wasm (PNG) at this limit: 64 `1 above` 130 KiB, the same in
/// 63 sublists 234 KiB (the deepest found, a quarter of [`crate::limits::WASM_STACK_BYTES`]),
/// 64 `1<` 130 KiB, 64 `1st box of` 26 KiB, 64 defines nested in bodies 26 KiB, 64
/// sublists brought by a macro argument 109 KiB.
pub const MAX_PIKCHR_NESTING: usize = 64;

/// Statements after macro expansion (422 over it), sublists' statements included, counted
/// as edgeviz expands the macros exactly as pikru does (`kinds::pikchr::expand`), stopping
/// at the limit. As many as [`MAX_PIKCHR_BYTES`] of plain `box;` give: macros may shorten
/// a drawing, never enlarge what the source limit allows. Measured natively (pikru alone,
/// opt-level 2): a 260-byte source whose macros call each other ten times, five deep,
/// expands to 100,000 boxes in 11.9 s, renders in 16.8 s and 190 MB (a 14 MB SVG); six deep
/// would be 1,000,000.
pub const MAX_PIKCHR_STATEMENTS: usize = 16 * 1024;

/// Bytes of macro text parsed while expanding, each parse counted one byte more than its
/// text (422 over it): pikru parses a macro's body again at every call, so a long body
/// called thousands of times costs its length each time, even when it draws nothing (and an
/// empty one costs its call).
pub const MAX_PIKCHR_MACRO_BYTES: usize = 1024 * 1024;

/// pikru's parse work, in units (422 over it): each statement parsed (in the source and in
/// every macro expansion) costs 2^p · 7^q units, where p is the deepest nesting of its
/// parentheses and q that of its `dist(` calls. pikru's grammar (pest, no memo) tries two
/// alternatives that each read a parenthesised position whole (`(x, y)` and `(position)`),
/// so a position nested in parentheses costs twice as much a level; `dist(P, Q)` is an
/// expression, and a position tries seven alternatives that each start by reading one, so
/// `dist` nested in `dist` costs seven times as much a level. Measured natively, one
/// statement: `box at` with 8/10/12/14/16 parentheses 5 ms / 18 ms / 62 ms / 0.26 s / 1.05
/// s (16 µs a unit); `dist(` nested 4/5/6/7 deep 25 ms / 0.16 s / 1.1 s / 7.9 s (9.6 µs a
/// unit). 64 KiB of `box at ((((1,1))))` (3,449 statements, 16 units each) took 1.2 s. In
/// wasm, `box at` with 8/10/12/14 parentheses 81 / 103 / 139 / 330 ms from a fresh
/// instance (before this limit, 20 deep ran 23-51 s in workerd). Four units a statement, on
/// average, for as many statements as [`MAX_PIKCHR_STATEMENTS`] allows: one 16-deep
/// parenthesised position (1.05 s natively; 1.75 s in wasm on a machine loaded by two other
/// builds, 17 deep a 422 in 13 ms), or 16,384 statements of `((x, y))`. In wasm, on that
/// loaded machine: 64 statements 10 deep (the limit) 2.0 s as SVG, 2.2 s as PNG; the limits
/// together (16,128 boxes through macros and 30 statements 10 deep, 64,700 units) 2.7 s as
/// SVG, 3.7 s as PNG and PDF, 30 MiB of linear memory.
pub const MAX_PIKCHR_PARSE_WORK: u64 = 4 * MAX_PIKCHR_STATEMENTS as u64;
