#pragma once
// Statistics of firm-level data behind the panel moments. Pure functions of plain vectors, so
// tests check them against values computed by hand. NaN when a statistic is undefined (too few
// values, a zero denominator).
#include <vector>

namespace cs::moments {

/// Quantile q in [0, 1] of `v` by linear interpolation between order statistics (R's type 7,
/// numpy's default): h = (n - 1) q, Q = x_(floor h) + (h - floor h)(x_(floor h + 1) - x_(floor h)),
/// 0-based. NaN for an empty `v`.
double quantile(std::vector<double> v, double q);

/// Arithmetic mean; NaN for an empty `v`.
double mean(const std::vector<double>& v);

/// Sample standard deviation (n - 1 in the denominator); NaN below 2 values.
double sd(const std::vector<double>& v);

/// Kurtosis m4 / m2^2 with central moments m_k = mean((x - mean)^k) (3 for a normal, 6 for a
/// Laplace; not the excess); NaN below 4 values or when m2 = 0.
double kurtosis(const std::vector<double>& v);

/// Hill estimator of the tail exponent alpha of the values >= `threshold` (> 0):
/// alpha = n / sum ln(x_i / threshold). NaN when no value exceeds the threshold.
double hill_threshold(const std::vector<double>& v, double threshold);

/// Hill estimator on the `k` largest values, with the (k+1)-th largest as threshold:
/// alpha = k / sum_{i<=k} ln(x_(i) / x_(k+1)). NaN when there are at most k values or the
/// threshold is not positive.
double hill_top(std::vector<double> v, int k);

/// Least-squares slope of y on x; NaN below 2 points or when x is constant.
double ols_slope(const std::vector<double>& x, const std::vector<double>& y);

/// Slope of ln sd(growth) on mean ln size over `bins` bins of equal count by size (firms sorted
/// by size; bin b holds firms [b n / bins, (b + 1) n / bins)). Bins with fewer than 2 firms or a
/// zero sd are left out; NaN when fewer than 2 bins remain. Gibrat's law gives 0; firm data
/// typically give about -0.2.
double growth_sd_slope(const std::vector<double>& size, const std::vector<double>& growth, int bins);

}  // namespace cs::moments
