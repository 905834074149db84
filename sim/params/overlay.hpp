#pragma once
// Internal to sim/params: a scenario file with its `base` chain merged, and its `[set]` table
// (load.cpp builds Params from them). Every file is read and parsed within InputLimits.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "params/load.hpp"

namespace cs::overlay {

/// Parses TOML text after check_toml_input; a syntax error is a ConfigError at its line.
toml::table parse_toml(std::string_view text, const std::string& source);

/// A ConfigIssue at a node's position, in the file the node came from (a base keeps its name).
ConfigIssue issue_at(const toml::source_region& r, const std::string& file, std::string key, std::string msg);

/// The scenario `text` (named `source`) with everything under its `base` key merged: the base
/// first, this file's keys over it (tables merge key by key; values and arrays replace). A file
/// without `base` builds on `default_base` when it is not empty (see load_params_on).
toml::table resolve(std::string_view text, const std::string& source, const std::string& default_base = {});

/// One entry of [set]: a dotted path, its value as text, and the node (for its position).
struct SetEntry {
  std::string path, value;
  const toml::node* node;
};

/// Takes the [set] table out of `root` into `holder` and lists its entries in file order; nested
/// tables (market.wage = 0.2 without quotes) give their dotted path. Problems go to `issues`.
std::vector<SetEntry> take_sets(toml::table& root, toml::table& holder, const std::string& source,
                                std::vector<ConfigIssue>& issues);

/// Applies the entries to `p` as --set does; where each path was written goes to `positions`.
void apply_set_entries(Params& p, const std::vector<SetEntry>& sets, const std::string& source,
                       std::vector<ConfigIssue>& issues, std::map<std::string, ConfigIssue>& positions);

/// "string \"abc\"", "float 3.5", "table", ... for messages (load.cpp).
std::string describe(const toml::node& n);

}  // namespace cs::overlay
