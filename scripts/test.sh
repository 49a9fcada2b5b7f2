#!/usr/bin/env bash
# Runs every test: native unit and integration tests (cargo; also with the free-plan feature
# set), then the end-to-end tests that build the Worker (both plans) and talk to it over HTTP
# in workerd (wrangler dev on a loopback port), and build the WASI 0.2 component and talk to
# it under `wasmtime serve` and as a library.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
scripts/setup.sh
scripts/setup-test-tools.sh
scripts/setup-clients.sh
scripts/setup-wasi.sh
export WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false

echo "== native tests (cargo test)"
cargo test --lib --bins --tests

echo "== native tests of the free-plan build (Graphviz only, packed fonts, no CJK face)"
cargo test --no-default-features --features compressed-fonts --lib --tests

echo "== benchmark smoke run (one file; the real run is cargo bench --bench corpus)"
EDGEVIZ_BENCH_RUNS=1 cargo test --bench corpus -- clover

echo "== building the Worker (and the free-plan Worker)"
scripts/build-worker.sh
scripts/build-worker.sh --free-plan

echo "== building the WASI component"
scripts/build-wasi.sh

echo "== end-to-end tests against wrangler dev and wasmtime serve"
node --test --test-concurrency=1 tests/e2e/
