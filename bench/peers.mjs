// edgeviz against its peers, on the same inputs, in one go:
//   node bench/peers.mjs [--runs N] [--filter TEXT] [--quick] [--no-workerd] [--no-dot] [--no-wasi]
//                        [--warmup-ms MS]
// (bench/run.sh installs everything and builds first; see bench/RESULTS.md).
//
// Renderers, each timed as a user would run it, after warm-up renders (WARMUP_MS below):
//   edgeviz-native  the release CLI's in-process timer (`edgeviz bench`)
//   edgeviz-wasm    the same core compiled to wasm32 (--features wasm-api), in this Node process
//   hpcc-wasm       @hpcc-js/wasm-graphviz (C Graphviz 16.1 compiled with emscripten), in-process
//   viz-wasm        @viz-js/viz (C Graphviz 16.1 with emscripten), in-process
//   dot             Debian's C `dot` 2.43, one process per render (start-up included)
//   edgeviz-workerd the Worker in workerd via `wrangler dev`, over HTTP, cache bypassed
//   edgeviz-wasmtime the WASI 0.2 component under `wasmtime serve`, over HTTP (no cache)
//   edgeviz-component the same component as a library (jco transpilation), in this process
// Prints a table (median and min ms), ratios edgeviz ÷ peer, geometric means, failures,
// cold starts and bundle sizes; writes bench/out/results.json.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync, existsSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generated } from './generate.mjs';
import { throwingImports } from '../tests/e2e/wasm-api.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench', 'out');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const RUNS = Number(opt('--runs', flag('--quick') ? 1 : 5));
const FILTER = opt('--filter', '');
const TIMEOUT_MS = 10_000;

mkdirSync(join(OUT, 'inputs', 'gen'), { recursive: true });

// ---- inputs: corpus files C dot renders within 10 s, and the generated families
const status = readFileSync(join(ROOT, 'tests', 'corpus', 'dot-status.tsv'), 'utf8').trim().split('\n').slice(1)
  .map((l) => l.split('\t'));
const inputs = [];
for (const [file, , , , exit, ms] of status) {
  if (exit === '0' && Number(ms) < 10_000) inputs.push({ name: file, path: join(ROOT, 'tests', 'corpus', file) });
}
for (const [name, src] of generated()) {
  const path = join(OUT, 'inputs', `${name}.gv`);
  writeFileSync(path, src);
  inputs.push({ name, path });
}
const selected = inputs.filter((i) => i.name.includes(FILTER));
for (const i of selected) i.source = readFileSync(i.path, 'utf8');

const results = {}; // results[input][renderer] = { median, min } | { error }
const put = (input, renderer, value) => { (results[input] ??= {})[renderer] = value; };

function stats(times) {
  const s = [...times].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0] };
}

// Warm-up before timing: renders until WARMUP_MS have passed (at most 10, at least one).
// V8 runs wasm on baseline (Liftoff) code first and recompiles a function with its optimising
// compiler only once that function has run enough, so one warm-up render leaves a large
// module partly on baseline code: edgeviz's render_schedule_Render.gv took 161, 109, 81, 43,
// 25 ms ... and settled at 17 ms on the tenth run (2026-11-26). Every renderer gets the same.
const WARMUP_MS = Number(opt('--warmup-ms', 300));
const stillWarming = (since, renders) => renders < 10 && performance.now() - since < WARMUP_MS;

function timeIt(fn) {
  try {
    const warm = performance.now();
    let warmed = 0;
    do { fn(); warmed++; } while (stillWarming(warm, warmed));
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      fn();
      times.push(performance.now() - t);
      if (times[times.length - 1] > 3000) break;
    }
    return stats(times);
  } catch (e) {
    return { error: String(e.message ?? e).slice(0, 80) };
  }
}

// ---- edgeviz native (in-process timer of the release CLI)
const cli = join(ROOT, 'target', 'release', 'edgeviz');
for (const [fmt, scale, label] of [['svg', '1', 'svg'], ['png', '1', 'png1x'], ['png', '2', 'png2x']]) {
  const out = spawnSync(cli, ['bench', '--format', fmt, '--scale', scale, '--runs', String(RUNS), ...selected.map((i) => i.path)],
    { maxBuffer: 64 << 20, timeout: 30 * 60_000 }).stdout.toString();
  for (const line of out.trim().split('\n').filter(Boolean)) {
    const r = JSON.parse(line);
    const input = selected.find((i) => i.path === r.file);
    put(input.name, `edgeviz-native/${label}`, r.status === 200 ? { median: r.median_ms, min: r.min_ms } : { error: `HTTP ${r.status}` });
  }
}

