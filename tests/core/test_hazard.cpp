// The shortcut hazard tests answer exactly as the plain test they stand for.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>

#include "core/rng.hpp"
#include "phases/hazard.hpp"

using namespace cs;

namespace {
bool plain(double u, double x) { return u < 1.0 - std::exp(-x); }
}  // namespace

TEST_CASE("hit(u, x) answers as u < 1 - exp(-x)") {
  Rng r(7, Stream::innovation, 1, 1);
  int yes = 0;
  for (int k = 0; k < 200000; ++k) {
    const double u = r.uniform(), x = std::ldexp(r.uniform(), -static_cast<int>(r.below(40)));
    CHECK_EQ(hit(u, x), plain(u, x));
    yes += plain(u, x);
    // Around the threshold: a few ulps either side of 1 - exp(-x).
    double v = 1.0 - std::exp(-x);
    for (int s = 0; s < 3; ++s) v = std::nextafter(v, 0.0);
    for (int s = 0; s < 6; ++s, v = std::nextafter(v, 1.0)) CHECK_EQ(hit(v, x), plain(v, x));
  }
  CHECK(yes > 100);  // both answers were exercised
}

TEST_CASE("RootHazard(c, z)(u, y) answers as hit(u, c * sqrt(y / z))") {
  Rng r(8, Stream::innovation, 2, 1);
  int yes = 0, checked = 0;
  for (int k = 0; k < 200000; ++k) {
    const double c = k % 50 == 0 ? 0.0 : r.uniform(0, 2), z = r.uniform(0.01, 10);
    const double y = k % 7 == 0 ? 0.0 : std::ldexp(r.uniform(), -static_cast<int>(r.below(60)));
    const RootHazard h(c, z);
    const double x = c * std::sqrt(y / z);
    const double u = r.uniform();
    CHECK_EQ(h(u, y), hit(u, x));
    yes += hit(u, x);
    // Just above x + 2^-50 and 2^-49, where the shortcut starts to answer alone.
    for (double edge : {x + 0x1p-50, x + 0x1p-49, 1.0 - std::exp(-x)}) {
      double v = edge;
      for (int s = 0; s < 4; ++s) v = std::nextafter(v, 0.0);
      for (int s = 0; s < 8; ++s, v = std::nextafter(v, 1.0), ++checked) CHECK_EQ(h(v, y), hit(v, x));
    }
  }
  CHECK(yes > 100);
  CHECK(checked > 1000000);
  // Extreme magnitudes, where c^2 / z underflows or overflows (the shortcut is then off).
  int extreme = 0;
  for (double c : {0.0, 1e-200, 1e-160, 1e-150, 1e-3, 1e150, 1e200})
    for (double z : {1e-300, 1e-4, 1.0, 1e300})
      for (double y : {0.0, 1e-300, 1e-10, 1.0, 1e100, 1e278, 1e300}) {
        const RootHazard h(c, z);
        const double x = c * std::sqrt(y / z);
        for (int k = 0; k < 200; ++k) {
          // Uniforms anywhere, small ones, and ones within 0.1 % of x + 2^-50 (where a shortcut
          // built on an imprecise c^2 / z would answer wrongly).
          const double u = k < 80   ? r.uniform()
                           : k < 140 ? std::ldexp(r.uniform(), -static_cast<int>(r.below(60)))
                                     : (x + 0x1p-50) * (1.0 + 2e-3 * (r.uniform() - 0.5));
          CHECK_EQ(h(u, y), hit(u, x));
          ++extreme;
        }
      }
  CHECK(extreme == 7 * 4 * 7 * 200);
}
