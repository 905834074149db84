#pragma once
// Credit terms and programme support shared by the finance, production, learning, accounting and
// demography phases.
#include <algorithm>
#include <limits>

#include "levers.hpp"
#include "world.hpp"

namespace cs {

/// Lowest monthly lending rate a rate cut can reach (1 % a year), unless the class rate is lower.
inline constexpr double kRateFloor = 0.01 / 12.0;

/// Banks' list rate of a credit class, monthly: r (1 + (class - 1) k). Banks screen loans at it.
inline double list_rate(const FinanceParams& F, int credit_class) {
  return F.rate_base * (1.0 + (credit_class - 1) * F.rate_class_step);
}

/// Monthly rate a firm pays: the list rate less the programme's annual rate cut (a concession
/// agreed in the cluster credit plan) spread over 12 months, floored at kRateFloor.
inline double class_rate(const World& w, int credit_class) {
  const double r = list_rate(w.params.finance, credit_class);
  const double cut = w.levers.rate_cut;
  return cut > 0 ? std::max(r - cut / 12.0, std::min(r, kRateFloor)) : r;
}

/// Debt service due this month: interest and principal on formal debt, interest on informal
/// debt. Production and investment leave this much cash aside for the accounting phase.
inline double debt_service(const World& w, Slot i) {
  const auto& F = w.params.finance;
  const Firms& f = w.firms;
  return f.debt[i] * (class_rate(w, f.credit_class[i]) + 1.0 / F.maturity_months) + f.debt_inf[i] * F.informal_rate;
}

/// debt_service for the firms of one phase, with each credit class's rate plus amortisation worked
/// out once (the same arithmetic as debt_service, so the same values). Valid while the levers and
/// the finance parameters stay as they were when it was made (within a phase).
class DebtService {
 public:
  explicit DebtService(const World& w) : f_(w.firms), informal_(w.params.finance.informal_rate) {
    for (int c = 0; c < 256; ++c) rate_[c] = class_rate(w, c) + 1.0 / w.params.finance.maturity_months;
  }
  double operator()(Slot i) const { return f_.debt[i] * rate_[f_.credit_class[i]] + f_.debt_inf[i] * informal_; }

 private:
  const Firms& f_;
  double informal_;
  double rate_[256];
};

/// Largest debt of firm i that the credit guarantee covers: 0 for firms outside its target,
/// else guarantee_loan_cap (infinite by default).
inline double guarantee_limit(const World& w, Slot i) {
  return eligible(w.levers.guarantee_target, i) ? w.levers.guarantee_loan_cap : 0.0;
}

/// Capital subsidies firm i asks for if it replaces its whole vintage this month: [0] the
/// technology-upgradation subsidy (capital_subsidy share, at most subsidy_cap), [1] the energy-
/// efficiency subsidy (ee_subsidy share, when the vintage it knows uses less energy than its
/// own). Together at most the vintage's price (the firm's capital).
struct SubsidyAsk {
  double tech = 0, energy = 0;
  double total() const { return tech + energy; }
};
inline SubsidyAsk subsidy_ask(const World& w, Slot i) {
  const Levers& L = w.levers;
  const Firms& f = w.firms;
  const double k0 = f.capital[i];
  SubsidyAsk a;
  if (L.capital_subsidy > 0 && eligible(L.subsidy_target, i)) a.tech = std::min(L.subsidy_cap, k0 * L.capital_subsidy);
  if (L.ee_subsidy > 0 && f.known_energy[i] < f.energy[i] && eligible(L.energy_target, i))
    a.energy = std::min(k0 * L.ee_subsidy, std::max(0.0, k0 - a.tech));
  if (a.tech > k0) a.tech = k0;
  return a;
}

/// The largest loan up to `cap` whose expected return is >= 0 (JMAB). The guarantee covers
/// `cover` of the exposure up to `covered_cap`.
double bank_offer(const FinanceParams& F, double cover, double cap, double debt, double other_debt, double assets,
                  double collateral, double rate,
                  double covered_cap = std::numeric_limits<double>::infinity());

/// Energy audits and skills training of the month (programme levers `audits` and `trainees`):
/// lotteries over eligible firms, paid by the programme's purses. Called by the learning phase
/// after vintages are applied. Writes energy and skill of the chosen firms, the purses, the
/// ledger and the clusters' tallies.
void programme_audits_training(World& w);

}  // namespace cs
