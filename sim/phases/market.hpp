#pragma once
// The K+S competitiveness rule shared by the domestic market (competition.cpp) and the standing
// foreign market (export_market.cpp): relative price, quality and unfilled demand against the
// share-weighted means of the market's sellers.
#include <algorithm>

#include "world.hpp"

namespace cs {

/// Share-weighted means of a market's sellers: price, quality (floored above 0) and unfilled
/// demand ratio.
struct MarketMeans {
  double p = 1, q = 1, l = 0;
};

/// Means from sums of share, share x price, share x quality and share x unfilled.
inline MarketMeans market_means(double share, double sp, double sq, double sl) {
  if (share <= 0) return {};
  return {sp / share, std::max(1e-9, sq / share), sl / share};
}

/// E = -omega_p p / p_mean + omega_q q / q_mean - omega_l (l + 1) / (l_mean + 1).
inline double competitiveness(const MarketParams& M, const MarketMeans& m, double price, double quality,
                              double unfilled) {
  return -M.omega_p * price / m.p + M.omega_q * quality / m.q - M.omega_l * (unfilled + 1.0) / (m.l + 1.0);
}

/// Units firm i's standing foreign customers ask this month: its foreign share of the cluster's
/// foreign demand at its price (0 for a non-exporter and while an export ban lasts).
inline double standing_demand(const World& w, Slot i) {
  const Firms& f = w.firms;
  return f.xshare[i] > 0 ? f.xshare[i] * w.clusters[f.cluster[i]].foreign / f.price[i] : 0.0;
}

}  // namespace cs
