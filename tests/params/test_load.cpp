// Tests of the parameter loader: configs/default.toml against the struct defaults, the malformed
// configs in tests/data/bad, overrides, validation and the to_toml round trip.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "params/load.hpp"
#include "params/schema.hpp"

namespace fs = std::filesystem;

namespace {

const std::string kSource = CLUSTERSIM_SOURCE_DIR;

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream os;
  os << in.rdbuf();
  return os.str();
}

using Value = std::variant<double, int, std::uint64_t, std::string>;
using Flat = std::vector<std::pair<std::string, Value>>;

template <class T> void flatten_table(T& tbl, const std::string& prefix, Flat& out) {
  cs::visit_table(tbl, [&](std::string_view key, auto& field, cs::Range, const char*) {
    out.emplace_back(prefix + std::string(key), Value{field});
  });
}

/// Every parameter of a Params as (dotted key, value), in schema order.
Flat flatten(const cs::Params& params) {
  cs::Params p = params;
  Flat out;
  cs::visit_tables(p, [&](std::string_view name, auto& tbl) {
    flatten_table(tbl, std::string(name) + ".", out);
  });
  for (std::size_t i = 0; i < p.clusters.size(); ++i)
    flatten_table(p.clusters[i], "cluster[" + std::to_string(i) + "].", out);
  for (std::size_t i = 0; i < p.shocks.size(); ++i)
    flatten_table(p.shocks[i], "shock[" + std::to_string(i) + "].", out);
  return out;
}

std::string show(const Value& v) {
  return std::visit(
      [](const auto& x) {
        std::ostringstream os;
        os.precision(17);
        os << x;
        return os.str();
      },
      v);
}

/// Compares two Params key by key, reporting the first differences.
void check_same(const cs::Params& a, const cs::Params& b) {
  const Flat fa = flatten(a), fb = flatten(b);
  REQUIRE(fa.size() == fb.size());
  for (std::size_t i = 0; i < fa.size(); ++i) {
    INFO("key " << fa[i].first << ": " << show(fa[i].second) << " vs " << show(fb[i].second));
    CHECK(fa[i].first == fb[i].first);
    CHECK(fa[i].second == fb[i].second);
  }
}

std::string error_of(auto&& fn) {
  try {
    fn();
  } catch (const cs::ConfigError& e) {
    return e.what();
  }
  return "<no ConfigError thrown>";
}

/// "section.key" for every key line of a TOML text (comments and [[...]] arrays understood).
std::set<std::string> keys_in_text(const std::string& text, std::vector<std::string>* uncommented) {
  std::set<std::string> keys;
  std::istringstream in(text);
  std::string line, section;
  while (std::getline(in, line)) {
    const auto b = line.find_first_not_of(" \t");
    if (b == std::string::npos || line[b] == '#') continue;
    if (line[b] == '[') {
      const auto e = line.find(']');
      section = line.substr(b, e - b);
      section.erase(std::remove(section.begin(), section.end(), '['), section.end());
      continue;
    }
    const auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string key = line.substr(b, eq - b);
    key.erase(key.find_last_not_of(" \t") + 1);
    keys.insert(section.empty() ? key : section + "." + key);
    if (uncommented && line.find('#', eq) == std::string::npos) uncommented->push_back(line);
  }
  return keys;
}

}  // namespace

TEST_CASE("default.toml equals the struct defaults, key by key") {
  const std::string path = kSource + "/configs/default.toml";
  const cs::Params loaded = cs::load_params(path);
  check_same(loaded, cs::Params{});
  CHECK(loaded.clusters.size() == 1);
  CHECK(loaded.clusters[0].name == "Generic engineering cluster");
  CHECK(loaded.clusters[0].firms == 2000);
  CHECK(loaded.shocks.empty());
}

