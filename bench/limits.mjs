// Time and memory at every limit, in workerd: each kind's hostile cases at their limits (the
// kinds declare them: tests/e2e/hostile.mjs), drawn in every picture format the kind serves,
// each render in a fresh contained renderer (EDGEVIZ_FRESH_RENDERER), which reports the
// linear memory it ended with. Prints a Markdown table (bench/RESULTS.md, "At the limits").
//   node bench/limits.mjs                  # needs build/ (scripts/build-worker.sh)
//   node bench/limits.mjs --filter pikchr  # the cases whose family names this
//   RUNS=3 node bench/limits.mjs           # the median of RUNS renders a case (default 1)
import { startWorker } from '../tests/e2e/harness.mjs';
import { CASES } from '../tests/e2e/hostile.mjs';

const RUNS = Number(process.env.RUNS ?? 1);
const filter = process.argv.includes('--filter') ? process.argv[process.argv.indexOf('--filter') + 1] : '';
const FORMATS = ['svg', 'png', 'jpeg', 'pdf'];

const worker = await startWorker({ vars: { EDGEVIZ_FRESH_RENDERER: '1' } });
try {
  const health = await (await fetch(`${worker.base}/health`)).json();
  const formatsOf = Object.fromEntries(health.kinds.map((k) => [k.name, k.formats]));
  const seen = new Set();
  console.log('| case at its limit | n | format | status | ms (median) | renderer MiB |');
  console.log('|---|---:|---|---:|---:|---:|');
  // A family's `, as PDF` case is the family itself in PDF, drawn below with the rest.
  for (const c of CASES.filter((c) => c.ok && c.kind && !c.family.endsWith(', as PDF') && c.family.includes(filter))) {
    const [, kind, , query] = c.path.match(/^\/([^/]+)\/([^/?]+)(\?.*)?$/);
    for (const format of FORMATS.filter((f) => formatsOf[kind]?.includes(f))) {
      const key = `${c.family}|${format}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const times = [];
      let status = 0;
      let mib = 0;
      for (let run = 0; run < RUNS; run++) {
        const t = performance.now();
        const res = await fetch(`${worker.base}/${kind}/${format}${query ?? ''}`, {
          method: 'POST', headers: { 'content-type': 'text/plain' }, body: c.source,
        });
        await res.arrayBuffer();
        times.push(performance.now() - t);
        status = res.status;
        mib = Math.max(mib, Number(res.headers.get('x-edgeviz-renderer-memory') ?? 0) / 2 ** 20);
      }
      times.sort((a, b) => a - b);
      const name = c.family.replaceAll('|', '\\|');
      console.log(`| ${name} | ${c.n} | ${format} | ${status} | ${times[Math.floor(times.length / 2)].toFixed(0)} | ${mib.toFixed(1)} |`);
    }
  }
} finally {
  await worker.stop();
}
