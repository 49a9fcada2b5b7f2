#!/usr/bin/env bash
# Installs what building and running the Worker needs, idempotently, from the registries
# only (crates.io, npm). Quick when everything is already there.
#   - the wasm32-unknown-unknown target (rustup)
#   - worker-build (cargo), the workers-rs build command
#   - wasm-bindgen-cli at exactly the wasm-bindgen version in Cargo.lock (worker-build would
#     otherwise try to download it from the internet)
#   - wrangler, pinned in package.json (npm ci)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

WORKER_BUILD_VERSION=0.8.7

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi

have_version() { # have_version BIN VERSION
  command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -q "$2"
}

if ! have_version worker-build "$WORKER_BUILD_VERSION"; then
  cargo install worker-build --version "=$WORKER_BUILD_VERSION" --locked
fi

WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if ! have_version wasm-bindgen "$WB_VERSION"; then
  # Not --locked: the CLI's own lockfile pins crates that no longer build here.
  cargo install wasm-bindgen-cli --version "=$WB_VERSION"
fi

# node_modules matches package-lock.json exactly (a stamp of its hash), else `npm ci`.
lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -x node_modules/.bin/wrangler ] || [ "$(cat node_modules/.edgeviz-lock.sha256 2>/dev/null)" != "$lock_hash" ]; then
  npm ci --no-audit --no-fund
  echo "$lock_hash" > node_modules/.edgeviz-lock.sha256
fi
