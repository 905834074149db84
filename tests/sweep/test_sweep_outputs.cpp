// What a sweep writes about its parameters: factor columns named as R and pandas formulas accept,
// mapped back to their parameter paths by the manifest, and [fixed] settings, applied to every
// run exactly as a one-value factor and recorded in the manifest, not as a column; per-cluster
// indicator columns, and paired differences from a reference point in summary.csv.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "support/cli.hpp"
#include "sweep/stats.hpp"

namespace fs = std::filesystem;

namespace {

using cs::test::TempDir;
using cs::test::cli;
using cs::test::lines;
using cs::test::slurp;
using cs::test::split;

/// The members of the flat JSON object `"key": {...}` of a manifest, values as written (strings
/// without their quotes). Enough for the manifest's maps, whose strings hold no quotes or braces.
std::vector<std::pair<std::string, std::string>> json_object(const std::string& json, const std::string& key) {
  const std::string open = "\"" + key + "\": {";
  const auto a = json.find(open);
  REQUIRE(a != std::string::npos);
  const std::string body = json.substr(a + open.size(), json.find('}', a) - a - open.size());
  std::vector<std::pair<std::string, std::string>> members;
  for (std::size_t pos = 0; pos < body.size();) {
    const auto colon = body.find("\": ", pos);
    if (colon == std::string::npos) break;
    const auto start = body.find('"', pos) + 1;
    auto end = body.find(", \"", colon);
    if (end == std::string::npos) end = body.size();
    std::string value = body.substr(colon + 3, end - colon - 3);
    if (value.size() >= 2 && value.front() == '"') value = value.substr(1, value.size() - 2);
    members.emplace_back(body.substr(start, colon - start), value);
    pos = end + 2;
  }
  return members;
}

/// base.toml (one cluster with a technology-upgradation subsidy) and an experiment of `body`.
fs::path write_experiment(const fs::path& dir, const std::string& name, const std::string& body) {
  std::ofstream(dir / "base.toml") << "[[cluster]]\nname = \"T\"\nfirms = 80\n"
                                      "[[intervention]]\nkind = \"tech_upgradation\"\nbudget = 50\n";
  std::ofstream(dir / (name + ".toml")) << "[experiment]\nbase = \"base.toml\"\nsteps = 6\nseed = 5\n" << body
                                        << "[output]\nindicators = [\"firms\", \"credit\"]\n";
  return dir / (name + ".toml");
}

}  // namespace

TEST_CASE("sweep: factor columns are identifiers, and the manifest maps them back to the parameter paths") {
  TempDir tmp("sweep_outputs", "columns");
  const fs::path exp = write_experiment(tmp.path, "exp",
                                        "[[factor]]\npath = \"intervention[0].subsidy_share\"\nvalues = [0.1, 0.3]\n"
                                        "[[factor]]\npath = \"cluster[0].firms\"\nvalues = [60, 90]\n");
  const fs::path out = tmp.path / "out";
  REQUIRE(cli({"sweep", exp.string(), "--out", out.string(), "-q"}) == 0);
  const std::vector<std::string> paths{"intervention[0].subsidy_share", "cluster[0].firms"};
  const auto runs = split(lines(out / "runs.csv").at(0));
  const auto summary = split(lines(out / "summary.csv").at(0));
  REQUIRE(runs.size() > 7);
  CHECK(runs[5] == "intervention0_subsidy_share");
  CHECK(runs[6] == "cluster0_firms");
  CHECK(summary[1] == "intervention0_subsidy_share");
  CHECK(summary[2] == "cluster0_firms");

  // Round trip: every factor column of runs.csv and summary.csv -> its path, in factor order.
  const std::string manifest = slurp(out / "manifest.json");
  std::map<std::string, std::string> to_path;
  for (const auto& [column, path] : json_object(manifest, "columns")) to_path[column] = path;
  CHECK(to_path.size() == 2);
  for (std::size_t j = 0; j < paths.size(); ++j) {
    CHECK(to_path[runs[5 + j]] == paths[j]);
    CHECK(to_path[summary[1 + j]] == paths[j]);
  }
  CHECK(json_object(manifest, "fixed").empty());
  // The values under the columns are the parameters applied: 2 x 2 points.
  CHECK(split(lines(out / "runs.csv").at(4))[5] == "0.3");
  CHECK(split(lines(out / "runs.csv").at(4))[6] == "90");
}

