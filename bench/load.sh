#!/usr/bin/env bash
# A bounded load run against the Worker in workerd (wrangler dev on loopback): a mix of cache
# hits, misses, bad requests and hostile inputs (bench/load.lua: a zlib bomb, an over-long URL,
# DOT, record-label, HTML-label, Mermaid and WIT nesting past the limits) at several
# concurrency levels, 20 s each. The short version runs in scripts/test.sh
# (tests/e2e/load.test.mjs).
# Stops by itself; prints requests/s, p50/p99 latency and errors. Needs Debian's wrk.
# Then repeated new diagrams with the location's cache cold (bench/repeat.mjs): renders must
# equal distinct diagrams (issue 18). `bench/load.sh repeat` runs that part alone.
#   bench/load.sh [SECONDS|repeat]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
SECONDS_EACH=${1:-20}
REPEAT_ONLY=$([[ "$SECONDS_EACH" == repeat ]] && echo 1 || true)
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y --no-install-recommends wrk; }
scripts/setup.sh
scripts/build-worker.sh >/dev/null
export WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
STATE=$(mktemp -d)
# A frozen copy of build/ with a config without [build]: wrangler dev would otherwise rebuild
# and reload the Worker when src/ changes, and once by itself after starting, cutting the
# requests in flight (503 for a POST). See tests/e2e/harness.mjs, snapshotWorker.
CONFIG=$(node -e 'import("./tests/e2e/harness.mjs").then((h) => console.log(h.snapshotWorker("wrangler.toml", process.argv[1])))' "$STATE/worker")
setsid node_modules/.bin/wrangler dev -c "$CONFIG" --ip 127.0.0.1 --port "$PORT" --persist-to "$STATE/cache" > "$STATE/wrangler.log" 2>&1 &
PGID=$!
trap 'kill -- -$PGID 2>/dev/null || true; sleep 1; kill -9 -- -$PGID 2>/dev/null || true; rm -rf "$STATE"' EXIT
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 1; done
if [[ -n "$REPEAT_ONLY" ]]; then
  node bench/repeat.mjs "http://127.0.0.1:$PORT" 8 25 16
  exit
fi
HIT="/graphviz/svg/$(target/release/edgeviz url tests/cases/graphviz/clusters.dot --base '' | sed 's|^/graphviz/svg/||')"
# A zlib bomb: 8 MiB of 'a' in an 11 KB URL (inflating stops at the source limit: 413).
BOMB="/graphviz/svg/$(python3 -c 'import sys,zlib,base64;print(base64.urlsafe_b64encode(zlib.compress(b"a"*(8<<20),9)).decode())')"
curl -sf "http://127.0.0.1:$PORT$HIT" >/dev/null   # warm the cache entry
sleep 1
echo "mix: 50% cache hits, 15% misses (new diagram), 5% syntax errors, 5% bad encodings, 25% hostile (7 families); ${SECONDS_EACH}s per level"
for c in 1 4 16 64; do
  printf 'connections=%-3s ' "$c"
  wrk -t "$(( c < 2 ? 1 : 2 ))" -c "$c" -d "${SECONDS_EACH}s" --timeout 10s -s bench/load.lua "http://127.0.0.1:$PORT" -- "$HIT" "$BOMB" | tail -1
done
# Classify what the server answered, from wrangler's log: any 5xx is a bug.
echo "status classes seen by the Worker: $(grep -oE '(GET|POST) [^ ]+ [0-9]{3}' "$STATE/wrangler.log" | awk '{print substr($3,1,1)"xx"}' | sort | uniq -c | tr '\n' ' ')"
if grep -qE '(GET|POST) [^ ]+ 5[0-9]{2}' "$STATE/wrangler.log"; then echo "5xx responses seen"; exit 1; fi
node bench/repeat.mjs "http://127.0.0.1:$PORT" 8 25 16
