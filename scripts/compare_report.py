#!/usr/bin/python3
"""One self-contained HTML report of a `clustersim compare` (Debian: python3-matplotlib, python3-pandas).

    scripts/compare_report.py DIR [--out FILE] [--figures PREFIX]

DIR is the output directory of `clustersim compare` (one programme, or several with --mix).
Writes FILE (default DIR/report.html): the scenario and the mixes, the ranking table with the
paired differences between mixes, cost-effectiveness with the benefit-cost ratio's definition,
event-study charts for every outcome (participants, non-participants, cluster), the evaluator's
difference-in-differences beside the true effect, whom each mix reached, spending by budget
line and over time, and the caveats. Figures are PNG embedded in the page (no other files).
--figures PREFIX also writes the employment charts as PREFIX_employment.png (the event study)
and PREFIX_did.png (the evaluator's difference-in-differences), as docs/evaluation.md shows them.
The definitions of every number are in docs/evaluation.md.
"""
import argparse
import base64
import html
import io
import json
import os
import sys
import tomllib

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402
import pandas as pd  # noqa: E402

COLOURS = ["#1b6ca8", "#d1495b", "#2a9d8f", "#e9a03b", "#7d5ba6", "#5c6b73", "#8ab17d", "#b5651d"]
OUTCOMES = ["employment", "output", "turnover", "productivity", "exports", "exporter", "survival", "credit",
            "energy", "emissions"]


def esc(s):
    return html.escape(str(s))


SAVE = {}  # alt text of a figure -> a PNG path to write it to as well (--figures)


def fig_html(fig, alt):
    if alt in SAVE:
        fig.savefig(SAVE[alt], format="png", dpi=110, bbox_inches="tight")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return f'<figure><img alt="{esc(alt)}" src="data:image/png;base64,{data}"></figure>'


def fmt(v, digits=3):
    try:
        v = float(v)
    except (TypeError, ValueError):
        return esc(v) if isinstance(v, str) and v else "n/a"
    if v != v:
        return "–"
    if abs(v) >= 1e4:
        return f"{v:,.0f}"
    return f"{v:.{digits}g}"


def na(v, digits=3):
    """A cost or ratio that the ranking writes as n/a when it does not exist (pandas reads NaN)."""
    try:
        if float(v) != float(v):
            return "n/a"
    except (TypeError, ValueError):
        return "n/a"
    return fmt(v, digits)


def ci(v, lo, hi, digits=3):
    if isinstance(v, str) and v == "n/a":
        return "n/a"
    return f"{fmt(v, digits)} <span class=ci>[{fmt(lo, digits)}, {fmt(hi, digits)}]</span>"


def table(rows, header):
    out = ["<table><tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr>"]
    for r in rows:
        out.append("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>")
    return "\n".join(out) + "</table>"


def load_mix(path):
    m = {"dir": path}
    with open(os.path.join(path, "manifest.json"), encoding="utf-8") as f:
        m["manifest"] = json.load(f)
    m["name"] = m["manifest"].get("mix") or os.path.basename(os.path.normpath(path))
    for key, name in [("years", "effects_by_year.csv"), ("did", "did_by_year.csv"), ("summary", "summary.csv"),
                      ("spending", "spending.csv"), ("part", "participation.csv"), ("flows", "flows_by_year.csv")]:
        # summary.csv writes "n/a" with its reason in `note`: keep it as text there.
        m[key] = pd.read_csv(os.path.join(path, name), keep_default_na=(key != "summary"))
    try:
        m["config"] = tomllib.loads(m["manifest"]["config_toml"])
    except (KeyError, tomllib.TOMLDecodeError):
        m["config"] = {}
    return m


def find_mixes(d):
    rank = pd.read_csv(os.path.join(d, "ranking.csv"))
    if os.path.exists(os.path.join(d, "effects_by_year.csv")):
        return [load_mix(d)], rank, None
    mixes = [load_mix(os.path.join(d, str(name))) for name in rank["mix"]]
    diffs = pd.read_csv(os.path.join(d, "mix_differences.csv"))
    return mixes, rank, diffs


