// BDS supply (MODEL.md section 2): providers are created at the start (endowed, like the firms)
// and enter later where unmet demand persists (funded by households); each month they pay a fixed
// cost to households and exit when revenue stays below it or their cash cannot cover it. Also the
// firms' BDS rows, the monthly offers and the indicators.
#include <algorithm>
#include <cmath>
#include <string>

#include "core/rng.hpp"
#include "observe/indicators.hpp"
#include "phases/bds_market.hpp"
#include "phases/settle.hpp"

namespace cs {

const char* bds_kind_name(int kind) {
  static const char* names[] = {"design", "testing", "consulting", "logistics", "finance"};
  return names[kind];
}

double bds_reference_fee(const BdsParams& B, int k) {
  const double fees[] = {B.fee_design, B.fee_testing, B.fee_consulting, B.fee_logistics, B.fee_finance};
  return fees[k];
}

std::uint32_t bds_capacity(const BdsParams& B, int k) {
  const int caps[] = {B.capacity_design, B.capacity_testing, B.capacity_consulting, B.capacity_logistics,
                      B.capacity_finance};
  return static_cast<std::uint32_t>(std::max(1, caps[k]));
}

namespace {

// Entity id of the draws of kind k in cluster c (one stream for all provider draws).
std::uint32_t market_entity(std::size_t c, int k) { return static_cast<std::uint32_t>(c * kBdsKinds + k); }

// A provider of kind k in cluster c with fee and quality drawn from r. Initial providers are
// endowed with their starting cash (money created at initialisation, as for firms); entrants are
// funded by households.
void add_provider(World& w, std::size_t c, int k, Rng& r, bool fund) {
  const BdsParams& B = w.params.bds;
  BdsProviders& p = w.bds;
  const auto idx = static_cast<std::uint32_t>(p.size());
  const double fee = bds_reference_fee(B, k) * r.uniform(1.0 - B.fee_spread, 1.0 + B.fee_spread);
  const std::uint32_t cap = bds_capacity(B, k);
  const double fixed = B.fixed_cost_share * fee * cap;
  const double cash = B.start_cash_months * fixed;
  const AccountId acc =
      w.ledger.open(w.clusters[c].name + "/bds_" + bds_kind_name(k) + std::to_string(idx), fund ? 0.0 : cash);
  if (fund) w.ledger.transfer(w.ledger.sector(Sector::households), acc, cash, Flow::entry_equity);
  p.cluster.push_back(static_cast<std::uint16_t>(c));
  p.kind.push_back(static_cast<std::uint8_t>(k));
  p.account.push_back(acc);
  p.capacity.push_back(cap);
  p.fee.push_back(fee);
  p.fixed_cost.push_back(fixed);
  p.quality.push_back(static_cast<float>(r.beta(B.quality_a, B.quality_b)));
  p.birth.push_back(w.step);
  p.loss_months.push_back(0);
  p.alive.push_back(1);
  p.served.push_back(0);
  p.revenue.push_back(0);
  p.market[c].providers.push_back(idx);
}

std::uint32_t count_alive(const World& w, std::size_t c) {
  std::uint32_t n = 0;
  for (std::uint32_t p : w.bds.market[c].providers) n += w.bds.alive[p];
  return n;
}

}  // namespace

void init_bds(World& w) {
  const Params& P = w.params;
  const BdsParams& B = P.bds;
  w.bds.market.assign(w.clusters.size(), BdsMarket{});
  for (std::size_t c = 0; c < w.clusters.size(); ++c) {
    const double want = B.providers_per_1000 * P.clusters[c].firms / 1000.0;
    const long n = B.providers_per_1000 > 0 ? std::max(1L, std::lround(want)) : 0L;
    for (int k = 0; k < kBdsKinds; ++k) {
      Rng r(P.run.seed, Stream::bds_entry, market_entity(c, k), 0);
      for (long j = 0; j < n; ++j) add_provider(w, c, k, r, false);
    }
    w.bds.market[c].alive = count_alive(w, c);
  }
  bds_sync_firms(w);
}

void bds_sync_firms(World& w) {
  BdsFirmState& s = w.bds.firm;
  const Firms& f = w.firms;
  const std::size_t n = f.size();
  if (s.size() < n) {
    std::array<std::int16_t, kBdsKinds> never;
    never.fill(kBdsNever);
    s.owner.resize(n, kBdsNoOwner);
    s.aware.resize(n, 0);
    s.recent.resize(n, 0);
    s.recent_next.resize(n, 0);
    s.last_buy.resize(n, never);
    s.logistics_saving.resize(n, 0.f);
  }
  const auto seed = w.params.run.seed;
  for_each_index(w.exec, w.created.size(), [&](std::size_t k) {
    const Slot i = w.created[k];
    if (!f.alive[i] || describes(s.owner, f, i)) return;
    // Draw index 0 of the firm's awareness stream at counter step 0 (spread uses steps >= 1).
    Rng r(seed, Stream::bds_awareness, f.uid[i], 0);
    std::uint8_t aware = 0;
    for (int k = 0; k < kBdsKinds; ++k)
      if (r.uniform() < f.awareness[i]) aware |= static_cast<std::uint8_t>(1u << k);
    s.owner[i] = f.uid[i];
    s.aware[i] = aware;
    s.recent[i] = s.recent_next[i] = 0;
    s.last_buy[i].fill(kBdsNever);
    s.logistics_saving[i] = 0.f;
  });
}

void bds_rank_offers(World& w) {
  const BdsParams& B = w.params.bds;
  const BdsProviders& p = w.bds;
  // Fees before vouchers: each firm's voucher depends on the firm (services.cpp scales them).
  const double keep = 1.0;
  for_each_cluster(w, [&](std::size_t c) {
    BdsMarket& m = w.bds.market[c];
    for (auto& o : m.offers) o.clear();
    for (std::uint32_t l = 0; l < m.providers.size(); ++l) {
      const std::uint32_t j = m.providers[l];
      if (p.alive[j]) m.offers[p.kind[j]].push_back({j, l, p.quality[j], p.fee[j] * keep, 0.0, p.capacity[j]});
    }
    for (int k = 0; k < kBdsKinds; ++k) {
      auto& o = m.offers[k];
      std::sort(o.begin(), o.end(), [&](const BdsOffer& a, const BdsOffer& b) {
        const double ra = a.quality / p.fee[a.provider], rb = b.quality / p.fee[b.provider];
        return ra != rb ? ra > rb : a.provider < b.provider;
      });
      if (o.empty()) {
        const double fee = bds_reference_fee(B, k) * keep;
        o.push_back({kBdsNoOwner, kBdsNoOwner, static_cast<float>(bds_mean_quality(B)), fee, fee, 0});
      }
      double lowest = o.front().net_fee;
      float best = 0;
      for (auto& x : o) {
        x.min_net_fee = lowest = std::min(lowest, x.net_fee);
        best = std::max(best, x.quality);
      }
      m.best_quality[k] = best;
    }
  });
}

void bds_providers_month(World& w, std::size_t c) {
  const Params& P = w.params;
  const BdsParams& B = P.bds;
  BdsProviders& p = w.bds;
  BdsMarket& m = p.market[c];
  Ledger& L = w.ledger;
  const AccountId hh = L.sector(Sector::households);
  m.entries = m.exits = 0;
  for (std::uint32_t j : m.providers) {
    if (!p.alive[j]) continue;
    const AccountId acc = p.account[j];
    L.transfer(acc, hh, std::min(std::max(0.0, L.balance(acc)), p.fixed_cost[j]), Flow::bds_cost);
    p.loss_months[j] = p.revenue[j] < p.fixed_cost[j] ? static_cast<std::uint16_t>(std::min(65535, p.loss_months[j] + 1)) : 0;
    // Exit on persistent losses, or when the cash left cannot pay next month's fixed cost.
    if (p.loss_months[j] >= B.exit_months || L.balance(acc) < p.fixed_cost[j]) {
      L.transfer(acc, hh, L.balance(acc), Flow::exit_settlement);
      p.alive[j] = 0;
      ++m.exits;
    }
  }
  // Entry where unmet requests, averaged, stayed above a share of one provider's capacity.
  for (int k = 0; k < kBdsKinds; ++k) {
    const double unmet = m.unmet[k];
    m.unmet_avg[k] += B.unmet_weight * (unmet - m.unmet_avg[k]);
    const double cap = bds_capacity(B, k);
    m.gap_months[k] = m.unmet_avg[k] > B.entry_threshold * cap ? m.gap_months[k] + 1 : 0;
    if (m.gap_months[k] < B.entry_months || B.entry_max <= 0) continue;
    const long n = std::clamp(static_cast<long>(m.unmet_avg[k] / cap), 1L, static_cast<long>(B.entry_max));
    Rng r(P.run.seed, Stream::bds_entry, market_entity(c, k), static_cast<std::uint32_t>(w.step));
    for (long e = 0; e < n; ++e) add_provider(w, c, k, r, true);
    m.entries += static_cast<std::uint32_t>(n);
    m.gap_months[k] = 0;
  }
  m.alive = count_alive(w, c);
}

void observe_bds(const World& w, std::size_t c, Indicators& o) {
  if (c >= w.bds.market.size()) return;
  const BdsMarket& m = w.bds.market[c];
  double served = 0;
  for (auto s : m.served) served += s;
  o.bds_providers = m.alive;
  o.bds_transactions = served;
  o.bds_spending = m.spending;
}

}  // namespace cs
