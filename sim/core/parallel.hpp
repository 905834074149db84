#pragma once
// Deterministic parallel loops. Per-index work runs with tbb::parallel_for; totals are reduced
// over fixed-size blocks whose partial results are combined in index order, so a sum is
// bit-identical whatever the thread count. `Exec::parallel = false` runs the serial twin.
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <cstddef>
#include <vector>

namespace cs {

/// How the per-agent phases execute.
struct Exec {
  bool parallel = true;  ///< false: plain loops on the calling thread (the serial twin)
};

/// Calls f(i) for every i in [0, n). f must write only row i (and read anything not written).
template <class F> void for_each_index(const Exec& ex, std::size_t n, F&& f, std::size_t grain = 1024) {
  if (!ex.parallel || n <= grain) {
    for (std::size_t i = 0; i < n; ++i) f(i);
    return;
  }
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, grain), [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t i = r.begin(); i != r.end(); ++i) f(i);
  });
}

/// Deterministic reduction: body(begin, end) returns a T for a fixed block; blocks are combined
/// left to right with combine(T&, const T&). Block boundaries depend only on n and block.
template <class T, class Body, class Combine>
T det_reduce(const Exec& ex, std::size_t n, T init, Body&& body, Combine&& combine, std::size_t block = 4096) {
  if (n == 0) return init;
  const std::size_t nb = (n + block - 1) / block;
  std::vector<T> part(nb, init);
  auto run = [&](std::size_t b) { part[b] = body(b * block, std::min(n, (b + 1) * block)); };
  if (ex.parallel && nb > 1) {
    tbb::parallel_for(std::size_t{0}, nb, run);
  } else {
    for (std::size_t b = 0; b < nb; ++b) run(b);
  }
  T acc = init;
  for (std::size_t b = 0; b < nb; ++b) combine(acc, part[b]);
  return acc;
}

/// Deterministic sum of f(i) over [0, n).
template <class F> double det_sum(const Exec& ex, std::size_t n, F&& f) {
  return det_reduce(
      ex, n, 0.0,
      [&](std::size_t b, std::size_t e) {
        double s = 0;
        for (std::size_t i = b; i < e; ++i) s += f(i);
        return s;
      },
      [](double& a, double b) { a += b; });
}

}  // namespace cs
