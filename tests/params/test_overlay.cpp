// Scenarios that build on another: `base = "..."` merges this file over its base, arrays of
// tables replace the base's, `[set]` applies dotted-path overrides last; cycles, missing bases
// and bad overrides are errors naming file, line and key.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "params/load.hpp"
#include "support/cli.hpp"

namespace fs = std::filesystem;
using cs::ConfigError;
using cs::load_params;
using cs::test::TempDir;

namespace {

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

/// The text of every issue of a ConfigError thrown by loading `path`.
std::string errors_of(const fs::path& path) {
  try {
    load_params(path.string());
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("overlay: base first, then this file's keys, arrays of tables replace, [set] last") {
  TempDir tmp("overlay", "merge");
  write(tmp.path / "lib" / "base.toml",
        "[run]\nsteps = 60\nseed = 3\n[market]\nwage = 0.2\ninput_price = 1.5\n"
        "[[cluster]]\nname = \"A\"\nfirms = 300\n[[cluster]]\nname = \"B\"\nfirms = 400\n");
  write(tmp.path / "mid.toml", "base = \"lib/base.toml\"\n[market]\nwage = 0.25\n");
  write(tmp.path / "top.toml",
        "base = \"mid.toml\"\n[run]\nseed = 9\n[set]\n\"cluster[1].firms\" = 450\nmarket.input_price = 2.0\n");
  const cs::Params p = load_params((tmp.path / "top.toml").string());
  CHECK(p.run.steps == 60);         // from the base
  CHECK(p.run.seed == 9);           // this file
  CHECK(p.market.wage == 0.25);     // the middle file over the base
  CHECK(p.market.input_price == 2.0);  // [set], dotted without quotes
  REQUIRE(p.clusters.size() == 2);  // the base's clusters, one changed by [set]
  CHECK(p.clusters[0].firms == 300);
  CHECK(p.clusters[1].firms == 450);

  write(tmp.path / "one.toml", "base = \"lib/base.toml\"\n[[cluster]]\nname = \"C\"\nfirms = 50\n");
  const cs::Params q = load_params((tmp.path / "one.toml").string());
  REQUIRE(q.clusters.size() == 1);  // the overlay's array replaces the base's
  CHECK(q.clusters[0].name == "C");
  CHECK(q.market.wage == 0.2);
}

TEST_CASE("overlay: errors name the file, line and key where the problem is written") {
  TempDir tmp("overlay", "errors");
  write(tmp.path / "base.toml", "[market]\nwage = 0.2\nwgae = 1\n");
  write(tmp.path / "a.toml", "[run]\nsteps = 12\nbase = 3\n");
  write(tmp.path / "b.toml", "base = \"base.toml\"\n[run]\nsteps = 12\n");
  const std::string b = errors_of(tmp.path / "b.toml");  // the base's own problem, in the base's file
  CHECK(b.find((tmp.path / "base.toml").string() + ":3:1: market.wgae: unknown key 'wgae' in market; did you mean 'wage'?") !=
        std::string::npos);

  write(tmp.path / "missing.toml", "# comment\nbase = \"nowhere.toml\"\n");
  const std::string m = errors_of(tmp.path / "missing.toml");
  CHECK(m.find((tmp.path / "missing.toml").string() + ":2:8: base: cannot load base scenario") != std::string::npos);
  CHECK(m.find("no such file") != std::string::npos);

  write(tmp.path / "x.toml", "base = \"y.toml\"\n");
  write(tmp.path / "y.toml", "\nbase = \"x.toml\"\n");
  const std::string c = errors_of(tmp.path / "x.toml");
  CHECK(c.find((tmp.path / "y.toml").string() + ":2:8: base: base scenarios form a cycle") != std::string::npos);

  write(tmp.path / "s.toml",
        "[[cluster]]\nname = \"A\"\n[set]\n\"cluster[3].firms\" = 10\n\"market.wgae\" = 0.1\n\"market.wage\" = \"x\"\n"
        "\"firms.size_min\" = 5000\n");
  const std::string s = errors_of(tmp.path / "s.toml");
  CHECK(s.find("s.toml:4:22: set.cluster[3].firms: index 3 out of range: there is 1 cluster") != std::string::npos);
  CHECK(s.find("s.toml:5:17: set.market.wgae: unknown parameter 'market.wgae'; did you mean 'market.wage'?") !=
        std::string::npos);
  CHECK(s.find("s.toml:6:17: set.market.wage: expected a number") != std::string::npos);
  // A cross-field rule broken by [set] is reported at the [set] line.
  CHECK(s.find("s.toml:7:20: firms.size_min, firms.size_max") == std::string::npos);
  CHECK(s.find("firms.size_min (5000) must be <= firms.size_max") != std::string::npos);
}
