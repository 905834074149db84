// `clustersim calibrate` end to end: a synthetic recovery (targets made by the model at known
// parameters, the truth hidden, recovered within the reported 95 % intervals), the same bytes
// with --jobs 1 and 2, after SIGKILL and --resume, and refusals of used or changed directories.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "calibrate/calibration.hpp"
#include "moments/moment.hpp"
#include "params/load.hpp"
#include "sweep/experiment.hpp"
#include "support/cli.hpp"

namespace fs = std::filesystem;
using namespace cs;
using cs::test::TempDir;
using cs::test::cli;
using cs::test::lines;
using cs::test::slurp;
using cs::test::split;

namespace {

const char* kOutputs[] = {"fit.csv", "trace.csv", "parameters.csv", "identification.csv", "best.toml"};

void check_same_outputs(const fs::path& a, const fs::path& b) {
  for (const char* f : kOutputs) {
    CAPTURE(f);
    REQUIRE(fs::exists(a / f));
    REQUIRE(fs::exists(b / f));
    CHECK(slurp(a / f) == slurp(b / f));
  }
}

/// A small calibration of two parameters: `firms` firms, `steps` months, targets in targets.toml.
fs::path write_calibration(const fs::path& dir, int firms, int steps, int reps, int global, int local,
                           const std::string& targets) {
  // No burn-in and no customer churn: the size distribution the targets read is the one the
  // parameters draw, not blurred by the orders of a few buyers (the engine is under test here).
  std::ofstream(dir / "base.toml") << "[run]\nburn_in = 0\n[market]\ncustomer_churn = 0\n[[cluster]]\nname = \"Test\"\nfirms = "
                                   << firms << "\n";
  std::ofstream(dir / "targets.toml") << targets;
  std::ofstream(dir / "cal.toml")
      << "[calibration]\nname = \"test\"\nbase = \"base.toml\"\nsteps = " << steps << "\nreplications = " << reps
      << "\nseed = 17\nglobal_evals = " << global << "\nlocal_evals = " << local
      << "\ntargets = \"targets.toml\"\n"
         "[[parameter]]\npath = \"firms.size_pareto_alpha\"\nmin = 1.1\nmax = 2.6\n"
         "[[parameter]]\npath = \"technology.tfp_sd\"\nmin = 0.1\nmax = 1.2\n";
  return dir / "cal.toml";
}

/// Three moments that identify the two parameters: the size distribution (alpha) and the spread
/// of labour productivity (the dispersion of firms' own efficiency, tfp_sd).
std::string moment_tables(int steps) {
  return "[[target]]\nname = \"micro_share\"\npanel = \"share\"\nemployees_below = 5\nwaves = [12, 24]\n"
         "[[target]]\nname = \"tail\"\npanel = \"tail_exponent\"\ntop = 30\nwaves = [12, 24]\n"
         "[[target]]\nname = \"dispersion\"\npanel = \"p90_p10\"\ncolumn = \"productivity\"\nwaves = [" +
         std::to_string(steps / 4) + ", " + std::to_string(steps / 2) + "]\n";
}

/// `tables` with the lines `values[k]` (the last one for the rest) added to its k-th [[target]].
std::string with_values(const std::string& tables, const std::vector<std::string>& values) {
  std::string out;
  std::size_t k = 0, from = 0, at = 0;
  const auto next = [&] { return values[std::min(k++, values.size() - 1)]; };
  while ((at = tables.find("[[target]]", from + 1)) != std::string::npos) {
    out += tables.substr(from, at - from) + next();
    from = at;
  }
  return out + tables.substr(from) + next();
}

/// The value of column `col` in the row of parameters.csv whose first field is `param`.
double param_field(const fs::path& dir, const std::string& param, const std::string& col) {
  const auto ls = lines(dir / "parameters.csv");
  const auto head = split(ls.at(0));
  const auto c = static_cast<std::size_t>(std::find(head.begin(), head.end(), col) - head.begin());
  for (const std::string& l : ls)
    if (l.rfind(param + ",", 0) == 0) {
      const std::string v = split(l).at(c);
      INFO(col << " of " << param << " is '" << v << "' in: " << l);
      REQUIRE_FALSE(v.empty());  // an interval the calibration could not give
      return std::stod(v);
    }
  FAIL("no row for " << param);
  return 0;
}

}  // namespace

