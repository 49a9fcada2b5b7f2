#!/usr/bin/env bash
# Build-profile levers for the wasm build, measured against each other in one Node process
# (bench/levers.mjs interleaves them input by input, so machine noise hits all alike).
#   bench/levers.sh            # build every variant into bench/out/levers/, then compare
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
OUT=bench/out/levers
mkdir -p "$OUT"
build() { # build NAME [env...]: wasm-api build with a profile override, copied to $OUT/NAME.wasm
  local name=$1; shift
  env "$@" CARGO_TARGET_DIR=target/levers cargo build --release --lib --target wasm32-unknown-unknown --features wasm-api -q
  cp target/levers/wasm32-unknown-unknown/release/edgeviz.wasm "$OUT/$name.wasm"
}
build opt3
build simd128 RUSTFLAGS="-C target-feature=+simd128"
build opt-s CARGO_PROFILE_RELEASE_OPT_LEVEL=s
build opt2 CARGO_PROFILE_RELEASE_OPT_LEVEL=2
build thin-lto CARGO_PROFILE_RELEASE_LTO=thin CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
(cd bench && { [ -x node_modules/.bin/wasm-opt ] || npm ci --no-audit --no-fund; })
bench/node_modules/.bin/wasm-opt -O3 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals "$OUT/opt3.wasm" -o "$OUT/opt3+wasm-opt.wasm"
node bench/levers.mjs "$OUT"/*.wasm
