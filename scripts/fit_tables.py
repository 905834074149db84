#!/usr/bin/env python3
"""Markdown fit tables of the calibrated scenario library (docs/scenarios.md).

    scripts/fit_tables.py [--summary | --page] [NAME...]    (default: every experiments/calibration/*/result)

For each calibration: its targets (value, standard error, model mean with the 95 % interval of
the mean over replications, z = (model - value) / se, source) and its parameters (estimate,
95 % interval, identification flags). With --summary, one line per calibration instead: how
many targets and parameters, the largest |z| and the targets more than 2 se away. With --page,
the whole of docs/library_fit.md.
"""

PAGE_HEAD = """# Fit of the calibrated scenario library

Written by `scripts/fit_tables.py --page` from `experiments/calibration/<name>/result` (the
calibrations of `make calibrate-library`; the method is in [calibration.md](calibration.md), the
summary and what the misses mean in [scenarios.md](scenarios.md#calibrated-baselines)).

For each calibration: its targets (the published value, the standard error given to it, the
model's mean over replications at the estimate with the 95 % interval of that mean, and
z = (model - value) / se, marked ⚠ beyond 2), and the fitted parameters with their 95 %
intervals and identification diagnostics. "weak" identification is the rule here: with four to
six targets and as many parameters the fit is exact or nearly so, and several parameters trade
off against each other (collinear) or are not pinned down (wide, singular when there are more
parameters than targets). The estimates are a consistent reading of the published figures, not
measurements of the parameters.
"""

import csv
import sys
from pathlib import Path


def fmt(x):
    try:
        v = float(x)
    except ValueError:
        return x
    if v == 0:
        return "0"
    a = abs(v)
    if a >= 1000:
        return f"{v:,.0f}"
    if a >= 10:
        return f"{v:.1f}"
    if a >= 0.1:
        return f"{v:.3f}"
    return f"{v:.3g}"


def short(source, n=110):
    return source if len(source) <= n else source[: n - 1].rstrip() + "…"


def table(name):
    d = Path("experiments/calibration") / name / "result"
    fit = list(csv.DictReader(open(d / "fit.csv", newline="")))
    par = list(csv.DictReader(open(d / "parameters.csv", newline="")))
    out = [f"### {name}", "", "| target | value | se | model (95 % CI) | z | source |", "|---|---:|---:|---|---:|---|"]
    for r in fit:
        z = float(r["z"]) if r["z"] else float("nan")
        mark = " ⚠" if abs(z) > 2 else ""
        out.append(f"| {r['target']} | {fmt(r['value'])} | {fmt(r['se'])} | {fmt(r['model_mean'])} "
                   f"({fmt(r['ci95_lo'])} to {fmt(r['ci95_hi'])}) | {z:+.2f}{mark} | {short(r['source'])} |")
    out += ["", "| parameter | estimate | 95 % interval | identified |", "|---|---:|---|---|"]
    for r in par:
        flags = r["identified"] + (f" ({r['flags']})" if r.get("flags") else "")
        lo, hi = r["ci95_lo"], r["ci95_hi"]
        interval = f"{fmt(lo)} to {fmt(hi)}" if lo and hi else "undefined"
        out.append(f"| `{r['parameter']}` | {fmt(r['estimate'])} | {interval} | {flags} |")
    return "\n".join(out) + "\n"


def summary(names):
    out = ["| scenario | targets | parameters | objective | largest abs(z) | targets beyond 2 se |",
           "|---|---:|---:|---:|---:|---|"]
    for name in names:
        d = Path("experiments/calibration") / name / "result"
        fit = list(csv.DictReader(open(d / "fit.csv", newline="")))
        par = list(csv.DictReader(open(d / "parameters.csv", newline="")))
        zs = [(abs(float(r["z"])), r["target"], float(r["z"])) for r in fit if r["z"]]
        misses = ", ".join(f"{t} ({z:+.1f})" for a, t, z in zs if a > 2) or "none"
        objective = sum(z * z for _, _, z in zs)
        out.append(f"| [{name}](library_fit.md#{name}) | {len(fit)} | {len(par)} | {objective:.2f} "
                   f"| {max(a for a, _, _ in zs):.2f} | {misses} |")
    return "\n".join(out) + "\n"


def main():
    if any(a in ("-h", "--help") for a in sys.argv[1:]):
        print(__doc__)
        return
    args = [a for a in sys.argv[1:] if a not in ("--summary", "--page")]
    names = args or sorted(p.parent.parent.name for p in Path("experiments/calibration").glob("*/result/fit.csv"))
    if "--summary" in sys.argv[1:]:
        print(summary(names))
    elif "--page" in sys.argv[1:]:
        print(PAGE_HEAD)
        print("\n".join(table(n) for n in names))
    else:
        print("\n".join(table(n) for n in names))


if __name__ == "__main__":
    main()
