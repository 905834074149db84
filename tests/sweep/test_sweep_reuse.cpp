// Continuing a sweep with another replication count: the runs finished (as parts, or already
// assembled into the final files) are reused, not rerun, and the outputs equal those of a fresh
// sweep; any other change of settings is refused, naming the setting.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/cli.hpp"
#include "sweep/engine.hpp"

namespace fs = std::filesystem;

namespace {

using cs::test::TempDir;
using cs::test::slurp;

/// A 2-point grid of `reps` replications, `steps` months on 80 firms.
fs::path write_experiment(const fs::path& dir, int reps, int steps = 6) {
  std::ofstream(dir / "base.toml") << "[[cluster]]\nname = \"T\"\nfirms = 80\n";
  std::ofstream(dir / "experiment.toml")
      << "[experiment]\nname = \"reuse\"\nbase = \"base.toml\"\nsteps = " << steps << "\nreplications = " << reps
      << "\nseed = 7\n[[factor]]\npath = \"finance.ltv\"\nvalues = [0.5, 0.8]\n"
         "[output]\nsteps = 2\nindicators = [\"firms\", \"credit\"]\n";
  return dir / "experiment.toml";
}

/// Runs the sweep in `out` and returns its report ("... N runs done, M already finished ...").
std::string sweep(const fs::path& exp, const fs::path& out, bool resume, bool keep_parts = false) {
  cs::sweep::SweepOptions o;
  o.experiment = exp.string();
  o.out = out.string();
  o.jobs = 1;
  o.resume = resume;
  o.keep_parts = keep_parts;
  std::ostringstream report;
  REQUIRE(cs::sweep::run_sweep(o, report) == 0);
  return report.str();
}

/// The message of the error a sweep in `out` stops with.
std::string refusal(const fs::path& exp, const fs::path& out, bool resume) {
  cs::sweep::SweepOptions o;
  o.experiment = exp.string();
  o.out = out.string();
  o.resume = resume;
  o.quiet = true;
  std::ostringstream report;
  try {
    cs::sweep::run_sweep(o, report);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

void check_same_outputs(const fs::path& a, const fs::path& b) {
  for (const char* f : {"runs.csv", "timeseries.csv", "summary.csv"}) {
    CAPTURE(f);
    CHECK(slurp(a / f) == slurp(b / f));
  }
}

}  // namespace

TEST_CASE("sweep: raising the replications reuses the runs finished; the outputs equal a fresh sweep") {
  TempDir tmp("sweep_reuse", "raise");
  const fs::path fresh = tmp.path / "fresh", out = tmp.path / "out";
  const fs::path exp = write_experiment(tmp.path, 2);
  CHECK(sweep(exp, fresh, false).find("4 runs done, 0 already finished") != std::string::npos);

  SUBCASE("parts kept: the first replication's parts are not touched") {
    write_experiment(tmp.path, 1);
    sweep(exp, out, false, true);
    const std::vector<fs::path> first{out / "parts" / "000000000-000000.csv", out / "parts" / "000000001-000000.csv"};
    std::vector<fs::file_time_type> written;
    std::vector<std::string> bytes;
    for (const fs::path& p : first) {
      REQUIRE(fs::exists(p));
      written.push_back(fs::last_write_time(p));
      bytes.push_back(slurp(p));
    }
    write_experiment(tmp.path, 2);
    CHECK(sweep(exp, out, true, true).find("2 runs done, 2 already finished") != std::string::npos);
    for (std::size_t i = 0; i < first.size(); ++i) {
      CHECK(fs::last_write_time(first[i]) == written[i]);
      CHECK(slurp(first[i]) == bytes[i]);
    }
    check_same_outputs(fresh, out);
  }
  SUBCASE("assembled (parts removed): the runs are taken back from the final files") {
    write_experiment(tmp.path, 1);
    sweep(exp, out, false);
    REQUIRE_FALSE(fs::exists(out / "parts"));
    write_experiment(tmp.path, 2);
    const std::string refused = refusal(exp, out, false);  // continuing needs --resume
    CHECK(refused.find("already holds this sweep (1 replications, now 2); use --resume") != std::string::npos);
    CHECK(sweep(exp, out, true).find("2 runs done, 2 already finished") != std::string::npos);
    check_same_outputs(fresh, out);
    CHECK(slurp(out / "manifest.json").find("\"replications\": 2") != std::string::npos);

    // And lowered again: nothing to run, the outputs of a fresh 1-replication sweep.
    write_experiment(tmp.path, 1);
    CHECK(sweep(exp, out, true).find("0 runs done, 2 already finished") != std::string::npos);
    sweep(exp, tmp.path / "fresh1", false);
    check_same_outputs(tmp.path / "fresh1", out);
  }
}

TEST_CASE("sweep: resuming with another setting changed is refused, naming the setting") {
  TempDir tmp("sweep_reuse", "changed");
  const fs::path out = tmp.path / "out";
  const fs::path exp = write_experiment(tmp.path, 1, 6);
  sweep(exp, out, false);
  write_experiment(tmp.path, 2, 8);  // replications may change; steps may not
  const std::string msg = refusal(exp, out, true);
  CAPTURE(msg);
  CHECK(msg.find("with other settings; changed: experiment.steps (6, now 8); output.summary_step (6, now 8). Its "
                 "runs cannot be reused") != std::string::npos);  // the summary month defaults to the last
  CHECK(msg.find("replications") == std::string::npos);
  write_experiment(tmp.path, 1, 6);
  std::ofstream(tmp.path / "base.toml") << "[[cluster]]\nname = \"T\"\nfirms = 90\n";
  CHECK(refusal(exp, out, true).find("changed: base (the resolved base scenario, hashed)") != std::string::npos);
}
