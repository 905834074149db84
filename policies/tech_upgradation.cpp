// Technology upgradation (CLCSS-style): the programme pays a share of the price of a replaced
// vintage for eligible firms, at most cap_per_firm a month each; when a month's requests exceed
// the budget left they are paid pro rata.
#include "policies/registry.hpp"

namespace cs::policies {

void apply_tech_upgradation(Month& m) {
  if (m.purse(Channel::tech_upgradation).left <= 0) return;  // budget spent: the lever stays off
  m.L.capital_subsidy = m.p.subsidy_share;
  m.L.subsidy_cap = m.p.cap_per_firm;
  m.L.subsidy_target = m.target;
}

}  // namespace cs::policies
