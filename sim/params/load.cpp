// Loading parameters from TOML (toml++), validation against the schema, dotted-path overrides and
// writing Params back as TOML. Every problem is collected with its file, line, column and key and
// reported together in one ConfigError.
#include "params/load.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <system_error>
#include <tuple>
#include <type_traits>
#include <utility>

#include <toml++/toml.h>

#include "params/expand.hpp"
#include "params/overlay.hpp"
#include "params/schema.hpp"

namespace cs {

// ---------------------------------------------------------------------------------------------
// ConfigIssue / ConfigError

std::string ConfigIssue::to_string() const {
  std::string s;
  if (!file.empty()) {
    s = printable_text(file, 1000);
    if (line > 0) {
      s += ':' + std::to_string(line);
      if (column > 0) s += ':' + std::to_string(column);
    }
    s += ": ";
  } else if (line > 0) {
    s = "line " + std::to_string(line);
    if (column > 0) s += ':' + std::to_string(column);
    s += ": ";
  }
  if (!key.empty()) s += printable_text(key, 120) + ": ";
  s += printable_text(message, 2000);
  return s;
}

namespace {

std::string join_issues(const std::vector<ConfigIssue>& issues) {
  if (issues.empty()) return "configuration error";
  std::string s;
  for (const auto& i : issues) {
    if (!s.empty()) s += '\n';
    s += i.to_string();
  }
  return s;
}

}  // namespace

ConfigError::ConfigError(std::vector<ConfigIssue> issues)
    : std::runtime_error(join_issues(issues)), issues_(std::move(issues)) {}

// ---------------------------------------------------------------------------------------------
// Small helpers: number formatting, edit distance, suggestions

std::string fmt_double(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  // Shortest round-trip digits; fixed notation for ordinary magnitudes (0.0001, 50000000),
  // scientific beyond them (1e-09, 1e+20).
  const double a = std::fabs(v);
  const auto fmt = (a == 0 || (a >= 1e-5 && a < 1e16)) ? std::chars_format::fixed
                                                       : std::chars_format::scientific;
  char buf[400];
  auto res = std::to_chars(buf, buf + sizeof buf, v, fmt);
  return std::string(buf, res.ptr);
}

namespace {

std::string fmt_range(const Range& r) {
  std::string s = "[";
  ((s += fmt_double(r.lo)) += ", ") += fmt_double(r.hi);
  return s += ']';
}

bool in_range(double v, const Range& r) { return v >= r.lo && v <= r.hi; }  // false for NaN

/// An integer range as integers: [0, 18000000000000000000], not [0, 1.8e+19].
std::string fmt_int_range(const Range& r) {
  auto one = [](double b) {
    if (std::isfinite(b) && b == std::floor(b) && std::fabs(b) < 1.8446744073709552e19)
      return b < 0 ? "-" + std::to_string(static_cast<std::uint64_t>(-b)) : std::to_string(static_cast<std::uint64_t>(b));
    return fmt_double(b);
  };
  std::string s = "[";
  ((s += one(r.lo)) += ", ") += one(r.hi);
  return s += ']';
}

/// Exact for every 64-bit value (a double holds 53 bits: 18000000000000000001 would round into 1.8e19).
bool in_range(std::uint64_t v, const Range& r) {
  constexpr double two64 = 18446744073709551616.0;
  const bool lo_ok = r.lo <= 0 || (r.lo < two64 && v >= static_cast<std::uint64_t>(std::ceil(r.lo)));
  const bool hi_ok = r.hi >= two64 || (r.hi >= 0 && v <= static_cast<std::uint64_t>(std::floor(r.hi)));
  return lo_ok && hi_ok;
}

}  // namespace


namespace {

template <class T> std::vector<std::string> keys_of() {
  T dummy{};
  std::vector<std::string> keys;
  visit_table(dummy, [&](std::string_view k, auto&, Range, const char*) { keys.emplace_back(k); });
  return keys;
}

std::vector<std::string> table_names() {
  Params dummy;
  std::vector<std::string> names;
  visit_tables(dummy, [&](std::string_view n, auto&) { names.emplace_back(n); });
  return names;
}

const std::vector<std::string>& shock_kinds() {
  static const std::vector<std::string> kinds{"demand", "input_price", "energy_price", "export_ban", "power_shortage"};
  return kinds;
}

bool valid_shock_kind(const std::string& k) {
  const auto& kinds = shock_kinds();
  return std::find(kinds.begin(), kinds.end(), k) != kinds.end();
}

std::string shock_kind_message(const std::string& k) {
  std::string msg = "unknown shock kind " + quote_text(k) + " (valid kinds: ";
  const auto& kinds = shock_kinds();
  for (std::size_t i = 0; i < kinds.size(); ++i) msg += (i ? ", " : "") + kinds[i];
  msg += ")";
  return msg + did_you_mean(suggest(k, kinds));
}

template <class F> constexpr const char* expected_type() {
  if constexpr (std::is_same_v<F, double>) return "a number";
  else if constexpr (std::is_same_v<F, int>) return "an integer";
  else if constexpr (std::is_same_v<F, std::uint64_t>) return "a non-negative integer";
  else return "a string";
}

// ---------------------------------------------------------------------------------------------
// The loader: walks a parsed toml::table against the schema

std::string type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::table: return "table";
    case toml::node_type::array: return "array";
    case toml::node_type::string: return "string";
    case toml::node_type::integer: return "integer";
    case toml::node_type::floating_point: return "float";
    case toml::node_type::boolean: return "boolean";
    case toml::node_type::date: return "date";
    case toml::node_type::time: return "time";
    case toml::node_type::date_time: return "date-time";
    default: return "nothing";
  }
}

