#pragma once
// Small text helpers of the sweep engine: the text form of a factor value handed to
// apply_override, the CSV column name of a factor, and CSV fields. (Suggestions for misspelt names come from params/load.hpp.)
#include <string>
#include <vector>

namespace cs::sweep {

/// Text of a factor value: integral values below 1e15 as integers ("600"), others as the
/// shortest round-trip decimal, so that integer parameters accept them.
std::string format_value(double v);

/// CSV column of the factor at parameter path `path`: a name R and pandas formulas accept. `[`
/// and `]` are dropped and every other character that is not a letter, digit or `_` becomes `_`
/// ("cluster[0].firms" -> "cluster0_firms", "finance.ltv" -> "finance_ltv"); a name that would
/// not start with a letter gets an "x" in front. Not one-to-one ("a.b_c" and "a_b.c" share a name):
/// the experiment loader refuses two columns of the same name.
std::string column_name(const std::string& path);

/// Appends ",v" for every value: fields of a CSV row. (Also sidesteps GCC 12's false -Wrestrict
/// on `"," + std::string`.)
template <class... T> void append_fields(std::string& s, const T&... v) {
  ((s += ',', s += v), ...);
}

}  // namespace cs::sweep