TEST_CASE("sweep: a [fixed] setting gives the runs of a one-value factor, without its column") {
  TempDir tmp("sweep_outputs", "fixed");
  const std::string varied = "[[factor]]\npath = \"finance.guarantee_cover\"\nvalues = [0.0, 0.5]\n";
  const fs::path fixed = write_experiment(tmp.path, "fixed",
                                          "replications = 2\n[fixed]\n\"cluster[0].firms\" = 60\n"
                                          "\"intervention[0].subsidy_share\" = 0.4\n" + varied);
  const fs::path factor = write_experiment(tmp.path, "factor",
                                           "replications = 2\n[[factor]]\npath = \"cluster[0].firms\"\nvalues = [60]\n"
                                           "[[factor]]\npath = \"intervention[0].subsidy_share\"\nvalues = [0.4]\n" +
                                               varied);
  REQUIRE(cli({"sweep", fixed.string(), "--out", (tmp.path / "a").string(), "-q"}) == 0);
  REQUIRE(cli({"sweep", factor.string(), "--out", (tmp.path / "b").string(), "-q"}) == 0);
  CHECK(slurp(tmp.path / "a" / "timeseries.csv") == slurp(tmp.path / "b" / "timeseries.csv"));
  const auto a = lines(tmp.path / "a" / "runs.csv"), b = lines(tmp.path / "b" / "runs.csv");
  REQUIRE(a.size() == 5);
  REQUIRE(b.size() == 5);
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto row = split(b[i]);
    row.erase(row.begin() + 5, row.begin() + 7);  // the two one-value factor columns
    CHECK(split(a[i]) == row);                    // same run ids (resolved parameters) and results
  }
  CHECK(split(a[0])[5] == "finance_guarantee_cover");
  const auto recorded = json_object(slurp(tmp.path / "a" / "manifest.json"), "fixed");
  REQUIRE(recorded.size() == 2);
  CHECK(recorded[0] == std::pair<std::string, std::string>{"cluster[0].firms", "60"});
  CHECK(recorded[1] == std::pair<std::string, std::string>{"intervention[0].subsidy_share", "0.4"});
}

TEST_CASE("sweep: with several clusters the indicator columns are <name>_cluster<c>, listed in the manifest") {
  TempDir tmp("sweep_outputs", "clusters");
  std::ofstream(tmp.path / "base.toml") << "[[cluster]]\nname = \"A\"\nfirms = 50\n[[cluster]]\nname = \"B\"\nfirms = 40\n";
  std::ofstream(tmp.path / "exp.toml") << "[experiment]\nbase = \"base.toml\"\nsteps = 6\nseed = 5\ndesign = \"morris\"\n"
                                          "trajectories = 2\n[[factor]]\npath = \"cluster[0].firms\"\nmin = 40\nmax = 60\n"
                                          "[output]\nindicators = [\"firms\", \"credit\"]\n";
  const fs::path out = tmp.path / "out";
  REQUIRE(cli({"sweep", (tmp.path / "exp.toml").string(), "--out", out.string(), "-q"}) == 0);
  CHECK(lines(out / "runs.csv").at(0) ==
        "run,point,replication,seed,run_id,cluster0_firms,firms_cluster0,credit_cluster0,firms_cluster1,credit_cluster1");
  const std::string summary = slurp(out / "summary.csv");
  CHECK(summary.rfind("point,cluster0_firms,indicator,n,mean,sd,ci95\n", 0) == 0);
  CHECK(summary.find(",credit_cluster1,1,") != std::string::npos);
  CHECK(slurp(out / "sensitivity.csv").find("\nmorris,firms_cluster1,cluster[0].firms,cluster0_firms,mu_star,") !=
        std::string::npos);
  const std::string manifest = slurp(out / "manifest.json");
  const auto columns = json_object(manifest, "columns");  // the factors' columns only
  REQUIRE(columns.size() == 1);
  CHECK(columns[0] == std::pair<std::string, std::string>{"cluster0_firms", "cluster[0].firms"});
  const auto ind = json_object(manifest, "indicator_columns");
  REQUIRE(ind.size() == 4);
  CHECK(ind[0] == std::pair<std::string, std::string>{"firms_cluster0", "firms of cluster 0 (A)"});
  CHECK(ind[3] == std::pair<std::string, std::string>{"credit_cluster1", "credit of cluster 1 (B)"});
}

