#!/usr/bin/env bash
# WaveDrom's reference: wavedrom-cli 3.2.0 with WaveDrom 3.6.2 (what Kroki runs), for
# tests/wavedrom.rs (`npm ci` in tests/wavedrom-reference/, about 30 s the first time), only
# when missing or not the locked version. Run by scripts/setup-test-tools.sh.
set -euo pipefail

WAVEDROM_REFERENCE="$(cd "$(dirname "$0")"/../.. && pwd)/tests/wavedrom-reference"
if ! grep -qs '"version": "3.6.2"' "$WAVEDROM_REFERENCE/node_modules/wavedrom/package.json"; then
  (cd "$WAVEDROM_REFERENCE" && npm ci --no-audit --no-fund)
fi
