#pragma once
// Exact order statistics of a large array in parallel: the values std::nth_element would put at
// the given positions, found with a parallel histogram pass over the top 16 bits of an
// order-preserving integer key of each value, a parallel pass that gathers the values sharing a
// bin with a wanted position, and std::nth_element on those few. Used for the banks'
// credit-class cuts over a million firms (a serial nth_element per cut took 27 ms there); small
// arrays (under 262,144 values) use std::nth_element directly.
#include <algorithm>
#include <bit>
#include <cstdint>
#include <vector>

#include "core/parallel.hpp"

namespace cs {

/// An unsigned key that orders as the double does (for values that are not NaN; -0 just below +0).
inline std::uint64_t order_key(double x) {
  const auto u = std::bit_cast<std::uint64_t>(x);
  return (u >> 63) ? ~u : (u | (std::uint64_t{1} << 63));
}

/// The values at positions `pos` (ascending, each < v.size()) of v sorted ascending, as
/// std::nth_element finds them; v is left as it was. Any thread count gives the same values.
inline std::vector<double> order_statistics(const Exec& ex, const std::vector<double>& v,
                                            const std::vector<std::size_t>& pos) {
  constexpr int kShift = 48;
  constexpr std::size_t kBins = std::size_t{1} << (64 - kShift), kBlock = 1 << 16;
  // Small arrays (national mode's clusters), and arrays holding a NaN (which has no place in the
  // order): std::nth_element on a copy, each search after the previous position.
  auto by_nth_element = [&] {
    std::vector<double> x = v, out;
    auto from = x.begin();
    for (std::size_t p : pos) {
      const auto it = x.begin() + static_cast<std::ptrdiff_t>(p);
      std::nth_element(from, it, x.end());  // positions ascend: all before `from` are no larger
      out.push_back(*it);
      from = it;
    }
    return out;
  };
  if (v.size() < 4 * kBlock) return by_nth_element();
  auto bin = [](double x) { return static_cast<std::uint32_t>(order_key(x) >> kShift); };
  const std::size_t nb = (v.size() + kBlock - 1) / kBlock;
  auto block_end = [&](std::size_t b) { return std::min(v.size(), (b + 1) * kBlock); };
  // Counts per bin, by fixed blocks (integer counts: the order of the additions is immaterial).
  std::vector<std::vector<std::uint32_t>> part(nb);
  std::vector<std::uint8_t> nan(nb, 0);
  for_each_index(ex, nb, [&](std::size_t b) {
    auto& h = part[b];
    h.assign(kBins, 0);
    for (std::size_t k = b * kBlock; k < block_end(b); ++k) {
      ++h[bin(v[k])];
      nan[b] |= v[k] != v[k];
    }
  }, 1);
  if (std::find(nan.begin(), nan.end(), 1) != nan.end()) return by_nth_element();
  std::vector<std::uint64_t> count(kBins, 0);
  for (const auto& h : part)
    for (std::size_t q = 0; q < kBins; ++q) count[q] += h[q];
  // The bin of each position, the position's rank within it, and the distinct bins wanted.
  std::vector<std::uint32_t> wanted;
  std::vector<std::size_t> which(pos.size()), rank(pos.size());
  std::uint64_t before = 0;
  std::uint32_t q = 0;
  for (std::size_t k = 0; k < pos.size(); ++k) {
    while (before + count[q] <= pos[k]) before += count[q++];
    if (wanted.empty() || wanted.back() != q) wanted.push_back(q);
    which[k] = wanted.size() - 1;
    rank[k] = static_cast<std::size_t>(pos[k] - before);
  }
  // The values in the wanted bins, gathered by block (their order within a bin does not change
  // which value is the k-th smallest).
  std::vector<std::vector<std::vector<double>>> got(nb, std::vector<std::vector<double>>(wanted.size()));
  for_each_index(ex, nb, [&](std::size_t b) {
    for (std::size_t k = b * kBlock; k < block_end(b); ++k) {
      const std::uint32_t x = bin(v[k]);
      for (std::size_t j = 0; j < wanted.size(); ++j)
        if (wanted[j] == x) got[b][j].push_back(v[k]);
    }
  }, 1);
  std::vector<double> out(pos.size());
  std::vector<std::vector<double>> vals(wanted.size());
  for (std::size_t j = 0; j < wanted.size(); ++j) {
    vals[j].reserve(count[wanted[j]]);
    for (const auto& g : got) vals[j].insert(vals[j].end(), g[j].begin(), g[j].end());
  }
  for (std::size_t k = 0; k < pos.size(); ++k) {
    auto& x = vals[which[k]];
    std::nth_element(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(rank[k]), x.end());
    out[k] = x[rank[k]];
  }
  return out;
}

}  // namespace cs
