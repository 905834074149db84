// The programme: lifecycle, budgets through the ledger, policy off = baseline, determinism.
#include <doctest/doctest.h>
#include <tbb/global_control.h>

#include <cmath>

#include "observe/digest.hpp"
#include "observe/rating.hpp"
#include "params/load.hpp"
#include "policies/programme.hpp"
#include "policies/registry.hpp"
#include "support/programme.hpp"

using namespace cs;
using namespace cs::policies;

TEST_CASE("every intervention kind has an implementation, and the registry matches the schema") {
  REQUIRE(kinds().size() == intervention_kinds().size());
  for (std::size_t k = 0; k < kinds().size(); ++k) {
    CHECK(kinds()[k].name == intervention_kinds()[k]);
    CHECK(static_cast<std::size_t>(kinds()[k].channel) == k);
    CHECK(find_kind(intervention_kinds()[k]) == &kinds()[k]);
  }
  CHECK(find_kind("subsidy") == nullptr);
}

TEST_CASE("the lifecycle runs its phases in order with their durations, then exits") {
  const Params p = test::programme_params({"tech_upgradation"});
  const Lifecycle life(p.programme);
  CHECK(life.at(0) == Phase::before);
  CHECK(life.at(1) == Phase::selection);
  CHECK(life.at(life.implementation_start()) == Phase::implementation);
  CHECK(life.at(life.implementation_start() - 1) == Phase::approval);
  CHECK(life.at(life.exit_step() - 1) == Phase::handover);
  CHECK(life.at(life.exit_step()) == Phase::exited);

  World w = make_world(p);
  auto prog = attach_programme(w);
  REQUIRE(prog);
  int last = -2;
  for (int s = 0; s < life.exit_step() + 3; ++s) {
    step(w);
    const int ph = static_cast<int>(w.indicators[0].programme_phase);
    CHECK(ph >= last);  // never goes back
    CHECK(ph == static_cast<int>(life.at(w.step)));
    // The CDA works from the diagnostic study until handing over ends.
    const bool cda = w.indicators[0].cda_hours_used > 0;
    if (life.at(w.step) < Phase::diagnostic || life.at(w.step) == Phase::exited) CHECK_FALSE(cda);
    last = ph;
  }
  // After exit nothing is spent and every programme account is closed (leftovers refunded).
  CHECK(w.indicators[0].programme_spending == 0);
  for (const BudgetLine& b : prog->lines())
    if (b.opened) CHECK(w.ledger.balance(b.account) == 0);
}

TEST_CASE("lines(w) counts the last month stepped: what lines() records when the next month starts") {
  Params p = test::programme_params(test::all_kinds());
  World w = make_world(p);
  auto prog = attach_programme(w);
  const Lifecycle life(p.programme);
  int months_spending = 0;
  // Every month through implementation, where every line spends, and past the exit, where none does.
  step(w);
  for (int s = 1; s < life.exit_step() + 2; ++s) {
    const std::vector<BudgetLine> now = prog->lines(w);
    const double total = prog->spent(w);
    step(w);  // its policy phase records the month before
    const auto& recorded = prog->lines();
    REQUIRE(now.size() == recorded.size());
    double sum = 0, pending = 0;
    for (std::size_t k = 0; k < now.size(); ++k) {
      INFO("step " << w.step - 1 << " line " << now[k].name);
      CHECK(now[k].spent == recorded[k].spent);
      CHECK(now[k].spent_month == recorded[k].spent_month);
      sum += now[k].spent;
      pending += now[k].spent_month;
    }
    CHECK(total == sum);
    months_spending += pending > 0;
  }
  CHECK(months_spending > 10);  // the check saw months with spending
}

