// The kinds list as the JavaScript suites and benchmarks read it: printed by the native CLI
// (`edgeviz kinds`, one JSON line a kind, from `edgeviz::kinds::LIST`), so that no file here
// keeps a list of kinds of its own. A kind's sample source is its spec's `example`, its file
// extension the first of its `extensions`. And the limits, read from the Rust sources by a
// rule rather than a list of files.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The native CLI with every kind: `EDGEVIZ_CLI` where scripts/test.sh put its copy (the
 * native lane goes on to build the free-plan CLI in target/debug), else target/debug's
 * (built here if missing).
 */
export function cli() {
  if (process.env.EDGEVIZ_CLI) return process.env.EDGEVIZ_CLI;
  const bin = join(process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target'), 'debug', 'edgeviz');
  if (!existsSync(bin)) execFileSync('cargo', ['build', '--bin', 'edgeviz'], { cwd: ROOT, stdio: 'inherit' });
  return bin;
}

/**
 * Every kind on the list, in its order: `{ name, feature, built }`, and for a kind the CLI
 * was built with its spec (`aliases, title, extensions, formats, themes, engine,
 * url_prefixes, svg_elements, example, gallery, variants`). `feature` is null for the kind
 * every build has (the generic vehicle of the HTTP suites: `ALWAYS.name`).
 */
export const LIST = execFileSync(cli(), ['kinds'], { cwd: ROOT, maxBuffer: 1 << 26 })
  .toString('utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));

/** The kinds the CLI was built with (the default build: all of them). */
export const KINDS = LIST.filter((k) => k.built);

/** The kind every build has, whatever its features (the first such on the list). */
export const ALWAYS = LIST.find((k) => k.feature === null);

/** A kind by name. */
export const kind = (name) => LIST.find((k) => k.name === name);

/**
 * Every `pub const NAME: usize|u64 = VALUE;` limit of the Rust sources: each `limits.rs`
 * under src/ (the shared ones, the Graphviz stage's, a kind's own) and every `pub const MAX_`
 * in a kind's folder (src/kinds/NAME/, whatever the file). Names are unique across them.
 */
export function rustLimits() {
  const out = {};
  const src = join(ROOT, 'src');
  const inKind = (rel) => rel.startsWith(`kinds${sep}`) && rel.split(sep).length > 2;
  for (const rel of readdirSync(src, { recursive: true }).filter((f) => f.endsWith('.rs')).sort()) {
    const limitsFile = rel === 'limits.rs' || rel.endsWith(`${sep}limits.rs`);
    if (!limitsFile && !inKind(rel)) continue;
    const text = readFileSync(join(src, rel), 'utf8');
    for (const m of text.matchAll(/pub const (\w+): (?:usize|u64) = ([\d_* ]+);/g)) {
      if (!limitsFile && !m[1].startsWith('MAX_')) continue;
      if (m[1] in out) throw new Error(`limit ${m[1]} is declared twice (src/${rel})`);
      out[m[1]] = m[2].split('*').map((f) => Number(f.trim().replaceAll('_', ''))).reduce((a, b) => a * b, 1);
    }
  }
  return out;
}
