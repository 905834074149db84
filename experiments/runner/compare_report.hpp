#pragma once
// Results of `clustersim compare` and what is made of them: paired effects with t intervals,
// cost-effectiveness, the files (effects.csv, summary.csv, spending.csv, manifest.json) and the
// table printed at the end. Definitions in docs/evaluation.md.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "params/params.hpp"
#include "policies/programme.hpp"

namespace cs {

/// Columns after the indicators: employment of micro, small and medium firms (Udyam classes).
inline constexpr std::size_t kSizeColumns = 3;

/// What one run of one arm leaves behind.
struct RunOut {
  std::vector<double> exit, end;  ///< totals over clusters at the two horizons: indicators, then size columns
  double turnover = 0, exports = 0, output = 0;  ///< cumulative over steps 1..N (₹ lakh, ₹ lakh, units)
  double gva = 0, gva_disc = 0;   ///< cumulative value added, undiscounted and discounted (₹ lakh)
  double gva_real = 0;            ///< cumulative value added at step-0 prices (₹ lakh)
  double spending_ind = 0, spending_ind_disc = 0;  ///< programme_spending summed over steps (₹ lakh)
  double spent = 0;               ///< the programme's own total (Programme::spent), ₹ lakh; 0 in the baseline
  std::vector<policies::BudgetLine> lines;  ///< the programme's budget lines at the end (policy arm)
  std::vector<std::string> warnings;
};

/// Everything a comparison produced.
struct CompareResult {
  std::string config_file;
  Params policy, baseline;
  int reps = 0, steps = 0, exit_step = 0, threads = 0;
  double discount = 0.08;
  std::vector<std::uint64_t> seeds;        ///< per replication, shared by both arms
  int phase_begin[10] = {};                ///< Lifecycle::begin
  std::vector<RunOut> base_runs, policy_runs;  ///< per replication
  double wall_seconds = 0;
  std::string started_at;
  std::vector<std::string> command_line;
  /// Warnings of all runs, each prefixed with its arm and replication.
  std::vector<std::string> warnings() const;
};

/// Names of the columns of RunOut::exit / end: indicator_fields() then employment_micro, _small, _medium.
std::vector<std::string> compare_columns();

/// Writes DIR/effects.csv, summary.csv, spending.csv and manifest.json (each atomically).
void write_compare_files(const std::filesystem::path& dir, const CompareResult& r);

/// The table printed at the end: phases, spending, headline effects at exit and end, cost-effectiveness.
std::string compare_table(const CompareResult& r);

}  // namespace cs
