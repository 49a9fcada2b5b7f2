#!/usr/bin/env bash
# Installs what the tests compare against or drive, only when missing:
#   - chromium (/usr/bin/chromium) for the browser tests (tests/e2e/*.browser.test.mjs);
#     playwright-core drives it, Playwright's own browser download is never used;
#   - poppler-utils (pdftotext, pdfinfo, pdftoppm): the PDF reader of tests/pdf.rs;
#   - each kind's reference tools, by scripts/test-tools/KIND.sh (one file a kind that has
#     any: what Kroki runs for it, pinned, for that kind's own tests).
# Needs root (or sudo), as CI runs. `--cargo` runs only the kinds' scripts that build with
# `cargo install` (minutes of compiling), `--downloads` everything else (npm, Debian):
# scripts/test.sh runs the two in separate lanes. No argument does both.
set -euo pipefail
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

MODE="${1:-all}"
HERE="$(cd "$(dirname "$0")" && pwd)"

# The kinds' scripts that compile (`--cargo`) or download (`--downloads`).
kind_scripts() {
  local want="$1" tools
  for tools in "$HERE"/test-tools/*.sh; do
    if grep -q 'cargo-install.sh' "$tools"; then
      [[ "$want" == cargo ]] && "$tools"
    else
      [[ "$want" == downloads ]] && "$tools"
    fi
  done
  return 0
}

debian() {
  local chromium=/usr/bin/chromium packages=()
  [[ -x "$chromium" ]] || packages+=(chromium)
  command -v pdftoppm >/dev/null 2>&1 || packages+=(poppler-utils)
  if [[ ${#packages[@]} -eq 0 ]]; then
    return 0
  fi
  "$HERE"/apt-install.sh setup-test-tools "${packages[@]}"
  "$chromium" --version >&2
}

case "$MODE" in
  --cargo) kind_scripts cargo ;;
  --downloads) kind_scripts downloads; debian ;;
  *) kind_scripts cargo; kind_scripts downloads; debian ;;
esac
