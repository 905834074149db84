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

void phase_production_sales(World& w) {
  const Params& P = w.params;
  const auto& M = P.market;
  const auto& T = P.tech;
  const auto& X = P.exports;
  Firms& f = w.firms;
  const double p_in = w.env.input_price, p_e = w.env.energy_price;

  // Each firm updates its own row and reports its flows by selling agent (direct sales are
  // group n_agents): 0 paid by the agent, 1 paid by households for the goods, 2 commission,
  // 3 wages, 4 inputs, 5 energy, 6 overheads, 7 export revenue, 8 export penalties, 9 sales of
  // units made for contractors (paid by their customers to the maker directly), 10 transport
  // (a share of the value sold, paid to households: local carriers). The sums settle the ledger
  // side below.
  const double transport_rate = M.transport_cost * (1.0 - std::clamp(w.levers.transport_cut, 0.0, 1.0));
  const AccountId hh = w.ledger.sector(Sector::households);
  const DebtService debt_service(w);
  const auto g = all_group_sums(
      w, [&](std::size_t c) { return w.clusters[c].n_agents + 1; }, 11, [&](Slot i, auto add_to_group) {
        const ClusterState& cl = w.clusters[f.cluster[i]];
        const std::size_t group = f.direct[i] ? cl.n_agents : f.agent[i];
        // The flows are gathered here and added to the group's sums at the end, in flow order
        // (the same sums; the stores to the sums then do not interleave with the row's).
        double flow[11] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        auto add = [&flow](std::size_t, int k, double x) { flow[k] += x; };
        const double due = f.recv[0][i];
        add(group, 0, due);
        f.cash[i] += due;
        f.recv[0][i] = f.recv[1][i];
        f.recv[1][i] = f.recv[2][i];
        f.recv[2][i] = 0;

        // Fixed costs come first and do not scale with output; debt service is kept aside.
        const double reserve = debt_service(i);
        const double overhead = std::min(std::max(0.0, f.cash[i] - reserve), T.overhead * f.capital[i]);
        add(group, 6, overhead);
        f.cash[i] -= overhead;

        const double a_eff = eff_prod(f, i);
        const double c_var = f.unit_cost[i];
        const double foreign_asked = standing_demand(w, i);
        const double wanted = std::max(0.0, f.demand[i] + foreign_asked + f.export_qty[i] + f.sub_in[i] +
                                                M.inventory_target * f.exp_demand[i] - f.inventory[i]);
        const double budget = std::max(0.0, f.cash[i] - reserve) * (1.0 - 1e-6) / c_var;  // margin for rounding
        const double q = std::max(0.0, std::min({wanted, capacity(f, i, T.capital_per_unit) * w.env.power_mult, budget}));
        f.output[i] = static_cast<float>(q);
        // Labour adjusts downwards at most labour_adjust a month (firing frictions): workers kept
        // beyond need are paid while cash allows, after the variable costs of q at what they cost
        // now (c_var is their float copy, a little off) and a margin for rounding on the whole.
        const double needed = q / a_eff;
        const double keep = (1.0 - M.labour_adjust) * f.employees[i];
        const double cost_q = M.wage * needed + (M.input_per_unit * p_in + f.energy[i] * p_e) * f.output[i];
        const double room = std::max(0.0, std::max(0.0, f.cash[i] - reserve) * (1.0 - 1e-6) - cost_q) / M.wage;
        f.employees[i] = static_cast<float>(needed + std::min(std::max(0.0, keep - needed), room));
        const double wages = M.wage * f.employees[i];
        const double inputs = M.input_per_unit * p_in * f.output[i];
        const double energy = f.energy[i] * p_e * f.output[i];
        add(group, 3, wages);
        add(group, 4, inputs);
        add(group, 5, energy);
        f.cash[i] -= wages + inputs + energy;

        // Export commitments are served first, at the order's price, paid by the rest of the
        // world; a shortfall costs a penalty.
        const double exported = std::min<double>(f.export_qty[i], f.output[i] + f.inventory[i]);
        const double export_revenue = exported * f.export_price[i];
        add(group, 7, export_revenue);
        f.cash[i] += export_revenue;
        const double penalty = std::min(std::max(0.0, f.cash[i] - reserve),
                                        X.penalty_share * (f.export_qty[i] - exported) * f.export_price[i]);
        add(group, 8, penalty);
        f.cash[i] -= penalty;

        // Then the units made for contractors, sold to their customers at their price.
        const double for_others = std::min<double>(f.sub_in[i], f.output[i] + f.inventory[i] - exported);
        f.sub_done[i] = static_cast<float>(for_others);
        const double sub_revenue = for_others * f.sub_price[i];
        add(group, 9, sub_revenue);
        f.cash[i] += sub_revenue;

        // Then standing foreign customers, at the domestic price, and the home market.
        const double avail_abroad = f.output[i] + f.inventory[i] - exported - for_others;
        const double abroad = std::min(foreign_asked, avail_abroad);
        const double abroad_revenue = abroad * f.price[i];
        f.export_sold[i] = static_cast<float>(exported + abroad);
        f.export_revenue[i] = static_cast<float>(export_revenue + abroad_revenue);
        add(group, 7, abroad_revenue);
        f.cash[i] += abroad_revenue;
        const double avail = avail_abroad - abroad;
        const double sold = std::min<double>(f.demand[i], avail);
        f.sold[i] = static_cast<float>(sold);
        f.inventory[i] = static_cast<float>(avail - sold);
        const double asked = double(f.demand[i]) + foreign_asked;
        f.unfilled[i] = asked > 0 ? static_cast<float>((asked - sold - abroad) / asked) : 0.f;
        const double revenue = f.price[i] * sold;
        f.revenue[i] = static_cast<float>(revenue + export_revenue + abroad_revenue + sub_revenue);
        add(group, 1, revenue);
        double commission = 0;
        if (f.direct[i]) {
          f.cash[i] += revenue;
        } else {
          const std::size_t a = cl.first_agent + f.agent[i];
          commission = w.agents.commission[a] * revenue;
          add(group, 2, commission);
          f.recv[w.agents.delay[a] - 1][i] += revenue - commission;
        }
        // Transport to customers, within cash (what cannot be paid now is not shipped at a cost).
        const double transport = std::min(std::max(0.0, f.cash[i] - reserve),
                                          transport_rate * (revenue + export_revenue + abroad_revenue + sub_revenue));
        add(group, 10, transport);
        f.cash[i] -= transport;
        f.exp_demand[i] += static_cast<float>(M.expectation_theta * (asked - f.exp_demand[i]));
        f.profit[i] = static_cast<float>(revenue + export_revenue + abroad_revenue + sub_revenue - penalty - commission - wages - inputs - energy - overhead -
                                         transport - T.depreciation * f.capital[i]);
        for (int k = 0; k < 11; ++k) add_to_group(group, k, flow[k]);
      });
  for (std::size_t c = 0; c < w.clusters.size(); ++c) {
    const ClusterState& cl = w.clusters[c];
    const auto& s = g[c];
    double costs[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    for (std::uint32_t a = 0; a <= cl.n_agents; ++a)
      for (int k = 0; k < 8; ++k) costs[k] += s[a * 11 + 3 + k];
    w.ledger.to_firms(hh, costs[6], Flow::sales);
    const AccountId row = w.ledger.sector(Sector::rest_of_world);
    w.ledger.to_firms(row, costs[4], Flow::exports);
    w.ledger.from_firms(row, costs[5], Flow::export_penalty);
    w.ledger.from_firms(hh, costs[0], Flow::wages);
    w.ledger.from_firms(w.ledger.sector(Sector::input_suppliers), costs[1], Flow::inputs);
    w.ledger.from_firms(w.ledger.sector(Sector::energy_utilities), costs[2], Flow::energy);
    w.ledger.from_firms(hh, costs[3], Flow::overhead);
    w.ledger.from_firms(hh, costs[7], Flow::overhead);  // transport: no flow kind of its own
    w.ledger.to_firms(hh, s[cl.n_agents * 11 + 1], Flow::sales);
    for (std::uint32_t a = 0; a < cl.n_agents; ++a) {
      const AccountId acc = w.agents.account[cl.first_agent + a];
      // An agent pays what falls due to its current clients; a client who left was settled then.
      w.ledger.to_firms(acc, s[a * 11 + 0], Flow::agent_payment);
      w.ledger.transfer(hh, acc, s[a * 11 + 1], Flow::sales);
      w.ledger.transfer(acc, hh, s[a * 11 + 2], Flow::commission);
    }
  }
}

}  // namespace cs
