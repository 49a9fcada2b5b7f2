// End-to-end: the global tier (issue 18) in workerd through `wrangler dev`, with its local R2.
// A second location (the Cache API wiped, R2 kept) answers from the store without a layout;
// a PNG after the SVG of the same diagram is drawn without a layout, byte-identical to a
// fresh PNG; 20 concurrent first requests lay out once; a failing or hanging store and a
// corrupted object still answer 200 with the right image.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { startWorker, wipeLocation } from './harness.mjs';
import { KINDS } from './kinds.mjs';

const encode = (src) => deflateSync(Buffer.from(src, 'utf8'), { level: 9 }).toString('base64url');

/** The metric names of a response's Server-Timing. */
const timings = (r) => (r.headers.get('server-timing') ?? '').split(',').map((m) => m.trim().split(';')[0]);

const state = mkdtempSync(join(tmpdir(), 'edgeviz-store-'));
let worker;
before(async () => { worker = await startWorker({ persistTo: state }); });
after(async () => {
  await worker?.stop();
  rmSync(state, { recursive: true, force: true });
});

async function get(path, base = worker.base) {
  const r = await fetch(`${base}${path}`);
  return { r, body: Buffer.from(await r.arrayBuffer()) };
}

/** Requests `path` until its answer comes from the location's cache (the writes after a
 * response take a moment). */
async function untilEdgeHit(path, base = worker.base) {
  for (let i = 0; i < 50; i++) {
    const got = await get(path, base);
    if (got.r.headers.get('cache-status') === 'edgeviz-edge; hit') return got;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`${path} never came from the location's cache`);
}

const PNG_DOT = 'digraph { dpi=144; rankdir=LR; raster -> "from the" -> "stored SVG" }';
const bitmapCases = [
  ['graphviz', PNG_DOT, 'png', ''],
  ['graphviz', PNG_DOT, 'jpeg', '?theme=dark'],
  ['graphviz', 'digraph { auto -> light }', 'png', '?theme=auto'],
  // Every other kind that has `auto` (Mermaid's SVG of it holds two drawings), its example.
  ...KINDS.filter((k) => k.themes.includes('auto') && k.name !== 'graphviz').map((k) => [k.name, k.example, 'png', '?theme=auto']),
];
/** The bitmaps drawn from the stored SVG by the first worker, to compare with fresh ones. */
const fromSvg = new Map();

test('workerd + R2: a render is stored in both caches and said so in standard headers', async () => {
  const path = `/graphviz/svg/${encode('digraph { store -> tier }')}`;
  const { r, body } = await get(path);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('cache-status'), 'edgeviz-store; fwd=miss; stored, edgeviz-edge; fwd=miss; stored');
  assert.equal(r.headers.get('x-edgeviz-cache'), 'MISS');
  assert.deepEqual(timings(r), ['layout', 'total']);
  assert.match(r.headers.get('server-timing'), /^layout;dur=[\d.]+, total;dur=[\d.]+$/);
  const exposed = r.headers.get('access-control-expose-headers');
  for (const h of ['Cache-Status', 'Server-Timing', 'X-Edgeviz-Cache']) assert.ok(exposed.includes(h), exposed);
  for (const [name] of r.headers) assert.ok(!name.startsWith('x-edgeviz-entry-'), `${name} is internal`);
  const hit = await untilEdgeHit(path);
  assert.equal(hit.r.headers.get('x-edgeviz-cache'), 'HIT');
  assert.deepEqual(timings(hit.r), ['total']);
  assert.deepEqual(hit.body, body);
  assert.equal(hit.r.headers.get('etag'), r.headers.get('etag'));
  for (const [name] of hit.r.headers) assert.ok(!name.startsWith('x-edgeviz-entry-'), `${name} is internal`);
});

test('workerd + R2: a bitmap after the SVG of the same diagram is drawn without a layout', async () => {
  for (const [kind, src, format, query] of bitmapCases) {
    const what = `${kind} ${format}${query}`;
    // The SVG a bitmap is drawn from is the one of its theme (auto draws light).
    const svgQuery = query === '?theme=auto' ? '' : query;
    const svg = await get(`/${kind}/svg/${encode(src)}${svgQuery}`);
    assert.equal(svg.r.status, 200, what);
    await untilEdgeHit(`/${kind}/svg/${encode(src)}${svgQuery}`);
    const { r, body } = await get(`/${kind}/${format}/${encode(src)}${query}`);
    assert.equal(r.status, 200, what);
    assert.deepEqual(timings(r), ['raster', 'total'], `${what}: ${r.headers.get('server-timing')}`);
    assert.equal(r.headers.get('x-edgeviz-cache'), 'MISS', what);
    fromSvg.set(what, body);
  }
});

