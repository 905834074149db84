// What a sweep writes about its parameters: factor columns named as R and pandas formulas accept,
// mapped back to their parameter paths by the manifest, and [fixed] settings, applied to every
// run exactly as a one-value factor and recorded in the manifest, not as a column.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "support/cli.hpp"

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
