#!/usr/bin/env python3
"""The table "What the programmes do" of docs/scenarios.md: each library scenario against its
baseline with `clustersim compare`, effects at the programme's exit in per cent of the baseline.

    scripts/library_effects.py [--bin build/bin/clustersim] [--reps 10] [--out runs/library-effects]
                               [--reuse] [NAME...]

--reuse reads the compare folders already complete in --out (those with a manifest.json). A
second table gives each baseline's firms, employment and exports at the programme's exit and at
the end, so a baseline that collapses or explodes beyond its calibration window shows. A third
table gives the effects on participants by year of implementation (per cent of their baseline)
and the spillover on non-participants, to set beside the evaluations in docs/validation.md.
"""
import argparse
import csv
import subprocess
from pathlib import Path

LIBRARY = ["morbi_ceramics", "tirupur_knitwear", "firozabad_glass", "kolkata_leather", "jalandhar_hand_tools",
           "jamnagar_brass", "thrissur_jewellery", "ludhiana_bicycle_parts", "agartala_bamboo", "rajkot_diesel_engines"]
COLUMNS = [("employment", "employment"), ("turnover", "turnover"), ("output", "output"), ("exports", "exports"),
           ("prod_mean", "productivity")]


def cell(row):
    if row is None:
        return "-"
    base = float(row["baseline_mean"])
    if base == 0:
        return "-"
    eff, lo, hi = (float(row[k]) for k in ("effect", "ci_low", "ci_high"))
    star = " *" if lo > 0 or hi < 0 else ""
    return f"{100 * eff / abs(base):+.2f} %{star}"


def pct(rows, outcome, group, year):
    r = rows.get((outcome, group, "mean", str(year)))
    if r is None or float(r["baseline"]) == 0:
        return "-"
    eff, lo, hi, base = (float(r[k]) for k in ("effect", "ci_low", "ci_high", "baseline"))
    star = " *" if lo > 0 or hi < 0 else ""
    return f"{100 * eff / abs(base):+.1f} %{star}"


def participants_row(name, d):
    path = d / "effects_by_year.csv"
    if not path.exists():
        return None
    rows = {(r["outcome"], r["group"], r["statistic"], r["year"]): r for r in csv.DictReader(open(path, newline=""))}
    firms = rows.get(("employment", "participants", "mean", "1"))
    cohort = rows.get(("employment", "cohort", "mean", "1"))
    share = (f"{float(firms['firms']):,.0f} ({100 * float(firms['firms']) / float(cohort['firms']):.0f} %)"
             if firms and cohort and float(cohort["firms"]) > 0 else "-")
    cells = [pct(rows, "turnover", "participants", y) for y in (1, 2, 3)]
    cells += [pct(rows, "employment", "participants", y) for y in (1, 2, 3)]
    cells += [pct(rows, "employment", "non_participants", y) for y in (0, 1)]
    return f"| {name} | {share} | " + " | ".join(cells) + " |"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default="build/bin/clustersim")
    ap.add_argument("--reps", type=int, default=10)
    ap.add_argument("--out", default="runs/library-effects")
    ap.add_argument("--reuse", action="store_true")
    ap.add_argument("names", nargs="*")
    a = ap.parse_args()
    lines = ["| scenario | spending, ₹ lakh | " + " | ".join(label for _, label in COLUMNS) + " |",
             "|---|---:|" + "---:|" * len(COLUMNS)]
    base = ["| scenario | firms at exit | firms at end | employment at exit | employment at end | exports at end, ₹ lakh/month |",
            "|---|---:|---:|---:|---:|---:|"]
    for name in a.names or LIBRARY:
        d = Path(a.out) / name
        if not (a.reuse and (d / "manifest.json").exists()):
            subprocess.run([a.bin, "compare", f"configs/{name}.toml", "--reps", str(a.reps), "--threads", "2",
                            "--out", str(d), "--force", "-q"], check=True)
        effects = {(r["indicator"], r["horizon"]): r for r in csv.DictReader(open(d / "effects.csv", newline=""))}
        summary = {(r["metric"], r["horizon"]): r for r in csv.DictReader(open(d / "summary.csv", newline=""))}
        spending = float(summary[("programme_spending", "run")]["value"])
        cells = [cell(effects.get((k, "exit"))) for k, _ in COLUMNS]
        lines.append(f"| {name} | {spending:,.0f} | " + " | ".join(cells) + " |")
        b = {k: float(effects[k]["baseline_mean"]) for k in effects if k[0] in ("firms", "employment", "exports")}
        base.append(f"| {name} | {b[('firms', 'exit')]:,.0f} | {b[('firms', 'end')]:,.0f} | {b[('employment', 'exit')]:,.0f} "
                    f"| {b[('employment', 'end')]:,.0f} | {b[('exports', 'end')]:,.0f} |")
    print("\n".join(lines))
    print()
    print("\n".join(base))
    part = ["| scenario | participants (share of cohort) | turnover, year 1 | year 2 | year 3 | employment, year 1 | year 2 | year 3 "
            "| non-participants' employment, year 0 | year 1 |", "|---|---:|" + "---:|" * 8]
    for name in a.names or LIBRARY:
        row = participants_row(name, Path(a.out) / name)
        if row:
            part.append(row)
    if len(part) > 2:
        print()
        print("\n".join(part))


if __name__ == "__main__":
    main()