def interventions_html(m):
    rows = []
    common = {"kind", "name", "enabled", "cluster", "start", "end", "budget", "target", "percentile", "max_firms",
              "rated_clusters"}
    defaults = {}
    for iv in m["config"].get("intervention", []):
        if not iv.get("enabled", 1):
            continue
        extra = ", ".join(f"{k} = {v}" for k, v in iv.items() if k not in common and defaults.get(k) != v)
        end = iv.get("end", -1)
        rows.append([esc(iv.get("kind")), esc(iv.get("start", 0)), esc("end of implementation" if end == -1 else end),
                     fmt(iv.get("budget")), esc(iv.get("target", "all")), f"<small>{esc(extra)}</small>"])
    return table(rows, ["kind", "start (month of implementation)", "end", "budget, ₹ lakh", "target", "its keys"])


def event_study(mixes, outcome):
    groups = [("participants", "mean", "participants (mean per firm)"),
              ("non_participants", "mean", "non-participants: spillover (mean per firm)"),
              ("cluster", None, "cluster (total over all firms)")]
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.6))
    unit = ""
    exit_year = None
    for ax, (group, stat, title) in zip(axes, groups):
        for k, m in enumerate(mixes):
            d = m["years"]
            d = d[(d["outcome"] == outcome) & (d["group"] == group)]
            if stat:
                d = d[d["statistic"] == stat]
            else:
                d = d[d["statistic"].isin(["total", "ratio"])]
            if d.empty:
                continue
            unit = d["unit"].iloc[0]
            c = COLOURS[k % len(COLOURS)]
            ax.plot(d["year"], d["effect"], marker="o", ms=3, color=c, label=m["name"])
            ax.fill_between(d["year"], d["ci_low"], d["ci_high"], color=c, alpha=0.18, lw=0)
            impl = int(m["manifest"].get("implementation_start", 0))
            exit_year = (int(m["manifest"]["exit_step"]) - 1 - impl) // 12
        ax.axhline(0, color="black", lw=0.7)
        ax.axvline(-0.5, color="grey", ls="--", lw=0.8)
        if exit_year is not None:
            ax.axvline(exit_year + 0.5, color="grey", ls=":", lw=0.8)
        ax.set_title(title, fontsize=10)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("year relative to the start of implementation")
        ax.set_ylabel(f"effect on {outcome}, {unit}")
        ax.grid(alpha=0.3)
    handles, labels = axes[0].get_legend_handles_labels()
    if not handles:
        handles, labels = axes[2].get_legend_handles_labels()
    handles += [plt.Line2D([], [], color="grey", ls="--"), plt.Line2D([], [], color="grey", ls=":")]
    labels += ["implementation starts", "programme exits"]
    fig.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=min(6, len(labels)),
               frameon=False)
    fig.suptitle(f"{outcome}: effect by year (95 % CI band over replications)", fontsize=11)
    fig.tight_layout()
    return fig_html(fig, f"event study of {outcome}")


def did_chart(mixes, outcome):
    fig, axes = plt.subplots(1, len(mixes), figsize=(4.6 * len(mixes), 3.4), squeeze=False)
    unit = ""
    for ax, m in zip(axes[0], mixes):
        d = m["did"]
        d = d[(d["outcome"] == outcome) & (d["year"] != "post")].copy()
        d["year"] = d["year"].astype(int)
        if d.empty:
            continue
        unit = d["unit"].iloc[0]
        ax.plot(d["year"], d["true_effect"], marker="o", ms=3, color="#1b6ca8", label="true effect on participants")
        ax.fill_between(d["year"], d["true_low"], d["true_high"], color="#1b6ca8", alpha=0.18, lw=0)
        ax.plot(d["year"], d["did"], marker="s", ms=3, color="#d1495b", label="evaluator's difference-in-differences")
        ax.fill_between(d["year"], d["did_low"], d["did_high"], color="#d1495b", alpha=0.15, lw=0)
        ax.axhline(0, color="black", lw=0.7)
        ax.axvline(-0.5, color="grey", ls="--", lw=0.8)
        ax.set_title(m["name"], fontsize=10)
        ax.set_xlabel("year relative to the start of implementation")
        ax.set_ylabel(f"effect on {outcome} per firm, {unit}")
        ax.grid(alpha=0.3)
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=2, frameon=False)
    fig.tight_layout()
    return fig_html(fig, f"difference-in-differences against the true effect, {outcome}")


