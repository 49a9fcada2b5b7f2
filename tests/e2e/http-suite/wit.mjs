// The WIT kind's part of the HTTP suite (http-suite.mjs runs it against every host): a GET
// link, the generated graph as `dot`, Kroki's JSON, and a syntax error with line:column.
import { test } from 'node:test';
import assert from 'node:assert/strict';

export function suite(host, { url, assertSecurityHeaders, pngSize, encodeSource }) {
  test(`${host}: WIT: GET svg, POST dot, Kroki JSON png, syntax error with line:column`, async () => {
    const wit = 'package demo:app@1.0.0;\n' +
      'interface api { greet: func(name: string) -> string; }\n' +
      '/// @language rust\n' +
      'world app { import wasi:cli/stdout@0.2.0; export api; }\n';
    const get = await fetch(url(`/wit/svg/${encodeSource(wit)}`));
    assert.equal(get.status, 200, await get.clone().text());
    assert.equal(get.headers.get('content-type'), 'image/svg+xml');
    assert.equal(get.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assertSecurityHeaders(get);
    const svg = await get.text();
    assert.match(svg, />demo:app\/app@1\.0\.0<\/text>/);
    assert.match(svg, /greet\(name: string\) (-|&#45;)&gt; string<\/text>/);
    assert.match(svg, />wasi:cli\/stdout@0\.2\.0<\/text>/);

    const dot = await fetch(url('/wit/dot'), { method: 'POST', body: wit });
    assert.equal(dot.status, 200);
    assert.equal(dot.headers.get('content-type'), 'text/vnd.graphviz; charset=utf-8');
    assert.match(await dot.text(), /^digraph wit \{/);

    const png = await fetch(url('/'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ diagram_source: wit, diagram_type: 'wit', output_format: 'png' }),
    });
    assert.equal(png.status, 200);
    const [w, h] = pngSize(Buffer.from(await png.arrayBuffer()));
    assert.ok(w > 300 && h > 80, `${w}x${h}`);

    const bad = await fetch(url('/wit/svg'), {
      method: 'POST',
      headers: { Accept: 'application/json' },
      body: 'package a:b;\ninterface x {\n  f: func(;\n}\n',
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get('cache-control'), 'no-store');
    const err = (await bad.json()).error;
    assert.deepEqual([err.line, err.column], [3, 11]);
  });
}