TEST_CASE("calibrate: recovers two parameters from targets the model made, within the reported intervals") {
  TempDir tmp("calibrate", "recovery");
  const double alpha = 1.9, tfp_sd = 0.5;  // the truth, hidden from the calibration
  // Targets: the mean of 8 runs at the truth with seeds the calibration never uses; se = the sd
  // of one run (the spread of a cluster like the one observed). The moments are read from the
  // calibration itself, loaded first with placeholder values.
  const fs::path cal = write_calibration(tmp.path, 150, 48, 6, 40, 24, with_values(moment_tables(48), {"value = 1\nse = 1\n"}));
  const auto ms = calib::target_moments(calib::load_calibration(cal.string()));
  Params p = calib::load_calibration(cal.string()).base;
  apply_override(p, "firms.size_pareto_alpha", fmt_double(alpha));
  apply_override(p, "technology.tfp_sd", fmt_double(tfp_sd));
  p.run.steps = 48;
  std::vector<std::vector<double>> data;
  for (int r = 0; r < 8; ++r) {
    p.run.seed = sweep::replication_seed(90210, r);
    const moments::RunRecord rec = moments::record_run(p, moments::plan_for(ms));
    std::vector<double> v;
    for (const moments::Moment& m : ms) v.push_back(moments::evaluate(m, rec));
    data.push_back(v);
  }
  std::vector<std::string> values;
  for (std::size_t k = 0; k < ms.size(); ++k) {
    double mean = 0, ss = 0;
    for (const auto& d : data) mean += d[k] / 8;
    for (const auto& d : data) ss += (d[k] - mean) * (d[k] - mean);
    values.push_back("value = " + fmt_double(mean) + "\nse = " + fmt_double(std::sqrt(ss / 7)) + "\n");
  }
  std::ofstream(tmp.path / "targets.toml") << with_values(moment_tables(48), values);
  const fs::path out = tmp.path / "out";
  REQUIRE(cli({"calibrate", cal.string(), "--jobs", "2", "--out", out.string(), "-q"}) == 0);
  for (const auto& [path, truth] : {std::pair{std::string("firms.size_pareto_alpha"), alpha},
                                    std::pair{std::string("technology.tfp_sd"), tfp_sd}}) {
    CAPTURE(path);
    const double est = param_field(out, path, "estimate");
    const double lo = param_field(out, path, "ci95_lo"), hi = param_field(out, path, "ci95_hi");
    MESSAGE(path << ": truth " << truth << ", estimate " << est << ", 95 % interval [" << lo << ", " << hi << "]");
    CHECK(lo <= truth);
    CHECK(truth <= hi);
    // Close: within a tenth of the searched range.
    const bool alpha_path = path == "firms.size_pareto_alpha";
    const double lo_b = alpha_path ? 1.1 : 0.1, hi_b = alpha_path ? 2.6 : 1.2;
    CHECK(std::fabs((est - truth) / (hi_b - lo_b)) < 0.1);
  }
  // The fitted scenario loads, and holds the estimates.
  const Params best = load_params((out / "best.toml").string());
  CHECK(best.firm_init.size_pareto_alpha == param_field(out, "firms.size_pareto_alpha", "estimate"));
  CHECK(best.run.steps == 48);
  CHECK(lines(out / "fit.csv").size() == 4);
  CHECK(lines(out / "identification.csv").size() == 1 + 3 * 2);
}

