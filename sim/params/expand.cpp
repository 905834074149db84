// Expansion of `[[cluster]]` tables with replicas (national mode); see expand.hpp.
#include "params/expand.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "core/rng.hpp"

namespace cs {

ClusterTotals cluster_totals(const Params& p) {
  ClusterTotals t;
  for (const auto& c : p.clusters) {
    const long long r = std::max(c.replicas, 1);
    t.clusters += r;
    t.firms += r * std::max(c.firms, 0);
  }
  return t;
}

std::vector<ClusterParams> expand_clusters(const Params& p) {
  std::vector<ClusterParams> out;
  const ClusterTotals t = cluster_totals(p);
  out.reserve(static_cast<std::size_t>(std::min<long long>(t.clusters, 1 << 20)));
  for (std::size_t i = 0; i < p.clusters.size(); ++i) {
    const ClusterParams& c = p.clusters[i];
    const int r = std::max(c.replicas, 1);
    if (r == 1) {
      ClusterParams one = c;
      one.replicas = 1;
      one.size_spread = 0.0;
      out.push_back(std::move(one));
      continue;
    }
    // Weights: equal, or lognormal with log-sd size_spread, from a counter-based stream.
    std::vector<double> wgt(static_cast<std::size_t>(r), 1.0);
    if (c.size_spread > 0) {
      Rng rng(p.run.seed, Stream::cluster_size, static_cast<std::uint32_t>(i), 0);
      for (double& x : wgt) x = std::exp(c.size_spread * rng.normal());
    }
    const double wsum = std::accumulate(wgt.begin(), wgt.end(), 0.0);
    // Every replica gets one firm; the other total - r firms are apportioned by largest
    // remainder (ties to the lower index), so the table's total is kept exactly.
    const long long total = static_cast<long long>(r) * std::max(c.firms, 1);
    const long long extra = total - r;
    std::vector<long long> n(static_cast<std::size_t>(r));
    std::vector<std::pair<double, int>> rem(static_cast<std::size_t>(r));
    long long given = 0;
    for (int k = 0; k < r; ++k) {
      const double share = static_cast<double>(extra) * wgt[k] / wsum;
      const double fl = std::floor(share);
      n[k] = 1 + static_cast<long long>(fl);
      given += static_cast<long long>(fl);
      rem[k] = {share - fl, k};
    }
    std::stable_sort(rem.begin(), rem.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (long long j = 0; j < extra - given && j < r; ++j) ++n[rem[static_cast<std::size_t>(j)].second];
    // Guard against rounding in the shares: take any excess from the largest replicas.
    for (long long over = std::accumulate(n.begin(), n.end(), 0LL) - total; over > 0; --over)
      --*std::max_element(n.begin(), n.end());
    for (int k = 0; k < r; ++k) {
      ClusterParams one = c;
      one.name = c.name + " #" + std::to_string(k + 1);
      one.firms = static_cast<int>(n[k]);
      one.replicas = 1;
      one.size_spread = 0.0;
      out.push_back(std::move(one));
    }
  }
  return out;
}

}  // namespace cs
