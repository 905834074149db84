#include "network/trust_update.hpp"

#include <algorithm>

namespace cs {

float trust_between(const World& w, Slot i, Slot j) {
  for (int k = 0; k < w.net.degree(i); ++k)
    if (w.net.neighbour(i, k) == j) return w.net.trust_at(i, k, w.step);
  return -1.f;
}

void trust_pair(World& w, Slot i, Slot j, bool success) {
  const auto& X = w.params.network;
  const float t = trust_between(w, i, j);
  if (t < 0) {
    if (success) w.net.add(i, j, static_cast<float>(w.params.network.trust_init), w.step);
    return;
  }
  const double next = success ? t + X.trust_alpha * (1.0 - t) : t - X.trust_beta * t;
  if (next < w.params.network.trust_min)
    w.net.remove(i, j);
  else
    w.net.set_trust(i, j, static_cast<float>(next), w.step);
}

void trust_pairs(World& w, const std::vector<std::pair<Slot, Slot>>& pairs, bool success) {
  constexpr std::size_t kAhead = 8;
  for (std::size_t p = 0; p < std::min(kAhead, pairs.size()); ++p) {
    w.net.prefetch(pairs[p].first);
    w.net.prefetch(pairs[p].second);
  }
  for (std::size_t p = 0; p < pairs.size(); ++p) {
    if (p + kAhead < pairs.size()) {
      w.net.prefetch(pairs[p + kAhead].first);
      w.net.prefetch(pairs[p + kAhead].second);
    }
    trust_pair(w, pairs[p].first, pairs[p].second, success);
  }
}

void trust_among(World& w, const std::vector<Slot>& members, bool success) {
  for (std::size_t a = 0; a < members.size(); ++a)
    for (std::size_t b = a + 1; b < members.size(); ++b) trust_pair(w, members[a], members[b], success);
}

}  // namespace cs
