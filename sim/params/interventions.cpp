// Rules on `[[intervention]]` tables that the generic schema cannot express.
#include <algorithm>
#include <string>

#include "params/expand.hpp"
#include "params/load.hpp"
#include "params/params.hpp"

namespace cs {

namespace {

std::string list(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

bool known(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

std::string intervention_key_problem(std::string_view kind, std::string_view key) {
  const auto kinds = intervention_key_kinds(key);
  if (kinds.empty() || !known(intervention_kinds(), std::string(kind))) return "";
  if (std::find(kinds.begin(), kinds.end(), kind) != kinds.end()) return "";
  std::string msg = "key '" + std::string(key) + "' does not apply to kind '" + std::string(kind) +
                    "' (it belongs to ";
  for (std::size_t i = 0; i < kinds.size(); ++i) msg += (i ? " or " : "") + std::string(kinds[i]);
  return msg + ")";
}

std::vector<std::pair<std::string, std::string>> intervention_problems(const Params& p) {
  std::vector<std::pair<std::string, std::string>> out;
  const auto& iv = p.interventions;
  // Cluster indices refer to the expanded list (replicas, national mode; params/expand.hpp).
  const long long n_clusters = cluster_totals(p).clusters;
  for (std::size_t i = 0; i < iv.size(); ++i) {
    const std::string pre = "intervention[" + std::to_string(i) + "].";
    const auto& x = iv[i];
    if (x.kind.empty())
      out.emplace_back(pre + "kind", "missing kind (valid kinds: " + list(intervention_kinds()) + ")");
    else if (!known(intervention_kinds(), x.kind))
      out.emplace_back(pre + "kind", "unknown intervention kind '" + x.kind + "'" +
                                         did_you_mean(suggest(x.kind, intervention_kinds())) +
                                         " (valid kinds: " + list(intervention_kinds()) + ")");
    if (!known(intervention_targets(), x.target))
      out.emplace_back(pre + "target", "unknown target '" + x.target + "'" +
                                           did_you_mean(suggest(x.target, intervention_targets())) +
                                           " (valid: " + list(intervention_targets()) + ")");
    if (x.end >= 0 && x.end <= x.start)
      out.emplace_back(pre + "start, " + pre + "end",
                       pre + "end (" + std::to_string(x.end) + ") must be > " + pre + "start (" +
                           std::to_string(x.start) + "), or -1 for 'until implementation ends'");
    // The window must open within the programme, or the intervention never runs.
    const ProgrammeParams& g = p.programme;
    const int impl = implementation_start(g), exit = programme_exit(g);
    if (x.enabled && x.end < 0 && x.start >= g.implementation_months)
      out.emplace_back(pre + "start", "starts at month " + std::to_string(x.start) +
                                          " of implementation, but implementation lasts " +
                                          std::to_string(g.implementation_months) +
                                          " months (programme.implementation_months) and end = -1 stops it "
                                          "there: it would never run");
    else if (x.enabled && x.end >= 0 && impl + x.start >= exit)
      out.emplace_back(pre + "start", "starts at month " + std::to_string(x.start) +
                                          " of implementation, after the programme exits (month " +
                                          std::to_string(exit - impl) + " of implementation): it would never run");
    if (x.cluster >= n_clusters)
      out.emplace_back(pre + "cluster", "cluster " + std::to_string(x.cluster) + " does not exist (the scenario has " +
                                            std::to_string(n_clusters) + ", replicas counted)");
    if (x.rated_clusters > 0 && x.cluster >= 0)
      out.emplace_back(pre + "rated_clusters", "rated_clusters chooses clusters by rating: it needs cluster = -1");
    // Allocation by rating splits the budget among the selected clusters' firms: only kinds whose
    // money reaches targeted firms through their purse can be split.
    static const std::vector<std::string> rated_kinds{"tech_upgradation",  "credit_guarantee", "bds_development",
                                                      "energy_efficiency", "skills_training",  "quality_certification"};
    if (x.rated_clusters > 0 && known(intervention_kinds(), x.kind) && !known(rated_kinds, x.kind))
      out.emplace_back(pre + "rated_clusters", "rated_clusters splits the budget among the selected clusters' firms; kind '" +
                                                   x.kind + "' does not spend on targeted firms (rated kinds: " +
                                                   list(rated_kinds) + ")");
    if (x.kind == "cda") {
      const double sum = x.priority_diagnostic + x.priority_meetings + x.priority_brokering +
                         x.priority_spv + x.priority_bds;
      if (sum > 1 + 1e-9)
        out.emplace_back(pre + "priority_diagnostic", "the five CDA priorities sum to " + std::to_string(sum) +
                                                          ", more than 1");
    }
    if (x.kind == "cfc" && x.cluster < 0 && n_clusters > 1)
      out.emplace_back(pre + "cluster", "a cfc serves one cluster: set cluster (0 to " +
                                            std::to_string(n_clusters - 1) + ")");
    // Two enabled interventions of one kind may not overlap in the same cluster: each kind
    // drives one set of levers.
    if (!x.enabled) continue;
    for (std::size_t j = 0; j < i; ++j) {
      const auto& y = iv[j];
      if (!y.enabled || y.kind != x.kind) continue;
      if (x.cluster >= 0 && y.cluster >= 0 && x.cluster != y.cluster) continue;
      const long xe = x.end < 0 ? 1L << 40 : x.end, ye = y.end < 0 ? 1L << 40 : y.end;
      if (x.start < ye && y.start < xe)
        out.emplace_back(pre + "start", "overlaps intervention[" + std::to_string(j) + "] of the same kind '" +
                                            x.kind + "' in the same cluster; one kind runs one at a time");
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> intervention_run_problems(const Params& p) {
  std::vector<std::pair<std::string, std::string>> out;
  const int impl = implementation_start(p.programme);
  for (std::size_t i = 0; i < p.interventions.size(); ++i) {
    const auto& x = p.interventions[i];
    const int first = impl + x.start;
    if (!x.enabled || first <= p.run.steps) continue;
    // A window that opens after implementation or after exit is reported by intervention_problems.
    if (x.end < 0 ? x.start >= p.programme.implementation_months : first >= programme_exit(p.programme)) continue;
    out.emplace_back("intervention[" + std::to_string(i) + "].start",
                     "starts at step " + std::to_string(first) + " (implementation begins at step " +
                         std::to_string(impl) + ", plus start = " + std::to_string(x.start) +
                         "), after the run's last step (run.steps = " + std::to_string(p.run.steps) +
                         "): it would never run");
  }
  return out;
}

}  // namespace cs
