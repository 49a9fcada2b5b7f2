// WaveDrom in bench/kinds.mjs: 64 signals of 100 cycles with data; a comment makes a request
// distinct.
const rep = (s, n) => s.repeat(n);

export const largest = () => `{ signal: [\n${Array.from({ length: 64 }, (_, i) => `  { name: "s${i}", wave: "${rep('01.x=', 20)}", data: [${rep('"d",', 20)}] },`).join('\n')}\n] }\n`;
export const distinct = (src, n) => [`// ${n}\n${src}`, ''];