/// "string \"abc\"", "float 3.5", "table", ... for messages.
std::string describe(const toml::node& n) {
  std::string s = type_name(n);
  if (auto v = n.as_string()) s += " " + quote_text(v->get(), 60, '"');
  else if (auto i = n.as_integer()) s += " " + std::to_string(i->get());
  else if (auto f = n.as_floating_point()) s += " " + fmt_double(f->get());
  else if (auto b = n.as_boolean()) s += b->get() ? " true" : " false";
  return s;
}

class Loader {
 public:
  explicit Loader(std::string file) : file_(std::move(file)) {}

  void load(const toml::table& root, Params& p) {
    const auto tables = table_names();
    for (auto&& [k, node] : root) {
      const std::string key(k.str());
      const auto& where = region(k, node);
      if (key == "cluster") {
        load_array<ClusterParams>(key, node, where, p.clusters);
        continue;
      }
      if (key == "shock") {
        load_array<ShockParams>(key, node, where, p.shocks);
        continue;
      }
      if (key == "intervention") {
        load_array<InterventionParams>(key, node, where, p.interventions);
        continue;
      }
      if (at_capacity()) {
        skip(key);
        continue;
      }
      bool found = false;
      visit_tables(p, [&](std::string_view name, auto& tbl) {
        if (name != key) return;
        found = true;
        if (const auto* t = node.as_table())
          load_table(*t, tbl, key + ".");
        else
          add(where, key, "expected a table [" + key + "], found " + describe(node));
      });
      if (found) continue;
      std::vector<std::string> cands = tables;
      cands.emplace_back("cluster");
      cands.emplace_back("shock");
      cands.emplace_back("intervention");
      std::string s = suggest(key, cands);
      if (s.empty()) s = owning_table(key, p);
      std::string msg = "unknown top-level key " + quote_text(key) + did_you_mean(s);
      if (s.empty()) {
        msg += " (valid: ";
        for (const auto& t : tables) msg += "[" + t + "], ";
        msg += "[[cluster]], [[shock]], [[intervention]])";
      }
      add(where, key, msg);
    }
  }

  std::vector<ConfigIssue>& issues() { return issues_; }
  /// Problems found beyond InputLimits::problems and not described.
  std::size_t skipped() const { return skipped_; }
  const std::set<std::string>& bad_keys() const { return bad_keys_; }
  /// Where each key was written: its file (the scenario or one of its bases), line and column.
  const std::map<std::string, ConfigIssue>& positions() const { return positions_; }

 private:
  static const toml::source_region& region(const toml::key& k, const toml::node& n) {
    return k.source().begin.line > 0 ? k.source() : n.source();
  }

