// Several mixes against one baseline: the ranking table (ranking.csv) and paired intervals for
// the difference between every two mixes (mix_differences.csv). The mixes share their seeds and
// their baseline, so a difference is taken replication by replication.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "runner/compare.hpp"
#include "runner/compare_report.hpp"
#include "runner/compare_stats.hpp"
#include "sweep/names.hpp"
#include "sweep/run.hpp"

namespace cs {

namespace fs = std::filesystem;

namespace {

const Metric* find(const std::vector<Metric>& m, const std::string& name, const std::string& horizon) {
  for (const Metric& x : m)
    if (x.name == name && x.horizon == horizon) return &x;
  return nullptr;
}

// Mean true effect on participants' and non-participants' employment over the years from the
// start of implementation, one value per replication.
void pooled_employment(const CompareResult& r, std::vector<double>& att, std::vector<double>& spill) {
  const auto o = static_cast<std::size_t>(eval::Outcome::employment);
  for (const eval::RepEffects& e : r.effects) {
    double a = 0, s = 0;
    int n = 0;
    for (int y = 0; y < e.years; ++y) {
      const eval::Did& d = e.did[static_cast<std::size_t>(y) * eval::kOutcomes + o];
      if (r.grid.first + y < 0 || !std::isfinite(d.att)) continue;
      a += d.att;
      s += d.spill;
      ++n;
    }
    att.push_back(n ? a / n : kCompareNaN);
    spill.push_back(n ? s / n : kCompareNaN);
  }
}

std::string f(double v, const char* fmt = "%.3g") {
  if (!std::isfinite(v)) return "-";
  char b[48];
  // Whole numbers up to a million; beyond, three significant digits keep the columns narrow.
  std::snprintf(b, sizeof b, std::fabs(v) >= 1e6 ? "%.3g" : std::fabs(v) >= 1e4 ? "%.0f" : fmt, v);
  return b;
}

std::string ci(const Est& e, const char* fmt = "%.3g") { return f(e.eff, fmt) + " [" + f(e.lo, fmt) + ", " + f(e.hi, fmt) + "]"; }

std::string pad(std::string s, std::size_t w) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  s += std::string(n < w ? w - n : 1, ' ');  // at least one space between columns
  return s;
}

}  // namespace

