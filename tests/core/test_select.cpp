// order_statistics finds the values std::nth_element finds.
#include <doctest/doctest.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cmath>
#include <vector>

#include "core/rng.hpp"
#include "core/select.hpp"

using namespace cs;

namespace {

// As the credit rating searched before order_statistics: each cut after the previous one.
std::vector<double> by_nth_element(std::vector<double> v, const std::vector<std::size_t>& pos) {
  std::vector<double> out;
  auto from = v.begin();
  for (std::size_t p : pos) {
    const auto it = v.begin() + static_cast<std::ptrdiff_t>(p);
    std::nth_element(from, it, v.end());
    out.push_back(*it);
    from = it;
  }
  return out;
}

}  // namespace

TEST_CASE("order_statistics equals nth_element: spread, clustered, tied, signed and tiny arrays") {
  Rng r(3, Stream::init_firms, 1, 1);
  int cases = 0;
  for (std::size_t n : {std::size_t{1}, std::size_t{2}, std::size_t{7}, std::size_t{1000}, std::size_t{70000}, std::size_t{300000}}) {
    for (int kind = 0; kind < 5; ++kind) {
      std::vector<double> v(n);
      for (double& x : v) {
        switch (kind) {
          case 0: x = r.normal() * 1e3; break;                              // both signs, wide
          case 1: x = 1.0 + 1e-9 * r.uniform(); break;                      // one narrow bin
          case 2: x = static_cast<double>(r.below(5)) - 2.0; break;         // many ties, zeros
          case 3: x = std::exp(30 * r.normal()); break;                     // many magnitudes
          default: x = r.bernoulli(0.5) ? 0.0 : -0.0;                       // signed zeros only
        }
      }
      for (int classes : {2, 4, 10}) {
        std::vector<std::size_t> pos;
        for (int k = 1; k < classes; ++k) pos.push_back(n * k / classes);
        if (n == 1) pos = {0};
        const auto want = by_nth_element(v, pos);
        for (bool parallel : {true, false}) {
          const std::vector<double> before = v;
          const auto got = order_statistics(Exec{parallel}, v, pos);
          REQUIRE(got.size() == want.size());
          for (std::size_t k = 0; k < got.size(); ++k) CHECK(got[k] == want[k]);  // == : -0 equals +0
          CHECK(v == before);
          ++cases;
        }
      }
    }
  }
  CHECK(cases == 6 * 5 * 3 * 2);
}

TEST_CASE("order_statistics with a NaN among many values gives what nth_element gives") {
  Rng r(4, Stream::init_firms, 1, 1);
  std::vector<double> v(300000);
  for (double& x : v) x = r.normal();
  v[123456] = std::nan("");
  const std::vector<std::size_t> pos = {75000, 150000, 225000};
  const auto want = by_nth_element(v, pos), got = order_statistics(Exec{true}, v, pos);
  for (std::size_t k = 0; k < pos.size(); ++k) CHECK(std::bit_cast<std::uint64_t>(got[k]) == std::bit_cast<std::uint64_t>(want[k]));
}
