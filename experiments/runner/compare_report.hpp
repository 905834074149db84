#pragma once
// Results of `clustersim compare` and what is made of them: paired effects with t intervals,
// cost-effectiveness, the files (effects.csv, summary.csv, spending.csv, manifest.json) and the
// table printed at the end. Definitions in docs/evaluation.md.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "evaluate/effects.hpp"
#include "params/params.hpp"
#include "policies/programme.hpp"

namespace cs {

/// Columns after the indicators: employment of micro, small and medium firms (Udyam classes).
inline constexpr std::size_t kSizeColumns = 3;

/// Flows summed by year (flows_by_year.csv), totals over clusters: the programme's spending and
/// its parts, then the cluster's exports, turnover, output, value added (current and step-0
/// prices) and emissions.
enum class YearFlow : int {
  programme_spending, subsidies, vouchers, guarantee_claims, consortium_grants, exports, turnover, output,
  value_added, value_added_real, emissions, count
};
inline constexpr std::size_t kYearFlows = static_cast<std::size_t>(YearFlow::count);

/// A CFC as it stood at the end of a run.
struct CfcEvent {
  int cluster = 0, kind = 0, formed = -1, opens = -1, closed = -1;
  bool opened = false;  ///< it reached its opening step within the run
};

/// What one run of one arm leaves behind.
struct RunOut {
  std::vector<double> exit, end;  ///< totals over clusters at the two horizons: indicators, then size columns
  double turnover = 0, exports = 0, output = 0;  ///< cumulative over steps 1..N (₹ lakh, ₹ lakh, units)
  double output_real = 0;         ///< cumulative output valued at step-0 prices (₹ lakh)
  double gva = 0, gva_disc = 0;   ///< cumulative value added, undiscounted and discounted (₹ lakh)
  double gva_real = 0, gva_real_disc = 0;  ///< cumulative value added at step-0 prices, undiscounted and discounted
  double emissions = 0;           ///< cumulative emissions, tCO2
  double spending_ind = 0, spending_ind_disc = 0;  ///< programme_spending summed over steps (₹ lakh)
  double spent = 0;               ///< the programme's own total (Programme::spent), ₹ lakh; 0 in the baseline
  std::vector<double> flows;      ///< [year index][YearFlow]: sums over the year's months
  std::vector<policies::BudgetLine> lines;  ///< the programme's budget lines at the end (policy arm)
  std::vector<CfcEvent> cfcs;     ///< CFCs of the run
  std::vector<std::string> warnings;
};

/// Everything a comparison of one mix with the baseline produced.
struct CompareResult {
  std::string name;                        ///< the mix
  std::string config_file;
  Params policy, baseline;
  int reps = 0, steps = 0, exit_step = 0, threads = 0;
  double discount = 0.08;
  std::vector<std::uint64_t> seeds;        ///< per replication, shared by both arms
  int phase_begin[10] = {};                ///< Lifecycle::begin
  std::vector<RunOut> base_runs, policy_runs;  ///< per replication
  eval::YearGrid grid;                     ///< years relative to the start of implementation
  eval::Groups groups;                     ///< groups of the firm-level effects
  std::vector<eval::RepEffects> effects;   ///< per replication
  double wall_seconds = 0;
  std::string started_at;
  std::vector<std::string> command_line;
  /// Warnings of all runs, each prefixed with its arm and replication.
  std::vector<std::string> warnings() const;
};

/// Names of the columns of RunOut::exit / end: indicator_fields() then employment_micro, _small, _medium.
std::vector<std::string> compare_columns();

/// Writes DIR/effects.csv, summary.csv, spending.csv, effects_by_year.csv, did_by_year.csv,
/// participation.csv, flows_by_year.csv and manifest.json (each atomically).
void write_compare_files(const std::filesystem::path& dir, const CompareResult& r);

/// The table printed at the end: phases, spending, headline effects at exit and end,
/// participants and spillovers, the evaluator's view, cost-effectiveness, what did nothing.
std::string compare_table(const CompareResult& r);

/// A metric of summary.csv.
struct Metric {
  std::string name, horizon;
  double value = 0, lo = 0, hi = 0;
  std::string unit, definition;
  bool na = false;     ///< value written as n/a
  std::string note;    ///< why it is n/a, or how to read it
};

/// The rows of summary.csv (cost-effectiveness, cumulative flows, size classes).
std::vector<Metric> summary_metrics(const CompareResult& r);

/// Per replication: the headline measures the ranking compares (paired across mixes):
/// benefit-cost ratio, employment effect at the end, value added (discounted, step-0 prices),
/// CO2 avoided, additional exports, spending.
struct Headline {
  std::vector<double> bcr, jobs_end, value_added, co2_avoided, exports, spending;
};
Headline headline(const CompareResult& r);

/// Writes DIR/ranking.csv and DIR/mix_differences.csv and returns the ranking table as text.
std::string write_ranking(const std::filesystem::path& dir, const std::vector<const CompareResult*>& mixes);

/// Definition of benefit_cost_ratio, printed and written beside it.
extern const char* const kBcrDefinition;

/// Writes DIR/effects_by_year.csv, did_by_year.csv, participation.csv and flows_by_year.csv.
void write_year_files(const std::filesystem::path& dir, const CompareResult& r);

/// The printed block on participants, non-participants (spillovers) and the cluster, and the
/// evaluator's difference-in-differences beside the true effect.
std::string participants_table(const CompareResult& r);

/// Budget lines that did nothing, with the reason, and the CFCs' opening and closing, as text
/// lines (one per line of the programme that needs a word).
std::vector<std::string> line_notes(const CompareResult& r);

}  // namespace cs