TEST_CASE("default.toml lists every schema key, each with a comment") {
  const std::string text = read_text(kSource + "/configs/default.toml");
  std::vector<std::string> uncommented;
  const auto keys = keys_in_text(text, &uncommented);

  cs::Params p;
  std::vector<std::string> expected;
  cs::visit_tables(p, [&](std::string_view name, auto& tbl) {
    cs::visit_table(tbl, [&](std::string_view key, auto&, cs::Range, const char*) {
      expected.push_back(std::string(name) + "." + std::string(key));
    });
  });
  cs::ClusterParams c;
  cs::visit_table(c, [&](std::string_view key, auto&, cs::Range, const char*) {
    expected.push_back("cluster." + std::string(key));
  });
  for (const auto& k : expected) {
    INFO("missing from default.toml: " << k);
    CHECK(keys.count(k) == 1);
  }
  CHECK(keys.size() == expected.size());
  for (const auto& line : uncommented) {
    INFO("line without a comment: " << line);
    CHECK(false);
  }
  // The commented-out shock example names every shock key.
  cs::ShockParams s;
  cs::visit_table(s, [&](std::string_view key, auto&, cs::Range, const char*) {
    INFO("shock example lacks " << key);
    CHECK(text.find("# " + std::string(key) + " = ") != std::string::npos);
  });
}

TEST_CASE("examples/demand_collapse.toml: 1000 firms, -40 % demand from step 60 for 24 months") {
  const cs::Params p = cs::load_params(kSource + "/configs/examples/demand_collapse.toml");
  REQUIRE(p.clusters.size() == 1);
  CHECK(p.clusters[0].firms == 1000);
  REQUIRE(p.shocks.size() == 1);
  CHECK(p.shocks[0].kind == "demand");
  CHECK(p.shocks[0].start == 60);
  CHECK(p.shocks[0].duration == 24);
  CHECK(p.shocks[0].size == doctest::Approx(-0.4));
  CHECK(p.market.wage == cs::MarketParams{}.wage);  // unlisted keys keep their defaults
}

TEST_CASE("every malformed config in tests/data/bad is rejected with the expected message") {
  const fs::path dir = fs::path(kSource) / "tests" / "data" / "bad";
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".toml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  CHECK(files.size() >= 10);

  for (const auto& f : files) {
    std::vector<std::string> expects;
    std::istringstream in(read_text(f));
    std::string line;
    const std::string tag = "# expect: ";
    while (std::getline(in, line) && line.rfind(tag, 0) == 0) expects.push_back(line.substr(tag.size()));
    INFO("file: " << f.string());
    CHECK_FALSE(expects.empty());

    const std::string msg = error_of([&] { (void)cs::load_params(f.string()); });
    INFO("message:\n" << msg);
    for (const auto& want : expects) {
      INFO("expected substring: " << want);
      CHECK(msg.find(want) != std::string::npos);
    }
  }
}

TEST_CASE("all problems of a file are reported, one per line, in file order") {
  const std::string path = kSource + "/tests/data/bad/bad_many.toml";
  try {
    (void)cs::load_params(path);
    FAIL("no ConfigError");
  } catch (const cs::ConfigError& e) {
    const auto& issues = e.issues();
    CHECK(issues.size() == 7);
    std::string joined;
    for (const auto& i : issues) {
      if (!joined.empty()) joined += '\n';
      joined += i.to_string();
    }
    CHECK(joined == e.what());
    for (std::size_t i = 1; i < issues.size(); ++i)
      if (issues[i].line > 0) CHECK(issues[i - 1].line <= issues[i].line);
    CHECK(issues.back().line == 0);  // the cross-field rule comes from validate()
  }
}

TEST_CASE("a missing file is a ConfigError naming the path") {
  const std::string path = kSource + "/configs/does_not_exist.toml";
  const std::string msg = error_of([&] { (void)cs::load_params(path); });
  CHECK(msg.find(path) != std::string::npos);
  CHECK(msg.find("cannot open") != std::string::npos);
}

