// Bulk first draws: Philox4x32-10 written lane by lane over arrays, which GCC vectorises (two
// 32 x 32 -> 64-bit products per SSE2 instruction, eight with AVX-512), for the per-firm monthly
// Bernoulli draws that every firm makes. Same key, counter and rounds as Rng (Random123's
// Philox4x32, tested bit for bit against it in tests/core/test_rng.cpp).
#include "core/rng.hpp"

#include <algorithm>

namespace cs {

namespace {

constexpr std::uint32_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u;  // Philox4x32 multipliers
constexpr std::uint32_t kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u;  // Weyl key increments
constexpr std::size_t kLanes = 256;

// The 53-bit integer of the first uniform() (words 0 and 1 of the first block), for n <= kLanes.
// The conversion to double stays in a separate loop: without AVX-512 there is no vector
// conversion of 64-bit integers, and leaving it here would keep the rounds scalar.
// Cloned for AVX-512 (picked at load time where the CPU has it: eight lanes a product, and the
// conversion to double then vectorises too); the integer results are the same either way.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("default", "arch=x86-64-v4")))
#endif
void first_words(std::uint32_t k0, std::uint32_t k1, std::uint32_t c3, const std::uint32_t* entity,
                 std::size_t n, std::uint32_t step, std::uint64_t* out) {
  for (std::size_t j = 0; j < n; ++j) {
    std::uint32_t c0 = entity[j], c1 = step, c2 = 0, d3 = c3, a = k0, b = k1;
    for (int r = 0; r < 10; ++r) {
      const std::uint64_t p0 = std::uint64_t(kM0) * c0, p1 = std::uint64_t(kM1) * c2;
      const std::uint32_t n0 = static_cast<std::uint32_t>(p1 >> 32) ^ c1 ^ a;
      const std::uint32_t n2 = static_cast<std::uint32_t>(p0 >> 32) ^ d3 ^ b;
      c1 = static_cast<std::uint32_t>(p1);
      d3 = static_cast<std::uint32_t>(p0);
      c0 = n0;
      c2 = n2;
      a += kW0;
      b += kW1;
    }
    out[j] = (std::uint64_t(c0 >> 5) << 26) | (c1 >> 6);
  }
}

}  // namespace

void first_uniforms(std::uint64_t seed, Stream stream, const std::uint32_t* entity, std::size_t n,
                    std::uint32_t step, double* out) {
  // As Rng's constructor: key {seed low, stream ^ (seed high x golden)}, counter
  // {entity, step, 0, seed high}.
  const auto hi = static_cast<std::uint32_t>(seed >> 32);
  const auto k0 = static_cast<std::uint32_t>(seed), k1 = static_cast<std::uint32_t>(stream) ^ (hi * kW0);
  std::uint64_t words[kLanes];
  for (std::size_t b = 0; b < n; b += kLanes) {
    const std::size_t m = std::min(kLanes, n - b);
    first_words(k0, k1, hi, entity + b, m, step, words);
    for (std::size_t j = 0; j < m; ++j) out[b + j] = (static_cast<double>(words[j]) + 0.5) * 0x1.0p-53;
  }
}

}  // namespace cs
