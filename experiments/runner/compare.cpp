#include "runner/compare.hpp"

#include <unistd.h>

#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "core/version.hpp"
#include "params/load.hpp"
#include "policies/programme.hpp"
#include "runner/compare_report.hpp"
#include "runner/interrupt.hpp"
#include "runner/output.hpp"
#include "runner/overrides.hpp"
#include "runner/progress.hpp"
#include "runner/threads.hpp"
#include "simulate/simulation.hpp"
#include "sweep/experiment.hpp"
#include "sweep/names.hpp"
#include "sweep/run.hpp"
#include "world.hpp"

namespace cs {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

// The indicators totalled over clusters (one cluster: as they are), then employment by size class.
std::vector<double> totals(const World& w) {
  const auto fields = indicator_fields();
  const std::size_t nf = fields.size();
  std::vector<double> v(nf + kSizeColumns, 0.0);
  const Indicators t = total_indicators(w.indicators);
  for (std::size_t i = 0; i < nf; ++i) v[i] = t.*(fields[i].member);
  const Firms& f = w.firms;
  for (std::size_t i = 0; i < f.alive.size(); ++i) {
    if (!f.alive[i]) continue;
    const auto sc = static_cast<std::size_t>(size_class(f.capital[i], 12.0 * f.revenue[i]));
    if (sc < kSizeColumns) v[nf + sc] += f.employees[i];
  }
  return v;
}

// What a run is observed for: the years (and cohort) of a mix and its exit step.
struct Frame {
  eval::YearGrid grid;
  int exit_h = 0;
  bool operator<(const Frame& o) const {
    return std::tie(grid.impl, grid.cohort_step, exit_h) < std::tie(o.grid.impl, o.grid.cohort_step, o.exit_h);
  }
};

Frame frame_of(const Params& p) {
  const policies::Lifecycle life(p.programme);
  Frame f;
  f.grid = eval::YearGrid(life.implementation_start(), p.run.steps, p.programme.start);
  f.exit_h = std::clamp(life.exit_step(), 0, p.run.steps);
  return f;
}

// What compare keeps of one run of an arm, observed from step 0: the totals at each frame's exit,
// the flows summed over the run (value added at current and step-0 prices, discounted too) and
// each frame's flows by year.
class ArmObserver : public Observer {
 public:
  ArmObserver(const Params& p, const std::vector<Frame>& frames, double discount)
      : frames_(frames), discount_(discount), per_unit_(p.market.input_per_unit), out_(frames.size()) {
    for (std::size_t k = 0; k < frames.size(); ++k)
      out_[k].flows.assign(static_cast<std::size_t>(frames[k].grid.count()) * kYearFlows, 0.0);
  }

  void observe(const World& w) override {
    if (w.step > 0) accumulate(w);
    else start(w);
    for (std::size_t k = 0; k < frames_.size(); ++k)
      if (w.step == frames_[k].exit_h) out_[k].exit = totals(w);
  }

  /// One RunOut per frame (they differ only in the exit horizon and the years of the flows),
  /// completed with the end of the run `w` and its programme (null in the baseline).
  std::vector<RunOut> finish(const World& w, const policies::Programme* prog) {
    r_.end = totals(w);
    if (prog) {
      r_.lines = prog->lines(w);  // spending up to the run's last month
      r_.spent = prog->spent(w);
    }
    for (const Cfc& k : w.inst.cfcs)
      r_.cfcs.push_back({static_cast<int>(k.cluster), k.kind, k.formed, k.opens, k.closed, w.step >= k.opens});
    for (const std::string& problem : check_books(w)) r_.warnings.push_back("books: " + problem);
    std::vector<RunOut> out(frames_.size());
    for (std::size_t k = 0; k < frames_.size(); ++k) {
      out[k] = r_;
      out[k].flows = std::move(out_[k].flows);
      out[k].exit = out_[k].exit.empty() ? r_.end : std::move(out_[k].exit);
    }
    return out;
  }

