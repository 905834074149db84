#pragma once
#include "world.hpp"

namespace cs {

/// 12. Observation: computes w.indicators (one per cluster) from the state. Reads everything;
/// writes only w.indicators.
void observe(World& w);

/// Rebuilds w.members (alive slots per cluster, ascending) and w.free_slots (descending).
void rebuild_members(World& w);

}  // namespace cs
