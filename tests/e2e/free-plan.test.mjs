// End-to-end: the free-plan Worker (wrangler.free.toml, build/free/). Its upload must fit
// Cloudflare's free plan — 3 MiB gzipped, as wrangler itself measures and enforces it — and
// what it serves must still work: Graphviz SVG and PNG (text drawn with the zstd-packed
// fonts), and a clear 404 for the diagram types it leaves out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, decodePng, launchChromium, startWorker } from './harness.mjs';
import { ALWAYS, LIST } from './kinds.mjs';

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
  assert.deepEqual(Object.keys(body.checks), [ALWAYS.name]);
});

test('free plan: Graphviz SVG and PNG render, the PNG with its text', async () => {
  const source = 'digraph { node [shape=box fontname="Helvetica"]; Rust -> "wasm32" -> "Worker" }';
  const svg = await fetch(`${worker.base}/graphviz/svg`, { method: 'POST', body: source });
  assert.equal(svg.status, 200);
  assert.match(await svg.text(), />wasm32<\/text>/);

  const png = await fetch(`${worker.base}/graphviz/png`, { method: 'POST', body: source });
  assert.equal(png.status, 200);
  assert.equal(png.headers.get('content-type'), 'image/png');
  const img = decodePng(Buffer.from(await png.arrayBuffer()));
  // Text is drawn: dark pixels inside the first box, whose outline alone would leave its
  // middle white. (From the SVG at 96 dpi: the box "Rust" spans rows 11-58 and columns
  // 15-86 of the 102-pixel width; its text rows 27-40.)
  let dark = 0;
  const middle = Math.floor(img.width / 2);
  for (let y = 20; y < 46; y++) {
    for (let x = middle - 14; x < middle + 14; x++) {
      if (img.alpha(x, y) > 128 && img.at(x, y)[0] < 100) dark++;
    }
  }
  assert.ok(dark > 20, `only ${dark} dark pixels where the label "Rust" is drawn`);
});

// The kinds a Cargo feature builds (every one but the always-built kind): the free plan has
// none of them (the kinds list: kinds.mjs).
const LEFT_OUT = LIST.filter((k) => k.feature !== null);

test('free plan: every kind behind a feature answers 404 with the reason', async () => {
  assert.ok(LEFT_OUT.length > 0);
  for (const k of LEFT_OUT) {
    const path = `/${k.name}/svg`;
    const r = await fetch(`${worker.base}${path}`, { method: 'POST', body: k.example ?? 'any source\n' });
    assert.equal(r.status, 404, path);
    const text = await r.text();
    assert.match(text, /not built into this server/);
    assert.ok(text.includes(`\`${k.feature}\` feature`), text);
  }
});

test('free plan: the editor offers Graphviz alone and hides the other examples', async () => {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${worker.base}/`);
    // The page asks /health which kinds this server draws and lists those alone.
    await page.waitForSelector('#gallery button', { timeout: 30_000 });
    const kinds = await page.$$eval('#kind option', (os) => os.map((o) => o.value));
    assert.deepEqual(kinds, ['graphviz']);
    // Only Graphviz examples are shown (the full build shows the other kinds' too).
    const shown = await page.$$eval('#gallery button', (bs) => bs.filter((b) => b.checkVisibility()).map((b) => b.dataset.kind));
    assert.ok(shown.length >= 3, `${shown.length} gallery examples shown`);
    assert.deepEqual([...new Set(shown)], ['graphviz']);
    // The header and the API list name only what is served.
    assert.match(await page.textContent('header p'), /^Graphviz DOT in, SVG, PNG or PDF out/);
    const api = await page.$eval('.about pre', (pre) => pre.innerText);
    assert.match(api, /POST \/graphviz/);
    for (const k of LEFT_OUT) assert.ok(!api.includes(`/${k.name}`), `the API list names ${k.name}`);
    // The default diagram still renders in the preview.
    await page.waitForFunction(() => {
      const img = document.getElementById('preview');
      return img.complete && img.naturalWidth > 0 && !document.getElementById('error').classList.contains('show');
    }, null, { timeout: 60_000 });
    mkdirSync(join(ROOT, 'tests', 'out'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'tests', 'out', 'editor-free-plan.png'), fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
