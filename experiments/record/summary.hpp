#pragma once
// The table `clustersim run` prints at the end: per cluster (and in total over clusters) the key
// indicators at the first and the last step observed, with units and the change.
#include <deque>
#include <string>
#include <vector>

#include "observe/indicators.hpp"
#include "world.hpp"

namespace cs {

/// What the end-of-run table needs, gathered while the run goes: the indicators of step 0,
/// those of the last step, and entries and exits over the last 12 steps.
class RunSummary {
 public:
  /// Call with the world just built (step 0).
  explicit RunSummary(const World& initial);
  /// Call after each step.
  void record(const World& w);
  /// Plain-text table: per cluster, start and end values of key indicators with units and the
  /// change; a block of totals over clusters when there are several. Ends with a newline.
  std::string table() const;

 private:
  struct Flow { std::vector<double> entries, exits; };  // one step, per cluster
  std::vector<std::string> names_;
  std::vector<Indicators> start_, end_;
  int start_step_ = 0, end_step_ = 0;
  std::deque<Flow> last_year_;  // at most 12 steps, oldest first
};

}  // namespace cs
