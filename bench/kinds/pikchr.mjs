// pikchr in bench/kinds.mjs: as many boxes as the source limit holds, less room for the
// distinguishing comment.
export const largest = (L) => 'box\n'.repeat(Math.min(L.MAX_PIKCHR_STATEMENTS, Math.floor(L.MAX_PIKCHR_BYTES / 4) - 4));
export const distinct = (src, n) => [`${src}\n# ${n}\n`, ''];
