#!/usr/bin/python3
"""Figures from the outputs of `clustersim calibrate` (Debian: python3-matplotlib, python3-pandas).

    scripts/plot_calibration.py DIR [--out FIGDIR]

Writes PNG files into FIGDIR (default DIR/figures):
  fit.png             each target's standardised distance (model mean - value) / se at the best point,
                      with the 95 % interval of the model mean over replications, against bands of
                      1 and 2 standard errors
  trace.png           the objective of every evaluation (log scale) by phase, and the best so far
  identification.png  elasticities d ln m / d ln theta of every target to every parameter at the
                      optimum, with the parameters' identification flags
"""
import argparse
import os
import textwrap

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

PHASE_STYLE = {"global": ("tab:blue", "o"), "local": ("tab:orange", "s"), "jacobian": ("tab:gray", "^")}


def short(s, width=28):
    return "\n".join(textwrap.wrap(str(s), width)) or str(s)


def plot_fit(fit, out):
    fit = fit.iloc[::-1].reset_index(drop=True)  # first target on top
    y = np.arange(len(fit))
    z = fit["z"].astype(float)
    lo = (fit["ci95_lo"].astype(float) - fit["value"]) / fit["se"]
    hi = (fit["ci95_hi"].astype(float) - fit["value"]) / fit["se"]
    fig, ax = plt.subplots(figsize=(9, max(3.0, 1.4 + 0.6 * len(fit))))
    ax.axvspan(-2, 2, color="tab:green", alpha=0.08, label="within 2 se")
    ax.axvspan(-1, 1, color="tab:green", alpha=0.15, label="within 1 se")
    ax.axvline(0, color="black", lw=0.8)
    ok = np.isfinite(lo) & np.isfinite(hi)
    ax.hlines(y[ok], lo[ok], hi[ok], color="tab:blue", lw=2.5, alpha=0.6, label="95 % CI of the model mean")
    ax.plot(z, y, "o", color="tab:blue", label="model mean")
    ax.set_yticks(y)
    ax.set_yticklabels([short(t) for t in fit["target"]])
    ax.set_xlabel("standardised distance (model mean - target) / se")
    # The axis spans the distances and their intervals, but no more than 3 times the largest distance
    # (at least +-4): with few replications an interval can be very wide, and it is then cut off.
    zmax = float(np.nanmax(np.abs(z))) if len(fit) else 0.0
    cimax = float(np.nanmax(np.abs(np.concatenate([lo[ok], hi[ok]])))) if ok.any() else 0.0
    lim = max(3.0, 1.15 * zmax, min(1.1 * cimax, 3 * max(zmax, 4.0 / 3)))
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-0.6, len(fit) - 0.4)
    ax.set_title("Fit at the best point: distance of each target in standard errors")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "fit.png"), dpi=110)
    plt.close(fig)


def plot_trace(trace, out):
    fig, ax = plt.subplots(figsize=(9, 4.8))
    for phase, (color, marker) in PHASE_STYLE.items():
        d = trace[trace["phase"] == phase]
        if not d.empty:
            ax.plot(d["evaluation"], d["objective"], marker, color=color, ms=3.5, alpha=0.7, ls="none",
                    label=f"{phase} ({len(d)} evaluations)")
    search = trace[trace["phase"] != "jacobian"]
    ax.plot(search["evaluation"], search["objective"].cummin(), color="black", lw=1.4, label="best so far")
    ax.set_yscale("log")
    ax.set_xlabel("evaluation")
    ax.set_ylabel("objective (sum of squared standardised distances)")
    ax.set_title("Search: objective of every evaluation")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    ax.grid(True, which="major", alpha=0.3)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "trace.png"), dpi=110)
    plt.close(fig)


def plot_identification(ident, params, out):
    targets = list(dict.fromkeys(ident["target"]))
    names = list(dict.fromkeys(ident["parameter"]))
    m = ident.pivot(index="target", columns="parameter", values="elasticity").loc[targets, names].astype(float)
    finite = np.abs(m.values[np.isfinite(m.values)])
    vmax = max(float(finite.max()) if finite.size else 1.0, 1e-9)
    fig, ax = plt.subplots(figsize=(2.2 + 1.9 * len(names), 1.6 + 0.55 * len(targets)))
    im = ax.imshow(m.values, cmap="RdBu_r", vmin=-vmax, vmax=vmax, aspect="auto")
    for i in range(len(targets)):
        for j in range(len(names)):
            v = m.values[i, j]
            text = "-" if not np.isfinite(v) else f"{v:.2g}"
            dark = np.isfinite(v) and abs(v) > 0.6 * vmax
            ax.text(j, i, text, ha="center", va="center", fontsize=9, color="white" if dark else "black")
    flags = dict(zip(params["parameter"], params["flags"].fillna("")))
    ax.set_xticks(range(len(names)))
    # Parameter paths break after their table ("firms.\nsize_pareto_alpha"), never inside a word.
    ax.set_xticklabels([n.replace(".", ".\n", 1) + (f"\n({flags[n]})" if flags.get(n) else "") for n in names],
                       fontsize=8)
    ax.set_yticks(range(len(targets)))
    ax.set_yticklabels([short(t) for t in targets], fontsize=9)
    ax.set_title("Elasticity d ln(moment) / d ln(parameter) at the optimum")
    fig.colorbar(im, ax=ax, label="elasticity", shrink=0.9)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "identification.png"), dpi=110)
    plt.close(fig)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir", help="output directory of clustersim calibrate")
    ap.add_argument("--out", help="folder for the figures (default DIR/figures)")
    a = ap.parse_args()
    out = a.out or os.path.join(a.dir, "figures")
    os.makedirs(out, exist_ok=True)
    plot_fit(pd.read_csv(os.path.join(a.dir, "fit.csv")), out)
    plot_trace(pd.read_csv(os.path.join(a.dir, "trace.csv")), out)
    plot_identification(pd.read_csv(os.path.join(a.dir, "identification.csv")),
                        pd.read_csv(os.path.join(a.dir, "parameters.csv")), out)
    for f in ("fit.png", "trace.png", "identification.png"):
        print("wrote", os.path.join(out, f))


if __name__ == "__main__":
    main()
