#pragma once
// Trust dynamics (MODEL.md section 7): a joint success raises trust, t += alpha (1 - t); a
// failure or an act of opportunism lowers it, t -= beta t; links that fall below trust_min
// dissolve. Called only between parallel phases (they change the graph).
#include <utility>
#include <vector>

#include "world.hpp"

namespace cs {

/// Updates the link i-j after a joint activity; creates it (at trust_init) on success if absent.
void trust_pair(World& w, Slot i, Slot j, bool success);

/// trust_pair for each pair in order (the rows of pairs a few places ahead are fetched early:
/// the pairs are anywhere in the graph).
void trust_pairs(World& w, const std::vector<std::pair<Slot, Slot>>& pairs, bool success);

/// trust_pair for every pair of `members`.
void trust_among(World& w, const std::vector<Slot>& members, bool success);

/// Current trust between i and j, or -1 if they are not linked.
float trust_between(const World& w, Slot i, Slot j);

}  // namespace cs
