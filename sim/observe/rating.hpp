#pragma once
// Cluster rating: the eight selection parameters of the source methodology (MODEL.md section 11),
// each scored in [0, 1] from the state of the world, and their equally weighted total. Used to
// rank clusters and, in national mode, to allocate a programme's budget. docs/evaluation.md
// defines every score. Pure: reads the world (its last indicators included), writes nothing.
#include <array>
#include <cstddef>
#include <string>
#include <vector>

namespace cs {

struct World;

/// The eight selection parameters, in the source's order.
enum class RatingParam : int {
  technology = 0,   ///< distinct technology / product: closeness to the frontier, quality, certification
  growth,           ///< growth potential: demand growth, export orientation, profitability
  employment,       ///< employment contribution: workers, saturating at large clusters
  leadership,       ///< local leadership: the association's effectiveness, membership, rating
  infrastructure,   ///< basic infrastructure: power reliability, bank and market-channel coverage
  institutions,     ///< capable institutions: BDS providers, a working CFC
  recommendation,   ///< recommendation by other agencies: an input (ClusterParams::recommendation)
  need,             ///< need for socio-environmental intervention: emissions gap, informality, rationing
  count
};
inline constexpr std::size_t kRatingParams = static_cast<std::size_t>(RatingParam::count);

/// Short column name of a parameter (e.g. "technology"), for tables and CSV headers.
const char* rating_param_name(RatingParam p);

/// Rating of one cluster.
struct ClusterRating {
  std::size_t cluster = 0;                     ///< cluster index
  std::string name;                            ///< its display name
  std::array<double, kRatingParams> score{};   ///< each in [0, 1]
  double total = 0;                            ///< weighted mean of the scores, in [0, 1]
  int rank = 0;                                ///< 1 = highest total (ties: lower index first)
};

/// Weights of the eight parameters; the total is sum(w_k s_k) / sum(w_k). Default: equal.
struct RatingWeights {
  std::array<double, kRatingParams> w{1, 1, 1, 1, 1, 1, 1, 1};
};

/// Rates every cluster of `w` from its state and its indicators of the last completed step
/// (w.indicators; make_world fills them for step 0). Returns one entry per cluster in index order,
/// with ranks filled in. Weights must be >= 0 with a positive sum.
std::vector<ClusterRating> rate_clusters(const World& w, const RatingWeights& weights = {});

}  // namespace cs
