#!/usr/bin/env bash
# Runs one fuzz target on one core at low priority: fuzz/run.sh TARGET SECONDS
# Corpus in fuzz/corpus/TARGET, crashes in fuzz/artifacts/TARGET, libFuzzer's log in
# fuzz/logs/TARGET-<time>/fuzz-0.log.
set -euo pipefail
cd "$(dirname "$0")"
target=$1
seconds=${2:-900}
dir=$PWD
log=$dir/logs/$target-$(date +%Y%m%d-%H%M%S)
mkdir -p "$log" "$dir/corpus/$target" "$dir/artifacts/$target"
cd "$log"
nice -n 10 cargo +nightly fuzz run --fuzz-dir "$dir" -O "$target" "$dir/corpus/$target" -- \
    -jobs=1 -workers=1 -timeout=10 -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix="$dir/artifacts/$target/" > run.log 2>&1 || true
grep -h -E "DONE|number_of_executed_units|panicked|ERROR|SUMMARY" fuzz-0.log run.log || true
echo "log: $log"
