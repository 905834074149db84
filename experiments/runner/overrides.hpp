#pragma once
// `--set KEY=VALUE` overrides shared by the run, compare and rate commands.
#include <string>
#include <vector>

#include "params/load.hpp"

namespace cs {

/// Applies each "KEY=VALUE" of `sets` to `p` (dotted paths, see apply_override); every problem
/// is appended to `issues` instead of thrown, so that all are reported together. After
/// InputLimits::problems problems the remaining overrides are counted in one last issue, not checked.
void apply_sets(Params& p, const std::vector<std::string>& sets, std::vector<ConfigIssue>& issues);

}  // namespace cs
