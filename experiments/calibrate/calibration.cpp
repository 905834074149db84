// Loading calibration files (toml++). Problems are collected with file, line, column and key and
// thrown together in one ConfigError, as the scenario and experiment loaders do.
#include "calibrate/calibration.hpp"

#include "policies/programme.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "moments/parse.hpp"
#include "params/expand.hpp"
#include "params/load.hpp"
#include "params/overlay.hpp"
#include "policies/programme.hpp"
#include "sweep/experiment.hpp"
#include "sweep/names.hpp"

namespace cs::calib {

namespace fs = std::filesystem;
using moments::IssueList;
using moments::number;

const std::vector<std::string>& global_algorithms() {
  static const std::vector<std::string> v{"GN_CRS2_LM", "GN_ISRES", "GN_DIRECT_L", "GN_DIRECT",
                                          "GN_DIRECT_L_RAND", "GN_ESCH", "none"};
  return v;
}

const std::vector<std::string>& local_algorithms() {
  static const std::vector<std::string> v{"LN_NELDERMEAD", "LN_BOBYQA", "LN_SBPLX", "LN_COBYLA", "none"};
  return v;
}

double to_value(const Parameter& p, double u) {
  u = std::clamp(u, 0.0, 1.0);
  double v = p.log ? std::exp(std::log(p.min) + u * (std::log(p.max) - std::log(p.min))) : p.min + u * (p.max - p.min);
  v = std::clamp(v, p.min, p.max);  // exp(log(max)) may round above max
  return p.integer ? std::round(v) : v;
}

double to_unit(const Parameter& p, double v) {
  const double u = p.log ? (std::log(v) - std::log(p.min)) / (std::log(p.max) - std::log(p.min))
                         : (v - p.min) / (p.max - p.min);
  return std::clamp(u, 0.0, 1.0);
}

std::vector<double> to_values(const Calibration& c, const std::vector<double>& u) {
  std::vector<double> v(u.size());
  for (std::size_t j = 0; j < u.size(); ++j) v[j] = to_value(c.parameters[j], u[j]);
  return v;
}

Params run_params(const Calibration& c, const std::vector<double>& values, int rep) {
  Params p = c.base;
  for (std::size_t j = 0; j < c.parameters.size(); ++j)
    apply_override(p, c.parameters[j].path, sweep::format_value(values[j]));
  p.run.steps = c.steps;
  p.run.seed = sweep::replication_seed(c.seed, rep);
  std::vector<ConfigIssue> issues = validate(p, c.file);
  if (!issues.empty()) throw ConfigError(std::move(issues));
  return p;
}

std::vector<moments::Moment> target_moments(const Calibration& c) {
  std::vector<moments::Moment> m;
  for (const Target& t : c.targets) m.push_back(t.moment);
  return m;
}

namespace {

std::string read_file(const std::string& path, const char* what) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) throw ConfigError({ConfigIssue{path, 0, 0, "", std::string("cannot open ") + what + ": no such file"}});
  return read_config_text(path, what);
}

