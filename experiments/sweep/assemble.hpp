#pragma once
// The end of a sweep: the final files assembled from the part files in run order, so they are
// byte-identical whatever the number of jobs, shards or interruptions. Streams one part at a
// time; only one number per design point and summary column stays in memory.
#include <filesystem>
#include <string>
#include <vector>

#include "sweep/design.hpp"
#include "sweep/experiment.hpp"

namespace cs::sweep {

/// Files a sweep writes into its output directory.
inline constexpr const char* kRunsFile = "runs.csv";
inline constexpr const char* kSeriesFile = "timeseries.csv";
inline constexpr const char* kSummaryFile = "summary.csv";
inline constexpr const char* kSensitivityFile = "sensitivity.csv";
inline constexpr const char* kSweepManifest = "manifest.json";
inline constexpr const char* kLockFile = "experiment.lock";
inline constexpr const char* kPartsDir = "parts";

/// What the manifest records besides the experiment.
struct SweepInfo {
  int jobs = 0;
  double wall_seconds = 0;
  std::string started_at;
  std::vector<std::string> command_line;
  int ranks = 1;  ///< MPI processes (1 without mpirun)
};

/// Writes DIR/runs.csv, timeseries.csv, summary.csv, sensitivity.csv (morris, sobol) and
/// manifest.json from DIR/parts (every part must exist), each through a temporary renamed into
/// place; then removes the parts unless `keep_parts`. Returns the files written.
std::vector<std::string> assemble(const Experiment& ex, const Design& d, const std::filesystem::path& dir,
                                  const SweepInfo& info, bool keep_parts);

/// The inverse of assemble for a sweep whose replication count changed: turns DIR/runs.csv and
/// DIR/timeseries.csv back into the parts of their runs, byte for byte as the runs wrote them, for
/// every run with a replication below ex.replications whose part is missing. Streams one run at a
/// time. Returns the number of parts written (0 when DIR holds no runs.csv).
std::size_t recover_parts(const Experiment& ex, const std::filesystem::path& dir);

/// Bootstrap resamples behind the Sobol intervals.
inline constexpr int kBootstrapResamples = 1000;

}  // namespace cs::sweep
