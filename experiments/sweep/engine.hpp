#pragma once
// `clustersim sweep` and `clustersim sweep-merge`: run an experiment's design over a TBB arena of
// --jobs workers, one serial simulation per task, each run's rows committed to its own part file
// as it finishes; resume skips runs whose part exists; the final files are assembled in run order.
#include <ostream>
#include <string>
#include <vector>

namespace cs::sweep {

/// Options of `clustersim sweep`.
struct SweepOptions {
  std::string experiment;            ///< experiment TOML file
  int jobs = 0;                      ///< runs in parallel; 0 = all cores
  std::string out;                   ///< output directory; empty: runs/<experiment folder>
  bool resume = false;               ///< continue a sweep in `out`, skipping finished runs
  bool force = false;                ///< start over in a directory that holds a sweep
  bool dry_run = false;              ///< print the design size and exit
  bool quiet = false;                ///< no progress line, no report
  bool keep_parts = false;           ///< keep DIR/parts after assembling
  int shard_index = 0, shard_count = 1;  ///< run only runs r with r % count == index
  std::vector<std::string> command_line;
};

/// Runs `clustersim sweep`. Throws ConfigError for a bad experiment (exit code 2 in the CLI) and
/// std::runtime_error for I/O problems or a refused directory; returns 0 on success.
int run_sweep(const SweepOptions& o, std::ostream& out);

/// `clustersim sweep-merge DIR... [--out OUT]`: collects the part files of shard directories of
/// the same experiment into OUT (default: the first DIR) and assembles the final files there.
int merge_sweeps(const std::vector<std::string>& dirs, const std::string& out_dir, bool keep_parts,
                 bool quiet, std::ostream& out);

/// Parses "i/n" (0 <= i < n); throws std::invalid_argument with a message otherwise.
void parse_shard(const std::string& text, int& index, int& count);

}  // namespace cs::sweep