 private:
  // Step-0 prices, for value added at constant prices.
  void start(const World& w) {
    for (const Indicators& x : w.indicators) price0_.push_back(x.price_mean);
    input0_ = w.env.input_price, energy0_ = w.env.energy_price;
  }

  void accumulate(const World& w) {
    const double d = std::pow(1.0 + discount_, -double(w.step) / 12.0);
    std::array<double, kYearFlows> month{};
    for (std::size_t c = 0; c < w.indicators.size(); ++c) {
      const Indicators& x = w.indicators[c];
      // Value added: turnover less the materials of the month's output and its energy.
      const double gva = x.turnover - x.output * per_unit_ * x.input_price - x.energy * w.env.energy_price;
      const double gva_real = x.output * (price0_[c] - per_unit_ * input0_) - x.energy * energy0_;
      r_.gva_real += gva_real;
      r_.gva_real_disc += d * gva_real;
      r_.output_real += x.output * price0_[c];
      r_.turnover += x.turnover;
      r_.exports += x.exports;
      r_.output += x.output;
      r_.emissions += x.emissions;
      r_.gva += gva;
      r_.gva_disc += d * gva;
      r_.spending_ind += x.programme_spending;
      r_.spending_ind_disc += d * x.programme_spending;
      const double m[kYearFlows] = {x.programme_spending, x.subsidies, x.vouchers, x.guarantee_claims,
                                    x.consortium_grants, x.exports, x.turnover, x.output, gva, gva_real, x.emissions};
      for (std::size_t k = 0; k < kYearFlows; ++k) month[k] += m[k];
    }
    for (std::size_t k = 0; k < frames_.size(); ++k) {
      const eval::YearGrid& g = frames_[k].grid;
      const auto yi = static_cast<std::size_t>(g.year_of(w.step) - g.first);
      for (std::size_t j = 0; j < kYearFlows; ++j) out_[k].flows[yi * kYearFlows + j] += month[j];
    }
  }

  const std::vector<Frame>& frames_;
  double discount_, per_unit_;
  std::vector<double> price0_;
  double input0_ = 0, energy0_ = 0;
  RunOut r_;                 ///< what every frame shares
  std::vector<RunOut> out_;  ///< per frame: exit totals and flows by year
};

// One simulation of one arm, watched by one panel per frame. Returns one RunOut per frame.
std::vector<RunOut> simulate(const Params& p, bool with_programme, const std::vector<Frame>& frames, double discount,
                             std::vector<std::unique_ptr<eval::Panel>>& panels) {
  // Runs are the unit of parallelism: each is serial; results do not depend on it.
  Simulation sim(p, SimulationSetup{.parallel = false, .programme = with_programme});
  if (with_programme && !sim.programme())
    throw std::runtime_error("the scenario's programme did not attach (no enabled intervention)");
  ArmObserver arm(p, frames, discount);
  sim.add(arm);
  panels.clear();
  for (const Frame& fr : frames) {
    panels.push_back(std::make_unique<eval::Panel>(fr.grid, std::vector<int>{fr.exit_h, p.run.steps}));
    sim.add(*panels.back());
  }
  sim.begin();
  for (int s = 0; s < p.run.steps; ++s) {
    if (const int sig = interrupt_signal()) throw Interrupted{sig};
    sim.step();
  }
  return arm.finish(sim.world(), sim.programme().get());
}

// Applies --set and --steps to a loaded scenario and validates it (the run-window rule too).
void finish_params(Params& p, const CompareOptions& o, const std::string& file) {
  std::vector<ConfigIssue> issues;
  apply_sets(p, o.sets, issues);
  if (o.has_steps) p.run.steps = o.steps;
  for (ConfigIssue& i : validate(p, file)) issues.push_back(std::move(i));
  for (auto& [key, msg] : intervention_run_problems(p)) issues.push_back({file, 0, 0, key, msg});
  if (issues.empty() &&
      std::none_of(p.interventions.begin(), p.interventions.end(),
                   [](const InterventionParams& iv) { return iv.enabled != 0; }))
    issues.push_back({file, 0, 0, "intervention",
                      "compare needs a programme, but the scenario has no enabled [[intervention]] "
                      "(add one, or set enabled = 1 on one)"});
  if (!issues.empty()) throw ConfigError(std::move(issues));
}

// The first line where two TOML texts differ, for saying what a mix changes besides its programme.
std::string first_difference(const std::string& a, const std::string& b) {
  std::istringstream x(a), y(b);
  std::string la, lb;
  while (true) {
    const bool ga = static_cast<bool>(std::getline(x, la)), gb = static_cast<bool>(std::getline(y, lb));
    if (!ga && !gb) return "";
    if (!ga || !gb || la != lb) return "base has '" + la + "', the mix has '" + lb + "'";
  }
}

}  // namespace

