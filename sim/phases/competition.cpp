// K+S competition with quality: prices from markups on unit cost, competitiveness from relative
// price, quality and unfilled demand, replicator dynamics of domestic market shares.
#include <algorithm>
#include <cmath>

#include "phases/market.hpp"
#include "phases/phases.hpp"
#include "phases/settle.hpp"

namespace cs {

namespace {

double variable_cost(const World& w, Slot i) {
  const Firms& f = w.firms;
  const auto& M = w.params.market;
  return M.wage / eff_prod(f, i) + M.input_per_unit * w.env.input_price + f.energy[i] * w.env.energy_price;
}

}  // namespace

void phase_competition(World& w) {
  Firms& f = w.firms;
  const auto& M = w.params.market;

  // Markups follow share growth (f_{t-1} / f_{t-2}, K+S) and rise with unfilled demand (a firm
  // that cannot serve its orders raises its price); prices are a markup on unit cost. The same
  // pass sums the share-weighted means of price, quality and unfilled demand per cluster.
  const auto means = all_cluster_sums<4>(w, [&](Slot i, Sums<4>& s) {
    const double g = f.share_prev[i] > 0 ? f.share[i] / f.share_prev[i] - 1.0 : 0.0;
    f.markup[i] = static_cast<float>(std::clamp(
        f.markup[i] * (1.0 + M.markup_upsilon * g + M.markup_unfilled * f.unfilled[i]), M.markup_min, M.markup_max));
    const double c = variable_cost(w, i);
    f.unit_cost[i] = static_cast<float>(c);
    f.price[i] = static_cast<float>((1.0 + f.markup[i]) * c);
    s[0] += f.share[i];
    s[1] += f.share[i] * f.price[i];
    s[2] += f.share[i] * f.quality[i];
    s[3] += f.share[i] * f.unfilled[i];
  });
  // Per cluster (worked out once, not per firm): the share-weighted mean price, quality and
  // unfilled demand.
  std::vector<MarketMeans> cluster_mean(w.clusters.size());
  for (std::size_t c = 0; c < cluster_mean.size(); ++c) {
    const auto& m = means[c];
    cluster_mean[c] = market_means(m[0], m[1], m[2], m[3]);
  }
  auto comp = [&](Slot i) {
    return competitiveness(M, cluster_mean[f.cluster[i]], f.price[i], f.quality[i], f.unfilled[i]);
  };
  // Each firm's competitiveness is kept for the replicator pass (in w.scratch[0]).
  auto& e = w.scratch[0];
  e.resize(f.size());
  const auto e_mean = all_cluster_sums<1>(w, [&](Slot i, Sums<1>& s) { s[0] += f.share[i] * (e[i] = comp(i)); });

  // Replicator: f_t = f_{t-1} (1 + chi (E - E_mean) / |E_mean|), floored at zero; the same pass
  // sums the new shares and the new shares weighted by the firms' orders factors.
  std::vector<double> em(w.clusters.size());
  for (std::size_t c = 0; c < em.size(); ++c) em[c] = e_mean[c][0] / means[c][0];
  const auto total = all_cluster_sums<2>(w, [&](Slot i, Sums<2>& s) {
    const std::size_t c = f.cluster[i];
    f.share_prev[i] = f.share[i];
    const double g = M.chi * (e[i] - em[c]) / std::max(1e-9, std::fabs(em[c]));
    f.share[i] = std::max(0.0, f.share[i] * (1.0 + g));
    s[0] += f.share[i];
    s[1] += f.share[i] * f.orders[i];
  });

  // Renormalise; firms below f_min = share_min_factor x mean share leave the market (K+S). A
  // firm's domestic demand is its share of the market scaled by its orders factor (firm shocks),
  // D f o / sum(f o): the cluster's demand is kept, and buyers a firm loses go to the others.
  std::vector<double> f_min(w.clusters.size()), o_mean(w.clusters.size());
  for (std::size_t c = 0; c < f_min.size(); ++c) {
    f_min[c] = M.share_min_factor / static_cast<double>(w.members[c].size());
    o_mean[c] = total[c][0] > 0 && total[c][1] > 0 ? total[c][1] / total[c][0] : 1.0;
  }
  for_each_firm(w, [&](Slot i) {
    const std::size_t c = f.cluster[i];
    const ClusterState& cl = w.clusters[c];
    f.share[i] /= total[c][0];
    if (f.share[i] < f_min[c]) f.msg.exit_mark[i] = static_cast<std::uint8_t>(ExitReason::share);
    f.msg.demand[i] = static_cast<float>(f.share[i] * (f.orders[i] / o_mean[c]) * cl.demand / f.price[i]);
  });
}

}  // namespace cs