test('workerd + R2: 20 concurrent first requests lay out once', async () => {
  const rows = Array.from({ length: 60 }, (_, i) => `n${i} -> n${(i * 7) % 60} -> n${(i * 13) % 60}`).join('; ');
  const path = `/graphviz/png/${encode(`digraph { ${rows} }`)}`;
  const answers = await Promise.all(Array.from({ length: 20 }, () => get(path)));
  for (const { r } of answers) assert.equal(r.status, 200);
  const laidOut = answers.filter(({ r }) => timings(r).includes('layout'));
  assert.equal(laidOut.length, 1, answers.map(({ r }) => r.headers.get('server-timing')).join(' | '));
  assert.equal(answers.filter(({ r }) => r.headers.get('x-edgeviz-cache') === 'MISS').length, 1);
  assert.ok(answers.some(({ r }) => /collapsed/.test(r.headers.get('cache-status'))));
  for (const { body } of answers) assert.deepEqual(body, answers[0].body);
});

/** The blob files of the local state (R2's and the Cache API's) that hold exactly `body`. */
function blobsHolding(body) {
  const found = [];
  for (const e of readdirSync(state, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const file = join(e.parentPath ?? e.path, e.name);
    if (statSync(file).size === body.length && readFileSync(file).equals(body)) found.push(file);
  }
  return found;
}

test('workerd + R2: a corrupted object is detected, never served, and replaced', async () => {
  const path = `/graphviz/svg/${encode('digraph { corrupt -> detected -> replaced }')}`;
  const good = await get(path);
  await untilEdgeHit(path);
  let blobs = [];
  for (let i = 0; i < 50 && blobs.length < 2; i++) {
    blobs = blobsHolding(good.body);
    await new Promise((res) => setTimeout(res, 100));
  }
  assert.ok(blobs.length >= 2, `the location's and the store's copies: ${blobs}`);
  for (const file of blobs) {
    const bytes = readFileSync(file);
    bytes[bytes.length >> 1] ^= 0x20; // one flipped bit: same length, another digest
    writeFileSync(file, bytes);
  }
  const { r, body } = await get(path);
  assert.equal(r.status, 200);
  assert.deepEqual(body, good.body, 'the right image, rendered again');
  assert.equal(r.headers.get('cache-status'),
    'edgeviz-store; fwd=miss; detail=corrupt-digest; stored, edgeviz-edge; fwd=miss; detail=corrupt-digest; stored');
  assert.ok(timings(r).includes('layout'));
  const replaced = await untilEdgeHit(path);
  assert.deepEqual(replaced.body, good.body);
});

test('workerd + R2: a second location answers from the store without laying out', async () => {
  const path = `/graphviz/svg/${encode('digraph { first -> second [label="location"] }')}`;
  const first = await get(path);
  assert.equal(first.r.status, 200);
  await untilEdgeHit(path);
  await worker.stop();
  wipeLocation(state);
  worker = await startWorker({ persistTo: state });
  const { r, body } = await get(path);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('cache-status'), 'edgeviz-store; hit, edgeviz-edge; fwd=miss; stored');
  assert.equal(r.headers.get('x-edgeviz-cache'), 'HIT');
  assert.deepEqual(timings(r), ['total']);
  assert.deepEqual(body, first.body);
  assert.equal(r.headers.get('etag'), first.r.headers.get('etag'));
  assert.equal(r.headers.get('content-type'), 'image/svg+xml');
  // Copied into the new location's cache.
  assert.deepEqual((await untilEdgeHit(path)).body, first.body);
  // A bitmap there is drawn from the store's SVG, without a layout.
  const [kind, src, format, query] = bitmapCases[0];
  const png = await get(`/${kind}/${format}/${encode(src)}${query}`);
  assert.equal(png.r.headers.get('cache-status'), 'edgeviz-store; hit, edgeviz-edge; fwd=miss; stored');
  assert.deepEqual(png.body, fromSvg.get(`${kind} ${format}${query}`));
});

for (const fault of ['fail', 'hang']) {
  test(`workerd + R2: a store that ${fault === 'fail' ? 'fails' : 'never answers'} still answers 200 with the right image`, async () => {
    const faulty = await startWorker({ vars: { EDGEVIZ_STORE_FAULT: fault } });
    try {
      const path = `/graphviz/svg/${encode('digraph { store -> tier }')}`;
      const expected = await get(path);
      const { r, body } = await get(path, faulty.base);
      assert.equal(r.status, 200);
      assert.deepEqual(body, expected.body);
      const detail = fault === 'fail' ? 'read-error' : 'read-timeout';
      assert.equal(r.headers.get('cache-status'), `edgeviz-store; fwd=miss; detail=${detail}, edgeviz-edge; fwd=miss; stored`);
      assert.ok(timings(r).includes('layout'));
      if (fault !== 'fail') return;
      // A fresh bitmap (laid out: nothing stored there) is byte-identical to the one drawn
      // from the stored SVG.
      for (const [kind, src, format, query] of bitmapCases) {
        const what = `${kind} ${format}${query}`;
        const fresh = await get(`/${kind}/${format}/${encode(src)}${query}`, faulty.base);
        assert.equal(fresh.r.status, 200, what);
        assert.deepEqual(timings(fresh.r), ['layout', 'raster', 'total'], what);
        assert.ok(fromSvg.get(what), `${what} was drawn from the SVG`);
        assert.ok(fresh.body.equals(fromSvg.get(what)), `${what}: drawn from the stored SVG = drawn afresh`);
      }
    } finally {
      await faulty.stop();
    }
  });
}
