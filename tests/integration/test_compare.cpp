// `clustersim compare` and `clustersim rate` through the command-line program, in process:
// the files and their columns, errors, independence from the thread count, and a programme that
// can spend nothing changing nothing.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "observe/indicators.hpp"
#include "support/cli.hpp"

namespace fs = std::filesystem;

namespace {

using cs::test::TempDir;
using cs::test::cli;
using cs::test::lines;
using cs::test::slurp;
using cs::test::split;

// A small cluster with a short programme, so that exit (step 1 + 3 + 1 + 2 + 3 + 1 + 1 + 12 + 1 +
// 1 = 26) comes before the end (step 48).
fs::path write_scenario(const fs::path& dir, const std::string& name, const std::string& interventions,
                        const std::string& programme_extra = "") {
  const fs::path p = dir / name;
  std::ofstream(p) << "[run]\nsteps = 48\nseed = 21\n\n"
                   << "[programme]\nselection_months = 3\nappointment_months = 1\ndiagnostic_months = 2\n"
                   << "trust_building_months = 3\naction_plan_months = 1\napproval_months = 1\n"
                   << "implementation_months = 12\nevaluation_months = 1\nhandover_months = 1\n"
                   << programme_extra << "\n[[cluster]]\nname = \"Test\"\nfirms = 300\n\n"
                   << interventions;
  return p;
}

const char* kTwoInterventions =
    "[[intervention]]\nkind = \"tech_upgradation\"\nbudget = 40\n\n"
    "[[intervention]]\nkind = \"export_promotion\"\nbudget = 20\n";

}  // namespace

TEST_CASE("compare writes effects.csv, summary.csv, spending.csv and manifest.json") {
  TempDir tmp("compare", "files");
  const fs::path cfg = write_scenario(tmp.path, "prog.toml", kTwoInterventions);
  const fs::path out = tmp.path / "out";
  REQUIRE(cli({"compare", cfg.string(), "--reps", "3", "--threads", "2", "--out", out.string(), "--quiet"}) == 0);

  const auto eff = lines(out / "effects.csv");
  REQUIRE(!eff.empty());
  CHECK(eff[0] == "indicator,horizon,step,baseline_mean,policy_mean,effect,ci_low,ci_high,relative_effect,n");
  const std::size_t per_horizon = cs::indicator_fields().size() + 3;  // plus employment by size class
  REQUIRE(eff.size() == 1 + 2 * per_horizon);
  int exit_rows = 0, end_rows = 0;
  for (std::size_t i = 1; i < eff.size(); ++i) {
    const auto f = split(eff[i]);
    REQUIRE(f.size() == 10);
    if (f[1] == "exit") {
      ++exit_rows;
      CHECK(f[2] == "26");
    } else {
      CHECK(f[1] == "end");
      CHECK(f[2] == "48");
      ++end_rows;
    }
  }
  CHECK(exit_rows == static_cast<int>(per_horizon));
  CHECK(end_rows == static_cast<int>(per_horizon));
  CHECK(slurp(out / "effects.csv").find("\nemployment_micro,exit,") != std::string::npos);

  const std::string summary = slurp(out / "summary.csv");
  CHECK(summary.rfind("metric,horizon,value,ci_low,ci_high,unit,definition,note\n", 0) == 0);
  for (const char* m : {"\nprogramme_spending,run,", "\ncost_per_job,exit,", "\nbenefit_cost_ratio,run,",
                        "\ncost_per_job_created,end,", "\ncost_per_job_saved,end,", "\ncost_per_tonne_co2,run,",
                        "\noutput_per_rupee,run,", "\ncumulative_subsidies,run,", "\nparticipants,run,",
                        "\nexports_per_rupee,run,", "\nturnover_per_rupee,run,", "\nemployment_micro,end,",
                        "\nfirms_small,exit,", "\nspending.tech_upgradation,run,"})
    CHECK_MESSAGE(summary.find(m) != std::string::npos, m);

  const auto sp = lines(out / "spending.csv");
  REQUIRE(sp.size() == 4);  // header, management, two interventions
  CHECK(sp[0] == "line,name,kind,budget,spent_mean,spent_min,spent_max,first_step,last_step,reps_ran,reps_spent");

  const std::string m = slurp(out / "manifest.json");
  CHECK(m.find("\"kind\": \"compare\"") != std::string::npos);
  CHECK(m.find("\"reps\": 3") != std::string::npos);
  CHECK(m.find("\"replication_seeds\": [") != std::string::npos);
  CHECK(m.find("\"version\":") != std::string::npos);
}

