// Whole runs through the command-line program, in process: files written, directory policy,
// determinism across thread counts, exit codes.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/version.hpp"
#include "observe/indicators.hpp"
#include "runner/cli.hpp"
#include "support/cli.hpp"

namespace fs = std::filesystem;

namespace {

using cs::test::TempDir;
using cs::test::cli;
using cs::test::lines;
using cs::test::slurp;
using cs::test::split;

fs::path write_config(const fs::path& dir) {
  const fs::path p = dir / "small.toml";
  std::ofstream(p) << "[run]\nsteps = 24\nseed = 7\n\n[[cluster]]\nname = \"Small, test\"\nfirms = 200\n";
  return p;
}

constexpr int kSteps = 24;

}  // namespace

TEST_CASE("clustersim run writes the time series, the panel and the manifest") {
  TempDir tmp("cli", "files");
  const fs::path cfg = write_config(tmp.path);
  const fs::path out = tmp.path / "out";
  REQUIRE(cli({"run", cfg.string(), "--out", out.string(), "--firm-panel", "12", "--quiet"}) == 0);

  SUBCASE("timeseries.csv: header with every indicator, one row per step and cluster") {
    const auto ts = lines(out / "timeseries.csv");
    REQUIRE(ts.size() == 1 + (kSteps + 1) * 1);
    const auto header = split(ts[0]);
    REQUIRE(header.size() == 4 + cs::indicator_fields().size());
    CHECK(header[0] == "run_id");
    CHECK(header[1] == "step");
    CHECK(header[2] == "cluster");
    CHECK(header[3] == "cluster_name");
    for (std::size_t i = 0; i < cs::indicator_fields().size(); ++i)
      CHECK(header[4 + i] == cs::indicator_fields()[i].name);
    CHECK(ts[1].find(",0,0,\"Small, test\",") != std::string::npos);  // step 0, RFC 4180 quoting
    const std::string last = std::string(",").append(std::to_string(kSteps)).append(",0,");
    CHECK(ts.back().find(last) != std::string::npos);
  }

  SUBCASE("firms.csv: waves at steps 0, 12 and 24 only") {
    const auto rows = lines(out / "firms.csv");
    REQUIRE(rows.size() > 1);
    CHECK(rows[0] ==
          "run_id,firm_id,cluster,step,employees,output,turnover,productivity,size_class,age_months,"
          "exporter,cash,debt,informal_debt,certified,member,cfc_user,programme_kinds,programme_support");
    std::set<std::string> steps;
    for (std::size_t i = 1; i < rows.size(); ++i) {
      const auto f = split(rows[i]);
      REQUIRE(f.size() == 19);
      steps.insert(f[3]);
    }
    CHECK(steps == std::set<std::string>{"0", "12", "24"});
  }

  SUBCASE("manifest.json: seed, commit, resolved config") {
    const std::string m = slurp(out / "manifest.json");
    CHECK(m.find("\"seed\": 7,") != std::string::npos);
    CHECK(m.find(std::string("\"git_commit\": \"") + cs::git_commit() + "\"") != std::string::npos);
    CHECK(m.find("\"config_toml\": ") != std::string::npos);
    CHECK(m.find("\"firms.csv\"") != std::string::npos);
    CHECK_FALSE(fs::exists(out / "manifest.json.tmp"));
    CHECK_FALSE(fs::exists(out / "manifest.json.partial"));
    CHECK_FALSE(fs::exists(out / "timeseries.csv.partial"));
  }
}

