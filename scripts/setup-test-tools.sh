#!/usr/bin/env bash
# Installs the Debian packages the tests compare against or drive, only when missing:
#   - chromium (/usr/bin/chromium) for the browser tests (tests/e2e/*.browser.test.mjs);
#     playwright-core drives it, Playwright's own browser download is never used;
#   - graphviz (C `dot`) for the corpus comparison (tests/e2e/corpus.test.mjs);
#   - poppler-utils (pdftotext, pdfinfo, pdftoppm): the PDF reader of tests/pdf.rs;
# and from crates.io, pinned: svgbob_cli 0.7.6 (what Kroki runs for svgbob), the reference
# of tests/svgbob.rs (`cargo install --locked`, about 3 minutes the first time);
# and from npm, pinned by tests/dbml-reference/package-lock.json: @dbml/core 3.14.1 and
# @softwaretechnik/dbml-renderer 1.0.31 (what Kroki runs for dbml), the references of
# tests/dbml.rs (`npm ci` in that folder, only when its lock changed or it is missing);
# and wavedrom-cli 3.2.0 with WaveDrom 3.6.2 (what Kroki runs), the reference of
# tests/wavedrom.rs (`npm ci` in tests/wavedrom-reference/, about 30 s the first time).
# Needs root (or sudo), as CI runs. `--cargo` installs only svgbob_cli, `--downloads` only
# the rest (scripts/test.sh runs them in separate lanes); no argument does both.
set -euo pipefail
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

MODE="${1:-all}"
ROOT="$(cd "$(dirname "$0")"/.. && pwd)"

cargo_tools() {
  local version=0.7.6
  if ! { command -v svgbob_cli >/dev/null 2>&1 && svgbob_cli --version 2>/dev/null | grep -q "$version"; }; then
    cargo install svgbob_cli --version "=$version" --locked \
      --target-dir "${CARGO_TARGET_DIR:-$ROOT/target}/cargo-install"
  fi
}

downloads() {
  local dbml="$ROOT/tests/dbml-reference" wavedrom="$ROOT/tests/wavedrom-reference"
  # npm writes node_modules/.package-lock.json on each install: newer than the lock, nothing
  # to do.
  if ! [[ "$dbml/node_modules/.package-lock.json" -nt "$dbml/package-lock.json" ]]; then
    (cd "$dbml" && npm ci --no-audit --no-fund)
  fi
  # wavedrom: the reference of tests/wavedrom.rs, only when missing or not the locked version.
  if ! grep -qs '"version": "3.6.2"' "$wavedrom/node_modules/wavedrom/package.json"; then
    (cd "$wavedrom" && npm ci --no-audit --no-fund)
  fi
  local chromium=/usr/bin/chromium packages=()
  [[ -x "$chromium" ]] || packages+=(chromium)
  command -v dot >/dev/null 2>&1 || packages+=(graphviz)
  command -v pdftoppm >/dev/null 2>&1 || packages+=(poppler-utils)
  if [[ ${#packages[@]} -eq 0 ]]; then
    return 0
  fi
  "$ROOT"/scripts/apt-install.sh setup-test-tools "${packages[@]}"
  "$chromium" --version >&2
  dot -V
}

case "$MODE" in
  --cargo) cargo_tools ;;
  --downloads) downloads ;;
  *) cargo_tools; downloads ;;
esac
