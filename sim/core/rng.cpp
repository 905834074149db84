// Bulk first draws: Philox4x32-10 over arrays of entities, for the per-firm monthly Bernoulli
// draws that every firm makes. Three kernels: a loop written lane by lane, which GCC vectorises
// (two 32 x 32 -> 64-bit products per SSE2 instruction), and AVX-512 and AVX2 intrinsics, used
// where the CPU has them (AVX-512: 1.8 ns a draw on one core of an EPYC, against 3.8 for the
// first kernel's AVX-512 clone and 10.9 for one Rng each). Same key, counter and rounds as Rng (Random123's
// Philox4x32); the three kernels are tested bit for bit against it in tests/core/test_rng.cpp.
#include "core/rng.hpp"

#include <algorithm>
#include <cmath>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

namespace cs {

namespace {

constexpr std::uint32_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u;  // Philox4x32 multipliers
constexpr std::uint32_t kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u;  // Weyl key increments
constexpr std::size_t kLanes = 256;

// The key and the counter's last word, as Rng's constructor makes them: key {seed low,
// stream ^ (seed high x golden)}, counter {entity, step, 0, seed high}.
struct BulkKey {
  std::uint32_t k0, k1, hi;
};
BulkKey bulk_key(std::uint64_t seed, Stream stream) {
  const auto hi = static_cast<std::uint32_t>(seed >> 32);
  return {static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(stream) ^ (hi * kW0), hi};
}

// The 53-bit integer of the first uniform() (words 0 and 1 of the first block), for n <= kLanes.
// The conversion to double stays in a separate loop: without AVX-512 there is no vector
// conversion of 64-bit integers, and leaving it here would keep the rounds scalar.
// (GCC's AVX2 clone of this loop, tried, is slower than its SSE2 code: 6.0 against 5.3 ns a
// draw; CPUs with AVX-512 or AVX2 use the hand-written kernels below.)
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

#if defined(__x86_64__) && defined(__GNUC__)
#define CS_PHILOX_X86 1  // the AVX-512 and AVX2 kernels are compiled (chosen at run time)
// Sixteen lanes at a time with AVX-512 intrinsics. GCC's vectorisation of the loop above forms
// each 32 x 32 -> 64-bit product with a 64 x 64-bit multiply (vpmullq, several uops); here
// vpmuludq multiplies the even and the odd lanes and the halves are blended back: the same
// integers, about three times faster. The conversion to double is exact up to the + 0.5, which
// rounds as the scalar addition does (both IEEE round to nearest even).
// GCC 12's AVX-512 headers set off -Wmaybe-uninitialized (their `__Y = __Y` placeholders).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
__attribute__((target("avx512f,avx512dq"))) void uniforms_avx512(std::uint32_t k0, std::uint32_t k1, std::uint32_t c3,
                                                                  const std::uint32_t* entity, std::size_t n,
                                                                  std::uint32_t step, double* out) {
  const __m512i m0 = _mm512_set1_epi64(kM0), m1 = _mm512_set1_epi64(kM1);
  const __m512d half = _mm512_set1_pd(0.5), scale = _mm512_set1_pd(0x1.0p-53);
  constexpr __mmask16 kOdd = 0xAAAA;
  std::size_t j = 0;
  for (; j + 16 <= n; j += 16) {
    __m512i c0 = _mm512_loadu_si512(entity + j), c1 = _mm512_set1_epi32(static_cast<int>(step));
    __m512i c2 = _mm512_setzero_si512(), d3 = _mm512_set1_epi32(static_cast<int>(c3));
    std::uint32_t a = k0, b = k1;
    for (int r = 0; r < 10; ++r) {
      // p0 = M0 c0, p1 = M1 c2 per 32-bit lane: even lanes, then odd lanes shifted down.
      const __m512i p0e = _mm512_mul_epu32(c0, m0), p0o = _mm512_mul_epu32(_mm512_srli_epi64(c0, 32), m0);
      const __m512i p1e = _mm512_mul_epu32(c2, m1), p1o = _mm512_mul_epu32(_mm512_srli_epi64(c2, 32), m1);
      const __m512i hi0 = _mm512_mask_blend_epi32(kOdd, _mm512_srli_epi64(p0e, 32), p0o);
      const __m512i lo0 = _mm512_mask_blend_epi32(kOdd, p0e, _mm512_slli_epi64(p0o, 32));
      const __m512i hi1 = _mm512_mask_blend_epi32(kOdd, _mm512_srli_epi64(p1e, 32), p1o);
      const __m512i lo1 = _mm512_mask_blend_epi32(kOdd, p1e, _mm512_slli_epi64(p1o, 32));
      // ternary logic 0x96: x ^ y ^ z.
      c0 = _mm512_ternarylogic_epi32(hi1, c1, _mm512_set1_epi32(static_cast<int>(a)), 0x96);
      c2 = _mm512_ternarylogic_epi32(hi0, d3, _mm512_set1_epi32(static_cast<int>(b)), 0x96);
      c1 = lo1;
      d3 = lo0;
      a += kW0;
      b += kW1;
    }
    // (c0 >> 5) << 26 | (c1 >> 6), as 64-bit integers, then to double.
    const __m512i x0 = _mm512_srli_epi32(c0, 5), x1 = _mm512_srli_epi32(c1, 6);
    for (int h = 0; h < 2; ++h) {
      const __m256i y0 = h ? _mm512_extracti64x4_epi64(x0, 1) : _mm512_castsi512_si256(x0);
      const __m256i y1 = h ? _mm512_extracti64x4_epi64(x1, 1) : _mm512_castsi512_si256(x1);
      const __m512i word = _mm512_or_si512(_mm512_slli_epi64(_mm512_cvtepu32_epi64(y0), 26), _mm512_cvtepu32_epi64(y1));
      const __m512d d = _mm512_mul_pd(_mm512_add_pd(_mm512_cvtepi64_pd(word), half), scale);
      _mm512_storeu_pd(out + j + 8 * h, d);
    }
  }
  if (j < n) {  // the tail, as the generic path
    std::uint64_t words[16];
    first_words(k0, k1, c3, entity + j, n - j, step, words);
    for (std::size_t q = 0; q < n - j; ++q) out[j + q] = (static_cast<double>(words[q]) + 0.5) * 0x1.0p-53;
  }
}

#pragma GCC diagnostic pop

// Eight lanes at a time with AVX2 intrinsics, for CPUs without AVX-512: vpmuludq on the even and
// the odd lanes as above. AVX2 has no conversion of 64-bit integers to double, so the 53-bit
// word (c0 >> 5) 2^26 + (c1 >> 6) is formed in double from its two halves: each converts
// exactly from int32 and the sum, below 2^53, is exact, so the result is the scalar path's.
__attribute__((target("avx2"))) void uniforms_avx2(std::uint32_t k0, std::uint32_t k1, std::uint32_t c3,
                                                   const std::uint32_t* entity, std::size_t n, std::uint32_t step,
                                                   double* out) {
  const __m256i m0 = _mm256_set1_epi64x(kM0), m1 = _mm256_set1_epi64x(kM1);
  const __m256d half = _mm256_set1_pd(0.5), scale = _mm256_set1_pd(0x1.0p-53), two26 = _mm256_set1_pd(0x1.0p26);
  constexpr int kOdd = 0xAA;
  std::size_t j = 0;
  for (; j + 8 <= n; j += 8) {
    __m256i c0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(entity + j));
    __m256i c1 = _mm256_set1_epi32(static_cast<int>(step));
    __m256i c2 = _mm256_setzero_si256(), d3 = _mm256_set1_epi32(static_cast<int>(c3));
    std::uint32_t a = k0, b = k1;
    for (int r = 0; r < 10; ++r) {
      const __m256i p0e = _mm256_mul_epu32(c0, m0), p0o = _mm256_mul_epu32(_mm256_srli_epi64(c0, 32), m0);
      const __m256i p1e = _mm256_mul_epu32(c2, m1), p1o = _mm256_mul_epu32(_mm256_srli_epi64(c2, 32), m1);
      const __m256i hi0 = _mm256_blend_epi32(_mm256_srli_epi64(p0e, 32), p0o, kOdd);
      const __m256i lo0 = _mm256_blend_epi32(p0e, _mm256_slli_epi64(p0o, 32), kOdd);
      const __m256i hi1 = _mm256_blend_epi32(_mm256_srli_epi64(p1e, 32), p1o, kOdd);
      const __m256i lo1 = _mm256_blend_epi32(p1e, _mm256_slli_epi64(p1o, 32), kOdd);
      c0 = _mm256_xor_si256(_mm256_xor_si256(hi1, c1), _mm256_set1_epi32(static_cast<int>(a)));
      c2 = _mm256_xor_si256(_mm256_xor_si256(hi0, d3), _mm256_set1_epi32(static_cast<int>(b)));
      c1 = lo1;
      d3 = lo0;
      a += kW0;
      b += kW1;
    }
    const __m256i x0 = _mm256_srli_epi32(c0, 5), x1 = _mm256_srli_epi32(c1, 6);  // 27 and 26 bits
    for (int h = 0; h < 2; ++h) {
      const __m128i y0 = h ? _mm256_extracti128_si256(x0, 1) : _mm256_castsi256_si128(x0);
      const __m128i y1 = h ? _mm256_extracti128_si256(x1, 1) : _mm256_castsi256_si128(x1);
      const __m256d word = _mm256_add_pd(_mm256_mul_pd(_mm256_cvtepi32_pd(y0), two26), _mm256_cvtepi32_pd(y1));
      _mm256_storeu_pd(out + j + 4 * h, _mm256_mul_pd(_mm256_add_pd(word, half), scale));
    }
  }
  if (j < n) {  // the tail, as the generic path
    std::uint64_t words[8];
    first_words(k0, k1, c3, entity + j, n - j, step, words);
    for (std::size_t q = 0; q < n - j; ++q) out[j + q] = (static_cast<double>(words[q]) + 0.5) * 0x1.0p-53;
  }
}

bool has_avx2() {
  static const bool yes = __builtin_cpu_supports("avx2");
  return yes;
}

bool has_avx512() {
  static const bool yes = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
  return yes;
}
#endif

}  // namespace

