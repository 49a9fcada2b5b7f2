// End-to-end: real Kroki clients, unchanged, against the Worker (build/) in workerd.
//   - asciidoctor.js + asciidoctor-kroki (devDependencies in package.json), run as a child
//     process on tests/clients/asciidoctor/doc.adoc with kroki-server-url = edgeviz;
//   - mkdocs + mkdocs-kroki-plugin (tests/clients/requirements.txt, in .venv-clients/ made by
//     scripts/setup-clients.sh) building tests/clients/mkdocs/.
// Every run checks the page the client wrote, the image files it downloaded (well-formed SVG
// with the node labels, or a PNG with a size), and the Worker's own request log, so nothing
// passes unless edgeviz served the images.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { ROOT, startWorker } from './harness.mjs';

const CLIENTS = join(ROOT, 'tests', 'clients');
const VENV = join(ROOT, '.venv-clients');
const MKDOCS = join(VENV, 'bin', 'mkdocs');
const SETUP_HINT = 'run scripts/setup-clients.sh (Python clients) and npm ci (Node clients) first';

// The diagrams in the fixtures, by the labels of their two nodes.
const ADOC = {
  hello: ['AsciidoctorBlock', 'EdgevizServer'], // [graphviz,hello] block
  diag: ['DotFileSource', 'DotFileTarget'], // graphviz::pipeline.dot[] block macro
  options: ['WithOptions', 'Background'], // [graphviz,options,background=lightblue]
};
const MKDOCS_DIAGRAMS = {
  plain: ['MkdocsFence', 'EdgevizServer'],
  options: ['MkdocsOptions', 'Background'], // ```kroki-graphviz background=lightblue
};

let worker;
let work;

function checkClientsInstalled() {
  const require = createRequire(join(ROOT, 'package.json'));
  for (const pkg of ['@asciidoctor/core', 'asciidoctor-kroki']) {
    try { require.resolve(pkg); } catch {
      throw new Error(`${pkg} is not installed in node_modules: ${SETUP_HINT}`);
    }
  }
  const stamp = join(VENV, '.requirements.sha256');
  const want = createHash('sha256').update(readFileSync(join(CLIENTS, 'requirements.txt'))).digest('hex');
  if (!existsSync(MKDOCS) || !existsSync(stamp) || readFileSync(stamp, 'utf8').trim() !== want) {
    throw new Error(`.venv-clients/ is missing or does not match tests/clients/requirements.txt: ${SETUP_HINT}`);
  }
}

before(async () => {
  checkClientsInstalled();
  work = mkdtempSync(join(tmpdir(), 'edgeviz-clients-'));
  worker = await startWorker();
});
after(async () => {
  await worker?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

function run(file, args, { env = {}, cwd = ROOT } = {}) {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd, env: { ...process.env, ...env }, timeout: 60_000, maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`${file} ${args.join(' ')} failed: ${err.message}\n${stdout}\n${stderr}`));
        else resolve({ stdout, stderr });
      });
  });
}

/** Requests the Worker logged after `mark` (a length of worker.log()), waiting until `count`
 *  of them match `filter` (wrangler logs a request just after answering it). */
