#pragma once
// Small text helpers of the sweep engine: the text form of a factor value handed to
// apply_override, and CSV fields. (Suggestions for misspelt names come from params/load.hpp.)
#include <string>
#include <vector>

namespace cs::sweep {

/// Text of a factor value: integral values below 1e15 as integers ("600"), others as the
/// shortest round-trip decimal, so that integer parameters accept them.
std::string format_value(double v);

/// Appends ",v" for every value: fields of a CSV row. (Also sidesteps GCC 12's false -Wrestrict
/// on `"," + std::string`.)
template <class... T> void append_fields(std::string& s, const T&... v) {
  ((s += ',', s += v), ...);
}

}  // namespace cs::sweep
