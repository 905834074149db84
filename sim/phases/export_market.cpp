// The standing export market (step 4c). A cluster whose [[cluster]] export_share is above 0 has
// foreign customers who buy X_t a month (ClusterState::foreign, set in the environment), shared
// among the cluster's exporters as the domestic market is among all firms: K+S competitiveness
// against the exporters' share-weighted means and replicator shares (market.chi). An exporter
// whose share falls below exit_share_factor x the mean stops exporting (it keeps its domestic
// market). A non-exporter looks into foreign customers with probability search_rate x the
// cluster's visibility a month; it starts exporting when it would be at least as competitive as
// the average exporter, the expected margin on an entrant's share (entrant_share x the mean
// share) repays the sunk entry_cost within technology.payback_months, and its cash beyond debt
// service pays that cost (to households: agents, certifiers, fairs). Selection on price (cost,
// hence productivity), quality and the cash to pay a fixed sunk cost (hence size) makes exporters
// larger and more productive than non-exporters (Roberts and Tybout 1997; Melitz 2003; Bernard
// and Jensen 1999). While an export ban lasts (X_t = 0) the market is frozen.
// Reads price, unit_cost, quality, unfilled, markup, cash, exit_mark, ClusterState::foreign,
// exports.visibility; writes xshare (above 0 for an exporter) and cash (the entry cost).
#include <algorithm>
#include <cmath>

#include "core/rng.hpp"
#include "phases/finance.hpp"
#include "phases/market.hpp"
#include "phases/phases.hpp"
#include "phases/settle.hpp"

