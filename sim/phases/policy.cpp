#include "phases/phases.hpp"

namespace cs {

// Until interventions exist the levers are the scenario's standing settings.
void phase_policy(World& w) {
  w.levers.guarantee_cover = w.params.finance.guarantee_cover;
}

}  // namespace cs
