// Behaviour of the finance, technology, energy, skills and infrastructure levers (MODEL.md
// section 10.x). Levers are set by hand on worlds without a programme (they persist between
// steps; targets and budgets are set again before each step), and each test compares paired
// runs with the same seeds.
#include <doctest/doctest.h>
#include <tbb/global_control.h>

#include <cmath>
#include <functional>

#include "observe/digest.hpp"
#include "support/small_world.hpp"

using namespace cs;

namespace {

struct Pair {
  double base = 0, treated = 0;
};

/// Sums `measure` over steps >= from of paired runs (base and treated, same seed) over `seeds`
/// replications; `set` sets the treated world's levers before each of its steps.
Pair paired(const Params& p, int steps, int from, const std::function<void(World&)>& set,
            const std::function<double(const World&)>& measure, int seeds = 3) {
  Pair out;
  for (int s = 1; s <= seeds; ++s) {
    Params q = p;
    q.run.seed = 200 + s;
    World base = make_world(q), treated = make_world(q);
    for (int t = 0; t < steps; ++t) {
      step(base);
      set(treated);
      step(treated);
      if (t >= from) {
        out.base += measure(base);
        out.treated += measure(treated);
      }
    }
  }
  return out;
}

bool micro(const World& w, Slot i) { return w.firms.employees[i] < 10; }

std::vector<std::uint8_t> micro_target(const World& w) {
  std::vector<std::uint8_t> t(w.firms.size(), 0);
  for (std::size_t i = 0; i < t.size(); ++i) t[i] = w.firms.alive[i] && micro(w, static_cast<Slot>(i));
  return t;
}

template <class F> double sum_firms(const World& w, F&& f) {
  double s = 0;
  for (std::size_t i = 0; i < w.firms.size(); ++i)
    if (w.firms.alive[i]) s += f(static_cast<Slot>(i));
  return s;
}

double mean_eff_prod(const World& w) {
  double n = 0, s = 0;
  for (std::size_t i = 0; i < w.firms.size(); ++i)
    if (w.firms.alive[i]) {
      n += 1;
      s += eff_prod(w.firms, static_cast<Slot>(i));
    }
  return s / n;
}

double flow(const World& w, Flow k) { return w.ledger.flows()[static_cast<std::size_t>(k)]; }

}  // namespace

TEST_CASE("a guarantee for micro firms raises their formal credit and lowers their informal borrowing") {
  const Params p = test::small_params(600);
  auto set = [](World& w) {
    w.params.finance.guarantee_cover = 0.75;  // the standing setting the policy phase copies
    w.levers.guarantee_target = micro_target(w);
  };
  auto formal = [](const World& w) { return sum_firms(w, [&](Slot i) { return micro(w, i) ? w.firms.debt[i] : 0.0; }); };
  auto informal = [](const World& w) {
    return sum_firms(w, [&](Slot i) { return micro(w, i) ? w.firms.debt_inf[i] : 0.0; });
  };
  const Pair f = paired(p, 36, 12, set, formal);
  const Pair inf = paired(p, 36, 12, set, informal);
  CHECK(f.treated > 1.05 * f.base);
  CHECK(inf.treated < inf.base);
}

TEST_CASE("a guarantee fund out of budget pays no claims, and fees flow into it") {
  Params p = test::small_params(800, 3);
  p.finance.guarantee_cover = 0.75;
  p.shocks.push_back({"demand", 6, 24, -0.6});  // defaults
  World open = make_world(p), empty = make_world(p);
  double claims_open = 0, claims_empty = 0, fees = 0, bad_open = 0, bad_empty = 0;
  for (int t = 0; t < 36; ++t) {
    open.levers.guarantee_fee = 0.01;
    empty.levers.purse[idx(Channel::credit_guarantee)].left = 0;
    const double prog0 = open.ledger.balance(open.ledger.sector(Sector::programme));
    step(open);
    step(empty);
    REQUIRE(check_books(open).empty());
    REQUIRE(check_books(empty).empty());
    claims_open += flow(open, Flow::guarantee_claim);
    claims_empty += flow(empty, Flow::guarantee_claim);
    CHECK(flow(empty, Flow::guarantee_claim) == 0.0);
    CHECK(empty.clusters[0].tally.guarantee_claims == 0.0);
    fees += open.clusters[0].tally.guarantee_fees;
    // The fund's account changes by fees in less claims paid.
    const double prog1 = open.ledger.balance(open.ledger.sector(Sector::programme));
    CHECK(prog1 - prog0 ==
          doctest::Approx(open.clusters[0].tally.guarantee_fees - open.clusters[0].tally.guarantee_claims).epsilon(1e-9));
    for (double b : open.banks.bad_debt) bad_open += b;
    for (double b : empty.banks.bad_debt) bad_empty += b;
  }
  CHECK(claims_open > 0);
  CHECK(claims_empty == 0.0);
  CHECK(fees > 0);
  CHECK(bad_empty > bad_open);  // the banks bear the loss the fund no longer pays
}

