#pragma once
// Policy levers: the narrow interface through which interventions (policies/) act on the
// simulation. Money a phase spends for the programme goes through a Purse; fixed costs (the
// CDA's salary, fairs, construction) are paid by the programme itself in the policy phase. The policy phase resets them to the scenario's standing settings and then lets
// the programme, if any, set them for the month. Phases read them; only the policy phase and
// the spending calls (Purse::take) write them.
#include <cstdint>
#include <limits>
#include <vector>

#include "core/ledger.hpp"

namespace cs {

/// What programme money is spent on; one per intervention kind (MODEL.md section 10 order).
enum class Channel : std::uint8_t {
  tech_upgradation, credit_guarantee, credit_planning, cfc, bds_development, cda, consortia,
  export_promotion, twinning, energy_efficiency, skills_training, association_strengthening,
  quality_certification, infrastructure, count
};
inline constexpr std::size_t channel_count = static_cast<std::size_t>(Channel::count);

/// The account a channel pays from and what it may still spend this month. Phases spend only
/// through take(), so no channel ever spends more than its budget.
///
/// A purse may also hold a budget per cluster (a programme line allocated by rating,
/// policies/programme.cpp): then cluster c may spend at most cluster_left[c] of it this month,
/// and phases that know which cluster a payment is for use the overloads taking the cluster.
/// Without per-cluster budgets (cluster_left empty) the overloads are exactly the plain ones.
struct Purse {
  AccountId payer{static_cast<std::uint32_t>(Sector::programme)};  ///< paying account
  double left = std::numeric_limits<double>::infinity();          ///< may still spend this month, ₹ lakh
  double spent = 0;                                                ///< spent this month, ₹ lakh
  std::vector<double> cluster_left;   ///< per cluster: may still spend this month (empty: no per-cluster budgets)
  std::vector<double> cluster_spent;  ///< per cluster: spent this month (sized with cluster_left)
  /// Grants up to `amount` (>= 0) and records it; returns what was granted.
  double take(double amount) {
    const double g = amount < left ? amount : left;
    left -= g;
    spent += g;
    return g;
  }
  /// take() for a payment to or for cluster c: also within c's own budget, if it has one.
  double take(double amount, std::size_t c) {
    if (cluster_left.empty()) return take(amount);
    const double own = cluster_left[c] > 0 ? cluster_left[c] : 0.0;
    const double g = take(amount < own ? amount : own);
    cluster_left[c] -= g;
    cluster_spent[c] += g;
    return g;
  }
  /// What cluster c may still spend: `left`, or less when c has its own budget.
  double left_for(std::size_t c) const {
    if (cluster_left.empty()) return left;
    return cluster_left[c] < left ? (cluster_left[c] > 0 ? cluster_left[c] : 0.0) : left;
  }
  /// Share of a total request `amount` that can be paid (1 when the budget covers it).
  double share_of(double amount) const { return amount <= left ? 1.0 : (amount > 0 ? left / amount : 1.0); }
  /// Share that can be paid of cluster c's request `amount` within a month's total request
  /// `total`: share_of(total), and at most what c's own budget covers of `amount`.
  double share_of(double total, std::size_t c, double amount) const {
    const double s = share_of(total);
    if (cluster_left.empty()) return s;
    const double own = cluster_left[c] > 0 ? cluster_left[c] : 0.0;
    const double sc = amount <= own ? 1.0 : (amount > 0 ? own / amount : 1.0);
    return sc < s ? sc : s;
  }
  bool operator==(const Purse&) const = default;
};

/// Levers for the month. Targets are per firm slot (1 = eligible); an empty vector means every
/// firm is eligible.
struct Levers {
  Purse purse[channel_count];

