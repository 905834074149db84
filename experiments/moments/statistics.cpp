#include "moments/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace cs::moments {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

double quantile(std::vector<double> v, double q) {
  if (v.empty()) return kNaN;
  std::sort(v.begin(), v.end());
  const double h = (static_cast<double>(v.size()) - 1) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

double mean(const std::vector<double>& v) {
  if (v.empty()) return kNaN;
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

double sd(const std::vector<double>& v) {
  if (v.size() < 2) return kNaN;
  const double m = mean(v);
  double ss = 0;
  for (double x : v) ss += (x - m) * (x - m);
  return std::sqrt(ss / static_cast<double>(v.size() - 1));
}

double kurtosis(const std::vector<double>& v) {
  if (v.size() < 4) return kNaN;
  const double m = mean(v);
  double m2 = 0, m4 = 0;
  for (double x : v) {
    const double d2 = (x - m) * (x - m);
    m2 += d2;
    m4 += d2 * d2;
  }
  const double n = static_cast<double>(v.size());
  m2 /= n;
  m4 /= n;
  return m2 > 0 ? m4 / (m2 * m2) : kNaN;
}

double hill_threshold(const std::vector<double>& v, double threshold) {
  if (!(threshold > 0)) return kNaN;
  double s = 0;
  std::size_t n = 0;
  for (double x : v)
    if (x >= threshold) {
      s += std::log(x / threshold);
      ++n;
    }
  return n > 0 && s > 0 ? static_cast<double>(n) / s : kNaN;
}

double hill_top(std::vector<double> v, int k) {
  if (k < 1 || v.size() <= static_cast<std::size_t>(k)) return kNaN;
  std::sort(v.begin(), v.end(), std::greater<>());
  const double u = v[static_cast<std::size_t>(k)];
  if (!(u > 0)) return kNaN;
  double s = 0;
  for (int i = 0; i < k; ++i) s += std::log(v[static_cast<std::size_t>(i)] / u);
  return s > 0 ? k / s : kNaN;
}

double ols_slope(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() < 2 || x.size() != y.size()) return kNaN;
  const double mx = mean(x), my = mean(y);
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
  }
  return sxx > 0 ? sxy / sxx : kNaN;
}

double growth_sd_slope(const std::vector<double>& size, const std::vector<double>& growth, int bins) {
  const std::size_t n = size.size();
  if (bins < 2 || n != growth.size()) return kNaN;
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  // Ties broken by index so that the bins do not depend on the sort's implementation.
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return size[a] < size[b] || (size[a] == size[b] && a < b);
  });
  std::vector<double> xs, ys;
  const auto nb = static_cast<std::size_t>(bins);
  for (std::size_t b = 0; b < nb; ++b) {
    std::vector<double> g, ls;
    for (std::size_t j = b * n / nb; j < (b + 1) * n / nb; ++j) {
      g.push_back(growth[order[j]]);
      ls.push_back(std::log(size[order[j]]));
    }
    const double s = sd(g);
    if (g.size() < 2 || !(s > 0)) continue;
    xs.push_back(mean(ls));
    ys.push_back(std::log(s));
  }
  return xs.size() >= 2 ? ols_slope(xs, ys) : kNaN;
}

}  // namespace cs::moments
