// The hostile cases every suite draws (the wasm build in Node: wasm-hostile.test.mjs; workerd
// and wasmtime: worker-hostile.test.mjs; bench/stack.mjs). They are declared by the kinds
// themselves (each kind's `hostile.rs`: its families, at, just over and far over each limit,
// and its comment and string forms as prefixes) and printed by `edgeviz hostile`, so a kind
// added later brings its own. A case must answer 200 (at the limit) or a 4xx — never a trap,
// a 5xx or a hung isolate. The request's own family (Kroki JSON) is added here.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './harness.mjs';
import { ALWAYS, cli } from './kinds.mjs';

/** The Graphviz layout engines, in the order of `graph::ENGINES` (the fuzz targets index it). */
export function rustEngines() {
  const text = readFileSync(join(ROOT, 'src', 'graph.rs'), 'utf8');
  const list = text.match(/pub const ENGINES: &\[&str\] = &\[([^\]]*)\]/)[1];
  return [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
}

/** Every kind's cases: `{ kind, family, path, label, n, ok, status, source }`. */
function kindCases() {
  const out = execFileSync(cli(), ['hostile'], { cwd: ROOT, maxBuffer: 1 << 30 }).toString('utf8');
  return out.split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

/** The request's own: serde_json refuses nesting past 128 levels by itself. */
const requestCases = () => [{
  kind: null,
  family: 'Kroki JSON: nested arrays',
  path: '/',
  label: 'far over',
  n: 100_000,
  ok: false,
  status: null,
  json: true,
  source: `{"diagram_type":"${ALWAYS.name}","diagram_source":${JSON.stringify(ALWAYS.example)},"diagram_options":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
}];

export const CASES = [...kindCases(), ...requestCases()];

/** The cases grouped by family, in order: [[family, cases], ...]. */
export function byFamily(cases = CASES) {
  const out = new Map();
  for (const c of cases) {
    if (!out.has(c.family)) out.set(c.family, []);
    out.get(c.family).push(c);
  }
  return [...out.entries()];
}

/**
 * Checks a status against what a case expects; returns an error message or null. Just over
 * a limit the status is the limit's own (`status`, where the family knows it); far over it
 * any 4xx will do (another limit, or the engine's parser, may refuse first).
 */
export function judge(c, status, body) {
  const text = Buffer.from(body).toString('utf8', 0, 300);
  if (status >= 500) return `status ${status}: ${text}`;
  if (c.ok && status !== 200) return `expected 200 at the limit, got ${status}: ${text}`;
  if (!c.ok && !(status >= 400 && status < 500)) return `expected a 4xx, got ${status}`;
  if (c.status && status !== c.status) return `expected ${c.status}, got ${status}: ${text}`;
  return null;
}
