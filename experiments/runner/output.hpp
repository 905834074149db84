#pragma once
// Output of a run: the long-format time series (per cluster, or totals per archetype or for the
// nation), the firm panel, the selection of clusters by rating, the manifest that makes a run
// reproducible and the output-directory policy (text files: record/text_file.hpp; the
// end-of-run summary table: record/summary.hpp). No CLI here: the batch engine and the
// visualiser may write the same files.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "observe/indicators.hpp"
#include "params/params.hpp"
#include "policies/programme.hpp"
#include "record/text_file.hpp"
#include "world.hpp"

namespace cs {

/// Shortest text that reads back as exactly `v` (std::to_chars), so files are byte-stable.
/// NaN is written as an empty field (missing in pandas and R), infinities as Inf / -Inf.
std::string format_number(double v);
/// Same for a float column: the shortest text that reads back as the float.
std::string format_number(float v);

/// `s` as one CSV field (RFC 4180): quoted, with quotes doubled, when it holds , " CR or LF.
std::string csv_field(std::string_view s);

/// `s` as a JSON string literal, quotes included; control characters escaped, UTF-8 kept.
std::string json_string(std::string_view s);

/// Deterministic id of a run: 16 hex digits of the 64-bit FNV-1a hash of to_toml(p), which
/// holds the seed; the same configuration and seed give the same id.
std::string run_id(const Params& p);

/// The files a run writes into its output directory (removed by prepare_out_dir with force).
inline constexpr const char* kTimeseriesFile = "timeseries.csv";
inline constexpr const char* kFirmPanelFile = "firms.csv";
inline constexpr const char* kManifestFile = "manifest.json";
inline constexpr const char* kSelectionFile = "selection.csv";

/// Makes `dir` ready for a command that writes the files `own` (manifest.json last, which marks
/// the output complete): creates it (and its parents) when missing, and checks that a file can be
/// created in it before any work starts. Refuses (std::runtime_error) a directory that holds a
/// finished output (a manifest) or anything not in `own`, unless `force`, which removes only the
/// files in `own` and their temporaries. A directory holding only the leftovers of an interrupted
/// command (files of `own` without a manifest, `.partial` and `.tmp` files) is cleared without
/// `force`; the return value then says so (empty otherwise). Throws if `dir` is not a directory.
std::string prepare_out_dir(const std::filesystem::path& dir, bool force, const std::vector<std::string>& own);

/// prepare_out_dir for `clustersim run`: timeseries.csv, firms.csv (or both with .gz),
/// selection.csv and manifest.json.
std::string prepare_out_dir(const std::filesystem::path& dir, bool force);

/// Totals of several clusters' indicators; the one aggregation of clusters into totals, used by
/// `compare` (effects on the whole scenario), `run --level` and the summary table. Stocks and
/// flows are summed; means and shares are weighted by what they are means of (productivity by
/// employment, the rationed share by firms, the NPA ratio by credit, ...; an unweighted mean when
/// the weights sum to 0); the distribution statistics (productivity 90/10, Gini, HHI) need
/// firm-level data and are NaN. A single cluster is returned as it is.
Indicators total_indicators(std::span<const Indicators> clusters);

/// What a row of timeseries.csv stands for: one cluster, the clusters of one `[[cluster]]` table
/// (an archetype with its replicas), or every cluster.
enum class SeriesLevel { cluster, archetype, national };
/// "cluster", "archetype", "national".
const char* series_level_name(SeriesLevel l);
/// The level named `name`, or nothing.
std::optional<SeriesLevel> parse_series_level(std::string_view name);
/// The default level of a scenario: `archetype` when a `[[cluster]]` table has replicas > 1
/// (national mode), else `cluster`.
SeriesLevel default_series_level(const Params& p);

/// The `[[cluster]]` table (archetype) of each cluster of the run, in cluster order: table k's
/// replicas are the next max(1, replicas) clusters (params/expand.hpp). `p` as loaded, before
/// expansion.
std::vector<std::size_t> cluster_tables(const Params& p);

/// The header of timeseries.csv at `level` (no newline): `run_id,step,cluster,cluster_name,
/// <every name of indicator_fields()>`; at level archetype `run_id,step,archetype,
/// archetype_name,clusters,<...>`; at level national `run_id,step,clusters,<...>`.
std::string series_header(SeriesLevel level);
/// Appends one row of timeseries.csv (no newline) to `b`: `run_id` (as a CSV field), `step`,
/// `label` (the fields between step and the indicators, CSV-ready) and the indicators of `x`.
void append_series_row(std::string& b, std::string_view run_id, int step, std::string_view label,
                       const Indicators& x);

/// timeseries.csv (series_header): one row per step and cluster; at level archetype one row per
/// step and `[[cluster]]` table (the table's index and name, its number of clusters, the totals
/// of total_indicators); at level national one row per step.
class TimeseriesWriter {
 public:
  /// At `level` into `file` (DIR/kTimeseriesFile for a run); `tables` is the scenario as loaded
  /// (its `[[cluster]]` tables name the archetypes).
  TimeseriesWriter(const std::filesystem::path& file, std::string run_id, SeriesLevel level, const Params& tables,
                   Compression compression = Compression::none);
  /// Appends the rows of w.indicators at step w.step (step 0 = the initial state). A cluster
  /// with no indicators yet is written with the defaults (zeros).
  void write(const World& w);
  void close() { file_.close(); }
  /// Renames the file to its final name (TextFile::commit).
  void commit() { file_.commit(); }
  const std::filesystem::path& path() const { return file_.path(); }
  std::filesystem::path partial_path() const { return file_.partial_path(); }

