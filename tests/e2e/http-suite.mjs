// The end-to-end HTTP suite, run against every host that serves edgeviz: the Worker in
// workerd through `wrangler dev` (worker.test.mjs) and the WASI 0.2 component under
// `wasmtime serve` (wasi.test.mjs). The same requests must get the same answers; only the
// Worker has a Cache API (`X-Edgeviz-Cache: MISS/HIT`), the WASI host leaves caching to a
// CDN in front and still answers `If-None-Match` with 304.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, decodePng, jpegSize, pdfProblem } from './harness.mjs';
import { ALWAYS, KINDS } from './kinds.mjs';

// The kinds' own parts of the suite: http-suite/KIND.mjs, each exporting `suite(host, helpers)`.
const SUITES = join(ROOT, 'tests', 'e2e', 'http-suite');
const KIND_SUITES = await Promise.all(readdirSync(SUITES).filter((f) => f.endsWith('.mjs')).sort()
  .map(async (f) => [f.slice(0, -'.mjs'.length), (await import(join(SUITES, f))).suite]));

const VECTOR = 'eNpLyUwvSizIUHBXqPZIzcnJ17ULzy_KSanlAgB1EAjQ';
const IMAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'";

function encodeSource(src) {
  return deflateSync(Buffer.from(src, 'utf8'), { level: 9 }).toString('base64url');
}

