#include "runner/compare_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>

#include "observe/indicators.hpp"
#include "core/version.hpp"
#include "params/load.hpp"
#include "runner/compare.hpp"
#include "runner/output.hpp"
#include "sweep/names.hpp"
#include "sweep/run.hpp"
#include "sweep/stats.hpp"

namespace cs {

namespace fs = std::filesystem;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A paired estimate over replications: means of each arm, mean paired difference and its 95 %
// t interval. Pairs where either value is not finite are left out (n counts the rest).
struct Est {
  double base = kNaN, pol = kNaN, eff = kNaN, lo = kNaN, hi = kNaN;
  long n = 0;
  bool significant_positive() const { return std::isfinite(lo) && lo > 0; }
};

Est paired(const CompareResult& r, const std::function<double(const RunOut&)>& get) {
  sweep::Welford b, p, d;
  for (std::size_t k = 0; k < r.base_runs.size(); ++k) {
    const double x = get(r.base_runs[k]), y = get(r.policy_runs[k]);
    if (!std::isfinite(x) || !std::isfinite(y)) continue;
    b.add(x);
    p.add(y);
    d.add(y - x);
  }
  Est e;
  e.n = d.n;
  if (d.n == 0) return e;
  e.base = b.mean;
  e.pol = p.mean;
  e.eff = d.mean;
  // All differences equal (e.g. exactly zero): the interval is the point, not NaN.
  const double h = d.n >= 2 ? (d.m2 > 0 ? d.ci95() : 0.0) : kNaN;
  e.lo = d.mean - h;
  e.hi = d.mean + h;
  return e;
}

double cost_ratio(double spend, double x) { return spend > 0 ? x / spend : kNaN; }

// The discounted spending of a run, scaled to the programme's own total: the monthly
// indicator gives the timing, Programme::spent the amount.
double spend_disc(const RunOut& o) {
  if (o.spending_ind > 0) return o.spending_ind_disc * (o.spent / o.spending_ind);
  return o.spent;
}

std::string num(double v) { return std::isfinite(v) ? format_number(v) : std::string(); }

struct Metric {
  std::string name, horizon;
  double value = kNaN, lo = kNaN, hi = kNaN;
  std::string unit, definition;
  bool na = false;  ///< value written as n/a
};

std::vector<Metric> summary_metrics(const CompareResult& r) {
  std::vector<Metric> m;
  const std::vector<std::string> cols = compare_columns();
  auto col = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(cols.begin(), cols.end(), name) - cols.begin());
  };
  const Est spend = paired(r, [](const RunOut& o) { return o.spent; });
  const double S = spend.eff;
  m.push_back({"programme_spending", "run", S, spend.lo, spend.hi, "₹ lakh",
               "total spent by the programme (all budget lines), mean over replications"});
  const Est sd = paired(r, spend_disc);
  char disc[64];
  std::snprintf(disc, sizeof disc, "discounted at %g a year to step 0", r.discount);

  const std::size_t emp = col("employment");
  for (const char* h : {"exit", "end"}) {
    const bool at_exit = std::string(h) == "exit";
    const Est jobs = paired(r, [&](const RunOut& o) { return (at_exit ? o.exit : o.end)[emp]; });
    m.push_back({"jobs_created", h, jobs.eff, jobs.lo, jobs.hi, "workers", "employment effect (policy - baseline)"});
    Metric c{"cost_per_job", h, kNaN, kNaN, kNaN, "₹ lakh per job",
             "programme spending / employment effect; n/a when the effect's 95 % CI includes 0 or is negative"};
    if (jobs.significant_positive() && S > 0) {
      c.value = S / jobs.eff;
      c.lo = S / jobs.hi;
      c.hi = S / jobs.lo;
    } else {
      c.na = true;
    }
    m.push_back(c);
  }
  auto cumulative = [&](const char* name, const char* unit, const char* def, auto get) {
    const Est e = paired(r, get);
    m.push_back({name, "run", e.eff, e.lo, e.hi, unit, def});
    return e;
  };
  const Est ex = cumulative("additional_exports", "₹ lakh", "exports summed over steps 1..N, policy - baseline",
                            [](const RunOut& o) { return o.exports; });
  const Est to = cumulative("additional_turnover", "₹ lakh", "turnover summed over steps 1..N, policy - baseline",
                            [](const RunOut& o) { return o.turnover; });
  cumulative("additional_output", "units", "output summed over steps 1..N, policy - baseline",
             [](const RunOut& o) { return o.output; });
  const Est va = cumulative("additional_value_added", "₹ lakh",
                            "value added (turnover - materials - energy) summed over steps 1..N, policy - baseline",
                            [](const RunOut& o) { return o.gva; });
  const Est vr = cumulative("additional_value_added_real", "₹ lakh",
                            "value added at step-0 prices (output x (p0 - materials) - energy x energy price0) summed over steps 1..N, policy - baseline",
                            [](const RunOut& o) { return o.gva_real; });
  const Est vd = paired(r, [](const RunOut& o) { return o.gva_disc; });
  m.push_back({"additional_value_added_discounted", "run", vd.eff, vd.lo, vd.hi, "₹ lakh",
               std::string("additional value added ") + disc});
  auto per_rupee = [&](const char* name, const Est& e, double spend, const std::string& def) {
    Metric x{name, "run", cost_ratio(spend, e.eff), cost_ratio(spend, e.lo), cost_ratio(spend, e.hi), "₹ per ₹", def};
    x.na = !(spend > 0);
    m.push_back(x);
  };
  per_rupee("exports_per_rupee", ex, S, "additional exports / programme spending (CI treats spending as fixed)");
  per_rupee("turnover_per_rupee", to, S, "additional turnover (output at its prices) / programme spending");
  per_rupee("benefit_cost_ratio", va, S, "additional value added / programme spending, both undiscounted");
  per_rupee("benefit_cost_ratio_real", vr, S,
            "additional value added at step-0 prices / programme spending: extra output valued at pre-programme prices, so gains passed to buyers as lower prices count");
  per_rupee("benefit_cost_ratio_discounted", vd, sd.eff,
            std::string("additional value added / programme spending, both ") + disc);

  const char* cls[kSizeColumns] = {"micro", "small", "medium"};
  const std::size_t nf = indicator_fields().size();
  for (const char* h : {"exit", "end"}) {
    const bool at_exit = std::string(h) == "exit";
    for (std::size_t k = 0; k < kSizeColumns; ++k) {
      const std::size_t fc = col(cls[k]), ec = nf + k;
      const Est f = paired(r, [&](const RunOut& o) { return (at_exit ? o.exit : o.end)[fc]; });
      const Est e = paired(r, [&](const RunOut& o) { return (at_exit ? o.exit : o.end)[ec]; });
      m.push_back({std::string("firms_") + cls[k], h, f.eff, f.lo, f.hi, "firms", "effect on the number of firms of the class"});
      m.push_back({std::string("employment_") + cls[k], h, e.eff, e.lo, e.hi, "workers",
                   "effect on the employment of firms of the class"});
    }
  }
  return m;
}

