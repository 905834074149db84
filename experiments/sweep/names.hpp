#pragma once
// Small text helpers of the sweep engine: suggestions for misspelt names and the text form of a
// factor value handed to apply_override.
#include <string>
#include <vector>

namespace cs::sweep {

/// The candidate closest to `key` within max(2, |key| / 3) edits (optimal string alignment),
/// or "" when none is that close.
std::string closest(const std::string& key, const std::vector<std::string>& candidates);

/// "; did you mean 'x'?" or "" when `s` is empty.
std::string did_you_mean(const std::string& s);

/// Text of a factor value: integral values below 1e15 as integers ("600"), others as the
/// shortest round-trip decimal, so that integer parameters accept them.
std::string format_value(double v);

/// Appends ",v" for every value: fields of a CSV row. (Also sidesteps GCC 12's false -Wrestrict
/// on `"," + std::string`.)
template <class... T> void append_fields(std::string& s, const T&... v) {
  ((s += ',', s += v), ...);
}

}  // namespace cs::sweep
