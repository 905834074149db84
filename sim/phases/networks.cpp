// Phase 9, networks (MODEL.md section 7): consortia break when members defect and form where
// mutual trust is high. Defection: each month a member leaves with probability
// rate x opportunism x (1 - its mean trust in the other members); the others' trust in it falls.
// Formation: a firm outside any consortium tries with probability form_rate; it invites the linked
// firms it trusts at least `consortium_trust`, most trusted first, up to the maximum size; with at
// least the minimum it forms, and members not yet linked get a link. Candidates are drawn in
// parallel; the graph changes are applied serially in slot order.
// Every consortium formed (spontaneously here or brokered by the CDA) receives the seed grant
// levers.consortium_grant, paid by purse[consortia] (what is left of it) to its lead firm.
#include <algorithm>
#include <functional>

#include "core/rng.hpp"
#include "network/trust_update.hpp"
#include "phases/phases.hpp"
#include "phases/settle.hpp"

namespace cs {

namespace {

void dissolve(World& w, std::uint32_t k) {
  Consortium& c = w.exports.consortia[k];
  if (c.busy) {
    for (Order& o : w.exports.orders) {
      if (o.active && o.consortium == k) {
        for (Slot i : c.members) w.firms.export_qty[i] = w.firms.export_price[i] = 0;
        o.active = false;
        double& vis = w.exports.visibility[o.cluster];
        vis = std::max(0.2, vis - w.params.exports.visibility_loss);
      }
    }
  }
  for (Slot i : c.members) w.firms.consortium[i] = kNoConsortium;
  c.members.clear();
  c.alive = c.busy = false;
  auto& fr = w.exports.free_consortia;  // kept descending: the lowest index is reused first
  fr.insert(std::upper_bound(fr.begin(), fr.end(), k, std::greater<>()), k);
}

void defections(World& w) {
  const auto& X = w.params.exports;
  Firms& f = w.firms;
  auto& cons = w.exports.consortia;
  // Decisions in parallel (each consortium reads only), applied in consortium order.
  std::vector<std::vector<Slot>> leaving(cons.size());
  for_each_index(w.exec, cons.size(), [&](std::size_t k) {
    const Consortium& c = cons[k];
    if (!c.alive) return;
    for (Slot i : c.members) {
      // P = rate x o x (1 - t) with t in [0, 1] is at most rate x o (rounding is monotone):
      // a uniform at or above that keeps the member without its trust being looked up.
      Rng r(w.params.run.seed, Stream::consortium_defect, f.uid[i], static_cast<std::uint32_t>(w.step));
      const double u = r.uniform(), most = X.defection_rate * f.opportunism[i];
      if (u >= most) continue;
      double t = 0;
      for (Slot j : c.members)
        if (j != i) t += std::max(0.f, trust_between(w, i, j));
      t /= static_cast<double>(c.members.size() - 1);
      if (u < most * (1.0 - t)) leaving[k].push_back(i);
    }
  }, 64);
  for (std::uint32_t k = 0; k < cons.size(); ++k) {
    Consortium& c = cons[k];
    if (!c.alive || leaving[k].empty()) continue;
    const auto& left = leaving[k];
    std::vector<Slot> stay;
    for (Slot i : c.members)
      if (std::find(left.begin(), left.end(), i) == left.end()) stay.push_back(i);
    for (Slot i : left) {
      for (Slot j : stay) trust_pair(w, j, i, false);
      f.consortium[i] = kNoConsortium;
      f.export_qty[i] = f.export_price[i] = 0;
    }
    c.members = stay;
    if (static_cast<int>(c.members.size()) < X.consortium_min) dissolve(w, k);
  }
}

void formations(World& w) {
  const auto& X = w.params.exports;
  const auto t = static_cast<std::uint32_t>(w.step);
  for (std::size_t cl = 0; cl < w.clusters.size(); ++cl) {
    const auto& m = w.members[cl];
    // Who tries this month: Poisson(rate x firms) firms drawn at random (a cluster-level draw,
    // so the cost does not grow with the number of firms), taken in slot order.
    Rng r(w.params.run.seed, Stream::consortium_form, static_cast<std::uint32_t>(cl), t);
    const std::uint32_t n = r.poisson(X.consortium_form_rate * static_cast<double>(m.size()));
    std::vector<Slot> tries;
    for (std::uint32_t k = 0; k < n && !m.empty(); ++k) tries.push_back(m[r.below(static_cast<std::uint32_t>(m.size()))]);
    std::sort(tries.begin(), tries.end());
    tries.erase(std::unique(tries.begin(), tries.end()), tries.end());
    for (Slot i : tries) form_consortium(w, i, X.consortium_trust);
  }
}

}  // namespace

bool form_consortium(World& w, Slot i, double min_trust) {
  const auto& X = w.params.exports;
  Firms& f = w.firms;
  if (f.consortium[i] != kNoConsortium || w.net.degree(i) < X.consortium_min - 1) return false;
  std::vector<std::pair<float, Slot>> partners;
  for (int k = 0; k < w.net.degree(i); ++k) {
    const Slot j = w.net.neighbour(i, k);
    const float tr = w.net.trust_at(i, k, w.step);
    if (f.alive[j] && f.consortium[j] == kNoConsortium && tr >= min_trust) partners.push_back({tr, j});
  }
  if (static_cast<int>(partners.size()) + 1 < X.consortium_min) return false;
  std::sort(partners.begin(), partners.end(),
            [](auto& a, auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  if (static_cast<int>(partners.size()) > X.consortium_max - 1) partners.resize(X.consortium_max - 1);
  auto& cs = w.exports.consortia;
  auto& fr = w.exports.free_consortia;
  std::uint32_t k;
  if (fr.empty()) {
    k = static_cast<std::uint32_t>(cs.size());
    cs.emplace_back();
  } else {
    k = fr.back();
    fr.pop_back();
  }
  Consortium& c = cs[k];
  c = Consortium{};
  c.cluster = f.cluster[i];
  c.formed = w.step;
  c.alive = true;
  c.members.push_back(i);
  for (auto& p : partners) c.members.push_back(p.second);
  for (Slot j : c.members) f.consortium[j] = k;
  for (std::size_t a = 1; a < c.members.size(); ++a)
    for (std::size_t b = a + 1; b < c.members.size(); ++b)
      w.net.add(c.members[a], c.members[b], static_cast<float>(w.params.network.trust_init), w.step);
  if (w.levers.consortium_grant > 0) {
    Purse& purse = w.levers.purse[idx(Channel::consortia)];
    const double g = purse.take(w.levers.consortium_grant);
    if (g > 0) {
      f.cash[i] += g;
      // The lead firm receives the grant; every member is reached by it.
      for (Slot j : c.members) w.part.note(j, Channel::consortia, w.step, j == i ? g : 0.0);
      w.ledger.to_firms(purse.payer, g, Flow::consortium_grant);
      ProgrammeTally& tally = w.clusters[f.cluster[i]].tally;
      tally.consortium_grants += g;
      tally.spending += g;
    }
  }
  return true;
}

void phase_networks(World& w) {
  defections(w);
  formations(w);
}

FirmOrders single_firm_orders(const World& w) {
  FirmOrders out;
  const auto& orders = w.exports.orders;
  for (std::uint32_t k = 0; k < orders.size(); ++k)
    if (orders[k].active && orders[k].firm != kNoSlot) out.emplace_back(orders[k].firm, k);
  std::sort(out.begin(), out.end());
  return out;
}

void leave_exports(World& w, Slot i, const FirmOrders& firm_orders) {
  Firms& f = w.firms;
  // Only orders listed for firm i can be its own (in index order, as a scan of every order
  // finds them); one may have ended since the list was made.
  const auto first = std::lower_bound(firm_orders.begin(), firm_orders.end(), std::make_pair(i, 0u));
  for (auto it = first; it != firm_orders.end() && it->first == i; ++it) {
    Order& o = w.exports.orders[it->second];
    if (o.active && o.firm == i) {
      o.active = false;
      double& vis = w.exports.visibility[o.cluster];
      vis = std::max(0.2, vis - w.params.exports.visibility_loss);
    }
  }
  const std::uint32_t k = f.consortium[i];
  if (k != kNoConsortium) {
    Consortium& c = w.exports.consortia[k];
    c.members.erase(std::remove(c.members.begin(), c.members.end(), i), c.members.end());
    f.consortium[i] = kNoConsortium;
    if (static_cast<int>(c.members.size()) < w.params.exports.consortium_min) dissolve(w, k);
  }
  f.export_qty[i] = f.export_price[i] = 0;
}

}  // namespace cs