int int_key(IssueList& is, const toml::table& t, const std::string& key, int dflt, long long lo, long long hi) {
  const toml::node* n = t.get(key);
  if (!n) return dflt;
  const auto* i = n->as_integer();
  if (!i || i->get() < lo || i->get() > hi) {
    is.add(n->source(), "calibration." + key,
           "expected an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
    return dflt;
  }
  return static_cast<int>(i->get());
}

std::string algorithm_key(IssueList& is, const toml::table& t, const std::string& key, const std::string& dflt,
                          const std::vector<std::string>& allowed) {
  const toml::node* n = t.get(key);
  if (!n) return dflt;
  const auto* s = n->as_string();
  if (!s || std::find(allowed.begin(), allowed.end(), s->get()) == allowed.end()) {
    std::string list;
    for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
    is.add(n->source(), "calibration." + key,
           "expected one of " + list + (s ? did_you_mean(suggest(s->get(), allowed)) : std::string()));
    return dflt;
  }
  return s->get();
}

void load_parameter(IssueList& is, const toml::table& t, std::size_t idx, Calibration& c) {
  const std::string prefix = "parameter[" + std::to_string(idx) + "].";
  moments::check_keys(is, t, prefix, {"path", "min", "max", "scale", "start"});
  Parameter p;
  const toml::node* pn = t.get("path");
  if (!pn || !pn->as_string()) {
    is.add(pn ? pn->source() : t.source(), prefix + "path", "expected a dotted parameter path, e.g. path = \"finance.ltv\"");
    return;
  }
  p.path = pn->as_string()->get();
  const auto where = pn->source();
  if (p.path == "run.seed" || p.path == "run.steps") {
    is.add(where, prefix + "path", quote_text(p.path) + " is set by the calibration ([calibration] seed / steps)");
    return;
  }
  const sweep::ParamType type = sweep::param_type(p.path);
  if (type == sweep::ParamType::unknown || type == sweep::ParamType::text) {
    Params probe = c.base;
    try {
      apply_override(probe, p.path, "0");
      is.add(where, prefix + "path", quote_text(p.path) + " cannot be calibrated (not a numeric parameter)");
    } catch (const ConfigError& e) {
      for (const ConfigIssue& i : e.issues()) is.add(where, prefix + "path", i.message);
    }
    return;
  }
  p.integer = type == sweep::ParamType::integer;
  const toml::node* lo = t.get("min");
  const toml::node* hi = t.get("max");
  const auto a = lo ? number(*lo) : std::nullopt;
  const auto b = hi ? number(*hi) : std::nullopt;
  if (!a || !b) {
    is.add((lo && !a) ? lo->source() : (hi && !b) ? hi->source() : t.source(), prefix + (a ? "max" : "min"),
           "expected numbers min and max (the bounds searched)");
    return;
  }
  p.min = *a;
  p.max = *b;
  bool ok = true;
  if (!(p.min < p.max)) {
    is.add(lo->source(), prefix + "min", "min must be < max");
    ok = false;
  }
  if (const toml::node* sn = t.get("scale")) {
    const auto* s = sn->as_string();
    if (s && (s->get() == "linear" || s->get() == "log")) p.log = s->get() == "log";
    else is.add(sn->source(), prefix + "scale", "expected scale = \"linear\" or \"log\"");
  }
  if (p.log && !(p.min > 0)) {
    is.add(lo->source(), prefix + "min", "a log scale needs min > 0");
    ok = false;
  }
  if (const toml::node* st = t.get("start")) {
    const auto v = number(*st);
    if (!v || !(*v >= p.min && *v <= p.max)) is.add(st->source(), prefix + "start", "expected a number within [min, max]");
    else p.start = *v;
  }
  for (const auto& [n, v] : {std::pair{lo, p.min}, std::pair{hi, p.max}}) {
    Params probe = c.base;
    try {
      apply_override(probe, p.path, sweep::format_value(v));
    } catch (const ConfigError& e) {
      for (const ConfigIssue& i : e.issues()) is.add(n->source(), prefix + (n == lo ? "min" : "max"), i.message);
      ok = false;
    }
  }
  for (const Parameter& q : c.parameters)
    if (q.path == p.path) {
      is.add(where, prefix + "path", "parameter " + quote_text(p.path) + " is given twice");
      ok = false;
    }
  if (ok) c.parameters.push_back(std::move(p));
}

void load_targets(IssueList& is, const toml::node& tn, Calibration& c) {
  const auto* arr = tn.as_array();
  if (!arr || !arr->is_array_of_tables()) {
    is.add(tn.source(), "target", "expected [[target]] tables");
    return;
  }
  const moments::MomentContext ctx{c.steps, cluster_totals(c.base).clusters};
  const std::size_t first = c.targets.size();  // targets of the calibration file come first
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const toml::table& t = *arr->get(i)->as_table();
    const std::string prefix = "target[" + std::to_string(first + i) + "].";
    auto m = moments::parse_moment(is, t, prefix, ctx, {"value", "se", "rel_se", "weight", "source"});
    Target tg;
    const toml::node* vn = t.get("value");
    const auto v = vn ? number(*vn) : std::nullopt;
    if (!v || !std::isfinite(*v)) is.add(vn ? vn->source() : t.source(), prefix + "value", "expected value = the observed figure (a number)");
    else tg.value = *v;
    int given = 0;
    for (const char* k : {"se", "rel_se", "weight"}) {
      const toml::node* n = t.get(k);
      if (!n) continue;
      ++given;
      const auto x = number(*n);
      if (!x || !(*x > 0) || !std::isfinite(*x)) {
        is.add(n->source(), prefix + k, "expected a positive number");
        continue;
      }
      tg.se_from = k;
      tg.se = std::string(k) == "se" ? *x : std::string(k) == "weight" ? 1.0 / std::sqrt(*x) : *x * std::fabs(tg.value);
      if (std::string(k) == "rel_se" && !(tg.se > 0)) is.add(n->source(), prefix + k, "rel_se needs a non-zero value");
    }
    if (given != 1) is.add(t.source(), prefix + "se", "give exactly one of se, rel_se (se = rel_se x |value|) or weight");
    if (const toml::node* sn = t.get("source")) {
      if (const auto* s = sn->as_string()) tg.source = s->get();
      else is.add(sn->source(), prefix + "source", "expected a string: title, author or body, year");
    }
    if (m) {
      for (const Target& o : c.targets)
        if (o.moment.name == m->name) is.add(t.get("name")->source(), prefix + "name", "target name " + quote_text(m->name) + " is used twice");
      tg.moment = std::move(*m);
      c.targets.push_back(std::move(tg));
    }
  }
}

