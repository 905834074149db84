// The designs and estimators of the sweep engine on functions with known answers: Sobol indices
// of the Ishigami function and of a linear model, Morris effects of a linear model, Latin
// hypercube strata, the t quantile.
#include <doctest/doctest.h>

#include <cmath>
#include <set>

#include "sweep/design.hpp"
#include "sweep/stats.hpp"

using namespace cs::sweep;

namespace {

Experiment sampled(DesignKind kind, std::vector<std::pair<double, double>> ranges, int samples) {
  Experiment ex;
  ex.design = kind;
  ex.samples = samples;
  ex.trajectories = 20;
  ex.levels = 4;
  ex.seed = 12345;
  for (std::size_t j = 0; j < ranges.size(); ++j) {
    Factor f;
    f.path = "x";
    f.path += std::to_string(j);
    f.min = ranges[j].first;
    f.max = ranges[j].second;
    ex.factors.push_back(f);
  }
  return ex;
}

template <class F> Eigen::VectorXd evaluate(const Design& d, F&& f) {
  Eigen::VectorXd y(d.values.rows());
  for (Eigen::Index i = 0; i < d.values.rows(); ++i) y(i) = f(d.values.row(i));
  return y;
}

}  // namespace

TEST_CASE("t quantile matches tables") {
  CHECK(t975(1) == doctest::Approx(12.7062).epsilon(1e-5));
  CHECK(t975(2) == doctest::Approx(4.3027).epsilon(1e-5));
  CHECK(t975(30) == doctest::Approx(2.0423).epsilon(1e-5));
  CHECK(t975(40) == doctest::Approx(2.021075).epsilon(1e-6));
  CHECK(t975(120) == doctest::Approx(1.979930).epsilon(1e-6));
  CHECK(t975(100000) == doctest::Approx(1.959987).epsilon(1e-6));
}

TEST_CASE("Welford mean, sd and confidence interval") {
  Welford w;
  for (double x : {1.0, 2.0, 3.0, 4.0}) w.add(x);
  CHECK(w.mean == doctest::Approx(2.5));
  CHECK(w.sd() == doctest::Approx(std::sqrt(5.0 / 3.0)));
  CHECK(w.ci95() == doctest::Approx(t975(3) * std::sqrt(5.0 / 3.0) / 2));
  Welford one;
  one.add(1);
  CHECK(std::isnan(one.ci95()));
}

TEST_CASE("Latin hypercube: one point per stratum of every factor, integers rounded") {
  Experiment ex = sampled(DesignKind::lhs, {{0, 1}, {10, 20}, {0, 100}}, 50);
  ex.factors[2].integer = true;
  const Design d = build_design(ex);
  REQUIRE(d.points() == 50);
  for (int j = 0; j < 2; ++j) {
    std::set<int> strata;
    for (int i = 0; i < 50; ++i) strata.insert(static_cast<int>(d.unit(i, j) * 50));
    CHECK(strata.size() == 50);
  }
  for (int i = 0; i < 50; ++i) CHECK(d.values(i, 2) == std::round(d.values(i, 2)));
  CHECK(build_design(ex).values == d.values);  // a pure function of the experiment
}

TEST_CASE("grid: full factorial, first factor slowest") {
  Experiment ex;
  ex.factors = {Factor{"a", {1, 2}, 0, 0, false, "a"}, Factor{"b", {10, 20, 30}, 0, 0, false, "b"}};
  const Design d = build_design(ex);
  REQUIRE(d.points() == 6);
  CHECK(d.values(0, 0) == 1);
  CHECK(d.values(0, 1) == 10);
  CHECK(d.values(2, 1) == 30);
  CHECK(d.values(3, 0) == 2);
  CHECK(d.values(3, 1) == 10);
}

TEST_CASE("Morris on a linear model: mu* = |slope| x range, sigma = 0") {
  const Experiment ex = sampled(DesignKind::morris, {{0, 2}, {-1, 1}, {5, 6}, {0, 10}}, 0);
  const Design d = build_design(ex);
  REQUIRE(d.points() == 20 * 5);
  const double a[4] = {3, -2, 0, 0.5};
  const Eigen::VectorXd y = evaluate(d, [&](const auto& x) {
    return a[0] * x(0) + a[1] * x(1) + a[2] * x(2) + a[3] * x(3);
  });
  const auto m = morris_indices(y, d.moves, 4);
  const double range[4] = {2, 2, 1, 10};
  for (int j = 0; j < 4; ++j) {
    CHECK(m[j].r == 20);
    CHECK(m[j].mu_star == doctest::Approx(std::fabs(a[j]) * range[j]));
    CHECK(m[j].mu == doctest::Approx(a[j] * range[j]));
    CHECK(m[j].sigma == doctest::Approx(0).epsilon(1e-9).scale(1));
  }
  // Every trajectory moves every factor once, by delta = p / (2 (p - 1)) = 2/3 of its range.
  for (const MorrisMove& mv : d.moves) CHECK(std::fabs(mv.delta) == doctest::Approx(2.0 / 3.0));
}

TEST_CASE("Sobol indices of the Ishigami function (Jansen estimators, bootstrap intervals)") {
  const double pi = 3.14159265358979323846;
  const Experiment ex = sampled(DesignKind::sobol, {{-pi, pi}, {-pi, pi}, {-pi, pi}}, 8192);
  const Design d = build_design(ex);
  REQUIRE(d.points() == 8192 * 5);
  const Eigen::VectorXd y = evaluate(d, [](const auto& x) {
    return std::sin(x(0)) + 7 * std::pow(std::sin(x(1)), 2) + 0.1 * std::pow(x(2), 4) * std::sin(x(0));
  });
  const auto s = sobol_indices(y, 3, 200, 7);
  const double s1[3] = {0.3139, 0.4424, 0.0}, st[3] = {0.5576, 0.4424, 0.2437};
  for (int j = 0; j < 3; ++j) {
    CAPTURE(j);
    CHECK(s[j].s1 == doctest::Approx(s1[j]).scale(1).epsilon(0.04));
    CHECK(s[j].st == doctest::Approx(st[j]).scale(1).epsilon(0.04));
    CHECK(s[j].s1_lo <= s[j].s1);
    CHECK(s[j].s1 <= s[j].s1_hi);
    CHECK(s[j].st_lo <= s[j].st);
    CHECK(s[j].st <= s[j].st_hi);
    CHECK(s[j].st_hi - s[j].st_lo < 0.1);
  }
}

TEST_CASE("Sobol indices of a linear model: S1 = ST = a_j^2 var_j / sum") {
  const Experiment ex = sampled(DesignKind::sobol, {{0, 1}, {0, 1}, {0, 1}}, 4096);
  const Design d = build_design(ex);
  const Eigen::VectorXd y = evaluate(d, [](const auto& x) { return 1 * x(0) + 2 * x(1) + 0 * x(2); });
  const auto s = sobol_indices(y, 3, 100, 7);
  const double expect[3] = {0.2, 0.8, 0.0};
  for (int j = 0; j < 3; ++j) {
    CHECK(s[j].s1 == doctest::Approx(expect[j]).scale(1).epsilon(0.03));
    CHECK(s[j].st == doctest::Approx(expect[j]).scale(1).epsilon(0.03));
  }
}