def spending_chart(mixes):
    fig, (a, b) = plt.subplots(1, 2, figsize=(13, 3.8))
    lines = []
    for m in mixes:
        for _, r in m["spending"].iterrows():
            if r["name"] not in lines:
                lines.append(r["name"])
    bottom = [0.0] * len(mixes)
    for j, line in enumerate(lines):
        vals = []
        for m in mixes:
            s = m["spending"]
            v = s.loc[s["name"] == line, "spent_mean"]
            vals.append(float(v.iloc[0]) if len(v) else 0.0)
        a.barh([m["name"] for m in mixes], vals, left=bottom, color=COLOURS[j % len(COLOURS)], label=line)
        bottom = [x + y for x, y in zip(bottom, vals)]
    a.set_xlabel("spent over the run, ₹ lakh (mean over replications)")
    a.set_title("spending by budget line", fontsize=10)
    a.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
    for k, m in enumerate(mixes):
        f = m["flows"]
        f = f[f["flow"] == "programme_spending"]
        b.plot(f["year"], f["cumulative_policy"], marker="o", ms=3, color=COLOURS[k % len(COLOURS)], label=m["name"])
    b.axvline(-0.5, color="grey", ls="--", lw=0.8)
    b.set_xlabel("year relative to the start of implementation")
    b.set_ylabel("cumulative programme spending, ₹ lakh")
    b.set_title("spending over time", fontsize=10)
    b.grid(alpha=0.3)
    b.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
    fig.tight_layout()
    return fig_html(fig, "spending by budget line and over time")


