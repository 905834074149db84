#!/usr/bin/env bash
# GUI test: runs clustersim-gui under Xvfb on the library scenarios, in normal, A/B and trainer
# mode, and on a malformed scenario; checks that the screenshots show content (check_png.py)
# and that the malformed scenario is reported in the window without a crash. Every named cluster
# of configs/ (not default or national*) is opened small (--firms) for a few frames with its
# programme; one of them in A/B mode with a credit guarantee switched on mid-programme.
#   gui_test.sh PATH/TO/clustersim-gui OUTDIR      (run from the repository root)
# Trainer mode: every named cluster has a narrative that parses (check_narratives.py, and the GUI
# itself reports it loaded), and one opens in trainer mode with a month preset applied.
# Layout: Morbi at 1280x720, 1600x900 and 1920x1080 in single, A/B and trainer (A/B) mode; each
# screenshot's layout report (--layout-report) must show no legend over a map or a chart's data,
# no text cut, and in trainer mode the narrative readable without scrolling (check_layout.py).
# Failures: a missing or malformed scenario, or a screenshot that cannot be written, exit
# non-zero with a message; a scripted run stops at the scenario's end.
# Exits 77 (skipped) when xvfb-run or python3 is missing. One X server serves every run.
set -u
gui=${1:?usage: gui_test.sh CLUSTERSIM_GUI OUTDIR}
out=${2:-build/gui_test}
here=$(cd "$(dirname "$0")" && pwd)
command -v xvfb-run >/dev/null || { echo "xvfb-run not found: skipped"; exit 77; }
command -v python3 >/dev/null || { echo "python3 not found: skipped"; exit 77; }
if [ -z "${GUI_TEST_UNDER_XVFB:-}" ]; then
  GUI_TEST_UNDER_XVFB=1 exec xvfb-run -a -s "-screen 0 1920x1080x24" bash "$0" "$@"
fi
mkdir -p "$out"
fail=0
start=$(date +%s)

run() {  # name layout args...   (layout error: the run must exit 2, the window still written)
  local name=$1 layout=$2; shift 2
  rm -f "$out/$name.png" "$out/$name.json"
  "$gui" "$@" --screenshot "$out/$name.png" --layout-report "$out/$name.json" >"$out/$name.log" 2>&1
  local rc=$? want=0
  [ "$layout" = error ] && want=2
  if [ $rc -ne $want ]; then echo "FAIL $name: exit $rc, expected $want"; cat "$out/$name.log"; fail=1; return; fi
  if [ ! -s "$out/$name.png" ]; then echo "FAIL $name: no screenshot"; cat "$out/$name.log"; fail=1; return; fi
  if [ "$layout" != error ] && grep -q "scenario error" "$out/$name.log"; then
    echo "FAIL $name: the scenario did not load"; cat "$out/$name.log"; fail=1
  fi
  python3 "$here/check_png.py" "$out/$name.png" "$layout" "$out/$name.json" || fail=1
}

# The layout at three window sizes in single, A/B and trainer mode (A/B with a guarantee from
# month 50, seen at month 70).
for size in 1280x720 1600x900 1920x1080; do
  w=${size%x*} h=${size#*x}
  for mode in single ab trainer; do
    case $mode in
      single) args=(--colour participant); layout=normal ;;
      ab) args=(--ab --policy-at 50 --switch-on credit_guarantee --colour status); layout=ab ;;
      trainer) args=(--trainer --ab --policy-at 50 --switch-on credit_guarantee --colour status); layout=ab ;;
    esac
    run "layout_${mode}_${w}" $layout configs/morbi_ceramics.toml --firms 300 --frames 7 --steps-per-frame 10 \
        --width "$w" --height "$h" "${args[@]}"
    python3 "$here/check_layout.py" "$out/layout_${mode}_${w}.json" $mode || fail=1
  done
done
# A/B at 1920x1080 shows the evaluation's effects by year, computed for the completed years.
grep -q '"plot", "name": "Effects by year: employment"' "$out/layout_ab_1920.json" \
  || { echo "FAIL layout_ab_1920: no effects chart"; fail=1; }
grep -Eq "^effects by year: [1-9][0-9]* years, [1-9][0-9]* participants" "$out/layout_ab_1920.log" \
  || { echo "FAIL layout_ab_1920: no effects by year"; cat "$out/layout_ab_1920.log"; fail=1; }

for scenario in configs/default.toml configs/examples/demand_collapse.toml; do
  stem=$(basename "$scenario" .toml)
  run "${stem}" normal "$scenario" --frames 18 --steps-per-frame 4
  run "${stem}_ab" ab "$scenario" --ab --frames 18 --steps-per-frame 4 --policy-at 24 --guarantee 0.6 \
      --csv "$out/${stem}_ab.csv"
  # Months 0..72 of both runs, plus the header.
  rows=$(wc -l <"$out/${stem}_ab.csv" 2>/dev/null || echo 0)
  if [ "$rows" -ne 147 ]; then echo "FAIL ${stem}_ab: CSV has $rows lines, expected 147"; fail=1; fi
