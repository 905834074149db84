// Behaviour of the market- and institution-side programme levers (sim/levers.hpp): BDS and
// certification vouchers, provider training, consortium seed grants, export promotion and trade
// fairs, CFC grants under a budget, collective readiness, association awards. Levers are set by
// hand on worlds without a programme (they then persist between steps, except voucher_share,
// which the policy phase copies from params.bds each month); paired worlds share the seed.
#include <doctest/doctest.h>

#include <tbb/global_control.h>

#include <limits>

#include "observe/digest.hpp"
#include "support/small_world.hpp"

using namespace cs;

namespace {

double flow(const World& w, Flow k) { return w.ledger.flows()[static_cast<std::size_t>(k)]; }

double certified_firms(const World& w) {
  double n = 0;
  for (Slot i : w.members[0]) n += certified(w.firms, i, w.step) ? 1 : 0;
  return n;
}

// A payer account for a purse with `budget` to spend in all (without a programme, `left` is
// not reset between months).
AccountId fund_purse(World& w, Channel ch, double balance, double budget) {
  const AccountId acc = w.ledger.open("test/payer", 0.0);
  w.ledger.transfer(w.ledger.sector(Sector::programme), acc, balance, Flow::programme_funding);
  w.levers.purse[idx(ch)].payer = acc;
  w.levers.purse[idx(ch)].left = budget;
  return acc;
}

Params export_params(std::uint64_t seed) {
  Params p = test::small_params(600, seed);
  p.exports.certified_share = 0;
  p.exports.quality_min_lo = p.exports.quality_min_hi = 0.0;
  return p;
}

}  // namespace

TEST_CASE("a certification voucher raises certified firms and is paid by its own purse") {
  for (std::uint64_t seed : {31u, 32u, 33u}) {
    Params p = test::small_params(1200, seed);
    World base = make_world(p), vouch = make_world(p);
    const AccountId payer = fund_purse(vouch, Channel::quality_certification, 1e6, 1e6);
    vouch.levers.certification_voucher = 0.8;
    double cert0 = 0, cert1 = 0, paid = 0, tally = 0;
    for (int s = 0; s < 36; ++s) {
      step(base);
      step(vouch);
      REQUIRE(check_books(vouch).empty());
      tally += vouch.indicators[0].vouchers;
      if (s >= 24) {
        cert0 += certified_firms(base);
        cert1 += certified_firms(vouch);
      }
    }
    paid = 1e6 - vouch.ledger.balance(payer);
    CHECK(cert1 > 1.1 * cert0);
    CHECK(paid > 0);
    CHECK(tally == doctest::Approx(paid).epsilon(1e-9));
  }
}

TEST_CASE("vouchers raise BDS transactions, and a purse with a small budget never overspends") {
  Params p = test::small_params(1500, 22);
  p.bds.voucher_share = 0.5;  // copied into levers.voucher_share every month
  Params none = p;
  none.bds.voucher_share = 0.0;
  World base = make_world(none), rich = make_world(p), poor = make_world(p);
  const double budget = 2.0;
  const AccountId payer = fund_purse(poor, Channel::bds_development, 100.0, budget);
  double sold0 = 0, sold_rich = 0, sold_poor = 0, poor_tally = 0;
  for (int s = 0; s < 36; ++s) {
    step(base);
    step(rich);
    step(poor);
    REQUIRE(check_books(poor).empty());
    sold0 += base.indicators[0].bds_transactions;
    sold_rich += rich.indicators[0].bds_transactions;
    sold_poor += poor.indicators[0].bds_transactions;
    poor_tally += poor.indicators[0].vouchers;
    CHECK(poor.levers.purse[idx(Channel::bds_development)].left >= 0.0);
    CHECK(poor.ledger.balance(payer) >= 100.0 - budget - 1e-9);
  }
  CHECK(sold_rich > 1.2 * sold0);
  CHECK(sold_poor < sold_rich);
  // The budget was used up, and exactly what it allowed was paid.
  CHECK(100.0 - poor.ledger.balance(payer) == doctest::Approx(budget).epsilon(1e-9));
  CHECK(poor_tally == doctest::Approx(budget).epsilon(1e-9));
}

