#!/usr/bin/env bash
# Builds the WASI 0.2 component (src/wasi.rs) into target/wasi/edgeviz.wasm: one component
# that exports both `wasi:http/incoming-handler` (serve it with `wasmtime serve -S cli=y`)
# and `edgeviz:render/render` (wit/edgeviz.wit, for other components), and its JavaScript
# transpilation by jco into target/wasi/jco/ (how the tests call the library from Node).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
# `--no-transpile` builds only the component; `--transpile-only` only transpiles the last build
# (scripts/test.sh builds before npm's jco is there).
MODE="${1:-all}"
if [[ "$MODE" != --transpile-only ]]; then
  rustup target list --installed | grep -qx wasm32-wasip2 || rustup target add wasm32-wasip2
  cargo build --release --lib --target wasm32-wasip2
  mkdir -p target/wasi
  cp "${CARGO_TARGET_DIR:-target}"/wasm32-wasip2/release/edgeviz.wasm target/wasi/edgeviz.wasm
  ls -l target/wasi/edgeviz.wasm >&2
fi
if [[ "$MODE" != --no-transpile ]]; then
  rm -rf target/wasi/jco
  node_modules/.bin/jco transpile target/wasi/edgeviz.wasm -o target/wasi/jco --name edgeviz --quiet
  # ES modules: said so, so that Node need not guess.
  echo '{"type": "module"}' > target/wasi/jco/package.json
fi
