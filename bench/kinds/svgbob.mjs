// svgbob in bench/kinds.mjs: the largest art within its limit, and a request made distinct
// without changing the drawing (svgbob has no comments: a stroke width a millionth apart).
const rep = (s, n) => s.repeat(n);

export const largest = (L) => rep(`${rep('+--', 33)}+\n${rep('|  ', 33)}|\n`, Math.floor(L.MAX_SVGBOB_CHARS / 134));
export const distinct = (src, n) => [src, `?stroke-width=${(2 + n * 1e-6).toFixed(6)}`];
