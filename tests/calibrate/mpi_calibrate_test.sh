#!/usr/bin/env bash
# A calibration under `mpirun -n 2` (replications spread over the ranks) writes the bytes of a
# single-process calibration; one resumed under mpirun from a partial journal does too.
#   tests/calibrate/mpi_calibrate_test.sh BIN MPIEXEC WORKDIR
# MPIEXEC "none" (CMake found no MPI): exit 77, which ctest reports as skipped.
set -euo pipefail
BIN=$1
MPIEXEC=$2
WORK=$3
if [ "$MPIEXEC" = none ]; then
  echo "MPI not found at configure time: skipped"
  exit 77
fi
rm -rf "$WORK"
mkdir -p "$WORK"
MPIRUN=("$MPIEXEC" -n 2 --oversubscribe)
if [ "$(id -u)" = 0 ]; then
  MPIRUN+=(--allow-run-as-root)
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
export OMPI_MCA_btl_vader_single_copy_mechanism=none OMPI_MCA_btl=self,vader,tcp OMPI_MCA_rmaps_base_oversubscribe=1
# In an ASan build (make test-asan): OpenMPI unloads its plugins before LeakSanitizer runs, so their
# leaks show as "<unknown module>"; only complete allocation stacks reach a libmpi or libopen-pal
# frame that the suppressions match. Other builds ignore ASAN_OPTIONS.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0"

cat > "$WORK/base.toml" <<'TOML'
[[cluster]]
name = "Test"
firms = 150
TOML
cat > "$WORK/cal.toml" <<'TOML'
[calibration]
name = "mpi_test"
base = "base.toml"
steps = 24
replications = 3
seed = 5
global_evals = 12
local_evals = 6
[[parameter]]
path = "firms.size_pareto_alpha"
min = 1.2
max = 2.4
[[parameter]]
path = "demography.entry_rate"
min = 0.001
max = 0.016
scale = "log"
[[target]]
name = "micro_share"
panel = "share"
employees_below = 5
at = 24
value = 0.8
rel_se = 0.05
[[target]]
name = "entry"
panel = "entry_rate"
window = [0, 24]
value = 0.06
se = 0.01
TOML

same() {
  for f in fit.csv trace.csv parameters.csv identification.csv best.toml; do
    if ! cmp "$1/$f" "$2/$f"; then
      echo "FAIL: $1/$f and $2/$f differ"
      exit 1
    fi
  done
}

"$BIN" calibrate "$WORK/cal.toml" --jobs 1 --out "$WORK/single" -q
"${MPIRUN[@]}" "$BIN" calibrate "$WORK/cal.toml" --jobs 1 --out "$WORK/mpi" > "$WORK/mpi.log"
cat "$WORK/mpi.log"
same "$WORK/single" "$WORK/mpi"
grep -q '"mpi_ranks": 2' "$WORK/mpi/manifest.json" || { echo "FAIL: manifest does not record 2 ranks"; exit 1; }
grep -q 'x 2 MPI ranks' "$WORK/mpi.log" || { echo "FAIL: the log does not show 2 ranks"; exit 1; }
echo "ok: 2 ranks, outputs identical to a single process"

# Resume under mpirun from the first 7 evaluations of the journal (as if killed there).
mkdir -p "$WORK/resumed"
cp "$WORK/single/calibration.lock" "$WORK/resumed/"
head -n 7 "$WORK/single/journal.txt" > "$WORK/resumed/journal.txt"
"${MPIRUN[@]}" "$BIN" calibrate "$WORK/cal.toml" --jobs 1 --out "$WORK/resumed" --resume -q
same "$WORK/single" "$WORK/resumed"
read_now=$(sed -n 's/.*"evaluations_from_journal": \([0-9]*\).*/\1/p' "$WORK/resumed/manifest.json")
read_before=$(sed -n 's/.*"evaluations_from_journal": \([0-9]*\).*/\1/p' "$WORK/single/manifest.json")
# The 7 journalled evaluations are read, besides any point the search visits twice.
if [ "$read_now" -lt $((7 + read_before)) ]; then
  echo "FAIL: $read_now evaluations read from the journal, expected at least $((7 + read_before))"
  exit 1
fi
echo "ok: resumed under mpirun from a partial journal, outputs identical"
