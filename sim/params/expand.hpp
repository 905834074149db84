#pragma once
// National mode: a `[[cluster]]` table with `replicas = R` stands for R clusters. The expansion
// is a pure function of the parameters (run.seed included), so every part of the program that
// needs the list of clusters (make_world, validation, outputs) sees the same one.
#include <cstdint>
#include <vector>

#include "params/params.hpp"

namespace cs {

/// Clusters and firms the `[[cluster]]` tables expand to, computed without expanding.
struct ClusterTotals {
  long long clusters = 0;  ///< sum of replicas
  long long firms = 0;     ///< sum of replicas x firms (the expansion keeps each table's total)
};
ClusterTotals cluster_totals(const Params& p);

/// The clusters of a run, one entry per cluster. A table with replicas = 1 is copied as it is;
/// one with R > 1 gives R entries named "name #1" ... "name #R", each with replicas = 1 and
/// size_spread = 0, whose firm counts sum to exactly R x firms (at least 1 each). With
/// size_spread = s > 0 the counts are proportional to lognormal weights exp(s z_k) drawn from
/// Stream::cluster_size (entity = table index), so they depend on run.seed only. Expanding an
/// expanded list returns it unchanged.
std::vector<ClusterParams> expand_clusters(const Params& p);

}  // namespace cs
