#pragma once
// `clustersim calibrate CALIBRATION.toml`: the method of simulated moments. Loads and checks the
// calibration, prepares the output directory (lock, journal), runs the global and local search
// through the evaluation cache, computes the diagnostics at the optimum and writes the outputs.
// Under mpirun every rank runs the same search and the replications are spread over the ranks
// (calibrate/collective.hpp); only rank 0 touches the output directory.
#include <ostream>
#include <string>
#include <vector>

namespace cs::calib {

/// Options of `clustersim calibrate`.
struct CalibrateOptions {
  std::string file;               ///< calibration TOML file
  int jobs = 0;                   ///< replications simulated in parallel per process; 0 = all cores
  std::string out;                ///< output directory; empty: runs/<calibration name>
  bool resume = false;            ///< replay the search, reading finished evaluations from the journal
  bool force = false;             ///< delete a previous calibration in the directory and start over
  bool quiet = false;             ///< no progress line, no summary
  std::vector<std::string> command_line;
};

/// Runs a calibration. Throws ConfigError for a bad file (exit code 2 in the CLI) and
/// std::runtime_error for I/O problems or a refused directory; returns 0 on success.
int run_calibration(const CalibrateOptions& o, std::ostream& out);

}  // namespace cs::calib