  void add(const toml::source_region& r, const std::string& key, std::string msg) {
    bad_keys_.insert(key);
    if (at_capacity()) {
      ++skipped_;
      return;
    }
    issues_.push_back(ConfigIssue{file_of(r), static_cast<int>(r.begin.line),
                                  static_cast<int>(r.begin.column), key, std::move(msg)});
  }

  /// Past InputLimits::problems, problems are counted, not described (a file of a million
  /// unknown keys would otherwise cost a suggestion and a message each).
  bool at_capacity() const { return issues_.size() >= InputLimits::problems; }
  void skip(const std::string& key) {
    bad_keys_.insert(key);
    ++skipped_;
  }

  /// "market.wage" when a top-level key is really a field of one of the tables.
  static std::string owning_table(const std::string& key, Params& p) {
    std::string owner;
    visit_tables(p, [&](std::string_view name, auto& tbl) {
      visit_table(tbl, [&](std::string_view k, auto&, Range, const char*) {
        if (owner.empty() && k == key) owner = std::string(name) + "." + key;
      });
    });
    return owner;
  }

  /// "[run]", "[[cluster]]", ... for a key that exists in some other table, else "".
  static std::string home_of(const std::string& key) {
    Params p;
    std::string home;
    visit_tables(p, [&](std::string_view name, auto& tbl) {
      visit_table(tbl, [&](std::string_view k, auto&, Range, const char*) {
        if (home.empty() && k == key) home = "[" + std::string(name) + "]";
      });
    });
    for (const auto& k : keys_of<ClusterParams>())
      if (home.empty() && k == key) home = "[[cluster]]";
    for (const auto& k : keys_of<ShockParams>())
      if (home.empty() && k == key) home = "[[shock]]";
    for (const auto& k : keys_of<InterventionParams>())
      if (home.empty() && k == key) home = "[[intervention]]";
    return home;
  }

