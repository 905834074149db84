#pragma once
// DIR/experiment.lock: what the runs of a sweep directory depend on, setting by setting, so that
// a directory is only continued by the same sweep and a refusal names the setting that changed.
// The replication count is recorded but may change: a run is keyed by its design point and
// replication, whose seed does not depend on the count, so raising it reuses the runs finished.
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sweep/experiment.hpp"

namespace cs::sweep {

struct Lock {
  std::string experiment;  ///< absolute path of the experiment file (for messages; not compared)
  /// Name -> one-line value of every setting a run's results depend on, compared by lock_changes:
  /// version, base (hash of the resolved base scenario), fixed, factor, experiment.steps, .seed,
  /// .design, .samples, .trajectories, .levels, output.indicators, .steps, .summary_step, moment.
  std::vector<std::pair<std::string, std::string>> settings;
  int replications = 0;    ///< may differ between a directory and the experiment continuing it
  std::size_t points = 0;  ///< design points (for readers; follows from the settings)
  /// The file's text: a comment, then `name = value` lines.
  std::string text() const;
};

/// The lock of an experiment with `points` design points.
Lock make_lock(const Experiment& ex, std::size_t points);

/// The lock in `dir`, or nothing when there is none. A lock of an older format has no settings.
std::optional<Lock> read_lock(const std::filesystem::path& dir);

/// The settings of `now` that differ from `old`, as "name (old value, now new value)" joined by
/// "; " (long values shortened); empty when the runs of `old` belong to `now`. Replications are
/// not compared.
std::string lock_changes(const Lock& old, const Lock& now);

}  // namespace cs::sweep
