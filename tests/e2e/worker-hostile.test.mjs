// The hostile families at and just over their limits against the real hosts: the Worker in
// workerd (wrangler dev) and the WASI component under `wasmtime serve`. The wasm frames live
// on the host's native stack — workerd's V8, Wasmtime's own (512 KiB by default) — not
// Node's, so what passes in the wasm-side suite (wasm-hostile.test.mjs) is checked again
// where it will run. Every case answers 200 or a 4xx; each host keeps serving after the run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startWorker, startWasi } from './harness.mjs';
import { CASES, judge } from './hostile.mjs';

// The linear memory a render may leave its renderer with, at any limit (the isolate has 128 MB;
// the Worker's own instance and V8 need the rest). src/limits.rs, "Memory".
const MAX_RENDERER_MIB = 96;

// In workerd every render draws in a fresh contained renderer (EDGEVIZ_FRESH_RENDERER), which
// reports the linear memory it ended with: each case at its limit is also a memory check.
const startFresh = () => startWorker({ vars: { EDGEVIZ_FRESH_RENDERER: '1' } });

for (const [host, start] of [['workerd', startFresh], ['wasmtime', startWasi]]) {
  test(`every family at and just over its limit: 200 or a 4xx in ${host}`, async () => {
    const server = await start();
    try {
      const failures = [];
      const memory = [];
      for (const c of CASES.filter((c) => c.label !== 'far over')) {
        const res = await fetch(server.base + c.path, {
          method: 'POST',
          headers: { 'content-type': c.json ? 'application/json' : 'text/plain' },
          body: c.source,
        });
        const body = new Uint8Array(await res.arrayBuffer());
        const problem = judge(c, res.status, body);
        if (problem) failures.push(`${c.family} ${c.label} (n=${c.n}): ${problem}`);
        const mib = Number(res.headers.get('x-edgeviz-renderer-memory') ?? 0) / 2 ** 20;
        if (c.ok) memory.push(`${c.family} (n=${c.n}) ${c.path}: ${mib.toFixed(1)} MiB`);
        if (mib > MAX_RENDERER_MIB) failures.push(`${c.family} (n=${c.n}): the renderer grew to ${mib.toFixed(1)} MiB`);
      }
      if (host === 'workerd') console.log(`linear memory of a fresh renderer after each case at its limit:\n${memory.join('\n')}`);
      assert.deepEqual(failures, [], server.log().slice(-2000));
      assert.equal((await fetch(`${server.base}/health`)).status, 200);
    } finally {
      await server.stop();
    }
  });
}
