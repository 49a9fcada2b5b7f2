#!/usr/bin/env bash
# Builds the Worker (build/index.js, build/index_bg.wasm) with worker-build, offline:
# wasm-bindgen and esbuild come from the local installs made by scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export WASM_BINDGEN_BIN="${WASM_BINDGEN_BIN:-$(command -v wasm-bindgen)}"
export ESBUILD_BIN="${ESBUILD_BIN:-$PWD/node_modules/.bin/esbuild}"
exec worker-build --release "$@"
