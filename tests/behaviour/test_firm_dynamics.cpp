// Behaviour of the mechanisms behind the facts of firm dynamics: firms' own efficiency (its
// dispersion and how often it changes), customers' orders (growth rates whose spread falls with
// size), the standing export market (an export cluster keeps exporting; exporters are selected on
// productivity and size) and the banks' viability cap on guaranteed lending.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include "support/small_world.hpp"

using namespace cs;

namespace {

double sd_of(const std::vector<double>& v) {
  double m = 0, s = 0;
  for (double x : v) m += x;
  m /= static_cast<double>(v.size());
  for (double x : v) s += (x - m) * (x - m);
  return std::sqrt(s / static_cast<double>(v.size() - 1));
}

// Mean of `col` among exporters (standing foreign customers) / among the others.
template <class Col> double exporter_premium(const World& w, const Col& col) {
  double a = 0, b = 0, na = 0, nb = 0;
  for (Slot i : w.members[0]) {
    const bool x = w.firms.xshare[i] > 0;
    (x ? a : b) += col(i);
    (x ? na : nb) += 1;
  }
  return na > 0 && nb > 0 ? (a / na) / (b / nb) : 0.0;
}

}  // namespace

TEST_CASE("firm efficiency keeps its stationary dispersion and changes at its rate") {
  Params p = test::small_params(3000, 4);
  p.tech.tfp_sd = 0.5;
  p.tech.tfp_shock_rate = 0.2;
  World w = make_world(p);
  test::run_steps(w, 47);
  std::map<std::uint32_t, float> before;
  for (Slot i : w.members[0]) before[w.firms.uid[i]] = w.firms.tfp[i];
  test::run_steps(w, 1);
  std::vector<double> logs;
  double changed = 0, same_firms = 0;
  for (Slot i : w.members[0]) {
    logs.push_back(std::log(double(w.firms.tfp[i])));
    const auto b = before.find(w.firms.uid[i]);
    if (b == before.end()) continue;
    same_firms += 1;
    changed += b->second != w.firms.tfp[i];
  }
  // Selection removes some low-efficiency firms, so the survivors' spread is a little narrower.
  CHECK(sd_of(logs) == doctest::Approx(0.5).epsilon(0.2));
  CHECK(changed / same_firms == doctest::Approx(0.2).epsilon(0.15));
}

TEST_CASE("productivity dispersion does not shrink over twenty years in the default cluster") {
  World w = make_world(Params{});
  test::run_steps(w, 12);
  const double early = w.indicators[0].prod_p90_p10;
  test::run_steps(w, 228);
  CHECK(w.indicators[0].prod_p90_p10 > 0.85 * early);
  CHECK(w.indicators[0].prod_p90_p10 > 2.0);
}

TEST_CASE("customer churn: growth rates of small firms spread more than those of large firms") {
  Params p = test::small_params(3000, 8);
  p.tech.tfp_sd = 0;  // customers alone
  World w = make_world(p);
  test::run_steps(w, 36);
  std::map<std::uint32_t, std::pair<double, double>> start;  // uid -> (employees, turnover)
  for (Slot i : w.members[0]) start[w.firms.uid[i]] = {w.firms.employees[i], w.firms.revenue[i]};
  test::run_steps(w, 12);
  std::vector<std::pair<double, double>> size_growth;
  for (Slot i : w.members[0]) {
    const auto s = start.find(w.firms.uid[i]);
    if (s == start.end() || s->second.second <= 0 || w.firms.revenue[i] <= 0) continue;
    size_growth.push_back({s->second.first, std::log(w.firms.revenue[i] / s->second.second)});
  }
  std::sort(size_growth.begin(), size_growth.end());
  const std::size_t n = size_growth.size(), third = n / 3;
  REQUIRE(third > 100);
  std::vector<double> small, large;
  for (std::size_t k = 0; k < third; ++k) small.push_back(size_growth[k].second);
  for (std::size_t k = n - third; k < n; ++k) large.push_back(size_growth[k].second);
  CHECK(sd_of(small) > 1.3 * sd_of(large));
}

