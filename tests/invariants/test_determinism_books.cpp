// Invariants: byte-identical state across thread counts and execution modes; the books close
// every step; no negative stocks where none may be.
#include <doctest/doctest.h>
#include <tbb/global_control.h>

#include <cmath>
#include <limits>
#include <string>

#include "observe/digest.hpp"
#include "observe/observe.hpp"
#include "phases/phases.hpp"
#include "support/small_world.hpp"

using namespace cs;

namespace {

std::vector<std::uint64_t> digests(const Params& p, int steps, int threads, bool parallel) {
  tbb::global_control gc(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  World w = make_world(p);
  w.exec.parallel = parallel;
  std::vector<std::uint64_t> out{state_digest(w)};
  for (int s = 0; s < steps; ++s) {
    step(w);
    out.push_back(state_digest(w));
  }
  return out;
}

Params two_clusters() {
  Params p = test::small_params(3000, 11);
  p.clusters.push_back(p.clusters[0]);
  p.clusters[1].name = "second";
  p.clusters[1].firms = 9000;  // several reduction blocks
  p.clusters[1].banks = 2;
  p.clusters[1].export_share = 0.4;  // a standing export market with entry into and exit from it
  p.clusters[1].exporter_share = 0.2;
  p.exports.search_rate = 0.05;
  p.shocks.push_back({"demand", 10, 6, -0.3});
  p.shocks.push_back({"export_ban", 14, 3, 0.0});
  p.shocks.push_back({"input_price", 20, 5, 0.5});
  return p;
}

}  // namespace

TEST_CASE("determinism: same seed gives the same state with 1, 2 and 4 threads, serial or parallel") {
  const Params p = two_clusters();
  const auto one = digests(p, 36, 1, true);
  CHECK(digests(p, 36, 2, true) == one);
  CHECK(digests(p, 36, 4, true) == one);
  CHECK(digests(p, 36, 4, false) == one);  // the serial twin
}

TEST_CASE("determinism: a different seed gives a different run") {
  Params p = test::small_params(300, 1);
  const auto a = digests(p, 5, 2, true);
  p.run.seed = 2;
  CHECK(digests(p, 5, 2, true).back() != a.back());
}

TEST_CASE("books close every step, with shocks, a guarantee and many exits") {
  Params p = two_clusters();
  p.finance.guarantee_cover = 0.75;
  p.shocks.push_back({"demand", 40, 20, -0.6});  // a collapse that forces exits and defaults
  World w = make_world(p);
  REQUIRE(check_books(w).empty());
  double exits = 0, npas = 0;
  for (int s = 0; s < 96; ++s) {
    step(w);
    const auto problems = check_books(w);
    INFO("step " << w.step << ": " << (problems.empty() ? std::string() : problems.front()));
    REQUIRE(problems.empty());
    for (const auto& ind : w.indicators) {
      exits += ind.exits;
      npas += ind.exits_npa;
    }
  }
  CHECK(exits > 0);  // the check above covered exit settlement
  CHECK(npas > 0);   // and NPA write-offs with guarantee claims
}

TEST_CASE("demography's merged member lists and free slots equal a rebuild from every slot, and new firms' rows are set up, and trust stays in [0, 1]") {
  Params p = two_clusters();
  p.shocks.push_back({"demand", 30, 12, -0.6});  // exits, then entry as the market recovers
  World w = make_world(p);
  double exits = 0, entries = 0, reused = 0;
  for (int s = 0; s < 60; ++s) {
    const std::size_t free_before = w.free_slots.size();
    step(w);
    double step_entries = 0;
    for (const auto& ind : w.indicators) {
      exits += ind.exits;
      step_entries += ind.entries;
    }
    entries += step_entries;
    if (free_before > 0 && step_entries > 0) reused += 1;  // entrants took dead slots
    const auto members = w.members;
    const auto free_slots = w.free_slots;
    rebuild_members(w);
    INFO("step " << w.step);
    REQUIRE(w.members == members);
    REQUIRE(w.free_slots == free_slots);
    // Every firm but this month's entrants (set up next month from w.created) has its BDS and
    // institution rows.
    std::vector<std::uint8_t> fresh(w.firms.size(), 0);
    for (Slot i : w.created) fresh[i] = 1;
    int stale = 0;
    for (const auto& m : w.members)
      for (Slot i : m)
        if (!fresh[i]) stale += (w.bds.firm.owner[i] != w.firms.uid[i]) + (w.inst.firm.owner[i] != w.firms.uid[i]);
    REQUIRE(stale == 0);
    // Trust stays within [0, 1] (learning's imitation shortcut relies on trust <= 1).
    int outside = 0;
    for (Slot i = 0; i < w.firms.size(); ++i)
      if (w.firms.alive[i])
        for (int l = 0; l < w.net.degree(i); ++l) {
          const float t = w.net.stored_trust(i, l), now = w.net.trust_at(i, l, w.step);
          outside += !(t >= 0.f && t <= 1.f) + !(now >= 0.f && now <= 1.f);
        }
    REQUIRE(outside == 0);
  }
  CHECK(exits > 0);
  CHECK(entries > 0);
  CHECK(reused > 0);
}

TEST_CASE("check_books detects money created out of nothing and a wrong loan book") {
  World w = make_world(test::small_params(200));
  step(w);
  REQUIRE(check_books(w).empty());
  w.firms.cash[w.members[0][3]] += 1.0;
  CHECK_FALSE(check_books(w).empty());
  w.firms.cash[w.members[0][3]] -= 1.0;
  w.banks.loans[0] += 5.0;
  CHECK_FALSE(check_books(w).empty());
}

TEST_CASE("check_books fails on a NaN or an infinity anywhere in money") {
  // Every test in check_books used to be a comparison, false for NaN: a NaN passed as closed books.
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  Slot firm = 0;
  auto fails_with = [&](auto&& poison, const std::string& want) {
    World v = make_world(test::small_params(200));
    step(v);
    REQUIRE(check_books(v).empty());
    firm = v.members[0][3];
    poison(v);
    const auto problems = check_books(v);
    std::string all;
    for (const auto& p : problems) all += p + "\n";
    INFO(all);
    CHECK_FALSE(problems.empty());
    CHECK(all.find(want) != std::string::npos);
  };
  fails_with([&](World& v) { v.firms.cash[firm] = nan; }, " cash is not a finite amount: nan");
  fails_with([&](World& v) { v.firms.cash[firm] = inf; }, " cash is not a finite amount: inf");
  fails_with([&](World& v) { v.firms.debt[firm] = nan; }, " formal debt is not a finite amount");
  fails_with([&](World& v) { v.firms.debt_inf[firm] = nan; }, " informal debt is not a finite amount");
  fails_with([&](World& v) { v.firms.recv[1][firm] = nan; }, " receivable 1 is not a finite amount");
  fails_with([&](World& v) { v.banks.loans[0] = nan; }, "bank 0 loan book is not a finite amount");
  fails_with([&](World& v) { v.clusters[0].informal_book = nan; }, "cluster 0 informal book is not a finite amount");
  fails_with([&](World& v) { v.money0 = nan; }, "the initial money stock is not a finite amount");
  // A NaN moved between two accounts of the ledger.
  fails_with([&](World& v) { v.ledger.transfer(v.banks.account[0], v.clusters[0].informal, nan, Flow::loan); },
             "ledger account ");
}

TEST_CASE("production never pays out more cash than a firm holds when its budget binds and it keeps workers") {
  // A firm selling through a trader (paid later), without debt, short of cash for what it wants
  // to make, with more workers than it needs (firing is slow), and whose float unit cost is a
  // rounding below what its variable costs are now. It spends its whole budget; the rounding
  // must not take its cash below zero (a calibrated Jamnagar once ran cash to -6e-9 this way and
  // failed `run --check-books`).
  const Params p = test::small_params(400);
  World w = make_world(p);
  test::run_steps(w, 3);
  Firms& f = w.firms;
  Slot i = 0;
  bool found = false;
  for (Slot s : w.members[0])
    if (f.alive[s] && !f.direct[s] && !f.msg.exit_mark[s] && f.msg.demand[s] > 0) {
      i = s;
      found = true;
      break;
    }
  REQUIRE(found);
  const auto& M = w.params.market;
  const double c = M.wage / eff_prod(f, i) + M.input_per_unit * w.env.input_price + f.energy[i] * w.env.energy_price;
  f.unit_cost[i] = std::nextafter(static_cast<float>(c), 0.0f);
  if (double(f.unit_cost[i]) >= c) f.unit_cost[i] = std::nextafter(f.unit_cost[i], 0.0f);
  REQUIRE(double(f.unit_cost[i]) < c);
  f.debt[i] = f.debt_inf[i] = 0;
  f.recv[0][i] = f.recv[1][i] = f.recv[2][i] = 0;
  f.export_qty[i] = f.sub_in[i] = 0;
  f.xshare[i] = 0;
  f.inventory[i] = 0;
  f.cash[i] = 0.25 * c * f.msg.demand[i];          // a quarter of what its orders would cost
  f.employees[i] = static_cast<float>(10.0 * f.msg.demand[i] / eff_prod(f, i));  // ten times the workers it needs
  const double cash0 = f.cash[i];
  phase_production_sales(w);
  CHECK(f.msg.output[i] > 0);
  CHECK(f.cash[i] < 1e-3 * cash0);  // it spent (nearly) all of it
  CHECK(f.cash[i] >= 0);
}
