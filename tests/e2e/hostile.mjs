// Depth and size families for every kind and every nesting construct, shared by the wasm-side
// suite (tests/e2e/wasm-hostile.test.mjs: the wasm-api build in Node) and the Worker suite
// (tests/e2e/worker-hostile.test.mjs: the real Worker in workerd). Each family is a source
// generator `make(n)` and the largest `n` edgeviz accepts (`at`, from src/limits.rs where a
// limit of edgeviz's own sets it); cases are drawn at the limit, just over it and far over
// it. A case must answer 200 or a 4xx — never a trap, a 5xx or a hung isolate.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './harness.mjs';

/** The `pub const NAME: usize = VALUE;` limits of src/limits.rs, so the suite follows them. */
export function rustLimits() {
  const text = readFileSync(join(ROOT, 'src', 'limits.rs'), 'utf8');
  const out = {};
  for (const m of text.matchAll(/pub const (\w+): usize = ([\d_* ]+);/g)) {
    out[m[1]] = m[2].split('*').map((f) => Number(f.trim().replaceAll('_', ''))).reduce((a, b) => a * b, 1);
  }
  return out;
}

/** The Graphviz layout engines, in the order of `graph::ENGINES` (the fuzz targets index it). */
export function rustEngines() {
  const text = readFileSync(join(ROOT, 'src', 'graph.rs'), 'utf8');
  const list = text.match(/pub const ENGINES: &\[&str\] = &\[([^\]]*)\]/)[1];
  return [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
}

const L = rustLimits();
const rep = (s, n) => s.repeat(n);

/** A family of paths of n nodes laid out by `layout` (a ring with `ring`), accepted up to `at`. */
function chain(layout, at, path = `/graphviz/svg?layout=${layout}`, { ring = false } = {}) {
  const nodes = (n) => Array.from({ length: n }, (_, i) => `n${i}`).join(' -- ');
  return {
    name: `dot: a ${ring ? 'ring' : 'chain'} of nodes laid out by ${layout}`,
    path,
    make: (n) => `graph { ${nodes(n)}${ring ? ' -- n0' : ''} }`,
    at, far: layout === 'neato' ? 1_400 : 100_000, overStatus: 422,
  };
}

/**
 * Every family: `{ name, path, make(n), at, over?, far? }`. `path` is the POST route.
 * `at` is the deepest or largest accepted; `over` (default at + 1) and `far` must be refused
 * with a 4xx (`overStatus` when a family knows it).
 */
