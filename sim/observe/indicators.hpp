#pragma once
// Indicators of one cluster for one step (MODEL.md section 11, for what the model has now).
// The list `indicator_fields()` names every column; writers and the UI read it, never the struct.
#include <cstddef>
#include <span>

namespace cs {

struct Indicators {
  double firms = 0, micro = 0, small = 0, medium = 0, large = 0;
  double entries = 0, exits = 0, exits_share = 0, exits_insolvent = 0, exits_npa = 0;
  double employment = 0, output = 0, turnover = 0, exports = 0, export_share = 0;
  double exporters = 0, exporter_size_ratio = 0, exporter_prod_ratio = 0, certified = 0;
  double orders_arrived = 0, orders_awarded = 0, orders_failed = 0, visibility = 0;
  double consortia = 0, consortium_firms = 0, subcontracted = 0, subcontractors = 0;
  double demand = 0, foreign_demand = 0, unfilled_share = 0;
  double prod_mean = 0, prod_p90_p10 = 0, frontier = 0, near_frontier_share = 0;
  double quality_mean = 0;
  double price_mean = 0, input_price = 0, wage = 0, markup_mean = 0, margin = 0, profit_rate = 0;
  double credit = 0, informal_credit = 0, rationed_share = 0, npa_ratio = 0, new_npas = 0;
  double links = 0, mean_degree = 0, trust_mean = 0;
  double bds_providers = 0, bds_transactions = 0, bds_spending = 0;
  double association_members = 0, association_effectiveness = 0, association_rating = 0;
  double cda_hours_used = 0, cfc_open = 0, cfc_utilisation = 0, cfc_balance = 0, cfc_users = 0;
  double energy = 0, emissions = 0, emissions_intensity = 0;
  double gini_employment = 0, hhi = 0;
  double cash = 0, net_worth = 0;
  double programme_phase = -1, programme_spending = 0, subsidies = 0, guarantee_claims = 0;
  double guarantee_fees = 0, vouchers = 0, audits = 0, trained = 0, fair_firms = 0, fair_links = 0;
  double consortium_grants = 0;
};

/// A named column of Indicators.
struct IndicatorField {
  const char* name;
  double Indicators::*member;
  const char* doc;  ///< meaning and unit
};

/// Every indicator column, in output order.
std::span<const IndicatorField> indicator_fields();

}  // namespace cs
