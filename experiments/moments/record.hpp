#pragma once
// What a run leaves for its moments: the indicator rows of the months a moment reads (every
// cluster) and snapshots of the firm table (waves) at the months a panel statistic reads. Only
// those months are kept, so a record stays small whatever the length of the run.
#include <cstdint>
#include <vector>

#include "observe/indicators.hpp"
#include "simulate/simulation.hpp"

namespace cs::moments {

/// Alive firms at one month, in slot order: one entry per firm in every column.
struct FirmWave {
  int step = 0;                         ///< month of the snapshot (0 = initial world)
  std::vector<std::uint32_t> uid;       ///< firm id over the run
  std::vector<std::uint16_t> cluster;   ///< cluster index
  std::vector<double> employees;        ///< workers
  std::vector<double> output;           ///< units / month
  std::vector<double> turnover;         ///< ₹ lakh / month (revenue, gross of commission)
  std::vector<double> productivity;     ///< effective productivity A_eff, units / worker-month
  std::vector<double> export_sold;      ///< units delivered abroad this month
  std::vector<std::uint8_t> exporter;   ///< 1 when it sold abroad this month (is_exporter)
  std::vector<double> age_months;       ///< months since entry
  std::size_t size() const { return uid.size(); }
  /// Appends one firm (tests build small synthetic waves with it).
  void add(std::uint32_t id, std::uint16_t c, double emp, double out, double turn, double prod, bool exp,
           double age = 0, double exp_sold = 0);
};

/// Which months to keep.
struct RecordPlan {
  std::vector<int> indicator_steps;  ///< months whose indicator rows are kept, ascending, unique
  std::vector<int> firm_waves;       ///< months whose firm table is kept, ascending, unique
  /// Adds months (kept sorted and unique).
  void add_steps(int from, int to);
  void add_wave(int step);
  /// Last month any moment reads (0 when none).
  int last_step() const;
};

/// The months a run kept.
struct RunRecord {
  std::vector<int> steps;                       ///< ascending: months of `rows`
  std::vector<std::vector<Indicators>> rows;    ///< rows[i][c]: month steps[i], cluster c
  std::vector<FirmWave> waves;                  ///< ascending by step
  /// Indicators of every cluster at month `step`; throws std::out_of_range when not kept.
  const std::vector<Indicators>& at(int step) const;
  /// The wave of month `step`; throws std::out_of_range when not kept.
  const FirmWave& wave(int step) const;
  /// Clusters in the run (0 when nothing was kept).
  std::size_t clusters() const { return rows.empty() ? 0 : rows.front().size(); }
};

/// Snapshot of the alive firms of `w`.
FirmWave snapshot(const World& w);

/// An observer that fills a RunRecord following a plan.
class Recorder : public Observer {
 public:
  explicit Recorder(RecordPlan plan) : plan_(std::move(plan)) {}
  /// Keeps w.indicators and/or a firm wave when w.step is a planned month.
  void observe(const World& w) override;
  /// What was kept so far.
  RunRecord& record() { return rec_; }

 private:
  RecordPlan plan_;
  RunRecord rec_;
};

/// Runs `p` serially (one run; batch engines run many in parallel) and returns what `plan` asks for.
RunRecord record_run(const Params& p, const RecordPlan& plan);

}  // namespace cs::moments
