#!/usr/bin/env bash
# scripts/plot_calibration.py draws its three figures from a small real calibration.
#   tests/calibrate/plot_test.sh BIN SOURCE_DIR WORKDIR
# Without matplotlib and pandas (Debian python3-matplotlib, python3-pandas: `make plot-deps`)
# exit 77, which ctest reports as skipped.
set -euo pipefail
BIN=$1
SRC=$2
WORK=$3
if ! /usr/bin/python3 -c "import matplotlib, pandas" 2>/dev/null; then
  echo "python3-matplotlib or python3-pandas missing: skipped"
  exit 77
fi
rm -rf "$WORK"
mkdir -p "$WORK"
printf '[[cluster]]\nname = "Test"\nfirms = 120\n' > "$WORK/base.toml"
cat > "$WORK/cal.toml" <<'TOML'
[calibration]
name = "plot_test"
base = "base.toml"
steps = 24
replications = 2
global_evals = 10
local_evals = 5
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
name = "share of firms under 5 workers"
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
"$BIN" calibrate "$WORK/cal.toml" --jobs 2 --out "$WORK/out" -q
/usr/bin/python3 "$SRC/scripts/plot_calibration.py" "$WORK/out"
for f in fit trace identification; do
  png="$WORK/out/figures/$f.png"
  [ -s "$png" ] || { echo "FAIL: $png missing"; exit 1; }
  [ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || { echo "FAIL: $png is not a PNG"; exit 1; }
  [ "$(stat -c %s "$png")" -gt 10000 ] || { echo "FAIL: $png is nearly empty"; exit 1; }
done
echo "ok: fit.png, trace.png and identification.png drawn"
