#!/usr/bin/env bash
# Calibrates the scenario library: each experiments/calibration/<name>/calibration.toml is run into
# experiments/calibration/<name>/result and its estimates are written into configs/<name>.toml
# (scripts/apply_calibration.py). The default cluster comes first: the library scenarios inherit
# its behavioural parameters, which are the struct defaults (sim/params/params.hpp) and
# configs/default.toml, so after the default's calibration those two are updated by hand and the
# program rebuilt before the others run.
#   scripts/calibrate_library.sh [--jobs J] [NAME...]     (default: every folder but default)
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=2
names=()
while [ $# -gt 0 ]; do
  case "$1" in
    --jobs) jobs="$2"; shift 2 ;;
    *) names+=("$1"); shift ;;
  esac
done
if [ ${#names[@]} -eq 0 ]; then
  for d in experiments/calibration/*/; do
    n=$(basename "$d")
    [ "$n" = default ] || [ "$n" = example ] || names+=("$n")
  done
fi
for n in "${names[@]}"; do
  dir=experiments/calibration/$n
  echo "== $n"
  build/bin/clustersim calibrate "$dir/calibration.toml" --jobs "$jobs" --out "$dir/result" --force -q
  rm -f "$dir/result/journal.txt" "$dir/result/calibration.lock"
  if [ "$n" != default ]; then
    /usr/bin/python3 scripts/apply_calibration.py "$dir/result" "configs/$n.toml" --label "experiments/calibration/$n"
  fi
done
