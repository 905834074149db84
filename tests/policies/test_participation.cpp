// Participation records (who a programme reached) and the firm-level effects built on them:
// targeting holds firm by firm, and the evaluator's difference-in-differences recovers the
// true effect exactly when nothing but the programme moves and nothing spills over.
#include <doctest/doctest.h>

#include <vector>

#include "agents/participation.hpp"
#include "evaluate/effects.hpp"
#include "evaluate/panel.hpp"
#include "policies/programme.hpp"
#include "support/programme.hpp"
#include "world.hpp"

using namespace cs;

TEST_CASE("an intervention aimed at small firms reaches no firm outside that class") {
  Params p = test::programme_params({"skills_training"});
  p.interventions[0].target = "small";
  p.interventions[0].budget = 2000;
  World w = make_world(p);
  auto prog = policies::attach_programme(w);
  REQUIRE(prog);
  REQUIRE(w.part.tracks(Channel::skills_training));
  const Firms& f = w.firms;
  int reached = 0, outside_alive = 0;
  std::vector<SizeClass> before;
  std::vector<std::uint16_t> count_before;
  for (int s = 0; s < 40; ++s) {
    // The class each firm had when the programme chose its targets (the policy phase comes first).
    before.assign(f.size(), SizeClass::micro);
    count_before.assign(f.size(), 0);
    for (Slot i = 0; i < f.size(); ++i) {
      if (i < w.part.owner.size() && w.part.owner[i] == f.uid[i])
        count_before[i] = w.part.record(i, Channel::skills_training).count;
      if (!f.alive[i]) continue;
      before[i] = size_class(f.capital[i], 12.0 * f.revenue[i]);
      outside_alive += before[i] != SizeClass::small;
    }
    step(w);
    for (Slot i = 0; i < f.size() && i < w.part.owner.size(); ++i) {
      if (w.part.owner[i] != f.uid[i] || i >= count_before.size()) continue;
      if (w.part.record(i, Channel::skills_training).count <= count_before[i]) continue;
      ++reached;
      INFO("firm " << f.uid[i] << " at step " << w.step);
      CHECK(before[i] == SizeClass::small);
    }
  }
  CHECK(reached > 0);        // the test means something: some small firms were trained ...
  CHECK(outside_alive > 0);  // ... and there were firms of other classes to wrongly reach
}

TEST_CASE("participation rows follow their firms: a reused slot starts empty, the old record is kept") {
  Params p = test::programme_params({"export_promotion", "skills_training"});
  World w = make_world(p);
  REQUIRE(policies::attach_programme(w));
  test::run_steps(w, 40);
  const Participation& part = w.part;
  REQUIRE(part.on());
  std::size_t reached = 0;
  // Rows are brought up to date at the start of the next step: the slots given to this step's
  // entrants (w.created) still hold their previous firm's record.
  std::vector<bool> fresh(part.owner.size(), false);
  for (Slot i : w.created) fresh[i] = true;
  for (Slot i = 0; i < part.owner.size(); ++i) {
    if (part.kinds[i] == 0) continue;
    ++reached;
    if (!fresh[i]) CHECK(part.owner[i] == w.firms.uid[i]);  // a row with a record describes the firm in the slot
  }
  // The stale rows of reused slots: at the next step their records move to `retired` and the
  // rows start empty for the entrants.
  std::vector<std::pair<Slot, std::uint32_t>> stale;
  for (Slot i = 0; i < part.owner.size(); ++i)
    if (fresh[i] && part.kinds[i] != 0) stale.emplace_back(i, part.owner[i]);
  const std::size_t retired_before = part.retired.size();
  step(w);
  for (auto [i, old_uid] : stale) {
    CHECK(part.owner[i] == w.firms.uid[i]);
    bool kept = false;
    for (std::size_t k = retired_before; k < part.retired.size(); ++k) kept = kept || part.retired[k].uid == old_uid;
    CHECK(kept);
  }
  CHECK(reached > 0);
  for (const RetiredParticipation& r : part.retired) {
    CHECK(r.kinds != 0);
    CHECK(r.rec.size() == part.tracked.size());
  }
}

namespace {

// Observes the same world month after month with nothing moving (w.step advanced by hand), once
// as it is (the baseline) and once with `effect` workers added to every participant and
// `spill` to every other firm from step `from` (the policy run).
eval::RepEffects static_pair(double effect, double spill, int from) {
  Params p = test::small_params(300, 5);
  p.run.steps = 48;
  World w = make_world(p);
  participation_track(w, Channel::skills_training);
  Firms& f = w.firms;
  for (const auto& m : w.members)
    for (Slot i : m)
      if (f.uid[i] % 3 == 0) w.part.note(i, Channel::skills_training, 0);
  const eval::YearGrid grid(from, 48, 1);
  eval::Panel base(grid, {30, 48}), pol(grid, {30, 48});
  auto shift = [&](double sign) {
    for (const auto& m : w.members)
      for (Slot i : m) f.employees[i] += static_cast<float>(sign * (w.part.kinds[i] ? effect : spill));
  };
  for (int s = 0; s <= 48; ++s) {
    w.step = s;
    base.observe(w);
    if (s >= from) shift(+1);
    pol.observe(w);
    if (s >= from) shift(-1);
  }
  Params mix = p;
  InterventionParams x;
  x.kind = "skills_training";
  mix.interventions.push_back(x);
  return eval::reduce_pair(pol, base, eval::groups_of(mix));
}

}  // namespace

TEST_CASE("without spillovers the evaluator's difference-in-differences is the true effect, and with them it is not") {
  const auto emp = static_cast<std::size_t>(eval::Outcome::employment);
  const int from = 13;
  SUBCASE("no spillover: DiD = true effect = 2 workers in every year after the start") {
    const eval::RepEffects e = static_pair(2.0, 0.0, from);
    REQUIRE(e.participants > 0);
    REQUIRE(e.participants < e.cohort);
    int post = 0;
    for (int y = 0; y < e.years; ++y) {
      if (y - 1 < 0) continue;  // grid.first = -1: year index 0 is year -1, the reference
      const eval::Did& d = e.did[static_cast<std::size_t>(y) * eval::kOutcomes + emp];
      CHECK(d.att == doctest::Approx(2.0));
      CHECK(d.did == doctest::Approx(d.att));
      CHECK(d.spill == doctest::Approx(0.0));
      ++post;
    }
    CHECK(post == 3);
    // The true effect on participants' totals equals 2 workers a participant.
    const eval::Sum& s = e.at(1, eval::kParticipants, emp);
    CHECK(s.s1 - s.s0 == doctest::Approx(2.0 * s.n));
    const eval::Sum& n = e.at(1, eval::kNonParticipants, emp);
    CHECK(n.s1 - n.s0 == doctest::Approx(0.0));
  }
  SUBCASE("a spillover of -0.5 workers on every non-participant: DiD overstates by exactly 0.5") {
    const eval::RepEffects e = static_pair(2.0, -0.5, from);
    for (int y = 1; y < e.years; ++y) {
      const eval::Did& d = e.did[static_cast<std::size_t>(y) * eval::kOutcomes + emp];
      CHECK(d.att == doctest::Approx(2.0));
      CHECK(d.spill == doctest::Approx(-0.5));
      CHECK(d.did == doctest::Approx(2.5));
    }
  }
}
