// National mode through `clustersim run`: selection.csv (the clusters rated, selected and
// funded by a line allocated by rating) and --level (timeseries.csv as totals per archetype or
// for the nation).
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "observe/indicators.hpp"
#include "observe/rating.hpp"
#include "params/load.hpp"
#include "policies/programme.hpp"
#include "record/summary.hpp"
#include "runner/output.hpp"
#include "support/cli.hpp"

namespace fs = std::filesystem;

namespace {

using cs::test::TempDir;
using cs::test::cli;
using cs::test::lines;
using cs::test::slurp;
using cs::test::split;

// Three archetypes (five clusters) and an energy-efficiency line (audits) for the best-rated two,
// 3 each. Implementation starts at step 8. Names hold no comma, so split() reads the rows.
fs::path write_national(const fs::path& dir) {
  const fs::path p = dir / "nation.toml";
  std::ofstream(p) << R"([run]
steps = 20
seed = 11
burn_in = 0

[[cluster]]
name = "Engineering"
firms = 250
replicas = 2
size_spread = 0.5
recommendation = 0.9

[[cluster]]
name = "Handloom"
firms = 120
replicas = 2
recommendation = 0.3

[[cluster]]
name = "Leather"
firms = 200
recommendation = 0.6

[programme]
start = 1
selection_months = 1
appointment_months = 1
diagnostic_months = 2
trust_building_months = 1
action_plan_months = 1
approval_months = 1
implementation_months = 10

[[intervention]]
kind = "energy_efficiency"
name = "cluster programmes"
rated_clusters = 2
audits_per_month = 4
audit_cost = 0.5
budget = 6
)";
  return p;
}

// The rows of a CSV whose fields hold no quoted comma.
std::vector<std::vector<std::string>> rows(const fs::path& p) {
  std::vector<std::vector<std::string>> v;
  for (const std::string& l : lines(p)) v.push_back(split(l));
  return v;
}

std::size_t column(const std::vector<std::string>& header, const std::string& name) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  FAIL("no column " << name);
  return 0;
}

double num(const std::string& s) { return s.empty() ? std::nan("") : std::stod(s); }

}  // namespace