TEST_CASE("clustersim run refuses a non-empty output directory unless --force") {
  TempDir tmp("cli", "force");
  const fs::path cfg = write_config(tmp.path);
  const fs::path out = tmp.path / "out";
  REQUIRE(cli({"run", cfg.string(), "--out", out.string(), "--steps", "3", "--quiet"}) == 0);
  const std::string before = slurp(out / "timeseries.csv");
  const std::string manifest = slurp(out / "manifest.json");

  CHECK(cli({"run", cfg.string(), "--out", out.string(), "--steps", "5", "--quiet"}) != 0);
  CHECK(slurp(out / "timeseries.csv") == before);
  CHECK(slurp(out / "manifest.json") == manifest);

  std::ofstream(out / "notes.txt") << "mine";
  CHECK(cli({"run", cfg.string(), "--out", out.string(), "--steps", "5", "--quiet", "--force"}) == 0);
  CHECK(lines(out / "timeseries.csv").size() == 1 + 6);
  CHECK(slurp(out / "notes.txt") == "mine");  // --force removes only the run's own files
}

TEST_CASE("same seed gives byte-identical files with 1 and 2 threads") {
  TempDir tmp("cli", "threads");
  const fs::path cfg = write_config(tmp.path);
  for (const char* t : {"1", "2"})
    REQUIRE(cli({"run", cfg.string(), "--out", (tmp.path / t).string(), "--threads", t, "--firm-panel", "6",
                 "--quiet"}) == 0);
  CHECK(slurp(tmp.path / "1" / "timeseries.csv") == slurp(tmp.path / "2" / "timeseries.csv"));
  CHECK(slurp(tmp.path / "1" / "firms.csv") == slurp(tmp.path / "2" / "firms.csv"));
}

TEST_CASE("--set and --seed change the resolved configuration and the run id") {
  TempDir tmp("cli", "set");
  const fs::path cfg = write_config(tmp.path);
  REQUIRE(cli({"run", cfg.string(), "--out", (tmp.path / "a").string(), "--steps", "2", "--quiet"}) == 0);
  REQUIRE(cli({"run", cfg.string(), "--out", (tmp.path / "b").string(), "--steps", "2", "--seed", "8",
               "--set", "market.wage=0.2", "--quiet"}) == 0);
  const std::string b = slurp(tmp.path / "b" / "manifest.json");
  CHECK(b.find("\"seed\": 8,") != std::string::npos);
  CHECK(split(lines(tmp.path / "a" / "timeseries.csv")[1])[0] !=
        split(lines(tmp.path / "b" / "timeseries.csv")[1])[0]);

  CHECK(cli({"run", cfg.string(), "--out", (tmp.path / "c").string(), "--set", "market.no_such_key=1",
             "--quiet"}) == 2);
  CHECK(cli({"run", cfg.string(), "--out", (tmp.path / "c").string(), "--set", "missing-equals",
             "--quiet"}) == 2);
  CHECK(cli({"run", cfg.string(), "--out", (tmp.path / "c").string(), "--steps", "0", "--quiet"}) == 2);
}

TEST_CASE("clustersim validate returns 0 for good files and 2 for bad ones") {
  TempDir tmp("cli", "validate");
  const fs::path good = write_config(tmp.path);
  const fs::path bad = tmp.path / "bad.toml";
  std::ofstream(bad) << "[market]\nwage = -1\nno_such_key = 3\n";
  CHECK(cli({"validate", good.string()}) == 0);
  CHECK(cli({"validate", bad.string()}) == 2);
  CHECK(cli({"validate", good.string(), bad.string()}) == 2);
  CHECK(cli({"validate", (tmp.path / "missing.toml").string()}) == 2);
  const fs::path def = fs::path(CLUSTERSIM_SOURCE_DIR) / "configs" / "default.toml";
  if (fs::exists(def)) CHECK(cli({"validate", def.string()}) == 0);
}

TEST_CASE("usage errors and help") {
  CHECK(cli({}) == 2);                       // a subcommand is required
  CHECK(cli({"run"}) == 2);                  // CONFIG is required
  CHECK(cli({"run", "x.toml", "--threads", "-1"}) == 2);
  CHECK(cli({"--help"}) == 0);
  CHECK(cli({"run", "--help"}) == 0);
}
