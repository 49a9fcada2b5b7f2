// Compares wasm builds of edgeviz (bench/levers.sh makes them) on the same inputs in one
// process, interleaved: for each input and run, every variant renders once in turn.
//   node bench/levers.mjs A.wasm B.wasm ...   (the first is the baseline)
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { basename, join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generated } from './generate.mjs';
import { throwingImports } from '../tests/e2e/wasm-api.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const files = process.argv.slice(2);
const RUNS = Number(process.env.LEVER_RUNS ?? 5);
const corpus = ['cargo-graph/servo.gv', 'cargo-graph/cargo-dot.gv', 'graphviz/unix.gv', 'graphviz/world.gv', 'graphviz/b29.gv',
  'graphviz/root.gv', 'graphviz/pgram.gv', 'graphviz/ngk10_4.gv', 'graphviz/bsdarch.gv', 'yosys/memdemo_00.gv',
  'dependency-cruiser/folder-level__dependency-cruiser-2019-01-14.gv', 'hpcc-js-wasm/dot003.gv', 'graphviz/clust4.gv', 'pprof/pprof.heap_sizetags.gv'];
const inputs = [
  ...corpus.map((f) => [f, readFileSync(join(ROOT, 'tests', 'corpus', f), 'utf8')]),
  ...generated().filter(([n]) => !n.includes('2000') && !n.includes('1000')),
];
const enc = new TextEncoder();
const variants = files.map((f) => {
  const bytes = readFileSync(f);
  const t = performance.now();
  const wasm = new WebAssembly.Module(bytes);
  const ex = new WebAssembly.Instance(wasm, throwingImports(wasm)).exports;
  const instantiate = performance.now() - t;
  const render = (src, format) => {
    const b = enc.encode(src);
    const p = ex.edgeviz_alloc(b.length);
    new Uint8Array(ex.memory.buffer, p, b.length).set(b);
    return ex.edgeviz_render(p, b.length, format, 100);
  };
  return { name: basename(f, '.wasm'), raw: bytes.length, gz: gzipSync(bytes, { level: 9 }).length, instantiate, render, times: {} };
});
for (const [name, src] of inputs) {
  for (const format of [0, 1]) {
    for (const v of variants) v.render(src, format); // warm-up
    for (let r = 0; r < RUNS; r++) {
      for (const v of variants) {
        const t = performance.now();
        v.render(src, format);
        ((v.times[`${name}/${format}`] ??= [])).push(performance.now() - t);
      }
    }
  }
}
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const base = variants[0];
console.log('variant | raw bytes | gzipped | instantiate ms | SVG geomean vs first | PNG geomean vs first');
for (const v of variants) {
  const geo = (fmt) => {
    const rs = Object.keys(v.times).filter((k) => k.endsWith(`/${fmt}`)).map((k) => median(v.times[k]) / median(base.times[k]));
    return Math.exp(rs.reduce((s, x) => s + Math.log(x), 0) / rs.length);
  };
  console.log(`${v.name} | ${v.raw} | ${v.gz} | ${v.instantiate.toFixed(1)} | ${geo(0).toFixed(3)} | ${geo(1).toFixed(3)}`);
}
console.log(`inputs: ${inputs.length}, runs: ${RUNS}, load: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
