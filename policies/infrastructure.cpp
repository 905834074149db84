// Infrastructure: power and road works built over build_months, the budget spent evenly over
// them; once built, power downtime and transport costs fall for good (the works outlast the
// programme). Works left unfinished when the intervention ends bring nothing.
#include "policies/registry.hpp"

namespace cs::policies {

void apply_infrastructure(Month& m) {
  if (m.memo.empty()) m.memo.assign(1, 0.0);  // memo[0]: months of construction paid for
  if (!m.after_end && m.memo[0] < m.p.build_months) {
    const double due = m.p.budget / m.p.build_months;
    if (m.pay(due, Sector::government) + 1e-9 >= due) m.memo[0] += 1;
    return;
  }
  if (m.memo[0] < m.p.build_months) return;
  m.L.downtime_cut = m.p.downtime_cut;
  m.L.transport_cut = m.p.transport_cut;
}

}  // namespace cs::policies
