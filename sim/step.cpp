// The monthly step: one readable list of phases, each with the data it reads and writes
// (docs/model.md section 4).
#include <stdexcept>
#include <string>

#include "observe/observe.hpp"
#include "phases/phases.hpp"
#include "phases/settle.hpp"

namespace cs {

namespace {

// The phases in the order step() calls them; bench/ times them one by one (--phases). Each
// declares what it reads and writes (StepPhase): firm columns by name, the rest of the World as
// w.<member>; `firms` means whole rows (demography removes and creates firms). Every phase also
// reads w.params, w.step and which slots hold alive firms of which cluster (alive, cluster), not
// repeated here. tests/invariants/test_dataflow.cpp checks the declarations.
constexpr StepPhase kPhases[] = {
    {"policy", phase_policy,  // 1
     "uid capital prod quality revenue cash debt debt_inf inventory unit_cost recv[0] recv[1] recv[2] "
     "w.policy w.clusters w.indicators w.inst w.levers w.members w.part w.created",
     "w.policy w.levers w.ledger w.clusters w.part"},
    {"environment", phase_environment,  // 2
     "w.env w.clusters w.levers",
     "w.env w.clusters"},
    {"technology offers", phase_technology_offers,  // 3
     "uid known_prod known_energy w.env w.levers",
     "known_prod known_energy"},
    {"firm shocks", phase_firm_shocks,  // 3b
     "uid tfp orders price sold w.clusters",
     "tfp orders"},
    {"competition", phase_competition,  // 4
     "prod skill tfp energy quality markup orders share share_prev unfilled w.env w.clusters w.members w.levers",
     "markup unit_cost price share share_prev msg.demand msg.exit_mark"},
    {"export market", phase_export_market,  // 4c
     "uid price unit_cost quality unfilled cash debt_inf xshare msg.exit_mark w.clusters w.members w.levers",
     "xshare cash w.ledger"},
    {"foreign orders", phase_foreign_orders,  // 4b
     "uid capital price quality cert_until consortium export_qty export_price export_sold "
     "w.exports w.net w.env w.clusters w.members w.levers w.part",
     "export_qty export_price w.exports w.net w.part"},
    {"planning and finance", phase_planning_finance,  // 5
     "bank capital prod known_prod energy known_energy employees price unit_cost msg.demand exp_demand inventory "
     "export_qty xshare revenue profit_avg cash debt debt_inf recv[0] recv[1] recv[2] credit_class "
     "w.banks w.env w.clusters w.members w.levers w.part",
     "msg.adopt msg.inv_plan msg.wc_need msg.credit_req msg.credit_ok credit_class msg.rationed cash debt debt_inf "
     "w.banks w.ledger w.clusters w.part"},
    {"subcontracting plan", phase_subcontracting,  // 6a
     "uid capital price msg.demand inventory export_qty xshare sub_in sub_out sub_price w.net w.env w.clusters",
     "msg.demand sub_in sub_out sub_price w.exports"},
    {"production and sales", phase_production_sales,  // 6
     "direct agent capital prod skill tfp energy employees price unit_cost msg.demand exp_demand inventory "
     "export_qty export_price xshare sub_in sub_price cash debt debt_inf recv[0] recv[1] recv[2] credit_class "
     "w.agents w.env w.clusters w.levers",
     "msg.output employees sold inventory unfilled exp_demand revenue msg.profit export_sold msg.export_revenue msg.sub_done "
     "cash recv[0] recv[1] recv[2] w.ledger"},
    {"subcontract settlement", settle_subcontracts,  // 6c
     "sub_in msg.sub_done cash msg.profit w.exports w.net w.clusters w.members",
     "cash msg.profit w.net"},
    {"selling agents", switch_selling_agents,  // 6b
     "uid direct agent revenue cash recv[0] recv[1] recv[2] w.agents w.clusters",
     "direct agent cash recv[0] recv[1] recv[2] w.ledger"},
    {"services (BDS)", phase_services,  // 7
     "uid prod skill quality employees revenue msg.profit cash debt debt_inf credit_class cert_until "
     "w.bds w.net w.clusters w.members w.created w.levers w.part",
     "prod skill quality msg.profit cash credit_class cert_until w.bds w.ledger w.clusters w.levers w.part"},
    {"institutions", phase_institutions,  // 7b
     "uid neighbourhood prod skill tfp msg.output revenue msg.profit cash debt debt_inf credit_class consortium "
     "awareness w.inst w.exports w.net w.env w.clusters w.members w.created w.levers w.part",
     "prod msg.profit cash consortium awareness w.inst w.exports w.net w.ledger w.clusters w.levers w.part"},
    {"learning and investment", phase_learning_investment,  // 8
     "uid msg.adopt msg.inv_plan capital prod known_prod energy known_energy skill quality employees revenue "
     "msg.profit cash debt debt_inf credit_class w.net w.env w.clusters w.levers w.part",
     "capital prod msg.prod_next energy skill quality msg.profit cash w.ledger w.clusters w.levers w.part"},
    {"networks", phase_networks,  // 9
     "uid opportunism consortium w.exports w.net w.clusters w.members w.levers w.part",
     "consortium w.exports w.net"},
    {"accounting", phase_accounting,  // 10
     "uid bank capital unit_cost msg.output revenue msg.profit profit_avg cash debt debt_inf recv[0] recv[1] recv[2] "
     "credit_class missed neg_nw msg.rationed w.banks w.clusters w.levers",
     "msg.profit profit_avg cash debt debt_inf missed neg_nw msg.exit_mark msg.spawn w.banks w.ledger w.clusters"},
    {"demography", phase_demography,  // 11
     "uid msg.exit_mark msg.spawn x y neighbourhood bank prod capital share share_prev consortium cash debt debt_inf "
     "recv[0] recv[1] recv[2] w.agents w.banks w.env w.clusters w.members w.free_slots w.net w.levers",
     "firms w.next_uid w.banks w.ledger w.net w.exports w.clusters w.members w.free_slots w.created w.levers"},
    {"observation", observe,  // 12
     "uid birth capital prod skill tfp energy employees markup price unit_cost share msg.demand msg.output sold "
     "inventory revenue export_sold msg.export_revenue cash debt debt_inf recv[0] recv[1] recv[2] "
     "w.banks w.bds w.inst w.exports w.net w.env w.clusters w.members w.free_slots w.levers w.part",
     "w.indicators"},
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
