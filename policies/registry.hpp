#pragma once
// The registry of intervention kinds: from the `kind` of an [[intervention]] to the function that
// sets the levers for one month of it. One file per kind (policies/<kind>.cpp).
#include <cstdint>
#include <string_view>
#include <vector>

#include "world.hpp"

namespace cs::policies {

/// What one intervention sees and may do in one month of its activity.
struct Month {
  const World& w;
  const InterventionParams& p;
  Levers& L;
  Ledger& ledger;
  AccountId account;                        ///< its budget account
  const std::vector<std::uint8_t>& target;  ///< eligible firm slots (empty = every firm)
  int month = 0;                            ///< months since it started (0 = first)
  bool collective_ready = true;             ///< mean trust has reached the programme's threshold
  double paid = 0;                          ///< its own fixed costs paid this month, ₹ lakh
  bool after_end = false;                   ///< called after its window (lasting effects, run-off)
  int months_after_end = 0;                 ///< months since its window ended (1 in its first month after, 0 while it runs)
  std::vector<double>& memo;                ///< its own scratch state across months

  /// Pays a fixed cost (fair, salary, construction...) from its account to `to`, at most what
  /// is left; returns what was paid.
  double pay(double amount, Sector to);
  /// Its purse: payer = its account, left = its balance, no budgets per cluster (a line
  /// allocated by rating sets those after the kind has run, Programme::apply).
  Purse& purse(Channel c);
};

/// One kind of intervention.
struct Kind {
  std::string_view name;
  Channel channel;            ///< the purse its spending goes through
  bool collective;            ///< waits for the programme's trust prerequisite
  bool lasting;               ///< still called after its window (with after_end) for effects that stay
  bool runoff;                ///< its account stays open after its window while its book runs off
  void (*apply)(Month&);      ///< sets the levers for the month
};

/// Every kind, in MODEL.md order; the same names as intervention_kinds().
const std::vector<Kind>& kinds();
/// The kind called `name`, or null.
const Kind* find_kind(std::string_view name);

// One function per kind, each in its own file.
void apply_tech_upgradation(Month& m);
void apply_credit_guarantee(Month& m);
void apply_credit_planning(Month& m);
void apply_cfc(Month& m);
void apply_bds_development(Month& m);
void apply_cda(Month& m);
void apply_consortia(Month& m);
void apply_export_promotion(Month& m);
void apply_twinning(Month& m);
void apply_energy_efficiency(Month& m);
void apply_skills_training(Month& m);
void apply_association_strengthening(Month& m);
void apply_quality_certification(Month& m);
void apply_infrastructure(Month& m);

}  // namespace cs::policies
