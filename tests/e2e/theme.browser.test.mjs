// End-to-end in a real browser: `theme=auto` SVG follows the reader's dark mode.
//
// The Worker runs in workerd (wrangler dev); Chromium (Debian's /usr/bin/chromium, installed
// by scripts/setup-test-tools.sh) is driven by playwright-core. Pixels are read back, not just
// styles: the SVG is opened directly and screenshotted (the PNG decoded here), and it is also
// drawn as an <img> in a page, the way Markdown embeds it, and read from a canvas.
// Screenshots go to tests/out/ for a human to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { ROOT, startWorker, launchChromium, decodePng } from './harness.mjs';

const OUT = join(ROOT, 'tests', 'out');
const DIAGRAM = 'digraph { a -> b; c [style=filled fillcolor=yellow] }';

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

const encodeSource = (src) => deflateSync(Buffer.from(src, 'utf8'), { level: 9 }).toString('base64url');
const svgUrl = (theme) => `${worker.base}/graphviz/svg/${encodeSource(DIAGRAM)}?theme=${theme}`;

// --- pixels -------------------------------------------------------------------------------


const sum = ([r, g, b]) => r + g + b;
const isDark = (p) => sum(p) < 150;
const isLight = (p) => sum(p) > 600;
const isYellow = ([r, g, b]) => r > 200 && g > 200 && b < 60;

/** Pixels of `img` inside `box` (CSS px, device scale 1), as [r, g, b] triples. */
function pixelsIn(img, box) {
  const out = [];
  for (let y = Math.ceil(box.y); y < Math.floor(box.y + box.height) && y < img.height; y++)
    for (let x = Math.ceil(box.x); x < Math.floor(box.x + box.width) && x < img.width; x++)
      out.push(img.at(x, y));
  return out;
}

// --- the SVG as a document ----------------------------------------------------------------

/**
 * Opens the SVG directly with `colorScheme` emulated, screenshots it (clipped to the drawing)
 * into tests/out/NAME.png, and returns the decoded screenshot and where things are in it.
 */
async function openSvg(theme, colorScheme, name) {
  const page = await browser.newPage({ viewport: { width: 640, height: 480 }, deviceScaleFactor: 1 });
  try {
    await page.emulateMedia({ colorScheme });
    const r = await page.goto(svgUrl(theme));
    assert.equal(r.status(), 200);
    assert.equal(r.headers()['content-type'], 'image/svg+xml');
    const layout = await page.evaluate(() => {
      const rect = (el) => { const b = el.getBoundingClientRect(); return { x: b.x, y: b.y, width: b.width, height: b.height }; };
      const node = (name) => [...document.querySelectorAll('g.node')]
        .find((g) => g.querySelector('title')?.textContent === name);
      return {
        svg: rect(document.documentElement),
        a: rect(node('a').querySelector('ellipse')),
        c: rect(node('c').querySelector('ellipse')),
        cText: rect(node('c').querySelector('text')),
        darkQuery: matchMedia('(prefers-color-scheme: dark)').matches,
      };
    });
    assert.equal(layout.darkQuery, colorScheme === 'dark', 'the emulated colour scheme is in effect');
    const clip = { x: 0, y: 0, width: Math.ceil(layout.svg.width), height: Math.ceil(layout.svg.height) };
    const png = await page.screenshot({ clip });
    writeFileSync(join(OUT, `${name}.png`), png);
    return { img: decodePng(png), layout };
  } finally {
    await page.close();
  }
}

/** The four corners of the drawing, 2 px in: background, away from every node. */
function corners(img) {
  const [w, h] = [img.width, img.height];
  return [[2, 2], [w - 3, 2], [2, h - 3], [w - 3, h - 3]].map(([x, y]) => img.at(x, y));
}

/** A 3×3 patch inside node c's yellow ellipse, left of its label. */
function yellowPatch(img, { c }) {
  const cx = Math.round(c.x + c.width * 0.25);
  const cy = Math.round(c.y + c.height / 2);
  const out = [];
  for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) out.push(img.at(cx + dx, cy + dy));
  return out;
}

const show = (ps) => JSON.stringify(ps);

