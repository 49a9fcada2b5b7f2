// End-to-end: the free-plan Worker (wrangler.free.toml, build/free/). Its upload must fit
// Cloudflare's free plan — 3 MiB gzipped, as wrangler itself measures and enforces it — and
// what it serves must still work: Graphviz SVG and PNG (text drawn with the zstd-packed
// fonts), and a clear 404 for the diagram types it leaves out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { ROOT, startWorker } from './harness.mjs';

const FREE_PLAN_LIMIT_KIB = 3 * 1024;
const ENV = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', CI: 'true' };

let worker;
before(async () => { worker = await startWorker({ config: 'wrangler.free.toml' }); });
after(async () => { await worker?.stop(); });

test('free plan: the upload is within 3 MiB gzipped by wrangler\'s own measure', () => {
  const out = mkdtempSync(join(tmpdir(), 'edgeviz-dry-run-'));
  try {
    // The same bundle `wrangler deploy -c wrangler.free.toml` would upload (built by now).
    const log = execFileSync(join(ROOT, 'node_modules', '.bin', 'wrangler'),
      ['deploy', '-c', 'wrangler.free.toml', '--dry-run', '--outdir', out], { cwd: ROOT, env: ENV, encoding: 'utf8' });
    const m = log.match(/Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/);
    assert.ok(m, `no size in wrangler's output:\n${log}`);
    const gzipKiB = Number(m[2]);
    console.log(`free-plan upload: ${m[1]} KiB, gzip ${gzipKiB} KiB (limit ${FREE_PLAN_LIMIT_KIB} KiB)`);
    assert.ok(gzipKiB <= FREE_PLAN_LIMIT_KIB, `${gzipKiB} KiB gzipped is over the free plan's 3 MiB`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('free plan: /health lists Graphviz alone', async () => {
  const r = await fetch(`${worker.base}/health`);
  assert.equal(r.status, 200);
  const body = await r.json();
  assert.deepEqual(Object.keys(body.checks), ['graphviz']);
});

test('free plan: Graphviz SVG and PNG render, the PNG with its text', async () => {
  const source = 'digraph { node [shape=box fontname="Helvetica"]; Rust -> "wasm32" -> "Worker" }';
  const svg = await fetch(`${worker.base}/graphviz/svg`, { method: 'POST', body: source });
  assert.equal(svg.status, 200);
  assert.match(await svg.text(), />wasm32<\/text>/);

  const png = await fetch(`${worker.base}/graphviz/png`, { method: 'POST', body: source });
  assert.equal(png.status, 200);
  assert.equal(png.headers.get('content-type'), 'image/png');
  const pixels = decodePng(Buffer.from(await png.arrayBuffer()));
  // Text is drawn: dark pixels inside the first box, whose outline alone would leave its
  // middle white. (From the SVG at 96 dpi: the box "Rust" spans rows 11-58 and columns
  // 15-86 of the 102-pixel width; its text rows 27-40.)
  const { width, rgba } = pixels;
  let dark = 0;
  for (let y = 20; y < 46; y++) {
    for (let x = Math.floor(width / 2) - 14; x < Math.floor(width / 2) + 14; x++) {
      const i = (y * width + x) * 4;
      if (rgba[i + 3] > 128 && rgba[i] < 100) dark++;
    }
  }
  assert.ok(dark > 20, `only ${dark} dark pixels where the label "Rust" is drawn`);
});

test('free plan: Mermaid and WIT answer 404 with the reason', async () => {
  for (const [path, body] of [['/mermaid/svg', 'flowchart LR\n  A --> B\n'], ['/wit/svg', 'package a:b;\nworld w {}\n']]) {
    const r = await fetch(`${worker.base}${path}`, { method: 'POST', body });
    assert.equal(r.status, 404, path);
    assert.match(await r.text(), /not built into this server/);
  }
});

/** RGBA pixels of an 8-bit RGBA (colour type 6) non-interlaced PNG, as edgeviz writes. */
function decodePng(buf) {
  assert.deepEqual([...buf.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], 'PNG signature');
  let width = 0, height = 0;
  const idat = [];
  for (let p = 8; p < buf.length;) {
    const len = buf.readUInt32BE(p);
    const type = buf.toString('latin1', p + 4, p + 8);
    const data = buf.subarray(p + 8, p + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      assert.equal(data[8], 8, 'bit depth');
      assert.equal(data[9], 6, 'colour type RGBA');
      assert.equal(data[12], 0, 'not interlaced');
    } else if (type === 'IDAT') {
      idat.push(data);
    }
    p += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const rgba = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= 4 ? rgba[y * stride + x - 4] : 0;
      const b = y > 0 ? rgba[(y - 1) * stride + x] : 0;
      const c = x >= 4 && y > 0 ? rgba[(y - 1) * stride + x - 4] : 0;
      let v = line[x];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const pa = Math.abs(b - c), pb = Math.abs(a - c), pc = Math.abs(a + b - 2 * c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      rgba[y * stride + x] = v & 255;
    }
  }
  return { width, height, rgba };
}
