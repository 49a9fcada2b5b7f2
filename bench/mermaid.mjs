// Mermaid timings: every golden Mermaid case and generated large charts (each near its
// limit), rendered by edgeviz natively (`edgeviz bench`), in workerd through `wrangler dev`
// over HTTP (cache bypassed: each request differs by a `%%` comment), and as the WASI
// component in this Node process (jco). No peer runs Mermaid without a browser: Kroki and
// mermaid.ink drive headless Chromium, which is what this replaces.
//   node bench/mermaid.mjs [--runs N] [--no-workerd] [--no-wasi]
// bench/run.sh builds everything first and runs this after bench/peers.mjs.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, existsSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench', 'out', 'mermaid');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const RUNS = Number(args.includes('--runs') ? args[args.indexOf('--runs') + 1] : 5);
mkdirSync(OUT, { recursive: true });

// ---- inputs: the golden cases, and generated charts with a fixed seed
let seed = 7;
const rand = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
const generated = {
  'flowchart-500-tree': ['flowchart TD', ...Array.from({ length: 499 }, (_, i) => `  n${rand(i + 1)} --> n${i + 1}`)],
  'sequence-500-messages': ['sequenceDiagram', ...Array.from({ length: 500 }, (_, i) => `  P${rand(12)}->>P${rand(12)}: message ${i}`)],
  'class-300-tree': ['classDiagram', ...Array.from({ length: 299 }, (_, i) => `  C${rand(i + 1)} <|-- C${i + 1}`)],
  'architecture-80': ['architecture-beta', ...Array.from({ length: 80 }, (_, i) => `  service s${i}(server)[S${i}]`),
    ...Array.from({ length: 79 }, (_, i) => `  s${rand(i + 1)}:R -- L:s${i + 1}`)],
  'mindmap-200': ['mindmap', '  root((r))', ...Array.from({ length: 10 }, (_, a) => [`    a${a}`,
    ...Array.from({ length: 19 }, (_, b) => `      b${a}_${b}`)]).flat()],
};
const inputs = [];
for (const f of readdirSync(join(ROOT, 'tests', 'cases', 'mermaid')).filter((f) => /\.mmd$/.test(f)).sort()) {
  inputs.push({ name: 'mermaid-' + f.replace(/\.mmd$/, ''), path: join(ROOT, 'tests', 'cases', 'mermaid', f) });
}
for (const [name, lines] of Object.entries(generated)) {
  const path = join(OUT, `${name}.mmd`);
  writeFileSync(path, lines.join('\n') + '\n');
  inputs.push({ name, path });
}
for (const i of inputs) i.source = readFileSync(i.path, 'utf8');

const stats = (t) => { const s = [...t].sort((a, b) => a - b); return { median: s[Math.floor(s.length / 2)], min: s[0] }; };
const results = {};
const put = (name, col, v) => { (results[name] ??= {})[col] = v; };

// ---- native
const cli = join(ROOT, 'target', 'release', 'edgeviz');
for (const [fmt, label] of [['svg', 'svg'], ['png', 'png1x']]) {
  const r = spawnSync(cli, ['bench', '--format', fmt, '--runs', String(RUNS), ...inputs.map((i) => i.path)], { encoding: 'utf8', maxBuffer: 64 << 20 });
  for (const line of r.stdout.trim().split('\n').filter(Boolean)) {
    const j = JSON.parse(line);
    const input = inputs.find((i) => i.path === j.file);
    put(input.name, `native/${label}`, j.status === 200 ? { median: j.median_ms, min: j.min_ms } : { error: `HTTP ${j.status}` });
  }
}

const timeAsync = async (fn) => {
  try {
    await fn();
    const times = [];
    for (let k = 0; k < RUNS; k++) { const s = performance.now(); await fn(); times.push(performance.now() - s); }
    return stats(times);
  } catch (e) { return { error: String(e.message ?? e).slice(0, 60) }; }
};

// ---- workerd
if (!flag('--no-workerd')) {
  const { startWorker } = await import(join(ROOT, 'tests', 'e2e', 'harness.mjs'));
  const worker = await startWorker();
  let n = 0;
  const post = async (src, path) => {
    const r = await fetch(`${worker.base}${path}`, { method: 'POST', body: `${src}%% ${n++}\n` });
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`HTTP ${r.status}`);
  };
  try {
    for (const i of inputs) {
      put(i.name, 'workerd/svg', await timeAsync(() => post(i.source, '/mermaid/svg')));
      put(i.name, 'workerd/png1x', await timeAsync(() => post(i.source, '/mermaid/png')));
    }
  } finally {
    await worker.stop();
  }
}

// ---- the WASI component as a library, in this process
const jco = join(ROOT, 'target', 'wasi', 'jco', 'edgeviz.js');
if (!flag('--no-wasi') && existsSync(jco)) {
  const { render } = await import(pathToFileURL(jco).href);
  for (const i of inputs) {
    put(i.name, 'component/svg', await timeAsync(async () => render.render(i.source, 'mermaid', 'svg', [])));
  }
}

// ---- report
const cols = [...new Set(Object.values(results).flatMap((r) => Object.keys(r)))];
const fmt = (v) => (v === undefined ? '' : v.error ? `ERR ${v.error}` : `${v.median.toFixed(2)} (${v.min.toFixed(2)})`);
const lines = [`Mermaid, ms, median (min) of ${RUNS} after one warm-up; ${new Date().toISOString()}`, '',
  `| input | ${cols.join(' | ')} |`, `|---|${cols.map(() => '---:').join('|')}|`];
for (const i of inputs) lines.push(`| ${i.name} | ${cols.map((c) => fmt(results[i.name]?.[c])).join(' | ')} |`);
const table = lines.join('\n');
console.log(table);
writeFileSync(join(OUT, 'table.md'), table + '\n');
