#pragma once
// Bernoulli draws on a monthly hazard: an event of hazard x >= 0 happens in a month with
// probability 1 - exp(-x). The tests below skip the exponential (and the division and square
// root) for most firms, and give exactly the answer of `u < 1 - exp(-x)` with x computed as
// written.
#include <cmath>
#include <limits>

namespace cs {

/// Whether the uniform u falls below 1 - exp(-x). As 1 - exp(-x) <= x, and the rounded value
/// exceeds the exact one by far less than 2^-50, u >= x + 2^-50 answers no without the
/// exponential.
inline bool hit(double u, double x) { return u < x + 0x1p-50 && u < 1.0 - std::exp(-x); }

/// hit(u, c * sqrt(y / z)) for many y >= 0 with the same c >= 0 and z > 0. When
/// d = u - 2^-49 > 0 and d^2 > (c^2 / z) y with a relative margin of 1e-12 (far above the
/// roundings, which are below 1e-14), u >= c sqrt(y / z) + 2^-50 as computed, so hit() answers
/// no: this costs two products instead of a division and a square root. The shortcut is off
/// when c^2 / z is not a normal number (it would lose the precision the margin assumes).
class RootHazard {
 public:
  RootHazard(double c, double z) : c_(c), z_(z), k_(c * c / z * (1.0 + 1e-12)) {
    if (!(k_ >= std::numeric_limits<double>::min() && k_ <= std::numeric_limits<double>::max())) k_ = -1;
  }
  bool operator()(double u, double y) const {
    const double d = u - 0x1p-49;
    if (k_ > 0 && d > 0 && d * d > k_ * y) return false;
    return hit(u, c_ * std::sqrt(y / z_));
  }

 private:
  double c_, z_, k_;  // k_ < 0: no shortcut
};

}  // namespace cs