  template <class T>
  void load_array(const std::string& name, const toml::node& node, const toml::source_region& where,
                  std::vector<T>& out) {
    const auto* arr = node.as_array();
    if (!arr) {
      add(where, name,
          "expected an array of tables [[" + name + "]], found " + describe(node) +
              (node.is_table() ? " (write [[" + name + "]], not [" + name + "])" : ""));
      return;
    }
    out.clear();
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const std::string elem = name + "[" + std::to_string(i) + "]";
      const toml::node& e = *arr->get(i);
      T value{};
      if (const auto* t = e.as_table()) {
        load_table(*t, value, elem + ".");
        if constexpr (std::is_same_v<T, InterventionParams>) check_kind_keys(*t, value, elem + ".");
      } else
        add(e.source().begin.line > 0 ? e.source() : where, elem,
            "expected a table, found " + describe(e));
      out.push_back(std::move(value));
    }
  }

  template <class T> void load_table(const toml::table& tbl, T& dst, const std::string& prefix) {
    for (auto&& [k, node] : tbl) {
      const std::string key(k.str());
      const std::string full = prefix + key;
      const auto& where = region(k, node);
      bool found = false;
      visit_table(dst, [&](std::string_view name, auto& field, Range r, const char*) {
        if (name != key) return;
        found = true;
        positions_[full] = ConfigIssue{file_of(where), static_cast<int>(where.begin.line),
                                       static_cast<int>(where.begin.column), full, {}};
        assign(node, field, r, full, where);
        if constexpr (std::is_same_v<T, ShockParams> &&
                      std::is_same_v<std::decay_t<decltype(field)>, std::string>) {
          if (name == "kind" && !valid_shock_kind(field)) {
            add(where, full, shock_kind_message(field));
            field = ShockParams{}.kind;
          }
        }
      });
      if (!found && at_capacity()) {
        skip(full);
      } else if (!found) {
        const std::string table = prefix.substr(0, prefix.size() - 1);
        std::string msg = "unknown key " + quote_text(key) + " in " + table;
        const std::string s = suggest(key, keys_of<T>());
        if (!s.empty()) {
          msg += did_you_mean(s);
        } else if (const std::string home = home_of(key); !home.empty()) {
          msg += "; " + quote_text(key) + " belongs in " + home;
        }
        add(where, full, msg);
      }
    }
  }

  /// Keys that belong to another kind of intervention than this one's.
  void check_kind_keys(const toml::table& tbl, const InterventionParams& iv, const std::string& prefix) {
    for (auto&& [k, node] : tbl) {
      const std::string key(k.str());
      if (const std::string problem = intervention_key_problem(iv.kind, key); !problem.empty())
        add(region(k, node), prefix + key, problem);
    }
  }

  void range_issue(const toml::source_region& where, const std::string& key, const std::string& v,
                   const Range& r) {
    add(where, key, "value " + v + " out of range " + fmt_range(r));
  }

  void type_issue(const toml::source_region& where, const std::string& key, const char* expected,
                  const toml::node& n) {
    add(where, key, std::string("expected ") + expected + ", found " + describe(n));
  }

  void assign(const toml::node& n, double& f, const Range& r, const std::string& key,
              const toml::source_region& where) {
    double v;
    if (auto x = n.as_floating_point()) v = x->get();
    else if (auto i = n.as_integer()) v = static_cast<double>(i->get());
    else return type_issue(where, key, expected_type<double>(), n);
    if (!in_range(v, r)) return range_issue(where, key, fmt_double(v), r);
    f = v;
  }

  void assign(const toml::node& n, int& f, const Range& r, const std::string& key,
              const toml::source_region& where) {
    auto i = n.as_integer();
    if (!i) return type_issue(where, key, expected_type<int>(), n);
    const std::int64_t v = i->get();
    if (!in_range(static_cast<double>(v), r) || v < std::numeric_limits<int>::min() ||
        v > std::numeric_limits<int>::max())
      return range_issue(where, key, std::to_string(v), r);
    f = static_cast<int>(v);
  }

  void assign(const toml::node& n, std::uint64_t& f, const Range& r, const std::string& key,
              const toml::source_region& where) {
    std::uint64_t v = 0;
    if (auto i = n.as_integer()) {
      if (i->get() < 0) return add(where, key, "value " + std::to_string(i->get()) + " out of range " + fmt_int_range(r));
      v = static_cast<std::uint64_t>(i->get());
    } else if (auto s = n.as_string()) {
      // TOML integers stop at 2^63 - 1; larger unsigned values may be written as digit strings.
      const std::string& t = s->get();
      auto res = std::from_chars(t.data(), t.data() + t.size(), v);
      if (t.empty() || res.ec != std::errc{} || res.ptr != t.data() + t.size())
        return type_issue(where, key, expected_type<std::uint64_t>(), n);
    } else {
      return type_issue(where, key, expected_type<std::uint64_t>(), n);
    }
    if (!in_range(v, r)) return add(where, key, "value " + std::to_string(v) + " out of range " + fmt_int_range(r));
    f = v;
  }

  void assign(const toml::node& n, std::string& f, const Range&, const std::string& key,
              const toml::source_region& where) {
    auto s = n.as_string();
    if (!s) return type_issue(where, key, expected_type<std::string>(), n);
    f = s->get();
  }

  std::string file_;
  std::vector<ConfigIssue> issues_;
  std::size_t skipped_ = 0;
  std::set<std::string> bad_keys_;
  std::map<std::string, ConfigIssue> positions_;

  /// The file a node came from: a base scenario's keys keep their own file name after merging.
  std::string file_of(const toml::source_region& r) const { return r.path && !r.path->empty() ? *r.path : file_; }
};

