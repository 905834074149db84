// Energy efficiency and GHG abatement: subsidised energy audits (each cuts the audited firm's
// energy intensity) and a subsidy on vintages more efficient than the firm's own.
#include "policies/registry.hpp"

namespace cs::policies {

void apply_energy_efficiency(Month& m) {
  if (m.purse(Channel::energy_efficiency).left <= 0) return;  // budget spent: the lever stays off
  m.L.audits = m.p.audits_per_month;
  m.L.audit_cost = m.p.audit_cost;
  m.L.audit_saving = m.p.audit_saving;
  m.L.ee_subsidy = m.p.ee_subsidy;
  m.L.energy_target = m.target;
}

}  // namespace cs::policies
