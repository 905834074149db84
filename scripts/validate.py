#!/usr/bin/env python3
"""Out-of-sample checks of ClusterSim against facts it was never fitted to (docs/validation.md).

    scripts/validate.py [--bin build/bin/clustersim] [--seeds 5] [--out runs/validation]
                        [--figures docs/img] [--markdown FILE] [--reuse]

Runs the default scenario and two export clusters with a yearly firm panel for several seeds,
computes each fact's statistic per seed, and prints a table of the mean over seeds with its
range next to the published value. Figures go to --figures (validation_*.png). The facts and
their sources are listed in FACTS below; none of them is a calibration target.
"""
import argparse
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

# (key, fact, published value, source)
FACTS = [
    ("dispersion_kept", "Productivity dispersion persists: 90/10 ratio at month 240 / at month 12",
     "about 1 (no convergence)", "Syverson (2011), 'What Determines Productivity?', JEL 49(2): persistent within-industry dispersion"),
    ("rank_persistence", "Top-quintile productivity firms still in the top quintile five years later",
     "about 1/3 or more", "Syverson (2011), JEL 49(2), and NBER Reporter 2012: about a third of the top 20 % remain five years later"),
    ("growth_kurtosis", "Kurtosis of annual log turnover growth (tent shape)",
     "6 or more (Laplace: 6)", "Stanley et al. (1996), Nature 379; Bottazzi and Secchi (2003), LEM WP 2002-20"),
    ("laplace_share", "Share of annual growth rates within one sd of the mean",
     "0.76 (Laplace; normal: 0.68)", "as above"),
    ("volatility_slope", "Slope of log sd of growth on log employment",
     "-0.14 to -0.20", "Amaral et al. (1997), Physica A 244: beta = 0.18-0.20; Riccaboni et al. (2008), PNAS: 0.14-0.2"),
    ("job_reallocation", "Gross job reallocation a year (jobs created plus destroyed, entrants and exits included, / mean employment)",
     "0.19 (US); higher in India", "Davis, Haltiwanger and Schuh (1996), Job Creation and Destruction: 19.4 % in US manufacturing 1973-88; Neog and Sahoo (2020), Oxford Bull. Econ. Stat. 82(4): India's organised manufacturing higher"),
    ("no_missing_middle", "Share of firms falls with size, no bump (share in each size bin below the previous)",
     "yes", "Hsieh and Olken (2014), 'The Missing \"Missing Middle\"', JEP 28(3)"),
    ("life_cycle", "Mean employment of firms aged 20+ years / of firms aged under 5",
     "about 2 in India (7-8 in the US)", "Hsieh and Klenow (2014), 'The Life Cycle of Plants in India and Mexico', QJE 129(3)"),
    ("survival_20y", "Share of firms alive at month 0 still alive at month 240",
     "about 0.45", "Sengupta and Singh (IGIDR), Ideas for India, 12 June 2019: about 45 % of companies survive over 20 years"),
]
for _cluster, _label in (("default", "the default cluster"), ("morbi_ceramics", "Morbi"), ("tirupur_knitwear", "Tirupur")):
    FACTS.append((f"exporter_size:{_cluster}", f"Exporters' employment premium, log points (mean ln employees, exporters - non-exporters), {_label}",
                  "1.19 (US plants, 2002, within industries)", "Bernard, Jensen, Redding and Schott (2007), 'Firms in International Trade', JEP 21(3), table 3; for India, self-selection into exporting: Haidar (2012), Economic Modelling 29(5)"))
    FACTS.append((f"exporter_productivity:{_cluster}", f"Exporters' labour-productivity premium, log points, {_label}",
                  "0.26 (value added per worker)", "Bernard, Jensen, Redding and Schott (2007), JEP 21(3), table 3; Gupta, Patnaik and Shah (2013), ADB WP 119 (India: self-selection)"))


REUSE = False


