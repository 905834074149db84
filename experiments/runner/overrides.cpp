#include "runner/overrides.hpp"

namespace cs {

void apply_sets(Params& p, const std::vector<std::string>& sets, std::vector<ConfigIssue>& issues) {
  for (const std::string& s : sets) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0) {
      issues.push_back({"--set", 0, 0, s, "expected KEY=VALUE, e.g. market.wage=0.2"});
      continue;
    }
    try {
      apply_override(p, s.substr(0, eq), s.substr(eq + 1));
    } catch (const ConfigError& e) {
      issues.insert(issues.end(), e.issues().begin(), e.issues().end());
    }
  }
}

}  // namespace cs
