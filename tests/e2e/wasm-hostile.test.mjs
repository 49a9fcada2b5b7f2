// The wasm-side hostile suite: the same code as the Worker, compiled to wasm with its stacks
// (Rust's 1 MiB stack in linear memory, V8's native stack for the wasm frames), loaded in
// Node through the wasm API (src/wasm_api.rs, build/wasm-api/edgeviz.wasm, built by
// scripts/build-wasm-api.sh), answering HTTP requests through the same service the Worker
// runs. A native thread has 8 MB of stack, so native tests and fuzzing cannot see what
// overflows here: every kind's hostile cases (tests/e2e/hostile.mjs, from the kinds) at, just over and far
// over its limit must answer 200 or a 4xx, never trap. Then every regression input and the
// committed, minimised fuzz corpora (fuzz/corpus-min/) are replayed through the same build.
//
// Prints, for each case, how much of Rust's stack the render used (see wasm-api.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './harness.mjs';
import { byFamily, judge } from './hostile.mjs';
import { WasmApi, loadModule } from './wasm-api.mjs';

const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;

test('every depth and size family answers 200 or a 4xx in wasm, never a trap', () => {
  const module = loadModule();
  const failures = [];
  const rows = [];
  for (const [family, cases] of byFamily()) {
    // One instance a family: what a case leaves behind meets the next case, as in an isolate.
    let api = new WasmApi(module);
    for (const c of cases) {
      const started = Date.now();
      let r;
      try {
        r = api.request(c.path, c.source);
      } catch (e) {
        failures.push(`${family} ${c.label} (n=${c.n}): trapped: ${e}`);
        api = new WasmApi(module);
        continue;
      }
      const problem = judge(c, r.status, r.body);
      if (problem) failures.push(`${family} ${c.label} (n=${c.n}): ${problem}`);
      rows.push([family, c.label, c.n, r.status, r.stackUsed, Date.now() - started]);
    }
  }
  console.log('family | case | n | status | Rust stack used | ms');
  for (const [name, label, n, status, used, ms] of rows) {
    console.log(`${name} | ${label} | ${n} | ${status} | ${kib(used)} | ${ms}`);
  }
  assert.deepEqual(failures, []);
});

// --- replaying the fuzz corpora and the regression inputs ------------------------------------

/**
 * The request a fuzz input of `target` stands for, decoded as the target decodes it, by the
 * target's own replay (fuzz-replay/TARGET.mjs, beside fuzz/fuzz_targets/TARGET.rs), or null
 * when the target would skip it or has none. `service` inputs are `arbitrary`-structured
 * requests and are replayed natively by the fuzz crate only.
 */
const REPLAY = join(ROOT, 'tests', 'e2e', 'fuzz-replay');
const REPLAYS = Object.fromEntries(await Promise.all(readdirSync(REPLAY)
  .filter((f) => f.endsWith('.mjs') && f !== 'shared.mjs')
  .map(async (f) => [f.slice(0, -'.mjs'.length), (await import(join(REPLAY, f))).request])));
const fuzzRequest = (target, bytes) => REPLAYS[target]?.(bytes) ?? null;

/** Every committed fuzz input: [target, file, bytes], from fuzz/corpus-min and fuzz/regressions. */
function fuzzInputs() {
  const out = [];
  for (const dir of ['corpus-min', 'regressions']) {
    const root = join(ROOT, 'fuzz', dir);
    if (!existsSync(root)) continue;
    for (const target of readdirSync(root).filter((t) => statSync(join(root, t)).isDirectory())) {
      for (const file of readdirSync(join(root, target))) {
        out.push([target, `${dir}/${target}/${file}`, readFileSync(join(root, target, file))]);
      }
    }
  }
  return out;
}

test('the committed fuzz corpora and regression inputs replay through the wasm build', () => {
  const module = loadModule();
  const inputs = fuzzInputs();
  assert.ok(inputs.length > 0, 'fuzz/corpus-min and fuzz/regressions hold inputs');
  const failures = [];
  const counts = {};
  let api = new WasmApi(module);
  const count = (target) => { counts[target] = (counts[target] ?? 0) + 1; };
  for (const [target, file, bytes] of inputs) {
    try {
      if (target === 'sanitize') {
        if (bytes.length === 0) continue;
        count(target);
        const ptr = api.put(bytes.subarray(1));
        api.ex.edgeviz_sanitize(ptr, bytes.length - 1, [0, 0, 1, 2][bytes[0] % 4]);
        const out = Buffer.from(new Uint8Array(api.ex.memory.buffer, api.ex.edgeviz_output_ptr(), api.ex.edgeviz_output_len())).toString('utf8');
        if (/<script/i.test(out)) failures.push(`${file}: <script survives`);
        continue;
      }
      const req = fuzzRequest(target, bytes);
      if (!req) continue;
      count(target);
      const r = api.request(req.target, req.body);
      if (r.status >= 500) failures.push(`${file}: ${req.target} answered ${r.status}: ${Buffer.from(r.body).toString('utf8', 0, 200)}`);
    } catch (e) {
      failures.push(`${file}: trapped: ${e}`);
      api = new WasmApi(module);
    }
  }
  console.log(`replayed (service inputs are arbitrary-structured: the fuzz crate replays them, cargo fuzz run service fuzz/corpus-min/service -- -runs=0): ${JSON.stringify(counts)}; linear memory after: ${(api.memoryBytes / 2 ** 20).toFixed(1)} MiB`);
  assert.deepEqual(failures, []);
});