// ---- wasm in Node: edgeviz, hpcc, viz.js (cold start measured first, in this process)
const cold = {};
let t = performance.now();
const wasmPath = join(ROOT, 'bench', 'out', 'edgeviz-api.wasm'); // copied there by bench/run.sh
const module = new WebAssembly.Module(readFileSync(wasmPath));
const ev = new WebAssembly.Instance(module, throwingImports(module)).exports;
cold['edgeviz-wasm'] = performance.now() - t;
const enc = new TextEncoder();
function edgevizWasm(src, format, scale = 1) {
  const bytes = enc.encode(src);
  const ptr = ev.edgeviz_alloc(bytes.length);
  new Uint8Array(ev.memory.buffer, ptr, bytes.length).set(bytes);
  const st = ev.edgeviz_render(ptr, bytes.length, format, Math.round(scale * 100));
  if (st !== 200) throw new Error(`HTTP ${st}`);
  return ev.edgeviz_output_len();
}
t = performance.now(); edgevizWasm('digraph { a -> b }', 0); cold['edgeviz-wasm first render'] = performance.now() - t;

t = performance.now();
const { Graphviz } = await import('@hpcc-js/wasm-graphviz');
const hpcc = await Graphviz.load();
cold['hpcc-wasm'] = performance.now() - t;
t = performance.now(); hpcc.layout('digraph { a -> b }', 'svg', 'dot'); cold['hpcc-wasm first render'] = performance.now() - t;
t = performance.now();
const viz = await (await import('@viz-js/viz')).instance();
cold['viz-wasm'] = performance.now() - t;
t = performance.now(); viz.renderString('digraph { a -> b }', { format: 'svg' }); cold['viz-wasm first render'] = performance.now() - t;

for (const i of selected) {
  put(i.name, 'edgeviz-wasm/svg', timeIt(() => edgevizWasm(i.source, 0)));
  put(i.name, 'edgeviz-wasm/png1x', timeIt(() => edgevizWasm(i.source, 1, 1)));
  put(i.name, 'hpcc-wasm/svg', timeIt(() => hpcc.layout(i.source, 'svg', 'dot')));
  put(i.name, 'viz-wasm/svg', timeIt(() => viz.renderString(i.source, { format: 'svg' })));
}

// ---- C dot, one process per render
if (!flag('--no-dot')) {
  for (const i of selected) {
    for (const [label, extra] of [['svg', ['-Tsvg']], ['png1x', ['-Tpng']], ['png2x', ['-Tpng', '-Gdpi=192']]]) {
      put(i.name, `dot/${label}`, timeIt(() => {
        const r = spawnSync('dot', [...extra, i.path], { timeout: TIMEOUT_MS, maxBuffer: 256 << 20 });
        if (r.status !== 0) throw new Error(r.signal ? `killed (${r.signal})` : `exit ${r.status}`);
      }));
    }
  }
}

/** Times an async render (HTTP): one warm-up, then RUNS runs, stopping early past 3 s. */
async function timeAsync(fn) {
  try {
    const warm = performance.now();
    let warmed = 0;
    do { await fn(); warmed++; } while (stillWarming(warm, warmed));
    const times = [];
    for (let k = 0; k < RUNS; k++) { const s = performance.now(); await fn(); times.push(performance.now() - s); if (times.at(-1) > 3000) break; }
    return stats(times);
  } catch (e) { return { error: String(e.message ?? e).slice(0, 80) }; }
}

