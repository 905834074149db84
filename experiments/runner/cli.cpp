#include "runner/cli.hpp"
#include "runner/progress.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <tbb/global_control.h>
#include <tbb/info.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "core/version.hpp"
#include "params/load.hpp"
#include "record/recorder.hpp"
#include "runner/compare.hpp"
#include "runner/output.hpp"
#include "runner/overrides.hpp"
#include "runner/rate.hpp"
#include "runner/interrupt.hpp"
#include "runner/threads.hpp"
#include "simulate/simulation.hpp"
#include "calibrate/engine.hpp"
#include "sweep/engine.hpp"

namespace cs {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

struct RunOptions {
  std::string config;
  int steps = 0;
  std::string seed;  ///< as typed: checked against run.seed's range, errors naming --seed
  int threads = 0;
  std::string out;
  int firm_panel = 0;
  bool force = false;
  bool check_books = false;
  bool compress = false;  ///< timeseries.csv.gz and firms.csv.gz
  std::string level;  ///< rows of timeseries.csv; empty: default_series_level
  std::vector<std::string> sets;
  bool quiet = false;
  // which optional values were given
  bool has_steps = false, has_seed = false, has_out = false;
};

/// Sets `path` from a command-line option's text; a problem names the option, not the file.
void option_override(Params& p, const char* option, const std::string& path, const std::string& text,
                     std::vector<ConfigIssue>& issues) {
  try {
    apply_override(p, path, text);
  } catch (const ConfigError& e) {
    for (ConfigIssue i : e.issues()) {
      i.file = option;
      issues.push_back(std::move(i));
    }
  }
}

/// Loads the scenario and applies --set, --steps and --seed; every problem is collected and
/// thrown together as one ConfigError. Notes (an empty scenario) go to stderr unless quiet.
Params resolve_params(const RunOptions& o) {
  std::vector<std::string> notes;
  Params p = load_params(o.config, notes);
  if (!o.quiet)
    for (const std::string& n : notes) std::cerr << "clustersim: note: " << n << '\n';
  std::vector<ConfigIssue> issues;
  apply_sets(p, o.sets, issues);
  if (o.has_steps) option_override(p, "--steps", "run.steps", std::to_string(o.steps), issues);
  if (o.has_seed) option_override(p, "--seed", "run.seed", o.seed, issues);
  // The file alone was valid; re-check now that overrides may break cross-field rules.
  for (ConfigIssue& i : validate(p, o.config)) issues.push_back(std::move(i));
  if (!issues.empty()) throw ConfigError(std::move(issues));
  return p;
}

/// "books do not close at month N: first problem (and K more)".
std::string books_failure(int month, const std::vector<std::string>& problems) {
  std::string s = "books do not close at month " + std::to_string(month) + ": " + problems.front();
  if (problems.size() > 1) s += " (and " + std::to_string(problems.size() - 1) + " more)";
  return s;
}

int cmd_run(const RunOptions& o, const std::vector<std::string>& argv) {
  const Params p = resolve_params(o);
  const fs::path out = o.has_out ? fs::path(o.out)
                                 : fs::path("runs") / (fs::path(o.config).stem().string() + "-s" +
                                                       std::to_string(p.run.seed));
  const int threads = usable_threads(o.threads, "--threads", o.quiet);
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));

  if (const std::string note = prepare_out_dir(out, o.force); !note.empty() && !o.quiet)
    std::cerr << "clustersim: note: " << note << '\n';
  const SeriesLevel level = o.level.empty() ? default_series_level(p) : parse_series_level(o.level).value();
  Manifest m;
  m.threads = static_cast<int>(tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
  m.started_at = utc_now_iso8601();
  m.command_line = argv;
  m.config_file = o.config;
  const auto t0 = Clock::now();

  // From here every file is written under its .partial name and renamed when the run completes;
  // an error or an interruption leaves only partial files and no manifest.
  const InterruptGuard guard;
  Simulation sim(p, SimulationSetup{.parallel = true});
  RunRecorder rec({out, level, o.firm_panel, o.compress ? Compression::gzip : Compression::none}, p, std::move(m));
  sim.add(rec);
  sim.begin();  // month 0 is in the files even if the run is interrupted before its first step
  ProgressLine progress(!o.quiet && isatty(STDERR_FILENO), static_cast<std::size_t>(p.run.steps), "step",
                        std::chrono::milliseconds(100));
  while (sim.world().step < p.run.steps && !interrupt_signal()) {
    sim.step();
    progress.update(static_cast<std::size_t>(sim.world().step));
    if (o.check_books)
      if (const auto problems = check_books(sim.world()); !problems.empty())
        throw std::runtime_error(books_failure(sim.world().step, problems) + "; the months before it are in " +
                                 rec.series().partial_path().string());
  }
  progress.finish();
  if (const int sig = interrupt_signal()) {
    rec.close();
    const FirmPanelWriter* panel = rec.panel();
    std::cerr << "clustersim: interrupted (" << interrupt_name(sig) << ") at month " << sim.world().step << " of "
              << p.run.steps << "; the months run are in " << rec.series().partial_path().string()
              << (panel ? " and " + panel->partial_path().string() : std::string()) << ", marked partial. "
              << "Run the same command again to start over (no --force needed).\n";
    return 128 + sig;
  }
  const Manifest& done = rec.commit(sim.world(), sim.programme().get(), t0);
  for (const std::string& w : done.warnings) std::cerr << "clustersim: warning: " << w << '\n';

  if (!o.quiet) {
    std::cout << rec.table() << '\n';
    for (const std::string& f : done.files) std::cout << "wrote " << (out / f).string() << '\n';
    char t[96];
    std::snprintf(t, sizeof t, "run %s: %d steps in %.2f s on %d threads\n", done.run_id.c_str(), done.steps,
                  done.wall_seconds, done.threads);
    std::cout << t << std::flush;
  }
  return 0;
}