/// Keys named by a validate() issue: "a.b" or "a.b, c.d" for cross-field rules.
std::vector<std::string> split_keys(const std::string& key) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= key.size()) {
    std::size_t next = key.find(", ", pos);
    if (next == std::string::npos) next = key.size();
    out.push_back(key.substr(pos, next - pos));
    pos = next + 2;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Validation helpers

struct Checker {
  const std::string& source;
  std::vector<ConfigIssue> issues;

  void add(std::string key, std::string msg) {
    issues.push_back(ConfigIssue{source, 0, 0, std::move(key), std::move(msg)});
  }

  template <class T> void ranges(T& tbl, const std::string& prefix) {
    visit_table(tbl, [&](std::string_view name, auto& field, Range r, const char*) {
      using F = std::decay_t<decltype(field)>;
      if constexpr (std::is_same_v<F, double>) {
        if (!in_range(field, r))
          add(prefix + std::string(name), "value " + fmt_double(field) + " out of range " + fmt_range(r));
      } else if constexpr (std::is_same_v<F, std::uint64_t>) {
        if (!in_range(field, r))
          add(prefix + std::string(name), "value " + std::to_string(field) + " out of range " + fmt_int_range(r));
      } else if constexpr (!std::is_same_v<F, std::string>) {
        if (!in_range(static_cast<double>(field), r))
          add(prefix + std::string(name),
              "value " + std::to_string(field) + " out of range " + fmt_range(r));
      }
    });
  }

  /// a <= b (or a < b when strict), naming both keys.
  void order(const std::string& ka, double a, const std::string& kb, double b, bool strict) {
    const bool ok = strict ? a < b : a <= b;
    if (!ok)
      add(ka + ", " + kb, ka + " (" + fmt_double(a) + ") must be " + (strict ? "<" : "<=") + " " +
                              kb + " (" + fmt_double(b) + ")");
  }

  void at_most(const std::string& key, long long v, long long hi, const char* why) {
    if (v > hi)
      add(key, "value " + std::to_string(v) + " exceeds " + std::to_string(hi) + " (" + why + ")");
  }
};

// ---------------------------------------------------------------------------------------------
// Overrides

[[noreturn]] void override_error(const std::string& path, std::string msg) {
  throw ConfigError({ConfigIssue{"", 0, 0, path, std::move(msg)}});
}

std::string_view trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

template <class N> bool parse_number(std::string_view t, N& out) {
  if (!t.empty() && t.front() == '+') t.remove_prefix(1);
  if (t.empty()) return false;
  auto res = std::from_chars(t.data(), t.data() + t.size(), out);
  return res.ec == std::errc{} && res.ptr == t.data() + t.size();
}

void set_text(double& f, std::string_view t, const Range& r, const std::string& path) {
  double v;
  if (!parse_number(t, v))
    override_error(path, "expected a number, got " + quote_text(t));
  if (!in_range(v, r)) override_error(path, "value " + fmt_double(v) + " out of range " + fmt_range(r));
  f = v;
}

void set_text(int& f, std::string_view t, const Range& r, const std::string& path) {
  long long v;
  if (!parse_number(t, v)) override_error(path, "expected an integer, got " + quote_text(t));
  if (!in_range(static_cast<double>(v), r) || v < std::numeric_limits<int>::min() ||
      v > std::numeric_limits<int>::max())
    override_error(path, "value " + std::to_string(v) + " out of range " + fmt_range(r));
  f = static_cast<int>(v);
}

void set_text(std::uint64_t& f, std::string_view t, const Range& r, const std::string& path) {
  std::uint64_t v;
  if (!parse_number(t, v)) {
    const std::string_view digits = !t.empty() && t.front() == '+' ? t.substr(1) : t;
    if (!digits.empty() && digits.find_first_not_of("0123456789") == std::string_view::npos)  // beyond 2^64 - 1
      override_error(path, "value " + printable_text(digits, 60) + " out of range " + fmt_int_range(r));
    override_error(path, "expected a non-negative integer, got " + quote_text(t));
  }
  if (!in_range(v, r)) override_error(path, "value " + std::to_string(v) + " out of range " + fmt_int_range(r));
  f = v;
}

void set_text(std::string& f, std::string_view t, const Range&, const std::string&) {
  if (t.size() >= 2 && (t.front() == '"' || t.front() == '\'') && t.back() == t.front())
    t = t.substr(1, t.size() - 2);
  f = std::string(t);
}

/// Sets `key` of one table from text; false when the table has no such key.
template <class T>
bool set_field(T& tbl, const std::string& key, std::string_view text, const std::string& path) {
  bool found = false;
  visit_table(tbl, [&](std::string_view name, auto& field, Range r, const char*) {
    if (found || name != key) return;
    found = true;
    using F = std::decay_t<decltype(field)>;
    if constexpr (std::is_same_v<T, ShockParams> && std::is_same_v<F, std::string>) {
      std::string kind;
      set_text(kind, text, r, path);
      if (!valid_shock_kind(kind)) override_error(path, shock_kind_message(kind));
      field = kind;
    } else {
      set_text(field, text, r, path);
    }
  });
  return found;
}

std::vector<std::string> all_paths(Params& p, std::size_t cluster_index, std::size_t shock_index) {
  std::vector<std::string> paths;
  visit_tables(p, [&](std::string_view name, auto& tbl) {
    visit_table(tbl, [&](std::string_view k, auto&, Range, const char*) {
      paths.push_back(std::string(name) + "." + std::string(k));
    });
  });
  for (const auto& k : keys_of<ClusterParams>())
    paths.push_back("cluster[" + std::to_string(cluster_index) + "]." + k);
  for (const auto& k : keys_of<ShockParams>())
    paths.push_back("shock[" + std::to_string(shock_index) + "]." + k);
  for (const auto& k : keys_of<InterventionParams>())
    paths.push_back("intervention[" + std::to_string(shock_index) + "]." + k);
  return paths;
}

}  // namespace

