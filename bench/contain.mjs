// What containment costs in workerd (src/contained.rs): every drawing runs in a second wasm
// instance of the Worker's own module. Renders K distinct small diagrams (no cache hits) with
// the renderer kept (as deployed) and with a fresh renderer for every call
// (EDGEVIZ_FRESH_RENDERER): the difference is what instantiating a renderer costs. The fresh
// run also reports the linear memory a renderer ends a tiny render with (near its start).
//   node bench/contain.mjs            # needs build/ (scripts/build-worker.sh)
import { startWorker } from '../tests/e2e/harness.mjs';

const K = Number(process.env.K ?? 40);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function run(vars, tag) {
  const worker = await startWorker({ vars });
  try {
    const times = [];
    let memory = 0;
    let first = 0;
    for (let i = 0; i < K; i++) {
      const t = performance.now();
      const res = await fetch(`${worker.base}/graphviz/svg`, { method: 'POST', body: `digraph { ${tag}${i} -> b -> c }` });
      await res.arrayBuffer();
      const ms = performance.now() - t;
      if (i === 0) first = ms; else times.push(ms);
      memory = Math.max(memory, Number(res.headers.get('x-edgeviz-renderer-memory') ?? 0));
    }
    return { first, median: median(times), memory };
  } finally {
    await worker.stop();
  }
}

const kept = await run({}, 'k');
const fresh = await run({ EDGEVIZ_FRESH_RENDERER: '1' }, 'f');
console.log(`first render after start (compiles nothing: instantiates the renderer): ${kept.first.toFixed(1)} ms`);
console.log(`small Graphviz SVG, renderer kept: ${kept.median.toFixed(1)} ms median of ${K - 1}`);
console.log(`small Graphviz SVG, a fresh renderer each call: ${fresh.median.toFixed(1)} ms (instantiation ≈ ${(fresh.median - kept.median).toFixed(1)} ms)`);
console.log(`a fresh renderer's linear memory after a tiny render: ${(fresh.memory / 2 ** 20).toFixed(1)} MiB`);