TEST_CASE("credit planning (a higher ceiling and a rate cut) raises formal credit") {
  const Params p = test::small_params(600);
  auto set = [](World& w) { w.levers.credit_ceiling_mult = 2.0; };
  auto formal = [](const World& w) { return w.indicators[0].credit; };
  const Pair f = paired(p, 36, 12, set, formal);
  CHECK(f.treated > 1.05 * f.base);
}

TEST_CASE("a capital subsidy raises adoption of near-frontier vintages") {
  const Params p = test::small_params(600);
  auto set = [](World& w) { w.levers.capital_subsidy = 0.3; };
  auto near = [](const World& w) {
    const double fp = w.env.frontier_prod;
    return sum_firms(w, [&](Slot i) { return w.firms.prod[i] >= 0.9 * fp ? 1.0 : 0.0; }) /
           sum_firms(w, [](Slot) { return 1.0; });
  };
  const Pair a = paired(p, 36, 24, set, near);
  CHECK(a.treated > 1.05 * a.base);  // about +10 % at the defaults (+20 % without customer churn)
}

TEST_CASE("purses with small budgets never spend more than they hold") {
  const Params p = test::small_params(800, 9);
  World w = make_world(p), free = make_world(p);
  double audits = 0, trained = 0, free_max = 0;
  for (int t = 0; t < 24; ++t) {
    for (World* x : {&w, &free}) {
      Levers& L = x->levers;
      L.capital_subsidy = 0.5;
      L.ee_subsidy = 0.2;
      L.audits = 100;
      L.audit_cost = 0.3;
      L.audit_saving = 0.1;
      L.trainees = 500;
      L.training_cost = 0.04;
      L.skill_gain = 0.3;
    }
    Levers& L = w.levers;
    L.purse[idx(Channel::tech_upgradation)].left = 5.0;
    L.purse[idx(Channel::energy_efficiency)].left = 2.0;
    L.purse[idx(Channel::skills_training)].left = 1.0;
    const AccountId prog = w.ledger.sector(Sector::programme);
    const double before = w.ledger.balance(prog);
    step(w);
    step(free);
    REQUIRE(check_books(w).empty());
    REQUIRE(check_books(free).empty());
    const double paid = before - w.ledger.balance(prog);
    CHECK(paid <= 8.0 + 1e-9);
    CHECK(L.purse[idx(Channel::tech_upgradation)].spent <= 5.0 + 1e-12);
    CHECK(L.purse[idx(Channel::energy_efficiency)].spent <= 2.0 + 1e-12);
    CHECK(L.purse[idx(Channel::skills_training)].spent <= 1.0 + 1e-12);
    CHECK(w.clusters[0].tally.spending == doctest::Approx(paid).epsilon(1e-9));
    CHECK(w.clusters[0].tally.audits <= 6);  // 2.0 / 0.3 = 6 whole audits
    CHECK(w.clusters[0].tally.trained <= 25);
    free_max = std::max(free_max, free.levers.purse[idx(Channel::tech_upgradation)].spent);
    audits += w.clusters[0].tally.audits;
    trained += w.clusters[0].tally.trained;
  }
  CHECK(free_max > 5.0);  // without the budget the subsidy would have cost more in some month
  CHECK(audits > 0);
  CHECK(trained > 0);
}

TEST_CASE("energy audits lower emissions intensity") {
  const Params p = test::small_params(600);
  auto set = [](World& w) {
    w.levers.audits = 40;
    w.levers.audit_cost = 0.2;
    w.levers.audit_saving = 0.1;
  };
  auto intensity = [](const World& w) { return w.indicators[0].emissions_intensity; };
  const Pair e = paired(p, 36, 24, set, intensity);
  CHECK(e.treated < 0.95 * e.base);
  World w = make_world(p);
  set(w);
  step(w);
  CHECK(w.clusters[0].tally.audits == 40);
  CHECK(w.clusters[0].tally.spending == doctest::Approx(40 * 0.2));
}

TEST_CASE("an energy-efficiency subsidy lowers energy intensity") {
  const Params p = test::small_params(600);
  auto set = [](World& w) { w.levers.ee_subsidy = 0.4; };
  auto energy = [](const World& w) {
    return sum_firms(w, [&](Slot i) { return w.firms.energy[i] * w.firms.msg.output[i]; }) /
           sum_firms(w, [&](Slot i) { return double(w.firms.msg.output[i]); });
  };
  const Pair e = paired(p, 36, 24, set, energy);
  CHECK(e.treated < e.base);
}

TEST_CASE("skills training raises mean effective productivity") {
  const Params p = test::small_params(600);
  auto set = [](World& w) {
    w.levers.trainees = 400;
    w.levers.training_cost = 0.05;
    w.levers.skill_gain = 0.5;
  };
  const Pair e = paired(p, 36, 12, set, mean_eff_prod);
  CHECK(e.treated > 1.01 * e.base);
  World w = make_world(p);
  set(w);
  step(w);
  CHECK(w.clusters[0].tally.trained == 400);
  CHECK(w.clusters[0].tally.spending == doctest::Approx(400 * 0.05));
}