std::uint64_t compare_seed(std::uint64_t run_seed, int rep) { return sweep::replication_seed(run_seed, rep); }

Params compare_params(const CompareOptions& o) {
  std::vector<std::string> notes;
  Params p = load_params(o.config, notes);
  if (!o.quiet)
    for (const std::string& n : notes) std::cerr << "clustersim: note: " << n << '\n';
  finish_params(p, o, o.config);
  return p;
}

std::vector<Mix> compare_mixes(const CompareOptions& o) {
  if (o.mixes.empty()) return {Mix{fs::path(o.config).stem().string(), o.config, compare_params(o)}};
  Params base = load_params(o.config);
  {
    std::vector<ConfigIssue> issues;
    apply_sets(base, o.sets, issues);
    if (o.has_steps) base.run.steps = o.steps;
    if (!issues.empty()) throw ConfigError(std::move(issues));
  }
  const std::string base_toml = to_toml(policies::baseline_of(base));
  std::vector<Mix> out;
  std::vector<ConfigIssue> issues;
  for (const std::string& file : o.mixes) {
    Mix m{fs::path(file).stem().string(), file, {}};
    try {
      m.params = load_params_on(file, o.config);
      finish_params(m.params, o, file);
    } catch (const ConfigError& e) {
      issues.insert(issues.end(), e.issues().begin(), e.issues().end());
      continue;
    }
    // The mixes share one baseline: only the programme may differ from the base.
    Params b = policies::baseline_of(m.params);
    b.programme = base.programme;
    if (const std::string other = to_toml(b); other != base_toml)
      issues.push_back({file, 0, 0, "mix",
                        "a mix may change only [[intervention]] and [programme] of " + o.config +
                            " (the mixes share its baseline): " + first_difference(base_toml, other)});
    for (const Mix& prev : out)
      if (prev.name == m.name)
        issues.push_back({file, 0, 0, "mix", "two mixes are named '" + m.name + "' (a mix is named by its file's stem)"});
    out.push_back(std::move(m));
  }
  if (!issues.empty()) throw ConfigError(std::move(issues));
  return out;
}

