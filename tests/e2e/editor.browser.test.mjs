// End-to-end in a real browser: the live editor served at `GET /`.
//
// The Worker runs in workerd (wrangler dev); Chromium (/usr/bin/chromium, installed by
// scripts/setup-test-tools.sh) is driven by playwright-core, launched as theme.browser.test.mjs
// does. The page is used as a person would: type DOT, watch the preview change, break the
// source and see the error at its line:column, fix it, switch to PNG, take the Markdown
// snippet and fetch its URL, load every gallery example. Screenshots go to tests/out/
// (editor.png, editor-dark.png, editor-phone.png) for a human to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, startWorker, launchChromium, pdfProblem } from './harness.mjs';
import { KINDS } from './kinds.mjs';

const OUT = join(ROOT, 'tests', 'out');
const RENDER_TIMEOUT = 60_000; // the machine may be busy; the first renders are cold

let worker;
let browser;

before(async () => {
  mkdirSync(OUT, { recursive: true });
  worker = await startWorker();
  browser = await launchChromium();
});

after(async () => {
  try { await browser?.close(); } finally { await worker?.stop(); }
});

/** The paths of renders: `/KIND/...` for every kind of the list (kinds.mjs). */
const RENDERS = new RegExp(`^/(${KINDS.map((k) => k.name).join('|')})/`);

/** Opens `/` and returns the page, failing the test on any page error or CSP violation. */
async function openEditor(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1, ...options });
  const page = await context.newPage();
  // Render POSTs pass through here untouched, and their bodies are kept for previewBytes().
  page.renders = [];
  await page.route((u) => RENDERS.test(u.pathname), async (route) => {
    const request = route.request();
    if (request.method() !== 'POST') return route.continue();
    const response = await route.fetch();
    const body = await response.body();
    if (response.ok()) page.renders.push({ source: request.postData(), path: new URL(request.url()).pathname, body });
    return route.fulfill({ response, body });
  });
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    // The 400 of a deliberately broken source is logged by Chromium; anything else is a problem.
    if (m.type() === 'error' && !/status of 400/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  const r = await page.goto(`${worker.base}/`);
  assert.equal(r.status(), 200);
  const csp = r.headers()['content-security-policy'];
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.doesNotMatch(csp, /unsafe-eval/);
  await waitRendered(page, 0);
  return { page, context, problems };
}

/** Waits until the preview shows a render newer than `after` (its data-seq), and returns its state. */
async function waitRendered(page, after) {
  await page.waitForFunction((n) => {
    const img = document.getElementById('preview');
    return Number(img.dataset.seq || 0) > n && img.complete && img.naturalWidth > 0 &&
      img.src.startsWith('blob:') && !document.getElementById('error').classList.contains('show');
  }, after, { timeout: RENDER_TIMEOUT });
  return preview(page);
}

const preview = (page) => page.evaluate(() => {
  const img = document.getElementById('preview');
  return { seq: Number(img.dataset.seq || 0), src: img.src, type: img.dataset.type,
    width: img.naturalWidth, height: img.naturalHeight };
});

/**
 * The bytes the preview shows: the body of the page's render POST of the current source and
 * format (the page's CSP does not let it fetch its own blob URLs, rightly).
 */
async function previewBytes(page) {
  const { source, format } = await page.evaluate(() => ({
    source: document.getElementById('src').value,
    format: document.querySelector('input[name=format]:checked').value,
  }));
  for (let i = 0; i < 100; i++) {
    const r = page.renders.findLast((x) => x.source === source && x.path === `/graphviz/${format}`);
    if (r) return r.body;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`no ${format} render of the current source was seen`);
}

const TYPED = 'digraph {\n  Alpha -> Beta -> Gamma\n  Alpha -> Gamma\n}\n';
const BROKEN = 'digraph {\n  a -> -> b\n}\n';
const FIXED = 'digraph {\n  Alpha -> Beta -> Gamma\n  Alpha -> Delta\n}\n';

