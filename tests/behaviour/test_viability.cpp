// Behaviour of the banks' viability test (docs/model.md, planning and finance): banks lend new
// money only to firms whose business pays its way after interest on average. It is what keeps a
// credit guarantee's claims near what guarantee schemes report (docs/validation.md).
#include <doctest/doctest.h>

#include "phases/phases.hpp"
#include "support/small_world.hpp"

using namespace cs;

TEST_CASE("banks lend no new money to a firm that does not pay its way") {
  const Params p = test::small_params(200);
  World a = make_world(p), b = make_world(p);
  test::run_steps(a, 3);
  test::run_steps(b, 3);
  Slot i = 0;
  bool found = false;
  for (Slot s : a.members[0])
    if (a.firms.alive[s] && !a.firms.exit_mark[s]) {
      i = s;
      found = true;
      break;
    }
  REQUIRE(found);
  for (World* w : {&a, &b}) {
    w->firms.cash[i] = 0;  // it needs credit this month
    w->firms.debt[i] = 0;
  }
  a.firms.profit_avg[i] = static_cast<float>(p.finance.viability_margin + 0.05);
  b.firms.profit_avg[i] = static_cast<float>(p.finance.viability_margin - 0.05);
  phase_planning_finance(a);
  phase_planning_finance(b);
  CHECK(a.firms.credit_req[i] > 0);
  CHECK(a.firms.credit_ok[i] > 0);
  CHECK(a.firms.debt[i] > 0);
  CHECK(b.firms.credit_req[i] == a.firms.credit_req[i]);
  CHECK(b.firms.credit_ok[i] == 0);
  CHECK(b.firms.debt[i] == 0);
  CHECK(b.firms.rationed[i] == 1);
}

TEST_CASE("the viability test lowers a guarantee's claims and the banks' write-offs; the books close") {
  // [0]: banks lend to any firm (viability_margin -1); [1]: the default test.
  double claims[2] = {0, 0}, written_off[2] = {0, 0}, credit[2] = {0, 0};
  for (int on = 0; on < 2; ++on)
    for (std::uint64_t seed = 1; seed <= 3; ++seed) {
      Params p = test::small_params(500, seed);
      p.finance.guarantee_cover = 0.75;
      if (!on) p.finance.viability_margin = -1.0;
      World w = make_world(p);
      for (int s = 0; s < 120; ++s) {
        step(w);
        REQUIRE(check_books(w).empty());
        const Indicators& ind = w.indicators[0];
        claims[on] += ind.guarantee_claims;
        written_off[on] += ind.npa_ratio * ind.credit;
        credit[on] += ind.credit;
      }
    }
  MESSAGE("claims / credit " << claims[0] / credit[0] << " -> " << claims[1] / credit[1] << ", write-offs / credit "
                             << written_off[0] / credit[0] << " -> " << written_off[1] / credit[1]);
  CHECK(claims[0] > 0);
  CHECK(claims[1] / credit[1] < 0.7 * claims[0] / credit[0]);
  CHECK(written_off[1] / credit[1] < written_off[0] / credit[0]);
}
