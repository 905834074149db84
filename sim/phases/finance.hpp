#pragma once
// Credit terms shared by the finance, production, learning and accounting phases.
#include "world.hpp"

namespace cs {

/// Monthly rate of a credit class: r (1 + (class - 1) k).
inline double class_rate(const FinanceParams& F, int credit_class) {
  return F.rate_base * (1.0 + (credit_class - 1) * F.rate_class_step);
}

/// Debt service due this month: interest and principal on formal debt, interest on informal
/// debt. Production and investment leave this much cash aside for the accounting phase.
inline double debt_service(const World& w, Slot i) {
  const auto& F = w.params.finance;
  const Firms& f = w.firms;
  return f.debt[i] * (class_rate(F, f.credit_class[i]) + 1.0 / F.maturity_months) + f.debt_inf[i] * F.informal_rate;
}

/// The largest loan up to `cap` whose expected return is >= 0 (JMAB).
double bank_offer(const FinanceParams& F, double cover, double cap, double debt, double other_debt, double assets,
                  double collateral, double rate);

}  // namespace cs
