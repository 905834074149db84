#pragma once
#include <limits>

namespace cs {

/// Range of a numeric parameter, inclusive. Strings ignore it.
struct Range {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
};

inline constexpr double kInf = std::numeric_limits<double>::infinity();

}  // namespace cs