TEST_CASE("a programme whose interventions are all switched off gives the baseline byte for byte") {
  Params on = test::programme_params({"credit_guarantee", "tech_upgradation", "cfc", "export_promotion"});
  Params off = on;
  for (auto& x : off.interventions) x.enabled = 0;
  const Params base = baseline_of(on);
  World a = make_world(off), b = make_world(base), c = make_world(on);
  CHECK_FALSE(attach_programme(a));
  attach_programme(c);
  bool differs = false;
  for (int s = 0; s < 60; ++s) {
    step(a);
    step(b);
    step(c);
    REQUIRE(state_digest(a) == state_digest(b));
    differs = differs || state_digest(c) != state_digest(b);
  }
  CHECK(differs);  // and switched on, it does something
}

TEST_CASE("budgets hold: no line spends more than its budget, the books close every step") {
  Params p = test::programme_params(test::all_kinds());
  for (auto& x : p.interventions) x.budget = 3.0;  // far below what any of them would spend
  p.programme.management_budget = 4.0;
  World w = make_world(p);
  auto prog = attach_programme(w);
  const Lifecycle life(p.programme);
  for (int s = 0; s < life.exit_step() + 2; ++s) {
    step(w);
    const auto problems = check_books(w);
    INFO("step " << w.step << ": " << (problems.empty() ? std::string() : problems.front()));
    REQUIRE(problems.empty());
    for (const BudgetLine& b : prog->lines()) {
      CHECK(b.spent <= b.budget + 1e-9);
      if (b.opened) CHECK(w.ledger.balance(b.account) >= -1e-9);
    }
  }
  int spending = 0;
  for (const BudgetLine& b : prog->lines()) spending += b.spent > 0;
  CHECK(spending >= 8);
  // Most lines ran out: spending stopped at the budget.
  int exhausted = 0;
  for (const BudgetLine& b : prog->lines()) exhausted += b.spent > b.budget - 1e-6;
  CHECK(exhausted >= 5);
}