// Budget lines averaged over replications (lines are the same list in every run).
struct LineAvg {
  std::string name, kind;
  double budget = 0, mean = 0, min = kNaN, max = kNaN;
  int first = -1, last = -1;
};

std::vector<LineAvg> line_averages(const CompareResult& r) {
  std::vector<LineAvg> v;
  if (r.policy_runs.empty()) return v;
  for (const policies::BudgetLine& b : r.policy_runs[0].lines) v.push_back({b.name, b.kind, b.budget});
  for (const RunOut& o : r.policy_runs)
    for (std::size_t i = 0; i < v.size() && i < o.lines.size(); ++i) {
      const policies::BudgetLine& b = o.lines[i];
      v[i].mean += b.spent / double(r.policy_runs.size());
      v[i].min = std::isfinite(v[i].min) ? std::min(v[i].min, b.spent) : b.spent;
      v[i].max = std::isfinite(v[i].max) ? std::max(v[i].max, b.spent) : b.spent;
      if (b.first_step >= 0) v[i].first = v[i].first < 0 ? b.first_step : std::min(v[i].first, b.first_step);
      v[i].last = std::max(v[i].last, b.last_step);
    }
  return v;
}

std::string json_list(const std::vector<std::string>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) (s += i ? ", " : "") += json_string(v[i]);
  return s + "]";
}

}  // namespace

