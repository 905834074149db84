#!/usr/bin/env bash
# `clustersim compare --report` writes one self-contained HTML page for two mixes: the ranking,
# an event-study figure per outcome, the evaluator's view and spending, every figure embedded.
#   tests/integration/report_test.sh BIN SOURCE_DIR WORKDIR
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
cat > "$WORK/base.toml" <<'TOML'
[run]
steps = 48
[programme]
selection_months = 3
appointment_months = 1
diagnostic_months = 2
trust_building_months = 3
action_plan_months = 1
approval_months = 1
implementation_months = 12
evaluation_months = 1
handover_months = 1
[[cluster]]
name = "Test"
firms = 200
TOML
printf '[[intervention]]\nkind = "export_promotion"\nbudget = 20\n' > "$WORK/fairs.toml"
printf '[[intervention]]\nkind = "skills_training"\nbudget = 20\n' > "$WORK/training.toml"
"$BIN" compare "$WORK/base.toml" --mix "$WORK/fairs.toml" --mix "$WORK/training.toml" --reps 2 --threads 2 \
  --out "$WORK/out" --report -q
PAGE="$WORK/out/report.html"
test -s "$PAGE"
# 10 event studies, 3 DiD charts, 1 spending chart, all embedded as data URIs.
n=$(grep -o 'src="data:image/png;base64,' "$PAGE" | wc -l)
if [ "$n" -lt 14 ]; then echo "expected at least 14 embedded figures, found $n"; exit 1; fi
if grep -q 'src="[^d]' "$PAGE"; then echo "the page refers to a file outside itself"; exit 1; fi
for want in "Which mix to fund" "fairs" "training" "Effects year by year" "What an evaluator would have estimated" \
            "Benefit-cost ratio" "Caveats"; do
  grep -q "$want" "$PAGE" || { echo "missing: $want"; exit 1; }
done
# The script alone, as `make report DIR=...` runs it, gives the same page.
/usr/bin/python3 "$SRC/scripts/compare_report.py" "$WORK/out" --out "$WORK/again.html" > /dev/null
test -s "$WORK/again.html"
echo "report: $n figures"