TEST_CASE("calibrate: identical outputs with --jobs 1 and 2, and a used directory needs --resume or --force") {
  TempDir tmp("calibrate", "jobs");
  const std::string text = with_values(moment_tables(24), {"value = 0.8\nrel_se = 0.1\n", "value = 1.5\nrel_se = 0.1\n",
                                                       "value = 0.1\nse = 0.02\n"});
  const fs::path cal = write_calibration(tmp.path, 100, 24, 3, 8, 4, text);
  REQUIRE(cli({"calibrate", cal.string(), "--jobs", "1", "--out", (tmp.path / "j1").string(), "-q"}) == 0);
  REQUIRE(cli({"calibrate", cal.string(), "--jobs", "2", "--out", (tmp.path / "j2").string(), "-q"}) == 0);
  check_same_outputs(tmp.path / "j1", tmp.path / "j2");
  const auto trace = lines(tmp.path / "j1" / "trace.csv");
  CHECK(trace.at(0) == "evaluation,phase,firms.size_pareto_alpha,technology.tfp_sd,objective,micro_share,tail,dispersion");
  CHECK(trace.size() == 1 + 8 + 4 + 4);  // global, local, 2 x 2 Jacobian points

  const std::string d = (tmp.path / "j1").string();
  CHECK(cli({"calibrate", cal.string(), "--out", d, "-q"}) == 1);  // holds this calibration
  REQUIRE(cli({"calibrate", cal.string(), "--out", d, "--resume", "-q"}) == 0);
  CHECK(slurp(tmp.path / "j1" / "trace.csv") == slurp(tmp.path / "j2" / "trace.csv"));
  std::ofstream(cal, std::ios::app) << "# changed\n";
  CHECK(cli({"calibrate", cal.string(), "--out", d, "--resume", "-q"}) == 1);  // a different file
  CHECK(cli({"calibrate", cal.string(), "--out", d, "--force", "-q"}) == 0);
  fs::create_directories(tmp.path / "other");
  std::ofstream(tmp.path / "other" / "x.txt") << "keep";
  CHECK(cli({"calibrate", cal.string(), "--out", (tmp.path / "other").string(), "-q"}) == 1);
}

TEST_CASE("calibrate: killed with SIGKILL part-way and resumed, the outputs equal an uninterrupted run") {
  TempDir tmp("calibrate", "kill");
  const std::string text = with_values(moment_tables(24), {"value = 0.8\nrel_se = 0.1\n", "value = 1.5\nrel_se = 0.1\n",
                                                       "value = 0.1\nse = 0.02\n"});
  const fs::path cal = write_calibration(tmp.path, 300, 36, 2, 24, 12, text);
  const fs::path ref = tmp.path / "ref", out = tmp.path / "out";
  REQUIRE(cli({"calibrate", cal.string(), "--jobs", "2", "--out", ref.string(), "-q"}) == 0);

  const std::string bin = (fs::path(CLUSTERSIM_BIN_DIR) / "clustersim").string();
  REQUIRE(fs::exists(bin));
  const auto journal_lines = [&] { return lines(out / "journal.txt").size(); };
  bool killed_part_way = false;
  for (std::size_t kill_after : {3u, 20u}) {  // two interruptions, at different depths
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      ::execl(bin.c_str(), bin.c_str(), "calibrate", cal.c_str(), "--jobs", "2", "--out", out.c_str(), "--resume",
              "-q", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    int status = 0;
    pid_t done = 0;
    while ((done = ::waitpid(pid, &status, WNOHANG)) == 0 && journal_lines() < kill_after &&
           std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    if (done == 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      killed_part_way = killed_part_way || (WIFSIGNALED(status) && !fs::exists(out / "fit.csv"));
    }
  }
  CHECK(killed_part_way);
  REQUIRE(cli({"calibrate", cal.string(), "--jobs", "2", "--out", out.string(), "--resume", "-q"}) == 0);
  check_same_outputs(ref, out);
}

TEST_CASE("calibrate: a kill while the lock was written (calibration.lock.tmp<pid> left) does not block the folder") {
  TempDir tmp("calibrate", "locktmp");
  const fs::path cal = write_calibration(tmp.path, 60, 24, 2, 4, 2, with_values(moment_tables(24), {"value = 0.5\nse = 0.1\n"}));
  const pid_t dead = ::fork();
  if (dead == 0) ::_exit(0);
  ::waitpid(dead, nullptr, 0);
  const fs::path out = tmp.path / "out";
  fs::create_directories(out);
  const std::string stale = "calibration.lock.tmp" + std::to_string(dead);
  std::ofstream(out / stale) << "# ClusterSim calibration lock: half";
  CHECK(cli({"calibrate", cal.string(), "--out", out.string(), "--resume", "-q"}) == 0);
  CHECK(fs::exists(out / "best.toml"));
  CHECK_FALSE(fs::exists(out / stale));
}