async function requestsSince(mark, filter, count) {
  let found = [];
  for (let i = 0; i < 50; i++) {
    found = [...worker.log().slice(mark).matchAll(/\b(GET|POST) (\/\S*) (\d{3}) /g)]
      .map(([, method, path, status]) => ({ method, path, status: Number(status) }))
      .filter(filter);
    if (found.length >= count) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return found;
}

/** The diagram source a Kroki GET path carries (zlib, URL-safe base64). */
function decodeGetPath(path) {
  const encoded = path.split('?')[0].split('/')[3];
  return inflateSync(Buffer.from(encoded, 'base64url')).toString('utf8');
}

/** Parses SVG files as XML (Python's expat, via tests/clients/svg_info.py). */
async function svgInfo(paths) {
  const python = existsSync(join(VENV, 'bin', 'python')) ? join(VENV, 'bin', 'python') : 'python3';
  const { stdout } = await run(python, [join(CLIENTS, 'svg_info.py'), ...paths]);
  const infos = JSON.parse(stdout);
  for (const info of infos) {
    assert.equal(info.error, undefined, `${info.path}: ${info.error}`);
    assert.equal(info.root, '{http://www.w3.org/2000/svg}svg', `${info.path}: root element`);
  }
  return infos;
}

function assertPng(buf, what) {
  assert.deepEqual([...buf.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], `${what}: PNG signature`);
  assert.equal(buf.toString('latin1', 12, 16), 'IHDR', `${what}: IHDR first`);
  const [w, h] = [buf.readUInt32BE(16), buf.readUInt32BE(20)];
  assert.ok(w > 0 && h > 0, `${what}: PNG of ${w}x${h}`);
  assert.equal(buf.toString('latin1', buf.length - 8, buf.length - 4), 'IEND', `${what}: ends with IEND`);
  assert.ok(buf.length > 500, `${what}: PNG of ${buf.length} bytes is too small to hold a drawing`);
  return [w, h];
}

/** Checks image files against the expected diagrams: `files` maps a diagram name to a path. */
async function checkImages(files, diagrams, format) {
  if (format === 'png') {
    for (const [name, path] of Object.entries(files)) assertPng(readFileSync(path), `${name} (${path})`);
    return;
  }
  const names = Object.keys(files);
  const infos = await svgInfo(names.map((n) => files[n]));
  names.forEach((name, i) => {
    assert.deepEqual(infos[i].texts, diagrams[name], `${name}: node labels in ${files[name]}`);
  });
  return Object.fromEntries(names.map((n, i) => [n, infos[i]]));
}

// ---------------------------------------------------------------- asciidoctor-kroki

/** Converts doc.adoc in a fresh copy of tests/clients/asciidoctor/; returns the output dir. */
async function asciidoctor(name, attributes) {
  const dir = join(work, `adoc-${name}`);
  mkdirSync(dir);
  for (const f of ['doc.adoc', 'pipeline.dot']) cpSync(join(CLIENTS, 'asciidoctor', f), join(dir, f));
  const out = join(dir, 'out');
  await run(process.execPath, [join(CLIENTS, 'asciidoctor', 'convert.cjs'), join(dir, 'doc.adoc'), out,
    JSON.stringify({ 'kroki-server-url': worker.base, ...attributes })]);
  return out;
}

/** The <img> sources in asciidoctor's HTML. */
function adocImages(html) {
  return [...html.matchAll(/<img src="([^"]+)" alt="[^"]*">/g)].map((m) => m[1]);
}

for (const method of ['get', 'post']) {
  for (const format of ['svg', 'png']) {
    test(`asciidoctor-kroki: kroki-http-method=${method}, kroki-fetch-diagram, ${format}`, async () => {
      const mark = worker.log().length;
      const attributes = { 'kroki-http-method': method, 'kroki-fetch-diagram': '', imagesdir: 'images' };
      if (format === 'png') attributes['kroki-default-format'] = 'png';
      const out = await asciidoctor(`${method}-${format}`, attributes);

      // The HTML refers to the downloaded files in imagesdir, one per diagram.
      const html = readFileSync(join(out, 'doc.html'), 'utf8');
      const srcs = adocImages(html);
      assert.equal(srcs.length, 3, `three <img> in the HTML: ${srcs}`);
      const files = {};
      for (const src of srcs) {
        const m = src.match(new RegExp(`^images/(hello|diag|options)-[0-9a-f]{40}\\.${format}$`));
        assert.ok(m, `<img src="${src}"> is a downloaded ${format} file in imagesdir`);
        assert.ok(existsSync(join(out, src)), `${src} was written`);
        files[m[1]] = join(out, src);
      }
      assert.deepEqual(Object.keys(files).sort(), Object.keys(ADOC).sort());
      const infos = await checkImages(files, ADOC, format);

      // The Worker served each one, by the method the client was told to use.
      const METHOD = method.toUpperCase();
      const prefix = method === 'get' ? `/graphviz/${format}/` : `/graphviz/${format}`;
      const reqs = await requestsSince(mark, (r) => r.method === METHOD && r.path.startsWith(prefix), 3);
      assert.equal(reqs.length, 3, `three ${METHOD} ${prefix} requests in the Worker log:\n${worker.log().slice(mark)}`);
      for (const r of reqs) assert.equal(r.status, 200, `${r.method} ${r.path}`);
      if (method === 'get') {
        const sources = reqs.map((r) => decodeGetPath(r.path));
        for (const [name, labels] of Object.entries(ADOC)) {
          assert.ok(sources.some((s) => labels.every((l) => s.includes(l))), `a GET carried the ${name} diagram: ${sources}`);
        }
        // The block's option went as ?background=lightblue and edgeviz applied it.
        if (format === 'svg') assert.ok(infos.options.fills.includes('lightblue'), `fills: ${infos.options.fills}`);
      } else {
        assert.ok(reqs.every((r) => r.path === prefix), `POST to ${prefix}: ${reqs.map((r) => r.path)}`);
        // No background check here: asciidoctor-kroki 0.18.1 sends no Kroki-Diagram-Options-*
        // header on POST (src/http/http-client.js iterates `for (const [name, value] in
        // Object.entries(headers))`, so setRequestHeader is never given the headers).
      }
    });
  }
}

