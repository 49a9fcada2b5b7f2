// Starts `wrangler dev` (workerd) on a free loopback port for end-to-end tests, and stops
// it, with its whole process group, when the tests end — pass or fail.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts wrangler dev with a fresh cache; resolves to { base, stop, log() }. `config` picks
 * the wrangler file (wrangler.free.toml: the free-plan build). `persistTo` keeps the Cache
 * API's and R2's state in a directory of the caller's (kept after stop: a second start on it
 * finds what the first stored; `wipeLocation` empties its Cache API, as another location
 * would see it); `vars` are the Worker's variables (`--var NAME:VALUE`).
 *
 * It serves a frozen copy of the built Worker (`snapshotWorker`), never the build/ directory
 * through the config's `[build]` section: with that section wrangler dev watches src/, and
 * rebuilds and reloads the Worker whenever a file there changes — and once more by itself a
 * few seconds after it starts, when its file watcher is ready. A reload cuts every request in
 * flight: a POST is answered `503 Your worker restarted mid-request` (a GET is retried). That
 * was issue 14's occasional 503 during benchmarks; see src/limits.rs, "Memory and reloads".
 */
export async function startWorker({ timeoutMs = 300_000, config = 'wrangler.toml', persistTo, vars = {} } = {}) {
  const port = await freePort();
  // Its own inspector port too: two test files run at once (scripts/test.sh).
  const inspector = await freePort();
  const state = mkdtempSync(join(tmpdir(), 'edgeviz-e2e-'));
  let frozen;
  try {
    frozen = snapshotWorker(config, join(state, 'worker'));
  } catch (e) {
    rmSync(state, { recursive: true, force: true });
    throw e;
  }
  const child = spawn(
    join(ROOT, 'node_modules', '.bin', 'wrangler'),
    ['dev', '-c', frozen, '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspector), '--persist-to', persistTo ?? join(state, 'cache'),
     '--show-interactive-dev-session=false', '--log-level', 'info',
     ...Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`])],
    {
      cwd: ROOT,
      detached: true, // its own process group, so stop() reaches workerd too
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', CI: 'true' },
    },
  );
  const base = `http://127.0.0.1:${port}`;
  return waitServing(child, base, timeoutMs, 'wrangler dev', () => rmSync(state, { recursive: true, force: true }));
}

/** Empties the Cache API state (the location's cache) of a `persistTo` directory, keeping R2's. */
export function wipeLocation(persistTo) {
  for (const dir of readdirSync(persistTo, { withFileTypes: true, recursive: true })) {
    if (dir.isDirectory() && dir.name === 'cache') rmSync(join(dir.parentPath ?? dir.path, dir.name), { recursive: true, force: true });
  }
}

/** Newest modification time (ms) of the files under `dir`. */
function newestMtime(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) newest = Math.max(newest, statSync(join(e.parentPath ?? e.path, e.name)).mtimeMs);
  }
  return newest;
}

/**
 * Copies the Worker that `config` (a wrangler file in ROOT) points at — the files beside its
 * `main`, built by scripts/build-worker.sh — into `dir`, with a copy of the config that has
 * no `[build]` section, and returns that config's path. Nothing wrangler serves from it can
 * change under a test: not an edit in src/, not another build of build/. Refuses a build
 * older than src/ (run scripts/build-worker.sh, or `--free-plan` for wrangler.free.toml).
 */
export function snapshotWorker(config, dir) {
  const text = readFileSync(join(ROOT, config), 'utf8');
  const main = text.match(/^main\s*=\s*"([^"]+)"/m)?.[1];
  if (!main) throw new Error(`${config} has no main`);
  const built = join(ROOT, dirname(main));
  const files = (() => {
    try { return readdirSync(built, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name); } catch { return []; }
  })();
  const how = config === 'wrangler.toml' ? 'scripts/build-worker.sh' : `the [build] command in ${config}`;
  if (!files.includes(basename(main))) throw new Error(`${main} is missing: run ${how}`);
  const builtAt = Math.min(...files.map((f) => statSync(join(built, f)).mtimeMs));
  if (newestMtime(join(ROOT, 'src')) > builtAt) throw new Error(`${dirname(main)}/ is older than src/: run ${how}`);
  mkdirSync(dir, { recursive: true });
  for (const f of files) copyFileSync(join(built, f), join(dir, f));
  const frozen = text
    .replace(/^\[build\]\n(?:(?!\[).*\n?)*/m, '') // the table and its lines, up to the next table
    .replace(/^main\s*=.*$/m, `main = "${basename(main)}"`);
  const path = join(dir, 'wrangler.toml');
  writeFileSync(path, frozen);
  return path;
}

/** The WASI 0.2 component (scripts/build-wasi.sh, in target/wasi/) and the Wasmtime CLI (scripts/setup-wasi.sh). */
export const WASI_COMPONENT = join(ROOT, 'target', 'wasi', 'edgeviz.wasm');
export const WASMTIME = process.env.WASMTIME ?? join(ROOT, '.venv-wasmtime', 'bin', 'wasmtime-cli');

/**
 * Serves the WASI component with `wasmtime serve` on a free loopback port (never the default
 * 0.0.0.0:8080); resolves to { base, stop, log() } like startWorker. The component imports
 * only wasi:http and what it needs (io, the monotonic clock): no `-S cli=y`.
 */