Calibration parse(const std::string& text, const std::string& source) {
  const toml::table root = overlay::parse_toml(text, source);
  IssueList is{source, {}};
  Calibration c;
  c.file = source;
  c.text = text;
  const std::string dir = fs::path(source).parent_path().string();
  moments::check_keys(is, root, "", {"calibration", "parameter", "target"});
  const toml::table* ct = root["calibration"].as_table();
  if (!ct) throw ConfigError({ConfigIssue{source, 1, 1, "calibration", "missing table [calibration]"}});
  moments::check_keys(is, *ct, "calibration.",
                      {"name", "description", "base", "programme", "steps", "replications", "seed", "optimizer",
                       "local", "global_evals", "local_evals", "xtol", "jacobian_step", "targets"});
  const toml::node* nn = ct->get("name");
  c.name = nn && nn->as_string() ? nn->as_string()->get() : fs::path(source).stem().string();
  const toml::node* bn = ct->get("base");
  if (!bn || !bn->as_string())
    throw ConfigError({ConfigIssue{source, static_cast<int>(ct->source().begin.line), 1, "calibration.base",
                                   "expected base = \"path/to/scenario.toml\" (relative to this file)"}});
  const fs::path bp(bn->as_string()->get());
  c.base_file = (bp.is_absolute() ? bp : fs::path(dir) / bp).lexically_normal().string();
  c.base = load_params(c.base_file);  // the scenario's own problems, with its own file name
  if (const toml::node* n = ct->get("programme")) {
    // Targets describe a cluster as it is: a library scenario is calibrated without its programme.
    if (!n->as_boolean()) is.add(n->source(), "calibration.programme", "expected true or false");
    else c.programme = n->as_boolean()->get();
  }
  if (!c.programme) c.base = policies::baseline_of(c.base);

  c.steps = int_key(is, *ct, "steps", c.base.run.steps, 1, 30000);
  c.replications = int_key(is, *ct, "replications", 4, 1, 100000);
  if (const toml::node* n = ct->get("seed")) {
    const auto* i = n->as_integer();
    if (!i || i->get() < 0) is.add(n->source(), "calibration.seed", "expected a non-negative integer");
    else c.seed = static_cast<std::uint64_t>(i->get());
  }
  c.optimizer = algorithm_key(is, *ct, "optimizer", c.optimizer, global_algorithms());
  c.local = algorithm_key(is, *ct, "local", c.local, local_algorithms());
  c.global_evals = int_key(is, *ct, "global_evals", c.global_evals, 1, 10000000);
  c.local_evals = int_key(is, *ct, "local_evals", c.local_evals, 1, 10000000);
  for (auto [key, field] : {std::pair{"xtol", &c.xtol}, std::pair{"jacobian_step", &c.jacobian_step}})
    if (const toml::node* n = ct->get(key)) {
      const auto x = number(*n);
      if (!x || !(*x > 0 && *x <= 0.5)) is.add(n->source(), std::string("calibration.") + key, "expected a number in (0, 0.5] (unit-cube coordinates)");
      else *field = *x;
    }

  if (const toml::node* pn = root.get("parameter")) {
    const auto* arr = pn->as_array();
    if (!arr || !arr->is_array_of_tables()) is.add(pn->source(), "parameter", "expected [[parameter]] tables");
    else
      for (std::size_t i = 0; i < arr->size(); ++i) load_parameter(is, *arr->get(i)->as_table(), i, c);
  }
  if (!root.get("parameter")) is.add(ct->source(), "parameter", "a calibration needs at least one [[parameter]]");

  if (const toml::node* tn = root.get("target")) load_targets(is, *tn, c);
  std::vector<ConfigIssue> issues = std::move(is.list);
  if (const toml::node* tf = ct->get("targets")) {
    if (!tf->as_string()) {
      issues.push_back(ConfigIssue{source, static_cast<int>(tf->source().begin.line), static_cast<int>(tf->source().begin.column),
                                   "calibration.targets", "expected targets = \"targets.toml\" (relative to this file)"});
    } else {
      const fs::path tp(tf->as_string()->get());
      c.targets_file = (tp.is_absolute() ? tp : fs::path(dir) / tp).lexically_normal().string();
      try {
        const std::string ttext = read_file(c.targets_file, "targets file");
        c.text += "\n-- targets --\n" + ttext;
        const toml::table troot = overlay::parse_toml(ttext, c.targets_file);
        IssueList tis{c.targets_file, {}};
        moments::check_keys(tis, troot, "", {"target"});
        if (const toml::node* tn = troot.get("target")) load_targets(tis, *tn, c);
        issues.insert(issues.end(), tis.list.begin(), tis.list.end());
      } catch (const ConfigError& e) {
        issues.push_back(ConfigIssue{source, static_cast<int>(tf->source().begin.line), static_cast<int>(tf->source().begin.column),
                                     "calibration.targets", e.issues().front().to_string()});
      }
    }
  }
  if (c.targets.empty() && issues.empty())
    issues.push_back(ConfigIssue{source, static_cast<int>(ct->source().begin.line), 1, "target",
                                 "a calibration needs at least one [[target]] (here or in a targets file)"});
  if (!issues.empty()) throw ConfigError(std::move(issues));
  // The bounds of every parameter together must pass the cross-field rules at the start point.
  std::vector<double> u;
  for (const Parameter& p : c.parameters) u.push_back(p.start ? to_unit(p, *p.start) : 0.5);
  run_params(c, to_values(c, u), 0);
  return c;
}

}  // namespace

Calibration load_calibration(const std::string& path) {
  return parse(read_file(path, "calibration file"), path);
}

}  // namespace cs::calib
