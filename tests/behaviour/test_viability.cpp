// Behaviour of the banks' viability test (docs/model.md, planning and finance): a bank seeks a
// credit guarantee only for a firm whose business pays its way after interest on average; any
// other firm it judges on its collateral alone. It is what keeps a guarantee's claims near what
// guarantee schemes report (docs/validation.md).
#include <doctest/doctest.h>

#include "phases/phases.hpp"
#include "support/small_world.hpp"

using namespace cs;

TEST_CASE("a firm that does not pay its way borrows on its collateral alone, without the guarantee") {
  Params p = test::small_params(300);
  p.finance.guarantee_cover = 0.75;
  // a: every firm passes the test; b: every firm fails it; c: every firm passes, no guarantee.
  World a = make_world(p), b = make_world(p), c = make_world(p);
  for (World* w : {&a, &b, &c}) test::run_steps(*w, 3);
  c.levers.guarantee_cover = 0;
  std::size_t asking = 0, more = 0;
  for (World* w : {&a, &b, &c})
    for (Slot i : w->members[0]) {
      w->firms.cash[i] = 0;  // every firm needs credit this month
      w->firms.profit_avg[i] = static_cast<float>(p.finance.viability_margin + (w == &b ? -0.05 : 0.05));
    }
  phase_planning_finance(a);
  phase_planning_finance(b);
  phase_planning_finance(c);
  for (Slot i : a.members[0]) {
    if (!a.firms.alive[i] || a.firms.msg.credit_req[i] <= 0) continue;
    ++asking;
    CHECK(b.firms.msg.credit_req[i] == a.firms.msg.credit_req[i]);
    CHECK(b.firms.msg.credit_ok[i] == c.firms.msg.credit_ok[i]);  // judged as if there were no guarantee
    CHECK(a.firms.msg.credit_ok[i] >= b.firms.msg.credit_ok[i]);
    more += a.firms.msg.credit_ok[i] > b.firms.msg.credit_ok[i] + 1e-6;
  }
  MESSAGE(asking << " firms ask; the guarantee raises the offer to " << more << " viable ones");
  CHECK(asking > 100);
  CHECK(more > asking / 10);
}

TEST_CASE("without a guarantee the viability test changes nothing") {
  Params p = test::small_params(300, 5);
  Params q = p;
  q.finance.viability_margin = -1.0;
  World a = make_world(p), b = make_world(q);
  for (int s = 0; s < 60; ++s) {
    step(a);
    step(b);
  }
  const Indicators &x = a.indicators[0], &y = b.indicators[0];
  CHECK(x.firms == y.firms);
  CHECK(x.credit == y.credit);
  CHECK(x.output == y.output);
}

TEST_CASE("the viability test lowers a guarantee's claims and the banks' write-offs; the books close") {
  // [0]: the guarantee covers any firm (viability_margin -1); [1]: the default test.
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
