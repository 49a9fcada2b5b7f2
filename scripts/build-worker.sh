#!/usr/bin/env bash
# Builds the Worker (build/index.js, build/index_bg.wasm) with worker-build, offline:
# wasm-bindgen and esbuild come from the local installs made by scripts/setup.sh.
#   scripts/build-worker.sh              # everything (paid plan: 7.0 MiB gzipped of 10 MiB)
#   scripts/build-worker.sh --free-plan  # build/free/: Graphviz only, fonts zstd-packed, no
#                                        # CJK fallback (2.8 MiB gzipped of the free plan's 3 MiB)
# Further arguments go to worker-build (and after `--`, to cargo).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export WASM_BINDGEN_BIN="${WASM_BINDGEN_BIN:-$(command -v wasm-bindgen)}"
export ESBUILD_BIN="${ESBUILD_BIN:-$PWD/node_modules/.bin/esbuild}"
if [[ "${1:-}" == "--free-plan" ]]; then
  shift
  # Cargo features: see [features] in Cargo.toml. Add `--features wit` for WIT diagrams too
  # (3.0 MiB: just inside the limit).
  exec worker-build --release --out-dir build/free "$@" -- --no-default-features --features compressed-fonts
fi
exec worker-build --release "$@"
