// Starts `wrangler dev` (workerd) on a free loopback port for end-to-end tests, and stops
// it, with its whole process group, when the tests end — pass or fail.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

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
 * the wrangler file (wrangler.free.toml: the free-plan build).
 */
export async function startWorker({ timeoutMs = 300_000, config = 'wrangler.toml' } = {}) {
  const port = await freePort();
  const state = mkdtempSync(join(tmpdir(), 'edgeviz-e2e-'));
  const child = spawn(
    join(ROOT, 'node_modules', '.bin', 'wrangler'),
    ['dev', '-c', config, '--ip', '127.0.0.1', '--port', String(port), '--persist-to', state,
     '--show-interactive-dev-session=false', '--log-level', 'info'],
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

/** The WASI 0.2 component (scripts/build-wasi.sh, in target/wasi/) and the Wasmtime CLI (scripts/setup-wasi.sh). */
export const WASI_COMPONENT = join(ROOT, 'target', 'wasi', 'edgeviz.wasm');
export const WASMTIME = process.env.WASMTIME ?? join(ROOT, '.venv-wasmtime', 'bin', 'wasmtime-cli');

/**
 * Serves the WASI component with `wasmtime serve` on a free loopback port (never the default
 * 0.0.0.0:8080); resolves to { base, stop, log() } like startWorker. `-S cli=y`: a std-built
 * component imports wasi:cli.
 */
export async function startWasi({ timeoutMs = 120_000 } = {}) {
  const { existsSync } = await import('node:fs');
  for (const [path, how] of [[WASI_COMPONENT, 'scripts/build-wasi.sh'], [WASMTIME, 'scripts/setup-wasi.sh']]) {
    if (!existsSync(path)) throw new Error(`${path} is missing: run ${how}`);
  }
  const port = await freePort();
  const child = spawn(WASMTIME, ['serve', '-S', 'cli=y', '--addr', `127.0.0.1:${port}`, WASI_COMPONENT], {
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
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) { await stop(); throw new Error(`${what} exited:\n${output}`); }
    try {
      const r = await fetch(`${base}/health`);
      if (r.ok) break;
    } catch {}
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
