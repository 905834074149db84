// The monthly step: one readable list of phases (MODEL.md section 3).
#include <stdexcept>
#include <string>

#include "observe/observe.hpp"
#include "phases/phases.hpp"
#include "phases/settle.hpp"

namespace cs {

void step(World& w) {
  ++w.step;
  w.ledger.clear_flows();
  phase_policy(w);                 // 1
  phase_environment(w);            // 2
  phase_technology_offers(w);      // 3
  phase_competition(w);            // 4
  phase_foreign_orders(w);         // 4b
  phase_planning_finance(w);       // 5
  phase_subcontracting(w);         // 6a
  phase_production_sales(w);       // 6
  settle_subcontracts(w);          // 6c
  switch_selling_agents(w);        // 6b
  phase_services(w);               // 7
  phase_institutions(w);           // 7b
  phase_learning_investment(w);    // 8
  phase_networks(w);               // 9
  phase_accounting(w);             // 10
  phase_demography(w);             // 11
  observe(w);                      // 12
#ifdef CLUSTERSIM_CHECKED
  if (auto problems = check_books(w); !problems.empty())
    throw std::logic_error("books do not close at step " + std::to_string(w.step) + ": " + problems.front());
#endif
}

}  // namespace cs
