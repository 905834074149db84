#pragma once
// Loading parameters from TOML, validation and dotted-path overrides. Every problem is reported
// with the file, line and key; all problems are collected and reported together.
#include <cstddef>
#include <map>
#include <optional>
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
  /// "file:line:column: key: message", with control characters escaped and a key longer than
  /// 120 bytes or a message longer than 2,000 bytes shortened (quote_text), whatever the input.
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

/// What a configuration file may hold: checked before the TOML parser sees the text, so that no
/// file can exhaust the parser's stack, memory or time (docs/reliability.md lists them).
struct InputLimits {
  static constexpr std::size_t file_bytes = 4u << 20;   ///< 4 MiB per file
  static constexpr std::size_t key_parts = 32;          ///< parts of a dotted key or [table.header]
  static constexpr std::size_t nesting = 32;            ///< arrays and inline tables inside each other
  static constexpr std::size_t token_bytes = 64u << 10; ///< one string, bare key or number: 64 KiB
  static constexpr std::size_t problems = 1000;         ///< problems reported per file, then a count
};

/// Throws ConfigError (file, line, column) when `text` breaks one of the InputLimits; a linear
/// scan that knows TOML's strings and comments and nothing else.
void check_toml_input(std::string_view text, const std::string& source);

/// What the program writes it must read back: the resolved configuration (manifests, a
/// calibration's best.toml) holds every parameter of every [[cluster]] table, so thousands of
/// tables can outgrow the file limit that the scenario's own text kept. The issue, at the first
/// cluster key in `positions` (key -> where it was written), when to_toml(p) is over the limit.
std::optional<ConfigIssue> resolved_size_issue(const Params& p, const std::string& source,
                                               const std::map<std::string, ConfigIssue>& positions);

/// The bytes of a configuration file, at most InputLimits::file_bytes (a larger file, or an endless
/// one such as /dev/zero, is a ConfigError); `what` names it in messages ("configuration file").
std::string read_config_text(const std::string& path, const char* what = "configuration file");

/// n with thousands separators ("4,194,304"), for sizes in messages.
std::string with_thousands(std::size_t n);

/// `s` for a message: control characters and invalid UTF-8 as \\xNN (\\n, \\t), and beyond
/// `max_bytes` cut at a character boundary, followed by "... (N bytes)" with the full size.
std::string printable_text(std::string_view s, std::size_t max_bytes);

/// `s` for an error message, in single quotes (or `quote`): control characters and invalid UTF-8 as \xNN
/// (\n, \t), and beyond `max_bytes` cut at a character boundary with "..." and the full size, so
/// that no input can flood a terminal or send it escape sequences.
std::string quote_text(std::string_view s, std::size_t max_bytes = 60, char quote = '\'');

/// Reads and validates a TOML scenario file. Throws ConfigError (a missing file included).
/// A scenario may build on another: a top-level `base = "other.toml"` (relative to the file) is
/// loaded first (itself possibly with a base) and this file's keys override it (tables merge key
/// by key; a value or an array of tables such as [[cluster]] replaces the base's); then the
/// `[set]` table of "dotted.path" = value overrides is applied last, as `--set` does. Cycles and
/// missing bases are errors naming the file, line and key.
Params load_params(const std::string& path);

/// load_params, and adds to `notes` what a user should be told that is not a problem: a file
/// that sets nothing (every parameter at its default).
Params load_params(const std::string& path, std::vector<std::string>& notes);

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
/// O(|a| |b|) time, O(|b|) memory.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `key` within max(2, |key| / 3) edits, or "" when none is close enough.
/// Candidates whose length alone puts them beyond the limit are skipped, and a distance stops as
/// soon as it exceeds the limit, so a key far longer than every candidate costs nothing.
std::string suggest(std::string_view key, const std::vector<std::string>& candidates);

/// "; did you mean 'x'?" for a suggestion, "" for none.
std::string did_you_mean(const std::string& suggestion);

/// Shortest text that reads back as the same double; "inf", "-inf", "nan" for the specials.
std::string fmt_double(double v);

/// Writes Params as TOML (every key, resolved values), used for manifests and saved scenarios.
std::string to_toml(const Params& p);

}  // namespace cs
