#include "policies/registry.hpp"

#include <algorithm>

namespace cs::policies {

const std::vector<Kind>& kinds() {
  static const std::vector<Kind> k{
      {"tech_upgradation", Channel::tech_upgradation, false, false, false, apply_tech_upgradation},
      {"credit_guarantee", Channel::credit_guarantee, false, false, true, apply_credit_guarantee},
      {"credit_planning", Channel::credit_planning, false, false, false, apply_credit_planning},
      {"cfc", Channel::cfc, true, false, false, apply_cfc},
      {"bds_development", Channel::bds_development, false, false, false, apply_bds_development},
      {"cda", Channel::cda, false, false, false, apply_cda},
      {"consortia", Channel::consortia, true, false, false, apply_consortia},
      {"export_promotion", Channel::export_promotion, false, false, false, apply_export_promotion},
      {"twinning", Channel::twinning, false, false, false, apply_twinning},
      {"energy_efficiency", Channel::energy_efficiency, false, false, false, apply_energy_efficiency},
      {"skills_training", Channel::skills_training, false, false, false, apply_skills_training},
      {"association_strengthening", Channel::association_strengthening, false, false, false, apply_association_strengthening},
      {"quality_certification", Channel::quality_certification, false, false, false, apply_quality_certification},
      {"infrastructure", Channel::infrastructure, false, true, false, apply_infrastructure}};
  return k;
}

const Kind* find_kind(std::string_view name) {
  for (const Kind& k : kinds())
    if (k.name == name) return &k;
  return nullptr;
}

double Month::pay(double amount, Sector to) {
  const double g = std::max(0.0, std::min(amount, ledger.balance(account)));
  if (g > 0) ledger.transfer(account, ledger.sector(to), g, Flow::programme_services);
  paid += g;
  return g;
}

Purse& Month::purse(Channel c) {
  Purse& p = L.purse[idx(c)];
  p.payer = account;
  p.left = std::max(0.0, ledger.balance(account));
  p.cluster_left.clear();  // a line allocated by rating sets its clusters' budgets after this
  p.cluster_spent.clear();
  return p;
}

}  // namespace cs::policies