// ---- the Worker in workerd, over HTTP, cache bypassed (each request differs by a comment)
if (!flag('--no-workerd')) {
  const { startWorker } = await import(join(ROOT, 'tests', 'e2e', 'harness.mjs'));
  t = performance.now();
  const worker = await startWorker();
  cold['workerd start (wrangler dev until /health answers)'] = performance.now() - t;
  let n = 0;
  const post = async (src, path) => {
    const r = await fetch(`${worker.base}${path}`, { method: 'POST', body: `${src}\n// ${n++}\n` });
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`HTTP ${r.status}`);
  };
  try {
    t = performance.now(); await post('digraph { a -> b }', '/graphviz/svg'); cold['workerd first render'] = performance.now() - t;
    for (const i of selected) {
      put(i.name, 'edgeviz-workerd/svg', await timeAsync(() => post(i.source, '/graphviz/svg')));
      put(i.name, 'edgeviz-workerd/png1x', await timeAsync(() => post(i.source, '/graphviz/png')));
    }
    // Cache hits: the same URL again and again.
    const url = `${worker.base}/graphviz/svg/${gzipFree('digraph { cached -> hit }')}`;
    await (await fetch(url)).arrayBuffer();
    await new Promise((r) => setTimeout(r, 300));
    const hits = [];
    for (let k = 0; k < 50; k++) { const s = performance.now(); const r = await fetch(url); await r.arrayBuffer(); if (r.headers.get('x-edgeviz-cache') === 'HIT') hits.push(performance.now() - s); }
    cold['workerd cache hit (median of 50)'] = stats(hits).median;
  } finally {
    await worker.stop();
  }
}

// ---- the WASI 0.2 component: under `wasmtime serve` over HTTP (a fresh instance per request,
// no cache), and as a library component transpiled by jco, in this process
if (!flag('--no-wasi')) {
  const { startWasi } = await import(join(ROOT, 'tests', 'e2e', 'harness.mjs'));
  t = performance.now();
  const server = await startWasi();
  cold['wasmtime serve start (until /health answers)'] = performance.now() - t;
  const post = async (src, path) => {
    const r = await fetch(`${server.base}${path}`, { method: 'POST', body: src });
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`HTTP ${r.status}`);
  };
  try {
    t = performance.now(); await post('digraph { a -> b }', '/graphviz/svg'); cold['wasmtime first render'] = performance.now() - t;
    const health = await timeAsync(async () => { const r = await fetch(`${server.base}/health`); await r.arrayBuffer(); });
    cold['wasmtime /health (median: instance per request, no render)'] = health.median;
    const tiny = await timeAsync(() => post('digraph { a -> b }', '/graphviz/png'));
    cold['wasmtime tiny PNG (median: fonts parsed in every instance)'] = tiny.median;
    const tinySvg = await timeAsync(() => post('digraph { a -> b }', '/graphviz/svg'));
    cold['wasmtime tiny SVG (median)'] = tinySvg.median;
    for (const i of selected) {
      put(i.name, 'edgeviz-wasmtime/svg', await timeAsync(() => post(i.source, '/graphviz/svg')));
      put(i.name, 'edgeviz-wasmtime/png1x', await timeAsync(() => post(i.source, '/graphviz/png')));
    }
  } finally {
    await server.stop();
  }
  const jco = join(ROOT, 'target', 'wasi', 'jco', 'edgeviz.js');
  if (existsSync(jco)) {
    t = performance.now();
    const { render } = await import(pathToFileURL(jco).href);
    cold['edgeviz component via jco (import + instantiate)'] = performance.now() - t;
    t = performance.now(); render.render('digraph { a -> b }', 'graphviz', 'svg', []); cold['edgeviz component first render'] = performance.now() - t;
    for (const i of selected) {
      put(i.name, 'edgeviz-component/svg', timeIt(() => render.render(i.source, 'graphviz', 'svg', [])));
    }
  }
}

function gzipFree(src) {
  return execFileSync('node', ['-e', `process.stdout.write(require('zlib').deflateSync(${JSON.stringify(src)}).toString('base64url'))`]).toString();
}

// ---- sizes
const sizes = {};
const size = (label, path) => { if (existsSync(path)) { const b = readFileSync(path); sizes[label] = { raw: b.length, gzip: gzipSync(b, { level: 9 }).length }; } };
size('edgeviz Worker (build/index_bg.wasm)', join(ROOT, 'build', 'index_bg.wasm'));
size('edgeviz wasm-api (bench build)', wasmPath);
size('edgeviz WASI 0.2 component (target/wasi/edgeviz.wasm)', join(ROOT, 'target', 'wasi', 'edgeviz.wasm'));
size('@hpcc-js/wasm-graphviz (dist/index.js, wasm inlined)', join(ROOT, 'bench', 'node_modules', '@hpcc-js', 'wasm-graphviz', 'dist', 'index.js'));
size('@viz-js/viz (dist/viz.js, wasm inlined)', join(ROOT, 'bench', 'node_modules', '@viz-js', 'viz', 'dist', 'viz.js'));

