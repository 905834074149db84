#pragma once
// Statistics of the sweep outputs: confidence intervals over replications, Morris elementary
// effects and Sobol indices (Saltelli 2010 sample, Jansen estimators, bootstrap intervals).
// Eigen holds the vectors; estimators take plain model outputs so analytic functions test them.
#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "sweep/design.hpp"

namespace cs::sweep {

/// 0.975 quantile of Student's t with `df` >= 1 degrees of freedom (table to 30, then the
/// Cornish-Fisher expansion; error below 1e-6).
double t975(int df);

/// Running mean and variance (Welford), in the order values are added.
struct Welford {
  long n = 0;
  double mean = 0, m2 = 0;
  void add(double x);
  /// Sample standard deviation; NaN below 2 values.
  double sd() const;
  /// Half-width of the 95 % confidence interval of the mean: t975(n - 1) sd / sqrt(n); NaN below 2.
  double ci95() const;
};

/// Morris measures of one factor: mean of the absolute elementary effects (mu*), their mean (mu)
/// and standard deviation (sigma); effects are per unit of the factor's range.
struct MorrisIndex {
  double mu_star = 0, mu = 0, sigma = 0;
  int r = 0;  ///< elementary effects used (NaN outputs skipped)
};

/// `y` holds one output per design point (r (k + 1) points); `moves` comes from build_design.
std::vector<MorrisIndex> morris_indices(const Eigen::VectorXd& y, const std::vector<MorrisMove>& moves,
                                        int k);

/// First-order (s1) and total (st) Sobol indices with 95 % percentile-bootstrap intervals.
struct SobolIndex {
  double s1 = 0, s1_lo = 0, s1_hi = 0;
  double st = 0, st_lo = 0, st_hi = 0;
};

/// `y` holds N (k + 2) outputs in the layout of build_design (A, B, AB_1..AB_k per base row).
/// Jansen estimators with V the variance of f(A) and f(B) pooled; `resamples` bootstrap
/// resamples of the base rows drawn with Philox keyed by `seed`. NaN when V is 0.
std::vector<SobolIndex> sobol_indices(const Eigen::VectorXd& y, int k, int resamples, std::uint64_t seed);

}  // namespace cs::sweep