/** Defines the suite against the server `start()` resolves to ({ base, stop }). */
export function httpSuite(host, start, { cacheApi }) {
  let worker;

  before(async () => { worker = await start(); });
  after(async () => { await worker?.stop(); });

  const url = (path) => `${worker.base}${path}`;

  function assertSecurityHeaders(r) {
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(r.headers.get('access-control-allow-origin'), '*');
  }

  function pngSize(buf) {
    assert.deepEqual([...buf.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], 'PNG signature');
    return [buf.readUInt32BE(16), buf.readUInt32BE(20)];
  }

  test(`${host}: GET svg of the Kroki vector`, async () => {
    const r = await fetch(url(`/graphviz/svg/${VECTOR}`));
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'image/svg+xml');
    assert.equal(r.headers.get('content-security-policy'), IMAGE_CSP);
    assert.equal(r.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assertSecurityHeaders(r);
    const svg = await r.text();
    assert.match(svg, /<svg[^>]+width="79pt"/);
    assert.match(svg, />Hello<\/text>/);
    assert.match(svg, />World<\/text>/);
  });

  test(`${host}: GET png of the Kroki vector`, async () => {
    const r = await fetch(url(`/graphviz/png/${VECTOR}`));
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'image/png');
    assertSecurityHeaders(r);
    const buf = Buffer.from(await r.arrayBuffer());
    assert.deepEqual(pngSize(buf), [106, 155]);
    assert.ok(buf.length > 1000, `PNG of ${buf.length} bytes is too small to hold the drawing`);
  });

  test(`${host}: ${cacheApi ? 'MISS then HIT on the same URL' : 'no cache of its own, same ETag twice'}; 304 with If-None-Match`, async () => {
    const path = `/graphviz/svg/${encodeSource('digraph { miss -> hit }')}`;
    const first = await fetch(url(path));
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('x-edgeviz-cache'), cacheApi ? 'MISS' : null);
    const body1 = await first.text();
    let second;
    // The cache write happens after the response (waitUntil): allow it a moment.
    for (let i = 0; i < 20; i++) {
      second = await fetch(url(path));
      if (!cacheApi || second.headers.get('x-edgeviz-cache') === 'HIT') break;
      await second.arrayBuffer();
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(second.headers.get('x-edgeviz-cache'), cacheApi ? 'HIT' : null);
    assert.equal(await second.text(), body1);
    const etag = first.headers.get('etag');
    assert.match(etag, /^"[0-9a-f]{64}"$/);
    assert.equal(second.headers.get('etag'), etag);
    const nm = await fetch(url(path), { headers: { 'If-None-Match': etag } });
    assert.equal(nm.status, 304);
    assert.equal(nm.headers.get('etag'), etag);
    assert.equal((await nm.arrayBuffer()).byteLength, 0);
  });

  test(`${host}: POST text body, cached under the same key as GET`, async () => {
    const r = await fetch(url('/graphviz/svg'), { method: 'POST', body: 'digraph G {Hello->World}\n' });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'image/svg+xml');
    const get = await fetch(url(`/graphviz/svg/${VECTOR}`));
    assert.equal(r.headers.get('etag'), get.headers.get('etag'));
    assert.equal(await r.text(), await get.text());
  });

  test(`${host}: POST Kroki JSON to /`, async () => {
    const r = await fetch(url('/'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ diagram_source: 'digraph { json -> png }', diagram_type: 'graphviz', output_format: 'png' }),
    });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'image/png');
    const [w, h] = pngSize(Buffer.from(await r.arrayBuffer()));
    assert.ok(w > 50 && h > 100, `${w}x${h}`);
  });

  test(`${host}: POST /graphviz picks the format from Accept`, async () => {
    const r = await fetch(url('/graphviz'), { method: 'POST', headers: { Accept: 'image/png' }, body: 'digraph { a }' });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'image/png');
  });

  test(`${host}: errors: syntax error with line:column, plain and JSON, never cached`, async () => {
    const src = 'digraph {\n  a -> -> b\n}';
    const plain = await fetch(url('/graphviz/svg'), { method: 'POST', body: src });
    assert.equal(plain.status, 400);
    assert.equal(plain.headers.get('cache-control'), 'no-store');
    assert.match(plain.headers.get('content-type'), /^text\/plain/);
    assert.match(await plain.text(), /line 2:8/);
    const json = await fetch(url('/graphviz/svg'), { method: 'POST', body: src, headers: { Accept: 'application/json' } });
    assert.equal(json.status, 400);
    assert.equal(json.headers.get('cache-control'), 'no-store');
    const body = await json.json();
    assert.equal(body.error.code, 400);
    assert.equal(body.error.line, 2);
    assert.equal(body.error.column, 8);
  });

  test(`${host}: errors: unknown type 404, bad format 400, wrong method 405, bad encoding 400, long URL 414`, async () => {
    const cases = [
      [`/nope/svg/${VECTOR}`, {}, 404],
      [`/graphviz/gif/${VECTOR}`, {}, 400],
      [`/graphviz/svg/${VECTOR}`, { method: 'PUT' }, 405],
      ['/graphviz/svg/abc+def', {}, 400],
      [`/graphviz/svg/${'A'.repeat(17000)}`, {}, 414],
    ];
    for (const [path, init, status] of cases) {
      const r = await fetch(url(path), init);
      assert.equal(r.status, status, `${init.method ?? 'GET'} ${path.slice(0, 40)}`);
      assert.equal(r.headers.get('cache-control'), 'no-store', path.slice(0, 40));
      assertSecurityHeaders(r);
      if (status === 405) assert.equal(r.headers.get('allow'), 'GET, HEAD, OPTIONS');
      await r.arrayBuffer();
    }
  });

  test(`${host}: oversized body is 413`, async () => {
    const r = await fetch(url('/graphviz/svg'), { method: 'POST', body: ' '.repeat(1024 * 1024 + 1) });
    assert.equal(r.status, 413);
    assert.equal(r.headers.get('cache-control'), 'no-store');
  });

  test(`${host}: health and index page`, async () => {
    const h = await fetch(url('/health'));
    assert.equal(h.headers.get('content-type'), 'application/health+json');
    assert.equal((await h.json()).status, 'pass');
    const p = await fetch(url('/'));
    assert.match(p.headers.get('content-type'), /^text\/html/);
    assert.match(await p.text(), new RegExp(`/graphviz/svg/${VECTOR}`));
  });

  test(`${host}: a good request after bad ones still works`, async () => {
    for (const body of ['digraph {', '\u0000\u0001', `digraph { ${'{'.repeat(500)} }`]) {
      const r = await fetch(url('/graphviz/svg'), { method: 'POST', body });
      assert.ok(r.status >= 400 && r.status < 500, `status ${r.status} for ${JSON.stringify(body.slice(0, 20))}`);
      await r.arrayBuffer();
    }
    const ok = await fetch(url('/graphviz/svg'), { method: 'POST', body: 'digraph { still -> alive }' });
    assert.equal(ok.status, 200);
  });


  test(`${host}: text formats with their content types`, async () => {
    const src = encodeSource('digraph { a -> b }');
    const cases = [
      ['json', 'application/json', (t) => JSON.parse(t).objects.length === 2],
      ['json0', 'application/json', (t) => JSON.parse(t).edges.length === 1],
      ['dot', 'text/vnd.graphviz; charset=utf-8', (t) => /pos="/.test(t)],
      ['gv', 'text/vnd.graphviz; charset=utf-8', (t) => /pos="/.test(t)],
      ['xdot', 'text/vnd.graphviz; charset=utf-8', (t) => /_draw_=/.test(t)],
      ['canon', 'text/vnd.graphviz; charset=utf-8', (t) => /a -> b/.test(t) && !/pos=/.test(t)],
      ['plain', 'text/plain; charset=utf-8', (t) => /^graph /.test(t) && /\nedge a b /.test(t)],
      ['plain-ext', 'text/plain; charset=utf-8', (t) => /^graph /.test(t)],
    ];
    for (const [format, type, check] of cases) {
      const r = await fetch(url(`/graphviz/${format}/${src}`));
      assert.equal(r.status, 200, format);
      assert.equal(r.headers.get('content-type'), type, format);
      assert.ok(check(await r.text()), `${format} body`);
    }
    // JPEG, encoded in the wasm: a whole JFIF stream, as big as the PNG.
    const jpeg = await fetch(url(`/graphviz/jpeg/${src}`));
    assert.equal(jpeg.status, 200);
    assert.equal(jpeg.headers.get('content-type'), 'image/jpeg');
    const png = decodePng(Buffer.from(await (await fetch(url(`/graphviz/png/${src}`))).arrayBuffer()));
    assert.deepEqual(jpegSize(new Uint8Array(await jpeg.arrayBuffer())), [png.width, png.height]);
    // PDF, written in the wasm: one page, text as text, nothing active.
    const pdf = await fetch(url(`/graphviz/pdf/${src}`));
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    assert.equal(pdfProblem(Buffer.from(await pdf.arrayBuffer())), null);
    const bad = await fetch(url(`/graphviz/webp/${src}`));
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /svg, png, jpeg, pdf, json, json0, dot, xdot, canon, plain, plain-ext/);
  });

  test(`${host}: theme, background and Kroki options through the Worker`, async () => {
    const src = encodeSource('digraph { a -> b; c [style=filled fillcolor=yellow] }');
    const dark = await (await fetch(url(`/graphviz/svg/${src}?theme=dark`))).text();
    assert.match(dark, /fill="#0d1117"/);
    assert.match(dark, /fill="yellow"/);
    const auto = await (await fetch(url(`/graphviz/svg/${src}?theme=auto`))).text();
    assert.match(auto, /@media \(prefers-color-scheme: dark\)/);
    const bg = await (await fetch(url(`/graphviz/svg/${src}?background=%23fdf6e3`))).text();
    assert.match(bg, /<polygon fill="#fdf6e3"/);
    const lr = await fetch(url(`/graphviz/svg/${src}`), { headers: { 'Kroki-Diagram-Options-graph-attribute-rankdir': 'LR' } });
    const tb = await fetch(url(`/graphviz/svg/${src}`));
    assert.notEqual(lr.headers.get('etag'), tb.headers.get('etag'));
    const bad = await fetch(url(`/graphviz/svg/${src}?theme=neon`));
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get('cache-control'), 'no-store');
  });

  test(`${host}: warnings come back in a header`, async () => {
    const r = await fetch(url('/graphviz/svg'), { method: 'POST', body: 'digraph { a [label=<<b>x</i>>] }' });
    assert.equal(r.status, 200);
    assert.ok(Number(r.headers.get('x-edgeviz-diagnostics')) >= 1);
    assert.match(r.headers.get('x-edgeviz-diagnostic'), /mismatched tag/);
  });

  test(`${host}: file attributes are ignored with a diagnostic, nothing read`, async () => {
    for (const format of ['svg', 'png']) {
      const r = await fetch(url(`/graphviz/${format}`), {
        method: 'POST',
        body: 'digraph { a [image="/etc/passwd"]; b [shapefile="x.png"]; a -> b }',
      });
      assert.equal(r.status, 200, format);
      assert.match(r.headers.get('x-edgeviz-diagnostic') ?? '', /image="\/etc\/passwd" ignored/, format);
      if (format === 'svg') {
        const svg = await r.text();
        assert.match(svg, /<title>a<\/title>/);
        assert.doesNotMatch(svg, /passwd|x\.png|<image/);
      }
    }
  });

  // Each kind's own requests (http-suite/KIND.mjs: its link forms, its errors, its formats),
  // for the kinds this build has.
  for (const [name, suite] of KIND_SUITES) {
    if (KINDS.some((k) => k.name === name)) suite(host, { url, assertSecurityHeaders, pngSize, encodeSource });
  }

  // Every golden case of every kind but the always-built one (whose routes the rest of this
  // suite goes through), from the kinds list, through each route form and each picture
  // format: GET svg, POST png, Kroki JSON jpeg; then GET png, POST jpeg, JSON pdf; and so on
  // over four turns, so that each form meets each format.
  for (const { name: kind, extensions } of KINDS.filter((k) => k.name !== ALWAYS.name)) {
    const dir = join(ROOT, 'tests', 'cases', kind);
    const cases = existsSync(dir) ? readdirSync(dir).filter((f) => extensions.some((e) => f.endsWith(`.${e}`))).sort() : [];
    test(`${host}: every ${kind} case through GET, POST and Kroki JSON as SVG, PNG, JPEG and PDF`, async () => {
      assert.ok(cases.length > 0, `no ${kind} cases`);
      const formats = ['svg', 'png', 'jpeg', 'pdf'];
      const failures = [];
      for (const file of cases) {
        const source = readFileSync(join(dir, file), 'utf8');
        for (let turn = 0; turn < formats.length; turn++) {
          const [get, post, json] = [0, 1, 2].map((i) => formats[(i + turn) % formats.length]);
          const answers = await Promise.all([
            fetch(url(`/${kind}/${get}/${encodeSource(source)}`)),
            fetch(url(`/${kind}/${post}`), { method: 'POST', body: source }),
            fetch(url('/'), {
              method: 'POST',
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ diagram_source: source, diagram_type: kind, output_format: json }),
            }),
          ]);
          for (const [form, format, r] of [['GET', get, answers[0]], ['POST', post, answers[1]], ['JSON', json, answers[2]]]) {
            const body = Buffer.from(await r.arrayBuffer());
            const what = `${file} ${form} ${format}`;
            if (r.status !== 200) { failures.push(`${what}: ${r.status} ${body.toString().slice(0, 200)}`); continue; }
            const type = { svg: 'image/svg+xml', png: 'image/png', jpeg: 'image/jpeg', pdf: 'application/pdf' }[format];
            if (r.headers.get('content-type') !== type) failures.push(`${what}: ${r.headers.get('content-type')}`);
            if (format === 'svg') {
              const svg = body.toString();
              if (!/<svg[\s>]/.test(svg) || /<foreignObject|<script|javascript:/i.test(svg)) failures.push(`${what}: not an inert SVG`);
            } else if (format === 'png') {
              const [w, h] = pngSize(body);
              if (w < 20 || h < 20) failures.push(`${what}: ${w}x${h}`);
            } else if (format === 'pdf') {
              const problem = pdfProblem(body);
              if (problem) failures.push(`${what}: ${problem}`);
            } else {
              const [w, h] = jpegSize(body);
              if (w < 20 || h < 20) failures.push(`${what}: ${w}x${h}`);
            }
          }
        }
      }
      assert.deepEqual(failures, []);
    });
  }
}
