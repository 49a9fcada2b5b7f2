// The global tier's timings (issue 18) in workerd through `wrangler dev` with its local R2:
// for each of a set of diagrams (the Graphviz golden cases, SVG and PNG), the time of a render
// (both caches cold), of a location hit (the Cache API), and of a store hit (R2, the
// location's cache wiped: what a second location sees), as the client measures it and as the
// Worker's Server-Timing `total` says; and the bytes stored per diagram (the R2 objects,
// bodies and custom metadata). Also the time of a bitmap drawn from a stored SVG.
//   node bench/store.mjs [--runs N] [--limit N]
// Needs the Worker built (scripts/build-worker.sh). Results: bench/RESULTS.md, "The global tier".
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { ROOT, startWorker, wipeLocation } from '../tests/e2e/harness.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const RUNS = opt('--runs', 3);
const LIMIT = opt('--limit', 12);
const encode = (src) => deflateSync(Buffer.from(src, 'utf8'), { level: 9 }).toString('base64url');
const dir = join(ROOT, 'tests', 'cases', 'graphviz');
const files = readdirSync(dir).filter((f) => f.endsWith('.dot')).sort().slice(0, LIMIT);

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[s.length >> 1] : NaN; };
const metric = (r, name) => Number(new RegExp(`${name};dur=([\\d.]+)`).exec(r.headers.get('server-timing') ?? '')?.[1] ?? NaN);

async function timed(base, path) {
  const t = performance.now();
  const r = await fetch(base + path);
  const body = Buffer.from(await r.arrayBuffer());
  const [server, layout, raster] = ['total', 'layout', 'raster'].map((m) => metric(r, m));
  return { ms: performance.now() - t, server, layout, raster, r, body };
}

const rows = { render: [], 'location hit': [], 'store hit': [], 'bitmap from stored SVG': [] };
const stored = [];
for (let run = 0; run < RUNS; run++) {
  const state = mkdtempSync(join(tmpdir(), 'edgeviz-bench-store-'));
  let w = await startWorker({ persistTo: state });
  try {
    // A comment per run: every run starts cold in both caches.
    // The SVG, then the PNG of the same diagram (drawn from the stored SVG), then the PNG of
    // another (a render with layout).
    const paths = files.flatMap((f) => {
      const src = (tag) => `/* run ${run} ${tag} ${Date.now()} */\n` + readFileSync(join(dir, f), 'utf8');
      const [a, b] = [encode(src('a')), encode(src('b'))];
      return [['svg', `/graphviz/svg/${a}`], ['png', `/graphviz/png/${a}`], ['png', `/graphviz/png/${b}`]];
    });
    for (const [format, path] of paths) {
      const first = await timed(w.base, path);
      if (first.r.status !== 200) continue;
      const kind = /layout/.test(first.r.headers.get('server-timing')) ? 'render' : 'bitmap from stored SVG';
      rows[kind].push({ format, ...first });
    }
    await new Promise((r) => setTimeout(r, 1000)); // the writes after the responses
    for (const [format, path] of paths) {
      const hit = await timed(w.base, path);
      if (hit.r.headers.get('cache-status') === 'edgeviz-edge; hit') rows['location hit'].push({ format, ...hit });
    }
    await w.stop();
    wipeLocation(state);
    w = await startWorker({ persistTo: state });
    await timed(w.base, '/health');
    for (const [format, path] of paths) {
      const hit = await timed(w.base, path);
      if (/^edgeviz-store; hit/.test(hit.r.headers.get('cache-status'))) rows['store hit'].push({ format, ...hit });
    }
    if (run === 0) {
      // Bytes in R2 per diagram: every blob (the bodies) plus the custom metadata of each.
      const r2 = [];
      for (const e of readdirSync(state, { withFileTypes: true, recursive: true })) {
        const p = e.parentPath ?? e.path;
        if (e.isFile() && /[/\\]r2[/\\]/.test(p) && /blobs/.test(p)) r2.push(readFileSync(join(p, e.name)).length);
      }
      stored.push({ objects: r2.length, bytes: r2.reduce((a, b) => a + b, 0) });
    }
  } finally {
    await w.stop();
    rmSync(state, { recursive: true, force: true });
  }
}
console.log(`${files.length} Graphviz golden cases × SVG and PNG, ${RUNS} runs; medians in ms (client wall time / Worker's Server-Timing total, layout, raster)`);
for (const [name, xs] of Object.entries(rows)) {
  for (const format of ['svg', 'png']) {
    const ys = xs.filter((x) => x.format === format);
    if (ys.length) console.log(`${name.padEnd(24)} ${format}  n=${String(ys.length).padStart(3)}  client ${median(ys.map((y) => y.ms)).toFixed(1).padStart(6)}  server ${median(ys.map((y) => y.server)).toFixed(1).padStart(6)}` +
      ['layout', 'raster'].map((m) => (ys.some((y) => y[m] >= 0) ? `  ${m} ${median(ys.map((y) => y[m])).toFixed(1).padStart(6)}` : '')).join(''));
  }
}
for (const s of stored) {
  console.log(`R2 after one run: ${s.objects} objects, ${s.bytes} bytes of bodies for ${files.length} diagrams ` +
    `(${(s.bytes / files.length / 1024).toFixed(1)} KiB for each: an SVG, its PNG, and another PNG with its SVG; custom metadata ~250 bytes an object more)`);
}
