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

std::string column_name(const std::string& path) {
  std::string s;
  for (const char c : path) {
    if (c == '[' || c == ']') continue;
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    s += keep ? c : '_';
  }
  if (s.empty() || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z'))) s.insert(s.begin(), 'x');
  return s;
}

}  // namespace cs::sweep
