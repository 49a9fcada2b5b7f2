#!/usr/bin/env bash
# A bounded load run against the Worker in workerd (wrangler dev on loopback): a mix of cache
# hits, misses and bad requests (bench/load.lua) at several concurrency levels, 20 s each.
# Stops by itself; prints requests/s, p50/p99 latency and errors. Needs Debian's wrk.
#   bench/load.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
SECONDS_EACH=${1:-20}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y --no-install-recommends wrk; }
scripts/setup.sh
scripts/build-worker.sh >/dev/null
export WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
STATE=$(mktemp -d)
setsid node_modules/.bin/wrangler dev --ip 127.0.0.1 --port "$PORT" --persist-to "$STATE" > "$STATE/wrangler.log" 2>&1 &
PGID=$!
trap 'kill -- -$PGID 2>/dev/null || true; sleep 1; kill -9 -- -$PGID 2>/dev/null || true; rm -rf "$STATE"' EXIT
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 1; done
HIT="/graphviz/svg/$(target/release/edgeviz url tests/cases/clusters.dot --base '' | sed 's|^/graphviz/svg/||')"
curl -sf "http://127.0.0.1:$PORT$HIT" >/dev/null   # warm the cache entry
sleep 1
echo "mix: 60% cache hits, 20% misses (new diagram), 10% syntax errors, 10% bad encodings; ${SECONDS_EACH}s per level"
for c in 1 4 16 64; do
  printf 'connections=%-3s ' "$c"
  wrk -t "$(( c < 2 ? 1 : 2 ))" -c "$c" -d "${SECONDS_EACH}s" --timeout 10s -s bench/load.lua "http://127.0.0.1:$PORT" -- "$HIT" | tail -1
done
# Classify what the server answered, from wrangler's log: any 5xx is a bug.
echo "status classes seen by the Worker: $(grep -oE '(GET|POST) [^ ]+ [0-9]{3}' "$STATE/wrangler.log" | awk '{print substr($3,1,1)"xx"}' | sort | uniq -c | tr '\n' ' ')"
if grep -qE '(GET|POST) [^ ]+ 5[0-9]{2}' "$STATE/wrangler.log"; then echo "5xx responses seen"; exit 1; fi
