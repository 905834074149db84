// Learning and investment (MODEL.md section 6): R&D-driven innovation, imitation of trusted
// neighbours, vintage replacement and capacity expansion, skill and quality dynamics. Imitation
// reads neighbours' productivity, so new productivity is written to prod_next and applied after
// the parallel loop.
#include <algorithm>
#include <cmath>
#include <vector>

#include "core/rng.hpp"
#include "phases/finance.hpp"
#include "phases/hazard.hpp"
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
  Levers& L = w.levers;
  Purse& tech_purse = L.purse[idx(Channel::tech_upgradation)];
  Purse& ee_purse = L.purse[idx(Channel::energy_efficiency)];

  // Capital subsidies on replaced vintages: the month's requests (firms that chose to replace)
  // are summed in cluster order; when a purse cannot pay them all, every firm gets the same
  // share of its request (pro rata) and decides with what it actually gets. A purse with a
  // budget per cluster pays each cluster's firms pro rata within that cluster's budget too.
  const std::size_t nc = w.clusters.size();
  std::vector<double> share_tech(nc, 1.0), share_ee(nc, 1.0);
  if (L.capital_subsidy > 0 || L.ee_subsidy > 0) {
    const auto req = all_cluster_sums<2>(w, [&](Slot i, Sums<2>& acc) {
      if (!f.msg.adopt[i]) return;
      const SubsidyAsk a = subsidy_ask(w, i);
      acc[0] += a.tech;
      acc[1] += a.energy;
    });
    double tot_tech = 0, tot_ee = 0;
    for (const auto& r : req) {
      tot_tech += r[0];
      tot_ee += r[1];
    }
    for (std::size_t c = 0; c < nc; ++c) {
      share_tech[c] = tech_purse.share_of(tot_tech, c, req[c][0]);
      share_ee[c] = ee_purse.share_of(tot_ee, c, req[c][1]);
    }
  }

  // Each firm updates its own row and reports 0 R&D paid to households, 1 investment paid to
  // machinery suppliers, 2 the technology-upgradation and 3 the energy-efficiency subsidy on
  // replaced vintages (paid by the programme's purses to the suppliers).
  const DebtService debt_service(w);
  // Each firm's first innovation and imitation uniforms, drawn in bulk (the same values as its
  // own Rng's first draw).
  draw_uniforms(w, Stream::innovation, w.scratch[0]);
  draw_uniforms(w, Stream::imitation, w.scratch[1]);
  const auto& u_inno = w.scratch[0];
  const auto& u_imit = w.scratch[1];
  const RootHazard innovates(L.innovation_mult * T.zeta_innovation, M.wage);
  const double imit_bound = T.zeta_imitation * 1.01;
  const auto s = all_cluster_sums<4>(w, [&](Slot i, Sums<4>& acc) {
    double a = f.prod[i];
    const double reserve = debt_service(i);
    const double rd = std::min(std::max(0.0, f.cash[i] - reserve), T.rd_share * f.revenue[i]);
    acc[0] += rd;
    f.cash[i] -= rd;
    f.msg.profit[i] -= static_cast<float>(rd);

    // Innovation: P = 1 - exp(-zeta1 effort), effort the square root of R&D in worker-months
    // (diminishing returns, so that large firms do not run away from the frontier).
    if (innovates(u_inno[i], rd)) {
      Rng ri(seed, Stream::innovation, f.uid[i], t);
      ri.discard(2);  // the uniform drawn in bulk
      const double x = T.innovation_lo + (T.innovation_hi - T.innovation_lo) * ri.beta(T.innovation_beta_a, T.innovation_beta_b);
      if (x > 0) {
        a *= 1.0 + x;
        f.quality[i] += static_cast<float>(T.quality_innovation_gain * (1.0 - f.quality[i]));
      }
    }

    // Imitation: exposure is the trust on the firm's links; the model firm is drawn with weight
    // trust / technological distance; the firm closes a share of the gap. Trust is at most 1
    // (every parameter that sets it is), so exposure <= degree: a uniform at or above
    // zeta x degree (with a 1 % margin for rounding) + 2^-49 answers no without reading the links.
    const int deg = w.net.degree(i);
    if (deg > 0 && u_imit[i] < imit_bound * deg + 0x1p-49) {
      double exposure = 0;
      double weights[64];  // the trust on each link, then the link's weight
      for (int k = 0; k < deg; ++k) exposure += weights[k] = w.net.trust_at(i, k, w.step);
      if (hit(u_imit[i], T.zeta_imitation * exposure)) {
        Rng rm(seed, Stream::imitation, f.uid[i], t);
        rm.discard(2);  // the uniform drawn in bulk
        double wsum = 0;
        for (int k = 0; k < deg; ++k) {
          const Slot j = w.net.neighbour(i, k);
          const double dist = std::fabs(std::log(double(f.prod[j]) / f.prod[i])) + 0.01;
          weights[k] = weights[k] / dist;
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
    double paid = 0;
    double e = f.energy[i];
    const SubsidyAsk ask = f.msg.adopt[i] ? subsidy_ask(w, i) : SubsidyAsk{};
    const double sub_tech = ask.tech * share_tech[f.cluster[i]], sub_ee = ask.energy * share_ee[f.cluster[i]];
    if (f.msg.adopt[i] && cash_left >= k0 - (sub_tech + sub_ee)) {
      paid = k0 - (sub_tech + sub_ee);
      acc[2] += sub_tech;
      acc[3] += sub_ee;
      if (sub_tech > 0) w.part.note(i, Channel::tech_upgradation, w.step, sub_tech);
      if (sub_ee > 0) w.part.note(i, Channel::energy_efficiency, w.step, sub_ee);
      a = std::max(a, double(f.known_prod[i]));
      e = f.known_energy[i];
      cash_left -= paid;
    }
    const double kept = k0 * (1.0 - T.depreciation);
    // The rest of the plan (depreciation and expansion) excludes the replacement, done or not.
    const double plan = std::max(0.0, double(f.msg.inv_plan[i]) - (f.msg.adopt[i] ? k0 - ask.total() : 0.0));
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
    f.cash[i] -= paid;
    f.msg.prod_next[i] = static_cast<float>(a);
    f.quality[i] += static_cast<float>(T.quality_decay * (T.quality_floor - f.quality[i]));
  });

  // Apply new vintages; skill converges towards A_v (EURACE).
  for_each_firm(w, [&](Slot i) {
    f.prod[i] = f.msg.prod_next[i];
    f.skill[i] += static_cast<float>(T.skill_learning * (f.prod[i] - f.skill[i]));
  });

  const AccountId hh = w.ledger.sector(Sector::households);
  const AccountId mach = w.ledger.sector(Sector::machinery_suppliers);
  for (std::size_t c = 0; c < w.clusters.size(); ++c) {
    w.ledger.from_firms(hh, s[c][0], Flow::rd);
    w.ledger.from_firms(mach, s[c][1], Flow::investment);
    // What firms used is within the purses' budgets (pro rata above); take() bounds rounding.
    ProgrammeTally& tally = w.clusters[c].tally;
    for (auto [k, purse] : {std::pair{2, &tech_purse}, std::pair{3, &ee_purse}}) {
      if (s[c][k] <= 0) continue;
      const double g = purse->take(s[c][k], c);
      w.ledger.transfer(purse->payer, mach, g, Flow::capital_subsidy);
      tally.subsidies += g;
      tally.spending += g;
    }
  }

  programme_audits_training(w);
}

}  // namespace cs