std::string write_ranking(const fs::path& dir, const std::vector<const CompareResult*>& mixes) {
  const std::size_t M = mixes.size();
  std::vector<Headline> h;
  std::vector<Est> bcr;
  for (const CompareResult* r : mixes) {
    h.push_back(headline(*r));
    bcr.push_back(mean_ci(h.back().bcr));
  }
  std::vector<std::size_t> order(M);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const double x = std::isfinite(bcr[a].eff) ? bcr[a].eff : -1e300, y = std::isfinite(bcr[b].eff) ? bcr[b].eff : -1e300;
    return x > y;
  });

  std::string csv =
      "rank,mix,spending,benefit_cost_ratio,bcr_low,bcr_high,value_added,value_added_low,value_added_high,jobs_end,"
      "jobs_end_low,jobs_end_high,cost_per_job_end,co2_avoided,co2_avoided_low,co2_avoided_high,cost_per_tonne_co2,"
      "additional_exports,exports_per_rupee,participants,participants_employment_effect,participants_low,"
      "participants_high,spillover_employment_effect,spillover_low,spillover_high\n";
  std::string text = "Ranking of the mixes by benefit-cost ratio (" + std::to_string(mixes.front()->reps) +
                     " replications, each mix paired with the same baseline; 95 % CI in brackets)\n";
  text += "  " + pad("rank", 5) + pad("mix", 22) + pad("spent", 8) + pad("benefit-cost ratio", 24) +
          pad("jobs at end", 24) + pad("₹ lakh/job", 11) + pad("tCO2 avoided", 26) + pad("₹/tCO2", 9) +
          pad("exports/₹", 10) + pad("participants: workers/firm", 30) + "spillover: workers/firm\n";
  for (std::size_t k = 0; k < M; ++k) {
    const std::size_t i = order[k];
    const CompareResult& r = *mixes[i];
    const std::vector<Metric> m = summary_metrics(r);
    const Est va = mean_ci(h[i].value_added), jobs = mean_ci(h[i].jobs_end), co2 = mean_ci(h[i].co2_avoided);
    const Est spend = mean_ci(h[i].spending);
    std::vector<double> att, spill;
    pooled_employment(r, att, spill);
    const Est a = mean_ci(att), s = mean_ci(spill);
    const Metric* cpj = find(m, "cost_per_job", "end");
    const Metric* cpt = find(m, "cost_per_tonne_co2", "run");
    const Metric* epr = find(m, "exports_per_rupee", "run");
    const Metric* par = find(m, "participants", "run");
    auto val = [](const Metric* x) { return x && !x->na ? num(x->value) : std::string("n/a"); };
    csv += std::to_string(k + 1);
    sweep::append_fields(csv, csv_field(r.name), num(spend.eff), num(bcr[i].eff), num(bcr[i].lo), num(bcr[i].hi),
                         num(va.eff), num(va.lo), num(va.hi), num(jobs.eff), num(jobs.lo), num(jobs.hi), val(cpj),
                         num(co2.eff), num(co2.lo), num(co2.hi), val(cpt), num(mean_ci(h[i].exports).eff), val(epr),
                         par ? num(par->value) : std::string(), num(a.eff), num(a.lo), num(a.hi), num(s.eff), num(s.lo),
                         num(s.hi));
    csv += '\n';
    auto tv = [&](const Metric* x) { return x && !x->na ? f(x->value) : std::string("n/a"); };
    text += "  " + pad(std::to_string(k + 1), 5) + pad(r.name, 22) + pad(f(spend.eff, "%.0f"), 8) + pad(ci(bcr[i]), 24) +
            pad(ci(jobs, "%.0f"), 24) + pad(tv(cpj), 11) + pad(ci(co2, "%.0f"), 26) + pad(tv(cpt), 9) + pad(tv(epr), 10) +
            pad(ci(a), 30) + ci(s) + "\n";
  }
  sweep::write_atomically(dir / kRankingFile, csv);

  std::string d = "mix,against,measure,unit,difference,ci_low,ci_high,significant\n";
  struct Measure {
    const char* name;
    const char* unit;
    std::vector<double> Headline::*values;
  };
  const Measure measures[] = {{"benefit_cost_ratio", "₹ per ₹", &Headline::bcr},
                              {"value_added", "₹ lakh", &Headline::value_added},
                              {"jobs_end", "workers", &Headline::jobs_end},
                              {"co2_avoided", "tCO2", &Headline::co2_avoided},
                              {"additional_exports", "₹ lakh", &Headline::exports},
                              {"spending", "₹ lakh", &Headline::spending}};
  if (M > 1) text += "\nDifferences between mixes, replication by replication (higher-ranked minus lower-ranked)\n";
  for (std::size_t a = 0; a < M; ++a)
    for (std::size_t b = a + 1; b < M; ++b) {
      const std::size_t i = order[a], j = order[b];
      std::string line = "  " + pad(mixes[i]->name + " - " + mixes[j]->name, 40);
      for (const Measure& ms : measures) {
        const std::vector<double>&x = h[i].*ms.values, &y = h[j].*ms.values;
        std::vector<double> diff;
        for (std::size_t k = 0; k < x.size() && k < y.size(); ++k) diff.push_back(x[k] - y[k]);
        const Est e = mean_ci(diff);
        const bool sig = std::isfinite(e.lo) && (e.lo > 0 || e.hi < 0);
        d += csv_field(mixes[i]->name);
        sweep::append_fields(d, csv_field(mixes[j]->name), std::string(ms.name), csv_field(ms.unit), num(e.eff),
                             num(e.lo), num(e.hi), std::string(sig ? "1" : "0"));
        d += '\n';
        if (std::string(ms.name) == "benefit_cost_ratio" || std::string(ms.name) == "jobs_end" ||
            std::string(ms.name) == "co2_avoided")
          line += pad(std::string(ms.name == std::string("benefit_cost_ratio") ? "BCR " : ms.name == std::string("jobs_end") ? "jobs " : "tCO2 ") +
                          ci(e) + (sig ? "*" : ""),
                      30);
      }
      text += line + "\n";
    }
  sweep::write_atomically(dir / kDifferencesFile, d);
  if (M > 1)
    text += "  (* the difference's 95 % CI excludes 0: the ranking of the two is not a matter of chance)\n";
  text += "\n";
  return text;
}

}  // namespace cs
