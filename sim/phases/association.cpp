// The association of each cluster (MODEL.md section 2).
//  - Benefit multiplier g = e (base + (1 - base) s): e its effectiveness, s the membership share
//    of last month (the network effect that makes tipping possible).
//  - A member's expected monthly benefit B_i = g (d m p_input y_i + v R_i): the joint-procurement
//    rebate (d the discount at full strength, m input per unit, y_i output) and the value of
//    information and trade fairs (v a share of revenue R_i).
//  - Every review_months (staggered by uid) a member leaves when B_i < fee; a non-member joins
//    when a_i B_i > fee (a_i its awareness: it must know what the association offers). A member
//    that cannot pay the fee from cash beyond its debt service leaves at once.
//  - Members pay the fee (firm -> association) and receive the procurement rebate, paid by the
//    raw-material suppliers (production cannot be edited, so the discount on inputs bought is
//    settled after the fact as a rebate d g m p_input y_i); their awareness rises by
//    info_awareness g (1 - a). Fee and rebate enter the month's profit.
//  - The programme's capacity-building grant (levers.association_grant) and, in a month it is
//    > 0, its award (levers.association_award) are paid in by purse[association_strengthening]
//    as far as its budget goes (the programme decides who earns the award; here every
//    association receives the lever's amount); the
//    association spends spend_share of its cash on staff (-> households); staff = spend / wage;
//    e moves by `adjust` towards staff / (staff + staff_half), so it decays without income.
//  - Meetings: Poisson(meeting_pairs x e x members / 100) random member pairs a month gain trust
//    (trust_pair, success), creating links (imitation exposure runs over links).
//  - Trade fairs: export visibility += fair_visibility x e x s, at most 3.
//  - Rating = w_e e + w_s s + w_b min(1, cash / (reserve_months x staff spending)).
#include <algorithm>

#include "agents/cluster_institutions.hpp"
#include "core/rng.hpp"
#include "network/trust_update.hpp"
#include "phases/finance.hpp"
#include "phases/phases.hpp"
#include "phases/settle.hpp"

namespace cs {

void association_month(World& w) {
  const AssociationParams& A = w.params.association;
  const double m_pin = w.params.market.input_per_unit * w.env.input_price;
  Firms& f = w.firms;
  Institutions& in = w.inst;
  Associations& as = in.assoc;
  std::uint8_t* flags = in.firm.flags.data();
  const auto t = static_cast<std::uint32_t>(w.step);
  const auto review = static_cast<std::uint32_t>(A.review_months);

  const bool grant_on = w.levers.association_grant > 0;
  // 0 fees paid, 1 rebates received, 2 members.
  const auto sums = all_cluster_sums<3>(w, [&](Slot i, Sums<3>& s) {
    bool member = flags[i] & kAssocMember;
    const bool reviews = (f.uid[i] + t) % review == 0;
    if (!member && !reviews) return;  // most firms, most months: nothing to do
    const std::size_t c = f.cluster[i];
    const double g = as.effectiveness[c] * (A.network_base + (1.0 - A.network_base) * as.share[c]);
    const double benefit = g * (A.procurement_discount * m_pin * f.msg.output[i] + A.info_value * f.revenue[i]);
    if (reviews) member = member ? benefit >= A.fee : f.awareness[i] * benefit > A.fee;
    if (member && f.cash[i] - debt_service(w, i) < A.fee) member = false;
    if (!member) {
      flags[i] &= static_cast<std::uint8_t>(~kAssocMember);
      return;
    }
    // Joined while the programme strengthens the association: reached by that intervention.
    if (!(flags[i] & kAssocMember) && grant_on) w.part.note(i, Channel::association_strengthening, w.step);
    flags[i] |= kAssocMember;
    const double rebate = A.procurement_discount * g * m_pin * f.msg.output[i];
    f.cash[i] += rebate - A.fee;
    f.msg.profit[i] += static_cast<float>(rebate - A.fee);
    f.awareness[i] += static_cast<float>(A.info_awareness * g * (1.0 - f.awareness[i]));
    s[0] += A.fee;
    s[1] += rebate;
    s[2] += 1;
  });

  const AccountId hh = w.ledger.sector(Sector::households);
  Purse& purse = w.levers.purse[idx(Channel::association_strengthening)];
  for (std::size_t c = 0; c < w.clusters.size(); ++c) {
    const AccountId acc = as.account[c];
    w.ledger.from_firms(acc, sums[c][0], Flow::association_fee);
    w.ledger.to_firms(w.ledger.sector(Sector::input_suppliers), sums[c][1], Flow::procurement_rebate);
    const double grant = purse.take(std::max(0.0, w.levers.association_grant));
    w.ledger.transfer(purse.payer, acc, grant, Flow::association_grant);
    w.clusters[c].tally.spending += grant;
    if (w.levers.association_award > 0) {
      const double award = purse.take(w.levers.association_award);
      w.ledger.transfer(purse.payer, acc, award, Flow::association_award);
      w.clusters[c].tally.spending += award;
    }
    const double spend = A.spend_share * std::max(0.0, w.ledger.balance(acc));
    w.ledger.transfer(acc, hh, spend, Flow::association_staff);
    const double staff = spend / A.staff_wage;
    double& e = as.effectiveness[c];
    e = std::clamp(e + A.adjust * (staff / (staff + A.staff_half) - e), 0.0, 1.0);
    const auto& m = w.members[c];
    as.members[c] = sums[c][2];
    as.share[c] = m.empty() ? 0.0 : sums[c][2] / static_cast<double>(m.size());
    as.staff[c] = staff;
    as.spend[c] = spend;
    if (c < w.exports.visibility.size())
      w.exports.visibility[c] = std::min(3.0, w.exports.visibility[c] + A.fair_visibility * e * as.share[c]);
    const double reserve = spend > 0 ? std::min(1.0, w.ledger.balance(acc) / (A.rating_reserve_months * spend)) : 0.0;
    as.rating[c] = std::clamp(A.rating_w_effectiveness * e + A.rating_w_members * as.share[c] + A.rating_w_balance * reserve,
                              0.0, 1.0);

    // Meetings: random member pairs, drawn by rejection from the cluster's firms (bounded tries).
    if (m.size() < 2 || sums[c][2] < 2) continue;
    Rng r(w.params.run.seed, Stream::association, static_cast<std::uint32_t>(c), t);
    const std::uint32_t pairs = r.poisson(A.meeting_pairs * e * sums[c][2] / 100.0);
    if (pairs == 0) continue;
    // Membership by position in the member list, so that a rejected draw reads a byte of a
    // short array instead of a firm's row; the draws do not depend on the meetings' outcomes,
    // so all pairs are drawn first.
    std::vector<std::uint8_t> is_member(m.size());
    for_each_index(w.exec, m.size(), [&](std::size_t k) { is_member[k] = flags[m[k]] & kAssocMember; });
    const auto n = static_cast<std::uint32_t>(m.size());
    auto draw_member = [&]() -> Slot {
      for (int k = 0; k < 64; ++k) {
        const std::uint32_t x = r.below(n);
        if (is_member[x]) return m[x];
      }
      return kNoSlot;
    };
    std::vector<std::pair<Slot, Slot>> meet;
    meet.reserve(pairs);
    for (std::uint32_t p = 0; p < pairs; ++p) {
      const Slot i = draw_member(), j = draw_member();
      if (i != kNoSlot && j != kNoSlot && i != j) meet.emplace_back(i, j);
    }
    trust_pairs(w, meet, true);
  }
}

}  // namespace cs
