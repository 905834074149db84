// Moments described in TOML: every kind parses, and problems name the line and key.
#include <doctest/doctest.h>

#include <string>

#include "moments/parse.hpp"

using namespace cs;
using namespace cs::moments;

namespace {

/// Parses every [[moment]] of `text`; returns the moments and fills `issues`.
std::vector<Moment> parse_all(const std::string& text, std::vector<ConfigIssue>& issues, long long clusters = 1) {
  const toml::table root = toml::parse(std::string_view(text), std::string_view("m.toml"));
  IssueList is{"m.toml", {}};
  std::vector<Moment> out;
  const auto* arr = root["moment"].as_array();
  for (std::size_t i = 0; i < arr->size(); ++i)
    if (auto m = parse_moment(is, *arr->get(i)->as_table(), "moment[" + std::to_string(i) + "].",
                              MomentContext{120, clusters}, {}))
      out.push_back(*m);
  issues = is.list;
  return out;
}

std::string all_messages(const std::vector<ConfigIssue>& v) {
  std::string s;
  for (const ConfigIssue& i : v) s += i.to_string() + "\n";
  return s;
}

}  // namespace

TEST_CASE("moment tables: every kind parses to its definition") {
  std::vector<ConfigIssue> issues;
  const auto ms = parse_all(R"(
[[moment]]
name = "emp"
indicator = "employment"
growth = [0, 120]
[[moment]]
name = "xs"
ratio = ["exports", "turnover"]
window = [108, 120]
[[moment]]
name = "p9010"
panel = "p90_p10"
column = "productivity"
waves = [60, 120]
[[moment]]
name = "micro"
panel = "share"
employees_below = 10
at = 120
[[moment]]
name = "tail"
panel = "tail_exponent"
top = 50
at = 120
[[moment]]
name = "gsd"
panel = "growth_sd_slope"
column = "turnover"
at = 120
bins = 4
[[moment]]
name = "entry"
panel = "entry_rate"
window = [60, 120]
)", issues);
  CHECK_MESSAGE(issues.empty(), all_messages(issues));
  REQUIRE(ms.size() == 7);
  CHECK(definition(ms[0]) == "indicator employment growth [0, 120]");
  CHECK(definition(ms[1]) == "ratio exports / turnover window [108, 120]");
  CHECK(definition(ms[2]) == "panel quantile_ratio productivity q0.9/q0.1 waves [60, 120]");
  CHECK(definition(ms[3]) == "panel share employees < 10 at 120");
  CHECK(definition(ms[4]) == "panel tail_exponent top 50 at 120");
  CHECK(definition(ms[5]) == "panel growth_sd_slope log turnover lag 12 bins 4 at 120");
  CHECK(definition(ms[6]) == "panel entry_rate window [60, 120]");
  const RecordPlan plan = plan_for(ms);
  CHECK(plan.firm_waves == std::vector<int>{60, 108, 120});
}

TEST_CASE("moment tables: problems name line and key, with suggestions") {
  std::vector<ConfigIssue> issues;
  const auto ms = parse_all(R"([[moment]]
name = "a"
indicator = "employmnet"
at = 12
[[moment]]
name = "b"
indicator = "firms"
at = 500
[[moment]]
name = "c"
panel = "share"
column = "turnover"
at = 12
employees_below = 10
[[moment]]
name = "d"
panel = "growth_sd"
column = "employees"
at = 6
[[moment]]
name = "e"
indicator = "gini_employment"
at = 12
[[moment]]
name = "f"
panel = "p90_p10"
colum = "productivity"
at = 12
)", issues, 2);
  CHECK(ms.empty());
  const std::string msg = all_messages(issues);
  CHECK(msg.find("m.toml:3:13: moment[0].indicator: unknown indicator 'employmnet'; did you mean 'employment'?") !=
        std::string::npos);
  CHECK(msg.find("m.toml:8:6: moment[1].at: expected a month in [0, 120]") != std::string::npos);
  CHECK(msg.find("moment[2].column: 'column' does not apply to panel = \"share\"") != std::string::npos);
  CHECK(msg.find("moment[3].at: expected a month in [12, 120]") != std::string::npos);  // growth needs t - 12
  CHECK(msg.find("moment[4].indicator: indicator 'gini_employment' has no total over the 2 clusters") != std::string::npos);
  CHECK(msg.find("moment[5].colum: unknown key 'colum' in moment[5]; did you mean 'column'?") != std::string::npos);
}
