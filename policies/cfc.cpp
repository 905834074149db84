// Common Facility Centre under public-private partnership: once trust allows, the programme asks
// the cluster to form an SPV for a facility; the grant share of the cost and the O&M support are
// paid from the budget (the SPV does not form while the budget cannot pay the grant).
#include "policies/registry.hpp"

namespace cs::policies {

void apply_cfc(Month& m) {
  if (m.purse(Channel::cfc).left <= 0) return;  // budget spent: the lever stays off
  m.L.collective_ready = m.collective_ready;
  m.L.cfc_requested = m.collective_ready;
  m.L.cfc_cluster = m.p.cluster < 0 ? 0 : m.p.cluster;
  m.L.cfc_kind = m.p.facility;
  m.L.cfc_project_cost = m.p.project_cost;
  m.L.cfc_grant_share = m.p.grant_share;
  m.L.cfc_om_support_months = m.p.om_support_months;
}

}  // namespace cs::policies
