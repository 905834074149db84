// Selling agents: a share of each agent's clients compares its terms with another agent's each
// month and switches with the JMAB probability P = 1 - exp(lambda (x_new - x_old) / x_new) when
// the other is cheaper, x being the agent's cost to the firm: commission plus the interest lost
// over the payment delay. The old agent settles what it owes on the way out. A firm that grows
// to direct_access_employees starts selling on its own (its agent settles too).
#include <cmath>

#include "core/rng.hpp"
#include "phases/phases.hpp"
#include "phases/settle.hpp"

namespace cs {

void switch_selling_agents(World& w) {
  const Params& P = w.params;
  Firms& f = w.firms;
  const auto t = static_cast<std::uint32_t>(w.step);
  auto cost = [&](std::size_t a) { return w.agents.commission[a] + w.agents.delay[a] * P.finance.rate_base; };
  // Switches are decided in parallel, each firm on its own row; what the old agent owes is
  // summed by old agent for its side of the settlement.
  auto& u = w.scratch[0];  // each firm's first agent_switch uniform, drawn in bulk
  draw_uniforms(w, Stream::agent_switch, u);
  const auto paid = all_group_sums(w, [&](std::size_t c) { return w.clusters[c].n_agents; }, 1, [&](Slot i, auto add) {
    if (f.direct[i]) return;
    const ClusterState& cl = w.clusters[f.cluster[i]];
    if (f.employees[i] >= P.market.direct_access_employees) {
      // Grown large enough to sell on its own: the agent settles and the firm leaves it.
      const double due = f.recv[0][i] + f.recv[1][i] + f.recv[2][i];
      add(f.agent[i], 0, due);
      f.cash[i] += due;
      f.recv[0][i] = f.recv[1][i] = f.recv[2][i] = 0;
      f.direct[i] = 1;
      return;
    }
    if (cl.n_agents < 2 || !(u[i] < P.market.agent_switch_share)) return;
    Rng r(P.run.seed, Stream::agent_switch, f.uid[i], t);
    r.discard(2);  // the uniform drawn in bulk above
    const std::uint32_t other = r.below(cl.n_agents);
    const double x_old = cost(cl.first_agent + f.agent[i]), x_new = cost(cl.first_agent + other);
    if (x_new >= x_old || !r.bernoulli(1.0 - std::exp(P.market.agent_switch_lambda * (x_new - x_old) / x_new))) return;
    const double due = f.recv[0][i] + f.recv[1][i] + f.recv[2][i];
    add(f.agent[i], 0, due);
    f.cash[i] += due;
    f.recv[0][i] = f.recv[1][i] = f.recv[2][i] = 0;
    f.agent[i] = static_cast<std::uint16_t>(other);
  });
  for (std::size_t c = 0; c < w.clusters.size(); ++c) {
    const ClusterState& cl = w.clusters[c];
    for (std::uint32_t a = 0; a < cl.n_agents; ++a)
      w.ledger.to_firms(w.agents.account[cl.first_agent + a], paid[c][a], Flow::agent_payment);
  }
}

}  // namespace cs
