#pragma once
// The search: a global NLopt algorithm over the unit cube, then a local one started from the
// global best. The objective is deterministic (common random numbers) and the algorithms' own
// draws are seeded from the calibration seed, so the sequence of points is a pure function of
// the file: replaying it after a kill, with results read from the journal, gives the same run.
#include <string>
#include <vector>

#include "calibrate/evaluator.hpp"

namespace cs::calib {

/// Outcome of the search.
struct SearchResult {
  std::vector<double> unit;        ///< best point found (unit cube)
  double objective = 0;            ///< its objective
  std::size_t best_index = 0;      ///< its evaluation index
  std::string global_status, local_status;  ///< NLopt's return codes, as text ("MAXEVAL_REACHED", ...)
};

/// Runs the global then the local search through `ev` (phases "global" and "local").
SearchResult search(const Calibration& c, Evaluator& ev);

}  // namespace cs::calib
