#pragma once
// Small scenarios for tests: a few hundred firms so a whole run takes milliseconds.
#include "params/params.hpp"
#include "world.hpp"

namespace cs::test {

/// A small test world. Its scale and firm dynamics are fixed here rather than taken from the
/// calibrated defaults (configs/default.toml), so that refitting the defaults does not move the
/// mechanisms' tests: the values are those the behaviour tests were designed with. Tests of the
/// calibrated defaults themselves use Params{}.
inline Params small_params(int firms = 400, std::uint64_t seed = 7) {
  Params p;
  p.run.seed = seed;
  p.clusters[0].firms = firms;
  p.run.burn_in = 0;  // month 0 is the initial population itself: tests set it up and watch it move
  p.firm_init.size_min = 2.0;
  p.firm_init.productivity_mean = 0.5;
  p.tech.tfp_sd = 0.3;
  p.market.customer_churn = 0.02;
  p.market.share_min_factor = 0.15;
  p.demography.entry_rate = 0.004;
  p.clusters[0].export_share = 0.0;  // no standing export market unless a test asks for one
  p.clusters[0].exporter_share = 0.0;
  return p;
}

inline void run_steps(World& w, int n) {
  for (int s = 0; s < n; ++s) step(w);
}

}  // namespace cs::test
