#!/usr/bin/env bash
# Installs the Debian packages the tests compare against or drive, only when missing:
#   - chromium (/usr/bin/chromium) for the browser tests (tests/e2e/*.browser.test.mjs);
#     playwright-core drives it, Playwright's own browser download is never used;
#   - graphviz (C `dot`) for the corpus comparison (tests/e2e/corpus.test.mjs).
# Needs root (or sudo), as CI runs.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
PACKAGES=()
[[ -x "$CHROMIUM" ]] || PACKAGES+=(chromium)
command -v dot >/dev/null 2>&1 || PACKAGES+=(graphviz)

if [[ ${#PACKAGES[@]} -eq 0 ]]; then
  exit 0
fi

"$(dirname "$0")"/apt-install.sh setup-test-tools "${PACKAGES[@]}"
"$CHROMIUM" --version >&2
dot -V
