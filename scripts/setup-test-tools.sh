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
# Needs root (or sudo), as CI runs.
set -euo pipefail
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

SVGBOB_CLI_VERSION=0.7.6
if ! { command -v svgbob_cli >/dev/null 2>&1 && svgbob_cli --version 2>/dev/null | grep -q "$SVGBOB_CLI_VERSION"; }; then
  cargo install svgbob_cli --version "=$SVGBOB_CLI_VERSION" --locked
fi

DBML_REFERENCE="$(dirname "$0")/../tests/dbml-reference"
# npm writes node_modules/.package-lock.json on each install: newer than the lock, nothing to do.
if ! [[ "$DBML_REFERENCE/node_modules/.package-lock.json" -nt "$DBML_REFERENCE/package-lock.json" ]]; then
  (cd "$DBML_REFERENCE" && npm ci --no-audit --no-fund)
fi

# wavedrom: the reference of tests/wavedrom.rs, only when missing or not the locked version.
WAVEDROM_REFERENCE="$(cd "$(dirname "$0")"/.. && pwd)/tests/wavedrom-reference"
if ! grep -qs '"version": "3.6.2"' "$WAVEDROM_REFERENCE/node_modules/wavedrom/package.json"; then
  (cd "$WAVEDROM_REFERENCE" && npm ci --no-audit --no-fund)
fi

CHROMIUM=/usr/bin/chromium
PACKAGES=()
[[ -x "$CHROMIUM" ]] || PACKAGES+=(chromium)
command -v dot >/dev/null 2>&1 || PACKAGES+=(graphviz)
command -v pdftoppm >/dev/null 2>&1 || PACKAGES+=(poppler-utils)

if [[ ${#PACKAGES[@]} -eq 0 ]]; then
  exit 0
fi

"$(dirname "$0")"/apt-install.sh setup-test-tools "${PACKAGES[@]}"
"$CHROMIUM" --version >&2
dot -V
