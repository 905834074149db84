#pragma once
// `clustersim rate`: builds a scenario, runs it some months and ranks its clusters on the eight
// selection parameters of the source methodology (sim/observe/rating.hpp, docs/evaluation.md).
#include <ostream>
#include <string>
#include <vector>

namespace cs {

/// Options of `clustersim rate`.
struct RateOptions {
  std::string config;              ///< scenario TOML file
  int steps = 0;                   ///< months to run before rating (0 = the initial state)
  int threads = 0;                 ///< TBB threads, 0 = all cores
  std::string csv;                 ///< write the table here too when not empty
  std::vector<std::string> sets;   ///< --set KEY=VALUE overrides
};

/// Runs the command: prints the ranking table to `out` and writes the CSV. Returns the exit code.
int cmd_rate(const RateOptions& o, std::ostream& out);

}  // namespace cs
