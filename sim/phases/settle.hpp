#pragma once
// Helpers shared by the phases: parallel loops over a cluster's firms that also return
// deterministic sums. A phase's per-firm body updates its own row (its cash included) and reports
// the amounts of the flows it moved; the sums, combined in block order, then move the
// counterpart accounts on the ledger, so the books close whatever the thread count. The body may
// write only the row it is given; it may read anything that no body writes.
#include <algorithm>
#include <array>
#include <vector>

#include "core/rng.hpp"
#include "world.hpp"

namespace cs {

/// Fixed-size vector of sums, combinable in block order.
template <std::size_t N> struct Sums {
  std::array<double, N> v{};
  double& operator[](std::size_t k) { return v[k]; }
  double operator[](std::size_t k) const { return v[k]; }
  void add(const Sums& o) {
    for (std::size_t k = 0; k < N; ++k) v[k] += o.v[k];
  }
};

/// Sums `f(slot, Sums&)` over the alive firms of cluster c, in parallel blocks combined in order.
template <std::size_t N, class F> Sums<N> cluster_sums(const World& w, std::size_t c, F&& f) {
  const auto& m = w.members[c];
  return det_reduce(
      w.exec, m.size(), Sums<N>{},
      [&](std::size_t b, std::size_t e) {
        Sums<N> s;
        for (std::size_t k = b; k < e; ++k) f(m[k], s);
        return s;
      },
      [](Sums<N>& a, const Sums<N>& b) { a.add(b); });
}

/// Per-group sums over cluster c: f(slot, add) calls add(g, k, x) to add x to value k of group g
/// (g < groups); returns out[g * width + k].
template <class F>
std::vector<double> group_sums(const World& w, std::size_t c, std::size_t groups, std::size_t width, F&& f) {
  const auto& m = w.members[c];
  const std::vector<double> zero(groups * width, 0.0);
  return det_reduce(
      w.exec, m.size(), zero,
      [&](std::size_t b, std::size_t e) {
        std::vector<double> s(groups * width, 0.0);
        auto add = [&s, width](std::size_t g, std::size_t k, double x) { s[g * width + k] += x; };
        for (std::size_t k = b; k < e; ++k) f(m[k], add);
        return s;
      },
      [](std::vector<double>& a, const std::vector<double>& b) {
        for (std::size_t k = 0; k < a.size(); ++k) a[k] += b[k];
      },
      16384);
}

/// Runs f(c) for every cluster, in parallel over clusters (each touches only its own rows).
template <class F> void for_each_cluster(const World& w, F&& f) {
  for_each_index(w.exec, w.clusters.size(), [&](std::size_t c) { f(c); }, 1);
}

/// The members of cluster c for which pred(slot) holds, in member order (found in parallel
/// blocks, concatenated in block order).
template <class P> std::vector<Slot> members_where(const World& w, std::size_t c, P&& pred) {
  const auto& m = w.members[c];
  return det_reduce(
      w.exec, m.size(), std::vector<Slot>{},
      [&](std::size_t b, std::size_t e) {
        std::vector<Slot> out;
        for (std::size_t k = b; k < e; ++k)
          if (pred(m[k])) out.push_back(m[k]);
        return out;
      },
      [](std::vector<Slot>& a, const std::vector<Slot>& b) { a.insert(a.end(), b.begin(), b.end()); });
}

/// out[i] = the first uniform() of Rng(seed, stream, uid[i], step) for every slot i, dead slots
/// included, computed in bulk (first_uniforms): the same value as the firm's own Rng gives, so a
/// phase may test `out[i] < p` for r.bernoulli(p) and continue with `Rng(...).discard(2)`.
inline void draw_uniforms(const World& w, Stream stream, Column<double>& out) {
  const auto& uid = w.firms.uid;
  out.resize(uid.size());
  const auto t = static_cast<std::uint32_t>(w.step);
  constexpr std::size_t kChunk = 4096;
  for_each_index(w.exec, (uid.size() + kChunk - 1) / kChunk, [&](std::size_t b) {
    const std::size_t lo = b * kChunk, n = std::min(kChunk, uid.size() - lo);
    first_uniforms(w.params.run.seed, stream, uid.data() + lo, n, t, out.data() + lo);
  }, 1);
}

/// Calls f(slot) for every alive firm, in parallel; f writes only its own row.
template <class F> void for_each_firm(const World& w, F&& f) {
  const auto& alive = w.firms.alive;
  for_each_index(w.exec, alive.size(), [&](std::size_t i) {
    if (alive[i]) f(static_cast<Slot>(i));
  });
}


}  // namespace cs

namespace cs {

/// cluster_sums for every cluster, computed in parallel over clusters.
template <std::size_t N, class F> std::vector<Sums<N>> all_cluster_sums(const World& w, F&& f) {
  std::vector<Sums<N>> out(w.clusters.size());
  for_each_cluster(w, [&](std::size_t c) { out[c] = cluster_sums<N>(w, c, f); });
  return out;
}

}  // namespace cs

namespace cs {

/// group_sums for every cluster, in parallel over clusters; `groups(c)` gives cluster c's group
/// count. Ledger updates from the result are then applied serially, in cluster order.
template <class G, class F>
std::vector<std::vector<double>> all_group_sums(const World& w, G&& groups, std::size_t width, F&& f) {
  std::vector<std::vector<double>> out(w.clusters.size());
  for_each_cluster(w, [&](std::size_t c) { out[c] = group_sums(w, c, groups(c), width, f); });
  return out;
}

}  // namespace cs
