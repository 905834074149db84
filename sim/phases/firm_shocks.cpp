// Firm shocks (step 3b): the two sources of idiosyncratic change that keep firms apart.
// - Efficiency: each firm's own efficiency z (management, organisation, the distortions it faces)
//   changes in discrete events (a new manager, a key worker leaving, a reorganised shop floor):
//   with probability tfp_shock_rate a month, ln z' = m + rho (ln z - m) + sd sqrt(1 - rho^2) N(0,1),
//   with m = -sd^2 / 2, so z has mean 1 and stationary log-sd sd at every date (technology.tfp_sd,
//   tfp_rho, tfp_shock_rate); ln z keeps an autocorrelation exp(-rate (1 - rho) h) over h months.
//   z multiplies labour productivity (eff_prod); imitation copies vintages, not z, so selection
//   and imitation cannot remove this dispersion (Foster, Haltiwanger and Syverson 2008; Hsieh and
//   Klenow 2009).
// - Customers: a firm with domestic sales S has n = 1 + S / customer_size customers whose orders
//   follow Zipf's law (the k-th largest buys in proportion to 1/k), so their Herfindahl index is
//   H(n) = H2(n) / H1(n)^2 with Hm the generalised harmonic numbers: one buyer for a micro unit,
//   about 0.06 for a firm with 100. Each month a share churn of its customers is lost and replaced
//   by new ones of another size; the log of its orders factor o moves by a normal innovation of
//   variance 2 churn H(n) (each replacement changes orders by the lost customer's weight) and
//   returns to 0 at orders_reversion a month (lost buyers replaced, windfall buyers lost):
//   ln o' = (1 - reversion) ln o + sqrt(2 churn H(n)) N(0,1). o scales the firm's domestic demand
//   at its market share (competition, 4.4): a small firm's sales jump with one buyer while a
//   large firm's average out, and since H falls about as 1 / ln(n)^2 rather than 1 / n, the
//   spread of growth falls with size more slowly than n^-1/2 (Wyart and Bouchaud 2003; Riccaboni
//   et al. 2008). The share, which competitiveness moves, is not touched: a firm does not leave
//   the market because a buyer left, only if its position or its finances fail.
// Reads tfp, price, sold, orders; writes tfp, orders. Draws: Stream::tfp and Stream::customers, keyed by
// uid and month; the first uniform of every firm's generator is drawn in bulk (draw_uniforms).
#include <algorithm>
#include <cmath>

#include "core/rng.hpp"
#include "phases/entry.hpp"
#include "phases/phases.hpp"
#include "phases/settle.hpp"

namespace cs {

namespace {

// The Herfindahl index of n customers whose sizes follow Zipf's law (weights 1/k), for real
// n >= 1: H2(n) / H1(n)^2 with the harmonic numbers by their asymptotic series (exact to 1 %
// at n = 1, where H = 1).
double zipf_herfindahl(double n) {
  if (n <= 1.0) return 1.0;
  const double h1 = std::log(n) + 0.5772156649015329 + 0.5 / n - 1.0 / (12.0 * n * n);
  const double h2 = 1.6449340668482264 - 1.0 / n + 0.5 / (n * n) - 1.0 / (6.0 * n * n * n);
  return std::min(1.0, h2 / (h1 * h1));
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
  auto& u_tfp = w.scratch[0];
  auto& u_cust = w.scratch[1];
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
      const double lo = (1.0 - M.orders_reversion) * std::log(double(f.orders[i])) +
                        std::sqrt(2.0 * M.customer_churn * zipf_herfindahl(n)) * normal_quantile(u_cust[i]);
      f.orders[i] = static_cast<float>(std::exp(lo));
    }
  });
}

}  // namespace cs
