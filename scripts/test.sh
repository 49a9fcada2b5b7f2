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

# Three lanes run side by side, each a list of stages that must run in order, none sharing a
# cargo build directory with another (each would wait for the other's lock): the native tests
# (target/debug), the wasm32-unknown-unknown builds (target/wasm32-unknown-unknown/release)
# and the WASI component (target/wasm32-wasip2). Two cores: a lane's single-threaded steps
# (the LTO link of each wasm build, test binaries that run one test at a time) leave a core
# to the others. Each lane writes its own log, printed whole when it ends, with its time.
LOGS="$(mktemp -d)"
lane() { # lane NAME COMMAND...: runs in the background; its log is $LOGS/NAME
  local name=$1
  shift
  (
    start=$(date +%s)
    # errexit holds in the lane: its first failing command ends it, with that status.
    trap 'echo "== lane $name: exit $? after $(( $(date +%s) - start )) s" >> "$LOGS/$name"' EXIT
    "$@" > "$LOGS/$name" 2>&1
  ) &
  LANES+=("$!:$name")
}

native() {
  stage "native tests (cargo test)"
  cargo test --lib --bins --tests
  stage "native tests of the free-plan build (Graphviz only, packed fonts, no CJK face)"
  cargo test --no-default-features --features compressed-fonts --lib --tests
  stage "benchmark smoke run (one file; the real run is cargo bench --bench corpus)"
  EDGEVIZ_BENCH_RUNS=1 cargo test --bench corpus -- clover
  # The free-plan stage left target/debug/edgeviz built without most kinds; the end-to-end
  # suites read every kind's hostile cases from it (`edgeviz hostile`).
  cargo build --bin edgeviz
}

wasm() {
  stage "building the Worker (and the free-plan Worker)"
  scripts/build-worker.sh
  scripts/build-worker.sh --free-plan
  stage "building the wasm API (the Worker's code without its entry, for the wasm-side hostile suite)"
  scripts/build-wasm-api.sh
}

wasi() {
  stage "building the WASI component"
  scripts/build-wasi.sh
}

LANES=()
started=$(date +%s)
lane native native
lane wasm wasm
lane wasi wasi
failed=0
for entry in "${LANES[@]}"; do
  pid=${entry%%:*}
  name=${entry#*:}
  if ! wait "$pid"; then failed=1; fi
  cat "$LOGS/$name"
done
echo "== the three lanes took $(( $(date +%s) - started )) s"
if [[ $failed -ne 0 ]]; then
  echo "== a lane failed (its log is above)"
  exit 1
fi

stage "end-to-end tests against wrangler dev and wasmtime serve"
e2e_start=$(date +%s)
node --test --test-concurrency=1 tests/e2e/
echo "== end-to-end tests took $(( $(date +%s) - e2e_start )) s"