std::string overlay::describe(const toml::node& n) { return cs::describe(n); }

// ---------------------------------------------------------------------------------------------
// Public API

namespace {

/// Where the issue of a rule over every cluster ("cluster[*].firms, cluster[*].replicas") points:
/// the first place in the file where one of its keys was written for some cluster.
const ConfigIssue* first_position(const std::vector<std::string>& keys, const std::map<std::string, ConfigIssue>& a,
                                  const std::map<std::string, ConfigIssue>& b) {
  const ConfigIssue* best = nullptr;
  for (const std::string& k : keys) {
    const auto star = k.find("[*]");
    if (star == std::string::npos) continue;
    const std::string head = k.substr(0, star + 1), tail = k.substr(star + 2);
    for (const auto* m : {&a, &b})
      for (auto it = m->lower_bound(head); it != m->end() && it->first.compare(0, head.size(), head) == 0; ++it) {
        const std::string& key = it->first;
        const auto close = key.find(']', head.size());
        if (close == std::string::npos || key.compare(close, std::string::npos, tail) != 0) continue;
        if (!best || std::tie(it->second.file, it->second.line) < std::tie(best->file, best->line)) best = &it->second;
      }
  }
  return best;
}

Params parse_params_noting(std::string_view toml_text, const std::string& source, std::vector<std::string>* notes,
                          const std::string& default_base = {}) {
  toml::table root = overlay::resolve(toml_text, source, default_base);
  if (notes && root.empty())
    notes->push_back(source + " sets no parameter: every value is its default (one cluster of " +
                     std::to_string(ClusterParams{}.firms) + " firms, " + std::to_string(RunParams{}.steps) +
                     " months; configs/default.toml lists them all)");

  std::vector<ConfigIssue> set_issues;
  toml::table set_table;
  const std::vector<overlay::SetEntry> sets = overlay::take_sets(root, set_table, source, set_issues);

  Params p;
  Loader loader(source);
  loader.load(root, p);
  auto& issues = loader.issues();
  // [set] applies last, as --set does: after the tables, before the cross-field rules.
  std::map<std::string, ConfigIssue> set_positions;
  if (issues.empty()) overlay::apply_set_entries(p, sets, source, set_issues, set_positions);
  issues.insert(issues.end(), set_issues.begin(), set_issues.end());
  std::stable_sort(issues.begin(), issues.end(), [](const ConfigIssue& a, const ConfigIssue& b) {
    return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
  });

  // Values with a load issue were not assigned; drop rules that involve them, and give the
  // remaining single-key issues the position where the key was written (rules over every
  // cluster, the first place one of their keys was written).
  std::vector<ConfigIssue> rules = validate(p, source);
  for (auto& [key, msg] : intervention_run_problems(p)) rules.push_back(ConfigIssue{source, 0, 0, key, msg});
  for (auto& vi : rules) {
    const auto keys = split_keys(vi.key);
    bool involved = false;
    for (const auto& k : keys) involved = involved || loader.bad_keys().count(k) > 0;
    if (involved) continue;
    const ConfigIssue* at = nullptr;
    if (keys.size() == 1) {
      if (auto s = set_positions.find(vi.key); s != set_positions.end()) at = &s->second;
      else if (auto l = loader.positions().find(vi.key); l != loader.positions().end()) at = &l->second;
      else if (vi.key.size() > 6 && vi.key.rfind(".start") == vi.key.size() - 6)  // a default start: its table
        if (auto k = loader.positions().find(vi.key.substr(0, vi.key.size() - 6) + ".kind"); k != loader.positions().end())
          at = &k->second;
    }
    if (!at) at = first_position(keys, set_positions, loader.positions());
    if (at) {
      vi.file = at->file;
      vi.line = at->line;
      vi.column = at->column;
    }
    issues.push_back(std::move(vi));
  }
  if (issues.size() > InputLimits::problems || loader.skipped() > 0) {
    const std::size_t more = issues.size() - std::min(issues.size(), InputLimits::problems) + loader.skipped();
    issues.resize(std::min(issues.size(), InputLimits::problems));
    issues.push_back(ConfigIssue{source, 0, 0, "", "... and " + std::to_string(more) + " more problems (the first " +
                                                       std::to_string(InputLimits::problems) + " are listed)"});
  }
  if (!issues.empty()) throw ConfigError(std::move(issues));
  if (auto big = resolved_size_issue(p, source, loader.positions())) throw ConfigError({*big});
  return p;
}

}  // namespace

