#!/usr/bin/env bash
# Runs every test: native unit and integration tests (cargo; also with the free-plan feature
# set), then the end-to-end tests that build the Worker (both plans) and talk to it over HTTP
# in workerd (wrangler dev on a loopback port), and build the WASI 0.2 component and talk to
# it under `wasmtime serve` and as a library; the wasm API build (the Worker's code without
# its entry) answers the hostile families and the fuzz corpora in Node, and Chromium draws
# every golden SVG to compare with its PNG.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
scripts/setup.sh
scripts/setup-test-tools.sh
scripts/setup-clients.sh
scripts/setup-wasi.sh
export WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false

# Each stage prints the free disk: a full disk shows up as a linker dying of SIGBUS.
stage() { echo "== $1 ($(df -h --output=avail . | tail -1 | tr -d ' ') free on this disk)"; }

stage "native tests (cargo test)"
cargo test --lib --bins --tests

stage "native tests of the free-plan build (Graphviz only, packed fonts, no CJK face)"
cargo test --no-default-features --features compressed-fonts --lib --tests

stage "native tests of the kinds not yet in the default build (pikchr: its own suite and goldens; without Mermaid, whose crates would build again with other features)"
cargo test --no-default-features --features pikchr --test pikchr --test golden --test modules

stage "native tests of wavedrom (not yet in the default build): its reg unit tests, its suite against wavedrom-cli, goldens"
cargo test --no-default-features --features wavedrom --lib --test wavedrom --test golden --test modules

stage "benchmark smoke run (one file; the real run is cargo bench --bench corpus)"
EDGEVIZ_BENCH_RUNS=1 cargo test --bench corpus -- clover

stage "building the Worker (and the free-plan Worker)"
scripts/build-worker.sh
scripts/build-worker.sh --free-plan

stage "building the wasm API (the Worker's code without its entry, for the wasm-side hostile suite)"
scripts/build-wasm-api.sh

stage "building the WASI component"
scripts/build-wasi.sh

stage "end-to-end tests against wrangler dev and wasmtime serve"
node --test --test-concurrency=1 tests/e2e/
