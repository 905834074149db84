#pragma once
// Loading parameters from TOML, validation and dotted-path overrides. Every problem is reported
// with the file, line and key; all problems are collected and reported together.
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "params/params.hpp"

namespace cs {

/// One problem in a configuration: where it is and what is wrong.
struct ConfigIssue {
  std::string file;     ///< source file name (or "<string>")
  int line = 0;         ///< 1-based line, 0 when unknown (cross-field rules)
  int column = 0;       ///< 1-based column, 0 when unknown
  std::string key;      ///< dotted key, e.g. "market.wage" or "cluster[2].firms"
  std::string message;  ///< what is wrong, with a "did you mean" where one fits
  /// "file:line:column: key: message"
  std::string to_string() const;
};

/// Thrown when a configuration has one or more problems; what() lists them all, one per line.
class ConfigError : public std::runtime_error {
 public:
  explicit ConfigError(std::vector<ConfigIssue> issues);
  const std::vector<ConfigIssue>& issues() const { return issues_; }

 private:
  std::vector<ConfigIssue> issues_;
};

/// Reads and validates a TOML scenario file. Throws ConfigError (a missing file included).
/// A scenario may build on another: a top-level `base = "other.toml"` (relative to the file) is
/// loaded first (itself possibly with a base) and this file's keys override it (tables merge key
/// by key; a value or an array of tables such as [[cluster]] replaces the base's); then the
/// `[set]` table of "dotted.path" = value overrides is applied last, as `--set` does. Cycles and
/// missing bases are errors naming the file, line and key.
Params load_params(const std::string& path);

/// As load_params, but a file without `base` builds on `default_base` (a path) as if it said
/// base = default_base: a mix of `clustersim compare BASE --mix FILE` needs only its changes.
Params load_params_on(const std::string& path, const std::string& default_base);

/// Parses and validates TOML text; `source` names it in messages and its folder resolves `base`.
Params parse_params(std::string_view toml_text, const std::string& source = "<string>");
/// parse_params with a default base (see load_params_on).
Params parse_params_on(std::string_view toml_text, const std::string& source, const std::string& default_base);

/// Range and cross-field checks on a complete Params; returns every problem found.
std::vector<ConfigIssue> validate(const Params& p, const std::string& source = "");

/// Sets one parameter by dotted path ("market.wage", "cluster[0].firms", "run.seed") from its
/// text form. Throws ConfigError naming the path if it is unknown, mistyped or out of range.
/// `intervention[N].key` with N the number of interventions adds one (so --set can add an
/// intervention: set its kind first, then its other keys).
void apply_override(Params& p, const std::string& path, const std::string& value);

/// Optimal-string-alignment (restricted Damerau-Levenshtein) distance between two strings.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `key` within max(2, |key| / 3) edits, or "" when none is close enough.
std::string suggest(std::string_view key, const std::vector<std::string>& candidates);

/// "; did you mean 'x'?" for a suggestion, "" for none.
std::string did_you_mean(const std::string& suggestion);

/// Shortest text that reads back as the same double; "inf", "-inf", "nan" for the specials.
std::string fmt_double(double v);

/// Writes Params as TOML (every key, resolved values), used for manifests and saved scenarios.
std::string to_toml(const Params& p);

}  // namespace cs
