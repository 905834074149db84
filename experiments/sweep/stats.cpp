#include "sweep/stats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/rng.hpp"

namespace cs::sweep {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr unsigned kBootstrap = 0x5357'0010;

/// Jansen estimates from the rows `rows` (indices of base rows, repeats allowed).
void jansen(const Eigen::VectorXd& y, int k, const std::vector<int>& rows, std::vector<double>& s1,
            std::vector<double>& st) {
  const double n = static_cast<double>(rows.size());
  double sum = 0, sum2 = 0;
  for (int r : rows) {
    const double a = y(r * (k + 2)), b = y(r * (k + 2) + 1);
    sum += a + b;
    sum2 += a * a + b * b;
  }
  const double mean = sum / (2 * n);
  const double v = (sum2 - 2 * n * mean * mean) / (2 * n - 1);
  s1.assign(k, kNaN);
  st.assign(k, kNaN);
  if (!(v > 0)) return;
  for (int j = 0; j < k; ++j) {
    double db = 0, da = 0;
    for (int r : rows) {
      const double a = y(r * (k + 2)), b = y(r * (k + 2) + 1), ab = y(r * (k + 2) + 2 + j);
      db += (b - ab) * (b - ab);
      da += (a - ab) * (a - ab);
    }
    s1[j] = (v - db / (2 * n)) / v;
    st[j] = da / (2 * n) / v;
  }
}

/// Percentile of sorted values, linear interpolation.
double percentile(std::vector<double> v, double q) {
  v.erase(std::remove_if(v.begin(), v.end(), [](double x) { return std::isnan(x); }), v.end());
  if (v.empty()) return kNaN;
  std::sort(v.begin(), v.end());
  const double pos = q * (v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const auto hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (pos - lo) * (v[hi] - v[lo]);
}

}  // namespace

double t975(int df) {
  static const double table[30] = {
      12.706204736, 4.302652730, 3.182446305, 2.776445105, 2.570581836, 2.446911851, 2.364624252,
      2.306004135,  2.262157163, 2.228138852, 2.200985160, 2.178812830, 2.160368656, 2.144786688,
      2.131449546,  2.119905299, 2.109815578, 2.100922040, 2.093024054, 2.085963447, 2.079613845,
      2.073873068,  2.068657610, 2.063898562, 2.059538553, 2.055529439, 2.051830516, 2.048407142,
      2.045229642,  2.042272456};
  if (df < 1) return kNaN;
  if (df <= 30) return table[df - 1];
  const double z = 1.959963984540054, nu = df;
  const double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z, z9 = z7 * z * z;
  return z + (z3 + z) / (4 * nu) + (5 * z5 + 16 * z3 + 3 * z) / (96 * nu * nu) +
         (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * nu * nu * nu) +
         (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * nu * nu * nu * nu);
}

void Welford::add(double x) {
  ++n;
  const double d = x - mean;
  mean += d / n;
  m2 += d * (x - mean);
}

double Welford::sd() const { return n < 2 ? kNaN : std::sqrt(m2 / (n - 1)); }

double Welford::ci95() const { return n < 2 ? kNaN : t975(static_cast<int>(n - 1)) * sd() / std::sqrt(double(n)); }

std::vector<MorrisIndex> morris_indices(const Eigen::VectorXd& y, const std::vector<MorrisMove>& moves, int k) {
  std::vector<Welford> ee(k), abs_ee(k);
  const std::size_t r = k > 0 ? moves.size() / k : 0;
  for (std::size_t t = 0; t < r; ++t)
    for (int i = 0; i < k; ++i) {
      const MorrisMove& m = moves[t * k + i];
      const Eigen::Index p = static_cast<Eigen::Index>(t * (k + 1) + i + 1);
      const double e = (y(p) - y(p - 1)) / m.delta;
      if (std::isnan(e)) continue;
      ee[m.factor].add(e);
      abs_ee[m.factor].add(std::fabs(e));
    }
  std::vector<MorrisIndex> out(k);
  for (int j = 0; j < k; ++j)
    out[j] = MorrisIndex{ee[j].n ? abs_ee[j].mean : kNaN, ee[j].n ? ee[j].mean : kNaN, ee[j].sd(),
                         static_cast<int>(ee[j].n)};
  return out;
}

std::vector<SobolIndex> sobol_indices(const Eigen::VectorXd& y, int k, int resamples, std::uint64_t seed) {
  const int n = static_cast<int>(y.size() / (k + 2));
  std::vector<int> rows(n);
  for (int r = 0; r < n; ++r) rows[r] = r;
  std::vector<double> s1, st;
  jansen(y, k, rows, s1, st);
  std::vector<std::vector<double>> b1(k), bt(k);
  std::vector<double> r1, rt;
  for (int b = 0; b < resamples; ++b) {
    Rng rng(seed, static_cast<Stream>(kBootstrap), static_cast<std::uint32_t>(b), 0);
    for (int& r : rows) r = static_cast<int>(rng.below(static_cast<std::uint32_t>(n)));
    jansen(y, k, rows, r1, rt);
    for (int j = 0; j < k; ++j) {
      b1[j].push_back(r1[j]);
      bt[j].push_back(rt[j]);
    }
  }
  std::vector<SobolIndex> out(k);
  for (int j = 0; j < k; ++j)
    out[j] = SobolIndex{s1[j], percentile(b1[j], 0.025), percentile(b1[j], 0.975),
                        st[j], percentile(bt[j], 0.025), percentile(bt[j], 0.975)};
  return out;
}

}  // namespace cs::sweep
