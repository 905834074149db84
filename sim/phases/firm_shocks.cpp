// Firm shocks (step 3b): the two sources of idiosyncratic change that keep firms apart.
// - Efficiency: each firm's own efficiency z (management, organisation, the distortions it faces)
//   follows an AR(1) in logs, ln z' = m + rho (ln z - m) + sd sqrt(1 - rho^2) N(0, 1), with
//   m = -sd^2 / 2 so that z has mean 1 and stationary log-sd sd (technology.tfp_sd, tfp_rho). It
//   multiplies labour productivity (eff_prod); imitation copies vintages, not z, so selection and
//   imitation cannot remove this dispersion (Foster, Haltiwanger and Syverson 2008; Hsieh and
//   Klenow 2009).
// - Customers: a firm with domestic sales S has n = 1 + S / customer_size customers; each month
//   Poisson(churn n) of them leave and Poisson(churn n) new ones come, and its domestic share moves
//   by (found - lost) / n (a firm that loses every customer has no share and leaves the market). A
//   micro unit's sales jump with each customer while a large firm's changes average out, so
//   growth rates are fat-tailed and their spread falls with size.
// Reads tfp, price, sold; writes tfp, share. Draws: Stream::tfp and Stream::customers, keyed by
// uid and month.
#include <algorithm>
#include <cmath>

#include "core/rng.hpp"
#include "phases/entry.hpp"
#include "phases/phases.hpp"
#include "phases/settle.hpp"

namespace cs {

double initial_tfp(const Params& p, std::uint32_t uid) {
  const double sd = p.tech.tfp_sd;
  if (sd <= 0) return 1.0;
  Rng r(p.run.seed, Stream::tfp, uid, 0);
  return std::exp(sd * r.normal() - 0.5 * sd * sd);
}

void phase_firm_shocks(World& w) {
  const Params& P = w.params;
  const auto& T = P.tech;
  const auto& M = P.market;
  Firms& f = w.firms;
  const double sd = T.tfp_sd, rho = T.tfp_rho, mean = -0.5 * sd * sd, innovation = sd * std::sqrt(1.0 - rho * rho);
  const bool churn = M.customer_size > 0 && M.customer_churn > 0;
  if (sd <= 0 && !churn) return;
  const auto t = static_cast<std::uint32_t>(w.step);
  for_each_firm(w, [&](Slot i) {
    if (sd > 0) {
      Rng r(P.run.seed, Stream::tfp, f.uid[i], t);
      const double lz = mean + rho * (std::log(double(f.tfp[i])) - mean) + innovation * r.normal();
      f.tfp[i] = static_cast<float>(std::exp(lz));
    }
    if (churn) {
      Rng r(P.run.seed, Stream::customers, f.uid[i], t);
      const double n = 1.0 + double(f.price[i]) * f.sold[i] / M.customer_size;
      const double lost = r.poisson(M.customer_churn * n), found = r.poisson(M.customer_churn * n);
      f.share[i] *= std::max(0.0, (n - lost + found) / n);
    }
  });
}

}  // namespace cs
