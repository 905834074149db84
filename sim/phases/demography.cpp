// Demography (MODEL.md section 8): exits marked during the step are settled here (receivables
// collected, bank and moneylenders paid from cash, collateral recovered, the rest written off,
// links removed); entrants and spin-offs are created; shares are renormalised.
#include <algorithm>
#include <cmath>
#include <utility>

#include "core/rng.hpp"
#include "phases/entry.hpp"
#include "phases/finance.hpp"
#include "observe/observe.hpp"
#include "phases/phases.hpp"
#include "phases/settle.hpp"

namespace cs {

namespace {

void settle_exit(World& w, Slot i, const FirmOrders& firm_orders) {
  Firms& f = w.firms;
  const auto& F = w.params.finance;
  ClusterState& cl = w.clusters[f.cluster[i]];
  Ledger& L = w.ledger;
  if (!f.direct[i]) {
    const double due = f.recv[0][i] + f.recv[1][i] + f.recv[2][i];
    L.to_firms(w.agents.account[cl.first_agent + f.agent[i]], due, Flow::agent_payment);
    f.cash[i] += due;
    f.recv[0][i] = f.recv[1][i] = f.recv[2][i] = 0;
  }
  const std::size_t k = cl.first_bank + f.bank[i];
  const AccountId bank = w.banks.account[k];
  const double pay = std::min(std::max(0.0, f.cash[i]), f.debt[i]);
  f.cash[i] -= pay;
  L.from_firms(bank, pay, Flow::repayment);
  const double rest = f.debt[i] - pay;
  const double recovered = std::min(rest, F.haircut * F.collateral_share * f.capital[i]);
  L.transfer(L.sector(Sector::machinery_suppliers), bank, recovered, Flow::collateral_recovery);
  const double loss = rest - recovered;
  // The guarantee fund pays cover x the loss on the covered part of the debt while its budget
  // (and the firm's cluster's share of it, when the fund is allocated by cluster) lasts; beyond
  // it the bank bears the loss.
  const double covered = std::min(double(f.debt[i]), guarantee_limit(w, i));
  const double asked = f.debt[i] > 0 && covered > 0 ? w.levers.guarantee_cover * loss * (covered / f.debt[i]) : 0.0;
  Purse& fund = w.levers.purse[idx(Channel::credit_guarantee)];
  const double claim = asked > 0 ? fund.take(asked, f.cluster[i]) : 0.0;
  L.transfer(fund.payer, bank, claim, Flow::guarantee_claim);
  cl.tally.guarantee_claims += claim;
  cl.tally.spending += claim;
  w.banks.bad_debt[k] += loss - claim;
  w.banks.loans[k] -= f.debt[i];
  if (f.msg.exit_mark[i] == static_cast<std::uint8_t>(ExitReason::npa)) w.banks.npa_count[k] += 1;
  f.debt[i] = 0;

  const double pay_inf = std::min(std::max(0.0, f.cash[i]), f.debt_inf[i]);
  f.cash[i] -= pay_inf;
  L.from_firms(cl.informal, pay_inf, Flow::informal_repayment);
  cl.informal_book -= f.debt_inf[i];
  f.debt_inf[i] = 0;

  L.from_firms(L.sector(Sector::households), f.cash[i], Flow::exit_settlement);
  f.cash[i] = 0;
  leave_exports(w, i, firm_orders);
  w.net.remove_all(i);
  f.alive[i] = 0;
  ++cl.exits;
  ++cl.exits_by[f.msg.exit_mark[i]];
}

// Per member of a cluster (in member order): its neighbourhood if it is alive, else kGone. The
// entrants' link tries read this one byte per try instead of the member's row (a miss anywhere
// in the table); members do not change while firms enter.
constexpr std::uint8_t kGone = 0xFF;  // neighbourhood ids stop at 254 (params: at most 255 of them)
std::vector<std::uint8_t> member_places(const World& w, std::size_t c) {
  const auto& m = w.members[c];
  std::vector<std::uint8_t> nb(m.size());
  for_each_index(w.exec, m.size(), [&](std::size_t k) {
    nb[k] = w.firms.alive[m[k]] ? w.firms.neighbourhood[m[k]] : kGone;
  });
  return nb;
}

// A firm about to enter: its seed, its parent (spin-offs), its traits and the members (indices
// in the cluster's member list) of its neighbourhood it will try to link to, in the order drawn.
constexpr int kLinkTries = 20;
struct Entrant {
  FirmSeed seed;
  Slot parent = kNoSlot;
  FirmTraits traits;
  std::uint8_t tries = 0;
  std::uint32_t partner[kLinkTries];
};

// Draws each entrant's traits and link tries (kLinkTries members at random, keeping those alive
// in its neighbourhood; `places`: member_places of the cluster) from its streams, keyed by the
// uid it will get: `first_uid` + its index. In parallel: no draw depends on another entrant.
void draw_entrants(const World& w, std::size_t c, const std::vector<std::uint8_t>& places, std::uint32_t first_uid,
                   std::vector<Entrant>& entrants) {
  const auto size = static_cast<std::uint32_t>(w.members[c].size());
  for_each_index(w.exec, entrants.size(), [&](std::size_t e) {
    Entrant& x = entrants[e];
    const std::uint32_t uid = first_uid + static_cast<std::uint32_t>(e);
    x.traits = draw_traits(w, c, uid, true);
    if (size == 0) return;
    Rng r(w.params.run.seed, Stream::entry_links, uid, static_cast<std::uint32_t>(w.step));
    for (int t = 0; t < kLinkTries; ++t) {
      const std::uint32_t k = r.below(size);
      if (places[k] == x.seed.neighbourhood) x.partner[x.tries++] = k;
    }
  }, 64);
}

// A new firm, linked to its parent (spin-offs) and to the first mean_degree / 2 partners of its
// link tries that have room for the link.
Slot enter(World& w, std::size_t c, const Entrant& x) {
  const auto& P = w.params;
  FirmSeed s = x.seed;
  s.cluster = c;
  s.birth = w.step;
  s.employees = P.demography.entrant_size;
  const Slot i = create_firm(w, s, x.traits, true);
  const auto& m = w.members[c];
  if (x.parent != kNoSlot) w.net.add(i, x.parent, static_cast<float>(std::min(1.0, P.network.trust_init + 0.2)), w.step);
  for (int l = 0, t = 0; l < P.network.mean_degree / 2 && t < x.tries; ++t)
    if (w.net.add(i, m[x.partner[t]], static_cast<float>(P.network.trust_init), w.step)) ++l;
  return i;
}

}  // namespace

void phase_demography(World& w) {
  const Params& P = w.params;
  const auto& D = P.demography;
  Firms& f = w.firms;
  w.created.clear();
  for (auto& b : w.banks.bad_debt) b *= 11.0 / 12.0;  // a 12-month memory of write-offs
  for (auto& n : w.banks.npa_count) n = 0;

  std::vector<Slot> exited;
  std::vector<std::vector<Slot>> entered(w.clusters.size());
  const FirmOrders firm_orders = single_firm_orders(w);
  for (std::size_t c = 0; c < w.clusters.size(); ++c) {
    ClusterState& cl = w.clusters[c];
    cl.exits = cl.entries = 0;
    std::fill(std::begin(cl.exits_by), std::end(cl.exits_by), 0u);
    for (Slot i : w.members[c])
      if (f.msg.exit_mark[i]) {
        settle_exit(w, i, firm_orders);
        exited.push_back(i);
      }
  }

  for (std::size_t c = 0; c < w.clusters.size(); ++c) {
    ClusterState& cl = w.clusters[c];
    const auto places = member_places(w, c);
    const double alive = static_cast<double>(w.members[c].size() - cl.exits);
    double prod_sum = 0;
    for (Slot i : w.members[c]) prod_sum += f.alive[i] ? f.prod[i] : 0.0;
    const double prod_mean = alive > 0 ? prod_sum / alive : P.firm_init.productivity_mean;
    const double share0 = D.entrant_share / std::max(1.0, alive);
    // Entrants: Poisson(entry_rate x firms x max(0, profit rate) / reference profit rate).
    std::vector<Entrant> entrants;
    Rng r(P.run.seed, Stream::entry, static_cast<std::uint32_t>(c), static_cast<std::uint32_t>(w.step));
    const std::uint32_t n = r.poisson(D.entry_rate * alive * std::max(0.0, cl.profit_rate) / D.profit_ref);
    for (std::uint32_t k = 0; k < n; ++k) {
      Entrant& e = entrants.emplace_back();
      FirmSeed& s = e.seed;
      s.neighbourhood = static_cast<std::uint8_t>(r.below(static_cast<std::uint32_t>(cl.nb_x.size())));
      s.x = static_cast<float>(std::clamp(cl.nb_x[s.neighbourhood] + r.normal(0, 0.05 * cl.area), 0.0, cl.area));
      s.y = static_cast<float>(std::clamp(cl.nb_y[s.neighbourhood] + r.normal(0, 0.05 * cl.area), 0.0, cl.area));
      const double sd = P.firm_init.productivity_sd;
      s.prod = prod_mean * std::exp(sd * r.normal() - 0.5 * sd * sd);
      s.share = share0;
    }
    // Spin-offs: employees of a profitable firm start a small firm next to it, with its vintage
    // (plus noise) and a trust link to it.
    for (Slot i : members_where(w, c, [&](Slot j) { return f.alive[j] && f.msg.spawn[j]; })) {
      Rng rs(P.run.seed, Stream::spinoff, f.uid[i], static_cast<std::uint32_t>(w.step));
      rs.discard(2);  // the uniform that decided the spin-off (accounting)
      Entrant& e = entrants.emplace_back();
      e.parent = i;
      FirmSeed& s = e.seed;
      s.neighbourhood = f.neighbourhood[i];
      s.x = static_cast<float>(std::clamp(f.x[i] + rs.normal(0, 0.1), 0.0, cl.area));
      s.y = static_cast<float>(std::clamp(f.y[i] + rs.normal(0, 0.1), 0.0, cl.area));
      s.prod = f.prod[i] * std::exp(D.spinoff_noise * rs.normal());
      s.share = share0;
    }
    // Entrants take uids in order (create_firm), so their draws can be made first.
    draw_entrants(w, c, places, w.next_uid, entrants);
    for (const Entrant& e : entrants) entered[c].push_back(enter(w, c, e));
    cl.entries += static_cast<std::uint32_t>(entrants.size());
  }

  for (auto& m : f.msg.exit_mark) m = 0;
  update_members(w, std::move(exited), entered);
  // Exits free their shares and entrants take some: renormalise within each cluster.
  const auto total = all_cluster_sums<1>(w, [&](Slot i, Sums<1>& s) { s[0] += f.share[i]; });
  for_each_firm(w, [&](Slot i) {
    // share_prev is rescaled too, so the markup rule does not read renormalisation as growth.
    const double t = total[f.cluster[i]][0];
    if (t > 0) {
      f.share[i] /= t;
      f.share_prev[i] /= t;
    }
  });
}

}  // namespace cs