def run(bin_, scenario, seed, out, steps=None):
    if REUSE and (out / "manifest.json").exists():
        return pd.read_csv(out / "firms.csv"), pd.read_csv(out / "timeseries.csv")
    cmd = [bin_, "run", scenario, "--seed", str(seed), "--firm-panel", "12", "--out", str(out), "--force", "-q"]
    if steps:
        cmd += ["--steps", str(steps)]
    subprocess.run(cmd, check=True)
    return pd.read_csv(out / "firms.csv"), pd.read_csv(out / "timeseries.csv")


def growth_pairs(firms, t0, lag=12):
    a = firms[firms.step == t0 - lag].set_index("firm_id")
    b = firms[firms.step == t0].set_index("firm_id")
    j = a.join(b, rsuffix="_1", how="inner")
    j = j[(j.turnover > 0) & (j.turnover_1 > 0) & (j.employees > 0)]
    return np.log(j.employees.values), np.log(j.turnover_1.values / j.turnover.values)


def default_facts(firms, ts):
    out = {}
    p = ts.set_index("step").prod_p90_p10
    out["dispersion_kept"] = p.loc[240] / p.loc[12]
    # Rank persistence: top productivity quintile at t, still top quintile at t + 60.
    shares = []
    for t in (60, 120, 180):
        a = firms[firms.step == t].set_index("firm_id").productivity
        b = firms[firms.step == t + 60].set_index("firm_id").productivity
        top_a = set(a[a >= a.quantile(0.8)].index)
        top_b = set(b[b >= b.quantile(0.8)].index)
        alive = top_a & set(b.index)
        if alive:
            shares.append(len(alive & top_b) / len(alive))
    out["rank_persistence"] = float(np.mean(shares))
    sizes, growth = [], []
    for t in (120, 180, 240):
        s, g = growth_pairs(firms, t)
        sizes.append(s)
        growth.append(g - g.mean())
    s, g = np.concatenate(sizes), np.concatenate(growth)
    sd = g.std(ddof=1)
    out["growth_kurtosis"] = float(np.mean(g ** 4) / np.mean(g ** 2) ** 2)
    out["laplace_share"] = float(np.mean(np.abs(g) < sd))
    bins = pd.qcut(s, 6, duplicates="drop")
    df = pd.DataFrame({"s": s, "g": g, "b": bins})
    by = df.groupby("b", observed=True).agg(ms=("s", "mean"), sd=("g", "std"))
    out["volatility_slope"] = float(np.polyfit(by.ms.values, np.log(by.sd.values), 1)[0])
    jr = []
    for t in (60, 120, 180, 240):
        a = firms[firms.step == t - 12].set_index("firm_id").employees
        b = firms[firms.step == t].set_index("firm_id").employees
        both = pd.concat([a.rename("a"), b.rename("b")], axis=1).fillna(0.0)
        jr.append((both.b - both.a).abs().sum() / (0.5 * (a.sum() + b.sum())))
    out["job_reallocation"] = float(np.mean(jr))
    last = firms[firms.step == 240]
    edges = [1, 5, 10, 20, 50, 100, 250, 1e9]
    counts = np.histogram(last.employees.values, bins=edges)[0]
    out["no_missing_middle"] = float(all(counts[k + 1] <= counts[k] for k in range(len(counts) - 1)))
    old = last[last.age_months >= 240].employees.mean()
    young = last[last.age_months < 60].employees.mean()
    out["life_cycle"] = old / young if young > 0 else np.nan
    start = set(firms[firms.step == 0].firm_id)
    end = set(last.firm_id)
    out["survival_20y"] = len(start & end) / len(start)
    return out, (s, g), counts


def exporter_facts(firms, steps):
    out = {}
    sizes, prods = [], []
    for t in steps:
        w = firms[firms.step == t]
        w = w[(w.employees > 0) & (w.productivity > 0)]
        x, n = w[w.exporter == 1], w[w.exporter == 0]
        if len(x) and len(n):
            # Premia as the literature reports them: differences of mean logs (log points).
            sizes.append(np.log(x.employees).mean() - np.log(n.employees).mean())
            prods.append(np.log(x.productivity).mean() - np.log(n.productivity).mean())
    out["exporter_size"] = float(np.mean(sizes)) if sizes else np.nan
    out["exporter_productivity"] = float(np.mean(prods)) if prods else np.nan
    return out


