#pragma once
// The phases of the monthly step, in the order step() calls them (docs/model.md section 4). Each
// is a free function over the World; the phase table in step.cpp declares what it reads and
// writes, and tests/invariants/test_dataflow.cpp checks the declarations.
#include <utility>
#include <vector>

#include "world.hpp"

namespace cs {

/// 1. Policy: levers for this month. Reads params; writes w.levers.
void phase_policy(World& w);

/// 2. Environment: input and energy prices, domestic demand per cluster, frontier vintage,
/// scheduled shocks. Reads params.shocks; writes w.env and ClusterState::demand.
void phase_environment(World& w);

/// 3. Technology offers: brochures tell firms about the frontier vintage.
/// Reads env.frontier_*; writes Firms::known_prod, known_energy.
void phase_technology_offers(World& w);

/// 3b. Firm shocks: each firm's efficiency z moves (AR(1) in logs) and its domestic customers come
/// and go (firm_shocks.cpp). Reads tfp, orders, price, sold; writes tfp, orders.
void phase_firm_shocks(World& w);

/// 4. Competition: markups, unit costs, prices, competitiveness, replicator shares, demand per
/// firm; marks firms whose share fell below f_min. Writes markup, unit_cost, price, share,
/// share_prev, demand, exit_mark.
void phase_competition(World& w);

/// 4c. Standing export market: exporters' foreign shares by the replicator, exits from and entry
/// into exporting, each exporter's foreign demand (export_market.cpp). Reads price, unit_cost,
/// quality, unfilled, cash, exit_mark, ClusterState::foreign; writes exporter, xshare, xdemand,
/// cash (the entry cost, paid to households).
void phase_export_market(World& w);

/// Picks cluster c's initial exporters and splits their output between the domestic and the
/// standing foreign market so that exports are [[cluster]] export_share of turnover (make_world).
void init_export_market(World& w, std::size_t c);

/// 4b. Foreign orders: last month's deliveries judged (visibility, trust, cancellation); new
/// buyers arrive, qualified firms and consortia bid, the logit picks. Writes w.exports and the
/// suppliers' export_qty and export_price.
void phase_foreign_orders(World& w);

/// 5. Planning and finance: planned output and investment, credit requests, bank decisions with
/// their lending caps, informal borrowing. Writes wc_need, inv_plan, adopt, credit_*, rationed,
/// cash, debt, debt_inf, bank and moneylender accounts.
void phase_planning_finance(World& w);

/// 6a. Subcontracting: firms whose orders exceed capacity pass the excess to trusted linked firms
/// with spare capacity. Writes sub_in, sub_out, sub_price, the contractors' demand and
/// w.exports.subcontracts.
void phase_subcontracting(World& w);

/// 6c. Subcontracts settled after production: the maker passes the contractor its margin on what
/// it delivered; trust rises after full delivery and falls after a shortfall.
void settle_subcontracts(World& w);

/// 6. Production and sales: agents pay what is due, output within capacity and cash, wages,
/// inputs, energy, sales direct or via agents, inventories, unfilled demand, expectations.
void phase_production_sales(World& w);

/// 6b. Selling agents: clients compare terms and switch (JMAB rule), or grow out of needing an
/// agent; the old agent settles.
/// Writes Firms::agent, recv, cash and agents' accounts.
void switch_selling_agents(World& w);

/// 7. Services: BDS purchases and their effects, provider entry and exit (agents/bds.hpp).
void phase_services(World& w);

/// 7b. Institutions: the association (membership, fees, services, rating), the CDA's
/// activities, and CFCs (SPV formation, construction, use, fees, O&M, closure).
void phase_institutions(World& w);

/// 8. Learning and investment: R&D and innovation, imitation over the trust network, vintage
/// replacement and expansion, skill and quality dynamics.
void phase_learning_investment(World& w);

/// 9. Networks: consortium defections and formations, with their trust updates.
void phase_networks(World& w);

/// Firm i, outside any consortium, invites the linked firms outside any consortium that it trusts
/// at least `min_trust`, most trusted first, up to exports.consortium_max; with at least
/// exports.consortium_min members the consortium forms and unlinked members get a link. Returns
/// whether it formed. Used by spontaneous formation and by CDA brokering.
bool form_consortium(World& w, Slot i, double min_trust);

/// The active orders supplied by a single firm, as (firm, order index) pairs in ascending order.
using FirmOrders = std::vector<std::pair<Slot, std::uint32_t>>;
FirmOrders single_firm_orders(const World& w);

/// Removes an exiting firm from its order and consortium (called by demography). `firm_orders`:
/// single_firm_orders before the month's exits (no exit gives a firm a new order).
void leave_exports(World& w, Slot i, const FirmOrders& firm_orders);

/// 10. Accounting: interest and repayments, informal debt, taxes, profit, missed payments, NPA and
/// insolvency marks, spin-off marks.
void phase_accounting(World& w);

/// 11. Demography: exits settled (recoveries, write-offs, links removed), entrants and spin-offs
/// created, shares renormalised, member lists rebuilt.
void phase_demography(World& w);

}  // namespace cs
