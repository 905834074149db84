// Loading experiment files (toml++). Problems are collected with file, line, column and key and
// thrown together in one ConfigError, as the scenario loader does.
#include "sweep/experiment.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <type_traits>

#include <toml++/toml.h>

#include "moments/parse.hpp"
#include "observe/indicators.hpp"
#include "params/expand.hpp"
#include "params/load.hpp"
#include "params/overlay.hpp"
#include "params/schema.hpp"
#include "sweep/design.hpp"
#include "sweep/names.hpp"
#include "sweep/run.hpp"

namespace cs::sweep {

namespace fs = std::filesystem;

const char* design_name(DesignKind d) {
  switch (d) {
    case DesignKind::grid: return "grid";
    case DesignKind::lhs: return "lhs";
    case DesignKind::morris: return "morris";
    case DesignKind::sobol: return "sobol";
  }
  return "?";
}

bool StepSelection::keeps(int s) const {
  switch (mode) {
    case Mode::all: return true;
    case Mode::every: return s % every == 0;
    case Mode::list: return std::binary_search(list.begin(), list.end(), s);
  }
  return false;
}

const std::vector<std::string>& default_indicators() {
  static const std::vector<std::string> v{"firms",     "employment",      "output",
                                          "prod_mean", "credit",          "informal_credit",
                                          "rationed_share", "exits"};
  return v;
}

std::uint64_t fnv1a(const std::string& s, std::uint64_t h) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

std::uint64_t replication_seed(std::uint64_t master, int rep) {
  std::uint64_t z = master + 0x9E3779B97F4A7C15ull * (static_cast<std::uint64_t>(rep) + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return (z ^ (z >> 31)) >> 1;
}

namespace {

/// Collects problems at TOML positions.
struct Issues {
  std::string file;
  std::vector<ConfigIssue> list;
  void add(const toml::source_region& r, std::string key, std::string msg) {
    list.push_back(ConfigIssue{file, static_cast<int>(r.begin.line), static_cast<int>(r.begin.column),
                               std::move(key), std::move(msg)});
  }
};

/// Reports keys of `t` not in `allowed`, with a suggestion.
void check_keys(Issues& is, const toml::table& t, const std::string& prefix,
                const std::vector<std::string>& allowed) {
  for (auto&& [k, node] : t) {
    const std::string key(k.str());
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    is.add(k.source(), prefix + key,
           "unknown key " + quote_text(key) + (prefix.empty() ? "" : " in " + prefix.substr(0, prefix.size() - 1)) +
               did_you_mean(suggest(key, allowed)));
  }
}

/// A number (integer or float) or nothing.
std::optional<double> number(const toml::node& n) {
  if (auto i = n.as_integer()) return static_cast<double>(i->get());
  if (auto f = n.as_floating_point()) return f->get();
  return std::nullopt;
}

/// An integer >= lo from `t[key]`, or `dflt` when absent.
int int_key(Issues& is, const toml::table& t, const std::string& key, const std::string& prefix,
            int dflt, long long lo, long long hi) {
  const toml::node* n = t.get(key);
  if (!n) return dflt;
  const auto* i = n->as_integer();
  if (!i) {
    is.add(n->source(), prefix + key, "expected an integer");
    return dflt;
  }
  if (i->get() < lo || i->get() > hi) {
    is.add(n->source(), prefix + key,
           "value " + std::to_string(i->get()) + " out of range [" + std::to_string(lo) + ", " +
               std::to_string(hi) + "]");
    return dflt;
  }
  return static_cast<int>(i->get());
}

/// Checks that `value` can be applied at `f.path` of the base (schema, type, range).
void check_value(Issues& is, const toml::source_region& where, const std::string& key, const Params& base,
                 const std::string& path, double value) {
  Params p = base;
  try {
    apply_override(p, path, format_value(value));
  } catch (const ConfigError& e) {
    for (const ConfigIssue& i : e.issues()) is.add(where, key, i.message);
  }
}

/// A factor with where it was given: the line of its path and its index among the [[factor]] tables.
struct FactorAt {
  Factor f;
  toml::source_region where;
  std::size_t index = 0;
};

/// Checks the parameter path of a factor or a [fixed] setting (`what`), given at `where` under
/// `key`: the same rules for both. Returns the parameter's type; unknown after a problem.
ParamType check_path(Issues& is, const toml::source_region& where, const std::string& key, const Params& start,
                     const std::string& path, const char* what) {
  if (path == "run.seed" || path == "run.steps") {
    is.add(where, key, quote_text(path) + " is set by the experiment ([experiment] seed / steps), not " + what);
    return ParamType::unknown;
  }
  const ParamType type = param_type(path);
  if (type == ParamType::unknown) {
    const std::size_t before = is.list.size();
    check_value(is, where, key, start, path, 0);  // apply_override's did-you-mean
    if (is.list.size() == before)  // a path the scenario accepts but this table does not know: never drop it
      is.add(where, key, quote_text(path) + " cannot be " + what + " (not a parameter of a known table)");
  }
  return type;
}

/// [fixed]: `path = value` for parameters held at one value in every run, checked as factors are
/// and applied to `start` (the base scenario) in file order. A dotted bare key (finance.ltv = 0.6)
/// is a nested TOML table: its keys are joined back into the path.
void load_fixed(Issues& is, const toml::table& t, Experiment& ex, Params& start,
                std::vector<toml::source_region>& where) {
  struct Leaf {
    std::string path;
    const toml::node* value;
    toml::source_region at;
  };
  std::vector<Leaf> leaves;
  const auto collect = [&](const auto& self, const toml::table& tbl, const std::string& prefix) -> void {
    for (auto&& [k, node] : tbl) {
      const std::string path = prefix + std::string(k.str());
      if (const auto* sub = node.as_table()) self(self, *sub, path + ".");
      else leaves.push_back(Leaf{path, &node, k.source()});
    }
  };
  collect(collect, t, "");
  std::stable_sort(leaves.begin(), leaves.end(), [](const Leaf& a, const Leaf& b) {
    return std::pair(a.at.begin.line, a.at.begin.column) < std::pair(b.at.begin.line, b.at.begin.column);
  });
  for (const Leaf& l : leaves) {
    const std::string key = "fixed." + l.path;
    const ParamType type = check_path(is, l.at, key, start, l.path, "a [fixed] setting");
    if (type == ParamType::unknown) continue;
    FixedSetting s{l.path, "", type == ParamType::text};
    const auto* str = l.value->as_string();
    const auto x = number(*l.value);
    if (s.text ? !str : !x) {
      is.add(l.value->source(), key,
             quote_text(l.path) + (s.text ? " is a string parameter: expected a string"
                                          : " is a numeric parameter: expected a number"));
      continue;
    }
    s.value = s.text ? str->get() : format_value(*x);
    if (std::any_of(ex.fixed.begin(), ex.fixed.end(), [&](const FixedSetting& o) { return o.path == s.path; })) {
      is.add(l.at, key, quote_text(l.path) + " is given twice");
      continue;
    }
    try {
      apply_override(start, s.path, s.value);
    } catch (const ConfigError& e) {
      for (const ConfigIssue& i : e.issues()) is.add(l.value->source(), key, i.message);
      continue;
    }
    ex.fixed.push_back(std::move(s));
    where.push_back(l.at);
  }
}

void load_factor(Issues& is, const toml::table& t, std::size_t idx, Experiment& ex, const Params& start,
                 std::vector<FactorAt>& out) {
  const std::string prefix = "factor[" + std::to_string(idx) + "].";
  check_keys(is, t, prefix, {"path", "values", "min", "max"});
  Factor f;
  const toml::node* pn = t.get("path");
  if (!pn || !pn->as_string()) {
    is.add(pn ? pn->source() : t.source(), prefix + "path",
           "expected a dotted parameter path, e.g. path = \"finance.ltv\"");
    return;
  }
  f.path = pn->as_string()->get();
  f.column = column_name(f.path);
  const auto where = pn->source();
  const ParamType type = check_path(is, where, prefix + "path", start, f.path, "a factor");
  if (type == ParamType::unknown) return;
  if (type == ParamType::text) {
    is.add(where, prefix + "path", quote_text(f.path) + " is a string parameter; factors must be numeric");
    return;
  }
  f.integer = type == ParamType::integer;
  const toml::node* vn = t.get("values");
  const toml::node* lo = t.get("min");
  const toml::node* hi = t.get("max");
  if (ex.design == DesignKind::grid) {
    if (lo || hi) is.add((lo ? lo : hi)->source(), prefix + (lo ? "min" : "max"),
                         "a grid design takes values = [...], not min / max");
    const auto* arr = vn ? vn->as_array() : nullptr;
    if (!arr || arr->empty()) {
      is.add(vn ? vn->source() : t.source(), prefix + "values",
             "a grid factor needs a non-empty array: values = [v1, v2, ...]");
      return;
    }
    for (const toml::node& v : *arr) {
      const auto x = number(v);
      if (!x) {
        is.add(v.source(), prefix + "values", "expected numbers in values");
        continue;
      }
      check_value(is, v.source(), prefix + "values", start, f.path, *x);
      f.values.push_back(*x);
    }
  } else {
    if (vn) is.add(vn->source(), prefix + "values",
                   std::string("a ") + design_name(ex.design) + " design takes min and max, not values");
    const auto a = lo ? number(*lo) : std::nullopt;
    const auto b = hi ? number(*hi) : std::nullopt;
    if (!a || !b) {
      is.add((lo && !a) ? lo->source() : (hi && !b) ? hi->source() : t.source(), prefix + (a ? "max" : "min"),
             "expected numbers min and max (the range sampled)");
      return;
    }
    f.min = *a;
    f.max = *b;
    if (!(f.min < f.max)) is.add(lo->source(), prefix + "min", "min must be < max");
    check_value(is, lo->source(), prefix + "min", start, f.path, f.min);
    check_value(is, hi->source(), prefix + "max", start, f.path, f.max);
  }
  for (const FactorAt& g : out)
    if (g.f.path == f.path) is.add(where, prefix + "path", "factor " + quote_text(f.path) + " is given twice");
  out.push_back(FactorAt{std::move(f), where, idx});
}

void load_output(Issues& is, const toml::table& t, Experiment& ex) {
  check_keys(is, t, "output.", {"indicators", "steps", "summary_step", "reference"});
  std::vector<std::string> names;
  for (const IndicatorField& f : indicator_fields()) names.emplace_back(f.name);
  if (const toml::node* n = t.get("indicators")) {
    const auto* arr = n->as_array();
    if (!arr || arr->empty()) is.add(n->source(), "output.indicators", "expected a non-empty array of names");
    if (arr) {
      ex.indicators.clear();
      for (const toml::node& v : *arr) {
        const auto* s = v.as_string();
        const auto it = s ? std::find(names.begin(), names.end(), s->get()) : names.end();
        if (it == names.end()) {
          is.add(v.source(), "output.indicators",
                 s ? "unknown indicator " + quote_text(s->get()) + did_you_mean(suggest(s->get(), names))
                   : std::string("expected indicator names (strings)"));
          continue;
        }
        const int idx = static_cast<int>(it - names.begin());
        if (std::find(ex.indicators.begin(), ex.indicators.end(), idx) != ex.indicators.end())
          is.add(v.source(), "output.indicators", "indicator " + quote_text(s->get()) + " is listed twice");
        else
          ex.indicators.push_back(idx);
      }
    }
  }
  if (const toml::node* n = t.get("steps")) {
    auto& k = ex.keep_steps;
    if (auto s = n->as_string(); s && s->get() == "all") {
      k.mode = StepSelection::Mode::all;
    } else if (auto i = n->as_integer()) {
      k.mode = StepSelection::Mode::every;
      k.every = static_cast<int>(std::clamp<long long>(i->get(), 1, 1 << 30));
      if (i->get() < 1) is.add(n->source(), "output.steps", "every K steps needs K >= 1");
    } else if (auto a = n->as_array()) {
      k.mode = StepSelection::Mode::list;
      for (const toml::node& v : *a) {
        const auto* x = v.as_integer();
        if (!x || x->get() < 0 || x->get() > ex.steps)
          is.add(v.source(), "output.steps", "expected steps in [0, " + std::to_string(ex.steps) + "]");
        else
          k.list.push_back(static_cast<int>(x->get()));
      }
      std::sort(k.list.begin(), k.list.end());
      k.list.erase(std::unique(k.list.begin(), k.list.end()), k.list.end());
    } else {
      is.add(n->source(), "output.steps", "expected \"all\", an integer K (every K steps) or a list of steps");
    }
  }
  ex.summary_step = int_key(is, t, "summary_step", "output.", ex.steps, 0, ex.steps);
  if (const toml::node* n = t.get("reference")) {
    // Paired differences need the points to share their replications' seeds (they do: replication
    // r runs with replication_seed(master, r) at every point) and two replications at least.
    const auto* i = n->as_integer();
    const std::size_t points = design_size(ex);
    if (!i || i->get() < 0)
      is.add(n->source(), "output.reference", "expected the number of a design point (an integer >= 0, as in summary.csv)");
    else if (static_cast<unsigned long long>(i->get()) >= points)
      is.add(n->source(), "output.reference",
             "design point " + std::to_string(i->get()) + " does not exist: the design has " +
                 (points == 0 ? std::string("no points")
                              : std::to_string(points) + " point" + (points == 1 ? "" : "s") + " (0 to " +
                                    std::to_string(points - 1) + ")"));
    else if (ex.replications < 2)
      is.add(n->source(), "output.reference",
             "paired differences from a reference point need replications >= 2 (the experiment has " +
                 std::to_string(ex.replications) + ")");
    else
      ex.reference = i->get();
  }
}

/// [[moment]] tables: moments computed in every run, each a column named by its `name`.
void load_moments(Issues& is, const toml::node& n, Experiment& ex) {
  const auto* arr = n.as_array();
  if (!arr || !arr->is_array_of_tables()) {
    is.add(n.source(), "moment", "expected [[moment]] tables");
    return;
  }
  moments::IssueList mis{is.file, {}};
  const moments::MomentContext ctx{ex.steps, cluster_totals(ex.base).clusters};
  std::vector<std::string> taken;
  for (const IndicatorField& f : indicator_fields()) taken.emplace_back(f.name);
  if (ex.base.clusters.size() > 1)
    for (std::size_t c = 0; c < ex.base.clusters.size(); ++c)
      for (const IndicatorField& f : indicator_fields()) taken.push_back(cluster_column(f.name, c));
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const toml::table& t = *arr->get(i)->as_table();
    auto m = moments::parse_moment(mis, t, "moment[" + std::to_string(i) + "].", ctx, {});
    if (!m) continue;
    if (std::find(taken.begin(), taken.end(), m->name) != taken.end() || m->name.rfind("cluster", 0) == 0) {
      mis.add(t.get("name")->source(), "moment[" + std::to_string(i) + "].name",
              "name " + quote_text(m->name) + " is taken (an indicator, another moment or a cluster column)");
      continue;
    }
    taken.push_back(m->name);
    ex.moments.push_back(std::move(*m));
  }
  is.list.insert(is.list.end(), mis.list.begin(), mis.list.end());
}

/// Every factor's column must be a name no other column of runs.csv or summary.csv has.
void check_columns(Issues& is, const Experiment& ex, const std::vector<FactorAt>& factors) {
  std::map<std::string, std::string> taken;
  for (const char* c : {"run", "point", "replication", "seed", "run_id", "indicator", "n", "mean", "sd", "ci95", "diff",
                        "diff_ci_low", "diff_ci_high"})
    taken[c] = "a column of runs.csv or summary.csv";
  for (const std::string& c : summary_columns(ex)) taken[c] = "an indicator or moment column";
  for (std::size_t j = 0; j < factors.size(); ++j) {
    const Factor& f = factors[j].f;
    if (std::any_of(factors.begin(), factors.begin() + j, [&](const FactorAt& g) { return g.f.path == f.path; }))
      continue;  // reported as given twice
    const auto [it, fresh] = taken.emplace(f.column, "the column of factor " + quote_text(f.path));
    if (!fresh)
      is.add(factors[j].where, "factor[" + std::to_string(factors[j].index) + "].path",
             "the column name " + quote_text(f.column) + " of " + quote_text(f.path) + " is already " + it->second +
                 "; two columns cannot share a name");
  }
}

template <class T> ParamType field_type(T& tbl, const std::string& key) {
  ParamType t = ParamType::unknown;
  visit_table(tbl, [&](std::string_view name, auto& field, Range, const char*) {
    if (name != key) return;
    using F = std::decay_t<decltype(field)>;
    t = std::is_same_v<F, double> ? ParamType::real
        : std::is_same_v<F, std::string> ? ParamType::text : ParamType::integer;
  });
  return t;
}

}  // namespace

ParamType param_type(const std::string& path) {
  const auto dot = path.find('.');
  if (dot == std::string::npos) return ParamType::unknown;
  std::string head = path.substr(0, dot);
  const std::string key = path.substr(dot + 1);
  if (const auto lb = head.find('['); lb != std::string::npos) head = head.substr(0, lb);
  if (head == "cluster") {
    ClusterParams c;
    return field_type(c, key);
  }
  if (head == "shock") {
    ShockParams s;
    return field_type(s, key);
  }
  if (head == "intervention") {
    InterventionParams i;
    return field_type(i, key);
  }
  Params p;
  ParamType t = ParamType::unknown;
  visit_tables(p, [&](std::string_view name, auto& tbl) {
    if (name == head) t = field_type(tbl, key);
  });
  return t;
}

Experiment parse_experiment(const std::string& text, const std::string& source, const std::string& dir) {
  const toml::table root = overlay::parse_toml(text, source);  // bounded input, syntax errors at their line
  Issues is{source, {}};
  Experiment ex;
  ex.file = source;
  ex.text = text;
  check_keys(is, root, "", {"experiment", "fixed", "factor", "output", "moment"});

  const toml::table* et = root["experiment"].as_table();
  if (!et) throw ConfigError({ConfigIssue{source, 1, 1, "experiment", "missing table [experiment]"}});
  check_keys(is, *et, "experiment.",
             {"name", "description", "base", "steps", "replications", "seed", "design", "samples",
              "trajectories", "levels"});
  ex.name = et->get("name") && et->get("name")->as_string() ? et->get("name")->as_string()->get()
                                                              : fs::path(source).parent_path().filename().string();
  const toml::node* bn = et->get("base");
  if (!bn || !bn->as_string())
    throw ConfigError({ConfigIssue{source, static_cast<int>(et->source().begin.line), 1, "experiment.base",
                                   "expected base = \"path/to/scenario.toml\" (relative to this file)"}});
  const fs::path bp = fs::path(bn->as_string()->get());
  ex.base_file = (bp.is_absolute() ? bp : fs::path(dir) / bp).lexically_normal().string();
  ex.base = load_params(ex.base_file);  // the scenario's own problems, with its own file name

  ex.steps = int_key(is, *et, "steps", "experiment.", ex.base.run.steps, 1, 30000);
  ex.replications = int_key(is, *et, "replications", "experiment.", 1, 1, 1000000);
  if (const toml::node* n = et->get("seed")) {
    const auto* i = n->as_integer();
    if (!i || i->get() < 0) is.add(n->source(), "experiment.seed", "expected a non-negative integer");
    else ex.seed = static_cast<std::uint64_t>(i->get());
  }
  if (const toml::node* n = et->get("design")) {
    const std::vector<std::string> kinds{"grid", "lhs", "morris", "sobol"};
    const auto* s = n->as_string();
    const auto it = s ? std::find(kinds.begin(), kinds.end(), s->get()) : kinds.end();
    if (it == kinds.end())
      is.add(n->source(), "experiment.design",
             "expected one of grid, lhs, morris, sobol" + (s ? did_you_mean(suggest(s->get(), kinds)) : ""));
    else
      ex.design = static_cast<DesignKind>(it - kinds.begin());
  }
  const bool sampled = ex.design == DesignKind::lhs || ex.design == DesignKind::sobol;
  ex.samples = int_key(is, *et, "samples", "experiment.", 0, 2, 10000000);
  if (sampled && ex.samples == 0)
    is.add(et->source(), "experiment.samples", std::string("a ") + design_name(ex.design) +
                                                   " design needs samples = N (N >= 2)");
  ex.trajectories = int_key(is, *et, "trajectories", "experiment.", 10, 2, 1000000);
  ex.levels = int_key(is, *et, "levels", "experiment.", 4, 2, 1000);
  if (ex.levels % 2 != 0) is.add(et->get("levels")->source(), "experiment.levels", "levels must be even");

  Params start = ex.base;  // where every run starts: the base with the [fixed] settings
  std::vector<toml::source_region> fixed_at;
  if (const toml::node* xn = root.get("fixed")) {
    if (const auto* xt = xn->as_table()) load_fixed(is, *xt, ex, start, fixed_at);
    else is.add(xn->source(), "fixed", "expected a table [fixed] of parameter path = value");
  }
  std::vector<FactorAt> factors;
  if (const toml::node* fn = root.get("factor")) {
    const auto* arr = fn->as_array();
    if (!arr || !arr->is_array_of_tables()) {
      is.add(fn->source(), "factor", "expected [[factor]] tables");
    } else {
      for (std::size_t i = 0; i < arr->size(); ++i)
        load_factor(is, *arr->get(i)->as_table(), i, ex, start, factors);
    }
  }
  for (const FactorAt& f : factors) ex.factors.push_back(f.f);
  for (std::size_t i = 0; i < ex.fixed.size(); ++i)
    for (const FactorAt& f : factors)
      if (f.f.path == ex.fixed[i].path)
        is.add(fixed_at[i], "fixed." + ex.fixed[i].path,
               quote_text(ex.fixed[i].path) + " is both held fixed and varied by factor[" + std::to_string(f.index) +
                   "]; keep one");
  if (ex.factors.empty() && ex.design != DesignKind::grid)
    is.add(et->source(), "factor", "morris, sobol and lhs designs need at least one [[factor]]");

  std::vector<std::string> names;
  for (const IndicatorField& f : indicator_fields()) names.emplace_back(f.name);
  for (const std::string& d : default_indicators())
    ex.indicators.push_back(static_cast<int>(std::find(names.begin(), names.end(), d) - names.begin()));
  ex.summary_step = ex.steps;
  if (const toml::node* on = root.get("output")) {
    if (const auto* ot = on->as_table()) load_output(is, *ot, ex);
    else is.add(on->source(), "output", "expected a table [output]");
  }
  if (const toml::node* mn = root.get("moment")) load_moments(is, *mn, ex);
  check_columns(is, ex, factors);
  if (!is.list.empty()) throw ConfigError(std::move(is.list));
  return ex;
}

Experiment load_experiment(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    throw ConfigError({ConfigIssue{path, 0, 0, "", "cannot open experiment file: no such file"}});
  return parse_experiment(read_config_text(path, "experiment file"), path, fs::path(path).parent_path().string());
}

}  // namespace cs::sweep
