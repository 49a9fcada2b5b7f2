// A bounded load run with hostile traffic against the Worker in workerd (wrangler dev on
// loopback): for LOAD_SECONDS (default 30), LOAD_CONCURRENCY (default 8) clients send a mix of
// cache hits, fresh small renders of every kind and format, every hostile family (the kinds'
// own, just over each limit) and renders that trap the contained renderer —
// syntax errors, bad encodings, zlib bombs, over-long URLs and inputs nested past each
// limit. Counts status classes and dropped connections (fetch errors, timeouts) per family;
// any 5xx or dropped connection fails the run. bench/load.sh is the longer run under wrk.
//   LOAD_SECONDS=120 node --test tests/e2e/load.test.mjs
//   LOAD_EXCLUDE='record label nesting' node --test tests/e2e/load.test.mjs   # leave families out
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { startWorker } from './harness.mjs';
import { CASES } from './hostile.mjs';
import { KINDS } from './kinds.mjs';

const SECONDS = Number(process.env.LOAD_SECONDS ?? 30);
const CONCURRENCY = Number(process.env.LOAD_CONCURRENCY ?? 8);
const REQUEST_TIMEOUT_MS = 60_000;

const encode = (src) => deflateSync(Buffer.isBuffer(src) ? src : Buffer.from(src), { level: 9 }).toString('base64url');
const post = (path, body, headers = {}) => ({ method: 'POST', path, body, headers });
const get = (path) => ({ method: 'GET', path });
const deep = (open, middle, close, n) => `${open.repeat(n)}${middle}${close.repeat(n)}`;

// What each hostile family should get: a 4xx (or, where the input is legal, a clean 2xx).
// Built once; each family is a function of a counter so that renders that should miss the
// cache do.
const HIT = `/graphviz/svg/${encode('digraph G { rankdir=LR; edge [color=gray40]; a -> b -> c; b -> d }\n')}`;
const BOMB = `/graphviz/svg/${encode(Buffer.alloc(8 << 20, 'a'))}`; // 8 MiB of 'a' in ~11 KB
// Every kind's hostile cases just over their limits (the kinds declare them: hostile.mjs), one
// after another; and far over them, those of at most 64 KiB (the deep nestings among them).
const OVER = CASES.filter((c) => c.label === 'just over' && c.kind);
const FAR = CASES.filter((c) => c.label === 'far over' && c.kind && c.source.length <= 64 << 10);
// Every kind's sources (its example, gallery and variants, from the kinds list: kinds.mjs) in
// SVG and PNG, each request made fresh by a scale a ten-thousandth apart (the scale is part of
// every cache key).
const FRESH = KINDS.flatMap((k) => [k.example, ...k.gallery.map((e) => e.source), ...k.variants.map((e) => e.source)]
  .flatMap((source) => ['svg', 'png'].map((format) => ({ path: `/${k.name}/${format}`, source }))));
const fresh = (n) => { const f = FRESH[n % FRESH.length]; return post(`${f.path}?scale=${(1 + (n % 9000 + 1) / 10_000).toFixed(4)}`, f.source); };
const FAMILIES = {
  'cache hit': () => get(HIT),
  'kinds: just over a limit': (n) => post(OVER[n % OVER.length].path, OVER[n % OVER.length].source),
  // The Worker runs with EDGEVIZ_TEST_TRAP: this source traps the contained renderer
  // (src/contained.rs), which must fail it alone (a 422) and nothing beside it.
  'trapping render': (n) => post('/graphviz/svg', `digraph { a${n} [label="EDGEVIZ-TEST-TRAP:${['unreachable', 'overflow', 'panic'][n % 3]}"] }`),
  'graphviz svg': (n) => post('/graphviz/svg', `digraph { a -> b -> c; c -> a; // ${n}\n}`),
  'graphviz png': (n) => post('/graphviz/png', `digraph { rankdir=LR; x${n} -> y -> z }`),
  'kinds: a fresh render': fresh,
  'syntax error': (n) => post('/graphviz/svg', `digraph { a -> -> b ${n} }`),
  'bad encoding': () => get('/graphviz/svg/not+valid+base64'),
  'zlib bomb': () => get(BOMB),
  'over-long URL': (n) => get(`/graphviz/svg/${'A'.repeat(20_000)}${n}`),
  'DOT { nesting': (n) => post('/graphviz/svg', `digraph { ${deep('{', `a${n}`, '}', 5_000)} }`),
  'record label nesting': (n) => post('/graphviz/svg',
    `digraph { a [shape=record, label="${deep('{', `x${n}`, '}', 3_000)}"] }`),
  'HTML label nesting': (n) => post('/graphviz/svg',
    `digraph { a [label=<${deep('<TABLE><TR><TD>', `x${n}`, '</TD></TR></TABLE>', 500)}>] }`),
  'kinds: far over a limit': (n) => post(FAR[n % FAR.length].path, FAR[n % FAR.length].source),
};
// Shares of the traffic, out of their sum: a third cache hits, a third fresh renders, a
// third hostile.
const WEIGHTS = {
  'cache hit': 24, 'kinds: just over a limit': 6, 'trapping render': 2, 'graphviz svg': 6, 'graphviz png': 4, 'kinds: a fresh render': 10,
  'syntax error': 3, 'bad encoding': 3, 'zlib bomb': 3, 'over-long URL': 3, 'DOT { nesting': 3,
  'record label nesting': 3, 'HTML label nesting': 3, 'kinds: far over a limit': 6,
};
const EXCLUDED = (process.env.LOAD_EXCLUDE ?? '').split(',').map((f) => f.trim()).filter(Boolean);
for (const f of EXCLUDED) assert.ok(f in FAMILIES, `LOAD_EXCLUDE: no family ${f}`);
const SCHEDULE = Object.entries(WEIGHTS).filter(([name]) => !EXCLUDED.includes(name)).flatMap(([name, w]) => Array(w).fill(name));