namespace cs {

namespace {

enum : std::size_t { kShare, kPrice, kQuality, kUnfilled, kCount, kSums };

// Sums over a cluster's exporters, for the means of competitiveness.
std::vector<Sums<kSums>> exporter_sums(const World& w) {
  const Firms& f = w.firms;
  return all_cluster_sums<kSums>(w, [&](Slot i, Sums<kSums>& s) {
    if (f.xshare[i] <= 0) return;
    s[kShare] += f.xshare[i];
    s[kPrice] += f.xshare[i] * f.price[i];
    s[kQuality] += f.xshare[i] * f.quality[i];
    s[kUnfilled] += f.xshare[i] * f.unfilled[i];
    s[kCount] += 1;
  });
}

}  // namespace

void phase_export_market(World& w) {
  const Params& P = w.params;
  const auto& M = P.market;
  const auto& X = P.exports;
  Firms& f = w.firms;
  const std::size_t C = w.clusters.size();
  bool any = false;
  for (const ClusterState& cl : w.clusters) any = any || cl.foreign > 0;
  if (!any) return;

  // Competitiveness against the exporters' means, then the replicator.
  const auto before = exporter_sums(w);
  std::vector<MarketMeans> mean(C);
  for (std::size_t c = 0; c < C; ++c)
    mean[c] = market_means(before[c][kShare], before[c][kPrice], before[c][kQuality], before[c][kUnfilled]);
  auto comp = [&](Slot i) { return competitiveness(M, mean[f.cluster[i]], f.price[i], f.quality[i], f.unfilled[i]); };
  const auto e_sum = all_cluster_sums<1>(w, [&](Slot i, Sums<1>& s) {
    if (f.xshare[i] > 0) s[0] += f.xshare[i] * comp(i);
  });
  std::vector<double> e_mean(C, 0.0), entrant(C, 0.0);
  for (std::size_t c = 0; c < C; ++c) {
    e_mean[c] = before[c][kShare] > 0 ? e_sum[c][0] / before[c][kShare] : 0.0;
    const double n = before[c][kCount];
    entrant[c] = X.entrant_share * (n > 0 ? before[c][kShare] / n : 1.0);  // in the units of the shares
  }
  auto& u = w.scratch[0];  // Rng(seed, export_entry, uid, t).uniform() of every firm
  draw_uniforms(w, Stream::export_entry, u);
  const DebtService debt_service(w);
  const auto after = all_cluster_sums<3>(w, [&](Slot i, Sums<3>& s) {
    const std::size_t c = f.cluster[i];
    const ClusterState& cl = w.clusters[c];
    if (cl.foreign <= 0) return;
    const double e = comp(i);
    if (f.xshare[i] > 0) {
      const double g = M.chi * (e - e_mean[c]) / std::max(1e-9, std::fabs(e_mean[c]));
      f.xshare[i] = std::max(0.0, f.xshare[i] * (1.0 + g));
      s[0] += f.xshare[i];
      return;
    }
    if (f.msg.exit_mark[i] || u[i] >= X.search_rate * w.exports.visibility[c]) return;
    const double n = std::max(1.0, before[c][kCount]);
    const double sales = X.entrant_share * cl.foreign / n;
    const double margin = f.price[i] > 0 ? 1.0 - double(f.unit_cost[i]) / f.price[i] : 0.0;
    const double spare_cash = f.cash[i] - debt_service(i);
    if ((before[c][kCount] > 0 && e < e_mean[c]) || margin * sales * P.tech.payback_months < X.entry_cost ||
        spare_cash < X.entry_cost)
      return;
    f.cash[i] -= X.entry_cost;
    s[1] += X.entry_cost;
    f.xshare[i] = entrant[c];
    s[0] += f.xshare[i];
    s[2] += 1;
  });
  const AccountId hh = w.ledger.sector(Sector::households);
  for (std::size_t c = 0; c < C; ++c) w.ledger.from_firms(hh, after[c][1], Flow::export_entry);

  // Renormalise; exporters far below the mean share stop; renormalise again and set demand.
  std::vector<double> floor(C);
  for (std::size_t c = 0; c < C; ++c) {
    const double n = std::max(1.0, before[c][kCount] + after[c][2]);
    floor[c] = X.exit_share_factor * after[c][0] / n;
  }
  const auto kept = all_cluster_sums<1>(w, [&](Slot i, Sums<1>& s) {
    if (f.xshare[i] <= 0 || w.clusters[f.cluster[i]].foreign <= 0) return;
    if (f.xshare[i] < floor[f.cluster[i]]) {
      f.xshare[i] = 0;
      return;
    }
    s[0] += f.xshare[i];
  });
  for_each_firm(w, [&](Slot i) {
    const double total = kept[f.cluster[i]][0];
    if (f.xshare[i] > 0 && w.clusters[f.cluster[i]].foreign > 0 && total > 0) f.xshare[i] /= total;
  });
}

void init_export_market(World& w, std::size_t c) {
  const Params& P = w.params;
  const ClusterParams& cp = P.clusters[c];
  ClusterState& cl = w.clusters[c];
  Firms& f = w.firms;
  const auto& m = w.members[c];
  if (cp.export_share <= 0 || cp.exporter_share <= 0 || m.empty()) return;
  // The initial exporters: the firms with the highest log employment + log productivity + noise.
  std::vector<std::pair<double, Slot>> score;
  score.reserve(m.size());
  for (Slot i : m) {
    Rng r(P.run.seed, Stream::export_entry, f.uid[i], 0);
    score.push_back({std::log(double(f.employees[i])) + std::log(double(eff_prod(f, i))) +
                         P.exports.selection_noise * r.normal(), i});
  }
  const std::size_t k = std::clamp<std::size_t>(
      static_cast<std::size_t>(std::llround(cp.exporter_share * static_cast<double>(m.size()))), 1, m.size());
  std::partial_sort(score.begin(), score.begin() + static_cast<std::ptrdiff_t>(k), score.end(),
                    [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  double value = 0, exporters = 0;
  for (Slot i : m) value += double(f.price[i]) * f.msg.output[i];
  for (std::size_t j = 0; j < k; ++j) exporters += double(f.price[score[j].second]) * f.msg.output[score[j].second];
  // Each exporter sells the same share of its output abroad (at most 95 %).
  const double intensity = std::min(0.95, cp.export_share * value / exporters);
  for (std::size_t j = 0; j < k; ++j) {
    const Slot i = score[j].second;
    const double abroad = intensity * f.msg.output[i];
    f.xshare[i] = double(f.price[i]) * f.msg.output[i] / exporters;
    f.export_sold[i] = static_cast<float>(abroad);
    f.msg.export_revenue[i] = static_cast<float>(abroad * f.price[i]);
    f.msg.demand[i] = f.sold[i] = f.exp_demand[i] = static_cast<float>(f.msg.output[i] - abroad);
  }
  cl.foreign0 = cl.foreign = intensity * exporters;
  cl.demand0 = cl.demand = value - cl.foreign;
  for (Slot i : m) f.share[i] = f.share_prev[i] = double(f.price[i]) * f.msg.demand[i] / cl.demand;
}

}  // namespace cs
