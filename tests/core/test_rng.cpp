#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "core/rng.hpp"

using namespace cs;

TEST_CASE("rng: a draw depends only on (seed, stream, entity, step, index)") {
  Rng a(42, Stream::innovation, 17, 3), b(42, Stream::innovation, 17, 3);
  for (int k = 0; k < 100; ++k) CHECK(a.uniform() == b.uniform());
  Rng c(42, Stream::imitation, 17, 3), d(42, Stream::innovation, 18, 3), e(43, Stream::innovation, 17, 3);
  Rng f(42, Stream::innovation, 17, 3);
  const double x = f.uniform();
  CHECK(c.uniform() != x);
  CHECK(d.uniform() != x);
  CHECK(e.uniform() != x);
}

TEST_CASE("rng: seeds differing only in the high 32 bits give different streams") {
  Rng a(1, Stream::entry, 0, 0), b((1ull << 32) | 1, Stream::entry, 0, 0);
  CHECK(a.uniform() != b.uniform());
}

TEST_CASE("rng: moments of the distributions") {
  Rng r(1, Stream::environment, 0, 0);
  const int n = 200000;
  double su = 0, sn = 0, sn2 = 0, sp = 0, sb = 0;
  for (int k = 0; k < n; ++k) {
    const double u = r.uniform();
    REQUIRE(u > 0);
    REQUIRE(u < 1);
    su += u;
    const double z = r.normal();
    sn += z;
    sn2 += z * z;
    sp += r.poisson(3.5);
    sb += r.beta(2, 3);
  }
  CHECK(su / n == doctest::Approx(0.5).epsilon(0.01));
  CHECK(std::fabs(sn / n) < 0.01);
  CHECK(sn2 / n == doctest::Approx(1.0).epsilon(0.02));
  CHECK(sp / n == doctest::Approx(3.5).epsilon(0.02));
  CHECK(sb / n == doctest::Approx(0.4).epsilon(0.01));
}

TEST_CASE("rng: large-mean Poisson and gamma") {
  Rng r(3, Stream::entry, 1, 1);
  double s = 0, g = 0;
  for (int k = 0; k < 20000; ++k) {
    s += r.poisson(120.0);
    g += r.gamma(0.5);
  }
  CHECK(s / 20000 == doctest::Approx(120.0).epsilon(0.01));
  CHECK(g / 20000 == doctest::Approx(0.5).epsilon(0.03));
}

TEST_CASE("rng: bulk first uniforms equal each entity's own first draw, bit for bit") {
  // Seeds with high bits, every stream kind, lengths around the 16-lane and 256-lane blocks.
  for (std::uint64_t seed : {std::uint64_t{1}, std::uint64_t{0xDEADBEEFCAFEF00Dull}, ~std::uint64_t{0}}) {
    for (Stream s : {Stream::brochures, Stream::innovation, Stream::spinoff, Stream::effluent_enforcement}) {
      for (std::size_t n : {std::size_t{1}, std::size_t{7}, std::size_t{9}, std::size_t{15}, std::size_t{17}, std::size_t{255}, std::size_t{256}, std::size_t{700}}) {
        std::vector<std::uint32_t> uid(n);
        for (std::size_t j = 0; j < n; ++j) uid[j] = static_cast<std::uint32_t>(j * 2654435761u + 7);
        std::vector<double> u(n);
        const std::uint32_t step = static_cast<std::uint32_t>(n % 97);
        // The kernel this CPU picks (AVX-512 or AVX2 where it has them), the AVX2 one alone and
        // the generic one.
        std::vector<double> g(n), v(n);
        first_uniforms(seed, s, uid.data(), n, step, u.data());
        first_uniforms_generic(seed, s, uid.data(), n, step, g.data());
        const bool avx2 = first_uniforms_avx2(seed, s, uid.data(), n, step, v.data());
        int differ = 0;
        for (std::size_t j = 0; j < n; ++j) {
          Rng r(seed, s, uid[j], step);
          const double x = r.uniform();
          differ += (x != u[j]) + (x != g[j]) + (avx2 && x != v[j]);
        }
        CHECK(differ == 0);
      }
    }
  }
  // discard(2) continues where a bulk uniform left off.
  Rng a(9, Stream::imitation, 5, 6), b(9, Stream::imitation, 5, 6);
  a.uniform();
  b.discard(2);
  CHECK(a.uniform() == b.uniform());
}

TEST_CASE("rng: normal_quantile inverts the normal distribution function") {
  // Phi(x) = erfc(-x / sqrt 2) / 2; the quantile of Phi(x) returns x, in the centre and both tails
  // (the upper tail up to x = 5: beyond it u is within 1e-7 of 1 and u itself is inexact).
  for (double x = -8.0; x <= 5.0; x += 0.37) {
    const double u = 0.5 * std::erfc(-x / std::sqrt(2.0));
    CHECK(cs::normal_quantile(u) == doctest::Approx(x).epsilon(1e-8).scale(1.0));
  }
  CHECK(cs::normal_quantile(0.5) == doctest::Approx(0.0).scale(1.0).epsilon(1e-12));
  CHECK(cs::normal_quantile(0.975) == doctest::Approx(1.959963985).epsilon(1e-8));
  // Ends of (0, 1) are finite, not NaN or infinite.
  CHECK(std::isfinite(cs::normal_quantile(0.0)));
  CHECK(std::isfinite(cs::normal_quantile(1.0)));
}
