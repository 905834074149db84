#include "fuzz_target.hpp"

#include <algorithm>
#include <exception>
#include <fstream>
#include <sstream>
#include <vector>

#include "calibrate/calibration.hpp"
#include "params/expand.hpp"
#include "params/load.hpp"
#include "policies/programme.hpp"
#include "runner/overrides.hpp"
#include "sweep/experiment.hpp"
#include "world.hpp"

namespace cs::fuzz {

namespace fs = std::filesystem;

const char* kind_name(Kind k) {
  switch (k) {
    case Kind::scenario: return "scenario";
    case Kind::set: return "set";
    case Kind::experiment: return "experiment";
    case Kind::calibration: return "calibration";
  }
  return "?";
}

namespace {

const char* kScenario =
    "# The base of fuzzed experiments and calibrations: small, so a valid input runs fast.\n"
    "[run]\nsteps = 12\nburn_in = 0\n\n[[cluster]]\nname = \"Fuzz\"\nfirms = 60\n";

const char* kTargets =
    "[[target]]\nname = \"micro_share\"\npanel = \"share\"\nemployees_below = 10\nat = 12\nvalue = 0.9\nse = 0.05\n"
    "[[target]]\nname = \"firms\"\nindicator = \"firms\"\nat = 12\nvalue = 60\nrel_se = 0.1\n";

void write(const fs::path& p, std::string_view text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

/// A clean rejection names where: a file (with a line for anything the file wrote), --set or
/// an option. An issue with neither file nor key would leave a user guessing.
bool clean(const ConfigError& e, std::string& detail) {
  if (e.issues().empty()) {
    detail = "ConfigError without issues";
    return false;
  }
  for (const ConfigIssue& i : e.issues())
    if (i.file.empty() && i.key.empty()) {
      detail = "issue naming neither file nor key: " + i.to_string();
      return false;
    }
  return true;
}

/// A valid scenario, cut to at most 6 months, 6 months of burn-in and 8 clusters of at most 60
/// firms (when it stays valid so cut), runs with its books checked every month.
bool run_short(Params p, std::string& detail) {
  p.run.steps = std::min(p.run.steps, 6);
  p.run.burn_in = std::min(p.run.burn_in, 6);
  if (p.clusters.size() > 8) p.clusters.resize(8);
  for (ClusterParams& c : p.clusters) {
    c.firms = std::min(c.firms, 60);
    c.replicas = std::min(c.replicas, 2);
  }
  const ClusterTotals t = cluster_totals(p);
  if (t.firms > 1000 || t.clusters > 16 || !validate(p).empty()) return true;
  World w = make_world(p);
  policies::attach_programme(w);
  for (int s = 0; s < p.run.steps; ++s) {
    step(w);
    if (auto problems = check_books(w); !problems.empty()) {
      detail = "books at month " + std::to_string(w.step) + ": " + problems.front();
      return false;
    }
  }
  return true;
}

}  // namespace

void prepare(const Env& env) {
  fs::create_directories(env.work);
  write(env.work / "scenario.toml", kScenario);
  write(env.work / "targets.toml", kTargets);
}

Outcome fuzz_one(const Env& env, Kind kind, std::string_view text, std::string& detail) {
  const fs::path input = env.work / "input.toml";
  try {
    switch (kind) {
      case Kind::scenario: {
        write(input, text);
        Params p = load_params(input.string());
        // The resolved configuration must read back as the same configuration.
        const std::string resolved = to_toml(p);
        try {
          if (to_toml(parse_params(resolved, "<resolved>")) != resolved) {
            detail = "to_toml does not read back as the same configuration";
            return Outcome::other_error;
          }
        } catch (const ConfigError& e) {
          detail = "the resolved configuration (to_toml) is rejected: " + std::string(e.what());
          return Outcome::other_error;
        }
        if (env.run_model && !run_short(std::move(p), detail)) return Outcome::books_failure;
        break;
      }
      case Kind::set: {
        // One KEY=VALUE per line, applied to the small scenario as `run --set` does.
        write(input, text);
        Params p = load_params((env.work / "scenario.toml").string());
        p.shocks.resize(1);
        std::vector<std::string> sets;
        std::istringstream in{std::string(text)};
        for (std::string line; std::getline(in, line);) sets.push_back(line);
        std::vector<ConfigIssue> issues;
        apply_sets(p, sets, issues);
        for (ConfigIssue& i : validate(p, "--set")) issues.push_back(std::move(i));
        if (!issues.empty()) throw ConfigError(std::move(issues));
        break;
      }
      case Kind::experiment:
        write(input, text);
        (void)sweep::load_experiment(input.string());
        break;
      case Kind::calibration:
        write(input, text);
        (void)calib::load_calibration(input.string());
        break;
    }
  } catch (const ConfigError& e) {
    if (!clean(e, detail)) return Outcome::other_error;
    detail = e.issues().front().to_string();
    return Outcome::rejected;
  } catch (const std::exception& e) {
    detail = std::string("exception: ") + e.what();
    return Outcome::other_error;
  }
  return Outcome::accepted;
}

}  // namespace cs::fuzz
