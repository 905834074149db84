// Export promotion: trade fairs and buyer-seller meets, `fairs_per_year` spread evenly over the
// year; each takes `fair_firms` firms, costs fair_cost and raises the cluster's visibility; while
// it runs more foreign buyers come.
#include <cmath>

#include "policies/registry.hpp"

namespace cs::policies {

void apply_export_promotion(Month& m) {
  m.L.buyer_rate_mult = m.p.buyer_rate_mult;
  // A fair in month k when the cumulative count floor(k * fairs / 12) steps up.
  const double per_month = m.p.fairs_per_year / 12.0;
  const bool fair = std::floor((m.month + 1) * per_month + 1e-9) > std::floor(m.month * per_month + 1e-9);
  if (!fair || m.pay(m.p.fair_cost, Sector::households) + 1e-12 < m.p.fair_cost) return;
  m.L.fair_firms = m.p.fair_firms;
  m.L.visibility_boost = m.p.visibility_gain;
}

}  // namespace cs::policies
