#include "phases/settle.hpp"

namespace cs {

double cluster_flow_total(const World& w, std::size_t c, int k) {
  const auto& col = w.firms.flow[k];
  return cluster_sums<1>(w, c, [&](Slot i, Sums<1>& s) { s[0] += col[i]; })[0];
}

}  // namespace cs
