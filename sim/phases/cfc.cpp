// Common Facility Centres (MODEL.md section 2), created only through the levers.
//  SPV: while levers.cfc_requested and levers.collective_ready, each month the cluster
//   levers.cfc_cluster tries to form one.
//   Willing firms: mobilised by the CDA, or awareness >= spv_awareness. They are ranked
//   mobilised first, then by what they can pay (min(max_equity_share x net worth, cash beyond
//   debt service)), then slot; the first max_members are asked for equal shares of the members'
//   part (1 - levers.cfc_grant_share) x cost; those who cannot pay are dropped and the share
//   recomputed until all can. It forms if at least min_members remain and the mean trust over
//   the linked pairs among them is >= spv_trust (0 when none is linked). Then: contributions
//   (firm -> CFC), the grant (purse[cfc] -> CFC; when the purse cannot pay the whole grant the
//   SPV does not form this month), the facility bought (CFC -> machinery suppliers). One CFC per request: another forms only after the lever went off and on again.
//  Construction: it opens build_months later with capacity capacity_per_lakh x cost (units a
//   month), O&M om_share x cost a month (CFC -> households; purse[cfc] pays it in, as far as
//   its budget goes, for levers.cfc_om_support_months after opening), book value depreciating at `depreciation`
//   (no cash flow).
//  Use: every firm of the cluster requests in parallel; requests are served members first,
//   then others, each group in slot order, until capacity is used up (divisible requests are cut,
//   one-off jobs are all or nothing). Users pay fee_per_unit per unit (firm -> CFC). Kinds:
//   0 tool room: request last month's output when wage (1/A_eff - 1/A_cfc) > fee; effect
//     A_v += tool_learning x processed share x (A_cfc - A_v), A_cfc = tool_ratio x frontier at opening;
//   1 testing lab: a certificate (test_units) when it expires within renewal_months and
//     cert_value x revenue x horizon > fee; effect cert_until = now + firms.certificate_months;
//   2 effluent treatment: output when compliance_value + expected fine / output > fee, the
//     expected fine being effluent_enforcement x effluent_fine a month; compliant this month if
//     all of it was treated (a flag);
//   3 raw-material bank: output when rm_discount m p_input > fee; effect a rebate
//     rm_discount m p_input x processed units from the raw-material suppliers;
//   4 design studio: a job (design_units) every design_repeat_months when
//     design_gain (1 - q) design_value revenue horizon > fee; effect q += design_gain (1 - q).
//  Enforcement (when effluent_enforcement > 0): each month every polluting firm (output > 0)
//   not compliant (no effluent CFC in its cluster treated all of its output this month) is
//   inspected with probability effluent_enforcement (stream effluent_enforcement) and pays
//   effluent_fine, within its cash, to the government (flow effluent_fine).
//  Closure: after O&M support, revenue below O&M for close_months months in a row closes it;
//   its cash goes to the members in proportion to their contributions (exited members' part
//   to households).
#include <algorithm>
#include <string>

#include "agents/cluster_institutions.hpp"
#include "core/rng.hpp"
#include "phases/finance.hpp"
#include "phases/phases.hpp"
#include "phases/settle.hpp"