TEST_CASE("removing power downtime raises output, and a transport cut raises profits") {
  Params p = test::small_params(600);
  p.shocks.push_back({"power_shortage", 6, 12, -0.3});
  auto output = [](const World& w) { return w.indicators[0].output; };
  const Pair o = paired(p, 24, 0, [](World& w) { w.levers.downtime_cut = 1.0; }, output);
  CHECK(o.treated > 1.02 * o.base);
  auto profit = [](const World& w) { return sum_firms(w, [&](Slot i) { return double(w.firms.msg.profit[i]); }); };
  const Pair r = paired(test::small_params(600), 12, 0, [](World& w) { w.levers.transport_cut = 1.0; }, profit);
  CHECK(r.treated > r.base);
}

TEST_CASE("innovation_mult raises productivity growth") {
  const Params p = test::small_params(600);
  const Pair a = paired(p, 36, 35, [](World& w) { w.levers.innovation_mult = 4.0; }, mean_eff_prod);
  CHECK(a.treated > a.base);
}

TEST_CASE("with every lever on, runs are byte-identical across thread counts and the books close") {
  Params p = test::small_params(2500, 13);
  p.clusters.push_back(p.clusters[0]);
  p.clusters[1].name = "second";
  p.clusters[1].firms = 6000;
  p.finance.guarantee_cover = 0.6;
  p.shocks.push_back({"demand", 8, 8, -0.4});
  auto run = [&](int threads) {
    tbb::global_control gc(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    World w = make_world(p);
    std::vector<std::uint64_t> out;
    for (int t = 0; t < 20; ++t) {
      Levers& L = w.levers;
      L.guarantee_loan_cap = 20;
      L.guarantee_fee = 0.01;
      L.guarantee_target = micro_target(w);
      L.credit_ceiling_mult = 1.5;
      L.rate_cut = 0.02;
      L.capital_subsidy = 0.25;
      L.subsidy_cap = 10;
      L.ee_subsidy = 0.15;
      L.audits = 30;
      L.audit_cost = 0.2;
      L.audit_saving = 0.08;
      L.trainees = 300;
      L.training_cost = 0.03;
      L.skill_gain = 0.4;
      L.downtime_cut = 0.5;
      L.transport_cut = 0.3;
      L.innovation_mult = 1.5;
      for (Channel c : {Channel::tech_upgradation, Channel::energy_efficiency, Channel::skills_training,
                        Channel::credit_guarantee})
        L.purse[idx(c)].left = 15;
      step(w);
      const auto problems = check_books(w);
      INFO("step " << w.step << ": " << (problems.empty() ? std::string() : problems.front()));
      REQUIRE(problems.empty());
      out.push_back(state_digest(w));
    }
    return out;
  };
  const auto one = run(1);
  CHECK(run(2) == one);
  CHECK(run(4) == one);
}

TEST_CASE("a purse with budgets per cluster pays each cluster at most its own budget") {
  // Two clusters; the purses may spend freely overall but cluster 0 only 1.5 of each and
  // cluster 1 nothing. The same world without per-cluster budgets spends in both clusters.
  Params p = test::small_params(500, 9);
  p.clusters.resize(2, p.clusters[0]);
  World w = make_world(p), free = make_world(p);
  const Channel channels[] = {Channel::tech_upgradation, Channel::energy_efficiency, Channel::skills_training};
  double spent0 = 0, free1 = 0;
  for (int t = 0; t < 24; ++t) {
    for (World* x : {&w, &free}) {
      Levers& L = x->levers;
      L.capital_subsidy = 0.5;
      L.ee_subsidy = 0.2;
      L.audits = 100;
      L.audit_cost = 0.3;
      L.audit_saving = 0.1;
      L.trainees = 500;
      L.training_cost = 0.04;
      L.skill_gain = 0.3;
    }
    for (Channel c : channels) {
      Purse& q = w.levers.purse[idx(c)];
      q.cluster_left = {1.5, 0.0};
      q.cluster_spent = {0.0, 0.0};
    }
    const AccountId prog = w.ledger.sector(Sector::programme);
    const double before = w.ledger.balance(prog);
    step(w);
    step(free);
    REQUIRE(check_books(w).empty());
    REQUIRE(check_books(free).empty());
    double month = 0;
    for (Channel c : channels) {
      const Purse& q = w.levers.purse[idx(c)];
      CAPTURE(channel_name(c));
      CHECK(q.cluster_spent[0] <= 1.5 + 1e-12);
      CHECK(q.cluster_spent[1] == 0);
      CHECK(q.spent == doctest::Approx(q.cluster_spent[0] + q.cluster_spent[1]).epsilon(1e-12));
      month += q.spent;
    }
    CHECK(before - w.ledger.balance(prog) == doctest::Approx(month).epsilon(1e-9));  // paid from the payer
    CHECK(w.clusters[1].tally.spending == 0);
    CHECK(w.clusters[1].tally.audits == 0);
    CHECK(w.clusters[1].tally.trained == 0);
    spent0 += w.clusters[0].tally.spending;
    free1 += free.clusters[1].tally.spending;
  }
  CHECK(spent0 > 0);  // cluster 0 used its budgets
  CHECK(free1 > 0);   // without them cluster 1 would have been paid too
}