TEST_CASE("ConfigIssue::to_string omits unknown positions") {
  CHECK(cs::ConfigIssue{"a.toml", 3, 7, "market.wage", "bad"}.to_string() ==
        "a.toml:3:7: market.wage: bad");
  CHECK(cs::ConfigIssue{"a.toml", 3, 0, "market.wage", "bad"}.to_string() ==
        "a.toml:3: market.wage: bad");
  CHECK(cs::ConfigIssue{"a.toml", 0, 0, "market.wage", "bad"}.to_string() ==
        "a.toml: market.wage: bad");
  CHECK(cs::ConfigIssue{"", 0, 0, "market.wage", "bad"}.to_string() == "market.wage: bad");
}

TEST_CASE("parse_params: integers are accepted for doubles, [[cluster]] replaces the default") {
  const cs::Params p = cs::parse_params(R"(
[market]
wage = 1
[[cluster]]
name = "A"
firms = 10
[[cluster]]
name = "B"
firms = 20
)");
  CHECK(p.market.wage == 1.0);
  REQUIRE(p.clusters.size() == 2);
  CHECK(p.clusters[0].name == "A");
  CHECK(p.clusters[1].firms == 20);
  CHECK(p.clusters[1].product == cs::ClusterParams{}.product);

  const std::string msg = error_of([] { (void)cs::parse_params("[run]\nsteps = 1\nsede = 3\n"); });
  CHECK(msg == "<string>:3:1: run.sede: unknown key 'sede' in run; did you mean 'seed'?");
}

TEST_CASE("to_toml round-trips to an identical Params") {
  cs::Params p;
  // Awkward values in every numeric field: inside the range, not exactly representable in decimal.
  auto perturb = [](auto& tbl) {
    cs::visit_table(tbl, [](std::string_view, auto& field, cs::Range r, const char*) {
      using F = std::decay_t<decltype(field)>;
      if constexpr (std::is_same_v<F, double>) {
        field = r.lo + (r.hi - r.lo) * (0.1 + 0.2);  // 0.30000000000000004 for [0, 1]
      } else if constexpr (std::is_same_v<F, int>) {
        field = static_cast<int>(r.lo) + 1;
      }
    });
  };
  cs::visit_tables(p, [&](std::string_view, auto& tbl) { perturb(tbl); });
  p.firm_init.size_min = 1.0;
  p.firm_init.size_max = 1e5 / 7.0;
  p.market.markup_min = 0.01;
  p.market.markup_init = 1.0 / 7.0;
  p.market.markup_max = 2.5;
  p.market.agent_commission_min = 0.05;
  p.market.agent_commission_max = 0.1 + 0.2;
  p.tech.innovation_lo = -1.0 / 3.0;
  p.tech.innovation_hi = 1e-17;
  p.network.mean_degree = 5;
  p.network.max_links = 9;
  p.network.trust_min = 0.05;
  p.network.trust_init = 2.0 / 3.0;
  p.run.seed = 0xFFFFFFFFFFFFull * 1001;  // large but within TOML integers
  p.clusters.clear();
  cs::ClusterParams a;
  a.name = "Ludhiana \"hosiery\" \\ ₹ tab\there\nnewline";
  a.firms = 12345;
  a.area_km = 1e-1 + 1e-16;
  cs::ClusterParams b;
  b.name = "Morbi ceramics";
  b.demand_growth = -0.123456789012345678;
  p.clusters = {a, b};
  p.shocks = {cs::ShockParams{"energy_price", 12, 6, 0.25}, cs::ShockParams{"demand", 0, 1, -1.0 / 3.0}};
  for (const auto& i : cs::validate(p)) FAIL_CHECK(i.to_string());

  const std::string text = cs::to_toml(p);
  INFO(text);
  const cs::Params q = cs::parse_params(text, "<round trip>");
  check_same(p, q);
  CHECK(q.clusters.size() == 2);
  CHECK(q.shocks.size() == 2);
  CHECK(cs::to_toml(q) == text);

  // The defaults round-trip too, and seeds beyond TOML's int64 survive as digit strings.
  check_same(cs::parse_params(cs::to_toml(cs::Params{})), cs::Params{});
  cs::Params big;
  big.run.seed = 17'000'000'000'000'000'001ull;
  CHECK(cs::parse_params(cs::to_toml(big)).run.seed == big.run.seed);
}

