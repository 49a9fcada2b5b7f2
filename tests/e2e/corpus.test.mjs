// Every corpus file that renders natively (tests/corpus/expected.tsv says "ok") renders
// through the Worker in workerd, and its SVG has as many node, edge and cluster groups as
// C Graphviz's `dot -Tsvg` draws (Debian's graphviz 2.42/2.43; the engine ports 16.1).
// Then the whole corpus and every golden case of every kind, SVG and PNG, in sequence in the same isolate:
// no 5xx, and the wasm linear memory's high-water mark after each render (issue 14, point 5).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { startWorker, ROOT } from './harness.mjs';
import { KINDS } from './kinds.mjs';

const CORPUS = join(ROOT, 'tests', 'corpus');
let worker;
let fresh; // the linear memory of the fresh isolate, before any render

before(async () => { worker = await startWorker(); fresh = await linearBytes(); });
after(async () => { await worker?.stop(); });

// Where Graphviz 2.43 and 16.1 legitimately differ, with the reason. Checked by hand.
const KNOWN_DIFFERENCES = {
  // The engine (Graphviz 16.1) reports "Error: in routesplines, Pshortestpath failed" and
  // "lost struct1 struct3 edge": it drops the edge into the nested record port and says so
  // in X-Edgeviz-Diagnostic; Graphviz 2.43 routes it.
  'graphviz/structs.gv': 'engine loses one record-port edge (reported as a diagnostic)',
};

function counts(svg) {
  // A graph may add its own classes (class="node z1"), so match the first class word.
  const c = (cls) => (svg.match(new RegExp(`<g id="[^"]*" class="${cls}[ "]`, 'g')) || []).length;
  return { nodes: c('node'), edges: c('edge'), clusters: c('cluster') };
}

