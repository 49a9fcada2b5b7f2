// Every corpus file that renders natively (tests/corpus/expected.tsv says "ok") renders
// through the Worker in workerd, and its SVG has as many node, edge and cluster groups as
// C Graphviz's `dot -Tsvg` draws (Debian's graphviz 2.42/2.43; the engine ports 16.1).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startWorker, ROOT } from './harness.mjs';

const CORPUS = join(ROOT, 'tests', 'corpus');
let worker;

before(async () => { worker = await startWorker(); });
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
  assert.ok(compared >= 70, `only ${compared} files compared`);
  assert.deepEqual(mismatches, []);
});