// ---- report
const renderers = [...new Set(Object.values(results).flatMap((r) => Object.keys(r)))].sort();
const fmt = (v) => (v === undefined ? '' : v.error ? `ERR ${v.error}` : `${v.median.toFixed(2)} (${v.min.toFixed(2)})`);
const lines = [];
const cols = ['edgeviz-native/svg', 'edgeviz-wasm/svg', 'hpcc-wasm/svg', 'viz-wasm/svg', 'dot/svg', 'edgeviz-workerd/svg',
  'edgeviz-wasmtime/svg', 'edgeviz-component/svg', 'edgeviz-native/png1x', 'edgeviz-wasmtime/png1x', 'edgeviz-native/png2x', 'edgeviz-wasm/png1x', 'edgeviz-workerd/png1x', 'dot/png1x', 'dot/png2x'].filter((c) => renderers.includes(c));
lines.push(`| input | ${cols.join(' | ')} | wasm÷hpcc |`);
lines.push(`|---|${cols.map(() => '---:').join('|')}|---:|`);
const ratio = (a, b, input) => { const x = results[input][a], y = results[input][b]; return x && y && !x.error && !y.error ? x.median / y.median : null; };
for (const i of selected) {
  const r = ratio('edgeviz-wasm/svg', 'hpcc-wasm/svg', i.name);
  lines.push(`| ${i.name} | ${cols.map((c) => fmt(results[i.name][c])).join(' | ')} | ${r === null ? '' : r.toFixed(2)} |`);
}
const geo = (a, b, only) => {
  const rs = selected.filter((i) => !only || only(i)).map((i) => ratio(a, b, i.name)).filter((x) => x !== null);
  return rs.length ? { geomean: Math.exp(rs.reduce((s, x) => s + Math.log(x), 0) / rs.length), n: rs.length } : null;
};
const summary = {};
const corpusOnly = (i) => !i.name.startsWith('gen/');
for (const [a, b] of [['edgeviz-wasm/svg', 'hpcc-wasm/svg'], ['edgeviz-wasm/svg', 'viz-wasm/svg'], ['edgeviz-native/svg', 'hpcc-wasm/svg'],
  ['edgeviz-native/svg', 'dot/svg'], ['edgeviz-native/png1x', 'dot/png1x'], ['edgeviz-workerd/svg', 'hpcc-wasm/svg']]) {
  summary[`${a} ÷ ${b} (corpus)`] = geo(a, b, corpusOnly);
  summary[`${a} ÷ ${b} (all)`] = geo(a, b);
}
const failures = {};
for (const c of renderers) failures[c] = selected.filter((i) => results[i.name][c]?.error).map((i) => `${i.name}: ${results[i.name][c].error}`);

console.log(lines.join('\n'));
console.log('\nGeometric means of median ratios (below 1: edgeviz faster):');
for (const [k, v] of Object.entries(summary)) if (v) console.log(`  ${k}: ${v.geomean.toFixed(3)} over ${v.n} inputs`);
console.log('\nFailures per renderer:');
for (const [k, v] of Object.entries(failures)) console.log(`  ${k}: ${v.length}${v.length ? ` (${v.slice(0, 6).join('; ')}${v.length > 6 ? '; …' : ''})` : ''}`);
console.log('\nCold start and cache (ms):');
for (const [k, v] of Object.entries(cold)) console.log(`  ${k}: ${v.toFixed(1)}`);
console.log('\nSizes (bytes):');
for (const [k, v] of Object.entries(sizes)) console.log(`  ${k}: ${v.raw} raw, ${v.gzip} gzipped`);
const load = readFileSync('/proc/loadavg', 'utf8').trim();
console.log(`\nruns per input: ${RUNS}; load average at the end: ${load}`);
writeFileSync(join(OUT, 'results.json'), JSON.stringify({ date: new Date().toISOString(), runs: RUNS, load, results, summary, failures, cold, sizes }, null, 1));
writeFileSync(join(OUT, 'table.md'), lines.join('\n') + '\n');
