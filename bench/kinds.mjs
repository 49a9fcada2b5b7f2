// Timings of the kinds Kroki runs in a process of their own (svgbob's Rust CLI, pikchr's C,
// erd's Haskell, dbml-renderer's and WaveDrom's Node): each golden case and the largest input
// within the kind's limits, rendered by edgeviz natively (`edgeviz bench`) and in workerd
// through `wrangler dev` over HTTP, each request made distinct so that none is a cache hit.
//   node bench/kinds.mjs [--runs N] [--no-workerd] [--kinds pikchr,erd]
// bench/run.sh builds everything first and runs this after bench/mermaid.mjs.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, existsSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench', 'out', 'kinds');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const value = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const RUNS = Number(value('--runs', 5));
mkdirSync(OUT, { recursive: true });

const { rustLimits } = await import(join(ROOT, 'tests', 'e2e', 'hostile.mjs'));
/**
 * The limits a kind keeps in its own module (`src/kinds/<kind>/mod.rs` or `limits.rs`: erd's,
 * DBML's, pikchr's, WaveDrom's, WIT's), read as `rustLimits` reads src/limits.rs (the shared
 * ones, Graphviz's among them).
 */
function kindLimits() {
  const out = {};
  const dir = join(ROOT, 'src', 'kinds');
  for (const kind of readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const name of ['mod.rs', 'limits.rs']) {
      const file = join(dir, kind.name, name);
      if (!existsSync(file)) continue;
      for (const m of readFileSync(file, 'utf8').matchAll(/pub const (\w+): (?:usize|u64) = ([\d_* ]+);/g)) {
        out[m[1]] = m[2].split('*').map((f) => Number(f.trim().replaceAll('_', ''))).reduce((a, b) => a * b, 1);
      }
    }
  }
  return out;
}
const L = { ...kindLimits(), ...rustLimits() };
for (const name of ['MAX_NODES', 'MAX_DBML_TABLES', 'MAX_SVGBOB_CHARS', 'MAX_PIKCHR_BYTES', 'MAX_PIKCHR_STATEMENTS']) {
  if (!Number.isFinite(L[name])) throw new Error(`bench/kinds.mjs: no limit ${name} in src/limits.rs or src/kinds/*/{mod,limits}.rs`);
}
const rep = (s, n) => s.repeat(n);

/**
 * Per kind: its golden cases' extension, the largest input within its limits (generated), and
 * how a request is made distinct without changing the drawing (a comment where the language
 * has one; svgbob has none, so a stroke width a millionth apart).
 */
const KINDS = {
  svgbob: {
    ext: 'bob',
    largest: () => rep(`${rep('+--', 33)}+\n${rep('|  ', 33)}|\n`, Math.floor(L.MAX_SVGBOB_CHARS / 134)),
    distinct: (src, n) => [src, `?stroke-width=${(2 + n * 1e-6).toFixed(6)}`],
  },
  pikchr: {
    ext: 'pikchr',
    // As many boxes as the source limit holds, less room for the distinguishing comment.
    largest: () => rep('box\n', Math.min(L.MAX_PIKCHR_STATEMENTS, Math.floor(L.MAX_PIKCHR_BYTES / 4) - 4)),
    distinct: (src, n) => [`${src}\n# ${n}\n`, ''],
  },
  erd: {
    ext: 'er',
    // As many entities as the graph limit takes, a relationship between neighbours.
    largest: () => Array.from({ length: L.MAX_NODES }, (_, i) => `[e${i}]\n*id\nname\n`).join('') +
      Array.from({ length: L.MAX_NODES - 1 }, (_, i) => `e${i} 1--* e${i + 1}\n`).join(''),
    distinct: (src, n) => [`# ${n}\n${src}`, ''],
  },
  dbml: {
    ext: 'dbml',
    largest: () => Array.from({ length: L.MAX_DBML_TABLES }, (_, i) => `Table t${i} {\n  id int [pk]\n  name varchar\n  ${i ? `t${i - 1}_id int [ref: > t${i - 1}.id]` : ''}\n}\n`).join(''),
    distinct: (src, n) => [`// ${n}\n${src}`, ''],
  },
  wavedrom: {
    ext: 'wavedrom',
    largest: () => `{ signal: [\n${Array.from({ length: 64 }, (_, i) => `  { name: "s${i}", wave: "${rep('01.x=', 20)}", data: [${rep('"d",', 20)}] },`).join('\n')}\n] }\n`,
    distinct: (src, n) => [`// ${n}\n${src}`, ''],
  },
};

