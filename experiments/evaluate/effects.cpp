#include "evaluate/effects.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "policies/registry.hpp"

namespace cs::eval {

Groups groups_of(const Params& mix) {
  Groups g;
  g.names = {"participants", "non_participants", "cohort"};
  for (const InterventionParams& x : mix.interventions) {
    if (!x.enabled) continue;
    const policies::Kind* k = policies::find_kind(x.kind);
    if (!k || !channel_reaches_firms(k->channel)) continue;
    if (std::find(g.channels.begin(), g.channels.end(), k->channel) != g.channels.end()) continue;
    g.channels.push_back(k->channel);
    g.names.push_back("participants:" + channel_name(k->channel));
  }
  return g;
}

namespace {

// Running sums of one term of the difference-in-differences for one group.
struct Mean {
  double n = 0, s = 0;
  void add(double a, double b) {
    if (std::isfinite(a) && std::isfinite(b)) {
      n += 1;
      s += a - b;
    }
  }
  double get() const { return n > 0 ? s / n : std::numeric_limits<double>::quiet_NaN(); }
};

}  // namespace

RepEffects reduce_pair(const Panel& pol, const Panel& base, const Groups& groups) {
  if (pol.uids() != base.uids())
    throw std::logic_error("the policy run and its baseline have different firms at the programme's start");
  const YearGrid& G = pol.grid();
  RepEffects r;
  r.years = G.count();
  r.groups = groups.size();
  const auto ny = static_cast<std::size_t>(r.years);
  r.firm.assign(ny * r.groups * kOutcomes, Sum{});
  r.entrants.assign(ny * kOutcomes, Sum{});
  r.cluster.assign(ny * kOutcomes, Sum{});
  r.did.assign(ny * kOutcomes, Did{});
  const std::size_t n = pol.cohort();
  const Reach& reach = pol.reach();
  r.cohort = static_cast<double>(n);

  // Group membership of each cohort firm, as a bit set over the groups.
  std::vector<std::uint64_t> member(n, 0);
  for (std::size_t k = 0; k < n; ++k) {
    const std::uint16_t kinds = k < reach.kinds.size() ? reach.kinds[k] : 0;
    std::uint64_t m = (1ull << kCohort) | (1ull << (kinds ? kParticipants : kNonParticipants));
    for (std::size_t j = 0; j < groups.channels.size(); ++j)
      if (kinds & (1u << idx(groups.channels[j]))) m |= 1ull << (3 + j);
    member[k] = m;
    if (kinds) r.participants += 1;
    for (std::size_t c = 0; c < channel_count; ++c)
      if (kinds & (1u << c)) {
        r.reached[c] += 1;
        r.amount[c] += reach.amount[k][c];
      }
  }
  r.entrant_reached = reach.entrant_firms;
  r.entrant_amount = reach.entrant_amount;

  const int ref = -1 - G.first;  // year index of year -1
  const bool have_ref = ref >= 0 && ref < r.years && G.from(-1) > G.cohort_step;
  for (int y = 0; y < r.years; ++y) {
    const int year = G.first + y;
    const int months = G.months(year);
    const auto yu = static_cast<std::size_t>(y);
    for (std::size_t o = 0; o < kOutcomes; ++o) {
      const auto out = static_cast<Outcome>(o);
      Sum& e = r.entrants[yu * kOutcomes + o];
      e.s1 = outcome_value(pol.entrants()[yu], out, months);
      e.s0 = outcome_value(base.entrants()[yu], out, months);
      Sum& c = r.cluster[yu * kOutcomes + o];
      c.s1 = outcome_value(pol.cluster()[yu], out, months);
      c.s0 = outcome_value(base.cluster()[yu], out, months);
    }
    if (G.from(year) <= G.cohort_step) continue;  // before the cohort: cluster totals only
    const int rmonths = have_ref ? G.months(-1) : 0;
    for (std::size_t o = 0; o < kOutcomes; ++o) {
      const auto out = static_cast<Outcome>(o);
      Mean d1[2], d0[2], ek[2], er[2];
      for (std::size_t k = 0; k < n; ++k) {
        const double v1 = outcome_value(pol.at(k, y), out, months), v0 = outcome_value(base.at(k, y), out, months);
        if (std::isfinite(v1) && std::isfinite(v0))
          for (std::size_t g = 0; g < r.groups; ++g)
            if (member[k] >> g & 1) {
              Sum& s = r.at(y, g, o);
              s.n += 1;
              s.s1 += v1;
              s.s0 += v0;
            }
        if (!have_ref) continue;
        const int side = (member[k] >> kParticipants & 1) ? 0 : 1;
        const double r1 = outcome_value(pol.at(k, ref), out, rmonths), r0 = outcome_value(base.at(k, ref), out, rmonths);
        d1[side].add(v1, r1);
        d0[side].add(v0, r0);
        ek[side].add(v1, v0);
        er[side].add(r1, r0);
      }
      if (!have_ref) continue;
      Did& d = r.did[yu * kOutcomes + o];
      d.did = d1[0].get() - d1[1].get();
      d.att = ek[0].get();
      d.spill = ek[1].get();
      d.sel = d0[0].get() - d0[1].get();
      d.pre = er[0].get() - er[1].get();
    }
  }

  // Jobs kept by survival at the horizons.
  for (std::size_t h = 0; h < 2; ++h)
    for (std::size_t k = 0; k < n; ++k) {
      const bool a1 = pol.alive_at(h, k), a0 = base.alive_at(h, k);
      if (a1 && !a0) r.saved[h] += pol.employment_at(h, k);
      if (!a1 && a0) r.lost[h] += base.employment_at(h, k);
    }
  return r;
}

}  // namespace cs::eval
