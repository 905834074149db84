#pragma once
// An experiment (sweep) file: a base scenario, settings held fixed and factors varied (both by
// dotted parameter path), a design, replications and what to keep. Loaded and validated like a
// scenario: every problem is reported with file, line and key, unknown keys get a "did you
// mean", [fixed] keys and factor paths are checked against the parameter schema by applying
// their values to the base scenario.
#include <cstdint>
#include <string>
#include <vector>

#include "moments/moment.hpp"
#include "params/params.hpp"

namespace cs::sweep {

/// How design points are generated.
enum class DesignKind { grid, lhs, morris, sobol };

/// "grid", "lhs", "morris" or "sobol".
const char* design_name(DesignKind d);

/// One factor: a parameter set by dotted path ("finance.ltv", "cluster[0].firms").
struct Factor {
  std::string path;            ///< dotted parameter path, as for `clustersim run --set`
  std::vector<double> values;  ///< grid: the values, in the order given
  double min = 0, max = 0;     ///< lhs / morris / sobol: the range sampled, min < max
  bool integer = false;        ///< integer parameter: sampled values are rounded
  std::string column;          ///< its column in the CSV outputs: column_name(path), unique
};

/// A [fixed] setting: a parameter held at one value in every run of the design.
struct FixedSetting {
  std::string path;            ///< dotted parameter path
  std::string value;           ///< its text form, as handed to apply_override
  bool text = false;           ///< a string parameter (quoted in the manifest)
};

/// Which steps the long time series keeps.
struct StepSelection {
  enum class Mode { all, every, list } mode = Mode::all;
  int every = 1;               ///< Mode::every: steps divisible by this (step 0 included)
  std::vector<int> list;       ///< Mode::list: ascending, unique
  /// True when step `s` is written.
  bool keeps(int s) const;
};

/// A validated experiment.
struct Experiment {
  std::string file;            ///< path of the experiment file as given
  std::string name;            ///< [experiment] name
  std::string base_file;       ///< base scenario path, resolved against the experiment's folder
  Params base;                 ///< the base scenario, loaded and validated
  int steps = 0;               ///< months per run (default: run.steps of the base)
  int replications = 1;        ///< runs per design point, seeds shared by all points (CRN)
  std::uint64_t seed = 1;      ///< master seed; run seeds derive from it and the replication
  DesignKind design = DesignKind::grid;
  int samples = 0;             ///< lhs: points; sobol: base samples N (N (k + 2) points)
  int trajectories = 10;       ///< morris: trajectories r (r (k + 1) points)
  int levels = 4;              ///< morris: grid levels p (even)
  std::vector<FixedSetting> fixed;  ///< [fixed], in file order: applied to the base before the factors
  std::vector<Factor> factors;
  std::vector<int> indicators; ///< indices into indicator_fields(), in output order
  StepSelection keep_steps;    ///< steps written to timeseries.csv
  int summary_step = 0;        ///< step whose indicators go to runs.csv and summary.csv
  std::vector<moments::Moment> moments;  ///< [[moment]] tables: one more column each in runs.csv, summary.csv
  /// [output] reference: the design point every point is compared with in summary.csv (paired
  /// differences over the shared replication seeds); -1 when not given.
  long long reference = -1;
  std::string text;            ///< the file's bytes (hashed into the lock)
};

/// Indicators kept when [output] indicators is not given.
const std::vector<std::string>& default_indicators();

/// Reads and validates an experiment file, its base scenario included. Throws ConfigError
/// listing every problem (file:line:column: key: message).
Experiment load_experiment(const std::string& path);

/// Same from text; `source` names it in messages and `dir` resolves the base path.
Experiment parse_experiment(const std::string& text, const std::string& source,
                            const std::string& dir);

/// Seed of replication `rep`: a fixed mix of the master seed and `rep`, below 2^63 so that
/// it passes the scenario schema. Identical for every design point (common random numbers).
std::uint64_t replication_seed(std::uint64_t master, int rep);

/// Kind of the parameter at a dotted path ("finance.ltv", "cluster[0].firms"), from the schema.
enum class ParamType { unknown, real, integer, text };
ParamType param_type(const std::string& path);

/// 64-bit FNV-1a of `s`.
std::uint64_t fnv1a(const std::string& s, std::uint64_t h = 0xcbf29ce484222325ull);

}  // namespace cs::sweep
