#pragma once
// Counter-based random numbers (Random123 Philox4x32-10). A draw is a pure function of
// (run seed, stream, entity, step, draw index), so it depends on neither the thread count nor the
// order in which entities are visited. Each mechanism and each intervention has its own stream,
// so switching one on never shifts the draws of another (common random numbers).
#include <Random123/philox.h>

#include <cmath>
#include <cstdint>

namespace cs {

/// One stream id per mechanism. Append new streams at the end: never renumber.
enum class Stream : std::uint32_t {
  init_firms = 1,
  init_network,
  init_institutions,
  environment,
  brochures,
  innovation,
  imitation,
  agent_switch,
  entry,
  spinoff,
  entry_links,
  foreign_buyers,
  consortium_form,
  consortium_defect,
  bds_awareness,   ///< initial awareness of BDS kinds and its spread over the network
  bds_allocation,  ///< priority of BDS requests when capacity is scarce
  bds_effects,     ///< outcomes of BDS services (consulting gain, finance success)
  bds_entry,       ///< BDS providers: initial and entrant quality and fees
  association,     ///< association: initial members, meetings
  cda,             ///< the CDA's choice of firms for its activities
  cfc,             ///< CFCs (reserved)
  policy_targeting,///< lottery order of firms when an intervention's eligible list is capped
  energy_audit,    ///< which firms get an energy audit
  training,        ///< which firms send workers to skills training
  trade_fair,      ///< who meets whom at a trade fair
  cluster_size,    ///< firm counts of a [[cluster]] table's replicas (national mode)
  effluent_enforcement, ///< which non-compliant polluting firms an inspection finds (cfc.effluent_*)
  tfp,             ///< firm efficiency z: at birth (step 0) and its monthly shocks
  customers,       ///< customers lost and found each month
  export_entry,    ///< initial exporters' selection noise; non-exporters' search for foreign customers
};

/// A small generator for one (stream, entity, step): draws are numbered from 0.
class Rng {
 public:
  Rng(std::uint64_t seed, Stream stream, std::uint32_t entity, std::uint32_t step)
      : key_{{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(stream) ^
                                                     (static_cast<std::uint32_t>(seed >> 32) * 0x9E3779B9u)}},
        ctr_{{entity, step, 0u, static_cast<std::uint32_t>(seed >> 32)}} {}

  /// Raw 32 random bits.
  std::uint32_t bits() {
    if (pos_ == 4) refill();
    return buf_.v[pos_++];
  }
  /// Uniform in (0, 1): never exactly 0 or 1, so logs are safe.
  double uniform() {
    const std::uint64_t hi = bits() >> 5, lo = bits() >> 6;  // 27 + 26 = 53 bits
    return (static_cast<double>((hi << 26) | lo) + 0.5) * 0x1.0p-53;
  }
  double uniform(double a, double b) { return a + (b - a) * uniform(); }
  /// Skips n 32-bit words (uniform() uses 2): continues after draws made in bulk.
  void discard(int n) {
    for (int k = 0; k < n; ++k) bits();
  }
  bool bernoulli(double p) { return uniform() < p; }
  /// Uniform integer in [0, n).
  std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(uniform() * n); }
  /// Standard normal (Box-Muller, one value per call).
  double normal() {
    const double u1 = uniform(), u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  double normal(double mean, double sd) { return mean + sd * normal(); }
  double exponential(double rate) { return -std::log(uniform()) / rate; }
  /// Poisson by inversion for small means, normal approximation above 50.
  std::uint32_t poisson(double mean) {
    if (mean <= 0) return 0;
    if (mean > 50) {
      const double x = std::round(normal(mean, std::sqrt(mean)));
      return x < 0 ? 0u : static_cast<std::uint32_t>(x);
    }
    const double l = std::exp(-mean);
    std::uint32_t k = 0;
    double p = uniform();
    while (p > l) {
      ++k;
      p *= uniform();
    }
    return k;
  }
  /// Gamma(shape, 1) by Marsaglia and Tsang.
  double gamma(double shape) {
    if (shape < 1.0) return gamma(shape + 1.0) * std::pow(uniform(), 1.0 / shape);
    const double d = shape - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
    for (;;) {
      double x, v;
      do {
        x = normal();
        v = 1.0 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const double u = uniform();
      if (std::log(u) < 0.5 * x * x + d - d * v + d * std::log(v)) return d * v;
    }
  }
  double beta(double a, double b) {
    const double x = gamma(a), y = gamma(b);
    return x / (x + y);
  }
  /// Beta with the given mean and a + b = concentration.
  double beta_mean(double mean, double concentration) {
    return beta(mean * concentration, (1 - mean) * concentration);
  }

 private:
  void refill() {
    buf_ = r123::Philox4x32{}(ctr_, key_);
    ++ctr_.v[2];
    pos_ = 0;
  }
  r123::Philox4x32::key_type key_;
  r123::Philox4x32::ctr_type ctr_;
  r123::Philox4x32::ctr_type buf_{};
  int pos_ = 4;
};

/// The first uniform() of Rng(seed, stream, entity[j], step) for j < n, written to out[j]:
/// bit-identical to constructing each Rng, computed many entities at a time so that the compiler
/// vectorises Philox (about 3-10 times cheaper per draw than one Rng each; sim/core/rng.cpp).
void first_uniforms(std::uint64_t seed, Stream stream, const std::uint32_t* entity, std::size_t n,
                    std::uint32_t step, double* out);
/// The AVX2 kernel alone (first_uniforms uses it where the CPU has AVX2 but not AVX-512), for
/// tests: false, and nothing written, where the CPU lacks AVX2.
bool first_uniforms_avx2(std::uint64_t seed, Stream stream, const std::uint32_t* entity, std::size_t n,
                         std::uint32_t step, double* out);
/// The same without the AVX-512 and AVX2 kernels that first_uniforms uses where the CPU has them (for tests).
void first_uniforms_generic(std::uint64_t seed, Stream stream, const std::uint32_t* entity, std::size_t n,
                            std::uint32_t step, double* out);

/// The standard normal quantile: x with Phi(x) = u, for u in (0, 1) (Acklam's rational
/// approximation, relative error below 1.2e-9; tested against erfc in tests/core/test_rng.cpp).
/// Turns a uniform drawn in bulk into a normal without a per-firm generator.
double normal_quantile(double u);

}  // namespace cs
