#include "sweep/design.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/rng.hpp"

namespace cs::sweep {

namespace {

// Stream ids of the design draws; far from the model's streams, which never see these seeds anyway.
constexpr unsigned kLhs = 0x5357'0001, kMorris = 0x5357'0002, kSobol = 0x5357'0003;

double to_value(const Factor& f, double u) {
  const double v = f.min + u * (f.max - f.min);
  return f.integer ? std::round(v) : v;
}

void fill_values(const Experiment& ex, Design& d) {
  d.values.resize(d.unit.rows(), d.unit.cols());
  for (Eigen::Index i = 0; i < d.unit.rows(); ++i)
    for (Eigen::Index j = 0; j < d.unit.cols(); ++j) d.values(i, j) = to_value(ex.factors[j], d.unit(i, j));
}

}  // namespace

double design_uniform(std::uint64_t seed, unsigned purpose, std::uint32_t row, std::uint32_t col) {
  Rng r(seed, static_cast<Stream>(purpose), row, col);
  return r.uniform();
}

std::size_t design_size(const Experiment& ex) {
  const std::size_t k = ex.factors.size();
  switch (ex.design) {
    case DesignKind::grid: {
      std::size_t n = 1;
      for (const Factor& f : ex.factors) n *= f.values.size();
      return n;
    }
    case DesignKind::lhs: return static_cast<std::size_t>(ex.samples);
    case DesignKind::morris: return static_cast<std::size_t>(ex.trajectories) * (k + 1);
    case DesignKind::sobol: return static_cast<std::size_t>(ex.samples) * (k + 2);
  }
  return 0;
}

Design build_design(const Experiment& ex) {
  const Eigen::Index k = static_cast<Eigen::Index>(ex.factors.size());
  const Eigen::Index n = static_cast<Eigen::Index>(design_size(ex));
  Design d;
  d.unit.setZero(n, k);
  switch (ex.design) {
    case DesignKind::grid: {
      d.values.resize(n, k);
      // The first factor varies slowest, as in nested loops over the factors in file order.
      for (Eigen::Index i = 0; i < n; ++i) {
        std::size_t rest = static_cast<std::size_t>(i);
        for (Eigen::Index j = k - 1; j >= 0; --j) {
          const auto& vals = ex.factors[j].values;
          const std::size_t pos = rest % vals.size();
          rest /= vals.size();
          d.values(i, j) = vals[pos];
          d.unit(i, j) = vals.size() > 1 ? double(pos) / double(vals.size() - 1) : 0.0;
        }
      }
      return d;
    }
    case DesignKind::lhs: {
      for (Eigen::Index j = 0; j < k; ++j) {
        std::vector<std::uint32_t> perm(static_cast<std::size_t>(n));
        std::iota(perm.begin(), perm.end(), 0u);
        Rng r(ex.seed, static_cast<Stream>(kLhs), static_cast<std::uint32_t>(j), 0);
        for (std::size_t i = perm.size(); i > 1; --i) std::swap(perm[i - 1], perm[r.below(static_cast<std::uint32_t>(i))]);
        for (Eigen::Index i = 0; i < n; ++i)
          d.unit(i, j) = (perm[i] + design_uniform(ex.seed, kLhs + 16, static_cast<std::uint32_t>(i),
                                                   static_cast<std::uint32_t>(j))) / double(n);
      }
      break;
    }
    case DesignKind::morris: {
      // Trajectories on a p-level grid with step delta = p / (2 (p - 1)) (Morris 1991): a random
      // base point, random directions and a random order in which factors move, one at a time.
      const int p = ex.levels;
      const int half = p / 2;
      const double delta = double(p) / (2.0 * (p - 1));
      d.moves.resize(static_cast<std::size_t>(ex.trajectories) * k);
      for (int t = 0; t < ex.trajectories; ++t) {
        Rng r(ex.seed, static_cast<Stream>(kMorris), static_cast<std::uint32_t>(t), 0);
        Eigen::VectorXd x(k);
        std::vector<int> dir(k), order(k);
        for (Eigen::Index j = 0; j < k; ++j) {
          dir[j] = r.bernoulli(0.5) ? 1 : -1;
          const int lvl = static_cast<int>(r.below(static_cast<std::uint32_t>(half)));
          x(j) = (dir[j] > 0 ? lvl : lvl + half) / double(p - 1);
        }
        std::iota(order.begin(), order.end(), 0);
        for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[r.below(static_cast<std::uint32_t>(i))]);
        const Eigen::Index base = t * (k + 1);
        d.unit.row(base) = x.transpose();
        for (Eigen::Index i = 0; i < k; ++i) {
          const int j = order[i];
          x(j) = std::clamp(x(j) + dir[j] * delta, 0.0, 1.0);
          d.unit.row(base + i + 1) = x.transpose();
          d.moves[static_cast<std::size_t>(t * k + i)] = MorrisMove{j, dir[j] * delta};
        }
      }
      break;
    }
    case DesignKind::sobol: {
      for (int r = 0; r < ex.samples; ++r) {
        const Eigen::Index base = r * (k + 2);
        for (Eigen::Index j = 0; j < k; ++j) {
          const auto row = static_cast<std::uint32_t>(r);
          const double a = design_uniform(ex.seed, kSobol, row, static_cast<std::uint32_t>(j));
          const double b = design_uniform(ex.seed, kSobol, row, static_cast<std::uint32_t>(k + j));
          d.unit(base, j) = a;
          d.unit(base + 1, j) = b;
          for (Eigen::Index m = 0; m < k; ++m) d.unit(base + 2 + m, j) = m == j ? b : a;
        }
      }
      break;
    }
  }
  fill_values(ex, d);
  return d;
}

}  // namespace cs::sweep