namespace cs {

namespace {

struct Req {
  Slot slot;
  double units;
  bool member;
};

bool is_member(const Cfc& k, const Firms& f, Slot i) {
  const auto it = std::lower_bound(k.members.begin(), k.members.end(), i);
  return it != k.members.end() && *it == i && holds(f, i, k.member_uid[it - k.members.begin()]);
}

void try_form(World& w, std::size_t c) {
  const CfcParams& C = w.params.cfc;
  const Levers& L = w.levers;
  Firms& f = w.firms;
  const auto& flags = w.inst.firm.flags;
  struct Cand {
    Slot slot;
    double can_pay;
    bool mobilised;
  };
  std::vector<Cand> cand;
  for (Slot i : w.members[c]) {
    const bool mob = flags[i] & kMobilised;
    if (f.msg.exit_mark[i] || !(mob || f.awareness[i] >= C.spv_awareness)) continue;
    const double pay = std::min(C.max_equity_share * net_worth(f, i), f.cash[i] - debt_service(w, i));
    if (pay > 0) cand.push_back({i, pay, mob});
  }
  if (static_cast<int>(cand.size()) < C.min_members) return;
  std::sort(cand.begin(), cand.end(), [](const Cand& a, const Cand& b) {
    if (a.mobilised != b.mobilised) return a.mobilised;
    return a.can_pay != b.can_pay ? a.can_pay > b.can_pay : a.slot < b.slot;
  });
  if (static_cast<int>(cand.size()) > C.max_members) cand.resize(C.max_members);
  const double members_part = std::max(0.0, 1.0 - L.cfc_grant_share) * L.cfc_project_cost;
  for (;;) {
    const double each = members_part / static_cast<double>(std::max<std::size_t>(1, cand.size()));
    const auto keep = std::remove_if(cand.begin(), cand.end(), [each](const Cand& x) { return x.can_pay < each; });
    if (keep == cand.end()) break;
    cand.erase(keep, cand.end());
    if (static_cast<int>(cand.size()) < C.min_members) return;
  }
  std::vector<Slot> mem;
  for (const Cand& x : cand) mem.push_back(x.slot);
  std::sort(mem.begin(), mem.end());
  double trust = 0, pairs = 0;
  for (Slot i : mem)
    for (int l = 0; l < w.net.degree(i); ++l) {
      const Slot j = w.net.neighbour(i, l);
      if (j > i && std::binary_search(mem.begin(), mem.end(), j)) {
        trust += w.net.trust_at(i, l, w.step);
        pairs += 1;
      }
    }
  if ((pairs > 0 ? trust / pairs : 0.0) < C.spv_trust) return;
  Purse& purse = w.levers.purse[idx(Channel::cfc)];
  const double grant_due = L.cfc_grant_share * L.cfc_project_cost;
  if (purse.share_of(grant_due) < 1.0) return;  // the programme cannot pay the grant this month

  Cfc k;
  k.cluster = static_cast<std::uint32_t>(c);
  k.kind = std::clamp(L.cfc_kind, 0, 4);
  k.account = w.ledger.open(w.clusters[c].name + "/cfc" + std::to_string(w.inst.cfcs.size()), 0.0);
  k.cost = k.book = L.cfc_project_cost;
  k.capacity = C.capacity_per_lakh * k.cost;
  k.om = C.om_share * k.cost;
  k.formed = w.step;
  k.opens = w.step + C.build_months;
  k.support_until = k.opens + static_cast<int>(L.cfc_om_support_months);
  const double each = members_part / static_cast<double>(mem.size());
  for (Slot i : mem) {
    f.cash[i] -= each;
    w.part.note(i, Channel::cfc, w.step);  // joined the SPV of a facility the programme funds
    k.members.push_back(i);
    k.member_uid.push_back(f.uid[i]);
    k.contribution.push_back(each);
  }
  w.ledger.from_firms(k.account, each * static_cast<double>(mem.size()), Flow::cfc_contribution);
  const double grant = purse.take(grant_due);
  w.ledger.transfer(purse.payer, k.account, grant, Flow::cfc_grant);
  w.clusters[c].tally.spending += grant;
  w.ledger.transfer(k.account, w.ledger.sector(Sector::machinery_suppliers),
                    std::min(k.cost, w.ledger.balance(k.account)), Flow::cfc_capital);
  w.inst.cfcs.push_back(std::move(k));
  w.inst.cfc_done[c] = 1;
}

void close(World& w, Cfc& k) {
  Firms& f = w.firms;
  const double bal = std::max(0.0, w.ledger.balance(k.account));
  double total = 0, paid = 0;
  for (double x : k.contribution) total += x;
  for (std::size_t m = 0; m < k.members.size() && total > 0; ++m) {
    const Slot i = k.members[m];
    if (!holds(f, i, k.member_uid[m])) continue;
    const double x = bal * k.contribution[m] / total;
    f.cash[i] += x;
    paid += x;
  }
  w.ledger.to_firms(k.account, paid, Flow::cfc_refund);
  w.ledger.transfer(k.account, w.ledger.sector(Sector::households), w.ledger.balance(k.account), Flow::cfc_refund);
  k.stage = CfcStage::closed;
  k.closed = w.step;
}

void operate(World& w, Cfc& k) {
  const CfcParams& C = w.params.cfc;
  Firms& f = w.firms;
  auto& st = w.inst.firm;
  const int t = w.step;
  const double fee = C.fee_per_unit, m_pin = w.params.market.input_per_unit * w.env.input_price;
  const double fine_expected = C.effluent_enforcement * C.effluent_fine;  // a month, when not compliant
  const auto& m = w.members[k.cluster];
  // Requests, in parallel; blocks are concatenated in slot order.
  auto reqs = det_reduce(
      w.exec, m.size(), std::vector<Req>{},
      [&](std::size_t b, std::size_t e) {
        std::vector<Req> out;
        for (std::size_t x = b; x < e; ++x) {
          const Slot i = m[x];
          if (k.kind == 2) st.flags[i] &= static_cast<std::uint8_t>(~kCompliant);
          const double spend = f.cash[i] - debt_service(w, i);
          if (f.msg.exit_mark[i] || spend <= 0 || fee <= 0) continue;
          const double rev = f.revenue[i], cap_units = spend / fee;
          double units = 0;
          switch (k.kind) {
            case 0:
              if (w.params.market.wage * std::max(0.0, 1.0 / eff_prod(f, i) - 1.0 / k.tech) > fee) units = f.msg.output[i];
              break;
            case 1:
              if (f.cert_until[i] - t <= C.renewal_months && C.cert_value * rev * C.horizon_months > fee * C.test_units)
                units = C.test_units;
              break;
            case 2: {  // compliance is worth compliance_value a unit plus the fine it avoids
              const double out = f.msg.output[i];
              if (C.compliance_value > fee || (fine_expected > 0 && C.compliance_value * out + fine_expected > fee * out))
                units = out;
              break;
            }
            case 3:
              if (C.rm_discount * m_pin > fee) units = f.msg.output[i];
              break;
            default:
              if (t - st.last_design[i] >= C.design_repeat_months &&
                  C.design_gain * (1.0 - f.quality[i]) * C.design_value * rev * C.horizon_months > fee * C.design_units)
                units = C.design_units;
          }
          const bool job = k.kind == 1 || k.kind == 4;
          if (job ? units > cap_units : false) continue;
          units = std::min(units, cap_units);
          if (units > 0) out.push_back({i, units, is_member(k, f, i)});
        }
        return out;
      },
      [](std::vector<Req>& a, const std::vector<Req>& b) { a.insert(a.end(), b.begin(), b.end()); }, 16384);

  double left = k.capacity, fees = 0, rebates = 0;
  k.used = 0;
  k.users = 0;
  const bool job = k.kind == 1 || k.kind == 4;
  for (int pass = 0; pass < 2; ++pass)
    for (const Req& q : reqs) {
      if (q.member != (pass == 0) || left <= 0) continue;
      const double got = job ? (q.units <= left ? q.units : 0.0) : std::min(q.units, left);
      if (got <= 0) continue;
      const Slot i = q.slot;
      left -= got;
      k.used += got;
      k.users += 1;
      const double pay = got * fee;
      w.part.note(i, Channel::cfc, t, pay);  // used the facility (amount: the service at its fees)
      double gain = 0;
      switch (k.kind) {
        case 0:
          if (f.msg.output[i] > 0 && k.tech > f.prod[i])
            f.prod[i] += static_cast<float>(C.tool_learning * std::min(1.0, got / f.msg.output[i]) * (k.tech - f.prod[i]));
          break;
        case 1: f.cert_until[i] = t + w.params.firm_init.certificate_months; break;
        case 2:
          if (got >= q.units) st.flags[i] |= kCompliant;
          break;
        case 3: gain = C.rm_discount * m_pin * got; break;
        default:
          f.quality[i] += static_cast<float>(C.design_gain * (1.0 - f.quality[i]));
          st.last_design[i] = t;
      }
      f.cash[i] += gain - pay;
      f.msg.profit[i] += static_cast<float>(gain - pay);
      fees += pay;
      rebates += gain;
    }
  k.revenue = fees;
  w.ledger.from_firms(k.account, fees, Flow::cfc_fee);
  w.ledger.to_firms(w.ledger.sector(Sector::input_suppliers), rebates, Flow::cfc_rebate);
}

// Inspections of non-compliant polluting firms; `treated[c]`: an effluent CFC of cluster c
// operated this month (so its users' compliance flags are current).
void enforce_effluent(World& w, const std::vector<std::uint8_t>& treated) {
  const CfcParams& C = w.params.cfc;
  Institutions& in = w.inst;
  if (C.effluent_enforcement <= 0 || C.effluent_fine <= 0) return;
  Firms& f = w.firms;
  const auto& flags = in.firm.flags;
  const auto seed = w.params.run.seed;
  const auto t = static_cast<std::uint32_t>(w.step);
  const auto fines = all_cluster_sums<2>(w, [&](Slot i, Sums<2>& s) {
    if (f.msg.exit_mark[i] || f.msg.output[i] <= 0 || (treated[f.cluster[i]] && (flags[i] & kCompliant))) return;
    Rng r(seed, Stream::effluent_enforcement, f.uid[i], t);
    if (!r.bernoulli(C.effluent_enforcement)) return;
    const double fine = std::min(std::max(0.0, f.cash[i]), C.effluent_fine);
    f.cash[i] -= fine;
    f.msg.profit[i] -= static_cast<float>(fine);
    s[0] += fine;
    s[1] += 1;
  });
  const AccountId gov = w.ledger.sector(Sector::government);
  for (std::size_t c = 0; c < w.clusters.size(); ++c) {
    w.ledger.from_firms(gov, fines[c][0], Flow::effluent_fine);
    in.effluent_fines[c] = fines[c][0];
    in.effluent_fined[c] = fines[c][1];
  }
}

}  // namespace

void cfc_month(World& w) {
  const Levers& L = w.levers;
  Institutions& in = w.inst;
  for (std::size_t c = 0; c < w.clusters.size(); ++c)
    if (!L.cfc_requested || static_cast<std::size_t>(L.cfc_cluster) != c) in.cfc_done[c] = 0;
  if (L.collective_ready && L.cfc_requested && L.cfc_cluster >= 0 && static_cast<std::size_t>(L.cfc_cluster) < w.clusters.size() &&
      !in.cfc_done[L.cfc_cluster] && L.cfc_project_cost > 0)
    try_form(w, static_cast<std::size_t>(L.cfc_cluster));

  const CfcParams& C = w.params.cfc;
  const AccountId hh = w.ledger.sector(Sector::households);
  Purse& purse = w.levers.purse[idx(Channel::cfc)];
  std::vector<std::uint8_t> treated(w.clusters.size(), 0);
  for (Cfc& k : in.cfcs) {
    k.used = k.revenue = 0;
    k.users = 0;
    if (k.stage == CfcStage::closed || w.step < k.opens) continue;
    if (k.stage == CfcStage::building) {
      k.stage = CfcStage::open;
      k.tech = C.tool_ratio * w.env.frontier_prod;
    }
    k.book *= 1.0 - C.depreciation;
    if (w.step < k.support_until) {
      const double g = purse.take(k.om);
      w.ledger.transfer(purse.payer, k.account, g, Flow::cfc_om_support);
      w.clusters[k.cluster].tally.spending += g;
    }
    operate(w, k);
    if (k.kind == 2) treated[k.cluster] = 1;
    w.ledger.transfer(k.account, hh, std::min(k.om, std::max(0.0, w.ledger.balance(k.account))), Flow::cfc_om);
    if (w.step >= k.support_until) {
      k.low_months = k.revenue < k.om ? k.low_months + 1 : 0;
      if (k.low_months >= C.close_months) close(w, k);
    }
  }
  enforce_effluent(w, treated);
}

}  // namespace cs