int cmd_validate(const std::vector<std::string>& files) {
  bool all_ok = true;
  for (const std::string& f : files) {
    try {
      std::vector<std::string> notes;
      load_params(f, notes);
      std::cout << f << ": ok\n";
      for (const std::string& n : notes) std::cout << "  note: " << n << '\n';
    } catch (const ConfigError& e) {
      all_ok = false;
      const auto n = e.issues().size();
      std::cout << f << ": " << n << (n == 1 ? " problem\n" : " problems\n");
      for (const ConfigIssue& i : e.issues()) std::cout << "  " << i.to_string() << '\n';
    } catch (const std::exception& e) {
      all_ok = false;
      std::cout << f << ": " << e.what() << '\n';
    }
  }
  std::cout << std::flush;
  return all_ok ? 0 : 2;
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{"ClusterSim: agent-based simulation of industrial clusters of MSMEs (monthly steps).",
               "clustersim"};
  app.set_version_flag("--version", std::string(version()) + " (git " + git_commit() + ")");
  app.require_subcommand(1);
  app.footer(
      "Examples:\n"
      "  clustersim run configs/default.toml --steps 120 --seed 7 --firm-panel 12\n"
      "  clustersim run configs/default.toml --set market.wage=0.18 --out runs/wage18 --force\n"
      "  clustersim validate configs/*.toml\n"
      "  clustersim sweep experiments/credit_guarantee/experiment.toml --jobs 2\n"
      "  clustersim compare my_programme.toml --reps 20 --threads 2 --out runs/cmp\n"
      "  clustersim compare configs/morbi_ceramics.toml --mix experiments/morbi_mixes/energy.toml \\\n"
      "      --mix experiments/morbi_mixes/exports.toml --report --out runs/morbi\n"
      "  clustersim rate configs/default.toml --steps 12 --csv rating.csv\n"
      "  clustersim calibrate experiments/calibration/example/calibration.toml --jobs 2\n"
      "Run `clustersim SUBCOMMAND --help` for the options of each subcommand.");

  RunOptions ro;
  CLI::App* run = app.add_subcommand(
      "run",
      "Simulate one scenario and write DIR/timeseries.csv (one row per month and cluster, or totals: "
      "--level), DIR/firms.csv (with --firm-panel), DIR/selection.csv (when a programme line is "
      "allocated by rating: every cluster's rating, the clusters selected, their budgets and spending) "
      "and DIR/manifest.json (resolved config, seed, version, threads, timing). Prints a summary table "
      "of the first and last month.");
  run->add_option("CONFIG", ro.config, "scenario TOML file (missing keys keep their defaults)")
      ->required();
  CLI::Option* o_steps =
      run->add_option("--steps", ro.steps, "months to simulate (default: run.steps of CONFIG)")
          ->type_name("N");
  CLI::Option* o_seed =
      run->add_option("--seed", ro.seed, "run seed, an integer from 0 to 18000000000000000000 (default: run.seed of CONFIG)")
          ->type_name("S");
  run->add_option("--threads", ro.threads, "worker threads; 0 = all cores. Results do not depend on it")
      ->type_name("T")
      ->check(CLI::Range(0, 4096).description(""))
      ->capture_default_str();
  CLI::Option* o_out =
      run->add_option("--out", ro.out, "output directory (default: runs/<CONFIG stem>-s<seed>)")
          ->type_name("DIR");
  run->add_option("--firm-panel", ro.firm_panel,
                  "write firms.csv with every alive firm each K months, month 0 included; 0 = no panel")
      ->type_name("K")
      ->check(CLI::Range(0, 30000).description(""))
      ->capture_default_str();
  run->add_option("--level", ro.level,
                  "rows of timeseries.csv: cluster (one per cluster and month), archetype (totals of each "
                  "[[cluster]] table with its replicas) or national (totals of all clusters). Default: "
                  "archetype when a [[cluster]] table has replicas > 1 (national mode), else cluster")
      ->type_name("LEVEL")
      ->check(CLI::IsMember({"cluster", "archetype", "national"}));
  run->add_flag("--compress", ro.compress,
                "write timeseries.csv.gz and firms.csv.gz (gzip: the same text in a third to a half of the size) "
                "instead of timeseries.csv and firms.csv");
  run->add_flag("--force", ro.force,
                "reuse a directory that holds a finished run or other files, replacing timeseries.csv, "
                "firms.csv, selection.csv and manifest.json (other files are kept); the leftovers of an "
                "interrupted run are replaced without it");
  run->add_option("--set", ro.sets,
                  "override a parameter by dotted path before validation, e.g. market.wage=0.18 or "
                  "cluster[0].firms=500; repeat for several")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false);
  run->add_flag("--check-books", ro.check_books,
                "check the books after every month (money conserved, loan books equal to debts, no NaN or "
                "infinite amount) and stop with an error at the first month they do not close");
  run->add_flag("-q,--quiet", ro.quiet, "print nothing but errors (no progress line, no summary)");

  std::vector<std::string> files;
  CLI::App* val = app.add_subcommand(
      "validate", "Check scenario files: prints `FILE: ok` or every problem with file, line and key. "
                  "Exit code 0 when all are valid, 2 otherwise.");
  val->add_option("FILE", files, "scenario TOML files")->required();

  sweep::SweepOptions so;
  std::string shard = "0/1";
  CLI::App* sw = app.add_subcommand(
      "sweep",
      "Run an experiment (a design of parameter points x replications, see docs/experiments.md) in "
      "parallel, one serial run per job, streaming each finished run to DIR/parts. Writes "
      "DIR/runs.csv, timeseries.csv, summary.csv, sensitivity.csv (morris, sobol) and manifest.json, "
      "byte-identical whatever --jobs, --shard or interruptions.");
  sw->add_option("EXPERIMENT", so.experiment, "experiment TOML file")->required();
  sw->add_option("-j,--jobs", so.jobs, "runs simulated in parallel; 0 = all cores. Results do not depend on it")
      ->type_name("J")
      ->check(CLI::Range(0, 4096).description(""))
      ->capture_default_str();
  sw->add_option("--out", so.out, "output directory (default: runs/<experiment folder>)")->type_name("DIR");
  CLI::Option* o_resume =
      sw->add_flag("--resume", so.resume, "continue the sweep in DIR: finished runs are kept, the rest run");
  sw->add_flag("--force", so.force, "delete a previous sweep in DIR (or files of a non-empty DIR) and start over")
      ->excludes(o_resume);
  sw->add_option("--shard", shard,
                 "run only runs r with r % N == I (job arrays); assemble afterwards with --resume on the "
                 "shared DIR or with sweep-merge")
      ->type_name("I/N");
  sw->add_flag("--dry-run", so.dry_run, "print the design (points, replications, runs, factors) and exit");
  sw->add_flag("--keep-parts", so.keep_parts, "keep DIR/parts (one file per run) after assembling");
  sw->add_flag("-q,--quiet", so.quiet, "print nothing but errors");

  std::vector<std::string> merge_dirs;
  std::string merge_out;
  bool merge_keep = false, merge_quiet = false;
  CLI::App* mg = app.add_subcommand(
      "sweep-merge", "Collect the parts of shard directories of one sweep and assemble the final files.");
  mg->add_option("DIR", merge_dirs, "shard output directories of the same experiment")->required();
  mg->add_option("--out", merge_out, "directory for the merged sweep (default: the first DIR)")->type_name("OUT");
  mg->add_flag("--keep-parts", merge_keep, "keep the part files after assembling");
  mg->add_flag("-q,--quiet", merge_quiet, "print nothing but errors");

  CompareOptions co;
  CLI::App* cmp = app.add_subcommand(
      "compare",
      "Run a scenario with its programme and without it (the baseline), R replications each with the "
      "same seeds (common random numbers), runs in parallel. Writes DIR/effects.csv (baseline, policy, "
      "paired effect and 95 % CI of every indicator at the programme's exit and at the end), "
      "DIR/effects_by_year.csv (effects on participants, non-participants and the cluster, year by year), "
      "DIR/did_by_year.csv (the evaluator's difference-in-differences beside the true effect), "
      "DIR/participation.csv, DIR/flows_by_year.csv, DIR/summary.csv (spending, cost per job created and "
      "saved, cost per tonne of CO2, exports and output per rupee, benefit-cost ratio), DIR/spending.csv, "
      "DIR/ranking.csv and DIR/manifest.json; prints a table. See docs/evaluation.md.");
  cmp->add_option("SCENARIO", co.config,
                  "scenario TOML file: with an enabled [[intervention]], or the base of the --mix files")
      ->required();
  cmp->add_option("--mix", co.mixes,
                  "a programme to compare, on top of SCENARIO: a file of [[intervention]] tables (and [programme] "
                  "or [set] overrides; without `base` it builds on SCENARIO); repeat for several, all against one "
                  "baseline; files per mix go to DIR/<file stem>/, the ranking to DIR/ranking.csv")
      ->type_name("FILE")
      ->allow_extra_args(false);
  cmp->add_flag("--report", co.report,
                "also write DIR/report.html (one self-contained page with the ranking, event-study charts and "
                "spending; needs python3-matplotlib and python3-pandas)");
  cmp->add_option("--reps", co.reps, "replications (pairs of runs)")
      ->type_name("R")
      ->check(CLI::Range(2, 100000).description(""))
      ->capture_default_str();
  CLI::Option* c_steps =
      cmp->add_option("--steps", co.steps, "months to simulate (default: run.steps of SCENARIO)")->type_name("N");
  cmp->add_option("--threads", co.threads, "total worker threads; 0 = all cores. Results do not depend on it")
      ->type_name("T")
      ->check(CLI::Range(0, 4096).description(""))
      ->capture_default_str();
  CLI::Option* c_out =
      cmp->add_option("--out", co.out, "output directory (default: runs/<SCENARIO stem>-compare)")->type_name("DIR");
  cmp->add_flag("--force", co.force, "reuse a non-empty output directory, replacing the files compare writes");
  cmp->add_option("--set", co.sets, "override a parameter by dotted path (both arms), e.g. market.wage=0.18")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false);
  cmp->add_option("--discount", co.discount, "annual discount rate of the discounted benefit-cost ratio")
      ->type_name("RATE")
      ->check(CLI::Range(0.0, 1.0).description(""))
      ->capture_default_str();
  cmp->add_flag("-q,--quiet", co.quiet, "print nothing but errors");

  RateOptions rto;
  CLI::App* rate = app.add_subcommand(
      "rate",
      "Build a scenario, run N months and rank its clusters on the eight selection parameters "
      "(technology, growth, employment, leadership, infrastructure, institutions, recommendation, "
      "need), each 0-1, and their equally weighted total. See docs/evaluation.md.");
  rate->add_option("SCENARIO", rto.config, "scenario TOML file")->required();
  rate->add_option("--steps", rto.steps, "months to run before rating (0 = the initial state)")
      ->type_name("N")
      ->check(CLI::Range(0, 100000).description(""))
      ->capture_default_str();
  rate->add_option("--threads", rto.threads, "worker threads; 0 = all cores")
      ->type_name("T")
      ->check(CLI::Range(0, 4096).description(""))
      ->capture_default_str();
  rate->add_option("--csv", rto.csv, "also write the ranking to this CSV file")->type_name("FILE");
  rate->add_option("--set", rto.sets, "override a parameter by dotted path, e.g. cluster[1].firms=500")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false);

  calib::CalibrateOptions cal;
  CLI::App* cb = app.add_subcommand(
      "calibrate",
      "Fit parameters by the method of simulated moments (see docs/calibration.md): a global then a "
      "local NLopt search of the parameters' bounds, every evaluation running the same replication seeds "
      "(common random numbers) in parallel and journalled, so --resume continues after a kill with the "
      "same result. Writes DIR/best.toml (the fitted scenario), fit.csv, trace.csv, parameters.csv "
      "(estimates, MSM standard errors, identification flags), identification.csv and manifest.json.");
  cb->add_option("CALIBRATION", cal.file, "calibration TOML file")->required();
  cb->add_option("-j,--jobs", cal.jobs, "replications simulated in parallel; 0 = all cores. Results do not depend on it")
      ->type_name("J")
      ->check(CLI::Range(0, 4096).description(""))
      ->capture_default_str();
  cb->add_option("--out", cal.out, "output directory (default: runs/<calibration name>)")->type_name("DIR");
  CLI::Option* cb_resume = cb->add_flag(
      "--resume", cal.resume, "continue the calibration in DIR: the search is replayed, evaluations in the journal are read");
  cb->add_flag("--force", cal.force, "delete a previous calibration in DIR (or files of a non-empty DIR) and start over")
      ->excludes(cb_resume);
  cb->add_flag("-q,--quiet", cal.quiet, "print nothing but errors");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints help/version to stdout, errors to stderr
    return code == 0 ? 0 : 2;
  }

  try {
    if (run->parsed()) {
      ro.has_steps = o_steps->count() > 0;
      ro.has_seed = o_seed->count() > 0;
      ro.has_out = o_out->count() > 0;
      return cmd_run(ro, std::vector<std::string>(argv, argv + argc));
    }
    if (val->parsed()) return cmd_validate(files);
    if (sw->parsed()) {
      try {
        sweep::parse_shard(shard, so.shard_index, so.shard_count);
      } catch (const std::invalid_argument& e) {
        std::cerr << "clustersim sweep: " << e.what() << '\n';
        return 2;
      }
      so.command_line.assign(argv, argv + argc);
      return sweep::run_sweep(so, std::cout);
    }
    if (cmp->parsed()) {
      co.has_steps = c_steps->count() > 0;
      co.has_out = c_out->count() > 0;
      co.command_line.assign(argv, argv + argc);
      return cmd_compare(co, std::cout);
    }
    if (rate->parsed()) return cmd_rate(rto, std::cout);
    if (cb->parsed()) {
      cal.command_line.assign(argv, argv + argc);
      return calib::run_calibration(cal, std::cout);
    }
    if (mg->parsed()) return sweep::merge_sweeps(merge_dirs, merge_out, merge_keep, merge_quiet, std::cout);
    return 2;  // unreachable: a subcommand is required
  } catch (const ConfigError& e) {
    std::cout << std::flush;
    std::cerr << e.what() << '\n';
    return 2;
  } catch (const std::exception& e) {
    std::cout << std::flush;
    std::cerr << "clustersim: error: " << e.what() << '\n';
    return 1;
  }
}

}  // namespace cs
