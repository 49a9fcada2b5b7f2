// The Mermaid kind's part of the HTTP suite (http-suite.mjs runs it against every host): a GET
// link, the Mermaid Live Editor's `pako:` link, Kroki's JSON, and a syntax error with its line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';

export function suite(host, { url, assertSecurityHeaders, pngSize, encodeSource }) {
  test(`${host}: Mermaid: GET svg, a pako: link, Kroki JSON png, syntax error with line`, async () => {
    const mmd = 'flowchart LR\n  A[edge] --> B[wasm]\n  B --> C{host}\n';
    const get = await fetch(url(`/mermaid/svg/${encodeSource(mmd)}`));
    assert.equal(get.status, 200, await get.clone().text());
    assert.equal(get.headers.get('content-type'), 'image/svg+xml');
    assert.equal(get.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assertSecurityHeaders(get);
    const svg = await get.text();
    assert.match(svg, />wasm<\/tspan>/);
    assert.doesNotMatch(svg, /foreignObject|<script/i);

    const state = JSON.stringify({ code: mmd, mermaid: '{"theme":"default"}' });
    const pako = deflateSync(Buffer.from(state), { level: 9 }).toString('base64url');
    const viaPako = await fetch(url(`/mermaid/svg/pako:${pako}`));
    assert.equal(viaPako.status, 200);
    assert.equal(await viaPako.text(), svg);

    const png = await fetch(url('/'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ diagram_source: mmd, diagram_type: 'mermaid', output_format: 'png' }),
    });
    assert.equal(png.status, 200);
    const [w, h] = pngSize(Buffer.from(await png.arrayBuffer()));
    assert.ok(w > 200 && h > 50, `${w}x${h}`);

    const bad = await fetch(url('/mermaid/svg'), {
      method: 'POST',
      headers: { Accept: 'application/json' },
      body: 'flowchart LR\n  A --> B\n  B --> --> C\n',
    });
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).error.line, 3);
  });
}
