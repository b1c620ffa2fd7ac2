#!/usr/bin/env bash
# Run every fuzz target in turn, one job at a time (see docs/fuzzing.md).
#   fuzz/run-all.sh [SECONDS_PER_TARGET] [TARGET...]
# Environment: SANITIZER (address, the default, or none, as the fifth run), MAX_LEN (libFuzzer's
# -max_len; unset, libFuzzer chooses), RUNS (stop after this many executions as well).
# Logs go to fuzz/logs/TARGET.log; crashing inputs to fuzz/artifacts/TARGET/.
set -uo pipefail
cd "$(dirname "$0")"
secs="${1:-120}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(parse check fmt latex_escape json latex markdown refi svg tikz import)
[ -d corpus ] || ./seed.sh
mkdir -p logs
export RUSTC_BOOTSTRAP=1
sanitizer="${SANITIZER:-address}"
extra=()
[ -n "${MAX_LEN:-}" ] && extra+=("-max_len=$MAX_LEN")
[ -n "${RUNS:-}" ] && extra+=("-runs=$RUNS")
for t in "${targets[@]}"; do
  echo "== $t (${secs}s)"
  RUSTC_BOOTSTRAP=1 cargo fuzz build --sanitizer "$sanitizer" "$t" >"logs/$t.build.log" 2>&1 || { echo "   build failed"; continue; }
  start=$(date +%s)
  rm -f fuzz-0.log
  # With -jobs=1 libFuzzer fuzzes in a child process whose output goes to fuzz-0.log.
  cargo fuzz run --sanitizer "$sanitizer" "$t" -- -max_total_time="$secs" -jobs=1 -timeout=10 \
    -rss_limit_mb=2048 -dict=codebook.dict -print_final_stats=1 "${extra[@]}" >"logs/$t.log" 2>&1
  code=$?
  [ -f fuzz-0.log ] && cat fuzz-0.log >>"logs/$t.log" && rm -f fuzz-0.log
  echo "   exit $code after $(( $(date +%s) - start ))s: $(grep -E 'stat::number_of_executed_units' "logs/$t.log" | tail -1)"
  grep -aE '^==[0-9]+==ERROR|panicked at|deadly signal|Test unit written|timeout after' "logs/$t.log" | head -5 || true
done
