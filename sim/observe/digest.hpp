#pragma once
// A 64-bit digest of the whole state (firm table, network, institutions, ledger, indicators),
// used to assert that runs are bit-identical across thread counts and execution modes.
#include <cstdint>

#include "world.hpp"

namespace cs {

/// FNV-1a over the bytes of every state column, in a fixed order.
std::uint64_t state_digest(const World& w);

}  // namespace cs
