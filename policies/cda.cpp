// An intensified Cluster Development Agent: while it runs, the programme's CDA works `hours` a
// month with `skill` and these priorities; the extra hours over the programme CDA's are paid.
#include "policies/registry.hpp"

namespace cs::policies {

void apply_cda(Month& m) {
  const double hours = m.p.hours;
  const double cost = hours * m.p.cost_per_hour;
  if (m.pay(cost, Sector::households) + 1e-12 < cost) return;  // cannot pay: the CDA stays as it was
  m.L.cda_active = true;
  m.L.cda_hours = hours;
  m.L.cda_skill = m.p.skill;
  const double pr[5] = {m.p.priority_diagnostic, m.p.priority_meetings, m.p.priority_brokering,
                        m.p.priority_spv, m.p.priority_bds};
  for (int k = 0; k < 5; ++k) m.L.cda_priority[k] = pr[k];
}

}  // namespace cs::policies
