#pragma once
// A seeded mutator for TOML inputs: byte-level edits, TOML tokens, lines spliced from other seeds,
// and runs of repeated structure (deep keys, nesting, long strings) that probe the input limits.
// Mutant i of a given master seed is always the same bytes, on any machine.
#include <cstdint>
#include <string>
#include <vector>

namespace cs::fuzz {

/// splitmix64: small, portable, and enough for choosing edits.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t next();
  /// Uniform-ish in [0, n); n > 0.
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }

 private:
  std::uint64_t s_;
};

/// Words worth inserting: TOML punctuation and literals, and the identifiers found in `seeds`.
std::vector<std::string> dictionary(const std::vector<std::string>& seeds);

/// `seed` after 1 to 4 random edits; `others` supplies lines to splice in.
std::string mutate(const std::string& seed, const std::vector<std::string>& others,
                   const std::vector<std::string>& dict, Rng& rng);

}  // namespace cs::fuzz
