#!/bin/bash
# clustersim-bench --config times the world a run of the same scenario steps: after 5 months
# (2 warm-up, 3 timed) its alive firms equal the run's firms at month 5, and a national scenario
# counts every replica. A bad file is refused with the run's message.
set -euo pipefail
sim=$1 bench=$2 src=$3 work=$4
rm -rf "$work"
mkdir -p "$work"
"$sim" run "$src/configs/morbi_ceramics.toml" --steps 5 --out "$work/run" -q
run_firms=$(tail -1 "$work/run/timeseries.csv" | cut -d, -f5)
out=$("$bench" --config "$src/configs/morbi_ceramics.toml" --steps 3 --warmup 2 --threads 2)
bench_firms=$(grep '^firms_alive_end:' <<<"$out" | cut -d' ' -f2)
[ "$run_firms" = "$bench_firms" ] || { echo "run has $run_firms firms at month 5, bench $bench_firms"; exit 1; }
out=$("$bench" --config "$src/configs/national_small.toml" --steps 1 --warmup 0 --threads 2 --burn-in 0)
grep -q '^clusters: 100$' <<<"$out" || { echo "national_small: $out"; exit 1; }
grep -q '^firms: 99470$' <<<"$out" || { echo "national_small: $out"; exit 1; }
printf '[run]\nsteps = -4\n' > "$work/bad.toml"
if err=$("$bench" --config "$work/bad.toml" 2>&1); then echo "bad file accepted"; exit 1; fi
grep -q 'bad.toml:2:1: run.steps' <<<"$err" || { echo "unexpected error: $err"; exit 1; }
echo "bench --config: $bench_firms firms at month 5 as the run; national_small 100 clusters"
