// Credit guarantee (CGTMSE-style): banks lend to eligible firms as if `cover` of the loan (up to
// loan_cap of debt) were secured; firms pay an annual fee into the fund; the fund (the budget)
// pays claims on defaults until it is empty, after which banks bear the losses again.
#include "policies/registry.hpp"

namespace cs::policies {

void apply_credit_guarantee(Month& m) {
  if (m.purse(Channel::credit_guarantee).left <= 0) return;  // budget spent: the lever stays off
  m.L.guarantee_cover = m.p.cover;
  m.L.guarantee_loan_cap = m.p.loan_cap;
  m.L.guarantee_fee = m.p.fee;
  m.L.guarantee_target = m.target;
}

}  // namespace cs::policies
