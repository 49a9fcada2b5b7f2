#!/usr/bin/env bash
# The benchmark against peers, in one go: installs the peers (npm, Debian's graphviz), builds
# edgeviz natively, as wasm (--features wasm-api) and as the Worker, then runs bench/peers.mjs.
#   bench/run.sh                 # every input, 5 timed runs each
#   bench/run.sh --quick         # 1 timed run each
#   bench/run.sh --filter clust  # inputs whose name contains "clust"
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
scripts/setup.sh
scripts/setup-test-tools.sh
scripts/setup-wasi.sh
(cd bench && { [ -d node_modules/@viz-js ] && [ -d node_modules/@hpcc-js ] || npm ci --no-audit --no-fund; })
cargo build --release --bin edgeviz
scripts/build-worker.sh >/dev/null
# After the Worker build, which writes the same target file: this builds the wasm API too
# (its core module), and each script keeps a copy.
scripts/build-wasi.sh >/dev/null
mkdir -p bench/out
cp build/wasm-api/edgeviz.wasm bench/out/edgeviz-api.wasm
export WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false
cd bench
node peers.mjs "$@"
# Mermaid has no in-process peer (everyone else drives a browser): its own timings.
if [[ " $* " == *" --quick "* ]]; then node mermaid.mjs --runs 1; else node mermaid.mjs; fi
# The kinds Kroki runs in processes of their own (svgbob, pikchr, erd, ...): their own timings.
if [[ " $* " == *" --quick "* ]]; then node kinds.mjs --runs 1; else node kinds.mjs; fi