export const FAMILIES = [
  // --- Graphviz DOT: the parser recurses on `{` (the root's brace counts as one level).
  {
    name: 'dot: nested anonymous subgraphs',
    path: '/graphviz/svg',
    make: (n) => `digraph {${rep(' subgraph {', n - 1)} a${rep(' }', n - 1)} }`,
    at: L.MAX_NESTING, far: 20_000, overStatus: 413,
  },
  ...['dot', 'fdp', 'osage', 'patchwork'].map((layout) => ({
    name: `dot: nested clusters laid out by ${layout}`,
    path: `/graphviz/png?layout=${layout}`,
    make: (n) => {
      let s = 'digraph {';
      for (let i = 1; i < n; i++) s += ` subgraph cluster_${i} { label="c${i}"; n${i};`;
      return s + ' x -> n1' + rep(' }', n - 1) + ' }';
    },
    at: L.MAX_NESTING, far: 5_000, overStatus: 413,
  })),
  {
    // digraph { a [label=< — three levels — then n - 3 elements.
    name: 'dot: HTML-like label, nested <b>',
    path: '/graphviz/png',
    make: (n) => `digraph { a [label=<${rep('<b>', n - 3)}x${rep('</b>', n - 3)}>] }`,
    at: L.MAX_NESTING, far: 20_000, overStatus: 413,
  },
  {
    // Each table level is three elements: <table><tr><td>.
    name: 'dot: HTML-like label, nested tables',
    path: '/graphviz/png',
    make: (n) => {
      const k = Math.floor((n - 3) / 3);
      return `digraph { a [label=<${rep('<table><tr><td>', k)}x${rep('</td></tr></table>', k)}>] }`;
    },
    at: L.MAX_NESTING, over: L.MAX_NESTING + 3, far: 20_000, overStatus: 413,
  },
  {
    name: 'dot: record label {{{x}}}',
    path: '/graphviz/png',
    make: (n) => `digraph { a [shape=record, label="${rep('{', n)}x${rep('}', n)}"] }`,
    at: L.MAX_RECORD_NESTING, far: 3_000, overStatus: 413,
  },
  {
    name: 'dot: record label {x|{x|…',
    path: '/graphviz/png',
    make: (n) => `digraph { a [shape=Mrecord, label="${rep('{x|', n)}x${rep('}', n)}"] }`,
    at: L.MAX_RECORD_NESTING, far: 3_000, overStatus: 413,
  },
  // One long path (and a ring for circo): the engines walk it depth-first.
  chain('dot', L.MAX_NODES, '/graphviz/png'),
  chain('neato', L.MAX_FORCE_NODES),
  ...['twopi', 'sfdp', 'osage', 'patchwork'].map((layout) => chain(layout, L.MAX_NODES)),
  chain('circo', L.MAX_CIRCO_NODES),
  chain('circo', L.MAX_CIRCO_NODES, undefined, { ring: true }),
  {
    name: 'dot: one label of n bytes',
    path: '/graphviz/svg',
    make: (n) => `digraph { a [label="${rep('x', n)}"] }`,
    at: L.MAX_LABEL_BYTES, far: 900_000, overStatus: 413,
  },
  // --- Mermaid: merman checks the model's nesting (MAX_MERMAID_NESTING) and, before drawing,
  // the depth of the SVG tree it would write (64 in its `constrained` profile): subgraphs
  // and composite states each add two levels, so that bound comes first for them (27 and 28
  // levels are the deepest drawn; found by probing, as merman states no formula).
  {
    name: 'mermaid: flowchart nested subgraphs',
    path: '/mermaid/png',
    make: (n) => `flowchart TD\n${Array.from({ length: n }, (_, i) => `subgraph s${i}\n`).join('')}a --> b\n${rep('end\n', n)}`,
    at: 27, far: 5_000, overStatus: 422,
  },
  {
    name: 'mermaid: nested composite states',
    path: '/mermaid/png',
    make: (n) => `stateDiagram-v2\n${Array.from({ length: n }, (_, i) => `state S${i} {\n`).join('')}[*] --> a\n${rep('}\n', n)}`,
    at: 28, far: 5_000, overStatus: 422,
  },
  {
    // The root is level 0: n lines nest n - 1 deep. Indentation grows with depth, so the
    // source grows with its square (1,000 levels: 0.5 MB).
    name: 'mermaid: mindmap depth',
    path: '/mermaid/png',
    make: (n) => `mindmap\n${Array.from({ length: n }, (_, i) => `${rep(' ', i + 1)}n${i}\n`).join('')}`,
    at: L.MAX_MERMAID_NESTING + 1, far: 1_000, overStatus: 422,
  },
  {
    name: 'mermaid: nested sequence blocks',
    path: '/mermaid/png',
    make: (n) => `sequenceDiagram\n${Array.from({ length: n }, (_, i) => `loop l${i}\n`).join('')}A->>B: x\n${rep('end\n', n)}`,
    at: L.MAX_MERMAID_NESTING, far: 5_000,
  },
  {
    name: 'mermaid: a flowchart chain (items)',
    path: '/mermaid/svg',
    // n nodes and n - 1 edges: 2n - 1 items.
    make: (n) => `flowchart LR\n${Array.from({ length: n }, (_, i) => `n${i}`).join(' --> ')}\n`,
    at: Math.floor((L.MAX_MERMAID_ITEMS + 1) / 2), over: L.MAX_MERMAID_ITEMS, far: 50_000,
  },
  {
    name: 'mermaid: brackets in a node label',
    path: '/mermaid/svg',
    make: (n) => `flowchart TD\n  A["${rep('(', n)}x${rep(')', n)}"] --> B\n`,
    at: 1_000, over: null, far: 100_000,
  },
  // The families added with issue 15 that nest: tree view (two model levels a row, and its
  // own parser stops past 256 rows), treemap and ishikawa (a level a row), block (nested
  // `block:` groups, whose items grow with the square of the depth: MAX_MERMAID_ITEMS comes
  // first). The limits are merman's and edgeviz's; the depths were found by probing.
  {
    name: 'mermaid: tree view depth',
    path: '/mermaid/png',
    make: (n) => `treeView-beta\n${Array.from({ length: n }, (_, i) => `${rep('  ', i + 1)}"n${i}"\n`).join('')}`,
    at: (L.MAX_MERMAID_NESTING - 2) / 2, far: 2_000, overStatus: 422,
  },
  {
    name: 'mermaid: treemap depth',
    path: '/mermaid/png',
    make: (n) => `treemap-beta\n${Array.from({ length: n - 1 }, (_, i) => `${rep('  ', i)}"n${i}"\n`).join('')}${rep('  ', n - 1)}"leaf": 1\n`,
    at: L.MAX_MERMAID_NESTING, far: 1_000, overStatus: 422,
  },
  {
    name: 'mermaid: ishikawa depth',
    path: '/mermaid/svg',
    make: (n) => `ishikawa-beta\nProblem\n${Array.from({ length: n }, (_, i) => `${rep('  ', i + 1)}c${i}\n`).join('')}`,
    at: L.MAX_MERMAID_NESTING, far: 1_000, overStatus: 422,
  },
  {
    name: 'mermaid: nested block groups',
    path: '/mermaid/png',
    make: (n) => `block\n${Array.from({ length: n }, (_, i) => `block:b${i}\n`).join('')}a\n${rep('end\n', n)}`,
    at: 60, far: 2_000, overStatus: 422,
  },
  // --- svgbob: its time grows faster than the art (MAX_SVGBOB_CHARS); lines of `+`, each
  // touching its neighbours, are the slowest art measured.
  {
    name: 'svgbob: characters of art',
    path: '/svgbob/png',
    make: (n) => `${rep(`${rep('+', 100)}\n`, Math.floor(n / 100))}${rep('+', n % 100)}\n`,
    at: L.MAX_SVGBOB_CHARS, far: 500_000, overStatus: 413,
  },
  // --- pikchr: pikru's parser and evaluator recurse once a bracket (MAX_PIKCHR_NESTING);
  // macros multiply statements (MAX_PIKCHR_STATEMENTS, counted before pikru expands them).
  {
    name: 'pikchr: nested sublists [ [ … ] ]',
    path: '/pikchr/png',
    make: (n) => `${rep('[', n)}box${rep(']', n)}\n`,
    at: L.MAX_PIKCHR_NESTING, far: 100_000, overStatus: 413,
  },
  {
    name: 'pikchr: nested parentheses in an expression',
    path: '/pikchr/svg',
    make: (n) => `box wid ${rep('(', n)}1${rep(')', n)}\n`,
    at: L.MAX_PIKCHR_NESTING, far: 100_000, overStatus: 413,
  },
  {
    // m4 = 4 × m3, m3 = 16 × m2 … : n boxes from a few hundred bytes (n a multiple of 16).
    name: 'pikchr: statements through macros',
    path: '/pikchr/png',
    make: (n) => ['define m0 { box }', `define m1 { ${rep('m0; ', 16)}}`, `define m2 { ${rep('m1; ', 16)}}`,
      `define m3 { ${rep('m2; ', Math.floor(n / 256))}}`, 'm3', rep('box\n', n % 256)].join('\n'),
    at: L.MAX_PIKCHR_STATEMENTS, far: 1_000_000, overStatus: 422,
  },
  // --- WaveDrom: json5's parser recurses once a bracket (MAX_WAVEDROM_NESTING); signals and
  // cycles bound the drawing (MAX_WAVEDROM_SIGNALS, MAX_WAVEDROM_CYCLES).
  {
    name: 'wavedrom: nested groups',
    path: '/wavedrom/png',
    // { signal: [ ["g", ["g", … { … } ] ] ] }: the outer object, the signal list and the
    // signal itself are three of the n levels.
    make: (n) => `{ signal: [ ${rep('["g", ', n - 3)}{ name: "a", wave: "01" }${rep(']', n - 3)} ] }`,
    at: L.MAX_WAVEDROM_NESTING, far: 100_000, overStatus: 413,
  },
  {
    name: 'wavedrom: signals',
    path: '/wavedrom/png',
    make: (n) => `{ signal: [${rep('{ name: "s", wave: "01.x=" },', n)}] }`,
    at: L.MAX_WAVEDROM_SIGNALS, far: 10_000, overStatus: 422,
  },
  {
    name: 'wavedrom: cycles of one signal',
    path: '/wavedrom/png',
    make: (n) => `{ signal: [{ name: "s", wave: "${rep('0', 1)}${rep('1', n - 1)}" }] }`,
    at: L.MAX_WAVEDROM_CYCLES, far: 60_000, overStatus: 422,
  },
  // --- erd: its reader is iterative; the graph it writes meets the Graphviz limits.
  {
    name: 'erd: entities with one attribute each',
    path: '/erd/svg',
    make: (n) => Array.from({ length: n }, (_, i) => `[e${i}]\na\n`).join(''),
    at: L.MAX_NODES, far: 40_000, overStatus: 422,
  },
  // --- DBML: its reader is iterative; tables are bounded (MAX_DBML_TABLES), then the graph.
  {
    name: 'dbml: tables with a reference to the previous one',
    path: '/dbml/png',
    make: (n) => Array.from({ length: n }, (_, i) => `Table t${i} {\n  id int [pk]\n${i ? `  p int [ref: > t${i - 1}.id]\n` : ''}}\n`).join(''),
    at: L.MAX_DBML_TABLES, far: 50_000, overStatus: 413,
  },
  // --- WIT: wit-parser recurses on `<`, `(` and `{` (MAX_WIT_NESTING).
  {
    // package;  interface i {  type t = — two levels before the list<.
    name: 'wit: nested list<…>',
    path: '/wit/png',
    make: (n) => `package a:b;\ninterface i {\n  type t = ${rep('list<', n - 1)}u8${rep('>', n - 1)};\n}\n`,
    at: L.MAX_WIT_NESTING, far: 20_000, overStatus: 413,
  },
  {
    name: 'wit: nested tuple<option<…>>',
    path: '/wit/svg',
    make: (n) => `package a:b;\ninterface i {\n  f: func(x: ${rep('tuple<option<', Math.floor((n - 2) / 2))}u8${rep('>>', Math.floor((n - 2) / 2))});\n}\n`,
    at: L.MAX_WIT_NESTING, over: L.MAX_WIT_NESTING + 2, far: 20_000, overStatus: 413,
  },
  // --- the request itself
  {
    // serde_json refuses nesting past 128 levels by itself.
    name: 'Kroki JSON: nested arrays',
    path: '/',
    json: true,
    make: (n) => `{"diagram_type":"graphviz","diagram_source":"digraph{a}","diagram_options":${rep('[', n)}${rep(']', n)}}`,
    at: null, over: null, far: 100_000,
  },
];

/** The families drawn again as PDF, at their limit only (PDF is another writer of the same
 * drawing, not another parser): the largest drawing of each kind, its text as glyphs, in the
 * wasm's 1 MB stack. */
const AS_PDF = [
  'dot: nested clusters laid out by dot',
  'dot: one label of n bytes',
  'mermaid: a flowchart chain (items)',
  'svgbob: characters of art',
  'pikchr: statements through macros',
  'wavedrom: signals',
  'erd: entities with one attribute each',
  'dbml: tables with a reference to the previous one',
];
for (const name of AS_PDF) {
  const f = FAMILIES.find((x) => x.name === name);
  if (!f) throw new Error(`no family ${name}`);
  const path = f.path.replace(/^(\/[a-z]+\/)(svg|png)\b/, '$1pdf');
  FAMILIES.push({ ...f, name: `${name}, as PDF`, path, over: null, far: null });
}

/** The cases of a family: [label, n, expect] with expect 'ok' (200) or '4xx'. */
export function casesOf(f) {
  const out = [];
  if (f.at != null) out.push(['at the limit', f.at, 'ok']);
  const over = f.over === undefined ? (f.at == null ? null : f.at + 1) : f.over;
  if (over != null) out.push(['just over', over, '4xx']);
  if (f.far != null) out.push(['far over', f.far, '4xx']);
  return out;
}

/**
 * Checks a status against what a case (`[label, n, expect]`) expects; returns an error
 * message or null. Just over a limit the status is the limit's own (`overStatus`); far over
 * it any 4xx will do (another limit, or the engine's parser, may refuse first).
 */
export function judge(f, [label, , expect], status, body) {
  const text = Buffer.from(body).toString('utf8', 0, 300);
  if (status >= 500) return `status ${status}: ${text}`;
  if (expect === 'ok' && status !== 200) return `expected 200 at the limit, got ${status}: ${text}`;
  if (expect === '4xx' && !(status >= 400 && status < 500)) return `expected a 4xx, got ${status}`;
  if (label === 'just over' && f.overStatus && status !== f.overStatus) return `expected ${f.overStatus}, got ${status}: ${text}`;
  return null;
}