const only = value('--kinds', null)?.split(',');
const inputs = [];
for (const [kind, k] of Object.entries(KINDS)) {
  if (only && !only.includes(kind)) continue;
  const dir = join(ROOT, 'tests', 'cases', kind);
  if (!existsSync(dir)) continue;
  for (const f of readdirSync(dir).filter((f) => f.endsWith(`.${k.ext}`)).sort()) {
    inputs.push({ kind, name: `${kind}/${f.replace(/\.[^.]+$/, '')}`, path: join(dir, f) });
  }
  const path = join(OUT, `${kind}-largest.${k.ext}`);
  writeFileSync(path, k.largest());
  inputs.push({ kind, name: `${kind}/largest`, path });
}
for (const i of inputs) i.source = readFileSync(i.path, 'utf8');

const stats = (t) => { const s = [...t].sort((a, b) => a - b); return { median: s[Math.floor(s.length / 2)], min: s[0] }; };
const results = {};
const put = (name, col, v) => { (results[name] ??= {})[col] = v; };

// ---- native: the CLI's bench command (the kind from the file's extension)
const cli = join(ROOT, 'target', 'release', 'edgeviz');
if (!existsSync(cli)) throw new Error(`${cli} is missing: cargo build --release --bin edgeviz`);
for (const [fmt, label] of [['svg', 'svg'], ['png', 'png']]) {
  const r = spawnSync(cli, ['bench', '--format', fmt, '--runs', String(RUNS), ...inputs.map((i) => i.path)], { encoding: 'utf8', maxBuffer: 64 << 20 });
  for (const line of r.stdout.trim().split('\n').filter(Boolean)) {
    const j = JSON.parse(line);
    const input = inputs.find((i) => i.path === j.file);
    put(input.name, `native/${label}`, j.status === 200 ? { median: j.median_ms, min: j.min_ms } : { error: `HTTP ${j.status}` });
  }
}

// ---- workerd
if (!flag('--no-workerd')) {
  const { startWorker } = await import(join(ROOT, 'tests', 'e2e', 'harness.mjs'));
  const worker = await startWorker();
  let n = 0;
  const post = async (i, format) => {
    const [body, query] = KINDS[i.kind].distinct(i.source, n++);
    const r = await fetch(`${worker.base}/${i.kind}/${format}${query}`, { method: 'POST', body });
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`HTTP ${r.status}`);
    if (r.headers.get('x-edgeviz-cache') !== 'MISS') throw new Error('a cache hit');
  };
  const time = async (fn) => {
    try {
      await fn();
      const times = [];
      for (let k = 0; k < RUNS; k++) { const s = performance.now(); await fn(); times.push(performance.now() - s); }
      return stats(times);
    } catch (e) { return { error: String(e.message ?? e).slice(0, 60) }; }
  };
  try {
    for (const i of inputs) {
      put(i.name, 'workerd/svg', await time(() => post(i, 'svg')));
      put(i.name, 'workerd/png', await time(() => post(i, 'png')));
    }
  } finally {
    await worker.stop();
  }
}

// ---- report
const cols = [...new Set(Object.values(results).flatMap((r) => Object.keys(r)))];
const fmt = (v) => (v === undefined ? '' : v.error ? `ERR ${v.error}` : `${v.median.toFixed(1)} (${v.min.toFixed(1)})`);
const lines = [`Kinds, ms, median (min) of ${RUNS} after one warm-up; ${new Date().toISOString()}`, '',
  `| input | bytes | ${cols.join(' | ')} |`, `|---|---:|${cols.map(() => '---:').join('|')}|`];
for (const i of inputs) lines.push(`| ${i.name} | ${i.source.length} | ${cols.map((c) => fmt(results[i.name]?.[c])).join(' | ')} |`);
const table = lines.join('\n');
console.log(table);
writeFileSync(join(OUT, 'table.md'), table + '\n');