TEST_CASE("vouchers go only to targeted firms") {
  Params p = test::small_params(1000, 23);
  World w = make_world(p);
  w.levers.certification_voucher = 1.0;  // testing is free for the targeted firms
  w.levers.voucher_target.assign(w.firms.size(), 0);
  double paid = 0;
  for (int s = 0; s < 24; ++s) {
    step(w);
    paid += w.indicators[0].vouchers;
  }
  CHECK(paid == 0);
}

TEST_CASE("provider training raises BDS providers' quality") {
  const Params p = test::small_params(1000, 24);
  World base = make_world(p), trained = make_world(p);
  trained.levers.provider_training = 0.05;
  for (int s = 0; s < 12; ++s) {
    step(base);
    step(trained);
  }
  double q0 = 0, q1 = 0;
  for (std::size_t j = 0; j < base.bds.size(); ++j)
    if (base.bds.alive[j] && base.bds.birth[j] == 0) q0 += base.bds.quality[j];
  for (std::size_t j = 0; j < trained.bds.size(); ++j)
    if (trained.bds.alive[j] && trained.bds.birth[j] == 0) q1 += trained.bds.quality[j];
  CHECK(q1 > q0 * 1.1);
}

TEST_CASE("a consortium seed grant is paid once per consortium formed, to its lead firm") {
  Params p = test::small_params(800, 25);
  p.exports.consortium_trust = 0.3;
  p.exports.consortium_form_rate = 0.05;
  World w = make_world(p);
  const double grant = 0.5;
  const AccountId payer = fund_purse(w, Channel::consortia, 1e4, std::numeric_limits<double>::infinity());
  w.levers.consortium_grant = grant;
  double formed = 0, granted = 0, flows = 0;
  std::vector<int> seen;  // formation month of each consortium slot when last seen
  for (int s = 0; s < 36; ++s) {
    step(w);
    REQUIRE(check_books(w).empty());
    // A slot is reused only in a later month, so a new formation month is a new consortium.
    seen.resize(w.exports.consortia.size(), -1000);
    for (std::size_t k = 0; k < w.exports.consortia.size(); ++k)
      if (w.exports.consortia[k].formed != seen[k]) {
        formed += 1;
        seen[k] = w.exports.consortia[k].formed;
      }
    granted += w.indicators[0].consortium_grants;
    flows += flow(w, Flow::consortium_grant);
  }
  REQUIRE(formed > 0);
  CHECK(granted == doctest::Approx(grant * formed));
  CHECK(flows == doctest::Approx(granted));
  CHECK(1e4 - w.ledger.balance(payer) == doctest::Approx(granted));
}

TEST_CASE("a consortium purse with a budget for two grants pays two") {
  Params p = test::small_params(800, 26);
  p.exports.consortium_trust = 0.3;
  p.exports.consortium_form_rate = 0.05;
  World w = make_world(p);
  const AccountId payer = fund_purse(w, Channel::consortia, 10.0, 2.0);
  w.levers.consortium_grant = 1.0;
  for (int s = 0; s < 36; ++s) {
    step(w);
    REQUIRE(check_books(w).empty());
  }
  REQUIRE(w.exports.consortia.size() > 2);
  CHECK(w.ledger.balance(payer) == doctest::Approx(8.0));
}

TEST_CASE("a higher buyer arrival rate and trade fairs raise exports") {
  double x0 = 0, x1 = 0, x2 = 0, arrived0 = 0, arrived2 = 0;
  for (std::uint64_t seed : {41u, 42u, 43u, 44u}) {
    const Params p = export_params(seed);
    World base = make_world(p), promo = make_world(p), fair = make_world(p);
    promo.levers.buyer_rate_mult = 2.0;
    double s0 = 0, s1 = 0;
    for (int s = 0; s < 48; ++s) {
      fair.levers.visibility_boost = s % 6 == 0 ? 0.4 : 0.0;  // a fair every six months
      fair.levers.fair_firms = s % 6 == 0 ? 20 : 0;
      step(base);
      step(promo);
      step(fair);
      REQUIRE(check_books(fair).empty());
      s0 += base.indicators[0].exports;
      s1 += promo.indicators[0].exports;
      x2 += fair.indicators[0].exports;
      arrived0 += base.indicators[0].orders_arrived;
      arrived2 += fair.indicators[0].orders_arrived;
    }
    CHECK(s1 > 1.2 * s0);
    x0 += s0;
    x1 += s1;
  }
  CHECK(arrived2 > 1.1 * arrived0);
  CHECK(x2 > 1.05 * x0);
}

