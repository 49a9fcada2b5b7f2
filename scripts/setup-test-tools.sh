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

SUDO=()
if [[ "$(id -u)" -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    echo "setup-test-tools: ${PACKAGES[*]} missing and installing needs root (no sudo)" >&2
    exit 1
  fi
fi

echo "setup-test-tools: installing ${PACKAGES[*]} (Debian packages)" >&2
export DEBIAN_FRONTEND=noninteractive
# Wait (up to 10 min) rather than fail if another apt/dpkg run holds the lock.
APT_OPTS=(-o DPkg::Lock::Timeout=600)
"${SUDO[@]}" apt-get "${APT_OPTS[@]}" update -qq
"${SUDO[@]}" apt-get "${APT_OPTS[@]}" install -y --no-install-recommends "${PACKAGES[@]}"
"$CHROMIUM" --version >&2
dot -V
