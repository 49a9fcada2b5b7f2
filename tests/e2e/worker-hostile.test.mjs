// The hostile families at and just over their limits against the real Worker in workerd
// (wrangler dev): V8's native stack there is workerd's, not Node's, so what passes in the
// wasm-side suite (wasm-hostile.test.mjs) is checked again where it will run. Every case
// answers 200 or a 4xx; the isolate keeps serving after the whole run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startWorker } from './harness.mjs';
import { FAMILIES, casesOf, judge } from './hostile.mjs';

let worker;
before(async () => { worker = await startWorker(); });
after(async () => { await worker?.stop(); });

test('every family at and just over its limit: 200 or a 4xx in workerd', async () => {
  const failures = [];
  for (const f of FAMILIES) {
    for (const [label, n, expect] of casesOf(f).filter(([label]) => label !== 'far over')) {
      const res = await fetch(worker.base + f.path, {
        method: 'POST',
        headers: { 'content-type': f.json ? 'application/json' : 'text/plain' },
        body: f.make(n),
      });
      const body = new Uint8Array(await res.arrayBuffer());
      const problem = judge(f, [label, n, expect], res.status, body);
      if (problem) failures.push(`${f.name} ${label} (n=${n}): ${problem}`);
    }
  }
  assert.deepEqual(failures, [], worker.log().slice(-2000));
  const health = await fetch(`${worker.base}/health`);
  assert.equal(health.status, 200);
});
