// Calibration files: a valid file loads with its targets file; every problem of a bad one is
// reported at once with file, line, column and key; the journal ignores a line cut by a kill.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "calibrate/calibration.hpp"
#include "calibrate/journal.hpp"
#include "params/load.hpp"
#include "support/cli.hpp"

namespace fs = std::filesystem;
using namespace cs;
using cs::test::TempDir;

namespace {

std::string errors_of(const fs::path& p) {
  try {
    calib::load_calibration(p.string());
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("calibration file: parameters, targets here and in a targets file") {
  TempDir tmp("calfile", "ok");
  std::ofstream(tmp.path / "base.toml") << "[[cluster]]\nname = \"T\"\nfirms = 100\n";
  std::ofstream(tmp.path / "targets.toml")
      << "[[target]]\nname = \"micro\"\npanel = \"share\"\nemployees_below = 10\nat = 24\nvalue = 0.8\n"
         "rel_se = 0.05\nsource = \"Survey, 2020\"\n";
  std::ofstream(tmp.path / "cal.toml")
      << "[calibration]\nname = \"t\"\nbase = \"base.toml\"\nsteps = 24\nreplications = 2\nseed = 5\n"
         "targets = \"targets.toml\"\n"
         "[[parameter]]\npath = \"demography.entry_rate\"\nmin = 0.001\nmax = 0.01\nscale = \"log\"\n"
         "[[parameter]]\npath = \"cluster[0].firms\"\nmin = 80\nmax = 120\nstart = 100\n"
         "[[target]]\nname = \"emp\"\nindicator = \"employment\"\nat = 24\nvalue = 500\nweight = 4\n";
  const calib::Calibration c = calib::load_calibration((tmp.path / "cal.toml").string());
  CHECK(c.name == "t");
  REQUIRE(c.parameters.size() == 2);
  CHECK(c.parameters[0].log);
  CHECK(c.parameters[1].integer);
  REQUIRE(c.targets.size() == 2);
  CHECK(c.targets[0].moment.name == "emp");
  CHECK(c.targets[0].se == doctest::Approx(0.5));  // weight 4
  CHECK(c.targets[1].se == doctest::Approx(0.04)); // 5 % of 0.8
  CHECK(c.targets[1].source == "Survey, 2020");
  // The unit cube maps onto the bounds, geometrically on a log scale; integers are rounded.
  CHECK(calib::to_value(c.parameters[0], 0.5) == doctest::Approx(std::sqrt(0.001 * 0.01)));
  CHECK(calib::to_value(c.parameters[1], 0.51) == 100);
  CHECK(calib::to_unit(c.parameters[0], 0.01) == 1.0);
}

TEST_CASE("calibration file: every problem at once, with file:line:column and key") {
  TempDir tmp("calfile", "bad");
  std::ofstream(tmp.path / "base.toml") << "[[cluster]]\nname = \"T\"\nfirms = 100\n";
  std::ofstream(tmp.path / "cal.toml") << R"([calibration]
base = "base.toml"
steps = 24
optimiser = "GN_CRS2_LM"
local = "LN_BOBYQ"
[[parameter]]
path = "market.wgae"
min = 0.1
max = 0.2
[[parameter]]
path = "finance.ltv"
min = 0.5
max = 0.4
[[parameter]]
path = "demography.entry_rate"
min = 0
max = 0.01
scale = "log"
[[target]]
name = "emp"
indicator = "employment"
at = 36
value = 500
se = 10
[[target]]
name = "x"
panel = "exporter_share"
at = 12
value = 0.1
)";
  const std::string e = errors_of(tmp.path / "cal.toml");
  const std::string f = (tmp.path / "cal.toml").string();
  CHECK(e.find(f + ":4:1: calibration.optimiser: unknown key 'optimiser' in calibration; did you mean 'optimizer'?") !=
        std::string::npos);
  CHECK(e.find(f + ":5:9: calibration.local: expected one of") != std::string::npos);
  CHECK(e.find("did you mean 'LN_BOBYQA'?") != std::string::npos);
  CHECK(e.find(f + ":7:8: parameter[0].path: unknown parameter 'market.wgae'; did you mean 'market.wage'?") !=
        std::string::npos);
  CHECK(e.find(f + ":12:7: parameter[1].min: min must be < max") != std::string::npos);
  CHECK(e.find(f + ":16:7: parameter[2].min: a log scale needs min > 0") != std::string::npos);
  CHECK(e.find(f + ":22:6: target[0].at: expected a month in [0, 24]") != std::string::npos);
  CHECK(e.find("target[1].se: give exactly one of se, rel_se") != std::string::npos);
}

TEST_CASE("journal: exact values read back, and a line cut by a kill is ignored") {
  TempDir tmp("calfile", "journal");
  const fs::path p = tmp.path / "journal.txt";
  const calib::RepMoments a{{0.1, 1e300, -3.0}, {std::nan(""), 2.0 / 3.0, 0.0}};
  {
    calib::Journal j(p);
    j.append(42, a);
    j.append(43, {{1.0, 2.0, 3.0}});
  }
  std::string text = cs::test::slurp(p);
  const std::string line = calib::journal_line(44, a);
  std::ofstream(p, std::ios::app) << line.substr(0, line.size() / 2);  // killed while writing
  {
    calib::Journal j(p);
    CHECK(j.entries_read() == 2);
    const auto r = j.find(42);
    REQUIRE(r);
    CHECK((*r)[0][1] == 1e300);
    CHECK((*r)[1][1] == 2.0 / 3.0);  // bit for bit
    CHECK(std::isnan((*r)[1][0]));
    CHECK_FALSE(j.find(44));
    j.append(45, a);
  }
  calib::Journal j(p);
  CHECK(j.entries_read() == 3);
  CHECK(j.find(45));
  // A corrupted value fails its checksum.
  std::string bad = calib::journal_line(46, a);
  bad[20] = bad[20] == '1' ? '2' : '1';
  CHECK_FALSE(calib::parse_journal_line(bad));
  CHECK(calib::parse_journal_line(calib::journal_line(46, a)));
}
