#!/usr/bin/env bash
# Builds the wasm API (src/wasm_api.rs: the service and every kind, no Worker entry) with the
# Worker's release profile into build/wasm-api/edgeviz.wasm, for the wasm-side hostile suite
# (tests/e2e/wasm-hostile.test.mjs) and the benchmark (bench/). The same build carries the
# WASI shells (`--features wasm-api,wasi`: scripts/build-wasi.sh makes the component of this
# build): their imports, like wasm-bindgen's, are never called through the API,
# and its loader (tests/e2e/wasm-api.mjs) makes each one throw.
# It shares target/ with the Worker build, whose output file it would overwrite: hence the copy.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
cargo build --release --lib --target wasm32-unknown-unknown --features wasm-api,wasi "$@"
mkdir -p build/wasm-api
cp "${CARGO_TARGET_DIR:-target}"/wasm32-unknown-unknown/release/edgeviz.wasm build/wasm-api/edgeviz.wasm