test('asciidoctor-kroki without kroki-fetch-diagram: the <img> URLs it writes are served', async () => {
  const out = await asciidoctor('links', {});
  const srcs = adocImages(readFileSync(join(out, 'doc.html'), 'utf8'));
  assert.equal(srcs.length, 3, `three <img> in the HTML: ${srcs}`);
  const files = {};
  for (const src of srcs) {
    assert.ok(src.startsWith(`${worker.base}/graphviz/svg/`), `<img src="${src}"> points at edgeviz`);
    const r = await fetch(src);
    assert.equal(r.status, 200, src);
    assert.equal(r.headers.get('content-type'), 'image/svg+xml');
    const source = decodeGetPath(new URL(src).pathname);
    const name = Object.keys(ADOC).find((n) => ADOC[n].every((l) => source.includes(l)));
    assert.ok(name, `diagram of ${src}`);
    files[name] = join(work, `adoc-links-${name}.svg`);
    writeFileSync(files[name], Buffer.from(await r.arrayBuffer()));
  }
  const infos = await checkImages(files, ADOC, 'svg');
  assert.ok(infos.options.fills.includes('lightblue'), `?background=lightblue applied: ${infos.options.fills}`);
});

// ---------------------------------------------------------------- mkdocs-kroki-plugin

/** Builds tests/clients/mkdocs with the given config and plugin settings; returns the site dir. */
async function mkdocs(name, config, { method, tag = 'img' }) {
  const site = join(work, `mkdocs-${name}`);
  await run(MKDOCS, ['build', '--strict', '--config-file', join(CLIENTS, 'mkdocs', config), '--site-dir', site], {
    env: {
      KROKI_SERVER_URL: worker.base,
      KROKI_HTTP_METHOD: method,
      KROKI_TAG_FORMAT: tag,
      KROKI_CACHE_DIR: join(work, `mkdocs-${name}-cache`), // fresh: every diagram is requested
      DISABLE_MKDOCS_2_WARNING: 'true',
      NO_COLOR: '1',
    },
  });
  return site;
}

/** Maps the plugin's downloaded files (kroki-generated-UUID.EXT, beside the page) to diagrams. */
async function mkdocsFiles(site, html, format) {
  const srcs = [...html.matchAll(/<img alt="Kroki" src="([^"]+)" \/>/g)].map((m) => m[1]);
  assert.equal(srcs.length, 2, `two <img> in the page: ${srcs}`);
  const paths = srcs.map((src) => {
    assert.match(src, new RegExp(`^kroki-generated-[0-9a-f-]{36}\\.${format}$`), 'a downloaded file beside the page');
    const path = join(site, src);
    assert.ok(existsSync(path), `${src} was written`);
    return path;
  });
  if (format === 'png') {
    paths.forEach((p) => assertPng(readFileSync(p), p));
    return;
  }
  const infos = await svgInfo(paths);
  const byName = {};
  for (const info of infos) {
    const name = Object.keys(MKDOCS_DIAGRAMS).find((n) => MKDOCS_DIAGRAMS[n][0] === info.texts[0]);
    assert.ok(name, `labels ${info.texts} in ${info.path}`);
    assert.deepEqual(info.texts, MKDOCS_DIAGRAMS[name]);
    byName[name] = info;
  }
  assert.deepEqual(Object.keys(byName).sort(), Object.keys(MKDOCS_DIAGRAMS).sort());
  return byName;
}

