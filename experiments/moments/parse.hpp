#pragma once
// Moments described in TOML: a [[target]] table of a calibration file or a [[moment]] table of
// an experiment file. Problems are collected with file, line, column and key (ConfigIssue), as
// the scenario loader does, so a caller reports every problem of a file at once.
#include <optional>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "moments/moment.hpp"
#include "params/load.hpp"

namespace cs::moments {

/// Collects problems at TOML positions of one file.
struct IssueList {
  std::string file;
  std::vector<ConfigIssue> list;
  void add(const toml::source_region& where, std::string key, std::string message);
};

/// Reports every key of `t` that is not in `allowed` ("unknown key 'x' in <prefix>; did you mean").
void check_keys(IssueList& is, const toml::table& t, const std::string& prefix,
                const std::vector<std::string>& allowed);

/// What a moment is checked against.
struct MomentContext {
  int steps = 0;          ///< months per run: every month read must lie in [0, steps]
  long long clusters = 1; ///< clusters of the scenario (after expansion)
};

/// Parses the moment of table `t` (`prefix` is e.g. "target[2]."), checking its keys; the caller
/// handles `extra_keys` (value, se, ...) and they pass the unknown-key check. Returns nothing
/// when the table has a problem (recorded in `is`).
std::optional<Moment> parse_moment(IssueList& is, const toml::table& t, const std::string& prefix,
                                   const MomentContext& ctx, const std::vector<std::string>& extra_keys);

/// A number (integer or float) or nothing.
std::optional<double> number(const toml::node& n);

}  // namespace cs::moments
