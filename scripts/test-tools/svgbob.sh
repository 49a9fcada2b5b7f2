#!/usr/bin/env bash
# svgbob's reference, from crates.io, pinned: svgbob_cli 0.7.6 (what Kroki runs for svgbob),
# for tests/svgbob.rs (`cargo install --locked`, about 3 minutes the first time), only when
# missing or not that version. Run by scripts/setup-test-tools.sh.
set -euo pipefail
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

SVGBOB_CLI_VERSION=0.7.6
if ! { command -v svgbob_cli >/dev/null 2>&1 && svgbob_cli --version 2>/dev/null | grep -q "$SVGBOB_CLI_VERSION"; }; then
  "$(dirname "$0")"/../cargo-install.sh svgbob_cli "$SVGBOB_CLI_VERSION" --locked
fi
