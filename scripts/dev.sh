#!/usr/bin/env bash
# Starts edgeviz locally: installs what is missing (scripts/setup.sh), then runs the Worker
# in workerd with `wrangler dev` on http://127.0.0.1:8787 (pass --port N to change it).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
scripts/setup.sh
export WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false
exec node_modules/.bin/wrangler dev "$@"
