#pragma once
// Estimates over replications shared by the files of `clustersim compare`: a mean with its 95 %
// t interval, and the paired version (policy - baseline) of an outcome of the runs.
#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "runner/compare_report.hpp"
#include "runner/output.hpp"
#include "sweep/stats.hpp"

namespace cs {

inline constexpr double kCompareNaN = std::numeric_limits<double>::quiet_NaN();

/// A paired estimate over replications: means of each arm, mean paired difference and its 95 %
/// t interval. Pairs where either value is not finite are left out (n counts the rest).
struct Est {
  double base = kCompareNaN, pol = kCompareNaN, eff = kCompareNaN, lo = kCompareNaN, hi = kCompareNaN;
  long n = 0;
  bool significant_positive() const { return std::isfinite(lo) && lo > 0; }
  bool significant_negative() const { return std::isfinite(hi) && hi < 0; }
};

/// Mean and 95 % t interval of `xs` (non-finite values left out); all values equal: the point.
inline Est mean_ci(const std::vector<double>& xs) {
  sweep::Welford d;
  for (double x : xs)
    if (std::isfinite(x)) d.add(x);
  Est e;
  e.n = d.n;
  if (d.n == 0) return e;
  e.eff = d.mean;
  const double h = d.n >= 2 ? (d.m2 > 0 ? d.ci95() : 0.0) : kCompareNaN;
  e.lo = d.mean - h;
  e.hi = d.mean + h;
  return e;
}

/// Paired estimate of policy value y and baseline value x over replications.
inline Est paired_values(const std::vector<double>& x, const std::vector<double>& y) {
  sweep::Welford b, p;
  std::vector<double> d;
  for (std::size_t k = 0; k < x.size() && k < y.size(); ++k) {
    if (!std::isfinite(x[k]) || !std::isfinite(y[k])) continue;
    b.add(x[k]);
    p.add(y[k]);
    d.push_back(y[k] - x[k]);
  }
  Est e = mean_ci(d);
  if (e.n > 0) {
    e.base = b.mean;
    e.pol = p.mean;
  }
  return e;
}

/// Paired estimate of get(run) between the policy and the baseline runs of a comparison.
inline Est paired(const CompareResult& r, const std::function<double(const RunOut&)>& get) {
  std::vector<double> x, y;
  for (std::size_t k = 0; k < r.base_runs.size() && k < r.policy_runs.size(); ++k) {
    x.push_back(get(r.base_runs[k]));
    y.push_back(get(r.policy_runs[k]));
  }
  return paired_values(x, y);
}

/// A number as written in the CSV files ("" for NaN).
inline std::string num(double v) { return std::isfinite(v) ? format_number(v) : std::string(); }

}  // namespace cs