def metric(m, name, horizon="run"):
    s = m["summary"]
    r = s[(s["metric"] == name) & (s["horizon"] == horizon)]
    if r.empty:
        return None
    return r.iloc[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir")
    ap.add_argument("--out")
    ap.add_argument("--figures", metavar="PREFIX", help="also write PREFIX_employment.png and PREFIX_did.png")
    a = ap.parse_args()
    if a.figures:
        SAVE["event study of employment"] = a.figures + "_employment.png"
        SAVE["difference-in-differences against the true effect, employment"] = a.figures + "_did.png"
    mixes, rank, diffs = find_mixes(a.dir)
    top = json.load(open(os.path.join(a.dir, "manifest.json"), encoding="utf-8"))
    scenario = top.get("scenario", "")
    reps = top.get("reps", mixes[0]["manifest"].get("reps"))
    steps = top.get("steps", mixes[0]["manifest"].get("steps"))
    parts = []
    parts.append(f"<h1>Programme evaluation: {esc(os.path.basename(scenario))}</h1>")
    parts.append(f"<p>Scenario <code>{esc(scenario)}</code>; {esc(reps)} replications of {esc(steps)} months, each "
                 "mix and the baseline run on the same seeds (common random numbers), so every firm alive when the "
                 "programme starts is the same firm in every run and its effect is known exactly. Written by "
                 f"<code>clustersim compare</code> version {esc(top.get('version', ''))} "
                 f"(git {esc(top.get('git_commit', ''))}). Definitions: docs/evaluation.md.</p>")

    parts.append("<h2>The mixes</h2>")
    for m in mixes:
        parts.append(f"<h3>{esc(m['name'])}</h3><p><code>{esc(m['manifest'].get('scenario', ''))}</code></p>")
        parts.append(interventions_html(m))

    parts.append("<h2>Which mix to fund</h2>")
    rows = []
    for _, r in rank.iterrows():
        rows.append([esc(r["rank"]), f"<b>{esc(r['mix'])}</b>", fmt(r["spending"], 4),
                     ci(r["benefit_cost_ratio"], r["bcr_low"], r["bcr_high"]),
                     ci(r["jobs_end"], r["jobs_end_low"], r["jobs_end_high"], 4), na(r["cost_per_job_end"]),
                     ci(r["co2_avoided"], r["co2_avoided_low"], r["co2_avoided_high"]), na(r["cost_per_tonne_co2"]),
                     na(r["exports_per_rupee"]),
                     ci(r["participants_employment_effect"], r["participants_low"], r["participants_high"]),
                     ci(r["spillover_employment_effect"], r["spillover_low"], r["spillover_high"])])
    parts.append(table(rows, ["rank", "mix", "spent, ₹ lakh", "benefit-cost ratio", "jobs at the end",
                              "₹ lakh per job", "tCO2 avoided", "₹ per tCO2", "exports per ₹",
                              "participants: workers per firm", "non-participants: workers per firm"]))
    parts.append("<p class=note>Ranked by the benefit-cost ratio. 95 % confidence intervals over replications in "
                 "brackets. Workers per firm: the true effect on employment averaged over the years from the start "
                 "of implementation. n/a: the effect the cost is divided by is not above zero (the reason is in "
                 "the cost-effectiveness table).</p>")
    if diffs is not None and not diffs.empty:
        rows = []
        for _, r in diffs.iterrows():
            mark = " <b>*</b>" if int(r["significant"]) else ""
            rows.append([esc(r["mix"]), esc(r["against"]), esc(r["measure"]), esc(r["unit"]),
                         ci(r["difference"], r["ci_low"], r["ci_high"]) + mark])
        parts.append("<h3>Differences between mixes, replication by replication</h3>")
        parts.append(table(rows, ["mix", "against", "measure", "unit", "difference"]))
        parts.append("<p class=note>* the 95 % interval of the paired difference excludes 0.</p>")

    parts.append("<h2>What each mix buys</h2>")
    names = ["programme_spending", "benefit_cost_ratio", "employment_effect", "jobs_created", "jobs_saved",
             "cost_per_job", "cost_per_job_created", "cost_per_job_saved", "co2_avoided", "cost_per_tonne_co2",
             "additional_exports", "exports_per_rupee", "output_per_rupee", "cumulative_subsidies",
             "participants", "participation_rate"]
    rows, notes = [], []
    for name in names:
        row = [esc(name)]
        unit = ""
        for m in mixes:
            r = metric(m, name, "end") if metric(m, name, "run") is None else metric(m, name, "run")
            if r is None:
                row.append("–")
                continue
            unit = r["unit"]
            row.append(ci(r["value"], r["ci_low"], r["ci_high"]))
            if isinstance(r.get("note"), str) and r["value"] == "n/a":
                notes.append(f"{esc(m['name'])}, {esc(name)}: {esc(r['note'])}")
        row.insert(1, esc(unit))
        rows.append(row)
    parts.append(table(rows, ["measure", "unit"] + [esc(m["name"]) for m in mixes]))
    parts.append("<p class=note>Employment measures at the end of the run. " + "<br>".join(notes) + "</p>")
    bcr = metric(mixes[0], "benefit_cost_ratio")
    if bcr is not None:
        parts.append(f"<p class=note><b>Benefit-cost ratio.</b> {esc(bcr['definition'])}.</p>")

    parts.append("<h2>Effects year by year</h2><p>For each outcome, the effect on the firms a mix reached "
                 "(participants), on the firms of the cluster it did not reach (the spillover), and on the cluster "
                 "as a whole (including firms that entered later), by year relative to the start of implementation. "
                 "Bands: 95 % confidence intervals over replications.</p>")
    for o in OUTCOMES:
        parts.append(event_study(mixes, o))

    parts.append("<h2>What an evaluator would have estimated</h2><p>A difference-in-differences with firm fixed "
                 "effects on the policy run's own panel (participants against non-participants, each year against "
                 "year -1), as a real evaluation must do without a counterfactual, beside the true effect on "
                 "participants. The gap is the bias from spillovers onto non-participants, from selecting "
                 "participants whose paths differ anyway, and from effects already present in year -1.</p>")
    for o in ["employment", "output", "turnover"]:
        parts.append(did_chart(mixes, o))
    rows = []
    for m in mixes:
        d = m["did"]
        for o in ["employment", "output", "turnover", "exports", "survival"]:
            r = d[(d["outcome"] == o) & (d["year"] == "post")]
            if r.empty:
                continue
            r = r.iloc[0]
            rows.append([esc(m["name"]), esc(o), ci(r["did"], r["did_low"], r["did_high"]),
                         ci(r["true_effect"], r["true_low"], r["true_high"]), fmt(r["bias"]), fmt(r["spillover_part"]),
                         fmt(r["selection_part"]), fmt(r["anticipation_part"]), fmt(r["pre_trend_part"])])
    parts.append(table(rows, ["mix", "outcome", "DiD estimate (pooled)", "true effect", "bias", "spillover part",
                              "selection part", "anticipation part", "pre-trend part"]))

    parts.append("<h2>Whom each mix reached</h2>")
    for m in mixes:
        rows = [[esc(r["kind"]), fmt(r["cohort_firms"]), fmt(r["cohort_share"]), fmt(r["entrant_firms"]),
                 fmt(r["amount"]), fmt(r["amount_per_firm"]), f"<small>{esc(r['reached_means'])}</small>"]
                for _, r in m["part"].iterrows()]
        parts.append(f"<h3>{esc(m['name'])}</h3>")
        parts.append(table(rows, ["kind", "firms reached (of those alive at the start)", "share", "entrants reached",
                                  "amount, ₹ lakh", "per firm", "reached means"]))

    parts.append("<h2>Spending</h2>")
    parts.append(spending_chart(mixes))

    parts.append("<h2>Caveats</h2><ul>")
    for m in mixes:
        for n in m["manifest"].get("notes", []):
            parts.append(f"<li>{esc(m['name'])}: {esc(n)}</li>")
        for w in m["manifest"].get("warnings", []):
            parts.append(f"<li>{esc(m['name'])}: warning: {esc(w)}</li>")
    parts.append(
        "<li>Firm-level effects cover the firms alive when the programme started; firms that entered later are "
        "not the same firms in the two runs and are counted only as a group (entrants) and in the cluster's totals."
        "</li><li>The counterfactual is the model's: demand for the cluster's products is given, so a programme that "
        "raises some firms' output takes market share from others (a negative spillover) and lowers prices.</li>"
        "<li>Cluster-wide interventions (twinning, infrastructure) reach no firm in particular: their effect shows "
        "on non-participants and the cluster.</li><li>Benefits after the last month are not counted; the ratio of "
        "a programme whose effects persist is understated.</li></ul>")

    css = ("body{font-family:DejaVu Sans,Arial,sans-serif;max-width:1350px;margin:2em auto;color:#222}"
           "table{border-collapse:collapse;margin:0.6em 0;font-size:13px}"
           "td,th{border:1px solid #ccc;padding:3px 7px;text-align:right;vertical-align:top}"
           "th{background:#eef2f5}td:first-child,th:first-child{text-align:left}.ci{color:#666;font-size:11px}"
           ".note{font-size:12px;color:#444}figure{margin:0.8em 0}img{max-width:100%}")
    page = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>ClusterSim programme evaluation</title>"
            f"<style>{css}</style></head><body>" + "\n".join(parts) + "</body></html>\n")
    out = a.out or os.path.join(a.dir, "report.html")
    with open(out, "w", encoding="utf-8") as f:
        f.write(page)
    print(f"wrote {out}")


if __name__ == "__main__":
    sys.exit(main())
