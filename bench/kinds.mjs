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

const { KINDS: LISTED, rustLimits } = await import(join(ROOT, 'tests', 'e2e', 'kinds.mjs'));
const L = rustLimits();

/**
 * The kinds benchmarked: those with a file of their own in bench/kinds/ (NAME.mjs: the largest
 * input within the kind's limits, generated from `L`, and how a request is made distinct
 * without changing the drawing), that this build has. A case's extension is the kind's first
 * (its spec's).
 */
const KIND_DIR = join(ROOT, 'bench', 'kinds');
const KINDS = {};
for (const f of readdirSync(KIND_DIR).filter((f) => f.endsWith('.mjs')).sort()) {
  const spec = LISTED.find((k) => k.name === f.slice(0, -'.mjs'.length));
  if (!spec) continue;
  const own = await import(join(KIND_DIR, f));
  const largest = () => {
    const source = own.largest(L);
    if (!source) throw new Error(`bench/kinds/${f}: no largest input (a limit it reads is not in rustLimits())`);
    return source;
  };
  KINDS[spec.name] = { ext: spec.extensions[0], largest, distinct: own.distinct };
}

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