export async function startWasi({ timeoutMs = 120_000 } = {}) {
  const { existsSync } = await import('node:fs');
  for (const [path, how] of [[WASI_COMPONENT, 'scripts/build-wasi.sh'], [WASMTIME, 'scripts/setup-wasi.sh']]) {
    if (!existsSync(path)) throw new Error(`${path} is missing: run ${how}`);
  }
  const port = await freePort();
  const child = spawn(WASMTIME, ['serve', '--addr', `127.0.0.1:${port}`, WASI_COMPONENT], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return waitServing(child, `http://127.0.0.1:${port}`, timeoutMs, 'wasmtime serve');
}

/** Waits until `child` answers /health at `base`; resolves to { base, stop, log() }. */
async function waitServing(child, base, timeoutMs, what, cleanup = () => {}) {
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  let exited = false;
  child.on('exit', () => { exited = true; });
  const stop = async () => {
    if (!exited) {
      try { process.kill(-child.pid, 'SIGTERM'); } catch {}
      const deadline = Date.now() + 5000;
      while (!exited && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      if (!exited) { try { process.kill(-child.pid, 'SIGKILL'); } catch {} }
    }
    cleanup();
  };
  // Serving means three answers in a row, each on a connection of its own and within 5 s:
  // wrangler dev may reload the Worker just after its first answer, and a request that
  // arrives then can hang unanswered (seen: the first /health after start held 300 s).
  const deadline = Date.now() + timeoutMs;
  for (let answered = 0; answered < 3;) {
    if (exited) { await stop(); throw new Error(`${what} exited:\n${output}`); }
    try {
      const r = await fetch(`${base}/health`, { headers: { Connection: 'close' }, signal: AbortSignal.timeout(5_000) });
      await r.arrayBuffer();
      answered = r.ok ? answered + 1 : 0;
    } catch { answered = 0; }
    if (Date.now() > deadline) { await stop(); throw new Error(`${what} did not start:\n${output}`); }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { base, stop, log: () => output };
}

/** Debian's Chromium (scripts/setup-test-tools.sh installs it), driven by playwright-core. */
export const CHROMIUM = '/usr/bin/chromium';

/** Launches headless Chromium with the flags this machine needs (no network, no sandbox). */
export async function launchChromium() {
  const { existsSync } = await import('node:fs');
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/setup-test-tools.sh`);
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Checks that `bytes` is a whole JPEG (SOI ... EOI) and returns its frame's [width, height],
 * read from the first SOF marker found by walking the header segments. */
/** What is wrong with a PDF edgeviz served, or null: a PDF header and end, one page, and
 * none of PDF's active or external parts (JavaScript, actions, links, embedded files).
 * The object dictionaries are plain text; only streams are compressed. */
export function pdfProblem(bytes) {
  const text = Buffer.from(bytes).toString('latin1');
  if (!text.startsWith('%PDF-1.')) return 'no PDF header';
  if (!/%%EOF\s*$/.test(text)) return 'no %%EOF';
  const pages = text.match(/\/Type\s*\/Page\b(?!s)/g) ?? [];
  if (pages.length !== 1) return `${pages.length} pages`;
  const active = text.match(/\/(JavaScript|JS|Launch|URI|SubmitForm|ImportData|EmbeddedFile|EmbeddedFiles|OpenAction|AA|RichMedia|GoToR|GoToE)\b/);
  return active ? `has /${active[1]}` : null;
}

export function jpegSize(bytes) {
  assert.deepEqual([...bytes.subarray(0, 2), ...bytes.subarray(-2)], [0xff, 0xd8, 0xff, 0xd9], 'JPEG SOI and EOI');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 2; at + 4 <= bytes.length;) {
    assert.equal(bytes[at], 0xff, `JPEG marker at ${at}`);
    const marker = bytes[at + 1];
    if (marker >= 0xc0 && marker <= 0xc2) return [view.getUint16(at + 7), view.getUint16(at + 5)];
    at += 2 + view.getUint16(at + 2);
  }
  throw new Error('JPEG without a frame header');
}

/** Decodes an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium screenshots are). */
export function decodePng(buf) {
  assert.deepEqual([...buf.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], 'PNG signature');
  let width, height, channels;
  const idat = [];
  for (let at = 8; at < buf.length;) {
    const len = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    const data = buf.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const [depth, colourType, , , interlace] = data.subarray(8, 13);
      assert.equal(depth, 8, 'PNG bit depth');
      assert.equal(interlace, 0, 'PNG interlace');
      channels = { 2: 3, 6: 4 }[colourType];
      assert.ok(channels, `PNG colour type ${colourType}`);
    } else if (type === 'IDAT') {
      idat.push(data);
    }
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const px = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? px[y * stride + i - channels] : 0;
      const b = y > 0 ? px[(y - 1) * stride + i] : 0;
      const c = y > 0 && i >= channels ? px[(y - 1) * stride + i - channels] : 0;
      let pred;
      switch (filter) {
        case 0: pred = 0; break;
        case 1: pred = a; break;
        case 2: pred = b; break;
        case 3: pred = (a + b) >> 1; break;
        case 4: {
          const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
          pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: throw new Error(`PNG filter ${filter}`);
      }
      px[y * stride + i] = (line[i] + pred) & 0xff;
    }
  }
  return {
    width,
    height,
    /** [r, g, b] at (x, y). */
    at: (x, y) => [...px.subarray((y * width + x) * channels, (y * width + x) * channels + 3)],
    /** Alpha at (x, y): 255 for an RGB PNG. */
    alpha: (x, y) => (channels === 4 ? px[(y * width + x) * 4 + 3] : 255),
  };
}
