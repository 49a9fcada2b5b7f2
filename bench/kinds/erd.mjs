// erd in bench/kinds.mjs: as many entities as the graph limit takes, a relationship between
// neighbours; a comment makes a request distinct.
export const largest = (L) => Array.from({ length: L.MAX_NODES }, (_, i) => `[e${i}]\n*id\nname\n`).join('') +
  Array.from({ length: L.MAX_NODES - 1 }, (_, i) => `e${i} 1--* e${i + 1}\n`).join('');
export const distinct = (src, n) => [`# ${n}\n${src}`, ''];
