#!/usr/bin/env bash
# Calibration throughput: evaluations and runs per hour at 1,000 and 5,000 firms, 120 months,
# 4 replications per evaluation, --jobs 2 (fresh output directories, so nothing comes from a
# journal). Usage, from the repository root after `make build`:
#   bash bench/calibration_throughput/run.sh [JOBS]
set -euo pipefail
cd "$(dirname "$0")/../.."
JOBS=${1:-2}
for n in 1000 5000; do
  out=/tmp/calibration-bench-$n
  build/bin/clustersim calibrate bench/calibration_throughput/calibration_$n.toml --jobs "$JOBS" --out "$out" --force -q
  evals=$(sed -n 's/.*"evaluations_run": \([0-9]*\).*/\1/p' "$out/manifest.json")
  secs=$(sed -n 's/.*"wall_seconds": \([0-9.e+-]*\).*/\1/p' "$out/manifest.json")
  awk -v n="$n" -v e="$evals" -v s="$secs" -v j="$JOBS" 'BEGIN {
    printf "%5d firms: %d evaluations (%d runs of 120 months) in %.1f s on %d jobs: %.0f evaluations/hour, %.0f runs/hour\n",
           n, e, 4 * e, s, j, e * 3600 / s, 4 * e * 3600 / s }'
done
