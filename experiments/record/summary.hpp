#pragma once
// The table `clustersim run` prints at the end: per cluster, per archetype or for the nation (the
// level of timeseries.csv), and in total over clusters, the key indicators at the first and the
// last step observed, with units and the change.
#include <deque>
#include <string>
#include <vector>

#include "observe/indicators.hpp"
#include "runner/output.hpp"
#include "world.hpp"

namespace cs {

/// A block of the table: the clusters [begin, end) under one title.
struct SummaryGroup {
  std::string title;
  std::size_t begin = 0, end = 0;
};

/// The blocks at `level` for the clusters of `w`: one per cluster (titled "[c] name" when there
/// are several), one per
/// `[[cluster]]` table of `tables` (the scenario as loaded: "[k] name, m clusters"), or none at
/// level national (the table then shows only the total).
std::vector<SummaryGroup> summary_groups(SeriesLevel level, const Params& tables, const World& w);

/// What the end-of-run table needs, gathered while the run goes: the indicators of step 0,
/// those of the last step, and entries and exits over the last 12 steps.
class RunSummary {
 public:
  /// Call with the world just built (step 0); one block per group, then the total over every
  /// cluster when there are several (or no group).
  RunSummary(const World& initial, std::vector<SummaryGroup> groups);
  /// Call after each step.
  void record(const World& w);
  /// Plain-text table: per cluster, start and end values of key indicators with units and the
  /// change; a block of totals over clusters when there are several. Ends with a newline.
  std::string table() const;

 private:
  struct Flow { std::vector<double> entries, exits; };  // one step, per cluster
  std::vector<SummaryGroup> groups_;
  std::size_t clusters_ = 0;
  std::vector<Indicators> start_, end_;
  int start_step_ = 0, end_step_ = 0;
  std::deque<Flow> last_year_;  // at most 12 steps, oldest first
};

}  // namespace cs
