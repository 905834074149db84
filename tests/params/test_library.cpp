// Tests of the scenario library (configs/*.toml) and of national mode: every scenario loads and
// validates, library scenarios carry a programme, and [[cluster]] replicas expand correctly.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include "params/expand.hpp"
#include "params/load.hpp"
#include "world.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path kConfigs = fs::path(CLUSTERSIM_SOURCE_DIR) / "configs";

std::vector<fs::path> scenario_files(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".toml") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

/// Library scenarios: every configs/*.toml but the default and the national ones.
bool is_library(const fs::path& p) {
  const std::string s = p.stem().string();
  return s != "default" && s.rfind("national", 0) != 0;
}

long long total_firms(const std::vector<cs::ClusterParams>& v) {
  return std::accumulate(v.begin(), v.end(), 0LL, [](long long a, const cs::ClusterParams& c) { return a + c.firms; });
}

bool error_names(const cs::ConfigError& e, const std::string& key) {
  for (const auto& i : e.issues())
    if (i.key.find(key) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("every configs/*.toml loads and validates") {
  auto files = scenario_files(kConfigs);
  const auto examples = scenario_files(kConfigs / "examples");
  files.insert(files.end(), examples.begin(), examples.end());
  CHECK(files.size() >= 12);  // default, nine or more library scenarios, two national ones
  for (const auto& f : files) {
    INFO("scenario: " << f.string());
    cs::Params p;
    CHECK_NOTHROW(p = cs::load_params(f.string()));
    CHECK(cs::validate(p).empty());
  }
}

TEST_CASE("the library has at least nine cluster scenarios, each with an enabled intervention") {
  int n = 0;
  for (const auto& f : scenario_files(kConfigs)) {
    if (!is_library(f)) continue;
    ++n;
    INFO("scenario: " << f.string());
    const cs::Params p = cs::load_params(f.string());
    const bool any = std::any_of(p.interventions.begin(), p.interventions.end(),
                                 [](const cs::InterventionParams& iv) { return iv.enabled != 0; });
    CHECK(any);
    CHECK(p.clusters.size() == 1);
    CHECK(p.clusters[0].firms <= 20000);  // every library cluster at its real size, within reach of a laptop
    CHECK(p.run.steps >= 150);           // years after the programme's exit to see persistence
  }
  CHECK(n >= 9);
}

TEST_CASE("national.toml stands for about 2,350 clusters and 3.57 million firms") {
  const cs::Params p = cs::load_params((kConfigs / "national.toml").string());
  const auto t = cs::cluster_totals(p);
  CHECK(t.clusters == 2350);
  CHECK(t.firms == 3'570'000);
  const auto list = cs::expand_clusters(p);
  CHECK(static_cast<long long>(list.size()) == t.clusters);
  CHECK(total_firms(list) == t.firms);
  bool national_guarantee = false;
  for (const auto& iv : p.interventions)
    national_guarantee = national_guarantee || (iv.kind == "credit_guarantee" && iv.cluster == -1 && iv.enabled);
  CHECK(national_guarantee);

  const cs::Params s = cs::load_params((kConfigs / "national_small.toml").string());
  const auto ts = cs::cluster_totals(s);
  CHECK(ts.clusters == 100);
  CHECK(ts.firms > 90'000);
  CHECK(ts.firms < 110'000);
  CHECK(s.clusters.size() == p.clusters.size());  // the same archetypes
}

TEST_CASE("replicas expand: count, names, exact totals, determinism") {
  cs::Params p;
  p.clusters.assign(2, cs::ClusterParams{});
  p.clusters[0].name = "Single";
  p.clusters[0].firms = 123;
  p.clusters[1].name = "Arch";
  p.clusters[1].firms = 500;
  p.clusters[1].replicas = 40;
  p.clusters[1].size_spread = 0.8;
  const auto a = cs::expand_clusters(p);
  REQUIRE(a.size() == 41);
  CHECK(a[0].name == "Single");  // replicas = 1: unchanged
  CHECK(a[0].firms == 123);
  CHECK(a[1].name == "Arch #1");
  CHECK(a[40].name == "Arch #40");
  CHECK(total_firms(a) == 123 + 40 * 500);
  std::set<int> sizes;
  for (std::size_t k = 1; k < a.size(); ++k) {
    CHECK(a[k].firms >= 1);
    CHECK(a[k].replicas == 1);
    CHECK(a[k].size_spread == 0.0);
    CHECK(a[k].product == p.clusters[1].product);
    sizes.insert(a[k].firms);
  }
  CHECK(sizes.size() > 10);  // the spread gives different sizes

  // Deterministic given run.seed; another seed gives other sizes with the same total.
  const auto b = cs::expand_clusters(p);
  for (std::size_t k = 0; k < a.size(); ++k) CHECK(a[k].firms == b[k].firms);
  cs::Params q = p;
  q.run.seed = 99;
  const auto c = cs::expand_clusters(q);
  CHECK(total_firms(c) == total_firms(a));
  bool differs = false;
  for (std::size_t k = 0; k < a.size(); ++k) differs = differs || a[k].firms != c[k].firms;
  CHECK(differs);

  // No spread: equal sizes. Expanding an expanded list changes nothing.
  p.clusters[1].size_spread = 0;
  const auto d = cs::expand_clusters(p);
  for (std::size_t k = 1; k < d.size(); ++k) CHECK(d[k].firms == 500);
  cs::Params e = q;
  e.clusters = c;
  const auto f = cs::expand_clusters(e);
  REQUIRE(f.size() == c.size());
  for (std::size_t k = 0; k < c.size(); ++k) {
    CHECK(f[k].name == c[k].name);
    CHECK(f[k].firms == c[k].firms);
  }
}

TEST_CASE("make_world builds one cluster per replica") {
  cs::Params p;
  p.run.steps = 1;
  p.run.burn_in = 0;  // the population as built
  p.clusters[0].firms = 30;
  p.clusters[0].replicas = 3;
  p.clusters[0].size_spread = 0.5;
  p.clusters[0].name = "R";
  const cs::World w = cs::make_world(p);
  REQUIRE(w.clusters.size() == 3);
  CHECK(w.params.clusters.size() == 3);
  CHECK(w.clusters[2].name == "R #3");
  std::size_t members = 0;
  for (std::size_t c = 0; c < 3; ++c) {
    CHECK(w.members[c].size() == static_cast<std::size_t>(w.params.clusters[c].firms));
    members += w.members[c].size();
  }
  CHECK(members == 90);
}

TEST_CASE("the cluster and firm limits apply to the expanded list and name the key") {
  SUBCASE("too many clusters") {
    const std::string toml = "[[cluster]]\nfirms = 1\nreplicas = 40000\n[[cluster]]\nfirms = 1\nreplicas = 30000\n";
    try {
      cs::parse_params(toml);
      FAIL("expected a ConfigError");
    } catch (const cs::ConfigError& e) {
      CHECK(error_names(e, "replicas"));
      CHECK(std::string(e.what()).find("65535") != std::string::npos);
    }
  }
  SUBCASE("too many firms") {
    const std::string toml = "[[cluster]]\nfirms = 10000\nreplicas = 6000\n";
    try {
      cs::parse_params(toml);
      FAIL("expected a ConfigError");
    } catch (const cs::ConfigError& e) {
      CHECK(error_names(e, "cluster[*].firms"));
      CHECK(error_names(e, "replicas"));
      CHECK(std::string(e.what()).find("50000000") != std::string::npos);
    }
  }
  SUBCASE("replicas out of range") {
    try {
      cs::parse_params("[[cluster]]\nreplicas = 0\n");
      FAIL("expected a ConfigError");
    } catch (const cs::ConfigError& e) {
      CHECK(error_names(e, "cluster[0].replicas"));
    }
  }
  SUBCASE("an intervention may name a replica") {
    const std::string ok = "[[cluster]]\nfirms = 10\nreplicas = 5\n[[intervention]]\nkind = \"cfc\"\ncluster = 4\n";
    CHECK_NOTHROW(cs::parse_params(ok));
    const std::string bad = "[[cluster]]\nfirms = 10\nreplicas = 5\n[[intervention]]\nkind = \"cfc\"\ncluster = 5\n";
    CHECK_THROWS_AS(cs::parse_params(bad), cs::ConfigError);
  }
}