TEST_CASE("compare refuses a scenario without an enabled intervention") {
  TempDir tmp("compare", "noprog");
  const fs::path none = write_scenario(tmp.path, "none.toml", "");
  const fs::path off = write_scenario(tmp.path, "off.toml", "[[intervention]]\nkind = \"cfc\"\nenabled = 0\n");
  CHECK(cli({"compare", none.string(), "--reps", "2", "--out", (tmp.path / "a").string(), "-q"}) == 2);
  CHECK(cli({"compare", off.string(), "--reps", "2", "--out", (tmp.path / "b").string(), "-q"}) == 2);
  CHECK_FALSE(fs::exists(tmp.path / "b" / "effects.csv"));
}

TEST_CASE("compare gives byte-identical effects with 1 and 2 threads") {
  TempDir tmp("compare", "threads");
  const fs::path cfg = write_scenario(tmp.path, "prog.toml", kTwoInterventions);
  const fs::path a = tmp.path / "t1", b = tmp.path / "t2";
  REQUIRE(cli({"compare", cfg.string(), "--reps", "3", "--threads", "1", "--out", a.string(), "-q"}) == 0);
  REQUIRE(cli({"compare", cfg.string(), "--reps", "3", "--threads", "2", "--out", b.string(), "-q"}) == 0);
  for (const char* f : {"effects.csv", "summary.csv", "spending.csv", "effects_by_year.csv", "did_by_year.csv",
                        "participation.csv", "flows_by_year.csv", "ranking.csv"}) {
    CHECK_MESSAGE(slurp(a / f) == slurp(b / f), f);
    CHECK(!slurp(a / f).empty());
  }
}

TEST_CASE("a programme that can spend nothing has exactly zero effects (common random numbers)") {
  // No management budget and one intervention without budget: the lifecycle runs, but nothing
  // is paid, so every indicator but the phase itself must be identical in both arms.
  TempDir tmp("compare", "zero");
  const fs::path cfg = write_scenario(tmp.path, "zero.toml",
                                      "[[intervention]]\nkind = \"skills_training\"\nbudget = 0\n",
                                      "management_budget = 0\n");
  const fs::path out = tmp.path / "out";
  REQUIRE(cli({"compare", cfg.string(), "--reps", "2", "--threads", "2", "--out", out.string(), "-q"}) == 0);
  const auto eff = lines(out / "effects.csv");
  REQUIRE(eff.size() > 1);
  for (std::size_t i = 1; i < eff.size(); ++i) {
    const auto f = split(eff[i]);
    if (f[0] == "programme_phase") continue;  // the lifecycle's own indicator
    if (f[5].empty()) continue;               // not defined (NaN) in either arm
    CHECK_MESSAGE(f[5] == "0", eff[i]);
  }
  const std::string summary = slurp(out / "summary.csv");
  CHECK(summary.find("\nprogramme_spending,run,0,") != std::string::npos);
  CHECK(summary.find("\ncost_per_job,exit,n/a,") != std::string::npos);
}

TEST_CASE("rate prints a ranking and writes its CSV") {
  TempDir tmp("rate", "cli");
  const fs::path cfg = tmp.path / "two.toml";
  std::ofstream(cfg) << "[run]\nsteps = 12\nseed = 5\n\n[[cluster]]\nname = \"A\"\nfirms = 200\n\n"
                        "[[cluster]]\nname = \"B\"\nfirms = 150\n";
  const fs::path csv = tmp.path / "rating.csv";
  REQUIRE(cli({"rate", cfg.string(), "--steps", "3", "--csv", csv.string()}) == 0);
  const auto r = lines(csv);
  REQUIRE(r.size() == 3);
  CHECK(r[0] ==
        "rank,cluster,name,technology,growth,employment,leadership,infrastructure,institutions,recommendation,need,"
        "total,step");
  CHECK(split(r[1])[0] == "1");
  CHECK(split(r[2])[0] == "2");
  CHECK(split(r[1]).back() == "3");
  CHECK(cli({"rate", cfg.string()}) == 0);  // the initial state
}
