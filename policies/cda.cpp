// An intensified Cluster Development Agent: while it runs, `hours` a month are added to the
// programme CDA's (a second agent or more of the first one's time), at `skill` if that is higher,
// all hours split by these priorities; the added hours are paid at cost_per_hour.
#include <algorithm>

#include "policies/registry.hpp"

namespace cs::policies {

void apply_cda(Month& m) {
  const double hours = m.p.hours;
  const double cost = hours * m.p.cost_per_hour;
  if (m.pay(cost, Sector::households) + 1e-12 < cost) return;  // cannot pay: the CDA stays as it was
  m.L.cda_hours = (m.L.cda_active ? m.L.cda_hours : 0.0) + hours;
  m.L.cda_skill = m.L.cda_active ? std::max(m.L.cda_skill, m.p.skill) : m.p.skill;
  m.L.cda_active = true;
  const double pr[5] = {m.p.priority_diagnostic, m.p.priority_meetings, m.p.priority_brokering,
                        m.p.priority_spv, m.p.priority_bds};
  for (int k = 0; k < 5; ++k) m.L.cda_priority[k] = pr[k];
}

}  // namespace cs::policies
