#!/usr/bin/env bash
# DBML's references, from npm, pinned by tests/dbml-reference/package-lock.json: @dbml/core
# 3.14.1 and @softwaretechnik/dbml-renderer 1.0.31 (what Kroki runs for dbml), for
# tests/dbml.rs (`npm ci` in that folder, only when its lock changed or it is missing). Run
# by scripts/setup-test-tools.sh.
set -euo pipefail

DBML_REFERENCE="$(dirname "$0")/../../tests/dbml-reference"
# npm writes node_modules/.package-lock.json on each install: newer than the lock, nothing to do.
if ! [[ "$DBML_REFERENCE/node_modules/.package-lock.json" -nt "$DBML_REFERENCE/package-lock.json" ]]; then
  (cd "$DBML_REFERENCE" && npm ci --no-audit --no-fund)
fi