 private:
  struct Group {
    std::string label;  ///< the row's fields before the indicators, after run_id and step
    std::size_t begin = 0, end = 0;  ///< its clusters
  };
  TextFile file_;
  std::string run_id_;
  SeriesLevel level_ = SeriesLevel::cluster;
  std::vector<Group> groups_;  ///< archetype and national levels
};

/// Writes DIR/selection.csv (through its partial name, renamed when complete): for every budget
/// line allocated by rating that has selected its clusters, one row per cluster in rank order:
/// `run_id,intervention,rated_step,rank,cluster,cluster_name,archetype,<the eight scores>,total,
/// selected,allocated,spent` (selected 1 or 0; allocated and spent in ₹ lakh, spent up to the
/// last month of `w`). A header alone when no such line has run yet. `tables` as for
/// TimeseriesWriter.
void write_selection(const std::filesystem::path& dir, const std::string& run_id, const Params& tables,
                     const World& w, const policies::Programme* programme);

/// True when an enabled intervention of `p` is allocated by rating (rated_clusters > 0).
bool has_rated_allocation(const Params& p);

/// DIR/firms.csv: one row per alive firm, in slot order, every `every` steps (step 0 included).
/// Columns: run_id, firm_id (uid), cluster (index), step, employees (workers), output
/// (units / month), turnover (₹ lakh / month), productivity (effective, units / worker-month),
/// size_class (micro|small|medium|large, Udyam, on capital and 12 × turnover), age_months,
/// exporter (1 if it sold abroad this month, is_exporter), cash, debt (formal), informal_debt (₹ lakh),
/// certified (valid certificate), member (of the association), cfc_user (used a CFC this month),
/// programme_kinds (the intervention kinds that have reached it, joined by '+'; empty if none) and
/// programme_support (₹ lakh it received from the programme so far: subsidies, vouchers, audits,
/// training, grants; not guarantee cover, credit or CFC services).
class FirmPanelWriter {
 public:
  /// `every` >= 1, months between panel waves.
  FirmPanelWriter(const std::filesystem::path& dir, std::string run_id, int every,
                  Compression compression = Compression::none);
  /// True when step `s` is a panel wave.
  bool due(int s) const { return s % every_ == 0; }
  /// Writes the wave of step w.step if it is due; otherwise does nothing.
  void write(const World& w);
  void close() { file_.close(); }
  /// Renames the file to its final name (TextFile::commit).
  void commit() { file_.commit(); }
  const std::filesystem::path& path() const { return file_.path(); }
  std::filesystem::path partial_path() const { return file_.partial_path(); }

 private:
  TextFile file_;
  std::string run_id_;
  int every_;
};

/// Everything the manifest records besides version and commit (taken from the build).
struct Manifest {
  std::string run_id;
  std::uint64_t seed = 0;
  int steps = 0;                         ///< months simulated
  int threads = 0;                       ///< TBB threads allowed during the run
  int firm_panel_every = 0;              ///< months between panel waves, 0 = no panel
  std::string timeseries_level = "cluster";  ///< series_level_name of timeseries.csv's rows
  double wall_seconds = 0;               ///< make_world plus all steps plus writing
  std::string started_at;                ///< UTC, ISO 8601 (utc_now_iso8601())
  std::vector<std::string> command_line; ///< argv as given
  std::string config_file;               ///< path of the scenario file as given
  std::string config_toml;               ///< to_toml(params): the resolved configuration
  std::vector<std::string> files;        ///< files written, relative to the output directory
  std::vector<std::string> warnings;     ///< e.g. books that did not close at the end
};

/// Writes DIR/manifest.json atomically (a temporary file renamed over it). Adds version
/// (cs::version()), git commit (cs::git_commit()) and the meaning of every indicator column.
void write_manifest(const std::filesystem::path& dir, const Manifest& m);

/// Current UTC time as "YYYY-MM-DDTHH:MM:SSZ".
std::string utc_now_iso8601();

}  // namespace cs
