// Production and sales: selling agents pay what falls due, firms produce within capacity and
// cash, pay wages, inputs and energy, and sell from output and stock, directly to households or
// through their selling agent, who pays (1 - commission) later.
#include <algorithm>
#include <cmath>

#include "phases/finance.hpp"
#include "phases/market.hpp"
#include "phases/phases.hpp"
#include "phases/settle.hpp"

namespace cs {

namespace {

// The flows a firm reports in production and sales, summed by selling agent.
enum SaleFlow : int {
  agent_paid,       // paid by its agent: the sales that fall due this month
  household_goods,  // paid by households for the goods (to the firm, or to its agent)
  commission,       // kept by the agent
  wages,
  inputs,
  energy,
  overheads,
  export_revenue,   // from the rest of the world
  export_penalty,   // to the rest of the world, for an order not delivered
  sub_sales,        // units made for contractors, paid by their customers to the maker directly
  transport,        // a share of the value sold, paid to households (local carriers)
  kSaleFlows
};

}  // namespace

void phase_production_sales(World& w) {
  const Params& P = w.params;
  const auto& M = P.market;
  const auto& T = P.tech;
  const auto& X = P.exports;
  Firms& f = w.firms;
  const double p_in = w.env.input_price, p_e = w.env.energy_price;

  // Each firm updates its own row and reports its flows (SaleFlow) by selling agent (direct
  // sales are group n_agents). The sums settle the ledger side below.
  const double transport_rate = M.transport_cost * (1.0 - std::clamp(w.levers.transport_cut, 0.0, 1.0));
  const AccountId hh = w.ledger.sector(Sector::households);
  const DebtService debt_service(w);
  const auto g = all_group_sums(
      w, [&](std::size_t c) { return w.clusters[c].n_agents + 1; }, kSaleFlows, [&](Slot i, auto add_to_group) {
        const ClusterState& cl = w.clusters[f.cluster[i]];
        const std::size_t group = f.direct[i] ? cl.n_agents : f.agent[i];
        // The flows are gathered here and added to the group's sums at the end, in flow order
        // (the same sums; the stores to the sums then do not interleave with the row's).
        double flow[kSaleFlows] = {};
        auto add = [&flow](std::size_t, SaleFlow k, double x) { flow[k] += x; };
        const double due = f.recv[0][i];
        add(group, agent_paid, due);
        f.cash[i] += due;
        f.recv[0][i] = f.recv[1][i];
        f.recv[1][i] = f.recv[2][i];
        f.recv[2][i] = 0;

        // Fixed costs come first and do not scale with output; debt service is kept aside.
        const double reserve = debt_service(i);
        const double overhead = std::min(std::max(0.0, f.cash[i] - reserve), T.overhead * f.capital[i]);
        add(group, overheads, overhead);
        f.cash[i] -= overhead;

        const double a_eff = eff_prod(f, i);
        const double c_var = f.unit_cost[i];
        const double foreign_asked = standing_demand(w, i);
        const double wanted = std::max(0.0, f.msg.demand[i] + foreign_asked + f.export_qty[i] + f.sub_in[i] +
                                                M.inventory_target * f.exp_demand[i] - f.inventory[i]);
        const double budget = std::max(0.0, f.cash[i] - reserve) * (1.0 - 1e-6) / c_var;  // margin for rounding
        const double q = std::max(0.0, std::min({wanted, capacity(f, i, T.capital_per_unit) * w.env.power_mult, budget}));
        f.msg.output[i] = static_cast<float>(q);
        // Labour adjusts downwards at most labour_adjust a month (firing frictions): workers kept
        // beyond need are paid while cash allows, after the variable costs of q at what they cost
        // now (c_var is their float copy, a little off) and a margin for rounding on the whole.
        const double needed = q / a_eff;
        const double keep = (1.0 - M.labour_adjust) * f.employees[i];
        const double cost_q = M.wage * needed + (M.input_per_unit * p_in + f.energy[i] * p_e) * f.msg.output[i];
        const double room = std::max(0.0, std::max(0.0, f.cash[i] - reserve) * (1.0 - 1e-6) - cost_q) / M.wage;
        f.employees[i] = static_cast<float>(needed + std::min(std::max(0.0, keep - needed), room));
        const double wages = M.wage * f.employees[i];
        const double inputs = M.input_per_unit * p_in * f.msg.output[i];
        const double energy = f.energy[i] * p_e * f.msg.output[i];
        add(group, SaleFlow::wages, wages);
        add(group, SaleFlow::inputs, inputs);
        add(group, SaleFlow::energy, energy);
        f.cash[i] -= wages + inputs + energy;

        // Export commitments are served first, at the order's price, paid by the rest of the
        // world; a shortfall costs a penalty.
        const double exported = std::min<double>(f.export_qty[i], f.msg.output[i] + f.inventory[i]);
        const double export_revenue = exported * f.export_price[i];
        add(group, SaleFlow::export_revenue, export_revenue);
        f.cash[i] += export_revenue;
        const double penalty = std::min(std::max(0.0, f.cash[i] - reserve),
                                        X.penalty_share * (f.export_qty[i] - exported) * f.export_price[i]);
        add(group, export_penalty, penalty);
        f.cash[i] -= penalty;

        // Then the units made for contractors, sold to their customers at their price.
        const double for_others = std::min<double>(f.sub_in[i], f.msg.output[i] + f.inventory[i] - exported);
        f.msg.sub_done[i] = static_cast<float>(for_others);
        const double sub_revenue = for_others * f.sub_price[i];
        add(group, sub_sales, sub_revenue);
        f.cash[i] += sub_revenue;

        // Then standing foreign customers, at the domestic price, and the home market.
        const double avail_abroad = f.msg.output[i] + f.inventory[i] - exported - for_others;
        const double abroad = std::min(foreign_asked, avail_abroad);
        const double abroad_revenue = abroad * f.price[i];
        f.export_sold[i] = static_cast<float>(exported + abroad);
        f.msg.export_revenue[i] = static_cast<float>(export_revenue + abroad_revenue);
        add(group, SaleFlow::export_revenue, abroad_revenue);
        f.cash[i] += abroad_revenue;
        const double avail = avail_abroad - abroad;
        const double sold = std::min<double>(f.msg.demand[i], avail);
        f.sold[i] = static_cast<float>(sold);
        f.inventory[i] = static_cast<float>(avail - sold);
        const double asked = double(f.msg.demand[i]) + foreign_asked;
        f.unfilled[i] = asked > 0 ? static_cast<float>((asked - sold - abroad) / asked) : 0.f;
        const double revenue = f.price[i] * sold;
        f.revenue[i] = static_cast<float>(revenue + export_revenue + abroad_revenue + sub_revenue);
        add(group, household_goods, revenue);
        double commission = 0;
        if (f.direct[i]) {
          f.cash[i] += revenue;
        } else {
          const std::size_t a = cl.first_agent + f.agent[i];
          commission = w.agents.commission[a] * revenue;
          add(group, SaleFlow::commission, commission);
          f.recv[w.agents.delay[a] - 1][i] += revenue - commission;
        }
        // Transport to customers, within cash (what cannot be paid now is not shipped at a cost).
        const double transport = std::min(std::max(0.0, f.cash[i] - reserve),
                                          transport_rate * (revenue + export_revenue + abroad_revenue + sub_revenue));
        add(group, SaleFlow::transport, transport);
        f.cash[i] -= transport;
        f.exp_demand[i] += static_cast<float>(M.expectation_theta * (asked - f.exp_demand[i]));
        f.msg.profit[i] = static_cast<float>(revenue + export_revenue + abroad_revenue + sub_revenue - penalty - commission - wages - inputs - energy - overhead -
                                         transport - T.depreciation * f.capital[i]);
        for (int k = 0; k < kSaleFlows; ++k) add_to_group(group, k, flow[k]);
      });
  for (std::size_t c = 0; c < w.clusters.size(); ++c) {
    const ClusterState& cl = w.clusters[c];
    const auto& s = g[c];
    auto of = [&s](std::uint32_t group, SaleFlow k) { return s[group * kSaleFlows + k]; };
    // A flow over every group (the agents' clients and the direct sellers), in group order.
    auto total = [&](SaleFlow k) {
      double t = 0;
      for (std::uint32_t a = 0; a <= cl.n_agents; ++a) t += of(a, k);
      return t;
    };
    const AccountId row = w.ledger.sector(Sector::rest_of_world);
    w.ledger.to_firms(hh, total(sub_sales), Flow::sales);
    w.ledger.to_firms(row, total(SaleFlow::export_revenue), Flow::exports);
    w.ledger.from_firms(row, total(export_penalty), Flow::export_penalty);
    w.ledger.from_firms(hh, total(SaleFlow::wages), Flow::wages);
    w.ledger.from_firms(w.ledger.sector(Sector::input_suppliers), total(SaleFlow::inputs), Flow::inputs);
    w.ledger.from_firms(w.ledger.sector(Sector::energy_utilities), total(SaleFlow::energy), Flow::energy);
    w.ledger.from_firms(hh, total(overheads), Flow::overhead);
    w.ledger.from_firms(hh, total(SaleFlow::transport), Flow::overhead);  // transport: no flow kind of its own
    w.ledger.to_firms(hh, of(cl.n_agents, household_goods), Flow::sales);
    for (std::uint32_t a = 0; a < cl.n_agents; ++a) {
      const AccountId acc = w.agents.account[cl.first_agent + a];
      // An agent pays what falls due to its current clients; a client who left was settled then.
      w.ledger.to_firms(acc, of(a, agent_paid), Flow::agent_payment);
      w.ledger.transfer(hh, acc, of(a, household_goods), Flow::sales);
      w.ledger.transfer(acc, hh, of(a, SaleFlow::commission), Flow::commission);
    }
  }
}

}  // namespace cs
