#!/usr/bin/env python3
"""Factorial effects of the intervention-mix sweep (standard library only).

    python3 experiments/intervention_mix/analyse.py runs/intervention_mix [--csv effects.csv]

Reads DIR/runs.csv (one row per run, indicators at the summary month) and the factor columns from
DIR/manifest.json. Every design point shares the replication seeds (common random numbers), so
effects are computed within a replication and their spread across replications gives the 95 % CI
(Student t, R - 1 df):

- each mix against the all-off baseline (paired differences);
- main effects and two-way interactions of the 2^k factorial: mean of y where the contrast sign
  is +1 minus mean where it is -1 (sign = 2x - 1 for a main effect, the product for a pair).
"""
import csv
import itertools
import json
import math
import statistics
import sys

T975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262,
        10: 2.228, 11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 16: 2.120, 17: 2.110,
        18: 2.101, 19: 2.093, 20: 2.086, 24: 2.064, 29: 2.045, 39: 2.023, 49: 2.010, 99: 1.984}
NAMES = {0: "credit planning", 1: "credit guarantee", 2: "tech upgradation", 3: "CFC"}
SHOW = ["firms", "employment", "output", "prod_mean", "exports", "credit", "informal_credit",
        "rationed_share", "npa_ratio", "cfc_open", "programme_spending"]


def t975(df):
    k = max(d for d in T975 if d <= df)
    return T975[k]


def mean_ci(xs):
    m = statistics.fmean(xs)
    if len(xs) < 2:
        return m, float("nan")
    return m, t975(len(xs) - 1) * statistics.stdev(xs) / math.sqrt(len(xs))


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    out_csv = None
    if "--csv" in args:
        i = args.index("--csv")
        out_csv = args[i + 1]
        del args[i:i + 2]
    rows = list(csv.DictReader(open(f"{args[0]}/runs.csv")))
    columns = json.load(open(f"{args[0]}/manifest.json"))["columns"]  # CSV column -> parameter path
    factors = [c for c in columns if columns[c].startswith("intervention[")]
    indicators = [c for c in SHOW if c in rows[0]]
    k = len(factors)
    y = {}  # (levels tuple, replication) -> row
    for r in rows:
        y[(tuple(int(float(r[f])) for f in factors), int(r["replication"]))] = r
    reps = sorted({rep for _, rep in y})
    mixes = sorted({lv for lv, _ in y}, key=lambda lv: (sum(lv), [-v for v in lv]))
    base = tuple(0 for _ in factors)
    label = lambda lv: " + ".join(NAMES.get(j, factors[j]) for j in range(k) if lv[j]) or "baseline (none)"
    val = lambda lv, rep, ind: float(y[(lv, rep)][ind])
    records = []

    print(f"{len(rows)} runs: {len(mixes)} mixes x {len(reps)} replications; indicators at the summary month\n")
    print("Baseline (all four off): mean over replications")
    for ind in indicators:
        m, ci = mean_ci([val(base, rep, ind) for rep in reps])
        print(f"  {ind:20s} {m:12.4g} +- {ci:.3g}")
        records.append(("baseline", "", ind, m, ci))

    print("\nEach mix minus the baseline (paired by replication): mean [95 % CI]")
    for ind in indicators:
        print(f"  {ind}")
        for lv in mixes:
            if lv == base:
                continue
            m, ci = mean_ci([val(lv, rep, ind) - val(base, rep, ind) for rep in reps])
            flag = "*" if abs(m) > ci else " "
            print(f"    {label(lv):70s} {m:+11.4g} [{m - ci:+.4g}, {m + ci:+.4g}] {flag}")
            records.append(("vs_baseline", label(lv), ind, m, ci))

    print("\nFactorial effects (high minus low, averaged over the other factors): mean [95 % CI]")
    contrasts = [((j,), NAMES.get(j, factors[j])) for j in range(k)]
    contrasts += [((a, b), f"{NAMES.get(a, factors[a])} x {NAMES.get(b, factors[b])}")
                  for a, b in itertools.combinations(range(k), 2)]
    for ind in indicators:
        print(f"  {ind}")
        for idx, name in contrasts:
            per_rep = []
            for rep in reps:
                hi, lo = [], []
                for lv in mixes:
                    sign = math.prod(2 * lv[j] - 1 for j in idx)
                    (hi if sign > 0 else lo).append(val(lv, rep, ind))
                per_rep.append(statistics.fmean(hi) - statistics.fmean(lo))
            m, ci = mean_ci(per_rep)
            flag = "*" if abs(m) > ci else " "
            print(f"    {name:45s} {m:+11.4g} [{m - ci:+.4g}, {m + ci:+.4g}] {flag}")
            records.append(("effect", name, ind, m, ci))
    if out_csv:
        with open(out_csv, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["kind", "contrast", "indicator", "mean", "ci95"])
            w.writerows(records)
    print("\n* = the 95 % CI excludes zero")


if __name__ == "__main__":
    main()