TEST_CASE("selection.csv lists every cluster's rating, the selected clusters and their shares") {
  TempDir tmp("national", "selection");
  const fs::path cfg = write_national(tmp.path);
  for (const char* t : {"1", "2"})
    REQUIRE(cli({"run", cfg.string(), "--out", (tmp.path / t).string(), "--threads", t, "--quiet"}) == 0);
  REQUIRE(cli({"run", cfg.string(), "--out", (tmp.path / "c").string(), "--level", "cluster", "--quiet"}) == 0);
  const fs::path out = tmp.path / "1";
  CHECK(slurp(out / "selection.csv") == slurp(tmp.path / "2" / "selection.csv"));  // whatever --threads
  CHECK(slurp(out / "selection.csv") == slurp(tmp.path / "c" / "selection.csv"));  // whatever --level

  // What each cluster spent, from its rows of the time series: audits at 0.5 and subsidies.
  const auto ts = rows(tmp.path / "c" / "timeseries.csv");
  std::vector<double> paid(5, 0.0);
  for (std::size_t r = 1; r < ts.size(); ++r)
    paid[std::stoul(ts[r][2])] += 0.5 * num(ts[r][column(ts[0], "audits")]) + num(ts[r][column(ts[0], "subsidies")]);
  const std::string manifest = slurp(out / "manifest.json");
  CHECK(manifest.find("\"selection.csv\"") != std::string::npos);
  CHECK(manifest.find("\"timeseries_level\": \"archetype\"") != std::string::npos);  // replicas: national default

  const auto sel = rows(out / "selection.csv");
  REQUIRE(sel.size() == 1 + 5);
  const auto& h = sel[0];
  REQUIRE(h.size() == 7 + cs::kRatingParams + 4);
  CHECK(h[0] == "run_id");
  CHECK(h[6] == "archetype");
  CHECK(h[7] == "technology");
  CHECK(h[14] == "need");
  CHECK(h.back() == "spent");

  // The ranking of rate_clusters on the world as the line saw it, the month before it started.
  std::vector<std::string> notes;
  const cs::Params p = cs::load_params(cfg.string(), notes);
  cs::World w = cs::make_world(p);
  cs::policies::attach_programme(w);
  const int rated = std::stoi(sel[1][2]);
  CHECK(rated == cs::policies::Lifecycle(p.programme).implementation_start());
  while (w.step + 1 < rated) cs::step(w);
  const std::vector<cs::ClusterRating> rating = cs::rate_clusters(w);
  const char* archetype[] = {"Engineering", "Engineering", "Handloom", "Handloom", "Leather"};
  double spent = 0;
  for (std::size_t r = 1; r < sel.size(); ++r) {
    const auto& f = sel[r];
    CAPTURE(r);
    REQUIRE(f.size() == h.size());
    CHECK(f[1] == "cluster programmes");
    CHECK(std::stoi(f[3]) == static_cast<int>(r));  // rank order
    const std::size_t c = std::stoul(f[4]);
    REQUIRE(c < rating.size());
    const cs::ClusterRating& want = rating[c];
    CHECK(want.rank == static_cast<int>(r));
    CHECK(f[5] == want.name);
    CHECK(f[6] == archetype[c]);
    for (std::size_t k = 0; k < cs::kRatingParams; ++k) CHECK(f[7 + k] == cs::format_number(want.score[k]));
    CHECK(f[7 + cs::kRatingParams] == cs::format_number(want.total));
    const bool selected = want.rank <= 2;
    CHECK(f[8 + cs::kRatingParams] == (selected ? "1" : "0"));
    const double allocated = num(f[9 + cs::kRatingParams]), s = num(f[10 + cs::kRatingParams]);
    CHECK(allocated == (selected ? 3.0 : 0.0));
    CHECK(s <= allocated * (1 + 1e-9));
    if (!selected) CHECK(s == 0);
    CHECK(s == doctest::Approx(paid[c]).epsilon(1e-12));  // the last month included
    spent += s;
  }
  CHECK(spent > 0);

  // A scenario without a line allocated by rating writes no selection.csv.
  const fs::path plain = tmp.path / "plain.toml";
  std::ofstream(plain) << "[run]\nsteps = 3\n\n[[cluster]]\nname = \"One\"\nfirms = 100\n";
  REQUIRE(cli({"run", plain.string(), "--out", (tmp.path / "plain").string(), "--quiet"}) == 0);
  CHECK_FALSE(fs::exists(tmp.path / "plain" / "selection.csv"));
  CHECK(slurp(tmp.path / "plain" / "manifest.json").find("\"timeseries_level\": \"cluster\"") != std::string::npos);
}

