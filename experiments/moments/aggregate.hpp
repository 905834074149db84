#pragma once
// Indicators totalled over the clusters of a run. Extensive indicators (counts, flows, stocks)
// are summed; a ratio or mean is recomputed as the mean of the clusters' values weighted by its
// own denominator (margin by turnover, prod_mean by employment, trust_mean by links, ...), which
// equals the ratio of the summed numerator and denominator; distribution statistics (90/10,
// Gini, HHI, the exporter ratios) and the programme phase have no total: a moment reads them per
// cluster (`cluster = k`) or uses the firm-level statistics of moments/statistics.hpp instead.
#include <string>
#include <string_view>
#include <vector>

#include "observe/indicators.hpp"

namespace cs::moments {

/// How an indicator is totalled over clusters.
enum class Aggregation { sum, weighted_mean, none, unclassified };

struct AggregationRule {
  Aggregation how = Aggregation::unclassified;
  const char* weight = "";  ///< weighted_mean: the indicator that weights the clusters' values
};

/// The rule of the indicator `name`; `unclassified` for a name the table does not list (a test
/// checks that every name of indicator_fields() is listed).
AggregationRule aggregation_of(std::string_view name);

/// Index of `name` in indicator_fields(), -1 when unknown.
int indicator_index(std::string_view name);

/// Indicator `field` (index into indicator_fields()) of cluster `cluster`, or its total over all
/// clusters when `cluster` < 0. NaN when the indicator has no total (Aggregation::none), or when
/// the weights of a weighted mean sum to 0.
double indicator_value(const std::vector<Indicators>& row, int field, int cluster);

/// Every indicator name, in indicator_fields() order (for suggestions).
std::vector<std::string> indicator_names();

}  // namespace cs::moments