TEST_CASE("apply_override sets values by dotted path") {
  cs::Params p;
  p.shocks.resize(2);
  cs::apply_override(p, "market.wage", "0.2");
  cs::apply_override(p, "run.seed", "12345678901234");
  cs::apply_override(p, "run.steps", " 36 ");
  cs::apply_override(p, "cluster[0].firms", "500");
  cs::apply_override(p, "cluster[0].name", "\"Tiruppur knitwear\"");
  cs::apply_override(p, "shock[1].size", "-0.3");
  cs::apply_override(p, "shock[1].kind", "input_price");
  cs::apply_override(p, "firms.size_max", "100");
  CHECK(p.market.wage == 0.2);
  CHECK(p.run.seed == 12345678901234ull);
  CHECK(p.run.steps == 36);
  CHECK(p.clusters[0].firms == 500);
  CHECK(p.clusters[0].name == "Tiruppur knitwear");
  CHECK(p.shocks[1].size == -0.3);
  CHECK(p.shocks[1].kind == "input_price");
  CHECK(p.firm_init.size_max == 100.0);
  CHECK(cs::validate(p).empty());
}

TEST_CASE("apply_override rejects unknown paths with a suggestion, and bad values") {
  cs::Params p;
  auto err = [&](const std::string& path, const std::string& value) {
    return error_of([&] { cs::apply_override(p, path, value); });
  };
  std::string m = err("market.wgae", "0.2");
  CHECK(m.find("market.wgae") != std::string::npos);
  CHECK(m.find("did you mean 'market.wage'?") != std::string::npos);
  CHECK(err("markt.wage", "0.2").find("did you mean 'market.wage'?") != std::string::npos);
  CHECK(err("cluster[0].frims", "3").find("did you mean 'cluster[0].firms'?") != std::string::npos);
  CHECK(err("nothing.like.this", "1").find("unknown parameter") != std::string::npos);
  CHECK(err("market", "1").find("unknown parameter") != std::string::npos);

  m = err("run.steps", "3.5");
  CHECK(m.find("run.steps") != std::string::npos);
  CHECK(m.find("expected an integer") != std::string::npos);
  CHECK(err("market.wage", "cheap").find("expected a number") != std::string::npos);
  CHECK(err("market.tax_rate", "1.5").find("market.tax_rate: value 1.5 out of range [0, 1]") !=
        std::string::npos);
  CHECK(err("run.seed", "-1").find("expected a non-negative integer") != std::string::npos);
  CHECK(err("cluster[3].firms", "10").find("index 3 out of range") != std::string::npos);
  CHECK(err("cluster[x].firms", "10").find("malformed element index") != std::string::npos);
  CHECK(err("shock[0].size", "0.1").find("index 0 out of range") != std::string::npos);
  p.shocks.resize(1);
  CHECK(err("shock[0].kind", "supply").find("unknown shock kind 'supply'") != std::string::npos);
  // Nothing was changed by the rejected overrides.
  cs::Params fresh;
  fresh.shocks.resize(1);
  check_same(p, fresh);
}

