#!/usr/bin/python3
"""Figures from the outputs of `clustersim sweep` (Debian: python3-matplotlib, python3-pandas).

    scripts/plot_sweep.py DIR [--out FIGDIR] [--indicators firms,credit,...]

Writes PNG files into FIGDIR (default DIR/figures):
  timeseries_<indicator>.png  mean over replications with a 95 % confidence band, one line per
                              design point (grid designs; at most 12 points are drawn)
  factor_<indicator>.png      the summary indicator (summary.csv) against each factor, with 95 % CIs;
                              one line per value of the other factor when there are two
  sensitivity_<indicator>.png Morris mu* (with sigma) or Sobol S1 / ST with bootstrap intervals
"""
import argparse
import json
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

T975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262}


def t975(df):
    return T975.get(int(df), 1.96 + 2.4 / max(df, 1))


def factor_columns(sweep_dir):
    """The factors' CSV columns, mapped to their parameter paths (manifest.json "columns")."""
    with open(os.path.join(sweep_dir, "manifest.json")) as f:
        return json.load(f)["columns"]


def plot_timeseries(ts, runs, factors, paths, indicators, out):
    points = runs[["run", "point"] + factors].drop_duplicates("run")
    ts = ts.merge(points, on="run")
    chosen = sorted(ts["point"].unique())[:12]
    for ind in indicators:
        d = ts[(ts["indicator"] == ind) & (ts["point"].isin(chosen))]
        if d.empty:
            continue
        g = d.groupby(["point", "step"])["value"].agg(["mean", "std", "count"]).reset_index()
        fig, ax = plt.subplots(figsize=(8, 5))
        for p, gp in g.groupby("point"):
            label = ", ".join(f"{paths[f]}={points[points.point == p][f].iloc[0]:g}" for f in factors) or f"point {p}"
            half = gp["std"].fillna(0) * gp["count"].map(lambda n: t975(n - 1) if n > 1 else 0) / gp["count"] ** 0.5
            line, = ax.plot(gp["step"], gp["mean"], label=label, lw=1.2)
            ax.fill_between(gp["step"], gp["mean"] - half, gp["mean"] + half, color=line.get_color(), alpha=0.15)
        ax.set_xlabel("month")
        ax.set_ylabel(ind)
        ax.set_title(f"{ind}: mean and 95 % CI over replications")
        ax.legend(fontsize=7, ncol=2)
        fig.tight_layout()
        fig.savefig(os.path.join(out, f"timeseries_{ind}.png"), dpi=110)
        plt.close(fig)


def plot_factors(summary, factors, paths, indicators, out):
    for ind in indicators:
        d = summary[summary["indicator"] == ind]
        if d.empty or not factors:
            continue
        fig, axes = plt.subplots(1, len(factors), figsize=(5 * len(factors), 4), squeeze=False)
        for ax, f in zip(axes[0], factors):
            others = [o for o in factors if o != f]
            if len(others) == 1 and d[others[0]].nunique() <= 8:
                for v, g in d.groupby(others[0]):
                    g = g.sort_values(f)
                    ax.errorbar(g[f], g["mean"], yerr=g["ci95"].fillna(0), marker="o", capsize=3,
                                label=f"{paths[others[0]]}={v:g}")
                ax.legend(fontsize=7)
            else:
                ax.errorbar(d[f], d["mean"], yerr=d["ci95"].fillna(0), fmt="o", ms=3, capsize=2, alpha=0.7)
            ax.set_xlabel(paths[f])
            ax.set_ylabel(ind)
        fig.suptitle(f"{ind} at the summary step (mean, 95 % CI)")
        fig.tight_layout()
        fig.savefig(os.path.join(out, f"factor_{ind}.png"), dpi=110)
        plt.close(fig)


def plot_sensitivity(sens, indicators, out):
    for ind in indicators:
        d = sens[sens["indicator"] == ind]
        if d.empty:
            continue
        fig, ax = plt.subplots(figsize=(7, 0.5 * d["factor"].nunique() + 1.5))
        if d["method"].iloc[0] == "morris":
            p = d.pivot(index="factor", columns="measure", values="value").sort_values("mu_star")
            ax.barh(p.index, p["mu_star"], color="tab:blue", label="mu*")
            ax.errorbar(p["mu_star"], p.index, xerr=p["sigma"], fmt="none", ecolor="k", capsize=3, label="sigma")
            ax.set_xlabel("mean |elementary effect| per factor range (mu*), bars: sigma")
        else:
            s1 = d[d.measure == "S1"].set_index("factor")
            st = d[d.measure == "ST"].set_index("factor").loc[s1.index]
            y = range(len(s1))
            ax.barh([i + 0.2 for i in y], s1["value"], height=0.4, label="first order S1",
                    xerr=[s1["value"] - s1["ci_lo"], s1["ci_hi"] - s1["value"]], capsize=3)
            ax.barh([i - 0.2 for i in y], st["value"], height=0.4, label="total ST",
                    xerr=[st["value"] - st["ci_lo"], st["ci_hi"] - st["value"]], capsize=3)
            ax.set_yticks(list(y), s1.index)
            ax.set_xlabel("Sobol index (95 % bootstrap interval)")
        ax.set_title(f"sensitivity of {ind}")
        ax.legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(os.path.join(out, f"sensitivity_{ind}.png"), dpi=110)
        plt.close(fig)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir", help="output directory of clustersim sweep")
    ap.add_argument("--out", help="folder for the PNG files (default DIR/figures)")
    ap.add_argument("--indicators", help="comma-separated indicators (default: all in summary.csv)")
    a = ap.parse_args()
    out = a.out or os.path.join(a.dir, "figures")
    os.makedirs(out, exist_ok=True)
    runs = pd.read_csv(os.path.join(a.dir, "runs.csv"))
    summary = pd.read_csv(os.path.join(a.dir, "summary.csv"))
    paths = factor_columns(a.dir)
    factors = list(paths)
    inds = a.indicators.split(",") if a.indicators else list(dict.fromkeys(summary["indicator"]))
    ts_path = os.path.join(a.dir, "timeseries.csv")
    sens_path = os.path.join(a.dir, "sensitivity.csv")
    if os.path.exists(sens_path):
        plot_sensitivity(pd.read_csv(sens_path), inds, out)
    else:
        if os.path.exists(ts_path):
            plot_timeseries(pd.read_csv(ts_path), runs, factors, paths, inds, out)
    plot_factors(summary, factors, paths, inds, out)
    print(f"wrote figures into {out}")


if __name__ == "__main__":
    main()
