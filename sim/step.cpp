// The monthly step: one readable list of phases (MODEL.md section 3).
#include <stdexcept>
#include <string>

#include "observe/observe.hpp"
#include "phases/phases.hpp"
#include "phases/settle.hpp"

namespace cs {

namespace {

// The phases in the order step() calls them; bench/ times them one by one (--phases).
constexpr StepPhase kPhases[] = {
    {"policy", phase_policy},                           // 1
    {"environment", phase_environment},                 // 2
    {"technology offers", phase_technology_offers},     // 3
    {"firm shocks", phase_firm_shocks},                 // 3b
    {"competition", phase_competition},                 // 4
    {"export market", phase_export_market},             // 4c
    {"foreign orders", phase_foreign_orders},           // 4b
    {"planning and finance", phase_planning_finance},   // 5
    {"subcontracting plan", phase_subcontracting},      // 6a
    {"production and sales", phase_production_sales},   // 6
    {"subcontract settlement", settle_subcontracts},    // 6c
    {"selling agents", switch_selling_agents},          // 6b
    {"services (BDS)", phase_services},                 // 7
    {"institutions", phase_institutions},               // 7b
    {"learning and investment", phase_learning_investment},  // 8
    {"networks", phase_networks},                       // 9
    {"accounting", phase_accounting},                   // 10
    {"demography", phase_demography},                   // 11
    {"observation", observe},                           // 12
};

}  // namespace

std::span<const StepPhase> step_phases() { return kPhases; }

void step(World& w, const PhaseHook& after_phase) {
  ++w.step;
  w.ledger.clear_flows();
  for (const StepPhase& p : kPhases) {
    p.run(w);
    if (after_phase) after_phase(p.name);
  }
#ifdef CLUSTERSIM_CHECKED
  if (auto problems = check_books(w); !problems.empty())
    throw std::logic_error("books do not close at step " + std::to_string(w.step) + ": " + problems.front());
#endif
}

}  // namespace cs