let worker;
before(async () => { worker = await startWorker({ vars: { EDGEVIZ_TEST_TRAP: '1' } }); });
after(async () => { await worker?.stop(); });

test(`load: ${SECONDS} s of mixed and hostile traffic, ${CONCURRENCY} at a time: no 5xx, no dropped connection`, async () => {
  // Warm the cache entry the hits will read (the Worker stores it after answering).
  const warm = await fetch(worker.base + HIT);
  assert.equal(warm.status, 200, await warm.text());
  await new Promise((r) => setTimeout(r, 500));

  const counts = {}; // family -> { '2xx': n, ..., dropped: n }
  const failures = []; // the first few 5xx and dropped, with what the server said
  const latencies = [];
  let issued = 0;
  const deadline = Date.now() + SECONDS * 1000;
  const client = async (id) => {
    for (let k = id; Date.now() < deadline; k += CONCURRENCY) {
      const n = issued++;
      const family = SCHEDULE[(k * 7919) % SCHEDULE.length]; // spread the families over time
      const req = FAMILIES[family](n);
      const c = (counts[family] ??= {});
      const t = performance.now();
      let outcome;
      try {
        const r = await fetch(worker.base + req.path, {
          method: req.method, body: req.body, headers: req.headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        const body = Buffer.from(await r.arrayBuffer());
        outcome = `${Math.floor(r.status / 100)}xx`;
        if (r.status >= 500 && failures.length < 10) failures.push(`${family}: ${r.status} ${body.toString('utf8', 0, 200)}`);
        if (family === 'cache hit' && r.status === 200 && r.headers.get('x-edgeviz-cache') !== 'HIT') outcome = '2xx (miss)';
      } catch (e) {
        outcome = 'dropped';
        if (failures.length < 10) failures.push(`${family}: dropped (${e.cause?.code ?? e.name}: ${e.cause?.message ?? e.message})`);
      }
      latencies.push(performance.now() - t);
      c[outcome] = (c[outcome] ?? 0) + 1;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => client(i)));
  const elapsed = (performance.now() - t0) / 1000;

  const health = await (await fetch(`${worker.base}/health`)).json();
  latencies.sort((a, b) => a - b);
  const total = {};
  const lines = [];
  for (const [family, c] of Object.entries(counts).sort()) {
    for (const [k, v] of Object.entries(c)) total[k] = (total[k] ?? 0) + v;
    lines.push(`  ${family.padEnd(26)} ${Object.entries(c).sort().map(([k, v]) => `${k}=${v}`).join(' ')}`);
  }
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))].toFixed(1);
  console.log([
    `load: ${latencies.length} requests in ${elapsed.toFixed(1)} s (${(latencies.length / elapsed).toFixed(1)}/s), ` +
      `${CONCURRENCY} at a time${EXCLUDED.length ? ` (left out: ${EXCLUDED.join(', ')})` : ''}; p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms, max ${latencies.at(-1).toFixed(0)} ms`,
    ...lines,
    `  ${'all'.padEnd(26)} ${Object.entries(total).sort().map(([k, v]) => `${k}=${v}`).join(' ')}`,
    `  wasm linear memory after the run: ${health.memory?.wasm_linear_bytes ?? 'not reported'} bytes`,
  ].join('\n'));

  const bad = Object.entries(counts)
    .filter(([, c]) => (c['5xx'] ?? 0) + (c.dropped ?? 0) > 0)
    .map(([family, c]) => `${family}: ${c['5xx'] ?? 0} 5xx, ${c.dropped ?? 0} dropped`);
  const log = worker.log().split('\n').slice(-20).map((l) => l.slice(0, 160)).join('\n');
  assert.deepEqual(bad, [], `5xx or dropped connections:\n${failures.join('\n')}\n${log}`);
  // Every family ran, and the cache served its hits.
  assert.deepEqual(Object.keys(counts).sort(), Object.keys(FAMILIES).filter((f) => !EXCLUDED.includes(f)).sort());
  assert.ok((counts['cache hit']['2xx'] ?? 0) > 0, 'no cache hit');
});
