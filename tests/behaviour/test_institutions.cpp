// Behaviour of the association, the Cluster Development Agent and Common Facility Centres.
#include <doctest/doctest.h>

#include "support/small_world.hpp"

using namespace cs;

namespace {

void cfc_lever(World& w, int kind, double cost) {
  w.levers.cfc_requested = true;
  w.levers.cfc_cluster = 0;
  w.levers.cfc_kind = kind;
  w.levers.cfc_project_cost = cost;
  w.levers.cfc_grant_share = 0.7;
  w.levers.cfc_om_support_months = 24;
}

Params cfc_params() {
  Params p = test::small_params(800, 11);
  p.cfc.spv_awareness = 0.0;  // every firm that can pay is willing
  p.cfc.spv_trust = 0.0;
  p.cfc.build_months = 12;
  return p;
}

// Trust per firm (sum of trust over links / firms); `links` gets the number of links. Meetings
// add links and strengthen old ones; mean trust per link can fall even so, as new links start at
// the initial trust.
double trust_per_firm(const World& w, double& links) {
  links = w.indicators[0].links;
  return w.indicators[0].firms > 0 ? w.indicators[0].trust_mean * links / w.indicators[0].firms : 0.0;
}

}  // namespace

TEST_CASE("the association gains members and effectiveness with a capacity-building grant") {
  const Params p = test::small_params(800, 5);
  World base = make_world(p), grant = make_world(p);
  double m0 = 0, m1 = 0;
  for (int s = 0; s < 48; ++s) {
    grant.levers.association_grant = 3.0;
    step(base);
    step(grant);
    if (s >= 36) {
      m0 += base.indicators[0].association_members;
      m1 += grant.indicators[0].association_members;
    }
  }
  CHECK(grant.indicators[0].association_effectiveness > base.indicators[0].association_effectiveness + 0.1);
  CHECK(m1 > m0);
  CHECK(grant.indicators[0].association_rating > base.indicators[0].association_rating);
  CHECK(check_books(grant).empty());
}

TEST_CASE("a CFC whose SPV members are below the trust threshold never forms") {
  Params p = cfc_params();
  p.cfc.spv_trust = 0.99;
  World w = make_world(p);
  for (int s = 0; s < 36; ++s) {
    cfc_lever(w, 0, 200);
    step(w);
  }
  CHECK(w.inst.cfcs.empty());
  CHECK(w.indicators[0].cfc_open == 0);
}

TEST_CASE("a CFC forms with a low trust threshold, is built after the lag, users pay fees and capacity holds") {
  const Params p = cfc_params();
  World w = make_world(p);
  int formed = -1, opened = -1;
  double fees = 0;
  for (int s = 0; s < 48; ++s) {
    cfc_lever(w, 0, 200);
    step(w);
    REQUIRE(check_books(w).empty());
    if (formed < 0 && !w.inst.cfcs.empty()) formed = w.step;
    if (opened < 0 && w.indicators[0].cfc_open > 0) opened = w.step;
    fees += w.ledger.flows()[static_cast<std::size_t>(Flow::cfc_fee)];
    for (const Cfc& k : w.inst.cfcs) CHECK(k.used <= k.capacity + 1e-9);
    CHECK(w.indicators[0].cfc_utilisation <= 1.0 + 1e-12);
  }
  REQUIRE(formed > 0);
  CHECK(w.inst.cfcs.size() == 1);
  CHECK(static_cast<int>(w.inst.cfcs[0].members.size()) >= p.cfc.min_members);
  CHECK(opened == formed + p.cfc.build_months);
  CHECK(fees > 0);
  CHECK(w.indicators[0].cfc_users > 0);
}

TEST_CASE("a testing-lab CFC raises the number of certified firms") {
  const Params p = cfc_params();
  World base = make_world(p), lab = make_world(p);
  for (int s = 0; s < 48; ++s) {
    cfc_lever(lab, 1, 100);
    step(base);
    step(lab);
  }
  REQUIRE(lab.indicators[0].cfc_open == 1);
  CHECK(lab.indicators[0].certified > base.indicators[0].certified);
}

TEST_CASE("CDA trust-building meetings raise mean trust and links") {
  const Params p = test::small_params(800, 9);
  World base = make_world(p), cda = make_world(p);
  for (int s = 0; s < 24; ++s) {
    cda.levers.cda_active = true;
    cda.levers.cda_hours = 320;
    cda.levers.cda_skill = 0.8;
    cda.levers.cda_priority[1] = 1.0;
    step(base);
    step(cda);
  }
  double l0 = 0, l1 = 0;
  const double t0 = trust_per_firm(base, l0), t1 = trust_per_firm(cda, l1);
  CHECK(cda.indicators[0].cda_hours_used == doctest::Approx(320));
  CHECK(t1 > t0);
  CHECK(l1 > l0);
}

