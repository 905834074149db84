#!/usr/bin/env bash
# Peak resident memory of a 10,000-run sweep at 1,000, 5,000 and 10,000 finished runs.
#   bench/sweep_memory/run.sh [BIN] [JOBS] [OUT]    (defaults: build/bin/clustersim, 2, /tmp/sweep-memory)
# Reads VmHWM (peak RSS) and VmRSS of the sweep process from /proc/PID/status whenever the count
# of part files crosses a mark, then the peak of the whole command (assembly included) from
# /usr/bin/time. Linux only.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${1:-build/bin/clustersim}
JOBS=${2:-2}
OUT=${3:-/tmp/sweep-memory}
EXP=bench/sweep_memory/experiment.toml
rm -rf "$OUT"
TIMES=$(mktemp)
/usr/bin/time -f "%e s wall, %U s user, %S s sys, max RSS %M KB" -o "$TIMES" \
  "$BIN" sweep "$EXP" --jobs "$JOBS" --out "$OUT" -q &
TIMEPID=$!
PID=""
for _ in $(seq 1 500); do
  PID=$(pgrep -P "$TIMEPID" || true)
  [ -n "$PID" ] && break
  sleep 0.01
done
kb() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$PID/status" 2>/dev/null; }
printf "%8s %10s %12s %10s\n" runs seconds "VmHWM_KB" "VmRSS_KB"
START=$(date +%s.%N)
for mark in 1000 5000 10000; do
  while kill -0 "$PID" 2>/dev/null; do
    n=$(find "$OUT/parts" -name '*.csv' 2>/dev/null | wc -l)
    [ "$n" -ge "$mark" ] && break
    sleep 0.2
  done
  hwm=$(kb VmHWM)
  rss=$(kb VmRSS)
  printf "%8d %10.1f %12s %10s\n" "$mark" "$(echo "$(date +%s.%N) - $START" | bc)" "${hwm:-gone}" "${rss:-gone}"
done
wait "$TIMEPID"
echo "whole command (assembly included): $(cat "$TIMES")"
ls -l "$OUT"/runs.csv "$OUT"/timeseries.csv | awk '{ print $5, $9 }'
rm -f "$TIMES"
