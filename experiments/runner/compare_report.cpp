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
#include "runner/compare_stats.hpp"
#include "runner/output.hpp"
#include "sweep/names.hpp"
#include "sweep/run.hpp"
#include "sweep/stats.hpp"

namespace cs {

namespace fs = std::filesystem;

namespace {

constexpr double kNaN = kCompareNaN;

// Budget lines averaged over replications (lines are the same list in every run).
struct LineAvg {
  std::string name, kind;
  double budget = 0, mean = 0, min = kNaN, max = kNaN;
  int first = -1, last = -1;
  int ran = 0, spent = 0;  ///< replications in which it ran, and spent anything
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
      v[i].ran += b.first_step >= 0;
      v[i].spent += b.spent > 1e-9;
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

  std::string s = "metric,horizon,value,ci_low,ci_high,unit,definition,note\n";
  for (const Metric& m : summary_metrics(r)) {
    s += csv_field(m.name);
    sweep::append_fields(s, m.horizon, m.na ? std::string("n/a") : num(m.value), m.na ? std::string() : num(m.lo),
                         m.na ? std::string() : num(m.hi), csv_field(m.unit), csv_field(m.definition), csv_field(m.note));
    s += '\n';
  }
  for (const LineAvg& l : line_averages(r)) {
    s += csv_field("spending." + l.name);
    sweep::append_fields(s, std::string("run"), num(l.mean), num(l.min), num(l.max), std::string("₹ lakh"),
                         csv_field("mean spent by the line " + l.kind + " (ci columns: min and max over replications)"),
                         std::string());
    s += '\n';
  }
  sweep::write_atomically(dir / kCompareSummaryFile, s);

  std::string sp = "line,name,kind,budget,spent_mean,spent_min,spent_max,first_step,last_step,reps_ran,reps_spent\n";
  int i = 0;
  for (const LineAvg& l : line_averages(r)) {
    sp += std::to_string(i++);
    sweep::append_fields(sp, csv_field(l.name), csv_field(l.kind), num(l.budget), num(l.mean), num(l.min), num(l.max),
                         std::to_string(l.first), std::to_string(l.last), std::to_string(l.ran),
                         std::to_string(l.spent));
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
  kv("mix", json_string(r.name));
  kv("implementation_start", std::to_string(r.grid.impl));
  kv("cohort_step", std::to_string(r.grid.cohort_step));
  kv("files", json_list({kEffectsFile, kCompareSummaryFile, kSpendingFile, kEffectsByYearFile, kDidFile,
                         kParticipationFile, kFlowsFile, kManifestFile}));
  kv("notes", json_list(line_notes(r)));
  kv("warnings", json_list(r.warnings()));
  kv("config_toml", json_string(to_toml(r.policy)));
  kv("baseline_config_toml", json_string(to_toml(r.baseline)), true);
  j += "}\n";
  sweep::write_atomically(dir / kManifestFile, j);
  write_year_files(dir, r);
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

struct HeadlineRow {
  const char* name;
  const char* label;
  const char* unit;
};
const HeadlineRow kHeadline[] = {
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
    for (const HeadlineRow& hl : kHeadline) {
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

  out += participants_table(r);

  out += "Cost-effectiveness (95 % CI in brackets; n/a with the reason)\n";
  const std::vector<Metric> metrics = summary_metrics(r);
  auto by_class = [](const std::string& n) {
    for (const char* c : {"firms_micro", "firms_small", "firms_medium", "employment_micro", "employment_small", "employment_medium"})
      if (n == c) return true;
    return false;
  };
  for (const Metric& m : metrics) {
    if (by_class(m.name)) continue;
    const std::string label = m.name + (m.horizon == "run" ? "" : " (" + m.horizon + ")");
    std::string v = m.na ? "n/a" : fmt(m.value);
    if (!m.na && std::isfinite(m.lo)) v += "  [" + fmt(m.lo) + ", " + fmt(m.hi) + "]";
    out += "  " + pad(label, 36, false) + pad(v, 30, false) + "  " + m.unit + "\n";
    if (m.na && !m.note.empty()) out += "      " + m.note + "\n";
  }
  out += "  benefit_cost_ratio: " + std::string(kBcrDefinition) + ".\n";
  out += "\nBy size class (effect at exit / at end)\n";
  for (const Metric& m : metrics) {
    if (m.horizon != "exit" || !by_class(m.name)) continue;
    for (const Metric& e : metrics)
      if (e.name == m.name && e.horizon == "end")
        out += "  " + pad(m.name, 22, false) + pad(fmt(m.value, "%+.4g"), 11) + " [" + fmt(m.lo, "%+.4g") + ", " +
               fmt(m.hi, "%+.4g") + "]   " + pad(fmt(e.value, "%+.4g"), 11) + " [" + fmt(e.lo, "%+.4g") + ", " +
               fmt(e.hi, "%+.4g") + "]\n";
  }
  const std::vector<std::string> notes = line_notes(r);
  if (!notes.empty()) {
    out += "\nWhat did nothing, and the CFC\n";
    for (const std::string& n : notes) out += "  " + n + "\n";
  }
  out += "\n";
  return out;
}

}  // namespace cs
