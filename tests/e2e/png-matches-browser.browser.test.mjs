// The PNG is what a browser shows: every golden case's SVG (tests/cases/KIND/NAME.svg) is drawn by
// headless Chromium with the same embedded faces resvg uses, at exactly the size of the golden
// PNG, and the two bitmaps are compared.
//
// Fonts, both sides alike: the page installs the faces in fonts/ with @font-face (data: URLs)
// under every family name the SVGs use, mapped as src/fonts.rs `family_for` maps them (resvg
// draws with the *first* family of a list: Times → Tinos, Helvetica/Arial/"trebuchet ms"/... →
// Arimo, Courier/monospace → Cousine, anything else → Tinos). Generic keywords (serif,
// sans-serif, monospace) cannot be named by @font-face, so Chromium also gets a fontconfig of
// its own (FONTCONFIG_FILE): fonts/ as its only font directory, the generic families aliased
// to the same faces, the CJK fallback face for whatever the Latin faces lack (as resvg falls
// back to it), grey-scale anti-aliasing without hinting (resvg neither hints nor draws
// sub-pixel text).
//
// Size: the PNG is the SVG's own size in CSS px (Graphviz's pt × 4/3) times the PNG scale
// (`scale=`, 0.75 for a graph with its own dpi; see src/lib.rs), rounded up. The browser
// draws the SVG inline at that scale from the top-left corner of a viewport of the PNG's
// pixel size, on white, at device scale 1.
//
// Metric: the share of pixels whose colour differs by more than 64 (of 255) in any channel,
// the golden PNG composited on white. Anti-aliasing (and the two engines' glyph rasterisers)
// differ along every edge, which is what the threshold allows for; a missing or moved shape
// or label exceeds it. The browser screenshot (NAME.browser.png) and a diff image
// (NAME.diff.png: differing pixels red over a faded golden) go to tests/out/png-vs-browser/.
//
// Measured over the 38 goldens (Chromium 156.0.8078.114, Debian bookworm), in %: 31 of them
// below 0.45 (the test prints the whole table); the worst that look right are
// mermaid-timeline 0.758 (the title's font-size="4ex": a browser takes ex from the face's
// x-height, resvg as half an em, so the browser's title is ~4% larger, the only visible
// difference), fonts 0.748, mermaid-class 0.696, wit-proxy 0.667 and wit-types 0.662
// (anti-aliasing and whole-pixel glyph positions alone).
// THRESHOLD is 0.8 %, just above them. On 54f031b (before issue 14's fixes) the test failed
// on mermaid-sequence, 1.410 %: the PNG lacked every actor box (merman writes
// filter="url(#…-drop-shadow)", the sanitiser dropped <filter>, and resvg leaves out an
// element whose filter reference dangles, where a browser ignores it; only the boxes' 1-px
// borders count, their fill is within 64 of white). It now scores 0.239 %.
//
// One known difference has a bound of its own (KNOWN), so that it cannot grow unseen:
// mermaid-theme-dark, 1.087 %: Chromium draws the drop shadows Mermaid's style sheet gives
// "neo"-look shapes (filter: drop-shadow(1px 2px 2px rgba(185,185,185,1))), light grey on the
// dark background; the PNG has none, because resvg's CSS reader cuts the declaration at the
// colour's commas. Writing the colour in hex makes resvg draw them (0.140 %), but resvg's
// cost for them grows steeply with nesting (a flowchart of 10 nested subgraphs: 6.7 s
// natively, 27: 195 s, against 0.09 and 0.46 s without), a denial of service; so they are
// left out. In light themes the missing shadow stays within 64 of white.
//
// The families added with issue 15, measured the same way (all 60 goldens): 54 below 0.8 %;
// three with a bound of their own, where what differs is text placed a pixel apart (the
// glyphs are the same; resvg and Chromium round `dominant-baseline: central` and
// `alignment-baseline` differently), which in these small, text-dense drawings is a larger
// share: mermaid-kanban 1.224 %, mermaid-quadrant 1.261 %, mermaid-requirement 2.281 % (also
// the "neo" boxes' CSS drop shadow above, which Chromium draws and the PNG leaves out).
// The kinds of issue 16 (pikchr, WaveDrom, erd, DBML), measured the same way: 8 of 10 below
// 0.8 % (pikchr-flow 0.338 % once text with no size of its own is drawn at a browser's 16 px;
// at usvg's 12 it was 3.506 %). Two get bounds of their own, looked at side by side: the
// same picture, every glyph a fraction of a pixel apart. wavedrom-register 1.465 %: 888×98
// px, mostly 14 px text at half-pixel positions (bit-field's translate(0.5,0.5)), which the
// two rasterisers round differently; erd-library 0.960 %: the underlined key attributes
// (Chromium draws the underline a pixel lower and thinner than resvg) and the self-loop's
// labels.
// mermaid-info has no size of its own — Mermaid writes its <svg> with width="100%" and no
// viewBox or height (the PNG is resvg's 153×47 of it) — so a browser has no size to draw it
// at: it is not compared.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { ROOT, launchChromium, decodePng } from './harness.mjs';