test('the editor: type, preview, error at line:column, fix, PNG, snippets', async () => {
  const { page, context, problems } = await openEditor({ permissions: ['clipboard-read', 'clipboard-write'] });
  try {
    const first = await preview(page);
    assert.equal(first.type, 'image/svg+xml');

    // Type a diagram: after the debounce the preview is replaced by a taller drawing.
    await page.fill('#src', TYPED);
    const typed = await waitRendered(page, first.seq);
    assert.notEqual(typed.src, first.src);
    assert.ok(typed.height > first.height, `three ranks are taller than two: ${first.height} -> ${typed.height}`);
    const svg = (await previewBytes(page)).toString('utf8');
    for (const name of ['Alpha', 'Beta', 'Gamma']) assert.ok(svg.includes(`>${name}</text>`), `the preview draws ${name}`);

    // Break it: the error shows the engine's message and line:column, the gutter marks line 2.
    await page.fill('#src', BROKEN);
    await page.waitForSelector('#error.show', { timeout: RENDER_TIMEOUT });
    const error = await page.textContent('#error');
    assert.match(error, /^2:8/, `error box: ${error}`);
    assert.match(error, /syntax error in line 2 near '->'/);
    assert.equal(await page.textContent('#gutter .bad'), '2');
    assert.ok(await page.isVisible('#band'), 'the error line is highlighted');
    assert.equal(await page.getAttribute('#preview', 'class'), 'stale');
    // The location button selects the offending token in the source.
    await page.click('#error button.goto');
    const selected = await page.evaluate(() => {
      const t = document.getElementById('src');
      return t.value.slice(t.selectionStart, t.selectionEnd);
    });
    assert.equal(selected, '->');
    const { seq: beforeFix } = await preview(page);

    // Fix it: the error goes away and the preview is current again.
    await page.fill('#src', FIXED);
    const fixed = await waitRendered(page, beforeFix);
    assert.equal(await page.locator('#gutter .bad').count(), 0);
    assert.ok(!(await page.isVisible('#band')));
    assert.equal(fixed.type, 'image/svg+xml');

    // Switch to PNG.
    await page.click('label[for=fmt-png]');
    const png = await waitRendered(page, fixed.seq);
    assert.equal(png.type, 'image/png');
    const pngBytes = await previewBytes(page);
    assert.deepEqual([...pngBytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);

    // The Markdown snippet names this diagram's PNG URL; fetching it gives the previewed bytes.
    await page.waitForFunction(() => document.getElementById('snip-md').textContent.includes('/graphviz/png/'));
    const md = await page.textContent('#snip-md');
    const m = /^!\[diagram\]\((\S+)\)$/.exec(md);
    assert.ok(m, `markdown snippet: ${md}`);
    const url = m[1];
    assert.ok(url.startsWith(`${worker.base}/graphviz/png/`), url);
    const got = await fetch(url);
    assert.equal(got.status, 200);
    assert.equal(got.headers.get('content-type'), 'image/png');
    assert.ok(Buffer.from(await got.arrayBuffer()).equals(pngBytes), 'the URL serves the previewed PNG');
    // The same diagram as SVG, through the same encoding, has the typed node names.
    const svgGot = await fetch(url.replace('/graphviz/png/', '/graphviz/svg/'));
    assert.equal(svgGot.status, 200);
    const svgText = await svgGot.text();
    for (const name of ['Alpha', 'Beta', 'Gamma', 'Delta']) assert.ok(svgText.includes(`>${name}</text>`), `SVG draws ${name}`);

    // The other snippets name the same URL; curl POSTs to the PNG endpoint.
    assert.equal(await page.textContent('#snip-url'), url);
    assert.equal(await page.textContent('#snip-html'), `<img src="${url}" alt="diagram">`);
    assert.equal(await page.textContent('#snip-adoc'), `image::${url}[diagram]`);
    assert.equal(await page.textContent('#snip-curl'), `curl --data-binary @diagram.dot ${worker.base}/graphviz/png > diagram.png`);

    // Copy: with clipboard permission the text is on the clipboard; without it, selected.
    await page.click('button[data-copy=snip-md]');
    await page.waitForFunction(() => document.querySelector('button[data-copy=snip-md]').textContent !== 'Copy');
    const label = await page.textContent('button[data-copy=snip-md]');
    if (label === 'Copied') assert.equal(await page.evaluate(() => navigator.clipboard.readText()), md);
    else assert.equal(await page.evaluate(() => getSelection().toString()), md);

    // PDF: the preview is the SVG it is drawn from; Download saves the PDF the URL serves.
    await page.click('label[for=fmt-pdf]');
    const asPdf = await waitRendered(page, png.seq);
    assert.equal(asPdf.type, 'image/svg+xml');
    await page.waitForFunction(() => document.getElementById('snip-url').textContent.includes('/graphviz/pdf/'));
    const pdfUrl = await page.textContent('#snip-url');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    assert.equal(download.suggestedFilename(), 'diagram.pdf');
    const saved = readFileSync(await download.path());
    const served = Buffer.from(await (await fetch(pdfUrl)).arrayBuffer());
    assert.ok(saved.equals(served), 'Download saves the PDF the URL serves');
    assert.equal(pdfProblem(saved), null);
    await page.click('label[for=fmt-png]');
    const backToPng = await waitRendered(page, asPdf.seq);

    // The theme goes into the URL as ?theme=.
    await page.selectOption('#theme', 'dark');
    await waitRendered(page, backToPng.seq);
    await page.waitForFunction(() => document.getElementById('snip-url').textContent.endsWith('?theme=dark'));

    await page.click('label[for=fmt-svg]');
    await page.selectOption('#theme', 'light');
    await page.fill('#src', FIXED.replace('Delta', 'Delta [style=filled fillcolor=gold]'));
    await waitRendered(page, (await preview(page)).seq);
    await page.waitForFunction(() => /^Copy$/.test(document.querySelector('button[data-copy=snip-md]').textContent));
    writeFileSync(join(OUT, 'editor.png'), await page.screenshot({ fullPage: true }));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('every gallery example renders, and the page keeps the URL fragment', async () => {
  const { page, context, problems } = await openEditor();
  try {
    // The gallery is built from what /health says of each kind this server draws: every
    // kind's gallery entries, named KIND-NAME, in the kinds' order.
    const { kinds } = await (await fetch(`${worker.base}/health`)).json();
    const expected = kinds.flatMap((k) => k.gallery.map((e) => `${k.name}-${e.name}`));
    assert.ok(expected.length >= 9, `${expected.length} gallery entries`);
    await page.waitForFunction((n) => document.querySelectorAll('#gallery button').length === n, expected.length, { timeout: RENDER_TIMEOUT });
    const ids = await page.$$eval('#gallery button', (bs) => bs.map((b) => b.dataset.example));
    assert.deepEqual(ids, expected);
    const titles = kinds.map((k) => k.title);
    assert.equal(await page.textContent('#kinds'), `${titles.slice(0, -1).join(', ')} or ${titles.at(-1)}`);
    assert.deepEqual(await page.$$eval('#kind option', (os) => os.map((o) => o.value)), kinds.map((k) => k.name));
    const routes = await page.$eval('.about pre', (pre) => pre.innerText);
    for (const k of kinds) assert.match(routes, new RegExp(`POST /${k.name}/\\{${k.formats.join('\\|')}\\}`), routes);
    for (const id of ids) {
      const { seq } = await preview(page);
      await page.click(`#gallery button[data-example=${id}]`);
      const shown = await waitRendered(page, seq);
      assert.ok(shown.width > 150 && shown.height > 80, `${id}: ${shown.width}×${shown.height}`);
      const source = await page.inputValue('#src');
      // An example of another kind switches the type (the snippets, the themes) to it.
      const kind = await page.$eval(`#gallery button[data-example=${id}]`, (b) => b.dataset.kind);
      assert.equal(await page.inputValue('#kind'), kind, id);
      const themes = await page.$$eval('#theme option', (os) => os.map((o) => o.value));
      assert.deepEqual(themes, kinds.find((k) => k.name === kind).themes, `${id}: the kind's themes`);
      const entry = kinds.find((k) => k.name === kind).gallery.find((e) => `${kind}-${e.name}` === id);
      assert.equal(source, entry.source, `${id}'s source is its gallery entry's`);
      await page.waitForFunction((k) => document.getElementById('snip-url').textContent.includes(`/${k}/svg/`), kind);
      // The same source POSTed directly renders too.
      const r = await fetch(`${worker.base}/${kind}/svg`, { method: 'POST', body: source });
      assert.equal(r.status, 200, `${id}: ${await r.text()}`);
    }
    // A kind with variants (Mermaid's families, from /health) offers them in the Example
    // menu; choosing one draws its example.
    const withVariants = kinds.find((k) => k.variants.length);
    if (withVariants) {
      await page.selectOption('#kind', withVariants.name);
      await page.waitForFunction(() => !document.getElementById('variant-label').hidden);
      const offered = await page.$$eval('#variant option', (os) => os.map((o) => o.value).filter(Boolean));
      assert.deepEqual(offered, withVariants.variants.map((v) => v.name));
      // The first, the middle and the last variant.
      const some = [0, withVariants.variants.length >> 1, withVariants.variants.length - 1];
      for (const v of [...new Set(some)].map((i) => withVariants.variants[i])) {
        const { seq: before } = await preview(page);
        await page.selectOption('#variant', v.name);
        const shown = await waitRendered(page, before);
        assert.ok(shown.width > 20 && shown.height > 20, `${v.name}: ${shown.width}×${shown.height}`);
        assert.equal(await page.inputValue('#src'), v.source);
      }
      await page.selectOption('#kind', kinds[0].name);
      await page.waitForFunction(() => document.getElementById('variant-label').hidden);
    }
    // The fragment of another kind's example brings the type back with the source: the last
    // gallery entry of the last kind that has one.
    const other = kinds.findLast((k) => k.name !== kinds[0].name && k.gallery.length);
    let { seq } = await preview(page);
    if (other) {
      await page.click(`#gallery button[data-example=${other.name}-${other.gallery.at(-1).name}]`);
      await waitRendered(page, seq);
      const chosen = await page.inputValue('#src');
      await page.waitForFunction((name) => location.hash.startsWith(`#${name}/`), other.name);
      await page.reload();
      await waitRendered(page, 0);
      assert.equal(await page.inputValue('#kind'), other.name);
      assert.equal(await page.inputValue('#src'), chosen);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(OUT, `editor-${other.name}.png`) });
    }
    ({ seq } = await preview(page));
    await page.click('#gallery button[data-example=graphviz-edgeviz]');
    await waitRendered(page, seq);
    // Reloading with the fragment brings the last example back.
    const last = await page.inputValue('#src');
    await page.waitForFunction(() => location.hash.length > 10);
    await page.reload();
    await waitRendered(page, 0);
    assert.equal(await page.inputValue('#src'), last);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('dark mode and phone width', async () => {
  const dark = await openEditor({ colorScheme: 'dark' });
  try {
    let { seq } = await preview(dark.page);
    await dark.page.click('#gallery button[data-example=graphviz-edgeviz]');
    ({ seq } = await waitRendered(dark.page, seq));
    await dark.page.selectOption('#theme', 'auto');
    await waitRendered(dark.page, seq);
    await dark.page.waitForFunction(() => document.getElementById('snip-url').textContent.endsWith('?theme=auto'));
    // Every gallery thumbnail has loaded.
    await dark.page.waitForFunction(() => [...document.querySelectorAll('#gallery img')]
      .every((i) => i.complete && i.naturalWidth > 0), null, { timeout: RENDER_TIMEOUT });
    const bg = await dark.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, 'rgb(20, 23, 28)', 'the page follows prefers-color-scheme: dark');
    writeFileSync(join(OUT, 'editor-dark.png'), await dark.page.screenshot({ fullPage: true }));
    assert.deepEqual(dark.problems, []);
  } finally {
    await dark.context.close();
  }

  const phone = await openEditor({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  try {
    const layout = await phone.page.evaluate(() => {
      const box = (sel) => document.querySelector(sel).getBoundingClientRect();
      return { scrollWidth: document.documentElement.scrollWidth, editor: box('.editor'), preview: box('.preview') };
    });
    assert.ok(layout.scrollWidth <= 390, `no horizontal scrolling (${layout.scrollWidth}px)`);
    assert.ok(layout.preview.top >= layout.editor.bottom, 'one column: the preview is below the editor');
    assert.ok(layout.editor.width > 300, `the editor fills the width (${layout.editor.width}px)`);
    await phone.page.waitForFunction(() => [...document.querySelectorAll('#gallery img')]
      .every((i) => i.complete && i.naturalWidth > 0), null, { timeout: RENDER_TIMEOUT });
    writeFileSync(join(OUT, 'editor-phone.png'), await phone.page.screenshot({ fullPage: true }));
    assert.deepEqual(phone.problems, []);
  } finally {
    await phone.context.close();
  }
});
