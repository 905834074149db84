// Firm shocks (step 3b): the two sources of idiosyncratic change that keep firms apart.
// - Efficiency: each firm's own efficiency z (management, organisation, the distortions it faces)
//   changes in discrete events (a new manager, a key worker leaving, a reorganised shop floor):
//   with probability tfp_shock_rate a month, ln z' = m + rho (ln z - m) + sd sqrt(1 - rho^2) N(0,1),
//   with m = -sd^2 / 2, so z has mean 1 and stationary log-sd sd at every date (technology.tfp_sd,
//   tfp_rho, tfp_shock_rate); ln z keeps an autocorrelation exp(-rate (1 - rho) h) over h months.
//   z multiplies labour productivity (eff_prod); imitation copies vintages, not z, so selection
//   and imitation cannot remove this dispersion (Foster, Haltiwanger and Syverson 2008; Hsieh and
//   Klenow 2009).
// - Customers: a firm with domestic sales S has n = 1 + S / customer_size customers; each month
//   Poisson(churn n) of them leave and Poisson(churn n) new ones come, and its domestic share moves
//   by (found - lost) / n (a firm that loses every customer has no share and leaves the market). A
//   micro unit's sales jump with each customer while a large firm's changes average out, so
//   growth rates are fat-tailed and their spread falls with size. The two counts are drawn as
//   their sum, Poisson(2 churn n) by inversion of one uniform, each event then a loss or a gain
//   with probability 1/2 (the same joint law); above a mean of 50 the net change is normal with
//   variance 2 churn n.
// Reads tfp, price, sold; writes tfp, share. Draws: Stream::tfp and Stream::customers, keyed by
// uid and month; the first uniform of every firm's generator is drawn in bulk (draw_uniforms).
#include <algorithm>
#include <cmath>

#include "core/rng.hpp"
#include "phases/entry.hpp"
#include "phases/phases.hpp"
#include "phases/settle.hpp"

namespace cs {

namespace {

// The number k of events of a Poisson(mean) count by inversion of u: the smallest k whose
// cumulative probability reaches u. u < 1 - mean (below exp(-mean)) gives 0 without the
// exponential.
int poisson_inverse(double u, double mean) {
  if (u < 1.0 - mean) return 0;
  double p = std::exp(-mean), cdf = p;
  int k = 0;
  while (u > cdf && k < 1000) {
    ++k;
    p *= mean / k;
    cdf += p;
  }
  return k;
}

}  // namespace

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
  const bool efficiency = sd > 0 && T.tfp_shock_rate > 0;
  const bool churn = M.customer_size > 0 && M.customer_churn > 0;
  const auto t = static_cast<std::uint32_t>(w.step);
  auto& u_tfp = w.draws[0];
  auto& u_cust = w.draws[1];
  if (efficiency) draw_uniforms(w, Stream::tfp, u_tfp);
  if (churn) draw_uniforms(w, Stream::customers, u_cust);
  for_each_firm(w, [&](Slot i) {
    if (efficiency && u_tfp[i] < T.tfp_shock_rate) {
      Rng r(P.run.seed, Stream::tfp, f.uid[i], t);
      r.discard(2);  // the uniform drawn in bulk
      const double lz = mean + rho * (std::log(double(f.tfp[i])) - mean) + innovation * r.normal();
      f.tfp[i] = static_cast<float>(std::exp(lz));
    }
    if (churn) {
      const double n = 1.0 + double(f.price[i]) * f.sold[i] / M.customer_size;
      const double events = 2.0 * M.customer_churn * n;
      if (u_cust[i] < 1.0 - events) return;  // no customer lost or found (most firms)
      Rng r(P.run.seed, Stream::customers, f.uid[i], t);
      r.discard(2);
      double net = 0;
      if (events > 50) {
        net = std::sqrt(events) * r.normal();
      } else {
        for (int k = poisson_inverse(u_cust[i], events); k > 0; --k) net += r.uniform() < 0.5 ? 1.0 : -1.0;
      }
      f.share[i] *= std::max(0.0, (n + net) / n);
    }
  });
}

}  // namespace cs