function dotSvg(file) {
  try {
    return execFileSync('dot', ['-Tsvg', file], { timeout: 10_000, maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  } catch (e) {
    return e.stdout && e.stdout.length ? e.stdout.toString() : null; // dot failed or timed out
  }
}

test('corpus through the Worker matches dot -Tsvg group counts', async () => {
  const expected = readFileSync(join(CORPUS, 'expected.tsv'), 'utf8')
    .trim().split('\n').map((l) => l.split('\t'));
  const rows = ['file\tworker\tdot\tverdict'];
  let compared = 0;
  const mismatches = [];
  let linear = fresh;
  const raisers = [];
  for (const [name, outcome] of expected) {
    if (outcome !== 'ok') continue;
    const file = join(CORPUS, name);
    // A fresh connection per file: dot may run for seconds between two requests, longer
    // than the dev server keeps an idle connection open.
    let r;
    try {
      r = await fetch(`${worker.base}/graphviz/svg`, {
        method: 'POST', body: readFileSync(file), headers: { Connection: 'close' },
      });
    } catch (e) {
      throw new Error(`${name}: ${e.cause ?? e}\n${worker.log().slice(-3000)}`);
    }
    const body = await r.text();
    assert.equal(r.status, 200, `${name}: ${body.slice(0, 200)}`);
    const now = await linearBytes();
    if (now > linear) raisers.push(`${name} svg: ${mib(linear)} -> ${mib(now)}`);
    linear = now;
    assert.match(body, /<\/svg>\s*$/, name);
    const ours = counts(body);
    const theirs = dotSvg(file);
    if (theirs === null || !theirs.includes('</svg>')) {
      rows.push(`${name}\t${JSON.stringify(ours)}\t-\tdot failed or timed out`);
      continue;
    }
    const ref = counts(theirs);
    compared++;
    const same = ours.nodes === ref.nodes && ours.edges === ref.edges && ours.clusters === ref.clusters;
    const known = KNOWN_DIFFERENCES[name];
    rows.push(`${name}\t${JSON.stringify(ours)}\t${JSON.stringify(ref)}\t${same ? 'same' : known ? `known: ${known}` : 'DIFFERENT'}`);
    if (!same && !known) mismatches.push(`${name}: edgeviz ${JSON.stringify(ours)} vs dot ${JSON.stringify(ref)}`);
  }
  mkdirSync(join(ROOT, 'tests', 'out'), { recursive: true });
  writeFileSync(join(ROOT, 'tests', 'out', 'corpus-vs-dot.tsv'), rows.join('\n') + '\n');
  console.log([`linear memory ${mib(fresh)} in the fresh isolate, ${mib(linear)} after these SVGs. Raised by:`,
    ...raisers.map((r) => `  ${r}`)].join('\n'));
  assert.ok(compared >= 70, `only ${compared} files compared`);
  assert.deepEqual(mismatches, []);
});

// The linear memory may not pass this in the sequence below. An isolate has 128 MiB for
// everything (V8's heap, the JS glue, the wasm module and its linear memory); measured figures
// and the margin are in src/limits.rs, "Memory".
const MAX_LINEAR_BYTES = 96 << 20;

/**
 * The isolate's linear memory, from /health on a connection of its own (a pooled keep-alive
 * connection left idle through a long render may be closed by the dev server just as it is
 * reused: twice in CI, on a machine slower than this one, the sequence below lost /health
 * with `fetch failed`). Up to five retries a second apart; a dev server that is gone or restarting
 * fails the test with what it printed last, and a restart that answers shows up as memory
 * that shrank (asserted below).
 */
async function linearBytes() {
  for (let attempt = 1; ; attempt++) {
    try {
      // /health answers in milliseconds; a request the dev server leaves unanswered (seen
      // here in the first test, right after a render's response: held 300 s to undici's
      // headers timeout, or two 20 s attempts in a row, the next answered at once; before
      // and after the global tier alike) is given up after 20 s and asked again, up to six
      // times.
      const h = await (await fetch(`${worker.base}/health`, {
        headers: { Connection: 'close' }, signal: AbortSignal.timeout(20_000),
      })).json();
      return h.memory?.wasm_linear_bytes;
    } catch (e) {
      if (attempt < 6) {
        console.log(`/health failed (${e.cause ?? e}); retrying`);
        await new Promise((r) => setTimeout(r, 1000));
        continue;
      }
      throw new Error(`/health: ${e.cause ?? e}\n--- wrangler dev's last output:\n${worker.log().slice(-4000)}`);
    }
  }
}

test('corpus and cases in sequence in one isolate, SVG and PNG: no 5xx, linear memory within its budget', async () => {
  // A case in tests/cases/KIND/ is a file with one of the kind's extensions (its spec's; a
  // .gv there is a reference: the graph a kind becomes).
  const isSource = (kind, file) => kind?.extensions.some((e) => file?.endsWith(`.${e}`));
  const kindOf = new Map();
  const inputs = [
    ...readdirSync(CORPUS, { recursive: true }).filter((f) => f.endsWith('.gv')).sort().map((f) => join(CORPUS, f)),
    ...readdirSync(join(ROOT, 'tests', 'cases'), { recursive: true })
      .filter((f) => { const [name, file] = f.split('/'); return isSource(KINDS.find((k) => k.name === name), file); }).sort()
      .map((f) => { const path = join(ROOT, 'tests', 'cases', f); kindOf.set(path, f.split('/')[0]); return path; }),
  ];
  const start = await linearBytes();
  assert.equal(typeof start, 'number', '/health reports memory.wasm_linear_bytes');
  const rows = ['input\tformat\tstatus\tms\tlinear_bytes_after'];
  const failures = [];
  const raisers = [];
  let last = start;
  const t0 = performance.now();
  try {
    for (const file of inputs) {
      const name = relative(ROOT, file);
      for (const format of ['svg', 'png']) {
        const t = performance.now();
        let status;
        try {
          const r = await fetch(`${worker.base}/${kindOf.get(file) ?? 'graphviz'}/${format}`, {
            method: 'POST', body: readFileSync(file), headers: { Connection: 'close' },
          });
          const body = Buffer.from(await r.arrayBuffer());
          status = r.status;
          if (status >= 500) failures.push(`${name} ${format}: ${status} ${body.toString('utf8', 0, 200)}`);
        } catch (e) {
          status = 'dropped';
          failures.push(`${name} ${format}: dropped (${e.cause ?? e})`);
        }
        const ms = performance.now() - t;
        const now = await linearBytes();
        // Linear memory never shrinks: smaller means another isolate (a reload) answered.
        assert.ok(now >= last, `${name} ${format}: linear memory went from ${last} to ${now} bytes: the Worker was reloaded`);
        if (now > last) raisers.push(`${name} ${format} (${status}, ${(ms / 1000).toFixed(1)} s): ${mib(last)} -> ${mib(now)}`);
        rows.push(`${name}\t${format}\t${status}\t${ms.toFixed(0)}\t${now}`);
        last = now;
      }
    }
  } finally {
    // Written even when the sequence stops part way, with the slowest renders so far.
    mkdirSync(join(ROOT, 'tests', 'out'), { recursive: true });
    writeFileSync(join(ROOT, 'tests', 'out', 'memory.tsv'), rows.join('\n') + '\n');
    const slowest = rows.slice(1).map((r) => r.split('\t')).sort((a, b) => b[3] - a[3]).slice(0, 5);
    console.log(`slowest renders: ${slowest.map(([n, f, st, ms]) => `${n} ${f} ${st} ${ms} ms`).join('; ')}`);
  }
  console.log([
    `${inputs.length} inputs x SVG and PNG in ${((performance.now() - t0) / 1000).toFixed(0)} s; ` +
      `linear memory ${mib(fresh)} in the fresh isolate, ${mib(start)} before this sequence, ${mib(last)} after it ` +
      '(tests/out/memory.tsv). Raised by:',
    ...raisers.map((r) => `  ${r}`),
  ].join('\n'));
  assert.deepEqual(failures, []);
  assert.ok(last <= MAX_LINEAR_BYTES, `linear memory ${mib(last)} is over its budget of ${mib(MAX_LINEAR_BYTES)}`);
});

function mib(bytes) { return `${(bytes / 1048576).toFixed(1)} MiB`; }
