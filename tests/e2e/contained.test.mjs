// Containment in workerd: a render that traps fails only its own request. The Worker is
// started with EDGEVIZ_TEST_TRAP set, which makes a source holding `EDGEVIZ-TEST-TRAP:KIND`
// trap the contained renderer (src/contained.rs: `unreachable`, a stack `overflow`, a
// `panic`); the production wrangler.toml has no such variable. Rounds of N good renders of
// several kinds and formats run concurrently with one trapping request: every good render is
// 200, the trapping one a 422 that says it was contained, and afterwards a cache hit, a fresh
// render and /health are answered as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startWorker } from './harness.mjs';
import { KINDS } from './kinds.mjs';

const N = 6;
// The good renders: every kind in turn (the kinds list: kinds.mjs), its example in SVG, PNG or
// PDF, each fresh (a scale a ten-thousandth apart: the scale is part of every cache key).
const good = (round, i) => {
  const kind = KINDS[(round * N + i) % KINDS.length];
  const format = ['png', 'pdf', 'svg'][(round + i) % 3];
  return [`/${kind.name}/${format}?scale=${(1 + (round * N + i + 1) / 10_000).toFixed(4)}`, kind.example];
};

async function post(base, path, body) {
  const res = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'text/plain' }, body });
  return { status: res.status, cache: res.headers.get('x-edgeviz-cache'), text: Buffer.from(await res.arrayBuffer()) };
}

test('a trapping render fails alone: the renders in flight beside it, cache hits and later renders are answered', async () => {
  const worker = await startWorker({ vars: { EDGEVIZ_TEST_TRAP: '1' } });
  try {
    const hit = `/graphviz/svg`;
    const hitSource = 'digraph { cached -> hit }';
    assert.equal((await post(worker.base, hit, hitSource)).status, 200);
    const failures = [];
    let round = 0;
    for (const trap of ['unreachable', 'overflow', 'panic']) {
      for (let repeat = 0; repeat < 2; repeat++, round++) {
        const goods = Array.from({ length: N }, (_, i) => post(worker.base, ...good(round, i)));
        const trapping = post(worker.base, '/graphviz/svg', `digraph { a [label="EDGEVIZ-TEST-TRAP:${trap}"] }`);
        const [t, ...answers] = await Promise.all([trapping, ...goods]);
        if (t.status !== 422 || !/exhausted the renderer/.test(t.text.toString())) {
          failures.push(`${trap}: the trapping request answered ${t.status}: ${t.text.toString().slice(0, 200)}`);
        }
        answers.forEach((a, i) => {
          if (a.status !== 200) failures.push(`${trap} round ${round}: ${good(round, i)[0]} answered ${a.status}: ${a.text.toString().slice(0, 200)}`);
        });
        const after = await post(worker.base, hit, hitSource);
        if (after.status !== 200 || after.cache !== 'HIT') failures.push(`${trap}: the cached diagram after it: ${after.status} ${after.cache}`);
        const fresh = await post(worker.base, '/graphviz/png', `digraph { after${round} -> it }`);
        if (fresh.status !== 200) failures.push(`${trap}: a fresh render after it: ${fresh.status}`);
      }
    }
    assert.deepEqual(failures, [], worker.log().slice(-3000));
    const health = await fetch(`${worker.base}/health`);
    assert.equal(health.status, 200);
  } finally {
    await worker.stop();
  }
});
