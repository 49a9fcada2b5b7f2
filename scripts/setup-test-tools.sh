#!/usr/bin/env bash
# Installs what the tests compare against or drive, only when missing:
#   - chromium (/usr/bin/chromium) for the browser tests (tests/e2e/*.browser.test.mjs);
#     playwright-core drives it, Playwright's own browser download is never used;
#   - poppler-utils (pdftotext, pdfinfo, pdftoppm): the PDF reader of tests/pdf.rs;
#   - each kind's reference tools, by scripts/test-tools/KIND.sh (one file a kind that has
#     any: what Kroki runs for it, pinned, for that kind's own tests).
# Needs root (or sudo), as CI runs.
set -euo pipefail
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

for tools in "$(dirname "$0")"/test-tools/*.sh; do
  "$tools"
done

CHROMIUM=/usr/bin/chromium
PACKAGES=()
[[ -x "$CHROMIUM" ]] || PACKAGES+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || PACKAGES+=(poppler-utils)

if [[ ${#PACKAGES[@]} -eq 0 ]]; then
  exit 0
fi

"$(dirname "$0")"/apt-install.sh setup-test-tools "${PACKAGES[@]}"
"$CHROMIUM" --version >&2
