// Cluster credit planning: a bankers' forum and a cluster credit plan raise banks' credit
// ceilings for the cluster's firms and narrow the spread; the programme pays the forum.
#include "policies/registry.hpp"

namespace cs::policies {

void apply_credit_planning(Month& m) {
  // The plan only holds while the forum is paid for.
  if (m.pay(m.p.admin_cost, Sector::households) + 1e-12 < m.p.admin_cost) return;
  m.L.credit_ceiling_mult = m.p.ceiling_mult;
  m.L.rate_cut = m.p.spread_cut;
}

}  // namespace cs::policies
