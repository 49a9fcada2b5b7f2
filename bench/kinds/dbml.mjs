// DBML in bench/kinds.mjs: as many tables as its limit takes, each referring to the one
// before; a comment makes a request distinct.
export const largest = (L) => Array.from({ length: L.MAX_DBML_TABLES }, (_, i) => `Table t${i} {\n  id int [pk]\n  name varchar\n  ${i ? `t${i - 1}_id int [ref: > t${i - 1}.id]` : ''}\n}\n`).join('');
export const distinct = (src, n) => [`// ${n}\n${src}`, ''];