int cmd_compare(const CompareOptions& o, std::ostream& out) {
  if (o.reps < 2) throw std::invalid_argument("--reps must be at least 2 (a confidence interval needs two pairs)");
  const std::vector<Mix> mixes = compare_mixes(o);
  const bool multi = !o.mixes.empty();
  const Params base = policies::baseline_of(mixes.front().params);
  const int steps = base.run.steps;

  const fs::path dir = o.has_out ? fs::path(o.out) : fs::path("runs") / (fs::path(o.config).stem().string() + "-compare");
  // Checked before the replications: a directory that cannot take the files fails now.
  const std::vector<std::string> own_files = {kEffectsFile,       kCompareSummaryFile, kSpendingFile, kEffectsByYearFile,
                                              kDidFile,           kParticipationFile,  kFlowsFile,    kRankingFile,
                                              kDifferencesFile,   kReportFile,         kManifestFile};
  if (const std::string note = prepare_out_dir(dir, o.force, own_files); !note.empty() && !o.quiet)
    std::cerr << "clustersim: note: " << note << '\n';
  const int threads = usable_threads(o.threads, "--threads", o.quiet);
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));

  // The frames (years, cohort, exit) the mixes need; the baseline is watched once for each.
  std::vector<Frame> frames;
  std::vector<std::size_t> frame_of_mix;
  for (const Mix& m : mixes) {
    const Frame f = frame_of(m.params);
    std::size_t k = 0;
    while (k < frames.size() && (frames[k] < f || f < frames[k])) ++k;
    if (k == frames.size()) frames.push_back(f);
    frame_of_mix.push_back(k);
  }
  std::vector<eval::Groups> groups;
  for (const Mix& m : mixes) groups.push_back(eval::groups_of(m.params));

  const auto R = static_cast<std::size_t>(o.reps), M = mixes.size();
  std::vector<std::uint64_t> seeds;
  for (int r = 0; r < o.reps; ++r) seeds.push_back(compare_seed(base.run.seed, r));
  std::vector<std::vector<RunOut>> base_runs(R);                       // [rep][frame]
  std::vector<std::vector<RunOut>> mix_runs(M, std::vector<RunOut>(R));  // [mix][rep]
  std::vector<std::vector<eval::RepEffects>> effects(M, std::vector<eval::RepEffects>(R));
  const std::string started = utc_now_iso8601();
  const auto t0 = Clock::now();
  ProgressLine progress(!o.quiet && isatty(STDERR_FILENO), R * (M + 1), "run", std::chrono::milliseconds(200));
  std::atomic<std::size_t> done{0};
  // Nothing is written before every run is done, and the manifest goes last: an interrupted
  // compare leaves no output that looks complete.
  const InterruptGuard guard;
  try {
    // One replication a task: its baseline, then each mix against it, firm by firm; the panels
    // live only as long as the task.
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, R, 1), [&](const tbb::blocked_range<std::size_t>& range) {
      for (std::size_t rep = range.begin(); rep != range.end(); ++rep) {
        Params b = base;
        b.run.seed = seeds[rep];
        std::vector<std::unique_ptr<eval::Panel>> base_panels, panels;
        base_runs[rep] = simulate(b, false, frames, o.discount, base_panels);
        progress.update(++done);
        for (std::size_t m = 0; m < M; ++m) {
          Params p = mixes[m].params;
          p.run.seed = seeds[rep];
          const Frame& fr = frames[frame_of_mix[m]];
          mix_runs[m][rep] = std::move(simulate(p, true, {fr}, o.discount, panels).front());
          effects[m][rep] = eval::reduce_pair(*panels.front(), *base_panels[frame_of_mix[m]], groups[m]);
          progress.update(++done);
        }
      }
    });
  } catch (const Interrupted& stop) {
    progress.finish();
    std::cerr << "clustersim: compare interrupted (" << interrupt_name(stop.signal) << ") after " << done.load()
              << " of " << R * (M + 1) << " runs; nothing was written to " << dir.string()
              << ". Run the same command again to start over.\n";
    return 128 + stop.signal;
  }
  progress.finish();
  const double wall = std::chrono::duration<double>(Clock::now() - t0).count();

  std::vector<CompareResult> results(M);
  for (std::size_t m = 0; m < M; ++m) {
    CompareResult& res = results[m];
    const policies::Lifecycle life(mixes[m].params.programme);
    res.name = mixes[m].name;
    res.config_file = mixes[m].file;
    res.policy = mixes[m].params;
    res.baseline = base;
    res.reps = o.reps;
    res.steps = steps;
    res.exit_step = frames[frame_of_mix[m]].exit_h;
    res.discount = o.discount;
    res.threads = static_cast<int>(tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
    res.started_at = started;
    res.command_line = o.command_line;
    res.seeds = seeds;
    for (int k = 0; k < 10; ++k) res.phase_begin[k] = life.begin[k];
    for (std::size_t r = 0; r < R; ++r) res.base_runs.push_back(base_runs[r][frame_of_mix[m]]);
    res.policy_runs = std::move(mix_runs[m]);
    res.grid = frames[frame_of_mix[m]].grid;
    res.groups = groups[m];
    res.effects = std::move(effects[m]);
    res.wall_seconds = wall;
    const fs::path mdir = multi ? dir / res.name : dir;
    if (multi) prepare_out_dir(mdir, true, own_files);  // a mix's folder holds compare's files, not run's
    write_compare_files(mdir, res);
    for (const std::string& wmsg : res.warnings()) std::cerr << "clustersim: warning: " << res.name << ": " << wmsg << '\n';
  }
  std::vector<const CompareResult*> ptrs;
  for (const CompareResult& r : results) ptrs.push_back(&r);
  const std::string ranking = write_ranking(dir, ptrs);
  if (multi) {
    // The run as a whole: what was compared, and where each mix's files are.
    std::string j = "{\n";
    auto kv = [&](const char* k, const std::string& v, bool last = false) {
      ((((j += "  ") += json_string(k)) += ": ") += v) += last ? "\n" : ",\n";
    };
    std::string ms = "[", cl = "[";
    for (std::size_t m = 0; m < M; ++m)
      (((((ms += m ? ", " : "") += "{\"name\": ") += json_string(mixes[m].name)) += ", \"file\": ") +=
       json_string(mixes[m].file)) += "}";
    for (std::size_t k = 0; k < o.command_line.size(); ++k) (cl += k ? ", " : "") += json_string(o.command_line[k]);
    kv("kind", json_string("compare-mixes"));
    kv("version", json_string(version()));
    kv("git_commit", json_string(git_commit()));
    kv("scenario", json_string(o.config));
    kv("mixes", ms + "]");
    kv("seed", std::to_string(base.run.seed));
    kv("reps", std::to_string(o.reps));
    kv("steps", std::to_string(steps));
    kv("discount_rate", format_number(o.discount));
    kv("threads", std::to_string(results.front().threads));
    kv("wall_seconds", format_number(wall));
    kv("started_at", json_string(started));
    kv("command_line", cl + "]");
    kv("files", "[\"ranking.csv\", \"mix_differences.csv\", \"manifest.json\"]");
    kv("baseline_config_toml", json_string(to_toml(base)), true);
    j += "}\n";
    sweep::write_atomically(dir / kManifestFile, j);
  }

  int rc = 0;
  if (o.report) {
    // The report is drawn by scripts/compare_report.py (python3-matplotlib), found in the source tree.
    // Debian's python3 (with python3-matplotlib) rather than another one earlier on the PATH.
    const fs::path script = fs::path(CLUSTERSIM_SOURCE_DIR) / "scripts" / "compare_report.py";
    const std::string python = fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
    const std::string cmd = python + " '" + script.string() + "' '" + dir.string() + "'" + (o.quiet ? " > /dev/null" : "");
    rc = std::system(cmd.c_str()) == 0 ? 0 : 1;
    if (rc) std::cerr << "clustersim: the report could not be written (run: " << cmd << ")\n";
  }
  if (!o.quiet) {
    if (!multi) {
      out << compare_table(results.front());
      for (const char* f : {kEffectsFile, kCompareSummaryFile, kSpendingFile, kEffectsByYearFile, kDidFile,
                            kParticipationFile, kFlowsFile, kRankingFile, kManifestFile})
        out << "wrote " << (dir / f).string() << '\n';
    } else {
      out << ranking;
      for (const CompareResult& r : results) out << "wrote " << (dir / r.name).string() << "/ (the files of one compare)\n";
      for (const char* f : {kRankingFile, kDifferencesFile, kManifestFile}) out << "wrote " << (dir / f).string() << '\n';
    }
    if (o.report && rc == 0) out << "wrote " << (dir / kReportFile).string() << '\n';
    char t[160];
    std::snprintf(t, sizeof t, "compare: %d replications x (1 baseline + %zu mix%s) of %d steps in %.2f s on %d threads\n",
                  o.reps, M, M == 1 ? "" : "es", steps, wall, results.front().threads);
    out << t << std::flush;
  }
  return rc;
}

}  // namespace cs
