#pragma once
// `clustersim compare`: a scenario with its programme against the same scenario without it,
// replication by replication with the same seeds (common random numbers), and the effects,
// cost-effectiveness and benefit-cost ratio that follow; with --mix, several programmes (mixes)
// against one shared baseline, ranked with paired intervals (docs/evaluation.md).
#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "params/params.hpp"

namespace cs {

/// Options of `clustersim compare`.
struct CompareOptions {
  std::string config;                     ///< scenario TOML file (the base of the mixes)
  std::vector<std::string> mixes;         ///< --mix files: each a programme on top of `config`
  int reps = 20;                          ///< replications (pairs of runs), >= 2
  int steps = 0;                          ///< months; used when has_steps
  bool has_steps = false;
  int threads = 0;                        ///< total TBB threads, 0 = all cores
  std::string out;                        ///< output directory; used when has_out
  bool has_out = false;
  bool force = false;                     ///< reuse a non-empty output directory
  std::vector<std::string> sets;          ///< --set KEY=VALUE overrides (every arm)
  double discount = 0.08;                 ///< annual discount rate of the benefit-cost ratio
  bool report = false;                    ///< also write DIR/report.html (python3-matplotlib)
  bool quiet = false;                     ///< no table, no progress line
  std::vector<std::string> command_line;  ///< argv, for the manifest
};

/// The files compare writes into its output directory (with --mix: per mix into DIR/<mix>/,
/// and the ranking, differences and manifest into DIR).
inline constexpr const char* kEffectsFile = "effects.csv";
inline constexpr const char* kCompareSummaryFile = "summary.csv";
inline constexpr const char* kSpendingFile = "spending.csv";
inline constexpr const char* kEffectsByYearFile = "effects_by_year.csv";
inline constexpr const char* kDidFile = "did_by_year.csv";
inline constexpr const char* kParticipationFile = "participation.csv";
inline constexpr const char* kFlowsFile = "flows_by_year.csv";
inline constexpr const char* kRankingFile = "ranking.csv";
inline constexpr const char* kDifferencesFile = "mix_differences.csv";
inline constexpr const char* kReportFile = "report.html";

/// One programme compared with the shared baseline.
struct Mix {
  std::string name;  ///< the file's stem (the scenario's stem without --mix)
  std::string file;
  Params params;
};

/// Loads CONFIG and applies --set and --steps, then validates; all problems are thrown together as
/// one ConfigError. Throws ConfigError too when the scenario has no enabled intervention, or one
/// whose window starts after the run's last step.
Params compare_params(const CompareOptions& o);

/// The programmes to compare: CONFIG's own (no --mix), or each --mix file on top of CONFIG
/// (a file without `base` builds on CONFIG). Each must have an enabled intervention and differ
/// from CONFIG only in [[intervention]] and [programme]; names must differ. Throws ConfigError.
std::vector<Mix> compare_mixes(const CompareOptions& o);

/// Seed of replication r: the same function as the sweep's replications of run.seed.
std::uint64_t compare_seed(std::uint64_t run_seed, int rep);

/// Runs the comparison and writes the files; prints the tables to `out` unless quiet. Returns
/// the exit code (0). Throws on errors.
int cmd_compare(const CompareOptions& o, std::ostream& out);

}  // namespace cs