done
run default_trainer normal configs/default.toml --trainer --frames 8 --steps-per-frame 3 --colour status

# Narratives: one per library scenario, well formed; the GUI loads each in the loop below.
python3 "$here/check_narratives.py" . || fail=1

# The scenario library: each named cluster, 600 firms, 60 months (into implementation), with
# its programme panel and the institution markers; colours by association membership. (Rajkot's
# market collapses: 600 firms leave about eighty at month 60, enough for the map check.)
n=0
for scenario in configs/*.toml; do
  stem=$(basename "$scenario" .toml)
  case "$stem" in default|national*) continue ;; esac
  run "lib_${stem}" normal "$scenario" --firms 600 --frames 6 --steps-per-frame 10 --colour member
  grep -q "month 60" "$out/lib_${stem}.log" || { echo "FAIL lib_${stem}: not at month 60"; fail=1; }
  if ! grep -Eq "^narrative: .+ \([1-9][0-9]* presets\)" "$out/lib_${stem}.log" \
     || grep -q "^narrative: Narrative (" "$out/lib_${stem}.log"; then
    echo "FAIL lib_${stem}: the GUI found no readable narrative"; fail=1
  fi
  n=$((n + 1))
done
if [ $n -lt 10 ]; then echo "FAIL: expected the ten library clusters, found $n"; fail=1; fi

# Trainer mode on a library cluster: run to month 50, then the preset jumps back (reset) to 42.
run lib_firozabad_trainer normal configs/firozabad_glass.toml --firms 300 --trainer --frames 5 \
    --steps-per-frame 10 --preset "Month 42: just before implementation"
grep -q "screenshot: .*month 42)" "$out/lib_firozabad_trainer.log" \
  || { echo "FAIL lib_firozabad_trainer: the preset did not jump to month 42"; fail=1; }

# The trainer's story: A/B (baseline = the scenario without its programme), a credit guarantee
# switched on in the policy run at month 50 (seen at month 70); the maps differ and the programme lists it.
run lib_morbi_ab ab configs/morbi_ceramics.toml --firms 400 --ab --frames 7 --steps-per-frame 10 \
    --policy-at 50 --switch-on credit_guarantee --colour status --csv "$out/lib_morbi_ab.csv"
python3 "$here/check_png.py" "$out/lib_morbi_ab.png" ab-diverge "$out/lib_morbi_ab.json" || fail=1
python3 "$here/check_png.py" "$out/lib_morbi_ab.png" programme "$out/lib_morbi_ab.json" || fail=1
grep -q "programme line: credit_guarantee on running" "$out/lib_morbi_ab.log" \
  || { echo "FAIL lib_morbi_ab: the credit guarantee is not running"; fail=1; }

# A malformed scenario: the problems on stderr and in a red window (the screenshot), exit 2.
run bad_many error tests/data/bad/bad_many.toml --frames 5
if ! grep -q "unknown key" "$out/bad_many.log"; then echo "FAIL bad_many: problems not reported"; fail=1; fi
# A missing scenario exits 2 with a message; so does --screenshot without --frames; a
# screenshot that cannot be written exits 1.
"$gui" configs/no_such_scenario.toml --frames 1 --screenshot "$out/missing.png" >"$out/missing.log" 2>&1
rc=$?; if [ $rc -ne 2 ] || ! grep -q "no_such_scenario" "$out/missing.log"; then echo "FAIL missing scenario: exit $rc"; cat "$out/missing.log"; fail=1; fi
"$gui" configs/default.toml --screenshot "$out/noframes.png" >"$out/noframes.log" 2>&1
rc=$?; if [ $rc -ne 2 ]; then echo "FAIL --screenshot without --frames: exit $rc"; fail=1; fi
touch "$out/not_a_dir"
"$gui" configs/default.toml --firms 200 --frames 1 --screenshot "$out/not_a_dir/x.png" >"$out/unwritable.log" 2>&1
rc=$?; if [ $rc -ne 1 ] || ! grep -q "cannot write" "$out/unwritable.log"; then echo "FAIL unwritable screenshot: exit $rc"; cat "$out/unwritable.log"; fail=1; fi
# A scripted run asked for more months than the scenario has stops at its end.
run past_end normal configs/default.toml --firms 150 --frames 5 --steps-per-frame 60
grep -q "screenshot: .*month 240)" "$out/past_end.log" && grep -q "stops at the scenario's end, month 240" "$out/past_end.log" \
  || { echo "FAIL past_end: the run did not stop at month 240 (run.steps)"; cat "$out/past_end.log"; fail=1; }

# The A/B maps differ once the policy run (B) has a guarantee from month 24.
python3 "$here/check_png.py" "$out/demand_collapse_ab.png" ab-diverge "$out/demand_collapse_ab.json" || fail=1
echo "gui test: $(( $(date +%s) - start )) s"
[ $fail -eq 0 ] && echo "gui test: all screenshots show content ($out)"
exit $fail