std::vector<std::string> compare_columns() {
  std::vector<std::string> c;
  for (const IndicatorField& f : indicator_fields()) c.emplace_back(f.name);
  for (const char* s : {"employment_micro", "employment_small", "employment_medium"}) c.emplace_back(s);
  return c;
}

std::vector<std::string> CompareResult::warnings() const {
  std::vector<std::string> w;
  for (int arm = 0; arm < 2; ++arm) {
    const auto& runs = arm ? policy_runs : base_runs;
    for (std::size_t k = 0; k < runs.size(); ++k)
      for (const std::string& s : runs[k].warnings)
        w.push_back(std::string(arm ? "policy" : "baseline") + " replication " + std::to_string(k) + ": " + s);
  }
  return w;
}

void write_compare_files(const fs::path& dir, const CompareResult& r) {
  const std::vector<std::string> cols = compare_columns();
  std::string e = "indicator,horizon,step,baseline_mean,policy_mean,effect,ci_low,ci_high,relative_effect,n\n";
  for (const char* h : {"exit", "end"}) {
    const bool at_exit = std::string(h) == "exit";
    const int step = at_exit ? r.exit_step : r.steps;
    for (std::size_t c = 0; c < cols.size(); ++c) {
      const Est x = paired(r, [&](const RunOut& o) { return (at_exit ? o.exit : o.end)[c]; });
      const double rel = std::isfinite(x.base) && x.base != 0 ? x.eff / std::fabs(x.base) : kNaN;
      e += csv_field(cols[c]);
      sweep::append_fields(e, std::string(h), std::to_string(step), num(x.base), num(x.pol), num(x.eff), num(x.lo),
                           num(x.hi), num(rel), std::to_string(x.n));
      e += '\n';
    }
  }
  sweep::write_atomically(dir / kEffectsFile, e);

  std::string s = "metric,horizon,value,ci_low,ci_high,unit,definition\n";
  for (const Metric& m : summary_metrics(r)) {
    s += csv_field(m.name);
    sweep::append_fields(s, m.horizon, m.na ? std::string("n/a") : num(m.value), m.na ? std::string() : num(m.lo),
                         m.na ? std::string() : num(m.hi), csv_field(m.unit), csv_field(m.definition));
    s += '\n';
  }
  for (const LineAvg& l : line_averages(r)) {
    s += csv_field("spending." + l.name);
    sweep::append_fields(s, std::string("run"), num(l.mean), num(l.min), num(l.max), std::string("₹ lakh"),
                         csv_field("mean spent by the line " + l.kind + " (ci columns: min and max over replications)"));
    s += '\n';
  }
  sweep::write_atomically(dir / kCompareSummaryFile, s);

  std::string sp = "line,name,kind,budget,spent_mean,spent_min,spent_max,first_step,last_step\n";
  int i = 0;
  for (const LineAvg& l : line_averages(r)) {
    sp += std::to_string(i++);
    sweep::append_fields(sp, csv_field(l.name), csv_field(l.kind), num(l.budget), num(l.mean), num(l.min), num(l.max),
                         std::to_string(l.first), std::to_string(l.last));
    sp += '\n';
  }
  sweep::write_atomically(dir / kSpendingFile, sp);

  std::string j = "{\n";
  auto kv = [&](const char* k, const std::string& v, bool last = false) {
    ((((j += "  ") += json_string(k)) += ": ") += v) += last ? "\n" : ",\n";
  };
  std::string seeds = "[";
  for (std::size_t k = 0; k < r.seeds.size(); ++k) (seeds += k ? ", " : "") += std::to_string(r.seeds[k]);
  seeds += "]";
  kv("kind", json_string("compare"));
  kv("run_id", json_string(run_id(r.policy)));
  kv("version", json_string(version()));
  kv("git_commit", json_string(git_commit()));
  kv("scenario", json_string(r.config_file));
  kv("seed", std::to_string(r.policy.run.seed));
  kv("reps", std::to_string(r.reps));
  kv("replication_seeds", seeds);
  kv("steps", std::to_string(r.steps));
  kv("exit_step", std::to_string(r.exit_step));
  kv("discount_rate", format_number(r.discount));
  kv("threads", std::to_string(r.threads));
  kv("wall_seconds", format_number(r.wall_seconds));
  kv("started_at", json_string(r.started_at));
  kv("command_line", json_list(r.command_line));
  kv("files", json_list({kEffectsFile, kCompareSummaryFile, kSpendingFile, kManifestFile}));
  kv("warnings", json_list(r.warnings()));
  kv("config_toml", json_string(to_toml(r.policy)));
  kv("baseline_config_toml", json_string(to_toml(r.baseline)), true);
  j += "}\n";
  sweep::write_atomically(dir / kManifestFile, j);
}