bool first_uniforms_avx2(std::uint64_t seed, Stream stream, const std::uint32_t* entity, std::size_t n,
                         std::uint32_t step, double* out) {
#ifdef CS_PHILOX_X86
  if (has_avx2()) {
    const BulkKey key = bulk_key(seed, stream);
    uniforms_avx2(key.k0, key.k1, key.hi, entity, n, step, out);
    return true;
  }
#endif
  (void)seed, (void)stream, (void)entity, (void)n, (void)step, (void)out;
  return false;
}

void first_uniforms_generic(std::uint64_t seed, Stream stream, const std::uint32_t* entity, std::size_t n,
                            std::uint32_t step, double* out) {
  const BulkKey key = bulk_key(seed, stream);
  std::uint64_t words[kLanes];
  for (std::size_t b = 0; b < n; b += kLanes) {
    const std::size_t m = std::min(kLanes, n - b);
    first_words(key.k0, key.k1, key.hi, entity + b, m, step, words);
    for (std::size_t j = 0; j < m; ++j) out[b + j] = (static_cast<double>(words[j]) + 0.5) * 0x1.0p-53;
  }
}

void first_uniforms(std::uint64_t seed, Stream stream, const std::uint32_t* entity, std::size_t n,
                    std::uint32_t step, double* out) {
#ifdef CS_PHILOX_X86
  if (has_avx512()) {
    const BulkKey key = bulk_key(seed, stream);
    uniforms_avx512(key.k0, key.k1, key.hi, entity, n, step, out);
    return;
  }
#endif
  if (first_uniforms_avx2(seed, stream, entity, n, step, out)) return;
  first_uniforms_generic(seed, stream, entity, n, step, out);
}

double normal_quantile(double u) {
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                                 1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                 6.680131188771972e+01,  -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                 -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                 3.754408661907416e+00};
  constexpr double lo = 0.02425;
  u = std::clamp(u, 1e-300, 1.0 - 1e-16);
  auto tail = [&](double q) {
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  };
  if (u < lo) return tail(std::sqrt(-2.0 * std::log(u)));
  if (u > 1.0 - lo) return -tail(std::sqrt(-2.0 * std::log(1.0 - u)));
  const double q = u - 0.5, r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
}

}  // namespace cs
