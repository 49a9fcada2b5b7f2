// End-to-end: the WASI 0.2 component (target/wasi/edgeviz.wasm, scripts/build-wasi.sh).
// 1. As an HTTP server under `wasmtime serve`: the whole HTTP suite the Worker passes.
// 2. As a library: instantiated from a host (Node, through jco's transpilation), its
//    `edgeviz:render/render` interface called with typed arguments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, jpegSize, pdfProblem, startWasi } from './harness.mjs';
import { httpSuite } from './http-suite.mjs';
import { ALWAYS, KINDS } from './kinds.mjs';

httpSuite('wasmtime', startWasi, { cacheApi: false });

const JCO = join(ROOT, 'target', 'wasi', 'jco', 'edgeviz.js');

async function library() {
  if (!existsSync(JCO)) throw new Error(`${JCO} is missing: run scripts/build-wasi.sh`);
  return (await import(pathToFileURL(JCO).href)).render;
}

test('library component: render DOT to SVG, PNG and JPEG, every other kind to SVG and DOT', async () => {
  const { render } = await library();
  const text = (bytes) => new TextDecoder().decode(bytes);

  const svg = text(render('digraph { cargo -> wasm -> host }', 'graphviz', 'svg', []));
  assert.match(svg, /^<\?xml/);
  assert.match(svg, />wasm<\/text>/);
  assert.doesNotMatch(svg, /<script/i);

  // Options as name/value pairs, as in the HTTP API.
  const dark = text(render('digraph { a -> b }', 'graphviz', 'svg', [['theme', 'dark'], ['graph-attribute-rankdir', 'LR']]));
  assert.match(dark, /fill="#0d1117"/);
  assert.notEqual(dark, text(render('digraph { a -> b }', 'graphviz', 'svg', [])));

  const size = (png) => {
    assert.deepEqual([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);
    const view = new DataView(png.buffer, png.byteOffset);
    return [view.getUint32(16), view.getUint32(20)];
  };
  const [w, h] = size(render('digraph { a -> b }', 'graphviz', 'png', []));
  assert.ok(w > 50 && h > 100, `${w}x${h}`);
  const [w2, h2] = size(render('digraph { a -> b }', 'graphviz', 'png', [['scale', '2']]));
  assert.ok(Math.abs(w2 - 2 * w) <= 1 && Math.abs(h2 - 2 * h) <= 1, `${w2}x${h2} at scale 2 of ${w}x${h}`);
  // The same pixels as a JPEG: a whole JFIF stream whose frame header has the PNG's size.
  assert.deepEqual(jpegSize(render('digraph { a -> b }', 'graphviz', 'jpeg', [])), [w, h]);
  // The same drawing as a one-page PDF, nothing active in it.
  const pdf = render('digraph { a -> b }', 'graphviz', 'pdf', []);
  assert.equal(pdfProblem(pdf), null);

  // Every other kind of the list (kinds.mjs): its example as SVG in each of its themes, and
  // as the generated graph where it has one.
  for (const k of KINDS.filter((k) => k.name !== ALWAYS.name)) {
    for (const theme of k.themes) {
      const drawn = text(render(k.example, k.name, 'svg', [['theme', theme]]));
      assert.match(drawn, /<svg[\s>]/, `${k.name} theme=${theme}`);
      assert.doesNotMatch(drawn, /<script/i, k.name);
    }
    if (k.formats.includes('dot')) assert.match(text(render(k.example, k.name, 'dot', [])), /^(di)?graph /, k.name);
  }
});

test('library component: errors are typed, with status, code and position', async () => {
  const { render } = await library();
  const failure = (...args) => {
    try {
      render(...args);
    } catch (e) {
      return e.payload;
    }
    assert.fail('expected an error');
  };
  assert.deepEqual(failure('digraph {\n  a -> -> b\n}', 'graphviz', 'svg', []), {
    status: 400,
    code: 'syntax_error',
    message: "line 2:8: syntax error in line 2 near '->'",
    position: { line: 2, column: 8 },
  });
  assert.equal(failure('digraph { a }', 'graphviz', 'svg', [['scale', '99']]).status, 400);
  for (const k of KINDS.filter((k) => !k.formats.includes('json'))) {
    assert.equal(failure(k.example, k.name, 'json', []).code, 'unsupported_format', k.name);
  }
  const big = failure(`digraph { ${'{'.repeat(200)} }`, 'graphviz', 'svg', []);
  assert.equal(big.status, 413);
  assert.equal(big.position.line, 1);
  // After errors, the same instance still renders.
  assert.match(new TextDecoder().decode(render('digraph { ok }', 'graphviz', 'svg', [])), />ok<\/text>/);
});