namespace {

std::string fmt(double v, const char* f = "%.4g") {
  if (!std::isfinite(v)) return "-";
  char b[48];
  if (std::fabs(v) >= 1e4) std::snprintf(b, sizeof b, f[1] == '+' ? "%+.0f" : "%.0f", v);
  else std::snprintf(b, sizeof b, f, v);
  return b;
}

std::size_t width(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string pad(const std::string& s, std::size_t w, bool right = true) {
  const std::string fill(w > width(s) ? w - width(s) : 0, ' ');
  return right ? fill + s : s + fill;
}

struct Headline {
  const char* name;
  const char* label;
  const char* unit;
};
const Headline kHeadline[] = {
    {"firms", "firms", "count"},
    {"employment", "employment", "workers"},
    {"output", "output", "units/month"},
    {"exports", "exports", "₹ lakh/month"},
    {"prod_mean", "mean productivity", "units/worker-month"},
    {"credit", "formal credit", "₹ lakh"},
    {"informal_credit", "informal credit", "₹ lakh"},
    {"trust_mean", "mean trust", "0-1"},
    {"consortia", "consortia", "count"},
    {"certified", "certified firms", "count"},
    {"emissions_intensity", "emissions intensity", "tCO2/₹ lakh"},
    {"near_frontier_share", "near-frontier share", "share"},
};

}  // namespace

std::string compare_table(const CompareResult& r) {
  std::string out;
  char line[256];
  std::snprintf(line, sizeof line, "%s: %d replications x 2 arms (common random numbers), %d steps, exit at step %d\n\n",
                r.config_file.c_str(), r.reps, r.steps, r.exit_step);
  out += line;

  out += "Programme phases\n";
  for (int k = 0; k < 9; ++k) {
    const int a = r.phase_begin[k], b = r.phase_begin[k + 1];
    if (b <= a) continue;
    std::snprintf(line, sizeof line, "  %-27s steps %3d-%-3d (%d months)\n",
                  policies::phase_name(static_cast<policies::Phase>(k)), a, b - 1, b - a);
    out += line;
  }
  std::snprintf(line, sizeof line, "  %-27s step  %d\n\n", "exit", r.phase_begin[9]);
  out += line;

  out += "Spending by budget line (₹ lakh, mean over replications)\n";
  out += "  " + pad("line", 28, false) + pad("kind", 26, false) + pad("budget", 10) + pad("spent", 10) +
         pad("used", 8) + "\n";
  double tb = 0, ts = 0;
  for (const LineAvg& l : line_averages(r)) {
    tb += l.budget;
    ts += l.mean;
    out += "  " + pad(l.name, 28, false) + pad(l.kind, 26, false) + pad(fmt(l.budget), 10) + pad(fmt(l.mean), 10) +
           pad(l.budget > 0 ? fmt(100 * l.mean / l.budget, "%.0f") + " %" : "-", 8) + "\n";
  }
  out += "  " + pad("total", 54, false) + pad(fmt(tb), 10) + pad(fmt(ts), 10) +
         pad(tb > 0 ? fmt(100 * ts / tb, "%.0f") + " %" : "-", 8) + "\n\n";

  const std::vector<std::string> cols = compare_columns();
  for (const char* h : {"exit", "end"}) {
    const bool at_exit = std::string(h) == "exit";
    std::snprintf(line, sizeof line, "Effects at %s (step %d)%s\n", h, at_exit ? r.exit_step : r.steps,
                  at_exit ? "" : ": persistence after exit");
    out += line;
    out += "  " + pad("indicator", 21, false) + pad("unit", 19, false) + pad("baseline", 11) + pad("policy", 11) +
           pad("effect", 11) + "  95 % CI\n";
    for (const Headline& hl : kHeadline) {
      const auto it = std::find(cols.begin(), cols.end(), hl.name);
      if (it == cols.end()) continue;
      const auto c = static_cast<std::size_t>(it - cols.begin());
      const Est x = paired(r, [&](const RunOut& o) { return (at_exit ? o.exit : o.end)[c]; });
      const bool sig = std::isfinite(x.lo) && (x.lo > 0 || x.hi < 0);
      out += "  " + pad(hl.label, 21, false) + pad(hl.unit, 19, false) + pad(fmt(x.base), 11) + pad(fmt(x.pol), 11) +
             pad(fmt(x.eff, "%+.4g"), 11) + "  [" + fmt(x.lo, "%+.4g") + ", " + fmt(x.hi, "%+.4g") + "]" +
             (sig ? " *" : "") + "\n";
    }
    out += "\n";
  }

  out += "Cost-effectiveness (* above: the 95 % CI excludes 0)\n";
  for (const Metric& m : summary_metrics(r)) {
    if (m.name.rfind("firms_", 0) == 0 || m.name.rfind("employment_", 0) == 0) continue;
    const std::string label = m.name + (m.horizon == "run" ? "" : " (" + m.horizon + ")");
    std::string v = m.na ? "n/a" : fmt(m.value);
    if (!m.na && std::isfinite(m.lo)) v += "  [" + fmt(m.lo) + ", " + fmt(m.hi) + "]";
    out += "  " + pad(label, 36, false) + pad(v, 30, false) + "  " + m.unit + "\n";
  }
  out += "\nBy size class (effect at exit / at end)\n";
  for (const Metric& m : summary_metrics(r)) {
    if (m.horizon != "exit" || (m.name.rfind("firms_", 0) != 0 && m.name.rfind("employment_", 0) != 0)) continue;
    for (const Metric& e : summary_metrics(r))
      if (e.name == m.name && e.horizon == "end")
        out += "  " + pad(m.name, 22, false) + pad(fmt(m.value, "%+.4g"), 11) + " [" + fmt(m.lo, "%+.4g") + ", " +
               fmt(m.hi, "%+.4g") + "]   " + pad(fmt(e.value, "%+.4g"), 11) + " [" + fmt(e.lo, "%+.4g") + ", " +
               fmt(e.hi, "%+.4g") + "]\n";
  }
  out += "\n";
  return out;
}

}  // namespace cs