test('theme=auto under prefers-color-scheme: dark is drawn dark', async () => {
  const { img, layout } = await openSvg('auto', 'dark', 'theme-auto-dark');
  assert.ok(corners(img).every(isDark), `background should be dark: ${show(corners(img))}`);
  // The author's yellow stays yellow.
  assert.ok(yellowPatch(img, layout).every(isYellow), `node c should stay yellow: ${show(yellowPatch(img, layout))}`);
  // Node a's black outline and label became the light foreground.
  const a = pixelsIn(img, layout.a);
  assert.ok(a.filter(isLight).length >= 20, `node a should have a light outline and label (${a.filter(isLight).length} light pixels)`);
  // The label on the yellow fill keeps Graphviz's black, so it stays readable.
  const cText = pixelsIn(img, layout.cText);
  assert.ok(cText.filter(isDark).length >= 3, `label c should stay black on yellow (${cText.filter(isDark).length} dark pixels)`);
});

test('theme=auto under prefers-color-scheme: light is drawn light', async () => {
  const { img, layout } = await openSvg('auto', 'light', 'theme-auto-light');
  assert.ok(corners(img).every(isLight), `background should be light: ${show(corners(img))}`);
  assert.ok(yellowPatch(img, layout).every(isYellow), `node c should stay yellow: ${show(yellowPatch(img, layout))}`);
  const a = pixelsIn(img, layout.a);
  assert.ok(a.filter(isDark).length >= 20, `node a should have a black outline and label (${a.filter(isDark).length} dark pixels)`);
  const cText = pixelsIn(img, layout.cText);
  assert.ok(cText.filter(isDark).length >= 3, `label c should be black (${cText.filter(isDark).length} dark pixels)`);
});

test('theme=dark is dark whatever the reader prefers', async () => {
  const { img, layout } = await openSvg('dark', 'light', 'theme-dark');
  assert.ok(corners(img).every(isDark), `background should be dark: ${show(corners(img))}`);
  assert.ok(yellowPatch(img, layout).every(isYellow), `node c should stay yellow: ${show(yellowPatch(img, layout))}`);
  const a = pixelsIn(img, layout.a);
  assert.ok(a.filter(isLight).length >= 20, `node a should have a light outline and label (${a.filter(isLight).length} light pixels)`);
});

// --- the SVG as an <img>, as Markdown embeds it ----------------------------------------------

test('theme=auto as an <img> follows the embedding page\'s colour scheme', async () => {
  // The page is served (by Playwright, not the Worker) from the Worker's origin: Chromium
  // refuses to load a loopback image into an opaque-origin page such as about:blank.
  const pageUrl = `${worker.base}/__edgeviz-theme-test`;
  for (const colorScheme of ['dark', 'light']) {
    const page = await browser.newPage({ viewport: { width: 640, height: 480 }, deviceScaleFactor: 1 });
    try {
      await page.route(pageUrl, (route) => route.fulfill({
        contentType: 'text/html', body: '<!doctype html><title>theme</title><body style="margin:0">',
      }));
      await page.emulateMedia({ colorScheme });
      await page.goto(pageUrl);
      const { width, height, corners: cs, yellow } = await page.evaluate(async (src) => {
        const img = new Image();
        img.src = src;
        await img.decode();
        const canvas = document.createElement('canvas');
        [canvas.width, canvas.height] = [img.naturalWidth, img.naturalHeight];
        const ctx = canvas.getContext('2d');
        ctx.drawImage(img, 0, 0);
        const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        const at = (x, y) => [...data.subarray((y * canvas.width + x) * 4, (y * canvas.width + x) * 4 + 3)];
        let yellow = 0;
        for (let i = 0; i < data.length; i += 4)
          if (data[i] > 200 && data[i + 1] > 200 && data[i + 2] < 60) yellow++;
        const [w, h] = [canvas.width, canvas.height];
        return { width: w, height: h, yellow, corners: [at(2, 2), at(w - 3, 2), at(2, h - 3), at(w - 3, h - 3)] };
      }, svgUrl('auto'));
      assert.ok(width > 100 && height > 100, `image size ${width}×${height}`);
      const bg = colorScheme === 'dark' ? isDark : isLight;
      assert.ok(cs.every(bg), `${colorScheme}: background should be ${colorScheme}: ${show(cs)}`);
      // Node c's ellipse is about 72×48 px: most of it is yellow fill.
      assert.ok(yellow > 1000, `${colorScheme}: node c should stay yellow (${yellow} yellow pixels)`);
    } finally {
      await page.close();
    }
  }
});
