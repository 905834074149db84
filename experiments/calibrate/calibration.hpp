#pragma once
// A calibration file: the base scenario, the parameters to fit (dotted paths with bounds), the
// targets (moments with observed values and standard errors) and the optimiser's settings.
// Loaded and validated like a scenario: every problem at once, with file, line, column and key.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "moments/moment.hpp"
#include "params/params.hpp"

namespace cs::calib {

/// A parameter to fit, searched between min and max (on a log scale when `log`).
struct Parameter {
  std::string path;              ///< dotted path, as for `clustersim run --set`
  double min = 0, max = 1;       ///< bounds, min < max (min > 0 on a log scale)
  bool log = false;              ///< search ln(value) uniformly instead of the value
  std::optional<double> start;   ///< starting value of the global search (default: the middle)
  bool integer = false;          ///< integer parameter: values are rounded
};

/// An observed moment and how far from it the model may be.
struct Target {
  moments::Moment moment;
  double value = 0;              ///< observed value
  double se = 1;                 ///< standard error used in the objective (from se, rel_se or weight)
  std::string se_from = "se";    ///< "se", "rel_se" (se = rel_se |value|) or "weight" (se = 1 / sqrt(weight))
  std::string source;            ///< where the figure comes from (title, author or body, year)
};

/// A validated calibration.
struct Calibration {
  std::string file;              ///< path as given
  std::string name;              ///< [calibration] name (default: the file's stem)
  std::string base_file;         ///< base scenario, resolved against the file's folder
  std::string targets_file;      ///< targets file when [calibration] targets = "..." (else empty)
  Params base;                   ///< the base scenario, loaded and validated
  bool programme = true;         ///< false: the base without its programme (policies::baseline_of)
  int steps = 0;                 ///< months per run (default: run.steps of the base)
  int replications = 4;          ///< runs per evaluation, the same seeds at every point (CRN)
  std::uint64_t seed = 1;        ///< master seed: replication seeds and the optimiser's draws
  std::string optimizer = "GN_CRS2_LM";  ///< global NLopt algorithm, or "none"
  std::string local = "LN_NELDERMEAD";   ///< local NLopt algorithm from the global best, or "none"
  int global_evals = 200;        ///< evaluations of the global search
  int local_evals = 100;         ///< evaluations of the local search
  double xtol = 1e-4;            ///< stop when a step moves less than this (unit-cube coordinates)
  double jacobian_step = 0.02;   ///< central-difference step of the Jacobian (unit-cube coordinates)
  std::vector<Parameter> parameters;
  std::vector<Target> targets;
  std::string text;              ///< the file's bytes, and the targets file's (hashed into the lock)
};

/// Global and local algorithms accepted (NLopt names).
const std::vector<std::string>& global_algorithms();
const std::vector<std::string>& local_algorithms();

/// Reads and validates a calibration file, its base scenario and targets file included. Throws
/// ConfigError listing every problem (file:line:column: key: message).
Calibration load_calibration(const std::string& path);

/// Value of parameter `p` at unit-cube coordinate u in [0, 1] (rounded for integers).
double to_value(const Parameter& p, double u);
/// Unit-cube coordinate of a value (clamped to [0, 1]).
double to_unit(const Parameter& p, double value);

/// The values of every parameter at unit-cube point `u`.
std::vector<double> to_values(const Calibration& c, const std::vector<double>& u);

/// Parameters of one run: the base with `values` applied, steps and replication `rep`'s seed.
/// Throws ConfigError when the combination breaks a cross-field rule.
Params run_params(const Calibration& c, const std::vector<double>& values, int rep);

/// The moments of the targets, in order.
std::vector<moments::Moment> target_moments(const Calibration& c);

}  // namespace cs::calib
