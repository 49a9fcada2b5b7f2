#!/usr/bin/env bash
# Installs a tool from crates.io for the scripts and tests (never a part of edgeviz itself):
#   scripts/cargo-install.sh CRATE VERSION [cargo install arguments...]
# Every tool builds in one directory (`$CARGO_TARGET_DIR/cargo-install`, or target/'s), so
# the crates they share build once, and with a quick profile: opt-level 1, no LTO, 16 codegen
# units, no debug info. The tools only read and write files (wasm-bindgen binds the Worker's
# wasm, svgbob_cli draws the reference SVGs), which takes them seconds either way; their
# builds are the slowest part of a fresh machine's setup (docs/testing.md has the times).
set -euo pipefail
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
crate=$1
version=$2
shift 2
ROOT="$(cd "$(dirname "$0")"/.. && pwd)"
export CARGO_PROFILE_RELEASE_OPT_LEVEL=1 \
  CARGO_PROFILE_RELEASE_LTO=false \
  CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
  CARGO_PROFILE_RELEASE_DEBUG=0
exec cargo install "$crate" --version "=$version" \
  --target-dir "${CARGO_TARGET_DIR:-$ROOT/target}/cargo-install" "$@"
