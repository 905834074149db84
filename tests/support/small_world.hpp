#pragma once
// Small scenarios for tests: a few hundred firms so a whole run takes milliseconds.
#include "params/params.hpp"
#include "world.hpp"

namespace cs::test {

inline Params small_params(int firms = 400, std::uint64_t seed = 7) {
  Params p;
  p.run.seed = seed;
  p.clusters[0].firms = firms;
  return p;
}

inline void run_steps(World& w, int n) {
  for (int s = 0; s < n; ++s) step(w);
}

}  // namespace cs::test
