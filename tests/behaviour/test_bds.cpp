// Behaviour of the BDS market: providers leave when demand dries up, vouchers raise purchases,
// capacity binds but is never exceeded, certificates expire, awareness spreads over the trust
// network, and the books close with the market active.
#include <doctest/doctest.h>

#include <bit>

#include "support/small_world.hpp"

using namespace cs;

namespace {

double transactions(const World& w) {
  double s = 0;
  for (const auto& i : w.indicators) s += i.bds_transactions;
  return s;
}

double providers(const World& w) {
  double s = 0;
  for (const auto& i : w.indicators) s += i.bds_providers;
  return s;
}

double aware_share(const World& w) {
  double aware = 0, n = 0;
  for (Slot i : w.members[0]) {
    aware += std::popcount(static_cast<unsigned>(w.bds.firm.aware[i]));
    n += kBdsKinds;
  }
  return aware / n;
}

}  // namespace

TEST_CASE("BDS providers exit when demand dries up") {
  Params p = test::small_params(2000, 21);
  // No service is worth its fee: no benefit from design, testing, consulting or logistics, and
  // finance priced out of reach.
  p.bds.design_gain = 0;
  p.bds.cert_value = 0;
  p.bds.testing_quality_gain = 0;
  p.bds.consulting_gain = 0;
  p.bds.logistics_saving = 0;
  p.bds.fee_finance = 1e4;
  World w = make_world(p);
  REQUIRE(providers(w) == 2 * kBdsKinds);
  double sold = 0;
  for (int s = 0; s < p.bds.exit_months + 1; ++s) {
    step(w);
    sold += transactions(w);
  }
  CHECK(sold == 0);
  CHECK(providers(w) == 0);
  for (std::size_t j = 0; j < w.bds.size(); ++j) CHECK(w.ledger.balance(w.bds.account[j]) == 0.0);
  // Without requests there is no unmet demand, so nobody enters.
  for (int s = 0; s < 12; ++s) step(w);
  CHECK(providers(w) == 0);
}

TEST_CASE("vouchers raise BDS transactions against a paired run without them") {
  auto run = [](double voucher, double& programme) {
    Params p = test::small_params(1500, 22);
    p.bds.voucher_share = voucher;
    World w = make_world(p);
    double sold = 0;
    programme = 0;
    for (int s = 0; s < 36; ++s) {
      step(w);
      sold += transactions(w);
      programme += w.ledger.flows()[static_cast<std::size_t>(Flow::bds_voucher)];
    }
    return sold;
  };
  double paid_without = 0, paid_with = 0;
  const double without = run(0.0, paid_without), with = run(0.5, paid_with);
  CHECK(paid_without == 0);
  CHECK(paid_with > 0);
  CHECK(with > 1.2 * without);
}

TEST_CASE("BDS capacity binds but is never exceeded") {
  Params p = test::small_params(2000, 23);
  p.bds.voucher_share = 0.8;  // strong demand
  p.firm_init.awareness_mean = 0.9;
  World w = make_world(p);
  int full = 0;
  for (int s = 0; s < 36; ++s) {
    step(w);
    const BdsProviders& b = w.bds;
    for (std::size_t j = 0; j < b.size(); ++j) {
      CHECK(b.served[j] <= b.capacity[j]);
      full += b.served[j] == b.capacity[j];
    }
    std::uint32_t served = 0;
    for (int k = 0; k < kBdsKinds; ++k) {
      CHECK(w.bds.market[0].served[k] <= w.bds.market[0].requests[k]);
      served += w.bds.market[0].served[k];
    }
    CHECK(served == transactions(w));
  }
  CHECK(full > 0);  // the check above covered providers at capacity
}

TEST_CASE("certification from testing expires after its duration") {
  Params p = test::small_params(1000, 24);
  p.firm_init.certificate_months = 12;
  p.bds.cert_value = 1.0;  // everyone aware of testing wants a certificate now
  p.firm_init.awareness_mean = 0.9;
  World w = make_world(p);
  step(w);
  std::vector<std::pair<Slot, std::uint32_t>> got;
  for (Slot i : w.members[0])
    if (w.bds.firm.last_buy[i][static_cast<int>(BdsKind::testing)] == 1) got.emplace_back(i, w.firms.uid[i]);
  REQUIRE(!got.empty());
  for (auto [i, uid] : got) CHECK(certified(w, i));
  // No renewals from now on.
  w.params.bds.cert_value = 0;
  w.params.bds.testing_quality_gain = 0;
  auto still = [&](Slot i, std::uint32_t uid) { return w.firms.alive[i] && w.firms.uid[i] == uid; };
  for (int s = 1; s < 12; ++s) step(w);
  REQUIRE(w.step == 12);
  int checked = 0;
  for (auto [i, uid] : got)
    if (still(i, uid)) {
      CHECK(certified(w, i));
      ++checked;
    }
  CHECK(checked > 0);
  step(w);
  for (auto [i, uid] : got)
    if (still(i, uid)) CHECK_FALSE(certified(w, i));
}

TEST_CASE("books close every step with the BDS market active") {
  Params p = test::small_params(1500, 25);
  p.clusters.push_back(p.clusters[0]);
  p.clusters[1].name = "second";
  p.clusters[1].firms = 5000;
  p.bds.voucher_share = 0.5;
  World w = make_world(p);
  REQUIRE(check_books(w).empty());
  std::uint32_t entries = 0, exits = 0;
  double sold = 0;
  for (int s = 0; s < 60; ++s) {
    step(w);
    const auto problems = check_books(w);
    INFO("step " << w.step << ": " << (problems.empty() ? std::string() : problems.front()));
    REQUIRE(problems.empty());
    for (const auto& m : w.bds.market) {
      entries += m.entries;
      exits += m.exits;
    }
    for (std::size_t j = 0; j < w.bds.size(); ++j) REQUIRE(w.ledger.balance(w.bds.account[j]) >= 0.0);
    sold += transactions(w);
  }
  CHECK(sold > 0);
  CHECK(entries > 0);  // the books were checked through provider entry
  CHECK(exits > 0);    // and exit
}

TEST_CASE("awareness of BDS spreads over the trust network") {
  auto run = [](double spread, double& early, double& late, double& aware) {
    Params p = test::small_params(2000, 26);
    p.firm_init.awareness_mean = 0.05;
    p.bds.spread = spread;
    World w = make_world(p);
    early = late = 0;
    for (int s = 0; s < 60; ++s) {
      step(w);
      (w.step <= 12 ? early : w.step > 48 ? late : aware) += transactions(w);
    }
    aware = aware_share(w);
  };
  double e1, l1, a1, e0, l0, a0;
  run(1.0, e1, l1, a1);
  run(0.0, e0, l0, a0);
  CHECK(l1 > 1.5 * e1);  // purchases rise as word of mouth spreads awareness
  CHECK(a1 > 1.5 * a0);  // far more firms know of the services than without the network
  CHECK(l1 > 1.5 * l0);
}
