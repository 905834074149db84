#pragma once
// `clustersim compare`: a scenario with its programme against the same scenario without it,
// replication by replication with the same seeds (common random numbers), and the effects,
// cost-effectiveness and benefit-cost ratio that follow (docs/evaluation.md).
#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "params/params.hpp"

namespace cs {

/// Options of `clustersim compare`.
struct CompareOptions {
  std::string config;                     ///< scenario TOML file
  int reps = 20;                          ///< replications (pairs of runs), >= 2
  int steps = 0;                          ///< months; used when has_steps
  bool has_steps = false;
  int threads = 0;                        ///< total TBB threads, 0 = all cores
  std::string out;                        ///< output directory; used when has_out
  bool has_out = false;
  bool force = false;                     ///< reuse a non-empty output directory
  std::vector<std::string> sets;          ///< --set KEY=VALUE overrides
  double discount = 0.08;                 ///< annual discount rate of the discounted BCR
  bool quiet = false;                     ///< no table, no progress line
  std::vector<std::string> command_line;  ///< argv, for the manifest
};

/// The files compare writes into its output directory.
inline constexpr const char* kEffectsFile = "effects.csv";
inline constexpr const char* kCompareSummaryFile = "summary.csv";
inline constexpr const char* kSpendingFile = "spending.csv";

/// Loads CONFIG and applies --set and --steps, then validates; all problems are thrown together as
/// one ConfigError. Throws ConfigError too when the scenario has no enabled intervention.
Params compare_params(const CompareOptions& o);

/// Seed of replication r: the same function as the sweep's replications of run.seed.
std::uint64_t compare_seed(std::uint64_t run_seed, int rep);

/// Runs the comparison and writes DIR/effects.csv, summary.csv, spending.csv and manifest.json;
/// prints the table to `out` unless quiet. Returns the exit code (0). Throws on errors.
int cmd_compare(const CompareOptions& o, std::ostream& out);

}  // namespace cs
