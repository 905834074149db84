#pragma once
// Standard errors and identification at the optimum. The Jacobian J of the target moments in the
// parameters comes from central differences in the unit cube with the calibration's seeds
// (common random numbers keep the difference free of replication noise); the MSM covariance is
// (J' W J)^-1 with W = diag(1 / se^2); identification is read from J scaled to standard errors
// of the moments per full range of each parameter: its column norms, the collinearity of each
// column with the others, and its singular values.
#include <string>
#include <vector>

#include "calibrate/evaluator.hpp"

namespace cs::calib {

/// What the diagnostics say about one parameter.
struct ParameterDiagnostics {
  double estimate = 0;
  double se = 0;                  ///< sqrt of the diagonal of (J' W J)^-1, parameter units; NaN when singular
  double ci_lo = 0, ci_hi = 0;    ///< estimate -/+ 1.96 se
  double ci_share = 0;            ///< share of [min, max] the interval covers (clipped to the bounds)
  double sensitivity = 0;         ///< norm of the column of the scaled Jacobian: moments' move, in se, across the range
  double collinearity = 0;        ///< R^2 of that column regressed on the others (0 with one parameter)
  std::string flags;              ///< "wide", "flat", "collinear", "singular", joined by ';' ("" = identified)
};

struct Diagnostics {
  std::vector<std::vector<double>> derivative;  ///< [target][parameter]: d moment / d parameter (units)
  std::vector<std::vector<double>> elasticity;  ///< [target][parameter]: d ln m / d ln theta
  std::vector<ParameterDiagnostics> parameters;
  std::vector<double> singular_values;          ///< of the scaled Jacobian, descending
  double condition_number = 0;                  ///< largest / smallest singular value (inf when singular)
};

/// Thresholds of the flags (documented in docs/calibration.md).
inline constexpr double kWideShare = 0.5;       ///< the 95 % interval covers more than half the bounds
inline constexpr double kFlatSensitivity = 1.0; ///< the whole range moves the moments by < 1 se in all
inline constexpr double kCollinearR2 = 0.95;    ///< the column is 95 % explained by the others

/// Evaluates the 2 k points of the Jacobian around `best` (phase "jacobian", one batch) and
/// computes the diagnostics. `best` must be in the evaluator's trace.
Diagnostics diagnose(const Calibration& c, Evaluator& ev, const Evaluation& best);

}  // namespace cs::calib