TEST_CASE("with every intervention running, the books close and results do not depend on threads") {
  const Params p = test::programme_params(test::all_kinds());
  auto run = [&](int threads, bool parallel) {
    tbb::global_control gc(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    World w = make_world(p);
    w.exec.parallel = parallel;
    attach_programme(w);
    std::vector<std::uint64_t> d;
    for (int s = 0; s < 45; ++s) {
      step(w);
      if (threads == 1) REQUIRE(check_books(w).empty());
      d.push_back(state_digest(w));
    }
    return d;
  };
  const auto one = run(1, true);
  CHECK(run(2, true) == one);
  CHECK(run(2, false) == one);
}

TEST_CASE("interventions are validated: unknown kind, a key of another kind, overlaps, targets") {
  const std::string base = "[[cluster]]\nfirms = 100\n";
  auto issues = [&](const std::string& text) {
    try {
      parse_params(base + text, "s.toml");
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(issues("[[intervention]]\nkind = \"credit_guarante\"\n").find("did you mean 'credit_guarantee'") != std::string::npos);
  const std::string wrong = issues("[[intervention]]\nkind = \"tech_upgradation\"\ncover = 0.5\n");
  CHECK(wrong.find("s.toml:5:1: intervention[0].cover") != std::string::npos);
  CHECK(wrong.find("belongs to credit_guarantee") != std::string::npos);
  CHECK(issues("[[intervention]]\nkind = \"cda\"\ntarget = \"micros\"\n").find("did you mean 'micro'") != std::string::npos);
  CHECK(issues("[[intervention]]\nkind = \"cda\"\n[[intervention]]\nkind = \"cda\"\nstart = 5\n").find("overlaps intervention[0]") != std::string::npos);
  CHECK(issues("[[intervention]]\nkind = \"cda\"\nstart = 5\nend = 5\n").find("must be >") != std::string::npos);
  CHECK(issues("[[intervention]]\nkind = \"cda\"\ncluster = 3\n").find("does not exist") != std::string::npos);
  CHECK(issues("[[intervention]]\nbudget = 5\n").find("missing kind") != std::string::npos);
  CHECK(issues("[[intervention]]\nkind = \"twinning\"\nspillover = 9\n").find("out of range") != std::string::npos);
  CHECK(issues("[[intervention]]\nkind = \"twinning\"\n").empty());
}

TEST_CASE("intervention parameters can be overridden by dotted path and written back as TOML") {
  Params p = test::programme_params({"credit_guarantee", "tech_upgradation"});
  apply_override(p, "intervention[0].cover", "0.5");
  CHECK(p.interventions[0].cover == 0.5);
  CHECK_THROWS_AS(apply_override(p, "intervention[1].cover", "0.5"), ConfigError);  // not its kind
  CHECK_THROWS_AS(apply_override(p, "intervention[7].budget", "1"), ConfigError);
  const Params q = parse_params(to_toml(p), "roundtrip");
  REQUIRE(q.interventions.size() == 2);
  CHECK(q.interventions[0].cover == 0.5);
  CHECK(q.interventions[1].kind == "tech_upgradation");
  CHECK(to_toml(q) == to_toml(p));
}

TEST_CASE("collective interventions wait for the trust prerequisite") {
  Params p = test::programme_params({"cfc"});
  p.cfc.spv_trust = 0.0;
  p.cfc.spv_awareness = 0.0;
  p.cfc.build_months = 3;
  Params strict = p;
  strict.programme.collective_trust = 0.99;  // never reached
  World a = make_world(p), b = make_world(strict);
  attach_programme(a);
  attach_programme(b);
  for (int s = 0; s < 40; ++s) {
    step(a);
    step(b);
  }
  CHECK_FALSE(a.inst.cfcs.empty());
  CHECK(b.inst.cfcs.empty());
}

TEST_CASE("a guarantee fund runs off after its window: cover amortises, claims continue, then it closes") {
  Params p = test::programme_params({"credit_guarantee"});
  p.interventions[0].cover = 0.8;
  p.interventions[0].budget = 5000;
  World w = make_world(p);
  auto prog = attach_programme(w);
  const Lifecycle life(p.programme);
  const int end = life.begin[static_cast<int>(Phase::evaluation)];
  const int runoff_end = end + 2 * static_cast<int>(p.finance.maturity_months);
  double cover_prev = 1;
  for (int s = 0; s < runoff_end + 2; ++s) {
    step(w);
    const double cover = w.levers.guarantee_cover;
    if (w.step >= life.implementation_start() && w.step < end) CHECK(cover == doctest::Approx(0.8));
    if (w.step >= end && w.step < runoff_end) {
      CHECK(cover < cover_prev);  // amortising, never a cliff
      CHECK(cover > 0.8 * 0.13);
    }
    if (w.step >= runoff_end) CHECK(cover == 0);
    cover_prev = cover;
    REQUIRE(check_books(w).empty());
  }
  const BudgetLine& g = prog->lines()[1];
  CHECK(g.last_step == end - 1);
  CHECK(w.ledger.balance(g.account) == 0);  // closed, leftover refunded
}

TEST_CASE("rated_clusters serves only the best-rated clusters (national allocation by rating)") {
  Params p = test::programme_params({"tech_upgradation"}, 300);
  p.clusters.resize(3, p.clusters[0]);
  p.clusters[0].recommendation = 0.0;
  p.clusters[1].recommendation = 1.0;  // the other agencies recommend this one
  p.clusters[2].recommendation = 0.0;
  p.interventions[0].rated_clusters = 1;
  p.interventions[0].subsidy_share = 0.5;
  World w = make_world(p);
  attach_programme(w);
  const Lifecycle life(p.programme);
  std::size_t best = 99;
  double sub[3] = {0, 0, 0};
  for (int s = 0; s < 34; ++s) {
    if (w.step == life.implementation_start() - 1)
      for (const ClusterRating& r : rate_clusters(w))
        if (r.rank == 1) best = r.cluster;
    step(w);
    for (std::size_t c = 0; c < 3; ++c) sub[c] += w.indicators[c].subsidies;
  }
  REQUIRE(best < 3);
  CHECK(sub[best] > 0);
  for (std::size_t c = 0; c < 3; ++c)
    if (c != best) CHECK(sub[c] == 0);
}

namespace {

// Four clusters, a large one (1,500 firms) and three small ones; the large one and one small one
// are recommended by other agencies, so they are rated best. Energy audits at 0.5 a month each,
// ten a month, for firms drawn by lottery over every cluster served: 5 a month in all, 120 over the
// 24 months of implementation, much more than the budget of 40.
Params audit_params(int rated_clusters) {
  Params p = test::programme_params({"energy_efficiency"}, 150);
  p.clusters.resize(4, p.clusters[0]);
  p.clusters[1].firms = 1500;
  p.clusters[2].firms = 200;
  for (std::size_t c = 0; c < 4; ++c) p.clusters[c].recommendation = c == 1 || c == 2 ? 1.0 : 0.0;
  InterventionParams& x = p.interventions[0];
  x.rated_clusters = rated_clusters;
  x.audits_per_month = 10;
  x.audit_cost = 0.5;
  x.ee_subsidy = 0;
  x.budget = 40;
  return p;
}

}  // namespace

TEST_CASE("rated_clusters splits the budget equally: a selected cluster spends at most its share, the others nothing") {
  const Params p = audit_params(2);
  World w = make_world(p);
  auto prog = attach_programme(w);
  REQUIRE(prog);
  std::vector<double> audits(4, 0.0);
  for (int s = 0; s < 42; ++s) {
    step(w);
    REQUIRE(check_books(w).empty());
    for (std::size_t c = 0; c < 4; ++c) audits[c] += w.indicators[c].audits;
  }
  const std::vector<RatedAllocation> alloc = prog->allocations(w);
  REQUIRE(alloc.size() == 1);
  const RatedAllocation& a = alloc[0];
  CHECK(a.line == 1);
  CHECK(a.rated_step == Lifecycle(p.programme).implementation_start());
  REQUIRE(a.selected == std::vector<std::size_t>{1, 2});
  const double share = p.interventions[0].budget / 2;
  for (std::size_t c = 0; c < 4; ++c) {
    CAPTURE(c);
    CHECK(a.spent[c] == doctest::Approx(0.5 * audits[c]).epsilon(1e-12));
    if (c == 1 || c == 2) {
      CHECK(a.allocated[c] == share);
      // Each spends its own share, whole audits of 0.5: the large cluster does not eat the
      // small one's share, and the small one gets its whole share once the large one's is spent.
      CHECK(a.spent[c] == doctest::Approx(share).epsilon(1e-12));
    } else {
      CHECK(a.allocated[c] == 0);
      CHECK(audits[c] == 0);
    }
  }
  // The money went through the line's account: what the clusters spent is what the line spent,
  // and nothing is left in it at the end.
  const BudgetLine& b = prog->lines()[1];
  CHECK(b.spent == doctest::Approx(a.spent[1] + a.spent[2]).epsilon(1e-12));
  CHECK(w.ledger.balance(b.account) == doctest::Approx(0).epsilon(1e-12));
}

TEST_CASE("without rated_clusters the large cluster takes more than half of the same budget") {
  // The counterfactual of the test above: one purse shared by the four clusters, first come
  // (first drawn) first served.
  const Params p = audit_params(0);
  World w = make_world(p);
  attach_programme(w);
  double large = 0, all = 0;
  for (int s = 0; s < 42; ++s) {
    step(w);
    large += w.indicators[1].audits;
    for (std::size_t c = 0; c < 4; ++c) all += w.indicators[c].audits;
  }
  CHECK(0.5 * all == doctest::Approx(p.interventions[0].budget));
  CHECK(0.5 * large > 0.5 * p.interventions[0].budget);
}

TEST_CASE("rated_clusters is refused for kinds whose money does not reach targeted firms") {
  Params p = test::programme_params({"export_promotion", "tech_upgradation"});
  p.clusters.resize(2, p.clusters[0]);
  p.interventions[0].rated_clusters = 1;
  p.interventions[1].rated_clusters = 1;
  std::string all;
  for (const ConfigIssue& i : validate(p)) all += i.to_string() + "\n";
  INFO(all);
  CHECK(all.find("intervention[0].rated_clusters: rated_clusters splits the budget") != std::string::npos);
  CHECK(all.find("intervention[1]") == std::string::npos);
}
