#pragma once
#include "world.hpp"

namespace cs {

/// 12. Observation: computes w.indicators (one per cluster) from the state. Reads everything;
/// writes only w.indicators.
void observe(World& w);

/// Rebuilds w.members (alive slots per cluster, ascending) and w.free_slots (descending).
void rebuild_members(World& w);

/// The same result as rebuild_members after the slots `exited` (of any cluster, now dead) left
/// and the slots `entered[c]` (ascending, taken from the back of w.free_slots or appended) joined
/// cluster c: members and free slots are merged instead of rebuilt from a scan of every slot.
void update_members(World& w, std::vector<Slot> exited, const std::vector<std::vector<Slot>>& entered);

}  // namespace cs
