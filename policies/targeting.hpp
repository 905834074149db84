#pragma once
// Targeting rules of interventions: which firms are eligible this month.
#include <cstdint>
#include <vector>

#include "observe/rating.hpp"
#include "world.hpp"

namespace cs::policies {

/// Writes the eligibility of every firm slot for intervention number `index` into `out`
/// (1 eligible): alive, in the cluster it serves, matching its `target` rule, and, when
/// max_firms > 0, among the first max_firms in a fixed lottery order of the eligible firms.
/// `diagnosed` holds the sorted uids of the CDA's diagnosed list.
/// `served`, when not empty, lists the clusters served (sorted), overriding x.cluster.
void build_target(const World& w, const InterventionParams& x, int index,
                  const std::vector<std::uint32_t>& diagnosed, std::vector<std::uint8_t>& out,
                  const std::vector<std::size_t>& served = {});

/// The best-rated `n` clusters by the cluster rating (sim/observe/rating.hpp), sorted by index.
std::vector<std::size_t> best_rated(const World& w, int n);
/// The same from a rating already made (rate_clusters' result).
std::vector<std::size_t> best_rated(const std::vector<ClusterRating>& rating, int n);

/// The CDA's diagnostic list: viable firms (positive net worth) with the most room to improve
/// (lowest productivity in their cluster), 10 % of each cluster's firms. Sorted uids.
std::vector<std::uint32_t> diagnostic_list(const World& w);

}  // namespace cs::policies