TEST_CASE("sweep: summary.csv's paired differences from a reference point equal a hand computation over runs.csv") {
  TempDir tmp("sweep_outputs", "reference");
  // finance.ltv matters; the budget of a disabled programme does not: its points differ from the
  // reference by exactly 0 in every replication.
  const std::string body = "replications = 3\n[fixed]\n\"intervention[0].enabled\" = 0\n"
                           "[[factor]]\npath = \"finance.ltv\"\nvalues = [0.5, 0.9]\n"
                           "[[factor]]\npath = \"intervention[0].budget\"\nvalues = [50, 80]\n";
  const fs::path plain = write_experiment(tmp.path, "plain", body);
  std::ofstream(tmp.path / "paired.toml") << slurp(plain) << "reference = 1\n";  // ltv 0.5, budget 80
  REQUIRE(cli({"sweep", plain.string(), "--out", (tmp.path / "a").string(), "-q"}) == 0);
  REQUIRE(cli({"sweep", (tmp.path / "paired.toml").string(), "--out", (tmp.path / "b").string(), "-q"}) == 0);
  CHECK(slurp(tmp.path / "a" / "runs.csv") == slurp(tmp.path / "b" / "runs.csv"));
  const auto a = lines(tmp.path / "a" / "summary.csv"), b = lines(tmp.path / "b" / "summary.csv");
  REQUIRE(a.size() == 1 + 4 * 2);
  REQUIRE(b.size() == a.size());
  CHECK(b[0] == a[0] + ",diff,diff_ci_low,diff_ci_high");
  for (std::size_t i = 1; i < a.size(); ++i) CHECK(b[i].rfind(a[i] + ",", 0) == 0);  // the columns before: the same

  // runs.csv: run,point,replication,seed,run_id,finance_ltv,intervention0_budget,firms,credit
  std::map<std::pair<int, int>, std::vector<double>> runs;  // (point, replication) -> firms, credit
  const auto r = lines(tmp.path / "b" / "runs.csv");
  for (std::size_t i = 1; i < r.size(); ++i) {
    const auto f = split(r[i]);
    runs[{std::stoi(f[1]), std::stoi(f[2])}] = {std::stod(f[7]), std::stod(f[8])};
  }
  const double t2 = cs::sweep::t975(2);
  for (std::size_t i = 1; i < b.size(); ++i) {
    const auto f = split(b[i]);  // point,finance_ltv,intervention0_budget,indicator,n,mean,sd,ci95,diff,lo,hi
    REQUIRE(f.size() == 11);
    const int point = std::stoi(f[0]), col = f[3] == "firms" ? 0 : 1;
    CAPTURE(b[i]);
    if (point == 0 || point == 1) {  // the reference, and a point differing only in the inert budget
      CHECK(f[8] == "0");
      CHECK(f[9] == "0");
      CHECK(f[10] == "0");
      continue;
    }
    double d[3], mean = 0, ss = 0;
    for (int rep = 0; rep < 3; ++rep) mean += (d[rep] = runs[{point, rep}][col] - runs[{1, rep}][col]) / 3;
    for (int rep = 0; rep < 3; ++rep) ss += (d[rep] - mean) * (d[rep] - mean);
    const double half = t2 * std::sqrt(ss / 2) / std::sqrt(3.0);
    CHECK(std::stod(f[8]) == doctest::Approx(mean).epsilon(1e-12));
    CHECK(std::stod(f[9]) == doctest::Approx(mean - half).epsilon(1e-12));
    CHECK(std::stod(f[10]) == doctest::Approx(mean + half).epsilon(1e-12));
  }
  CHECK(split(b[5])[8] != "0");  // point 2 (ltv 0.9), firms: a real difference
  CHECK(slurp(tmp.path / "b" / "manifest.json").find("\"reference_point\": 1,") != std::string::npos);
  CHECK(slurp(tmp.path / "a" / "manifest.json").find("\"reference_point\": null,") != std::string::npos);

  // The lock: an experiment without a reference records none (older locks stay valid); adding
  // one to a finished sweep is a change --resume names.
  CHECK(slurp(tmp.path / "a" / "experiment.lock").find("output.reference") == std::string::npos);
  CHECK(slurp(tmp.path / "b" / "experiment.lock").find("output.reference = 1\n") != std::string::npos);
  CHECK(cli({"sweep", (tmp.path / "paired.toml").string(), "--out", (tmp.path / "a").string(), "--resume", "-q"}) == 1);
}
