#!/usr/bin/env python3
"""Markdown fit tables of the calibrated scenario library (docs/scenarios.md).

    scripts/fit_tables.py [NAME...]    (default: every experiments/calibration/*/result)

For each calibration: its targets (value, standard error, model mean with the 95 % interval of
the mean over replications, z = (model - value) / se, source) and its parameters (estimate,
95 % interval, identification flags).
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
    out = [f"**{name}**", "", "| target | value | se | model (95 % CI) | z | source |", "|---|---:|---:|---|---:|---|"]
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


def main():
    names = sys.argv[1:] or sorted(p.parent.name for p in Path("experiments/calibration").glob("*/result/fit.csv"))
    print("\n".join(table(n) for n in names))


if __name__ == "__main__":
    main()