const CASES = join(ROOT, 'tests', 'cases');
const FONTS = join(ROOT, 'fonts');
const OUT = join(ROOT, 'tests', 'out', 'png-vs-browser');

/** A channel difference above this (of 255) makes a pixel differ. */
const CHANNEL = 64;
/** Largest share of differing pixels that passes (see the measurements above). */
const THRESHOLD = 0.008;
/** Cases with a known, explained difference (see above), and the share each may reach. */
const KNOWN = {
  'mermaid-theme-dark': 0.012,
  'mermaid-kanban': 0.014,
  'mermaid-quadrant': 0.014,
  'mermaid-requirement': 0.025,
  'erd-library': 0.012,
  'wavedrom-register': 0.018,
};
/** Cases a browser has no size to draw at (see above). */
const NO_SIZE = new Set(['mermaid-info']);

// --- fonts, as src/fonts.rs maps them -------------------------------------------------------

const SERIF = 'Tinos', SANS = 'Arimo', MONO = 'Cousine';
const MONO_NAMES = ['cour', 'courier', 'couriernew', 'nimbusmono', 'texgyrecursor', 'freemono',
  'liberationmono', 'cousine', 'cumberland', 'consola', 'consolas', 'iosevka', 'iosevkafixed', 'monospace', 'mono'];
const SANS_NAMES = ['helvetica', 'arial', 'arialmt', 'freesans', 'liberationsans', 'arimo',
  'albany', 'nimbussans', 'nimbussansa', 'texgyreheros', 'nunito', 'dejavusans', 'trebuchetms',
  'trebuchet', 'verdana', 'opensans', 'sansserif', 'sans'];
const GENERIC = new Set(['serif', 'sans-serif', 'monospace', 'cursive', 'fantasy', 'system-ui',
  'inherit', 'initial', 'unset', 'revert']);

/** src/fonts.rs `family_for`: the embedded family that draws text of `name`. */
function familyFor(name) {
  const key = name.replace(/[^A-Za-z]/g, '').toLowerCase();
  return MONO_NAMES.includes(key) ? MONO : SANS_NAMES.includes(key) ? SANS : SERIF;
}