TEST_CASE("a trade fair takes the asked number of firms and links them") {
  const Params p = test::small_params(600, 44);
  World base = make_world(p), fair = make_world(p);
  fair.levers.fair_firms = 30;
  step(base);
  step(fair);
  CHECK(fair.indicators[0].fair_firms == 30);
  CHECK(fair.indicators[0].fair_links > 0);
  CHECK(fair.indicators[0].fair_links <= 60);
  CHECK(base.indicators[0].fair_links == 0);
  CHECK(fair.indicators[0].links > base.indicators[0].links);
  CHECK(check_books(fair).empty());
  // Another month: the lottery draws anew.
  fair.levers.fair_firms = 0;
  step(fair);
  CHECK(fair.indicators[0].fair_firms == 0);
}

TEST_CASE("collective_ready = false blocks CFC formation, and a purse short of the grant delays it") {
  Params p = test::small_params(800, 11);
  p.cfc.spv_awareness = 0.0;
  p.cfc.spv_trust = 0.0;
  auto lever = [](World& w) {
    w.levers.cfc_requested = true;
    w.levers.cfc_cluster = 0;
    w.levers.cfc_kind = 0;
    w.levers.cfc_project_cost = 200;
    w.levers.cfc_grant_share = 0.7;
  };
  World ready = make_world(p), blocked = make_world(p), poor = make_world(p);
  blocked.levers.collective_ready = false;
  const AccountId payer = fund_purse(poor, Channel::cfc, 1000.0, 100.0);  // the grant is 140
  for (int s = 0; s < 24; ++s) {
    lever(ready);
    lever(blocked);
    lever(poor);
    step(ready);
    step(blocked);
    step(poor);
    REQUIRE(check_books(poor).empty());
  }
  REQUIRE(!ready.inst.cfcs.empty());
  CHECK(blocked.inst.cfcs.empty());
  CHECK(poor.inst.cfcs.empty());
  CHECK(poor.ledger.balance(payer) == 1000.0);
  // Once the budget covers it, the SPV forms and the grant is paid by the purse.
  poor.levers.purse[idx(Channel::cfc)].left = 140.0;
  lever(poor);
  step(poor);
  REQUIRE(poor.inst.cfcs.size() == 1);
  CHECK(poor.ledger.balance(payer) == doctest::Approx(860.0));
  CHECK(poor.indicators[0].programme_spending >= 140.0 - 1e-9);
}

TEST_CASE("association grants and awards come from their purse and stop when it is spent") {
  const Params p = test::small_params(600, 27);
  World w = make_world(p);
  const AccountId payer = fund_purse(w, Channel::association_strengthening, 50.0, 10.0);
  w.levers.association_grant = 1.0;
  double awards = 0;
  for (int s = 0; s < 24; ++s) {
    w.levers.association_award = s == 5 ? 2.0 : 0.0;
    step(w);
    REQUIRE(check_books(w).empty());
    awards += flow(w, Flow::association_award);
  }
  CHECK(awards == doctest::Approx(2.0));
  CHECK(w.ledger.balance(payer) == doctest::Approx(40.0));
  CHECK(w.levers.purse[idx(Channel::association_strengthening)].left == doctest::Approx(0.0));
}

TEST_CASE("the market levers keep runs identical across thread counts") {
  auto run = [](int threads) {
    tbb::global_control gc(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    Params p = test::small_params(3000, 28);
    p.clusters.push_back(p.clusters[0]);
    p.clusters[1].name = "second";
    p.clusters[1].firms = 6000;
    p.bds.voucher_share = 0.4;
    World w = make_world(p);
    fund_purse(w, Channel::bds_development, 100.0, 3.0);
    w.levers.certification_voucher = 0.3;
    w.levers.provider_training = 0.01;
    w.levers.consortium_grant = 0.2;
    w.levers.buyer_rate_mult = 1.5;
    for (int s = 0; s < 24; ++s) {
      w.levers.fair_firms = s % 6 == 0 ? 15 : 0;
      w.levers.visibility_boost = s % 6 == 0 ? 0.1 : 0.0;
      step(w);
    }
    return state_digest(w);
  };
  const auto d1 = run(1);
  CHECK(run(2) == d1);
  CHECK(run(4) == d1);
}
