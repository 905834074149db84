// Experiment files: defaults, [fixed] settings, factor column names, and every problem reported
// with file, line and key.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>

#include "params/load.hpp"
#include "params/schema.hpp"
#include "sweep/design.hpp"
#include "sweep/experiment.hpp"
#include "sweep/names.hpp"
#include "sweep/run.hpp"

namespace fs = std::filesystem;
using namespace cs::sweep;

namespace {

/// Parses `text` as an experiment in a folder holding base.toml (200 firms).
Experiment parse(const std::string& text) {
  const fs::path dir = fs::temp_directory_path() / ("clustersim_test_experiment_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "base.toml") << "[[cluster]]\nfirms = 200\n";
  return parse_experiment(text, "exp.toml", dir.string());
}

/// The messages of the ConfigError thrown by parse(text), one per line.
std::string problems(const std::string& text) {
  try {
    parse(text);
  } catch (const cs::ConfigError& e) {
    return e.what();
  }
  return "";
}

const std::string kHead = "[experiment]\nbase = \"base.toml\"\n";

}  // namespace

TEST_CASE("experiment: defaults and a grid") {
  const Experiment ex = parse(kHead + "steps = 24\n[[factor]]\npath = \"finance.ltv\"\nvalues = [0.5, 0.7]\n"
                                      "[[factor]]\npath = \"cluster[0].firms\"\nvalues = [100, 300, 500]\n");
  CHECK(ex.steps == 24);
  CHECK(ex.replications == 1);
  CHECK(ex.design == DesignKind::grid);
  CHECK(ex.summary_step == 24);
  CHECK(ex.indicators.size() == default_indicators().size());
  CHECK(ex.factors[1].integer);
  CHECK(design_size(ex) == 6);
  CHECK(replication_seed(ex.seed, 0) != replication_seed(ex.seed, 1));
  CHECK(replication_seed(ex.seed, 0) < (1ull << 63));
}

TEST_CASE("experiment: unknown keys, misspelt names and bad factors, each with line and key") {
  const std::string msg = problems(
      "[experiment]\nbase = \"base.toml\"\nreplicatons = 3\ndesign = \"sobl\"\n"  // lines 3, 4
      "[[factor]]\npath = \"finance.ltvv\"\nvalues = [0.5]\n"                        // line 6
      "[[factor]]\npath = \"finance.guarantee_cover\"\nvalues = [0.5, 1.5]\n"        // line 10
      "[output]\nindicators = [\"credt\"]\nsummary_step = 99999\n");                 // lines 12, 13
  CAPTURE(msg);
  CHECK(msg.find("exp.toml:3:1: experiment.replicatons: unknown key 'replicatons' in experiment; did you mean "
                 "'replications'?") != std::string::npos);
  CHECK(msg.find("exp.toml:4:10: experiment.design: expected one of grid, lhs, morris, sobol; did you mean "
                 "'sobol'?") != std::string::npos);
  CHECK(msg.find("exp.toml:6:8: factor[0].path: unknown parameter 'finance.ltvv'; did you mean 'finance.ltv'?") !=
        std::string::npos);
  CHECK(msg.find("exp.toml:10:16: factor[1].values") != std::string::npos);
  CHECK(msg.find("factor[1].values: value 1.5 out of range [0, 1]") != std::string::npos);
  CHECK(msg.find("exp.toml:12:15: output.indicators") != std::string::npos);
  CHECK(msg.find("unknown indicator 'credt'; did you mean 'credit'?") != std::string::npos);
  CHECK(msg.find("output.summary_step: value 99999 out of range") != std::string::npos);
}

TEST_CASE("experiment: design-specific rules") {
  CHECK(problems(kHead + "design = \"lhs\"\n[[factor]]\npath = \"finance.ltv\"\nmin = 0.2\nmax = 0.9\n")
            .find("needs samples") != std::string::npos);
  CHECK(problems(kHead + "design = \"morris\"\n[[factor]]\npath = \"finance.ltv\"\nvalues = [1]\n")
            .find("takes min and max, not values") != std::string::npos);
  CHECK(problems(kHead + "[[factor]]\npath = \"finance.ltv\"\nmin = 0\nmax = 1\n")
            .find("a grid design takes values") != std::string::npos);
  CHECK(problems(kHead + "design = \"sobol\"\nsamples = 8\n[[factor]]\npath = \"finance.ltv\"\nmin = 0.9\nmax = 0.2\n")
            .find("min must be < max") != std::string::npos);
  CHECK(problems(kHead + "[[factor]]\npath = \"run.seed\"\nvalues = [1, 2]\n").find("set by the experiment") !=
        std::string::npos);
  CHECK(problems(kHead + "[[factor]]\npath = \"cluster[0].firms\"\nvalues = [10.5]\n").find("expected an integer") !=
        std::string::npos);
  CHECK(problems(kHead + "[[factor]]\npath = \"cluster[3].firms\"\nvalues = [10]\n").find("index 3 out of range") !=
        std::string::npos);
  CHECK(problems("[experiment]\nbase = \"missing.toml\"\n").find("missing.toml") != std::string::npos);
  CHECK(problems("[experimnt]\n").find("did you mean 'experiment'") == std::string::npos);  // no [experiment]
  const Experiment m = parse(kHead + "design = \"morris\"\ntrajectories = 5\n[[factor]]\npath = \"market.chi\"\n"
                                     "min = 0\nmax = 1\n[[factor]]\npath = \"cluster[0].firms\"\nmin = 100\nmax = 300\n"
                                     "[output]\nsteps = [0, 12, 6]\n");
  CHECK(design_size(m) == 15);
  CHECK(m.factors[1].integer);
  CHECK(m.keep_steps.keeps(6));
  CHECK_FALSE(m.keep_steps.keeps(7));
}

TEST_CASE("experiment: a reference point needs an existing point and two replications, reported at its line") {
  const std::string grid = "[[factor]]\npath = \"finance.ltv\"\nvalues = [0.5, 0.7]\n[output]\n";  // 4 lines
  CHECK(parse(kHead + "replications = 2\n" + grid + "reference = 1\n").reference == 1);
  CHECK(parse(kHead + "replications = 2\n" + grid).reference == -1);
  std::string msg = problems(kHead + "replications = 2\n" + grid + "reference = 2\n");
  CAPTURE(msg);
  CHECK(msg.find("exp.toml:8:13: output.reference: design point 2 does not exist: the design has 2 points (0 to 1)") !=
        std::string::npos);
  msg = problems(kHead + grid + "reference = 0\n");
  CHECK(msg.find("exp.toml:7:13: output.reference: paired differences from a reference point need replications >= 2 "
                 "(the experiment has 1)") != std::string::npos);
  CHECK(problems(kHead + "replications = 2\n" + grid + "reference = \"low\"\n")
            .find("exp.toml:8:13: output.reference: expected the number of a design point") != std::string::npos);
  CHECK(problems(kHead + "replications = 2\n" + grid + "referense = 0\n").find("did you mean 'reference'?") !=
        std::string::npos);
}

TEST_CASE("experiment: a moment cannot take the name of a per-cluster indicator column") {
  const fs::path dir = fs::temp_directory_path() / ("clustersim_test_experiment_two_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "base.toml") << "[[cluster]]\nfirms = 100\n[[cluster]]\nfirms = 100\n";
  const std::string moment = "[[moment]]\nname = \"firms_cluster1\"\nindicator = \"firms\"\nwindow = [0, 12]\n";
  std::string msg;
  try {
    parse_experiment(kHead + "steps = 12\n" + moment, "exp.toml", dir.string());
  } catch (const cs::ConfigError& e) {
    msg = e.what();
  }
  CAPTURE(msg);
  CHECK(msg.find("moment[0].name: name 'firms_cluster1' is taken") != std::string::npos);
  // With several clusters the indicator columns are <name>_cluster<c>: a factor's column never is.
  const Experiment ex = parse_experiment(kHead + "steps = 12\n[[factor]]\npath = \"cluster[0].firms\"\nvalues = [50]\n"
                                                 "[output]\nindicators = [\"firms\", \"credit\"]\n",
                                         "exp.toml", dir.string());
  CHECK(runs_header(ex) == "run,point,replication,seed,run_id,cluster0_firms,firms_cluster0,credit_cluster0,"
                           "firms_cluster1,credit_cluster1");
  fs::remove_all(dir);
}

TEST_CASE("experiment: intervention parameters are factors (never dropped)") {
  const fs::path dir = fs::temp_directory_path() / ("clustersim_test_experiment_iv_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "base.toml") << "[[cluster]]\nfirms = 200\n[[intervention]]\nkind = \"credit_guarantee\"\n"
                                      "[[intervention]]\nkind = \"tech_upgradation\"\n";
  const Experiment ex = parse_experiment(
      kHead + "[[factor]]\npath = \"intervention[0].enabled\"\nvalues = [0, 1]\n"
              "[[factor]]\npath = \"intervention[1].budget\"\nvalues = [100, 400]\n",
      "exp.toml", dir.string());
  REQUIRE(ex.factors.size() == 2);
  CHECK(ex.factors[0].integer);
  CHECK_FALSE(ex.factors[1].integer);
  CHECK(design_size(ex) == 4);
  fs::remove_all(dir);
}

TEST_CASE("experiment: factor columns are identifiers, one per parameter path") {
  CHECK(column_name("intervention[0].subsidy_share") == "intervention0_subsidy_share");
  CHECK(column_name("cluster[0].firms") == "cluster0_firms");
  CHECK(column_name("cluster[12].firms") == "cluster12_firms");
  CHECK(column_name("finance.ltv") == "finance_ltv");
  CHECK(column_name("0.a-b") == "x0_a_b");
  CHECK(column_name("a.b_c") == column_name("a_b.c"));  // not one-to-one: the loader must check

  // Every parameter path of the schema (three elements of each array) gets a distinct identifier
  // that R and Python accept.
  std::vector<std::string> paths;
  cs::Params p;
  cs::visit_tables(p, [&](std::string_view table, auto& t) {
    cs::visit_table(t, [&](std::string_view key, auto&, cs::Range, const char*) {
      paths.push_back(std::string(table) + "." + std::string(key));
    });
  });
  for (int i = 0; i < 3; ++i) {
    std::string n = "[";  // (not "[" + ...: GCC 12's false -Wrestrict)
    n += std::to_string(i);
    n += "].";
    cs::ClusterParams c;
    cs::visit_table(c, [&](std::string_view k, auto&, cs::Range, const char*) { paths.push_back("cluster" + n + std::string(k)); });
    cs::ShockParams sh;
    cs::visit_table(sh, [&](std::string_view k, auto&, cs::Range, const char*) { paths.push_back("shock" + n + std::string(k)); });
    cs::InterventionParams iv;
    cs::visit_table(iv, [&](std::string_view k, auto&, cs::Range, const char*) { paths.push_back("intervention" + n + std::string(k)); });
  }
  REQUIRE(paths.size() > 100);
  const std::regex identifier("[A-Za-z][A-Za-z0-9_]*");
  std::set<std::string> columns;
  for (const std::string& path : paths) {
    CAPTURE(path);
    CHECK(std::regex_match(column_name(path), identifier));
    CHECK(columns.insert(column_name(path)).second);
  }

  const Experiment ex = parse(kHead + "[[factor]]\npath = \"finance.ltv\"\nvalues = [0.5]\n"
                                      "[[factor]]\npath = \"cluster[0].firms\"\nvalues = [100]\n");
  CHECK(ex.factors[0].column == "finance_ltv");
  CHECK(ex.factors[1].column == "cluster0_firms");
  CHECK(runs_header(ex).rfind("run,point,replication,seed,run_id,finance_ltv,cluster0_firms,firms,", 0) == 0);
}

TEST_CASE("experiment: a factor column that another column already has is refused at the factor's line") {
  const std::string msg = problems(kHead + "[[factor]]\npath = \"finance.ltv\"\nvalues = [0.5]\n"  // line 4
                                           "[[moment]]\nname = \"finance_ltv\"\nindicator = \"firms\"\nwindow = [0, 1]\n");
  CAPTURE(msg);
  CHECK(msg.find("exp.toml:4:8: factor[0].path: the column name 'finance_ltv' of 'finance.ltv' is already an "
                 "indicator or moment column") != std::string::npos);
}

TEST_CASE("experiment: [fixed] settings are applied to every run, in file order, and are not factors") {
  const Experiment ex = parse(kHead + "steps = 12\n[fixed]\n\"cluster[0].firms\" = 150\nfinance.ltv = 0.55\n"
                                      "\"cluster[0].name\" = \"Morbi\"\n"
                                      "[[factor]]\npath = \"finance.guarantee_cover\"\nvalues = [0.1, 0.3]\n");
  REQUIRE(ex.fixed.size() == 3);
  CHECK(ex.fixed[0].path == "cluster[0].firms");
  CHECK(ex.fixed[0].value == "150");
  CHECK(ex.fixed[1].path == "finance.ltv");  // a dotted bare key is the same path
  CHECK_FALSE(ex.fixed[1].text);
  CHECK(ex.fixed[2].value == "Morbi");
  CHECK(ex.fixed[2].text);
  CHECK(ex.factors.size() == 1);
  CHECK(runs_header(ex).find("finance_ltv") == std::string::npos);  // not a column
  const Design d = build_design(ex);
  for (std::size_t point = 0; point < d.points(); ++point) {
    const cs::Params p = point_params(ex, d, point, 0);
    CHECK(p.clusters[0].firms == 150);
    CHECK(p.finance.ltv == 0.55);
    CHECK(p.clusters[0].name == "Morbi");
  }
  CHECK(ex.base.clusters[0].firms == 200);  // the base itself is the scenario file's
}

TEST_CASE("experiment: [fixed] keys are checked as factor paths are, each problem at its line") {
  const std::string msg = problems(
      kHead + "[fixed]\n\"finance.ltvv\" = 0.5\n"                       // line 4
              "\"run.seed\" = 3\n"                                       // line 5
              "\"finance.guarantee_cover\" = 1.5\n"                      // line 6
              "\"cluster[0].firms\" = \"many\"\n"                        // line 7
              "\"finance.ltv\" = 0.6\n"                                  // line 8
              "[[factor]]\npath = \"finance.ltv\"\nvalues = [0.5, 0.7]\n");
  CAPTURE(msg);
  CHECK(msg.find("exp.toml:4:1: fixed.finance.ltvv: unknown parameter 'finance.ltvv'; did you mean "
                 "'finance.ltv'?") != std::string::npos);
  CHECK(msg.find("exp.toml:5:1: fixed.run.seed: 'run.seed' is set by the experiment") != std::string::npos);
  CHECK(msg.find("exp.toml:6:29: fixed.finance.guarantee_cover: value 1.5 out of range [0, 1]") != std::string::npos);
  CHECK(msg.find("exp.toml:7:22: fixed.cluster[0].firms: 'cluster[0].firms' is a numeric parameter: expected a "
                 "number") != std::string::npos);
  CHECK(msg.find("exp.toml:8:1: fixed.finance.ltv: 'finance.ltv' is both held fixed and varied by factor[0]") !=
        std::string::npos);
  CHECK(problems(kHead + "[fixed]\nfinance.ltv = 0.5\n\"finance.ltv\" = 0.6\n").find("is given twice") !=
        std::string::npos);
  CHECK(problems("fixed = 3\n" + kHead).find("expected a table [fixed]") != std::string::npos);
}
