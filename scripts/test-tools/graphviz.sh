#!/usr/bin/env bash
# Graphviz's reference: Debian's graphviz (C `dot`), for the corpus comparison
# (tests/e2e/corpus.test.mjs), only when missing. Needs root (or sudo), as CI runs. Run by
# scripts/setup-test-tools.sh.
set -euo pipefail

if ! command -v dot >/dev/null 2>&1; then
  "$(dirname "$0")"/../apt-install.sh setup-test-tools graphviz
  dot -V
fi