TEST_CASE("CDA consortium brokering raises the number of consortia") {
  Params p = test::small_params(800, 13);
  p.exports.consortium_form_rate = 0.0005;
  World base = make_world(p), cda = make_world(p);
  double c0 = 0, c1 = 0;
  for (int s = 0; s < 24; ++s) {
    cda.levers.cda_active = true;
    cda.levers.cda_hours = 320;
    cda.levers.cda_skill = 1.0;
    cda.levers.cda_priority[1] = 0.5;
    cda.levers.cda_priority[2] = 0.5;
    step(base);
    step(cda);
    c0 += base.indicators[0].consortia;
    c1 += cda.indicators[0].consortia;
  }
  CHECK(cda.inst.cda.brokered[0] > 0);
  CHECK(c1 > c0);
}

TEST_CASE("books close every step with the association, the CDA and a CFC all active") {
  Params p = cfc_params();
  p.clusters.push_back(p.clusters[0]);
  p.clusters[1].firms = 300;
  World w = make_world(p);
  for (int s = 0; s < 60; ++s) {
    cfc_lever(w, s < 30 ? 3 : 2, 150);
    w.levers.cfc_om_support_months = 6;
    w.levers.association_grant = 1.0;
    w.levers.cda_active = true;
    w.levers.cda_hours = 160;
    w.levers.cda_skill = 0.6;
    for (double& x : w.levers.cda_priority) x = 0.2;
    step(w);
    REQUIRE(check_books(w).empty());
    for (const Cfc& k : w.inst.cfcs) CHECK(k.used <= k.capacity + 1e-9);
  }
  CHECK(!w.inst.cfcs.empty());
  CHECK(w.inst.cda.mobilised[0] > 0);
}

TEST_CASE("effluent enforcement fines non-compliant polluters and draws users to an effluent CFC") {
  // Without enforcement compliance alone is not worth the fee, so the effluent CFC finds no user.
  Params p = cfc_params();
  p.cfc.compliance_value = 0.01;
  p.cfc.fee_per_unit = 0.02;
  Params q = p;
  q.cfc.effluent_enforcement = 0.2;
  q.cfc.effluent_fine = 5.0;
  World base = make_world(p), enforced = make_world(q);
  double users_base = 0, users_enforced = 0, fines = 0, fined = 0, gov_fines = 0;
  double fined_before_open = 0;
  for (int s = 0; s < 40; ++s) {  // it opens at about month 14; O&M support lasts 24 months
    cfc_lever(base, 2, 150);
    cfc_lever(enforced, 2, 150);
    step(base);
    step(enforced);
    REQUIRE(check_books(base).empty());
    REQUIRE(check_books(enforced).empty());
    CHECK(base.inst.effluent_fines[0] == 0.0);
    CHECK(base.ledger.flows()[static_cast<std::size_t>(Flow::effluent_fine)] == 0.0);
    users_base += base.indicators[0].cfc_users;
    users_enforced += enforced.indicators[0].cfc_users;
    fines += enforced.inst.effluent_fines[0];
    fined += enforced.inst.effluent_fined[0];
    gov_fines += enforced.ledger.flows()[static_cast<std::size_t>(Flow::effluent_fine)];
    if (enforced.indicators[0].cfc_open == 0) fined_before_open += enforced.inst.effluent_fined[0];
  }
  REQUIRE(base.indicators[0].cfc_open == 1);
  REQUIRE(enforced.indicators[0].cfc_open == 1);
  CHECK(users_base == 0);
  CHECK(users_enforced > 0);
  CHECK(fined > 0);
  CHECK(fined_before_open > 0);        // before the plant opens every polluter is non-compliant
  CHECK(fines > 0);
  CHECK(fines <= q.cfc.effluent_fine * fined + 1e-9);
  CHECK(gov_fines == doctest::Approx(fines));
}

TEST_CASE("effluent enforcement at 0 (the default) leaves a run unchanged") {
  Params p = test::small_params(400, 5);
  Params q = p;
  q.cfc.effluent_fine = 50.0;  // no effect while effluent_enforcement is 0
  World a = make_world(p), b = make_world(q);
  for (int s = 0; s < 24; ++s) {
    step(a);
    step(b);
  }
  CHECK(a.indicators[0].cash == b.indicators[0].cash);
  CHECK(a.indicators[0].firms == b.indicators[0].firms);
}
