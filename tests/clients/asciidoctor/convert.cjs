// Converts one AsciiDoc file with asciidoctor.js and the asciidoctor-kroki extension, as a
// user's build script would: node convert.cjs INPUT.adoc TO_DIR 'ATTRIBUTES-AS-JSON'.
// The input's directory is the base directory (the safe-mode jail): TO_DIR must be inside it.
// Run as a child process by tests/e2e/clients.test.mjs (the extension's HTTP client is
// synchronous, so it would block the test's event loop).
'use strict';
const asciidoctor = require('@asciidoctor/core')();
const kroki = require('asciidoctor-kroki');
const path = require('node:path');

const [input, toDir, attributesJson] = process.argv.slice(2);
const registry = asciidoctor.Extensions.create();
kroki.register(registry);
const memoryLogger = asciidoctor.MemoryLogger.create();
asciidoctor.LoggerManager.setLogger(memoryLogger);
asciidoctor.convertFile(input, {
  safe: 'safe', // kroki-fetch-diagram needs safe mode `server` or lower (README)
  base_dir: path.dirname(path.resolve(input)),
  to_dir: toDir,
  mkdirs: true,
  extension_registry: registry,
  attributes: JSON.parse(attributesJson || '{}'),
});
const messages = memoryLogger.getMessages().map((m) => {
  const text = m.getText();
  return `${m.getSeverity()}: ${typeof text === 'string' ? text : JSON.stringify(text)}`;
});
if (messages.length) {
  console.error(messages.join('\n'));
  process.exitCode = 1;
}
