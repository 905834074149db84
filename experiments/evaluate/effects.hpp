#pragma once
// Firm-level effects of one replication: a policy run's panel against its baseline's, firm by
// firm (the same uid is the same firm under common random numbers). Groups: participants (any
// intervention reached the firm), non-participants (none did: their effect is the spillover),
// the whole cohort, and the participants of each kind; the entrants after the programme started
// and the cluster's totals complete the account. The evaluator's difference-in-differences uses
// the policy run alone (docs/evaluation.md).
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "evaluate/panel.hpp"
#include "params/params.hpp"

namespace cs::eval {

/// The groups of a mix: 0 participants, 1 non_participants, 2 cohort, then one per kind of its
/// enabled interventions that reach firms ("participants:<kind>", in the order first listed).
struct Groups {
  std::vector<std::string> names;
  std::vector<Channel> channels;  ///< the channel of group 3 + j
  std::size_t size() const { return names.size(); }
};
Groups groups_of(const Params& mix);

inline constexpr std::size_t kParticipants = 0, kNonParticipants = 1, kCohort = 2;

/// Sums over firms in one replication: n firms, Σ policy values, Σ baseline values.
struct Sum {
  double n = 0, s1 = 0, s0 = 0;
};

/// The evaluator's difference-in-differences of year k against year -1 for one replication
/// (means over firms; NaN when a group is empty):
///   did = mean_P(y1_k - y1_r) - mean_NP(y1_k - y1_r)   (policy run only: what an evaluator sees)
///   att = mean_P(y1_k - y0_k)      true effect on participants
///   spill = mean_NP(y1_k - y0_k)   true effect on non-participants
///   sel = mean_P(y0_k - y0_r) - mean_NP(y0_k - y0_r)   the groups' different baseline trends
///   pre = mean_P(y1_r - y0_r) - mean_NP(y1_r - y0_r)   effects already present in year -1
/// For outcomes defined for every firm (all but productivity) the sets are the same and
/// did - att = -spill + sel - pre exactly.
struct Did {
  static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  double did = kNaN, att = kNaN, spill = kNaN, sel = kNaN, pre = kNaN;
};

/// Everything one replication of one mix contributes to the estimates.
struct RepEffects {
  int years = 0;               ///< YearGrid::count()
  std::size_t groups = 0;
  std::vector<Sum> firm;       ///< [year][group][outcome]; n = 0 in years before the firm panel
  std::vector<Sum> entrants;   ///< [year][outcome]: totals (productivity: the ratio)
  std::vector<Sum> cluster;    ///< [year][outcome]: totals from the indicators
  std::vector<Did> did;        ///< [year][outcome]
  /// Jobs kept by survival at the horizons (0 exit, 1 end): employment of cohort firms alive
  /// with the programme and closed without it, less the reverse.
  double saved[2] = {0, 0}, lost[2] = {0, 0};
  std::array<double, channel_count> reached{}, amount{};                  ///< cohort firms reached, ₹ lakh
  std::array<double, channel_count> entrant_reached{}, entrant_amount{};  ///< entrants reached, ₹ lakh
  double cohort = 0, participants = 0;

  Sum& at(int y, std::size_t g, std::size_t o) { return firm[(static_cast<std::size_t>(y) * groups + g) * kOutcomes + o]; }
  const Sum& at(int y, std::size_t g, std::size_t o) const {
    return firm[(static_cast<std::size_t>(y) * groups + g) * kOutcomes + o];
  }
};

/// Pairs the policy run's panel with its baseline's. Throws std::logic_error if their cohorts
/// differ (they cannot under common random numbers).
RepEffects reduce_pair(const Panel& policy, const Panel& baseline, const Groups& groups);

}  // namespace cs::eval
