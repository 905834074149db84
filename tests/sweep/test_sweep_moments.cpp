// [[moment]] tables in an experiment file: each moment is a column of runs.csv and a row of
// summary.csv, with the value the moments library gives for the same run.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "moments/moment.hpp"
#include "params/load.hpp"
#include "sweep/design.hpp"
#include "sweep/experiment.hpp"
#include "sweep/run.hpp"
#include "support/cli.hpp"

namespace fs = std::filesystem;
using namespace cs;
using cs::test::TempDir;
using cs::test::cli;
using cs::test::lines;
using cs::test::split;

TEST_CASE("sweep: [[moment]] tables add columns to runs.csv and rows to summary.csv") {
  TempDir tmp("sweep", "moments");
  std::ofstream(tmp.path / "base.toml") << "[[cluster]]\nname = \"T\"\nfirms = 100\n";
  std::ofstream(tmp.path / "experiment.toml")
      << "[experiment]\nname = \"m\"\nbase = \"base.toml\"\nsteps = 24\nreplications = 2\nseed = 3\n"
         "[[factor]]\npath = \"demography.entry_rate\"\nvalues = [0.002, 0.008]\n"
         "[output]\nindicators = [\"firms\"]\n"
         "[[moment]]\nname = \"micro_share\"\npanel = \"share\"\nemployees_below = 5\nat = 24\n"
         "[[moment]]\nname = \"entry\"\npanel = \"entry_rate\"\nwindow = [0, 24]\n"
         "[[moment]]\nname = \"emp_growth\"\nindicator = \"employment\"\ngrowth = [0, 24]\n";
  const fs::path out = tmp.path / "out";
  REQUIRE(cli({"sweep", (tmp.path / "experiment.toml").string(), "--jobs", "2", "--out", out.string(), "-q"}) == 0);
  const auto runs = lines(out / "runs.csv");
  REQUIRE(runs.size() == 5);
  CHECK(runs[0] == "run,point,replication,seed,run_id,demography_entry_rate,firms,micro_share,entry,emp_growth");
  // Run 3 (point 1, replication 1) recomputed directly through the moments library.
  const sweep::Experiment ex = sweep::load_experiment((tmp.path / "experiment.toml").string());
  const sweep::Design d = sweep::build_design(ex);
  const moments::RunRecord rec = moments::record_run(sweep::point_params(ex, d, 1, 1), moments::plan_for(ex.moments));
  const auto row = split(runs[4]);
  for (std::size_t k = 0; k < ex.moments.size(); ++k) {
    CAPTURE(ex.moments[k].name);
    CHECK(std::stod(row[7 + k]) == doctest::Approx(moments::evaluate(ex.moments[k], rec)).epsilon(1e-12));
  }
  // More entrants with the higher entry rate.
  CHECK(std::stod(split(runs[3])[8]) > std::stod(split(runs[1])[8]));
  const auto summary = lines(out / "summary.csv");
  CHECK(std::count_if(summary.begin(), summary.end(), [](const std::string& l) { return l.find(",entry,2,") != std::string::npos; }) == 2);
}

TEST_CASE("sweep: a bad [[moment]] is reported with its line and key") {
  TempDir tmp("sweep", "moments_bad");
  std::ofstream(tmp.path / "base.toml") << "[[cluster]]\nname = \"T\"\nfirms = 100\n";
  std::ofstream(tmp.path / "experiment.toml")
      << "[experiment]\nbase = \"base.toml\"\nsteps = 24\n"
         "[[moment]]\nname = \"firms\"\nindicator = \"firms\"\nat = 24\n"
         "[[moment]]\nname = \"x\"\nindicator = \"firms\"\nat = 30\n";
  try {
    sweep::load_experiment((tmp.path / "experiment.toml").string());
    FAIL("expected a ConfigError");
  } catch (const ConfigError& e) {
    const std::string m = e.what();
    CHECK(m.find(":5:8: moment[0].name: name 'firms' is taken") != std::string::npos);
    CHECK(m.find(":11:6: moment[1].at: expected a month in [0, 24]") != std::string::npos);
  }
}
