#pragma once
// The recorder of `clustersim run`: an observer of its Simulation that writes DIR/timeseries.csv
// and DIR/firms.csv (with a firm panel) as the run goes, gathers the end-of-run summary table,
// and keeps the manifest's books (files written, warnings, timing). Every file is written under
// its .partial name; commit() renames them, writes selection.csv and then the manifest, so an
// error or an interruption leaves only partial files and no manifest.
#include <chrono>
#include <filesystem>
#include <optional>

#include "params/params.hpp"
#include "record/summary.hpp"
#include "runner/output.hpp"
#include "simulate/simulation.hpp"

namespace cs {

/// Where and what a run records.
struct RecordSetup {
  std::filesystem::path dir;                ///< the output directory (prepare_out_dir'd)
  SeriesLevel level = SeriesLevel::cluster;  ///< rows of timeseries.csv
  int firm_panel = 0;                       ///< months between firm panel waves; 0 = no firms.csv
  Compression compression = Compression::none;  ///< gzip: timeseries.csv.gz and firms.csv.gz
};

class RunRecorder : public Observer {
 public:
  /// Creates the partial files. `p` is the scenario as loaded (its `[[cluster]]` tables name the
  /// archetypes); `m` holds what only the command knows (threads, start time, command line,
  /// config file): the recorder adds the run id, seed, steps, level, panel and resolved config.
  RunRecorder(const RecordSetup& setup, const Params& p, Manifest m);
  /// Appends the step's rows to timeseries.csv and, when due, a wave to firms.csv.
  void observe(const World& w) override;
  /// Closes the files, leaving them under their partial names (an interruption).
  void close();
  /// Completes the run ending in `w`: renames the files, writes selection.csv when a line of
  /// `programme` allocates by rating, records books that do not close as warnings and writes the
  /// manifest last, with the time since `t0`. Returns the manifest written.
  const Manifest& commit(const World& w, const policies::Programme* programme,
                         std::chrono::steady_clock::time_point t0);
  const TimeseriesWriter& series() const { return series_; }
  /// The firm panel, or null without one.
  const FirmPanelWriter* panel() const { return panel_ ? &*panel_ : nullptr; }
  /// The summary table of the steps observed (RunSummary::table); empty before step 0.
  std::string table() const { return summary_ ? summary_->table() : std::string(); }

 private:
  std::filesystem::path dir_;
  SeriesLevel level_;
  Params tables_;
  Manifest m_;
  TimeseriesWriter series_;
  std::optional<FirmPanelWriter> panel_;
  std::optional<RunSummary> summary_;
};

}  // namespace cs