def guarantee_check(bin_, seeds, out):
    """Claims a year per rupee of credit and the banks' write-off ratio with a CGTMSE-like guarantee
    on every loan of the default cluster (75 % cover): as the model stands, without the banks'
    viability test and without the guarantee's cap on default probability."""
    rows = []
    for label, extra in (("as the model stands (viability_margin 0, guarantee_pd_max 0.15)", []),
                         ("without the viability test (viability_margin -1)", ["--set", "finance.viability_margin=-1"]),
                         ("without the cap on default probability (guarantee_pd_max 1)", ["--set", "finance.guarantee_pd_max=1"])):
        claims, npa = [], []
        for seed in range(1, seeds + 1):
            d = out / f"guarantee-{len(rows)}-s{seed}"
            if not (REUSE and (d / "manifest.json").exists()):
                subprocess.run([bin_, "run", "configs/default.toml", "--seed", str(seed), "--out", str(d), "--force", "-q",
                                "--set", "finance.guarantee_cover=0.75"] + extra, check=True)
            ts = pd.read_csv(d / "timeseries.csv")
            ts = ts[ts.step >= 24]
            claims.append(12 * ts.guarantee_claims.sum() / ts.credit.sum())
            npa.append(ts.npa_ratio.mean())
        rows.append((label, np.mean(claims), np.mean(npa)))
    lines = ["| default cluster, 75 % cover on every loan | claims a year / credit outstanding | banks' write-offs / credit (npa_ratio) |",
             "|---|---:|---:|"]
    lines += [f"| {l} | {c:.2%} | {n:.2%} |" for l, c, n in rows]
    return "\n".join(lines)