TEST_CASE("orders: firms with few buyers swing more than firms with many, and churn 0 leaves them at 1") {
  Params p = test::small_params(3000, 5);
  p.tech.tfp_sd = 0;
  World w = make_world(p);
  test::run_steps(w, 36);
  // Firms sorted by their number of buyers (1 + sales / customer_size): the spread of ln o in the
  // third with the fewest buyers is well above that of the third with the most.
  std::vector<std::pair<double, double>> buyers_orders;
  for (Slot i : w.members[0])
    buyers_orders.push_back({double(w.firms.price[i]) * w.firms.sold[i], std::log(double(w.firms.orders[i]))});
  std::sort(buyers_orders.begin(), buyers_orders.end());
  const std::size_t n = buyers_orders.size(), third = n / 3;
  REQUIRE(third > 100);
  std::vector<double> few, many, all;
  for (std::size_t k = 0; k < n; ++k) {
    all.push_back(buyers_orders[k].second);
    if (k < third) few.push_back(buyers_orders[k].second);
    if (k >= n - third) many.push_back(buyers_orders[k].second);
  }
  CHECK(sd_of(few) > 1.2 * sd_of(many));  // 0.42 against 0.32 here
  CHECK(sd_of(all) > 0.05);
  double mean = 0;
  for (double x : all) mean += x / static_cast<double>(all.size());
  CHECK(std::fabs(mean) < 0.1);  // ln o returns to 0: no drift

  p.market.customer_churn = 0;
  World still = make_world(p);
  test::run_steps(still, 24);
  for (Slot i : still.members[0]) CHECK(still.firms.orders[i] == 1.0f);
}

TEST_CASE("an export cluster keeps exporting, through its standing foreign customers") {
  Params p = test::small_params(1500, 3);
  p.clusters[0].export_share = 0.5;
  p.clusters[0].exporter_share = 0.3;
  World w = make_world(p);
  CHECK(w.indicators[0].export_share == doctest::Approx(0.5).epsilon(0.02));
  test::run_steps(w, 120);
  CHECK(w.indicators[0].export_share > 0.3);
  CHECK(w.indicators[0].exporters > 0.1 * w.indicators[0].firms);
}

TEST_CASE("exporters become larger and more productive by selection, from a random start") {
  Params p = test::small_params(2000, 6);
  p.clusters[0].export_share = 0.3;
  p.clusters[0].exporter_share = 0.2;
  p.exports.selection_noise = 100;  // the initial exporters are a lottery: no premium at the start
  World w = make_world(p);
  auto productivity = [&](Slot i) { return double(eff_prod(w.firms, i)); };
  auto employees = [&](Slot i) { return double(w.firms.employees[i]); };
  const double prod0 = exporter_premium(w, productivity);
  CHECK(prod0 == doctest::Approx(1.0).epsilon(0.1));
  test::run_steps(w, 120);
  CHECK(exporter_premium(w, productivity) > prod0 + 0.05);
  CHECK(exporter_premium(w, employees) > 1.3);
}

TEST_CASE("the viability cap keeps a guarantee from paying for loans that were never viable") {
  // Claims per rupee of credit and the banks' bad debt are lower when the guarantee counts only
  // on viable loans. (More firms then exit on NPAs: the banks stop carrying the non-viable ones.)
  auto outcome = [](double pd_max) {
    double claims = 0, credit = 0, bad = 0;
    for (std::uint64_t seed = 1; seed <= 3; ++seed) {
      Params p = test::small_params(800, seed);
      p.finance.guarantee_cover = 0.85;
      p.finance.guarantee_pd_max = pd_max;
      World w = make_world(p);
      for (int s = 0; s < 96; ++s) {
        step(w);
        claims += w.ledger.flows()[static_cast<std::size_t>(Flow::guarantee_claim)];
        credit += w.indicators[0].credit;
      }
      for (double b : w.banks.bad_debt) bad += b;
    }
    return std::pair{claims / credit, bad};
  };
  const auto capped = outcome(0.15), open = outcome(1.0);
  CHECK(capped.first < 0.9 * open.first);
  CHECK(capped.second < open.second);
}
