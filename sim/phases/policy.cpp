#include <algorithm>

#include "phases/phases.hpp"

namespace cs {

// The scenario's standing settings (a national guarantee scheme, standing BDS vouchers) hold
// every month. With a programme the levers start from them and the programme sets the month's
// values; without one the levers keep what was set by hand (tests, experiments) and only the
// month's spending records are cleared.
void phase_policy(World& w) {
  Levers& L = w.levers;
  if (w.policy) w.policy->record(w);
  participation_sync(w);
  for (ClusterState& c : w.clusters) c.tally = ProgrammeTally{};
  if (w.policy) {
    L = Levers{};
  } else {
    for (Purse& p : L.purse) {
      p.spent = 0;
      std::fill(p.cluster_spent.begin(), p.cluster_spent.end(), 0.0);
    }
  }
  L.guarantee_cover = w.params.finance.guarantee_cover;
  for (double& v : L.voucher_share) v = w.params.bds.voucher_share;
  if (w.policy) w.policy->apply(w, L, w.ledger);
}

}  // namespace cs
