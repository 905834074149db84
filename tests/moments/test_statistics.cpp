// The statistics behind the panel moments, against values computed by hand.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "moments/statistics.hpp"

using namespace cs::moments;

TEST_CASE("statistics: quantiles interpolate between order statistics (type 7)") {
  const std::vector<double> v{5, 1, 4, 2, 3};
  CHECK(quantile(v, 0.9) == doctest::Approx(4.6));   // h = 3.6: 4 + 0.6 (5 - 4)
  CHECK(quantile(v, 0.1) == doctest::Approx(1.4));   // h = 0.4
  CHECK(quantile(v, 0.5) == 3);
  CHECK(quantile(v, 1.0) == 5);
  CHECK(quantile({7}, 0.25) == 7);
  CHECK(std::isnan(quantile({}, 0.5)));
}

TEST_CASE("statistics: mean, sd, kurtosis") {
  const std::vector<double> v{2, 4, 4, 4, 5, 5, 7, 9};
  CHECK(mean(v) == 5);
  CHECK(sd(v) == doctest::Approx(std::sqrt(32.0 / 7.0)));
  CHECK(kurtosis({-2, 0, 0, 2}) == doctest::Approx(2.0));  // m2 = 2, m4 = 8
  CHECK(kurtosis({-1, -1, 1, 1}) == doctest::Approx(1.0));
  CHECK(std::isnan(sd({1})));
  CHECK(std::isnan(kurtosis({1, 1, 1, 1})));
}

TEST_CASE("statistics: Hill estimators of the tail exponent") {
  // Values >= 2 of {1, 2, 4, 8}: ln 1 + ln 2 + ln 4 = 3 ln 2, so alpha = 3 / (3 ln 2).
  CHECK(hill_threshold({1, 2, 4, 8}, 2) == doctest::Approx(1.0 / std::log(2.0)));
  // Top 2 of {1, 2, 4, 8, 16} over the 3rd largest (4): ln 4 + ln 2 = 3 ln 2, alpha = 2 / (3 ln 2).
  CHECK(hill_top({1, 2, 4, 8, 16}, 2) == doctest::Approx(2.0 / (3.0 * std::log(2.0))));
  CHECK(std::isnan(hill_top({1, 2}, 2)));
  CHECK(std::isnan(hill_threshold({1, 2}, 5)));
}

TEST_CASE("statistics: OLS slope and the slope of growth volatility on size") {
  CHECK(ols_slope({1, 2, 3}, {2, 4, 6}) == doctest::Approx(2.0));
  CHECK(std::isnan(ols_slope({1, 1}, {2, 3})));
  // Two bins: size 1 (ln 0) with growth {0, 0.2}, size e^2 (ln 2) with growth {0, 0.1}: the sd
  // halves over 2 log points, slope ln(0.5) / 2.
  const double e2 = std::exp(2.0);
  CHECK(growth_sd_slope({1, e2, 1, e2}, {0, 0, 0.2, 0.1}, 2) == doctest::Approx(std::log(0.5) / 2));
  CHECK(std::isnan(growth_sd_slope({1, 2}, {0, 1}, 2)));  // one firm per bin: no sd
}
