#!/usr/bin/env python3
"""The default run's table of docs/model.md, section 9, from a run directory.

    build/bin/clustersim run configs/default.toml --out runs/default --force -q
    scripts/default_run_table.py runs/default

Prints the markdown table (values at t = 0, 60, 120, 240) and the entry and exit counts of the
twelve months to t = 60, 120 and 240, with their shares of the firms alive at the step.
"""
import sys
from pathlib import Path

import pandas as pd

STEPS = [0, 60, 120, 240]
ROWS = [  # (label, column, format)
    ("firms", "firms", "{:,.0f}"),
    ("micro share", "micro_share", "{:.3f}"),
    ("employment", "employment", "{:,.0f}"),
    ("output (units / month)", "output", "{:,.0f}"),
    ("turnover (₹ lakh / month)", "turnover", "{:,.0f}"),
    ("prod_mean (A_eff)", "prod_mean", "{:.3f}"),
    ("prod 90/10", "prod_p90_p10", "{:.2f}"),
    ("margin", "margin", "{:.3f}"),
    ("credit (₹ lakh)", "credit", "{:,.0f}"),
    ("informal credit (₹ lakh)", "informal_credit", "{:,.0f}"),
    ("rationed share", "rationed_share", "{:.3f}"),
    ("npa_ratio", "npa_ratio", "{:.4f}"),
    ("exports (₹ lakh / month)", "exports", "{:,.0f}"),
    ("exporters", "exporters", "{:,.0f}"),
    ("Gini of employment", "gini_employment", "{:.3f}"),
    ("HHI", "hhi", "{:.4f}"),
    ("mean trust", "trust_mean", "{:.3f}"),
]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    ts = pd.read_csv(Path(sys.argv[1]) / "timeseries.csv")
    ts = ts.groupby("step").sum(numeric_only=True) if ts["cluster"].nunique() > 1 else ts.set_index("step")
    ts["micro_share"] = ts["micro"] / ts["firms"]
    missing = [s for s in STEPS if s not in ts.index]
    if missing:
        sys.exit(f"default_run_table: the run has no step {missing} (it needs 240 steps)")
    print("| indicator | " + " | ".join(f"t = {s}" for s in STEPS) + " |")
    print("|---|" + "---:|" * len(STEPS))
    for label, col, fmt in ROWS:
        print(f"| {label} | " + " | ".join(fmt.format(ts.at[s, col]) for s in STEPS) + " |")
    print()
    for s in STEPS[1:]:
        w = ts.loc[s - 11:s]
        n = ts.at[s, "firms"]
        print(f"t = {s}: entries {w['entries'].sum():.0f} ({100 * w['entries'].sum() / n:.1f} %), exits "
              f"{w['exits'].sum():.0f} ({100 * w['exits'].sum() / n:.1f} %), of which NPA {w['exits_npa'].sum():.0f}, "
              f"insolvent {w['exits_insolvent'].sum():.0f}, share {w['exits_share'].sum():.0f}; "
              f"exports / turnover {ts.at[s, 'export_share']:.3f}, exporters' size ratio "
              f"{ts.at[s, 'exporter_size_ratio']:.2f}, productivity ratio {ts.at[s, 'exporter_prod_ratio']:.2f}")


if __name__ == "__main__":
    main()