Params parse_params(std::string_view toml_text, const std::string& source) {
  return parse_params_noting(toml_text, source, nullptr);
}

Params load_params(const std::string& path) { return parse_params(read_config_text(path), path); }

Params load_params(const std::string& path, std::vector<std::string>& notes) {
  return parse_params_noting(read_config_text(path), path, &notes);
}

Params parse_params_on(std::string_view toml_text, const std::string& source, const std::string& default_base) {
  return parse_params_noting(toml_text, source, nullptr, default_base);
}

Params load_params_on(const std::string& path, const std::string& default_base) {
  return parse_params_noting(read_config_text(path), path, nullptr, default_base);
}

std::vector<ConfigIssue> validate(const Params& params, const std::string& source) {
  Params p = params;  // the schema visitors take mutable references
  Checker c{source, {}};

  visit_tables(p, [&](std::string_view name, auto& tbl) { c.ranges(tbl, std::string(name) + "."); });

  const auto& m = p.market;
  if (m.markup_min > m.markup_max)
    c.order("market.markup_min", m.markup_min, "market.markup_max", m.markup_max, false);
  else if (!(m.markup_init >= m.markup_min && m.markup_init <= m.markup_max))
    c.add("market.markup_init, market.markup_min, market.markup_max",
          "market.markup_init (" + fmt_double(m.markup_init) +
              ") must lie within [market.markup_min, market.markup_max] = [" +
              fmt_double(m.markup_min) + ", " + fmt_double(m.markup_max) + "]");
  c.order("market.agent_commission_min", m.agent_commission_min, "market.agent_commission_max",
          m.agent_commission_max, false);
  c.order("firms.size_min", p.firm_init.size_min, "firms.size_max", p.firm_init.size_max, false);
  c.order("technology.innovation_lo", p.tech.innovation_lo, "technology.innovation_hi",
          p.tech.innovation_hi, true);
  c.order("network.mean_degree", p.network.mean_degree, "network.max_links", p.network.max_links,
          false);
  c.order("network.trust_min", p.network.trust_min, "network.trust_init", p.network.trust_init,
          true);
  c.order("exports.quality_min_lo", p.exports.quality_min_lo, "exports.quality_min_hi",
          p.exports.quality_min_hi, false);
  c.order("exports.consortium_min", p.exports.consortium_min, "exports.consortium_max",
          p.exports.consortium_max, false);

  if (p.clusters.empty()) c.add("cluster", "at least one [[cluster]] is required");
  // Limits apply to the expanded list (replicas, national mode): see params/expand.hpp.
  const ClusterTotals totals = cluster_totals(p);
  if (totals.clusters > static_cast<long long>(p.clusters.size()))
    c.at_most("cluster[*].replicas", totals.clusters, 65535,
              "cluster ids are 16-bit: the [[cluster]] tables with their replicas expand to this many clusters");
  else
    c.at_most("cluster", totals.clusters, 65535, "cluster ids are 16-bit");
  for (std::size_t i = 0; i < p.clusters.size(); ++i) {
    auto& cl = p.clusters[i];
    const std::string prefix = "cluster[" + std::to_string(i) + "].";
    c.ranges(cl, prefix);
    c.at_most(prefix + "neighbourhoods", cl.neighbourhoods, 255, "neighbourhood ids are 8-bit");
    c.at_most(prefix + "banks", cl.banks, 255, "bank ids are 8-bit");
    c.at_most(prefix + "selling_agents", cl.selling_agents, 65535, "agent ids are 16-bit");
  }
  c.at_most(totals.clusters > static_cast<long long>(p.clusters.size()) ? "cluster[*].firms, cluster[*].replicas"
                                                                        : "cluster[*].firms",
            totals.firms, 50'000'000, "total firms over all clusters, replicas x firms summed over the tables");

  for (std::size_t i = 0; i < p.shocks.size(); ++i) {
    auto& s = p.shocks[i];
    const std::string prefix = "shock[" + std::to_string(i) + "].";
    c.ranges(s, prefix);
    if (!valid_shock_kind(s.kind)) c.add(prefix + "kind", shock_kind_message(s.kind));
  }
  for (std::size_t i = 0; i < p.interventions.size(); ++i)
    c.ranges(p.interventions[i], "intervention[" + std::to_string(i) + "].");
  for (auto& [key, msg] : intervention_problems(p)) c.add(std::move(key), std::move(msg));
  return std::move(c.issues);
}