TEST_CASE("--level archetype and national: the totals equal the sums of the cluster rows") {
  TempDir tmp("national", "level");
  const fs::path cfg = write_national(tmp.path);
  for (const char* l : {"cluster", "archetype", "national"})
    REQUIRE(cli({"run", cfg.string(), "--out", (tmp.path / l).string(), "--steps", "12", "--level", l,
                 "--quiet"}) == 0);
  CHECK(cli({"run", cfg.string(), "--out", (tmp.path / "x").string(), "--level", "province", "--quiet"}) == 2);

  const auto cl = rows(tmp.path / "cluster" / "timeseries.csv");
  const auto ar = rows(tmp.path / "archetype" / "timeseries.csv");
  const auto na = rows(tmp.path / "national" / "timeseries.csv");
  const std::size_t nf = cs::indicator_fields().size();
  REQUIRE(cl.size() == 1 + 13 * 5);
  REQUIRE(ar.size() == 1 + 13 * 3);
  REQUIRE(na.size() == 1 + 13);
  CHECK(ar[0].size() == 5 + nf);
  CHECK(ar[0][2] == "archetype");
  CHECK(ar[0][3] == "archetype_name");
  CHECK(ar[0][4] == "clusters");
  CHECK(na[0].size() == 3 + nf);
  CHECK(na[0][2] == "clusters");

  const std::size_t archetype_of[] = {0, 0, 1, 1, 2};
  const char* names[] = {"Engineering", "Handloom", "Leather"};
  // Summed indicators: the totals are the sums of the cluster rows, added in cluster order.
  const char* summed[] = {"firms", "employment", "output", "turnover", "exports", "credit", "entries", "exits",
                          "subsidies", "programme_spending"};
  for (int step = 0; step <= 12; ++step) {
    CAPTURE(step);
    std::map<std::string, std::vector<double>> by_arch, nation;
    std::vector<double> prod_num(3, 0.0), prod_den(3, 0.0);
    for (std::size_t c = 0; c < 5; ++c) {
      const auto& f = cl[1 + static_cast<std::size_t>(step) * 5 + c];
      REQUIRE(std::stoi(f[1]) == step);
      REQUIRE(std::stoul(f[2]) == c);
      for (const char* name : summed) {
        const double v = num(f[column(cl[0], name)]);
        auto& a = by_arch[name];
        a.resize(3, 0.0);
        a[archetype_of[c]] += v;
        auto& n = nation[name];
        n.resize(1, 0.0);
        n[0] += v;
      }
      const double emp = num(f[column(cl[0], "employment")]);
      prod_num[archetype_of[c]] += num(f[column(cl[0], "prod_mean")]) * emp;
      prod_den[archetype_of[c]] += emp;
    }
    for (std::size_t a = 0; a < 3; ++a) {
      const auto& f = ar[1 + static_cast<std::size_t>(step) * 3 + a];
      CAPTURE(a);
      CHECK(std::stoi(f[1]) == step);
      CHECK(std::stoul(f[2]) == a);
      CHECK(f[3] == names[a]);
      CHECK(f[4] == (a < 2 ? "2" : "1"));
      for (const char* name : summed) CHECK(num(f[column(ar[0], name)]) == by_arch[name][a]);
      // Means are weighted by what they are means of (productivity by employment).
      if (prod_den[a] > 0)
        CHECK(num(f[column(ar[0], "prod_mean")]) == doctest::Approx(prod_num[a] / prod_den[a]).epsilon(1e-12));
      // A distribution statistic needs firm-level data: empty for two clusters, kept for one.
      CHECK(f[column(ar[0], "gini_employment")].empty() == (a < 2));
    }
    const auto& f = na[1 + static_cast<std::size_t>(step)];
    CHECK(std::stoi(f[1]) == step);
    CHECK(f[2] == "5");
    for (const char* name : summed) CHECK(num(f[column(na[0], name)]) == nation[name][0]);
  }
}

TEST_CASE("the end-of-run summary follows the level: a block per cluster, per archetype, or the total alone") {
  TempDir tmp("national", "summary");
  std::vector<std::string> notes;
  const cs::Params p = cs::load_params(write_national(tmp.path).string(), notes);
  const cs::World w = cs::make_world(p);
  // The blocks' titles and each block's text (after its title line).
  auto blocks = [&](cs::SeriesLevel l) {
    const std::string text = cs::RunSummary(w, cs::summary_groups(l, p, w)).table();
    std::vector<std::pair<std::string, std::string>> out;
    std::size_t at = 0;
    while (at < text.size()) {
      const std::size_t eol = text.find('\n', at);
      const std::string line = text.substr(at, eol - at);
      at = eol + 1;
      if (line.empty()) continue;
      if (line[0] != ' ') out.push_back({line.substr(0, line.find("  ")), ""});
      else out.back().second += line + "\n";
    }
    return out;
  };
  const auto cl = blocks(cs::SeriesLevel::cluster), ar = blocks(cs::SeriesLevel::archetype),
             na = blocks(cs::SeriesLevel::national);
  REQUIRE(cl.size() == 6);
  CHECK(cl[0].first == "[0] Engineering #1");
  REQUIRE(ar.size() == 4);
  CHECK(ar[0].first == "[0] Engineering, 2 clusters");
  CHECK(ar[1].first == "[1] Handloom, 2 clusters");
  CHECK(ar[2].first == "[2] Leather, 1 cluster");
  REQUIRE(na.size() == 1);
  CHECK(na[0].first == "All 5 clusters");
  // The total is the same block at every level, and a one-cluster archetype is its cluster.
  CHECK(cl.back() == na[0]);
  CHECK(ar.back() == na[0]);
  CHECK(ar[2].second == cl[4].second);
}
