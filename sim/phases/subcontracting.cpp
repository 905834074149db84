// Subcontracting (MODEL.md sections 4 and 7; Albino et al.): a firm whose orders exceed its
// capacity passes the excess to linked firms it trusts (at least network.subcontract_trust) that
// have spare capacity, most trusted first. The subcontractor makes the units in production and
// sells them to the contractor's customers at the contractor's price; it passes the contractor a
// margin for the order. Delivered in full, both trust each other more; short, the contractor
// trusts the subcontractor less. Requests are found in parallel and matched serially in slot
// order, so the result does not depend on the thread count.
#include <algorithm>

#include "network/trust_update.hpp"
#include "phases/market.hpp"
#include "phases/phases.hpp"
#include "phases/settle.hpp"

namespace cs {

namespace {

double capacity_now(const World& w, Slot i) {
  return capacity(w.firms, i, w.params.tech.capital_per_unit) * w.env.power_mult;
}

}  // namespace

void phase_subcontracting(World& w) {
  Firms& f = w.firms;
  const auto& N = w.params.network;
  auto& contracts = w.exports.subcontracts;
  // Only last month's parties hold subcontract state (production rewrites sub_done for all), so
  // resetting them is enough; no pass over the whole firm table.
  for (const Subcontract& s : contracts)
    for (Slot i : {s.contractor, s.sub}) f.sub_in[i] = f.sub_out[i] = f.sub_price[i] = 0;
  contracts.clear();
  for (std::size_t c = 0; c < w.clusters.size(); ++c) {
    auto excess_of = [&](Slot i) {
      return double(f.demand[i]) + standing_demand(w, i) + f.export_qty[i] - f.inventory[i] - capacity_now(w, i);
    };
    const auto short_firms = members_where(w, c, [&](Slot i) { return w.net.degree(i) > 0 && excess_of(i) > 0; });
    for (Slot i : short_firms) {
      double need = excess_of(i);
      std::vector<std::pair<float, Slot>> partners;
      for (int k = 0; k < w.net.degree(i); ++k) {
        const float t = w.net.trust_at(i, k, w.step);
        if (t >= N.subcontract_trust) partners.push_back({t, w.net.neighbour(i, k)});
      }
      std::sort(partners.begin(), partners.end(),
                [](auto& a, auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
      for (const auto& [t, j] : partners) {
        if (need <= 0) break;
        const double spare = capacity_now(w, j) - f.demand[j] - standing_demand(w, j) - f.export_qty[j] - f.sub_in[j];
        if (spare <= 0) continue;
        const double q = std::min(need, spare);
        f.sub_price[j] = static_cast<float>((f.sub_price[j] * f.sub_in[j] + f.price[i] * q) / (f.sub_in[j] + q));
        f.sub_in[j] += static_cast<float>(q);
        f.sub_out[i] += static_cast<float>(q);
        contracts.push_back({i, j, static_cast<float>(q), f.price[i]});
        need -= q;
      }
      // The contractor no longer tries to serve what it passed on.
      f.demand[i] = std::max(0.f, f.demand[i] - f.sub_out[i]);
    }
  }
}

void settle_subcontracts(World& w) {
  Firms& f = w.firms;
  const double margin = w.params.network.subcontract_margin;
  for (const Subcontract& s : w.exports.subcontracts) {
    // A subcontractor short of its commitments delivers the same fraction to each contractor.
    const double fill = f.sub_in[s.sub] > 0 ? std::min(1.0, double(f.sub_done[s.sub]) / f.sub_in[s.sub]) : 0.0;
    const double fee = margin * s.price * s.qty * fill;
    const double paid = std::min(std::max(0.0, f.cash[s.sub]), fee);
    f.cash[s.sub] -= paid;
    f.cash[s.contractor] += paid;
    f.profit[s.sub] -= static_cast<float>(paid);
    f.profit[s.contractor] += static_cast<float>(paid);
    const bool ok = fill >= 0.95;
    trust_pair(w, s.contractor, s.sub, ok);
  }
}

}  // namespace cs
