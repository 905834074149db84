#include "runner/compare.hpp"

#include <unistd.h>

#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <limits>
#include <memory>
#include <stdexcept>

#include "params/load.hpp"
#include "policies/programme.hpp"
#include "runner/compare_report.hpp"
#include "runner/interrupt.hpp"
#include "runner/output.hpp"
#include "runner/overrides.hpp"
#include "runner/progress.hpp"
#include "runner/threads.hpp"
#include "sweep/experiment.hpp"
#include "sweep/names.hpp"
#include "sweep/run.hpp"
#include "world.hpp"

namespace cs {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Means over clusters, weighted by what they are means of; everything else is summed (exits_share
// too: it counts the exits for a low market share, it is not a share).
struct Weighted {
  double Indicators::*value;
  double Indicators::*weight;
};
const Weighted kWeighted[] = {
    {&Indicators::export_share, &Indicators::turnover},
    {&Indicators::exporter_size_ratio, &Indicators::exporters},
    {&Indicators::exporter_prod_ratio, &Indicators::exporters},
    {&Indicators::visibility, &Indicators::firms},
    {&Indicators::unfilled_share, &Indicators::demand},
    {&Indicators::prod_mean, &Indicators::employment},
    {&Indicators::frontier, &Indicators::firms},
    {&Indicators::near_frontier_share, &Indicators::firms},
    {&Indicators::quality_mean, &Indicators::firms},
    {&Indicators::price_mean, &Indicators::firms},
    {&Indicators::input_price, &Indicators::firms},
    {&Indicators::wage, &Indicators::employment},
    {&Indicators::markup_mean, &Indicators::firms},
    {&Indicators::margin, &Indicators::turnover},
    {&Indicators::profit_rate, &Indicators::turnover},
    {&Indicators::rationed_share, &Indicators::firms},
    {&Indicators::npa_ratio, &Indicators::credit},
    {&Indicators::mean_degree, &Indicators::firms},
    {&Indicators::trust_mean, &Indicators::links},
    {&Indicators::association_effectiveness, &Indicators::firms},
    {&Indicators::association_rating, &Indicators::firms},
    {&Indicators::cfc_utilisation, &Indicators::cfc_open},
    {&Indicators::emissions_intensity, &Indicators::turnover},
    {&Indicators::programme_phase, &Indicators::firms},
};

// The indicators totalled over clusters (one cluster: as they are), then employment by size class.
std::vector<double> totals(const World& w) {
  const auto fields = indicator_fields();
  const std::size_t nf = fields.size(), nc = w.indicators.size();
  std::vector<double> v(nf + kSizeColumns, 0.0);
  Indicators t{};
  if (nc == 1) {
    t = w.indicators[0];
  } else {
    for (const IndicatorField& f : fields) t.*f.member = 0;
    for (const Indicators& x : w.indicators)
      for (const IndicatorField& f : fields) t.*f.member += x.*f.member;
    for (const Weighted& m : kWeighted) {
      double num = 0, den = 0, plain = 0;
      for (const Indicators& x : w.indicators) {
        num += x.*m.value * x.*m.weight;
        den += x.*m.weight;
        plain += x.*m.value;
      }
      t.*m.value = den > 0 ? num / den : (nc ? plain / double(nc) : kNaN);
    }
    t.prod_p90_p10 = t.gini_employment = t.hhi = kNaN;  // need firm-level data
  }
  for (std::size_t i = 0; i < nf; ++i) v[i] = t.*(fields[i].member);
  const Firms& f = w.firms;
  for (std::size_t i = 0; i < f.alive.size(); ++i) {
    if (!f.alive[i]) continue;
    const auto sc = static_cast<std::size_t>(size_class(f.capital[i], 12.0 * f.revenue[i]));
    if (sc < kSizeColumns) v[nf + sc] += f.employees[i];
  }
  return v;
}

// One simulation of one arm; `exit_h` is the step of the exit horizon.
RunOut simulate(const Params& p, bool with_programme, int exit_h, double discount) {
  World w = make_world(p);
  w.exec.parallel = false;  // runs are the unit of parallelism; results do not depend on it
  std::shared_ptr<policies::Programme> prog;
  if (with_programme) {
    prog = policies::attach_programme(w);
    if (!prog) throw std::runtime_error("the scenario's programme did not attach (no enabled intervention)");
  }
  RunOut r;
  if (exit_h <= 0) r.exit = totals(w);
  const double per_unit = p.market.input_per_unit;
  // Step-0 prices, for value added at constant prices.
  std::vector<double> price0;
  for (const Indicators& x : w.indicators) price0.push_back(x.price_mean);
  const double input0 = w.env.input_price, energy0 = w.env.energy_price;
  for (int s = 0; s < p.run.steps; ++s) {
    if (const int sig = interrupt_signal()) throw Interrupted{sig};
    step(w);
    const double d = std::pow(1.0 + discount, -double(w.step) / 12.0);
    for (std::size_t c = 0; c < w.indicators.size(); ++c) {
      const Indicators& x = w.indicators[c];
      // Value added: turnover less the materials of the month's output and its energy.
      const double gva = x.turnover - x.output * per_unit * x.input_price - x.energy * w.env.energy_price;
      r.gva_real += x.output * (price0[c] - per_unit * input0) - x.energy * energy0;
      r.turnover += x.turnover;
      r.exports += x.exports;
      r.output += x.output;
      r.gva += gva;
      r.gva_disc += d * gva;
      r.spending_ind += x.programme_spending;
      r.spending_ind_disc += d * x.programme_spending;
    }
    if (w.step == exit_h) r.exit = totals(w);
  }
  r.end = totals(w);
  if (r.exit.empty()) r.exit = r.end;
  if (prog) {
    for (const policies::BudgetLine& b : prog->lines()) r.lines.push_back(b);
    r.spent = prog->spent();
  }
  for (const std::string& problem : check_books(w)) r.warnings.push_back("books: " + problem);
  return r;
}

}  // namespace

std::uint64_t compare_seed(std::uint64_t run_seed, int rep) { return sweep::replication_seed(run_seed, rep); }

Params compare_params(const CompareOptions& o) {
  std::vector<std::string> notes;
  Params p = load_params(o.config, notes);
  if (!o.quiet)
    for (const std::string& n : notes) std::cerr << "clustersim: note: " << n << '\n';
  std::vector<ConfigIssue> issues;
  apply_sets(p, o.sets, issues);
  if (o.has_steps) p.run.steps = o.steps;
  for (ConfigIssue& i : validate(p, o.config)) issues.push_back(std::move(i));
  if (issues.empty() &&
      std::none_of(p.interventions.begin(), p.interventions.end(),
                   [](const InterventionParams& iv) { return iv.enabled != 0; }))
    issues.push_back({o.config, 0, 0, "intervention",
                      "compare needs a programme, but the scenario has no enabled [[intervention]] "
                      "(add one, or set enabled = 1 on one)"});
  if (!issues.empty()) throw ConfigError(std::move(issues));
  return p;
}

int cmd_compare(const CompareOptions& o, std::ostream& out) {
  if (o.reps < 2) throw std::invalid_argument("--reps must be at least 2 (a confidence interval needs two pairs)");
  const Params policy = compare_params(o);
  const Params base = policies::baseline_of(policy);
  const policies::Lifecycle life(policy.programme);
  const int steps = policy.run.steps;
  const int exit_h = std::clamp(life.exit_step(), 0, steps);

  const fs::path dir = o.has_out ? fs::path(o.out) : fs::path("runs") / (fs::path(o.config).stem().string() + "-compare");
  // Checked before the replications: a directory that cannot take the files fails now.
  if (const std::string note = prepare_out_dir(dir, o.force, {kEffectsFile, kCompareSummaryFile, kSpendingFile, kManifestFile});
      !note.empty() && !o.quiet)
    std::cerr << "clustersim: note: " << note << '\n';
  const int threads = usable_threads(o.threads, "--threads", o.quiet);
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));

  CompareResult res;
  res.config_file = o.config;
  res.policy = policy;
  res.baseline = base;
  res.reps = o.reps;
  res.steps = steps;
  res.exit_step = exit_h;
  res.discount = o.discount;
  res.threads = static_cast<int>(tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
  res.started_at = utc_now_iso8601();
  res.command_line = o.command_line;
  for (int r = 0; r < o.reps; ++r) res.seeds.push_back(compare_seed(policy.run.seed, r));
  for (int k = 0; k < 10; ++k) res.phase_begin[k] = life.begin[k];

  const auto t0 = Clock::now();
  const std::size_t n = 2 * static_cast<std::size_t>(o.reps);
  res.base_runs.resize(static_cast<std::size_t>(o.reps));
  res.policy_runs.resize(static_cast<std::size_t>(o.reps));
  ProgressLine progress(!o.quiet && isatty(STDERR_FILENO), n, "run", std::chrono::milliseconds(200));
  std::atomic<std::size_t> done{0};
  // Nothing is written before every run is done, and the manifest goes last: an interrupted
  // compare leaves no output that looks complete.
  const InterruptGuard guard;
  try {
    // Run k is replication k / 2, arm k % 2, so the two runs of a pair finish close together.
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 1), [&](const tbb::blocked_range<std::size_t>& range) {
      for (std::size_t k = range.begin(); k != range.end(); ++k) {
        const std::size_t rep = k / 2;
        const bool arm = k % 2 == 1;
        Params p = arm ? policy : base;
        p.run.seed = res.seeds[rep];
        (arm ? res.policy_runs : res.base_runs)[rep] = simulate(p, arm, exit_h, o.discount);
        progress.update(++done);
      }
    });
  } catch (const Interrupted& stop) {
    progress.finish();
    std::cerr << "clustersim: compare interrupted (" << interrupt_name(stop.signal) << ") after " << done.load()
              << " of " << n << " runs; nothing was written to " << dir.string()
              << ". Run the same command again to start over.\n";
    return 128 + stop.signal;
  }
  progress.finish();
  res.wall_seconds = std::chrono::duration<double>(Clock::now() - t0).count();

  write_compare_files(dir, res);
  for (const std::string& wmsg : res.warnings()) std::cerr << "clustersim: warning: " << wmsg << '\n';
  if (!o.quiet) {
    out << compare_table(res);
    for (const char* f : {kEffectsFile, kCompareSummaryFile, kSpendingFile, kManifestFile})
      out << "wrote " << (dir / f).string() << '\n';
    char t[128];
    std::snprintf(t, sizeof t, "compare: %d pairs of %d steps in %.2f s on %d threads\n", o.reps, steps,
                  res.wall_seconds, res.threads);
    out << t << std::flush;
  }
  return 0;
}

}  // namespace cs