void apply_override(Params& p, const std::string& path, const std::string& value) {
  const std::string_view text = trim(value);
  const auto dot = path.find('.');
  std::string head = path.substr(0, dot);
  const std::string key = dot == std::string::npos ? std::string{} : path.substr(dot + 1);

  // Optional element index: cluster[2], shock[0].
  bool indexed = false;
  std::size_t index = 0;
  if (const auto lb = head.find('['); lb != std::string::npos) {
    const auto rb = head.find(']', lb);
    const std::string digits = rb == std::string::npos ? std::string{} : head.substr(lb + 1, rb - lb - 1);
    if (rb != head.size() - 1 || !parse_number(std::string_view(digits), index) ||
        digits.front() == '+')
      override_error(path, "malformed element index in " + quote_text(head) + " (expected e.g. cluster[0])");
    indexed = true;
    head = head.substr(0, lb);
  }

  bool handled = false;
  if (!key.empty()) {
    if (indexed && head == "intervention") {
      const std::size_t n = p.interventions.size();
      if (index == n) p.interventions.emplace_back();  // adds one (its kind first, then its keys)
      else if (index > n)
        override_error(path, "index " + std::to_string(index) + " out of range: there " +
                                 (n == 1 ? "is " : "are ") + std::to_string(n) + " intervention" +
                                 (n == 1 ? "" : "s") + " (intervention[" + std::to_string(n) + "] adds one)");
      handled = set_field(p.interventions[index], key, text, path);
      if (handled)
        if (const std::string problem = intervention_key_problem(p.interventions[index].kind, key); !problem.empty())
          override_error(path, problem);
    } else if (indexed && (head == "cluster" || head == "shock")) {
      const std::size_t n = head == "cluster" ? p.clusters.size() : p.shocks.size();
      if (index >= n)
        override_error(path, "index " + std::to_string(index) + " out of range: there " +
                                 (n == 1 ? "is " : "are ") + std::to_string(n) + " " + head +
                                 (n == 1 ? "" : "s"));
      handled = head == "cluster" ? set_field(p.clusters[index], key, text, path)
                                  : set_field(p.shocks[index], key, text, path);
    } else if (!indexed) {
      visit_tables(p, [&](std::string_view name, auto& tbl) {
        if (!handled && name == head) handled = set_field(tbl, key, text, path);
      });
    }
  }
  if (!handled) {
    const std::string s = suggest(path, all_paths(p, indexed ? index : 0, indexed ? index : 0));
    override_error(path, "unknown parameter " + quote_text(path) + did_you_mean(s));
  }
}


}  // namespace cs