def churn_sensitivity(bin_, seeds, out):
    """The growth facts at other values of market.customer_churn (an assumption, not calibrated)."""
    lines = ["| market.customer_churn | kurtosis | share within 1 sd | slope of log sd on log employment | job reallocation | exit rate |",
             "|---:|---:|---:|---:|---:|---:|"]
    for churn in (0.003, 0.01, 0.02, 0.03):
        rows = []
        for seed in range(1, seeds + 1):
            d = out / f"churn-{churn}-s{seed}"
            if not (REUSE and (d / "manifest.json").exists()):
                subprocess.run([bin_, "run", "configs/default.toml", "--seed", str(seed), "--firm-panel", "12", "--out", str(d),
                                "--force", "-q", "--set", f"market.customer_churn={churn}"], check=True)
            firms, ts = pd.read_csv(d / "firms.csv"), pd.read_csv(d / "timeseries.csv")
            facts = default_facts(firms, ts)[0]
            t = ts[ts.step >= 24]
            facts["exit"] = 12 * t.exits.sum() / t.firms.sum()
            rows.append(facts)
        m = pd.DataFrame(rows).mean()
        lines.append(f"| {churn} | {m.growth_kurtosis:.3g} | {m.laplace_share:.3f} | {m.volatility_slope:.3f} | "
                     f"{m.job_reallocation:.3f} | {m.exit:.3f} |")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default="build/bin/clustersim")
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--out", default="runs/validation")
    ap.add_argument("--figures", default="docs/img")
    ap.add_argument("--markdown", help="also write the table to this file")
    ap.add_argument("--reuse", action="store_true",
                    help="read the runs already complete in --out (those with a manifest.json) instead of running them again")
    a = ap.parse_args()
    global REUSE
    REUSE = a.reuse
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    per_seed = {k: [] for k, *_ in FACTS}
    pooled_s, pooled_g, dispersion = [], [], []
    for seed in range(1, a.seeds + 1):
        firms, ts = run(a.bin, "configs/default.toml", seed, out / f"default-s{seed}")
        facts, (s, g), _ = default_facts(firms, ts)
        facts.update({f"{k}:default": v for k, v in exporter_facts(firms, (60, 120, 240)).items()})
        pooled_s.append(s)
        pooled_g.append(g)
        dispersion.append(ts.set_index("step").prod_p90_p10)
        for cluster, steps in (("configs/morbi_ceramics.toml", (60, 120)), ("configs/tirupur_knitwear.toml", (60, 96))):
            name = Path(cluster).stem
            f2, _ = run(a.bin, cluster, seed, out / f"{name}-s{seed}", steps=max(steps))
            facts.update({f"{k}:{name}": v for k, v in exporter_facts(f2, steps).items()})
        for k in per_seed:
            if k in facts:
                per_seed[k].append(facts[k])
        print(f"seed {seed} done", file=sys.stderr)

    lines = ["| fact | model (mean over seeds, range) | published | source |", "|---|---|---|---|"]
    for k, fact, published, source in FACTS:
        v = np.array(per_seed[k], dtype=float)
        v = v[np.isfinite(v)]
        cell = f"{v.mean():.3g} ({v.min():.3g} to {v.max():.3g})" if len(v) else "undefined"
        if k == "no_missing_middle":
            cell = f"in {int(v.sum())} of {len(v)} runs"
        lines.append(f"| {fact} | {cell} | {published} | {source} |")
    table = "\n".join(lines) + "\n\n" + guarantee_check(a.bin, a.seeds, out) + "\n\n" + \
        churn_sensitivity(a.bin, min(a.seeds, 3), out)
    print(table)
    if a.markdown:
        Path(a.markdown).write_text(table + "\n")

    figs = Path(a.figures)
    figs.mkdir(parents=True, exist_ok=True)
    g = np.concatenate(pooled_g)
    s = np.concatenate(pooled_s)
    fig, ax = plt.subplots(1, 3, figsize=(15, 4.4))
    hist, edges = np.histogram(g / g.std(), bins=60, range=(-6, 6), density=True)
    mid = 0.5 * (edges[1:] + edges[:-1])
    ax[0].semilogy(mid[hist > 0], hist[hist > 0], "o", ms=3, label="model")
    x = np.linspace(-6, 6, 200)
    ax[0].semilogy(x, np.exp(-np.sqrt(2) * np.abs(x)) / np.sqrt(2), label="Laplace, same sd")
    ax[0].semilogy(x, np.exp(-x * x / 2) / np.sqrt(2 * np.pi), "--", label="normal, same sd")
    ax[0].set_ylim(1e-4, 2)
    ax[0].set_xlabel("annual log turnover growth / its sd")
    ax[0].set_ylabel("density (log scale)")
    ax[0].set_title("Growth-rate distribution (Laplace expected)")
    ax[0].legend(loc="upper right", fontsize=8)
    bins = pd.qcut(s, 8, duplicates="drop")
    df = pd.DataFrame({"s": s, "g": g, "b": bins}).groupby("b", observed=True).agg(ms=("s", "mean"), sd=("g", "std"))
    ax[1].loglog(np.exp(df.ms), df.sd, "o-", label="model")
    ref = df.sd.iloc[0] * (np.exp(df.ms) / np.exp(df.ms.iloc[0])) ** -0.2
    ax[1].loglog(np.exp(df.ms), ref, "--", label="slope -0.2 (Amaral et al. 1997)")
    ax[1].set_xlabel("employment at the start of the year (workers)")
    ax[1].set_ylabel("sd of annual log growth")
    ax[1].set_title("Volatility by size (slope -0.2 expected)")
    ax[1].legend(loc="lower left", fontsize=8)
    d = pd.concat(dispersion, axis=1)
    ax[2].plot(d.index / 12, d.mean(axis=1), label="mean over seeds")
    ax[2].fill_between(d.index / 12, d.min(axis=1), d.max(axis=1), alpha=0.3, label="range over seeds")
    ax[2].set_ylim(0, max(8, float(d.max().max()) * 1.1))
    ax[2].set_xlabel("years")
    ax[2].set_ylabel("90/10 ratio of labour productivity")
    ax[2].set_title("Productivity dispersion over time")
    ax[2].legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(figs / "validation_firm_dynamics.png", dpi=110)
    print(f"wrote {figs / 'validation_firm_dynamics.png'}", file=sys.stderr)


if __name__ == "__main__":
    main()
