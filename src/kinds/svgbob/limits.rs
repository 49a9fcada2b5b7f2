//! svgbob's limits, each beside the measurement that set it.

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
