#include "sweep/names.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "runner/output.hpp"

namespace cs::sweep {

std::string format_value(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
    return buf;
  }
  return format_number(v);
}

}  // namespace cs::sweep
