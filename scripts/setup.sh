#!/usr/bin/env bash
# Installs what building and running the Worker needs, idempotently, from the registries
# only (crates.io, npm). Quick when everything is already there.
#   - the wasm32-unknown-unknown target (rustup)
#   - worker-build (cargo), the workers-rs build command
#   - wasm-bindgen-cli at exactly the wasm-bindgen version in Cargo.lock (worker-build would
#     otherwise try to download it from the internet)
#   - wrangler, pinned in package.json (npm ci)
# `--node` does only the npm part, `--cargo` only the rest (scripts/test.sh runs them in
# separate lanes); no argument does both.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
MODE="${1:-all}"

WORKER_BUILD_VERSION=0.8.7

have_version() { # have_version BIN VERSION
  command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -q "$2"
}

cargo_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    rustup target add wasm32-unknown-unknown
  fi
  if ! have_version worker-build "$WORKER_BUILD_VERSION"; then
    scripts/cargo-install.sh worker-build "$WORKER_BUILD_VERSION" --locked
  fi
  WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  if ! have_version wasm-bindgen "$WB_VERSION"; then
    # Not --locked: the CLI's own lockfile pins crates that no longer build here. Without
    # its default TLS features: edgeviz uses only the wasm-bindgen command, never the test
    # runner's downloads (and rustls' `ring` is the slowest part of the build).
    scripts/cargo-install.sh wasm-bindgen-cli "$WB_VERSION" --no-default-features
  fi
}

node_packages() {
  lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
  if [ ! -x node_modules/.bin/wrangler ] || [ "$(cat node_modules/.edgeviz-lock.sha256 2>/dev/null)" != "$lock_hash" ]; then
    npm ci --no-audit --no-fund
    echo "$lock_hash" > node_modules/.edgeviz-lock.sha256
  fi
}

case "$MODE" in
  --node) node_packages ;;
  --cargo) cargo_tools ;;
  *) cargo_tools; node_packages ;;
esac
