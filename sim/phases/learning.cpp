// Learning and investment (MODEL.md section 6): R&D-driven innovation, imitation of trusted
// neighbours, vintage replacement and capacity expansion, skill and quality dynamics. Imitation
// reads neighbours' productivity, so new productivity is written to prod_next and applied after
// the parallel loop.
#include <algorithm>
#include <cmath>

#include "core/rng.hpp"
#include "phases/finance.hpp"
#include "phases/phases.hpp"
#include "phases/settle.hpp"

namespace cs {

void phase_learning_investment(World& w) {
  const Params& P = w.params;
  const auto& T = P.tech;
  const auto& M = P.market;
  Firms& f = w.firms;
  const auto seed = P.run.seed;
  const auto t = static_cast<std::uint32_t>(w.step);
  const double subsidy = w.levers.capital_subsidy;

  // Each firm updates its own row and reports 0 R&D paid to households, 1 investment paid to
  // machinery suppliers, 2 the programme's subsidy share of replaced vintages.
  const auto s = all_cluster_sums<3>(w, [&](Slot i, Sums<3>& acc) {
    double a = f.prod[i];
    const double reserve = debt_service(w, i);
    const double rd = std::min(std::max(0.0, f.cash[i] - reserve), T.rd_share * f.revenue[i]);
    acc[0] += rd;
    f.cash[i] -= rd;
    f.profit[i] -= static_cast<float>(rd);

    // Innovation: P = 1 - exp(-zeta1 effort), effort the square root of R&D in worker-months
    // (diminishing returns, so that large firms do not run away from the frontier).
    Rng ri(seed, Stream::innovation, f.uid[i], t);
    if (ri.bernoulli(1.0 - std::exp(-T.zeta_innovation * std::sqrt(rd / M.wage)))) {
      const double x = T.innovation_lo + (T.innovation_hi - T.innovation_lo) * ri.beta(T.innovation_beta_a, T.innovation_beta_b);
      if (x > 0) {
        a *= 1.0 + x;
        f.quality[i] += static_cast<float>(T.quality_innovation_gain * (1.0 - f.quality[i]));
      }
    }

    // Imitation: exposure is the trust on the firm's links; the model firm is drawn with weight
    // trust / technological distance; the firm closes a share of the gap.
    const int deg = w.net.degree(i);
    if (deg > 0) {
      double exposure = 0;
      for (int k = 0; k < deg; ++k) exposure += w.net.trust_at(i, k, w.step);
      Rng rm(seed, Stream::imitation, f.uid[i], t);
      if (rm.bernoulli(1.0 - std::exp(-T.zeta_imitation * exposure))) {
        double wsum = 0;
        double weights[64];
        for (int k = 0; k < deg; ++k) {
          const Slot j = w.net.neighbour(i, k);
          const double dist = std::fabs(std::log(double(f.prod[j]) / f.prod[i])) + 0.01;
          weights[k] = w.net.trust_at(i, k, w.step) / dist;
          wsum += weights[k];
        }
        double u = rm.uniform() * wsum;
        int pick = deg - 1;
        for (int k = 0; k < deg; ++k) {
          if ((u -= weights[k]) <= 0) {
            pick = k;
            break;
          }
        }
        const double aj = f.prod[w.net.neighbour(i, pick)];
        if (aj > f.prod[i]) a = std::max(a, f.prod[i] + T.imitation_gap_share * (aj - f.prod[i]));
      }
    }

    // Investment within cash: full vintage replacement if chosen and affordable, else
    // replacement of depreciation and expansion with the best vintage the firm knows.
    double cash_left = std::max(0.0, f.cash[i] - reserve);
    const double k0 = f.capital[i];
    double paid = 0, sub = 0;
    double e = f.energy[i];
    if (f.adopt[i] && cash_left >= k0 * (1.0 - subsidy)) {
      paid = k0 * (1.0 - subsidy);
      sub = k0 * subsidy;
      a = std::max(a, double(f.known_prod[i]));
      e = f.known_energy[i];
      cash_left -= paid;
    }
    const double kept = k0 * (1.0 - T.depreciation);
    // The rest of the plan (depreciation and expansion) excludes the replacement, done or not.
    const double plan = std::max(0.0, double(f.inv_plan[i]) - (f.adopt[i] ? k0 * (1.0 - subsidy) : 0.0));
    const double added = std::min(plan, cash_left);
    if (added > 0) {
      const bool better = f.known_prod[i] > a;
      const double an = better ? double(f.known_prod[i]) : a, en = better ? double(f.known_energy[i]) : e;
      a = (a * kept + an * added) / (kept + added);
      e = (e * kept + en * added) / (kept + added);
      paid += added;
    }
    f.capital[i] = kept + added;
    f.energy[i] = static_cast<float>(e);
    acc[1] += paid;
    acc[2] += sub;
    f.cash[i] -= paid;
    f.prod_next[i] = static_cast<float>(a);
    f.quality[i] += static_cast<float>(T.quality_decay * (T.quality_floor - f.quality[i]));
  });

  // Apply new vintages; skill converges towards A_v (EURACE).
  for_each_firm(w, [&](Slot i) {
    f.prod[i] = f.prod_next[i];
    f.skill[i] += static_cast<float>(T.skill_learning * (f.prod[i] - f.skill[i]));
  });

  const AccountId hh = w.ledger.sector(Sector::households);
  const AccountId mach = w.ledger.sector(Sector::machinery_suppliers);
  for (std::size_t c = 0; c < w.clusters.size(); ++c) {
    w.ledger.from_firms(hh, s[c][0], Flow::rd);
    w.ledger.from_firms(mach, s[c][1], Flow::investment);
    w.ledger.transfer(w.ledger.sector(Sector::programme), mach, s[c][2], Flow::investment);
  }
}

}  // namespace cs
