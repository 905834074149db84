#include "sweep/lock.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>

#include "core/version.hpp"
#include "observe/indicators.hpp"
#include "params/load.hpp"
#include "runner/output.hpp"
#include "sweep/assemble.hpp"
#include "sweep/names.hpp"

namespace cs::sweep {

namespace fs = std::filesystem;

namespace {

std::string join(const std::vector<std::string>& items, const char* sep, const char* none = "none") {
  if (items.empty()) return none;
  std::string s;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) s += sep;
    s += items[i];
  }
  return s;
}

std::string numbers(const std::vector<double>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) s += ", ";
    s += format_number(v[i]);
  }
  return s + "]";
}

/// One line: a value never spans lines of the lock file.
std::string one_line(std::string s) {
  std::replace(s.begin(), s.end(), '\n', ' ');
  std::replace(s.begin(), s.end(), '\r', ' ');
  return s;
}

std::string shorten(const std::string& s) { return s.size() <= 100 ? s : s.substr(0, 97) + "..."; }

std::string label(const std::string& key) {
  if (key == "base") return "base (the resolved base scenario, hashed)";
  if (key == "version") return "version (of the program)";
  return key;
}

}  // namespace

std::string Lock::text() const {
  std::string t = "# ClusterSim sweep lock: the sweep the runs in this directory belong to. --resume needs\n"
                  "# every setting below unchanged but replications, which may be raised or lowered.\n"
                  "experiment = " + experiment + "\n";
  for (const auto& [k, v] : settings) t += k + " = " + v + "\n";
  return t + "replications = " + std::to_string(replications) + "\npoints = " + std::to_string(points) + "\n";
}

Lock make_lock(const Experiment& ex, std::size_t points) {
  char h[17];
  std::snprintf(h, sizeof h, "%016llx", static_cast<unsigned long long>(fnv1a(to_toml(ex.base))));
  std::vector<std::string> fixed, factors, indicators, moments;
  for (const FixedSetting& s : ex.fixed) fixed.push_back(s.path + " = " + (s.text ? json_string(s.value) : s.value));
  for (const Factor& f : ex.factors)
    factors.push_back(f.path + (ex.design == DesignKind::grid ? " = " + numbers(f.values)
                                                                : " in " + numbers({f.min, f.max})));
  for (int i : ex.indicators) indicators.emplace_back(indicator_fields()[i].name);
  for (const moments::Moment& m : ex.moments) moments.push_back(m.name + ": " + moments::definition(m));
  const StepSelection& k = ex.keep_steps;
  std::vector<double> list(k.list.begin(), k.list.end());
  const std::string steps = k.mode == StepSelection::Mode::all     ? "all"
                            : k.mode == StepSelection::Mode::every ? "every " + std::to_string(k.every)
                                                                   : numbers(list);
  Lock l;
  l.experiment = fs::absolute(ex.file).lexically_normal().string();
  l.settings = {{"version", std::string(version()) + " (git " + git_commit() + ")"},
                {"base", h},
                {"fixed", join(fixed, "; ")},
                {"factor", join(factors, "; ")},
                {"experiment.design", design_name(ex.design)},
                {"experiment.steps", std::to_string(ex.steps)},
                {"experiment.seed", std::to_string(ex.seed)},
                {"experiment.samples", std::to_string(ex.samples)},
                {"experiment.trajectories", std::to_string(ex.trajectories)},
                {"experiment.levels", std::to_string(ex.levels)},
                {"output.indicators", join(indicators, ", ")},
                {"output.steps", steps},
                {"output.summary_step", std::to_string(ex.summary_step)},
                {"moment", join(moments, "; ")}};
  // Only when given, so that the locks of sweeps without it stay valid. It changes summary.csv
  // alone, but a finished sweep is not assembled again by --resume: a change must be seen.
  if (ex.reference >= 0) l.settings.emplace_back("output.reference", std::to_string(ex.reference));
  for (auto& [key, value] : l.settings) value = one_line(value);
  l.replications = ex.replications;
  l.points = points;
  return l;
}

std::optional<Lock> read_lock(const fs::path& dir) {
  std::ifstream in(dir / kLockFile);
  if (!in) return std::nullopt;
  Lock l;
  for (std::string line; std::getline(in, line);) {
    const auto eq = line.find(" = ");
    if (line.empty() || line[0] == '#' || eq == std::string::npos) continue;
    const std::string key = line.substr(0, eq), value = line.substr(eq + 3);
    if (key == "experiment") l.experiment = value;
    else if (key == "replications") l.replications = std::atoi(value.c_str());
    else if (key == "points") l.points = std::strtoull(value.c_str(), nullptr, 10);
    else l.settings.emplace_back(key, value);
  }
  return l;
}

std::string lock_changes(const Lock& old, const Lock& now) {
  std::vector<std::string> changed;
  for (const auto& [key, value] : now.settings) {
    const auto it = std::find_if(old.settings.begin(), old.settings.end(), [&](const auto& s) { return s.first == key; });
    const std::string was = it == old.settings.end() ? "not recorded" : it->second;
    if (was != value) changed.push_back(label(key) + " (" + shorten(was) + ", now " + shorten(value) + ")");
  }
  return join(changed, "; ", "");
}

}  // namespace cs::sweep