  // Credit guarantee (CGTMSE): claims paid by purse[credit_guarantee] on defaults.
  double guarantee_cover = 0;   ///< share of a formal loan covered
  double guarantee_loan_cap = std::numeric_limits<double>::infinity(); ///< largest covered debt per firm, ₹ lakh
  double guarantee_fee = 0;     ///< annual fee on the covered amount, paid by firms into the payer
  std::vector<std::uint8_t> guarantee_target;
  // Cluster credit planning: banks lend more to the cluster and cheaper.
  double credit_ceiling_mult = 1; ///< multiplier on banks' credit ceiling per firm
  double rate_cut = 0;            ///< cut in annual lending rates
  // Technology upgradation: capital subsidy on replaced vintages.
  double capital_subsidy = 0;   ///< share of a new vintage's price paid by purse[tech_upgradation]
  double subsidy_cap = std::numeric_limits<double>::infinity(); ///< most per firm and month, ₹ lakh
  std::vector<std::uint8_t> subsidy_target;
  // The Cluster Development Agent: present while a programme appoints one.
  bool cda_active = false;      ///< a CDA works in every cluster this month
  double cda_hours = 0;         ///< its hours a month
  double cda_skill = 0;         ///< its skill in [0, 1]
  /// Shares of its hours for: diagnostic visits, trust-building meetings, consortium brokering,
  /// SPV mobilisation, BDS linkage (sum <= 1).
  double cda_priority[5] = {0, 0, 0, 0, 0};
  // A Common Facility Centre requested by the programme (one request at a time).
  bool cfc_requested = false;   ///< the programme wants a CFC built in cluster cfc_cluster
  int cfc_cluster = 0;          ///< where
  int cfc_kind = 0;             ///< 0 tool room, 1 testing lab, 2 effluent treatment, 3 raw-material bank, 4 design studio
  double cfc_project_cost = 0;  ///< ₹ lakh
  double cfc_grant_share = 0;   ///< share of the cost paid by purse[cfc]
  double cfc_om_support_months = 0; ///< months of O&M support after opening
  // BDS development and quality certification: vouchers.
  double voucher_share[5] = {0, 0, 0, 0, 0}; ///< share of each BDS kind's fee paid by purse[bds_development]
  double certification_voucher = 0;          ///< share of testing fees paid by purse[quality_certification]
  std::vector<std::uint8_t> voucher_target;
  double provider_training = 0; ///< monthly quality gain of BDS providers (towards 1)
  // Consortia: seed grant per consortium formed, paid by purse[consortia] to its lead firm.
  double consortium_grant = 0;
  double brokering_hours = 0;   ///< CDA hours added to consortium brokering
  bool collective_ready = true; ///< collective actions (CFC SPV, brokered consortia) may start
  // Export promotion and twinning.
  double buyer_rate_mult = 1;   ///< multiplier on foreign buyer arrivals
  double visibility_boost = 0;  ///< added to each cluster's visibility this month (a fair)
  int fair_firms = 0;           ///< firms taken to a fair this month (they meet buyers and each other)
  double innovation_mult = 1;   ///< multiplier on the innovation hazard (twinning spillover)
  // Energy efficiency: subsidised audits and efficient vintages.
  int audits = 0;               ///< audits this month
  double audit_cost = 0;        ///< per audit, paid by purse[energy_efficiency]
  double audit_saving = 0;      ///< cut in an audited firm's energy intensity
  double ee_subsidy = 0;        ///< share of the price of a vintage more efficient than the firm's
  std::vector<std::uint8_t> energy_target;
  // Skills training.
  int trainees = 0;             ///< workers trained this month
  double training_cost = 0;     ///< per trainee, paid by purse[skills_training]
  double skill_gain = 0;        ///< relative skill gain of a firm whose whole workforce is trained
  std::vector<std::uint8_t> training_target;
  // Association strengthening.
  double association_grant = 0; ///< monthly capacity-building grant to each association, ₹ lakh
  double association_award = 0; ///< award paid this month to each association whose rating rose in the year
  // Infrastructure: power and roads.
  double downtime_cut = 0;      ///< share of power downtime removed
  double transport_cut = 0;     ///< share of transport cost removed
  // The programme, for indicators and the visualiser.
  int programme_phase = -1;     ///< lifecycle phase index (-1: no programme)
  /// Per cluster: what the programme paid itself this month (CDA, diagnostics, fairs,
  /// construction), ₹ lakh; empty when nothing.
  std::vector<double> own_spending;
  bool operator==(const Levers&) const = default;
};

inline bool eligible(const std::vector<std::uint8_t>& target, std::size_t slot) {
  return target.empty() || (slot < target.size() && target[slot]);
}

/// Index of a channel as a size_t.
inline constexpr std::size_t idx(Channel c) { return static_cast<std::size_t>(c); }

}  // namespace cs
