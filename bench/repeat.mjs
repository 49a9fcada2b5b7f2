// Repeated diagrams with the location's cache cold (issue 18): DISTINCT new diagrams (a
// nonce per run), each requested REPEATS times in a shuffled order, CONCURRENCY at a time,
// against a running Worker. Counts the requests that laid a diagram out (`layout` in
// Server-Timing): with coalescing and the caches, renders = distinct diagrams. Bounded: at
// most DISTINCT × REPEATS requests, each with a 30 s timeout. Run by `bench/load.sh repeat`.
//   node bench/repeat.mjs BASE [DISTINCT] [REPEATS] [CONCURRENCY]
import { deflateSync } from 'node:zlib';

const [base, distinct = 8, repeats = 25, concurrency = 16] = process.argv.slice(2).map((a, i) => (i ? Number(a) : a));
if (!base) throw new Error('usage: node bench/repeat.mjs BASE [DISTINCT] [REPEATS] [CONCURRENCY]');
const encode = (src) => deflateSync(Buffer.from(src, 'utf8'), { level: 9 }).toString('base64url');
const nonce = `${process.pid}-${Date.now()}`;
const diagram = (i) => {
  const edges = Array.from({ length: 40 }, (_, j) => `n${j} -> n${(j * (i + 3)) % 40}`).join('; ');
  return `/graphviz/${i % 2 ? 'png' : 'svg'}/${encode(`/* ${nonce} */ digraph d${i} { ${edges} }`)}`;
};
const queue = Array.from({ length: distinct * repeats }, (_, k) => diagram(k % distinct));
for (let i = queue.length - 1; i > 0; i--) { // a fixed shuffle
  const j = (i * 7919) % (i + 1);
  [queue[i], queue[j]] = [queue[j], queue[i]];
}
const counts = { requests: 0, layouts: 0, rasters: 0, hits: 0, non200: 0 };
const started = performance.now();
async function worker() {
  while (queue.length) {
    const path = queue.shift();
    const r = await fetch(base + path, { signal: AbortSignal.timeout(30_000) });
    await r.arrayBuffer();
    const timing = r.headers.get('server-timing') ?? '';
    counts.requests++;
    if (r.status !== 200) counts.non200++;
    if (/\blayout;/.test(timing)) counts.layouts++;
    if (/\braster;/.test(timing)) counts.rasters++;
    if (r.headers.get('x-edgeviz-cache') === 'HIT') counts.hits++;
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
const secs = (performance.now() - started) / 1000;
console.log(`repeated diagrams: ${distinct} distinct × ${repeats}, ${concurrency} at a time, ${secs.toFixed(1)} s: ` +
  `${counts.requests} requests, ${counts.layouts} layouts (renders), ${counts.rasters} bitmaps drawn, ` +
  `${counts.hits} HIT, ${counts.non200} not 200`);
if (counts.layouts !== distinct || counts.non200) {
  console.log(`renders ≠ distinct diagrams (${counts.layouts} ≠ ${distinct}) or errors`);
  process.exit(1);
}
console.log('renders = distinct diagrams');
