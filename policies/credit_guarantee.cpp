// Credit guarantee (CGTMSE-style): banks lend to eligible firms as if `cover` of the loan (up to
// loan_cap of debt) were secured; firms pay an annual fee into the fund; the fund (the budget)
// pays claims on defaults until it is empty, after which banks bear the losses again. After its
// window no new loans are guaranteed: the cover of the book amortises with the loans (one
// maturity's worth of repayment a month) while the fund runs off.
#include <cmath>

#include "policies/registry.hpp"

namespace cs::policies {

void apply_credit_guarantee(Month& m) {
  if (m.purse(Channel::credit_guarantee).left <= 0) return;  // budget spent: the lever stays off
  const double runoff = m.after_end ? std::pow(1.0 - 1.0 / m.w.params.finance.maturity_months, m.months_after_end) : 1.0;
  m.L.guarantee_cover = m.p.cover * runoff;
  m.L.guarantee_loan_cap = m.p.loan_cap;
  m.L.guarantee_fee = m.p.fee;
  m.L.guarantee_target = m.target;
}

}  // namespace cs::policies
