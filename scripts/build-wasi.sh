#!/usr/bin/env bash
# Builds the WASI 0.2 component (src/wasi.rs) into target/wasi/edgeviz.wasm: one component
# that exports both `wasi:http/incoming-handler` (serve it with `wasmtime serve`)
# and `edgeviz:render/render` (wit/edgeviz.wit, for other components), and its JavaScript
# transpilation by jco into target/wasi/jco/ (how the tests call the library from Node).
#
# The core module is the wasm API's build (scripts/build-wasm-api.sh: wasm32-unknown-unknown,
# the Worker's target, with the `wasi` feature beside `wasm-api`; Cargo.toml says why), and jco (`jco new`, wasm-tools' component encoder, from npm)
# wraps it as a component: it imports nothing but the WASI interfaces src/wasi.rs names, the
# few imports wasm-bindgen leaves on this target each met by a trap (scripts/wasi-adapters.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
JCO=node_modules/.bin/jco
# `--core-only` builds only the core module (scripts/test.sh builds before npm's jco is
# there); `--component-only` makes the component of the last core build and transpiles it.
MODE="${1:-all}"
if [[ "$MODE" != --component-only ]]; then
  # The wasm API's build is the core module (it keeps its own copy).
  scripts/build-wasm-api.sh
  mkdir -p target/wasi
  cp build/wasm-api/edgeviz.wasm target/wasi/core.wasm
fi
if [[ "$MODE" != --core-only ]]; then
  mapfile -t adapt < <(node --experimental-wasm-type-reflection scripts/wasi-adapters.mjs \
    target/wasi/core.wasm target/wasi/adapters)
  "$JCO" new target/wasi/core.wasm "${adapt[@]}" -o target/wasi/edgeviz.wasm
  ls -l target/wasi/edgeviz.wasm >&2
  rm -rf target/wasi/jco
  "$JCO" transpile target/wasi/edgeviz.wasm -o target/wasi/jco --name edgeviz --quiet
  # ES modules: said so, so that Node need not guess.
  echo '{"type": "module"}' > target/wasi/jco/package.json
fi
