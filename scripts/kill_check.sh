#!/usr/bin/env bash
# Kills `clustersim run` and `clustersim compare` at random moments, N times each, and checks what
# docs/reliability.md promises: no file under its final name and no manifest after a kill, and the
# same command then runs to the end without --force.
#   scripts/kill_check.sh [BIN] [N] [WORK]     (defaults: build/bin/clustersim, 20, /tmp/clustersim-kill-check)
# Prints one line per kill (a SIGINT that arrives before the command has set its handler ends it
# at once, as usual) and a count; exit code 1 if any check failed.
set -u
BIN=${1:-build/bin/clustersim}
N=${2:-20}
WORK=${3:-/tmp/clustersim-kill-check}
rm -rf "$WORK" && mkdir -p "$WORK"
cat > "$WORK/long.toml" <<'EOF'
[run]
steps = 30000
seed = 5
burn_in = 0

[[cluster]]
name = "Long"
firms = 2000

[[intervention]]
kind = "tech_upgradation"
budget = 40
EOF
RANDOM=42
failed=0
checked=0
stopped=0
fail() { echo "  FAIL: $*"; failed=$((failed + 1)); }
for cmd in run compare; do
  for i in $(seq 1 "$N"); do
    out="$WORK/$cmd-$i"
    if [ $((RANDOM % 2)) = 0 ]; then sig=INT; else sig=KILL; fi
    printf -v delay '0.%03d' $((RANDOM % 1000))
    if [ "$cmd" = run ]; then
      "$BIN" run "$WORK/long.toml" --out "$out" --firm-panel 12 -q 2>"$out.err" &
    else
      "$BIN" compare "$WORK/long.toml" --reps 1000 --steps 120 --out "$out" -q 2>"$out.err" &
    fi
    pid=$!
    sleep "$delay"
    kill -"$sig" "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    code=$?
    said=""
    if [ "$sig" = INT ] && grep -q interrupted "$out.err" 2>/dev/null; then said=" (said: $(grep -o 'interrupted[^;]*' "$out.err" | head -1))"; stopped=$((stopped + 1)); fi
    echo "$cmd #$i: SIG$sig after ${delay}s, exit $code$said, left: $(ls "$out" 2>/dev/null | tr '\n' ' ')"
    [ -e "$out/manifest.json" ] && fail "$cmd #$i: a manifest after the kill"
    for f in timeseries.csv firms.csv effects.csv summary.csv spending.csv; do
      [ -e "$out/$f" ] && fail "$cmd #$i: $f under its final name after the kill"
    done
    [ "$sig" = INT ] && [ "$code" != 130 ] && fail "$cmd #$i: SIGINT gave exit $code, not 130"
    # The same command, shorter, without --force.
    if [ "$cmd" = run ]; then
      "$BIN" run "$WORK/long.toml" --out "$out" --firm-panel 12 --steps 3 -q || fail "$cmd #$i: the rerun failed"
    else
      "$BIN" compare "$WORK/long.toml" --reps 2 --steps 36 --out "$out" -q || fail "$cmd #$i: the rerun failed"
    fi
    [ -e "$out/manifest.json" ] || fail "$cmd #$i: no manifest after the rerun"
    ls "$out" | grep -q -e '\.partial$' -e '\.tmp' && fail "$cmd #$i: temporaries left after the rerun"
    checked=$((checked + 1))
  done
done
echo "kill_check: $checked kills ($stopped stopped cleanly on SIGINT), $failed failed checks"
[ "$failed" = 0 ]
