#include "moments/aggregate.hpp"

#include <limits>
#include <string>

namespace cs::moments {

namespace {

struct Named {
  const char* name;
  AggregationRule rule;
};

constexpr AggregationRule kSum{Aggregation::sum, ""};
constexpr AggregationRule kNone{Aggregation::none, ""};
constexpr AggregationRule by(const char* weight) { return {Aggregation::weighted_mean, weight}; }

// Every indicator, by what it is: a count or flow (summed), a ratio or mean (weighted by its
// denominator, so the total is the ratio of sums), or a statistic of a distribution (no total).
// exits_share is a count of exits for the share rule, not a share.
const Named kRules[] = {
    {"firms", kSum}, {"micro", kSum}, {"small", kSum}, {"medium", kSum}, {"large", kSum},
    {"entries", kSum}, {"exits", kSum}, {"exits_share", kSum}, {"exits_insolvent", kSum}, {"exits_npa", kSum},
    {"employment", kSum}, {"output", kSum}, {"turnover", kSum}, {"exports", kSum},
    {"export_share", by("turnover")}, {"exporters", kSum},
    {"exporter_size_ratio", kNone}, {"exporter_prod_ratio", kNone}, {"certified", kSum},
    {"orders_arrived", kSum}, {"orders_awarded", kSum}, {"orders_failed", kSum}, {"visibility", by("firms")},
    {"consortia", kSum}, {"consortium_firms", kSum}, {"subcontracted", kSum}, {"subcontractors", kSum},
    {"demand", kSum}, {"foreign_demand", kSum}, {"unfilled_share", by("demand")},
    {"prod_mean", by("employment")}, {"prod_p90_p10", kNone}, {"frontier", by("firms")},
    {"near_frontier_share", by("firms")}, {"quality_mean", by("firms")},
    {"price_mean", by("turnover")}, {"input_price", by("firms")}, {"wage", by("employment")},
    {"markup_mean", by("turnover")}, {"margin", by("turnover")}, {"profit_rate", by("turnover")},
    {"credit", kSum}, {"informal_credit", kSum}, {"rationed_share", by("firms")}, {"npa_ratio", by("credit")},
    {"new_npas", kSum}, {"links", kSum}, {"mean_degree", by("firms")}, {"trust_mean", by("links")},
    {"bds_providers", kSum}, {"bds_transactions", kSum}, {"bds_spending", kSum},
    {"association_members", kSum}, {"association_effectiveness", by("firms")}, {"association_rating", by("firms")},
    {"cda_hours_used", kSum}, {"cfc_open", kSum}, {"cfc_utilisation", by("cfc_open")}, {"cfc_balance", kSum},
    {"cfc_users", kSum}, {"energy", kSum}, {"emissions", kSum}, {"emissions_intensity", by("turnover")},
    {"gini_employment", kNone}, {"hhi", kNone}, {"cash", kSum}, {"net_worth", kSum},
    {"programme_phase", kNone}, {"programme_spending", kSum}, {"subsidies", kSum}, {"guarantee_claims", kSum},
    {"guarantee_fees", kSum}, {"vouchers", kSum}, {"audits", kSum}, {"trained", kSum}, {"fair_firms", kSum},
    {"fair_links", kSum}, {"consortium_grants", kSum},
};

}  // namespace

AggregationRule aggregation_of(std::string_view name) {
  for (const Named& n : kRules)
    if (name == n.name) return n.rule;
  return {};
}

int indicator_index(std::string_view name) {
  const auto f = indicator_fields();
  for (std::size_t i = 0; i < f.size(); ++i)
    if (name == f[i].name) return static_cast<int>(i);
  return -1;
}

std::vector<std::string> indicator_names() {
  std::vector<std::string> v;
  for (const IndicatorField& f : indicator_fields()) v.emplace_back(f.name);
  return v;
}

double indicator_value(const std::vector<Indicators>& row, int field, int cluster) {
  const auto fields = indicator_fields();
  const auto member = fields[static_cast<std::size_t>(field)].member;
  if (cluster >= 0) return row.at(static_cast<std::size_t>(cluster)).*member;
  if (row.size() == 1) return row[0].*member;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const AggregationRule r = aggregation_of(fields[static_cast<std::size_t>(field)].name);
  switch (r.how) {
    case Aggregation::sum: {
      double s = 0;
      for (const Indicators& x : row) s += x.*member;
      return s;
    }
    case Aggregation::weighted_mean: {
      const auto weight = fields[static_cast<std::size_t>(indicator_index(r.weight))].member;
      double num = 0, den = 0;
      for (const Indicators& x : row) {
        num += x.*member * x.*weight;
        den += x.*weight;
      }
      return den > 0 ? num / den : nan;
    }
    default: return nan;
  }
}

}  // namespace cs::moments
