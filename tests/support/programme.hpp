#pragma once
// Scenarios with a short programme for tests: the lifecycle compressed so that implementation
// starts at step 10 and the programme exits at step 40.
#include <string>
#include <vector>

#include "params/params.hpp"
#include "support/small_world.hpp"

namespace cs::test {

inline std::vector<std::string> all_kinds() { return intervention_kinds(); }

inline Params programme_params(const std::vector<std::string>& kinds, int firms = 600, std::uint64_t seed = 21) {
  Params p = small_params(firms, seed);
  auto& g = p.programme;
  g.start = 1;
  g.selection_months = 1;
  g.appointment_months = 1;
  g.diagnostic_months = 3;
  g.trust_building_months = 2;
  g.action_plan_months = 1;
  g.approval_months = 1;  // implementation from step 10
  g.implementation_months = 24;
  g.evaluation_months = 3;
  g.handover_months = 3;  // exit at step 40
  for (const std::string& k : kinds) {
    InterventionParams x;
    x.kind = k;
    x.budget = 500;
    if (k == "cfc") {
      x.project_cost = 100;
      x.budget = 100;
    }
    if (k == "infrastructure") x.build_months = 6;
    p.interventions.push_back(x);
  }
  return p;
}

}  // namespace cs::test
