// Subcontracting (MODEL.md sections 4 and 7; Albino et al.): a firm whose orders exceed its
// capacity passes the excess to linked firms it trusts (at least network.subcontract_trust) that
// have spare capacity, most trusted first. The subcontractor makes the units in production and
// sells them to the contractor's customers at the contractor's price; it passes the contractor a
// margin for the order. Delivered in full, both trust each other more; short, the contractor
// trusts the subcontractor less. Requests are found in parallel and matched serially in slot
// order, so the result does not depend on the thread count.
#include <algorithm>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

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
      return double(f.msg.demand[i]) + standing_demand(w, i) + f.export_qty[i] - f.inventory[i] - capacity_now(w, i);
    };
    const auto short_firms = members_where(w, c, [&](Slot i) { return w.net.degree(i) > 0 && excess_of(i) > 0; });
    // Each short firm's partners, most trusted first, listed in parallel (trust and the
    // contractors' own orders do not change before matching), then matched serially. `first`
    // leaves room for every link of a firm; `listed_n` counts those trusted enough.
    const std::size_t n = short_firms.size();
    std::vector<std::uint32_t> first(n + 1, 0), listed_n(n, 0);
    for (std::size_t k = 0; k < n; ++k) first[k + 1] = first[k] + static_cast<std::uint32_t>(w.net.degree(short_firms[k]));
    std::vector<std::pair<float, Slot>> listed(first[n]);
    for_each_index(w.exec, n, [&](std::size_t k) {
      const Slot i = short_firms[k];
      auto* out = listed.data() + first[k];
      std::uint32_t m = 0;
      for (int l = 0; l < w.net.degree(i); ++l) {
        const float t = w.net.trust_at(i, l, w.step);
        if (t >= N.subcontract_trust) out[m++] = {t, w.net.neighbour(i, l)};
      }
      std::sort(out, out + m, [](auto& a, auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
      listed_n[k] = m;
    });
    for (std::size_t k = 0; k < n; ++k) {
      const Slot i = short_firms[k];
      double need = excess_of(i);
      const std::span<const std::pair<float, Slot>> partners(listed.data() + first[k], listed_n[k]);
      for (const auto& [t, j] : partners) {
        if (need <= 0) break;
        const double spare = capacity_now(w, j) - f.msg.demand[j] - standing_demand(w, j) - f.export_qty[j] - f.sub_in[j];
        if (spare <= 0) continue;
        const double q = std::min(need, spare);
        f.sub_price[j] = static_cast<float>((f.sub_price[j] * f.sub_in[j] + f.price[i] * q) / (f.sub_in[j] + q));
        f.sub_in[j] += static_cast<float>(q);
        f.sub_out[i] += static_cast<float>(q);
        contracts.push_back({i, j, static_cast<float>(q), f.price[i]});
        need -= q;
      }
      // The contractor no longer tries to serve what it passed on.
      f.msg.demand[i] = std::max(0.f, f.msg.demand[i] - f.sub_out[i]);
    }
  }
}

void settle_subcontracts(World& w) {
  Firms& f = w.firms;
  const double margin = w.params.network.subcontract_margin;
  for (const Subcontract& s : w.exports.subcontracts) {
    // A subcontractor short of its commitments delivers the same fraction to each contractor.
    const double fill = f.sub_in[s.sub] > 0 ? std::min(1.0, double(f.msg.sub_done[s.sub]) / f.sub_in[s.sub]) : 0.0;
    const double fee = margin * s.price * s.qty * fill;
    const double paid = std::min(std::max(0.0, f.cash[s.sub]), fee);
    f.cash[s.sub] -= paid;
    f.cash[s.contractor] += paid;
    f.msg.profit[s.sub] -= static_cast<float>(paid);
    f.msg.profit[s.contractor] += static_cast<float>(paid);
    const bool ok = fill >= 0.95;
    trust_pair(w, s.contractor, s.sub, ok);
  }
}

}  // namespace cs