TEST_CASE("validate catches range and cross-field problems on a programmatic Params") {
  CHECK(cs::validate(cs::Params{}).empty());

  cs::Params p;
  p.market.markup_init = 0.45;
  p.market.markup_min = 0.5;  // > markup_max
  p.market.markup_max = 0.4;
  p.market.agent_commission_min = 0.2;  // > max
  p.market.agent_commission_max = 0.15;
  p.tech.innovation_hi = 0.05;
  p.network.max_links = 12;
  p.network.trust_init = 0.5;
  p.firm_init.size_min = 100;
  p.firm_init.size_max = 10;
  p.tech.innovation_lo = 0.05;  // == innovation_hi: must be strictly below
  p.network.mean_degree = 20;
  p.network.trust_min = 0.5;  // == trust_init: must be strictly below
  p.market.wage = -1;         // out of range
  p.clusters[0].neighbourhoods = 256;
  p.clusters[0].banks = 300;  // beyond the schema range too
  p.shocks.push_back(cs::ShockParams{"supply", 10, 5, -0.2});
  p.shocks.push_back(cs::ShockParams{"demand", 500, 50, -0.2});  // beyond run.steps is allowed

  const auto issues = cs::validate(p, "prog");
  std::string all;
  for (const auto& i : issues) {
    CHECK(i.line == 0);
    CHECK(i.file == "prog");
    all += i.to_string() + "\n";
  }
  INFO(all);
  for (const char* want : {
           "market.markup_min, market.markup_max: market.markup_min (0.5) must be <= market.markup_max (0.4)",
           "market.agent_commission_min, market.agent_commission_max: market.agent_commission_min (0.2) must be <= market.agent_commission_max (0.15)",
           "firms.size_min, firms.size_max",
           "technology.innovation_lo (0.05) must be < technology.innovation_hi (0.05)",
           "network.mean_degree (20) must be <= network.max_links (12)",
           "network.trust_min (0.5) must be < network.trust_init (0.5)",
           "market.wage: value -1 out of range [0.0001, 100]",
           "cluster[0].neighbourhoods: value 256 exceeds 255",
           "cluster[0].banks: value 300 out of range [1, 100]",
           "cluster[0].banks: value 300 exceeds 255",
           "shock[0].kind: unknown shock kind 'supply'",
       }) {
    CHECK(all.find(want) != std::string::npos);
  }
  CHECK(all.find("shock[1]") == std::string::npos);
  CHECK(all.find("markup_init") == std::string::npos);  // only the min > max rule fires

  cs::Params mk;
  mk.market.markup_min = 0.1;
  mk.market.markup_max = 0.5;
  mk.market.markup_init = 0.05;
  const auto mi = cs::validate(mk);
  REQUIRE(mi.size() == 1);
  CHECK(mi[0].to_string() ==
        "market.markup_init, market.markup_min, market.markup_max: market.markup_init (0.05) must "
        "lie within [market.markup_min, market.markup_max] = [0.1, 0.5]");

  cs::Params none;
  none.clusters.clear();
  const auto e = cs::validate(none);
  REQUIRE(e.size() == 1);
  CHECK(e[0].to_string() == "cluster: at least one [[cluster]] is required");

  cs::Params huge;
  huge.clusters.assign(2, cs::ClusterParams{});
  huge.clusters[0].firms = 30'000'000;
  huge.clusters[1].firms = 30'000'000;
  std::string h;
  for (const auto& i : cs::validate(huge)) h += i.to_string();
  CHECK(h.find("exceeds 50000000") != std::string::npos);

  cs::Params inf;
  inf.market.wage = std::numeric_limits<double>::infinity();
  std::string s;
  for (const auto& i : cs::validate(inf)) s += i.to_string();
  CHECK(s == "market.wage: value inf out of range [0.0001, 100]");
}

TEST_CASE("ConfigError collects issues and what() lists them one per line") {
  const cs::ConfigError e({cs::ConfigIssue{"f.toml", 1, 2, "a.b", "x"},
                           cs::ConfigIssue{"f.toml", 0, 0, "c.d", "y"}});
  CHECK(std::string(e.what()) == "f.toml:1:2: a.b: x\nf.toml: c.d: y");
  CHECK(e.issues().size() == 2);
}