/** Every family name (not generic keywords) in the font-family attributes and declarations of `svg`. */
function familyNames(svg) {
  const names = new Set();
  const lists = [...svg.matchAll(/font-family\s*=\s*"([^"]*)"/g), ...svg.matchAll(/font-family\s*=\s*'([^']*)'/g),
    ...svg.matchAll(/font-family\s*:\s*([^;}"<]*(?:"[^"]*"[^;}"<]*)*)/g)].map((m) => m[1]);
  for (const list of lists) {
    for (let name of list.replace(/&quot;/g, '"').split(',')) {
      name = name.trim().replace(/^["']|["']$/g, '').trim();
      if (name && !GENERIC.has(name.toLowerCase()) && !name.startsWith('var(')) names.add(name);
    }
  }
  return names;
}

const STYLES = [['Regular', 400, 'normal'], ['Bold', 700, 'normal'], ['Italic', 400, 'italic'], ['BoldItalic', 700, 'italic']];

/** @font-face rules that draw every family in `names` (and the embedded ones) with its face. */
function fontFaceCss(names) {
  const url = {};
  for (const family of [SERIF, SANS, MONO]) {
    for (const [style] of STYLES) {
      url[`${family}-${style}`] = `data:font/ttf;base64,${readFileSync(join(FONTS, `${family}-${style}.ttf`)).toString('base64')}`;
    }
  }
  const rules = [];
  for (const name of new Set([SERIF, SANS, MONO, ...names])) {
    const family = familyFor(name);
    for (const [style, weight, italic] of STYLES) {
      rules.push(`@font-face { font-family: ${JSON.stringify(name)}; src: url(${url[`${family}-${style}`]}); font-weight: ${weight}; font-style: ${italic}; }`);
    }
  }
  return rules.join('\n');
}

/** A fontconfig for Chromium alone: fonts/ only, generic families mapped as resvg maps them. */
function fontconfig(dir) {
  const alias = (generic, family) => `<alias binding="same"><family>${generic}</family><prefer><family>${family}</family></prefer></alias>`;
  const xml = `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>${FONTS}</dir>
  <cachedir>${join(dir, 'cache')}</cachedir>
  ${alias('serif', SERIF)}
  ${alias('sans-serif', SANS)}
  ${alias('monospace', MONO)}
  ${alias('cursive', SERIF)}
  ${alias('fantasy', SERIF)}
  ${alias('Times New Roman', SERIF)}
  ${alias('Arial', SANS)}
  ${alias('Courier New', MONO)}
  <match target="font">
    <edit name="antialias" mode="assign"><bool>true</bool></edit>
    <edit name="hinting" mode="assign"><bool>false</bool></edit>
    <edit name="hintstyle" mode="assign"><const>hintnone</const></edit>
    <edit name="rgba" mode="assign"><const>none</const></edit>
    <edit name="embeddedbitmap" mode="assign"><bool>false</bool></edit>
  </match>
</fontconfig>
`;
  const file = join(dir, 'fonts.conf');
  writeFileSync(file, xml);
  return file;
}

// --- PNG out --------------------------------------------------------------------------------

const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
/** An RGB PNG of `rgb` (width × height × 3 bytes). */
function encodePng(width, height, rgb) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // depth
  ihdr[9] = 2; // RGB
  const raw = Buffer.alloc(height * (width * 3 + 1));
  for (let y = 0; y < height; y++) rgb.copy(raw, y * (width * 3 + 1) + 1, y * width * 3, (y + 1) * width * 3);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

// --- comparison -----------------------------------------------------------------------------

/** The golden PNG composited on white, as width × height × 3 bytes. */
function onWhite(img) {
  const rgb = Buffer.alloc(img.width * img.height * 3);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const a = img.alpha(x, y);
      const c = img.at(x, y);
      for (let i = 0; i < 3; i++) rgb[(y * img.width + x) * 3 + i] = Math.round((c[i] * a + 255 * (255 - a)) / 255);
    }
  }
  return rgb;
}

/** Share of differing pixels between two same-size RGB buffers, and the diff image. */
function compare(width, height, golden, shot) {
  const diff = Buffer.alloc(width * height * 3);
  let differing = 0;
  for (let p = 0; p < width * height; p++) {
    const o = p * 3;
    let max = 0;
    for (let i = 0; i < 3; i++) max = Math.max(max, Math.abs(golden[o + i] - shot[o + i]));
    if (max > CHANNEL) {
      differing++;
      diff[o] = 255; diff[o + 1] = 0; diff[o + 2] = 0;
    } else {
      for (let i = 0; i < 3; i++) diff[o + i] = 255 - Math.round((255 - golden[o + i]) / 4);
    }
  }
  return { share: differing / (width * height), diff };
}

/**
 * The scale resvg drew at: the one of the PNG scales in use (src/pipeline.rs and `Drawing::raster_scale`: `scale=` times 1, or
 * times 0.75 for a graph with its own dpi) whose rounded-up size is the PNG's; otherwise the
 * PNG's width over the SVG's (a drawing scaled down to fit the pixel limits).
 */
function pngScale(svgWidth, svgHeight, width, height) {
  for (const scale of [1, 2, 0.75, 1.5, 0.5, 3, 4]) {
    if (Math.ceil(svgWidth * scale) === width && Math.ceil(svgHeight * scale) === height) return scale;
  }
  return width / svgWidth;
}

// --- the test -------------------------------------------------------------------------------

// KIND/NAME of every case (tests/cases/KIND/NAME.svg); outputs and KNOWN use KIND-NAME.
const names = readdirSync(CASES, { recursive: true })
  .filter((f) => f.endsWith('.svg') && existsSync(join(CASES, f.replace(/\.svg$/, '.png'))))
  .map((f) => f.replace(/\.svg$/, ''))
  .sort();
const flat = (name) => name.replace('/', '-');

let browser;
let page;
let fontDir;
const results = [];

before(async () => {
  mkdirSync(OUT, { recursive: true });
  fontDir = mkdtempSync(join(tmpdir(), 'edgeviz-fontconfig-'));
  const saved = process.env.FONTCONFIG_FILE;
  process.env.FONTCONFIG_FILE = fontconfig(fontDir);
  try {
    browser = await launchChromium();
  } finally {
    if (saved === undefined) delete process.env.FONTCONFIG_FILE; else process.env.FONTCONFIG_FILE = saved;
  }
  const families = new Set();
  for (const name of names) for (const f of familyNames(readFileSync(join(CASES, `${name}.svg`), 'utf8'))) families.add(f);
  page = await browser.newPage({ viewport: { width: 100, height: 100 }, deviceScaleFactor: 1, colorScheme: 'light' });
  await page.setContent(`<!doctype html><html><head><style>
${fontFaceCss(families)}
html, body { margin: 0; padding: 0; background: #fff; overflow: hidden; }
#drawing > svg { display: block; position: absolute; left: 0; top: 0; max-width: none; }
</style></head><body><div id="drawing"></div></body></html>`);
  // Load every face now, so that no drawing is screenshotted before its font has arrived.
  await page.evaluate(async (families) => {
    for (const f of families) {
      for (const style of ['normal', 'italic']) {
        for (const weight of ['400', '700']) await document.fonts.load(`${style} ${weight} 16px ${JSON.stringify(f)}`);
      }
    }
  }, [SERIF, SANS, MONO, ...families]);
});

after(async () => {
  try { await browser?.close(); } finally { if (fontDir) rmSync(fontDir, { recursive: true, force: true }); }
  if (results.length) {
    results.sort((a, b) => b.share - a.share);
    console.log(`share of pixels differing by more than ${CHANNEL} (threshold ${THRESHOLD}):`);
    for (const { name, share } of results) console.log(`  ${(share * 100).toFixed(3).padStart(7)} %  ${name}`);
  }
});

/** Draws `svg` in the page at the PNG's size and scale; resolves to the screenshot's RGB bytes. */
async function drawInBrowser(svg, width, height) {
  await page.setViewportSize({ width, height });
  const natural = await page.evaluate((svg) => {
    const holder = document.getElementById('drawing');
    holder.innerHTML = svg;
    const el = holder.querySelector('svg');
    const box = el.getBoundingClientRect();
    return { width: box.width, height: box.height };
  }, svg);
  // The SVG's own size in CSS px, as usvg reads it (width/height; the viewBox when missing).
  const own = await page.evaluate(() => {
    const el = document.querySelector('#drawing > svg');
    const len = (a) => (el.hasAttribute(a) && !/%$/.test(el.getAttribute(a)) ? el[a].baseVal.value : null);
    const vb = el.viewBox.baseVal;
    return { width: len('width') ?? vb?.width ?? 0, height: len('height') ?? vb?.height ?? 0 };
  });
  assert.ok(own.width > 0 && own.height > 0, `SVG size ${JSON.stringify(own)} (laid out at ${JSON.stringify(natural)})`);
  const scale = pngScale(own.width, own.height, width, height);
  await page.evaluate(([w, h]) => {
    const el = document.querySelector('#drawing > svg');
    el.style.width = `${w}px`;
    el.style.height = `${h}px`;
  }, [own.width * scale, own.height * scale]);
  await page.evaluate(() => document.fonts.ready);
  const shot = decodePng(await page.screenshot({ type: 'png', clip: { x: 0, y: 0, width, height } }));
  assert.deepEqual([shot.width, shot.height], [width, height], 'screenshot size');
  const rgb = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const c = shot.at(x, y);
      rgb[(y * width + x) * 3] = c[0]; rgb[(y * width + x) * 3 + 1] = c[1]; rgb[(y * width + x) * 3 + 2] = c[2];
    }
  }
  return { rgb, scale };
}

for (const name of names) {
  const skip = NO_SIZE.has(flat(name)) && 'the SVG has no size of its own (width="100%", no viewBox)';
  test(`${name}: the PNG is what Chromium draws of the SVG`, { skip }, async () => {
    const svg = readFileSync(join(CASES, `${name}.svg`), 'utf8');
    const golden = decodePng(readFileSync(join(CASES, `${name}.png`)));
    const { width, height } = golden;
    const goldenRgb = onWhite(golden);
    const { rgb, scale } = await drawInBrowser(svg, width, height);
    const { share, diff } = compare(width, height, goldenRgb, rgb);
    results.push({ name, share });
    writeFileSync(join(OUT, `${flat(name)}.browser.png`), encodePng(width, height, rgb));
    writeFileSync(join(OUT, `${flat(name)}.diff.png`), encodePng(width, height, diff));
    const limit = KNOWN[flat(name)] ?? THRESHOLD;
    assert.ok(share < limit,
      `${name}: ${(share * 100).toFixed(2)} % of pixels differ by more than ${CHANNEL} from Chromium's drawing ` +
      `(threshold ${(limit * 100).toFixed(2)} %; ${width}×${height} at scale ${scale}); ` +
      `see tests/out/png-vs-browser/${name}.browser.png and .diff.png`);
  });
}
