// How much stack each hostile family needs at its limit, in the wasm build (the figures in
// src/limits.rs come from here). Two stacks hold a wasm render:
//   - Rust's own stack, in linear memory (the linker's `stack-size`): measured by painting it
//     before the call and finding the deepest write after it;
//   - V8's native stack, which holds the wasm frames themselves: measured as the smallest
//     `node --stack-size` (KiB) at which the case still renders, by bisection in child
//     processes. Node's default is 984 KiB; workerd's own limit is checked by running the
//     same cases against `wrangler dev` (tests/e2e/worker-hostile.test.mjs).
// The margin of a limit is the ratio of the stack there is to the stack the case needs.
//   node bench/stack.mjs            # needs build/wasm-api/edgeviz.wasm (scripts/build-wasm-api.sh)
//   node bench/stack.mjs --filter record
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CASES } from '../tests/e2e/hostile.mjs';

// The cases at each family's limit.
const AT = CASES.filter((c) => c.label === 'at the limit');
import { WasmApi, loadModule } from '../tests/e2e/wasm-api.mjs';

const SELF = fileURLToPath(import.meta.url);

if (process.argv[2] === '--case') {
  // Child: the case #i at its limit; exit 0 when it answered (any status < 500).
  const c = AT[Number(process.argv[3])];
  try {
    const r = new WasmApi(loadModule()).request(c.path, c.source);
    console.log(JSON.stringify({ status: r.status, stackUsed: r.stackUsed }));
    process.exit(r.status < 500 ? 0 : 2);
  } catch (e) {
    console.log(JSON.stringify({ trap: String(e) }));
    process.exit(1);
  }
}

function run(i, stackKiB) {
  const args = stackKiB ? [`--stack-size=${stackKiB}`] : [];
  const r = spawnSync(process.execPath, [...args, SELF, '--case', String(i)], { encoding: 'utf8' });
  let out = {};
  try { out = JSON.parse(r.stdout.trim().split('\n').pop()); } catch {}
  return { ok: r.status === 0, ...out };
}

/** The smallest value in [lo, hi] (to 8) for which ok(v) holds, assuming monotonic; hi if none. */
function bisect(lo, hi, ok) {
  while (hi - lo > 8) {
    const mid = Math.floor((lo + hi) / 2);
    if (ok(mid)) hi = mid; else lo = mid + 1;
  }
  return hi;
}

const filter = process.argv.includes('--filter') ? process.argv[process.argv.indexOf('--filter') + 1] : '';
console.log('family | n (limit) | status | Rust stack used (KiB) | least V8 stack (KiB)');
for (const [i, c] of AT.entries()) {
  if (!c.family.includes(filter)) continue;
  const base = run(i);
  const used = base.stackUsed != null ? (base.stackUsed / 1024).toFixed(1) : '-';
  const least = base.ok ? bisect(40, 984, (k) => run(i, k).ok) : 'fails';
  console.log(`${c.family} | ${c.n} | ${base.status ?? base.trap} | ${used} | ${least}`);
}
