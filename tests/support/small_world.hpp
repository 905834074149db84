#pragma once
// Small scenarios for tests: a few hundred firms so a whole run takes milliseconds.
#include "params/params.hpp"
#include "world.hpp"

namespace cs::test {

inline Params small_params(int firms = 400, std::uint64_t seed = 7) {
  Params p;
  p.run.seed = seed;
  p.clusters[0].firms = firms;
  p.run.burn_in = 0;  // month 0 is the initial population itself: tests set it up and watch it move
  return p;
}

inline void run_steps(World& w, int n) {
  for (int s = 0; s < n; ++s) step(w);
}

}  // namespace cs::test
