// Cost-effectiveness of a programme (summary.csv), the per-replication headline measures the
// ranking of mixes compares, and the words on budget lines that did nothing (docs/evaluation.md).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "observe/indicators.hpp"
#include "runner/compare.hpp"
#include "runner/compare_report.hpp"
#include "runner/compare_stats.hpp"

namespace cs {

namespace {

constexpr double kNaN = kCompareNaN;
constexpr double kRupeesPerLakh = 1e5;

// The discounted spending of a run, scaled to the programme's own total: the monthly
// indicator gives the timing, Programme::spent the amount.
double spend_disc(const RunOut& o) {
  if (o.spending_ind > 0) return o.spending_ind_disc * (o.spent / o.spending_ind);
  return o.spent;
}

double ratio(double a, double b) { return b > 0 ? a / b : kNaN; }

std::string g4(double v) {
  char b[48];
  std::snprintf(b, sizeof b, std::fabs(v) >= 1e4 ? "%.0f" : "%.4g", v);
  return b;
}

std::string interval(const Est& e) { return g4(e.eff) + " (95 % CI " + g4(e.lo) + " to " + g4(e.hi) + ")"; }

// A cost per unit of an effect that may be zero or negative: a value only when the effect's CI
// lies above 0; otherwise n/a and the reason in words.
Metric cost_per(const char* name, const char* horizon, double spend, const Est& e, double scale, const char* unit,
                const char* what, const char* definition) {
  Metric c{name, horizon, kNaN, kNaN, kNaN, unit, definition};
  if (!(spend > 0)) {
    c.na = true;
    c.note = "nothing was spent";
  } else if (e.significant_positive()) {
    c.value = scale * spend / e.eff;
    c.lo = scale * spend / e.hi;
    c.hi = scale * spend / e.lo;
  } else if (e.significant_negative()) {
    c.na = true;
    c.note = std::string("the programme reduced ") + what + ": effect " + interval(e) + "; no cost per unit exists";
  } else {
    c.na = true;
    c.note = std::string("no effect on ") + what + " distinguishable from zero: " + interval(e);
  }
  return c;
}

std::size_t column(const std::string& name) {
  const std::vector<std::string> cols = compare_columns();
  return static_cast<std::size_t>(std::find(cols.begin(), cols.end(), name) - cols.begin());
}

// Per replication: the policy value minus the baseline value of get().
std::vector<double> diffs(const CompareResult& r, double (*get)(const RunOut&)) {
  std::vector<double> d;
  for (std::size_t k = 0; k < r.policy_runs.size(); ++k) d.push_back(get(r.policy_runs[k]) - get(r.base_runs[k]));
  return d;
}

}  // namespace

extern const char* const kBcrDefinition;
const char* const kBcrDefinition =
    "benefit-cost ratio of an economic appraisal: the cluster's additional gross value added (sales less materials "
    "and energy) at pre-programme (step 0) prices, summed over the whole run and discounted to step 0, divided by the "
    "programme's spending discounted the same way; mean over replications of each replication's ratio. Assumptions: "
    "benefits end at the last step; subsidies and grants are transfers (costs, never benefits); extra output is "
    "valued at the prices before the programme, so gains passed to buyers as lower prices count; no value for CO2, "
    "for assets left behind (a CFC), or for activity displaced from other clusters";

Headline headline(const CompareResult& r) {
  Headline h;
  const std::size_t emp = column("employment");
  for (std::size_t k = 0; k < r.policy_runs.size(); ++k) {
    const RunOut &p = r.policy_runs[k], &b = r.base_runs[k];
    const double va = p.gva_real_disc - b.gva_real_disc;
    h.value_added.push_back(va);
    h.bcr.push_back(ratio(va, spend_disc(p)));
    h.jobs_end.push_back(p.end[emp] - b.end[emp]);
    h.co2_avoided.push_back(b.emissions - p.emissions);
    h.exports.push_back(p.exports - b.exports);
    h.spending.push_back(p.spent);
  }
  return h;
}

std::vector<Metric> summary_metrics(const CompareResult& r) {
  std::vector<Metric> m;
  const Est spend = mean_ci([&] {
    std::vector<double> v;
    for (const RunOut& o : r.policy_runs) v.push_back(o.spent);
    return v;
  }());
  const double S = spend.eff;
  m.push_back({"programme_spending", "run", S, spend.lo, spend.hi, "₹ lakh",
               "total spent by the programme over the run (all budget lines, subsidies and guarantee claims net of "
               "fees included), mean over replications"});
  const char* flows[] = {"subsidies", "vouchers", "guarantee_claims", "consortium_grants"};
  const char* flow_def[] = {"capital subsidies paid (technology upgradation and energy efficiency)",
                            "BDS and certification vouchers paid", "guarantee claims paid to banks",
                            "consortium seed grants paid"};
  for (std::size_t k = 0; k < 4; ++k) {
    std::vector<double> v;
    for (const RunOut& o : r.policy_runs) {
      double s = 0;
      for (std::size_t y = 0; y * kYearFlows < o.flows.size(); ++y) s += o.flows[y * kYearFlows + 1 + k];
      v.push_back(s);
    }
    const Est e = mean_ci(v);
    m.push_back({std::string("cumulative_") + flows[k], "run", e.eff, e.lo, e.hi, "₹ lakh",
                 std::string(flow_def[k]) + ", summed over the run (policy run; flows_by_year.csv has the path)"});
  }

  const std::size_t emp = column("employment");
  for (const char* h : {"exit", "end"}) {
    const bool at_exit = std::string(h) == "exit";
    const std::size_t hi = at_exit ? 0 : 1;
    const Est jobs = paired(r, [&](const RunOut& o) { return (at_exit ? o.exit : o.end)[emp]; });
    std::vector<double> saved, created;
    for (std::size_t k = 0; k < r.effects.size(); ++k) {
      const double s = r.effects[k].saved[hi] - r.effects[k].lost[hi];
      const double total = (at_exit ? r.policy_runs[k].exit : r.policy_runs[k].end)[emp] -
                           (at_exit ? r.base_runs[k].exit : r.base_runs[k].end)[emp];
      saved.push_back(s);
      created.push_back(total - s);
    }
    const Est sv = mean_ci(saved), cr = mean_ci(created);
    m.push_back({"employment_effect", h, jobs.eff, jobs.lo, jobs.hi, "workers", "employment, policy - baseline (all firms)"});
    m.push_back({"jobs_saved", h, sv.eff, sv.lo, sv.hi, "workers",
                 "workers of firms alive when the programme started that survive with it and had closed without it, "
                 "less workers of such firms that closed with it and survive without it"});
    m.push_back({"jobs_created", h, cr.eff, cr.lo, cr.hi, "workers",
                 "employment_effect - jobs_saved: jobs added in firms alive in both runs and through entry"});
    m.push_back(cost_per("cost_per_job", h, S, jobs, 1.0, "₹ lakh per job", "employment",
                         "programme spending / employment effect"));
    m.push_back(cost_per("cost_per_job_created", h, S, cr, 1.0, "₹ lakh per job", "jobs created",
                         "programme spending / jobs created"));
    m.push_back(cost_per("cost_per_job_saved", h, S, sv, 1.0, "₹ lakh per job", "jobs saved",
                         "programme spending / jobs saved"));
  }

  auto cumulative = [&](const char* name, const char* unit, const char* def, double (*get)(const RunOut&)) {
    const Est e = mean_ci(diffs(r, get));
    m.push_back({name, "run", e.eff, e.lo, e.hi, unit, def});
    return e;
  };
  const Est ex = cumulative("additional_exports", "₹ lakh", "exports summed over steps 1..N, policy - baseline",
                            [](const RunOut& o) { return o.exports; });
  const Est to = cumulative("additional_turnover", "₹ lakh", "turnover summed over steps 1..N, policy - baseline",
                            [](const RunOut& o) { return o.turnover; });
  cumulative("additional_output", "units", "output summed over steps 1..N, policy - baseline",
             [](const RunOut& o) { return o.output; });
  const Est ov = cumulative("additional_output_value", "₹ lakh",
                            "output valued at step-0 prices, summed over steps 1..N, policy - baseline",
                            [](const RunOut& o) { return o.output_real; });
  cumulative("additional_value_added", "₹ lakh",
             "value added (turnover - materials - energy) at current prices summed over steps 1..N, policy - baseline",
             [](const RunOut& o) { return o.gva; });
  cumulative("additional_value_added_real", "₹ lakh",
             "value added at step-0 prices summed over steps 1..N, policy - baseline",
             [](const RunOut& o) { return o.gva_real; });
  const Est co2 = mean_ci(diffs(r, [](const RunOut& o) { return -o.emissions; }));
  m.push_back({"co2_avoided", "run", co2.eff, co2.lo, co2.hi, "tCO2",
               "emissions summed over steps 1..N, baseline - policy (negative: the programme added emissions)"});
  m.push_back(cost_per("cost_per_tonne_co2", "run", S, co2, kRupeesPerLakh, "₹ per tCO2", "emissions",
                       "programme spending (in ₹) / CO2 avoided"));

  auto per_rupee = [&](const char* name, const Est& e, const char* def) {
    Metric x{name, "run", ratio(e.eff, S), ratio(e.lo, S), ratio(e.hi, S), "₹ per ₹", def};
    x.na = !(S > 0);
    if (x.na) x.note = "nothing was spent";
    m.push_back(x);
  };
  per_rupee("exports_per_rupee", ex, "additional exports / programme spending (CI treats spending as fixed)");
  per_rupee("output_per_rupee", ov, "additional output at step-0 prices / programme spending");
  per_rupee("turnover_per_rupee", to, "additional turnover (output at its own prices) / programme spending");

  // The appraisal ratio, then its variants for sensitivity.
  const Headline hl = headline(r);
  const Est bcr = mean_ci(hl.bcr);
  Metric b{"benefit_cost_ratio", "run", bcr.eff, bcr.lo, bcr.hi, "₹ per ₹", kBcrDefinition};
  char disc[96];
  std::snprintf(disc, sizeof disc, "discount rate %g a year; read this ratio, the others are sensitivity checks", r.discount);
  b.note = disc;
  if (!(S > 0)) {
    b.na = true;
    b.note = "nothing was spent";
  }
  m.push_back(b);
  auto variant = [&](const char* name, double (*benefit)(const RunOut&), double (*cost)(const RunOut&), const char* def) {
    std::vector<double> v;
    for (std::size_t k = 0; k < r.policy_runs.size(); ++k)
      v.push_back(ratio(benefit(r.policy_runs[k]) - benefit(r.base_runs[k]), cost(r.policy_runs[k])));
    const Est e = mean_ci(v);
    Metric x{name, "run", e.eff, e.lo, e.hi, "₹ per ₹", def};
    x.na = !(S > 0);
    x.note = x.na ? "nothing was spent" : "sensitivity check of benefit_cost_ratio";
    m.push_back(x);
  };
  variant("bcr_current_prices", [](const RunOut& o) { return o.gva; }, [](const RunOut& o) { return o.spent; },
          "value added at each month's own prices, undiscounted: extra output that lowers prices counts as a loss");
  variant("bcr_constant_prices_undiscounted", [](const RunOut& o) { return o.gva_real; },
          [](const RunOut& o) { return o.spent; }, "benefit_cost_ratio without discounting");
  variant("bcr_current_prices_discounted", [](const RunOut& o) { return o.gva_disc; }, spend_disc,
          "value added at each month's own prices, discounted like benefit_cost_ratio");

  // Who took part (firms alive when the programme started).
  std::vector<double> part, share;
  for (const eval::RepEffects& e : r.effects) {
    part.push_back(e.participants);
    share.push_back(e.cohort > 0 ? e.participants / e.cohort : kNaN);
  }
  const Est pe = mean_ci(part), ps = mean_ci(share);
  m.push_back({"participants", "run", pe.eff, pe.lo, pe.hi, "firms",
               "firms alive when the programme started that any intervention reached (participation.csv by kind)"});
  m.push_back({"participation_rate", "run", ps.eff, ps.lo, ps.hi, "share", "participants / firms alive when the programme started"});

  const char* cls[kSizeColumns] = {"micro", "small", "medium"};
  const std::size_t nf = indicator_fields().size();
  for (const char* h : {"exit", "end"}) {
    const bool at_exit = std::string(h) == "exit";
    for (std::size_t k = 0; k < kSizeColumns; ++k) {
      const std::size_t fc = column(cls[k]), ec = nf + k;
      const Est f = paired(r, [&](const RunOut& o) { return (at_exit ? o.exit : o.end)[fc]; });
      const Est e = paired(r, [&](const RunOut& o) { return (at_exit ? o.exit : o.end)[ec]; });
      m.push_back({std::string("firms_") + cls[k], h, f.eff, f.lo, f.hi, "firms", "effect on the number of firms of the class"});
      m.push_back({std::string("employment_") + cls[k], h, e.eff, e.lo, e.hi, "workers",
                   "effect on the employment of firms of the class"});
    }
  }
  return m;
}

std::vector<std::string> line_notes(const CompareResult& r) {
  std::vector<std::string> out;
  if (r.policy_runs.empty()) return out;
  const std::size_t R = r.policy_runs.size();
  const std::size_t nl = r.policy_runs[0].lines.size();
  auto median = [](std::vector<int> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? -1 : v[v.size() / 2];
  };
  for (std::size_t l = 1; l < nl; ++l) {
    const policies::BudgetLine& b0 = r.policy_runs[0].lines[l];
    const std::string who = b0.name + (b0.name == b0.kind ? "" : " (" + b0.kind + ")");
    int ran = 0, spent = 0, trust = 0, none_eligible = 0;
    for (const RunOut& o : r.policy_runs) {
      const policies::BudgetLine& b = o.lines[l];
      if (b.first_step < 0) continue;
      ++ran;
      if (b.spent > 1e-9) ++spent;
      else if (!b.trust_met) ++trust;
      else if (b.eligible_max == 0) ++none_eligible;
    }
    char t[512];
    if (ran == 0) {
      std::snprintf(t, sizeof t, "%s never ran: its window did not open within the run", who.c_str());
      out.emplace_back(t);
    } else if (spent < static_cast<int>(R)) {
      std::string why;
      if (trust > 0) {
        char w[200];
        std::snprintf(w, sizeof w, "waited for trust in %d (mean trust never reached programme.collective_trust = %g)",
                      trust, r.policy.programme.collective_trust);
        why += w;
      }
      if (none_eligible > 0) (why += why.empty() ? "" : "; ") += "no firm was eligible in " + std::to_string(none_eligible);
      const int rest = static_cast<int>(R) - spent - trust - none_eligible;
      if (rest > 0)
        (why += why.empty() ? "" : "; ") +=
            std::string(b0.kind == "cfc" ? "the SPV never formed (too few willing members, too little trust among "
                                           "them, or the grant could not be paid)"
                                         : "eligible firms never took it up") +
            " in " + std::to_string(rest);
      std::snprintf(t, sizeof t, "%s spent nothing in %d of %zu replications: %s", who.c_str(),
                    static_cast<int>(R) - spent, R, why.c_str());
      out.emplace_back(t);
    }
  }
  // The CFCs: when they formed, opened and closed.
  std::vector<int> formed, opened, closed;
  int built = 0;
  for (const RunOut& o : r.policy_runs)
    for (const CfcEvent& c : o.cfcs) {
      ++built;
      formed.push_back(c.formed);
      if (c.opened) opened.push_back(c.opens);
      if (c.closed >= 0) closed.push_back(c.closed);
    }
  if (built > 0) {
    char t[400];
    std::snprintf(t, sizeof t,
                  "CFC: %d formed over %zu replications (median step %d); opened in %zu (median step %d); closed in %zu "
                  "(median step %d); open at the end in %zu",
                  built, R, median(formed), opened.size(), median(opened), closed.size(), median(closed),
                  opened.size() - closed.size());
    out.emplace_back(t);
  }
  return out;
}

}  // namespace cs
