#pragma once
// One run of a sweep: the parameters of a design point and replication, the simulation (serial
// inside; runs go in parallel) and its rows, written to a part file that appears atomically.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "params/params.hpp"
#include "sweep/design.hpp"
#include "sweep/experiment.hpp"

namespace cs::sweep {

/// Run r is design point r / replications, replication r % replications.
struct RunRef {
  std::size_t run = 0, point = 0;
  int replication = 0;
};
RunRef run_ref(const Experiment& ex, std::size_t run);

/// Parameters of design point `point`, replication `rep`: the base with the [fixed] settings and
/// then the factor values applied, steps and the replication seed set. Throws ConfigError naming the design point
/// when the combination breaks a cross-field rule.
Params point_params(const Experiment& ex, const Design& d, std::size_t point, int rep);

/// Names of the summary columns: one per kept indicator, or `<name>_cluster<c>` per cluster when
/// the base has several clusters (cluster_column), then one per moment.
std::vector<std::string> summary_columns(const Experiment& ex);

/// Column of indicator `name` of cluster `c` when a run has several clusters: "firms_cluster0".
/// A name R and pandas formulas accept, and never a factor's column (those start with a table).
std::string cluster_column(const std::string& name, std::size_t c);

/// Header of runs.csv: run,point,replication,seed,run_id,<factor columns>,<summary columns>.
std::string runs_header(const Experiment& ex);
/// Header of timeseries.csv.
inline constexpr const char* kTimeseriesHeader = "run,step,cluster,indicator,value";

/// Simulates run `run` and returns its part: its runs.csv row on the first line, then its
/// timeseries.csv rows, each without the leading run number (assembly adds it), so that a part
/// depends on the design point and replication alone, not on the replication count. Every line
/// ends with '\n'.
std::string simulate_run(const Experiment& ex, const Design& d, std::size_t run);

/// Name of the part file of a run: parts/<point, 9 digits>-<replication, 6 digits>.csv.
std::filesystem::path part_path(const std::filesystem::path& dir, const RunRef& ref);

/// The design point and replication of a part file's name, or false for another name.
bool parse_part_name(const std::string& name, std::size_t& point, int& replication);

/// Writes `text` to `path` through `path`.tmp<pid> renamed over it, so the file either does not
/// exist or is complete. Throws std::runtime_error naming the file on failure.
void write_atomically(const std::filesystem::path& path, const std::string& text);

/// True when `name` is `file` followed by ".tmp<pid>", a temporary of write_atomically.
bool is_temporary_of(const std::string& name, const std::string& file);

/// Removes the temporaries of `dir`/`file` (`file`.tmp<pid>) whose process no longer runs on this
/// host: what a kill during write_atomically leaves. A live process's temporary is left alone.
void remove_stale_temporaries(const std::filesystem::path& dir, const std::string& file);

}  // namespace cs::sweep
