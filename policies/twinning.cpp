// Cluster twinning: a link to a foreign cluster brings buyers and technology spillovers (a higher
// innovation hazard) for a monthly cost.
#include "policies/registry.hpp"

namespace cs::policies {

void apply_twinning(Month& m) {
  if (m.pay(m.p.monthly_cost, Sector::rest_of_world) + 1e-12 < m.p.monthly_cost) return;
  m.L.buyer_rate_mult *= m.p.buyer_rate_mult;
  m.L.innovation_mult = 1.0 + m.p.spillover;
}

}  // namespace cs::policies