async function assertPosts(mark, path) {
  const reqs = await requestsSince(mark, (r) => r.method === 'POST' && r.path === path, 2);
  assert.equal(reqs.length, 2, `two POST ${path} in the Worker log:\n${worker.log().slice(mark)}`);
  for (const r of reqs) assert.equal(r.status, 200);
}

test('mkdocs-kroki-plugin: http_method POST downloads SVG (Kroki JSON body)', async () => {
  const mark = worker.log().length;
  const site = await mkdocs('post-svg', 'mkdocs.yml', { method: 'POST' });
  const byName = await mkdocsFiles(site, readFileSync(join(site, 'index.html'), 'utf8'), 'svg');
  // The fence's option went in the JSON body's diagram_options and edgeviz applied it.
  assert.ok(byName.options.fills.includes('lightblue'), `fills: ${byName.options.fills}`);
  await assertPosts(mark, '/graphviz/svg');
});

test('mkdocs-kroki-plugin: http_method POST downloads PNG', async () => {
  const mark = worker.log().length;
  const site = await mkdocs('post-png', 'mkdocs-png.yml', { method: 'POST' });
  await mkdocsFiles(site, readFileSync(join(site, 'index.html'), 'utf8'), 'png');
  await assertPosts(mark, '/graphviz/png');
});

test('mkdocs-kroki-plugin: tag_format svg inlines the SVG edgeviz returned', async () => {
  const mark = worker.log().length;
  const site = await mkdocs('inline', 'mkdocs.yml', { method: 'POST', tag: 'svg' });
  const html = readFileSync(join(site, 'index.html'), 'utf8');
  // The plugin parsed each SVG with defusedxml and re-serialised it into the page.
  const inline = [...html.matchAll(/<div><svg [^>]*id="Kroki"[^>]*>([\s\S]*?)<\/svg><\/div>/g)].map((m) => m[1]);
  assert.equal(inline.length, 2, 'two inline <svg id="Kroki">');
  for (const labels of Object.values(MKDOCS_DIAGRAMS)) {
    assert.ok(inline.some((svg) => labels.every((l) => svg.includes(`>${l}</text>`))), `inline SVG with ${labels}`);
  }
  await assertPosts(mark, '/graphviz/svg');
});

test('mkdocs-kroki-plugin: http_method GET writes <img> URLs that edgeviz serves', async () => {
  const site = await mkdocs('get', 'mkdocs.yml', { method: 'GET' });
  const html = readFileSync(join(site, 'index.html'), 'utf8');
  const srcs = [...html.matchAll(/<img alt="Kroki" src="([^"]+)" \/>/g)].map((m) => m[1].replaceAll('&amp;', '&'));
  assert.equal(srcs.length, 2, `two <img> in the page: ${srcs}`);
  const mark = worker.log().length;
  const files = {};
  for (const src of srcs) {
    assert.ok(src.startsWith(`${worker.base}/graphviz/svg/`), `<img src="${src}"> points at edgeviz`);
    const r = await fetch(src); // as the reader's browser will
    assert.equal(r.status, 200, src);
    assert.equal(r.headers.get('content-type'), 'image/svg+xml');
    const source = decodeGetPath(new URL(src).pathname);
    const name = Object.keys(MKDOCS_DIAGRAMS).find((n) => MKDOCS_DIAGRAMS[n].every((l) => source.includes(l)));
    assert.ok(name, `diagram of ${src}`);
    files[name] = join(work, `mkdocs-get-${name}.svg`);
    writeFileSync(files[name], Buffer.from(await r.arrayBuffer()));
  }
  const infos = await checkImages(files, MKDOCS_DIAGRAMS, 'svg');
  assert.ok(infos.options.fills.includes('lightblue'), `?background=lightblue applied: ${infos.options.fills}`);
  const reqs = await requestsSince(mark, (r) => r.method === 'GET' && r.path.startsWith('/graphviz/svg/'), 2);
  assert.equal(reqs.length, 2, `two GET /graphviz/svg/ in the Worker log:\n${worker.log().slice(mark)}`);
});
