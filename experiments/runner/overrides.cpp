#include "runner/overrides.hpp"

namespace cs {

void apply_sets(Params& p, const std::vector<std::string>& sets, std::vector<ConfigIssue>& issues) {
  const std::size_t first = issues.size();
  for (std::size_t k = 0; k < sets.size(); ++k) {
    // As for a file: past the limit, the rest is counted, not checked (each unknown key costs a
    // "did you mean" over every path; 70,000 of them took seconds).
    if (issues.size() - first >= InputLimits::problems) {
      issues.push_back({"--set", 0, 0, "",
                        "... and " + std::to_string(sets.size() - k) + " more overrides not checked (the first " +
                            std::to_string(InputLimits::problems) + " problems are listed)"});
      return;
    }
    const std::string& s = sets[k];
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
