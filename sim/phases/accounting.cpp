// Accounting: debt service to banks and moneylenders, taxes on profit, net worth, and the marks
// that demography acts on (NPA after missed payments, insolvency, spin-offs).
#include <algorithm>
#include <cmath>

#include "core/rng.hpp"
#include "phases/finance.hpp"
#include "phases/phases.hpp"
#include "phases/settle.hpp"

namespace cs {

namespace {

// The flows a firm reports when it settles its month, summed by bank.
enum Settlement : int {
  interest_paid,          // to its bank
  principal_paid,         // to its bank
  interest_capitalised,   // unpaid interest added to its formal debt
  informal_paid,          // interest and principal paid to the moneylenders
  informal_capitalised,   // unpaid informal interest added to its informal debt
  tax,                    // to the government
  drawings,               // the owners' share of profit, to households
  profit,                 // after tax (for the cluster's profit rate)
  revenue,
  kSettlements
};

}  // namespace

void phase_accounting(World& w) {
  const Params& P = w.params;
  const auto& F = P.finance;
  const auto& M = P.market;
  const auto& D = P.demography;
  Firms& f = w.firms;

  // Guarantee fee: covered firms pay guarantee_fee / 12 of their covered debt (within their
  // cash) into the guarantee fund's account.
  const Levers& L = w.levers;
  if (L.guarantee_fee > 0 && L.guarantee_cover > 0) {
    const auto fees = all_cluster_sums<1>(w, [&](Slot i, Sums<1>& s) {
      const double covered = std::min(double(f.debt[i]), guarantee_limit(w, i));
      if (covered <= 0) return;
      const double fee = std::min(std::max(0.0, double(f.cash[i])), L.guarantee_fee / 12.0 * covered);
      f.cash[i] -= fee;
      f.msg.profit[i] -= static_cast<float>(fee);
      s[0] += fee;
    });
    const AccountId fund = L.purse[idx(Channel::credit_guarantee)].payer;
    for (std::size_t c = 0; c < w.clusters.size(); ++c) {
      w.ledger.from_firms(fund, fees[c][0], Flow::guarantee_fee);
      w.clusters[c].tally.guarantee_fees += fees[c][0];
    }
  }

  // Each firm settles its own row and reports its flows (Settlement) by bank.
  const DebtService debt_service(w);
  auto& spin_u = w.scratch[0];  // each firm's first spinoff uniform, drawn in bulk
  draw_uniforms(w, Stream::spinoff, spin_u);
  const auto g = all_group_sums(w, [&](std::size_t c) { return w.clusters[c].n_banks; }, kSettlements, [&](Slot i, auto add_to_bank) {
    const std::size_t b = f.bank[i];
    // Gathered here, added to the bank's sums at the end in flow order (the same sums).
    double flow[kSettlements] = {};
    auto add = [&flow](std::size_t, Settlement k, double x) { flow[k] += x; };
    const double r = class_rate(w, f.credit_class[i]);
    const double interest = r * f.debt[i];
    const double principal = f.debt[i] / F.maturity_months;
    const double cash = std::max(0.0, f.cash[i]);
    const double paid_int = std::min(cash, interest);
    const double paid_pr = std::min(cash - paid_int, principal);
    f.missed[i] = paid_int + paid_pr + 1e-9 >= interest + principal
                      ? 0 : static_cast<std::uint8_t>(std::min(250, f.missed[i] + 1));
    const double arrears = interest - paid_int - paid_pr;  // unpaid interest is capitalised
    f.debt[i] += arrears;
    f.cash[i] -= paid_int + paid_pr;
    add(b, interest_paid, paid_int);
    add(b, principal_paid, paid_pr);
    add(b, interest_capitalised, arrears);

    // Moneylenders are paid first from what is left: interest, then as much principal as the
    // firm can spare beyond a month of costs; unpaid interest accrues.
    const double inf_int = F.informal_rate * f.debt_inf[i];
    const double spare = std::max(0.0, f.cash[i] - f.unit_cost[i] * f.msg.output[i]);
    const double paid_inf_int = std::min(std::max(0.0, f.cash[i]), inf_int);
    const double paid_inf_pr = std::min(std::max(0.0, spare - paid_inf_int), f.debt_inf[i]);
    const double inf_arrears = inf_int - paid_inf_int - paid_inf_pr;
    f.debt_inf[i] += inf_arrears;
    f.cash[i] -= paid_inf_int + paid_inf_pr;
    add(b, informal_paid, paid_inf_int + paid_inf_pr);
    add(b, informal_capitalised, inf_arrears);

    const double profit = f.msg.profit[i] - interest - inf_int;
    const double tax = std::min(std::max(0.0, f.cash[i]), M.tax_rate * std::max(0.0, profit));
    f.cash[i] -= tax;
    // Owners draw a share of after-tax profit, keeping next month's debt service in cash.
    const double drawn = std::min(std::max(0.0, f.cash[i] - debt_service(i)),
                                  M.payout_share * std::max(0.0, profit - tax));
    f.cash[i] -= drawn;
    add(b, Settlement::tax, tax);
    add(b, drawings, drawn);
    f.msg.profit[i] = static_cast<float>(profit - tax);
    add(b, Settlement::profit, f.msg.profit[i]);
    add(b, Settlement::revenue, f.revenue[i]);
    const double ros = f.revenue[i] > 0 ? f.msg.profit[i] / f.revenue[i] : -1.0;
    f.profit_avg[i] = static_cast<float>(0.9 * f.profit_avg[i] + 0.1 * std::clamp(ros, -1.0, 1.0));

    const bool negative = net_worth(f, i) < 0;
    f.neg_nw[i] = negative ? static_cast<std::uint8_t>(std::min(250, f.neg_nw[i] + 1)) : 0;
    if (f.missed[i] >= F.npa_months)
      f.msg.exit_mark[i] = static_cast<std::uint8_t>(ExitReason::npa);
    else if (f.neg_nw[i] > D.exit_grace_months && f.msg.rationed[i])
      f.msg.exit_mark[i] = static_cast<std::uint8_t>(ExitReason::insolvent);
    f.msg.spawn[i] = (!f.msg.exit_mark[i] && f.profit_avg[i] > 0 && spin_u[i] < D.spinoff_rate) ? 1 : 0;
    for (int k = 0; k < kSettlements; ++k) add_to_bank(b, k, flow[k]);
  });
  for (std::size_t c = 0; c < w.clusters.size(); ++c) {
    ClusterState& cl = w.clusters[c];
    double tot[kSettlements] = {};  // over the cluster's banks: the flows not settled per bank
    for (std::uint32_t b = 0; b < cl.n_banks; ++b) {
      const std::size_t k = cl.first_bank + b;
      const double* s = &g[c][b * kSettlements];
      w.ledger.from_firms(w.banks.account[k], s[interest_paid], Flow::interest);
      w.ledger.from_firms(w.banks.account[k], s[principal_paid], Flow::repayment);
      w.banks.loans[k] += s[interest_capitalised];
      for (int j = informal_paid; j < kSettlements; ++j) tot[j] += s[j];
    }
    w.ledger.from_firms(cl.informal, tot[informal_paid], Flow::informal_repayment);
    cl.informal_book += tot[informal_capitalised];
    w.ledger.from_firms(w.ledger.sector(Sector::government), tot[Settlement::tax], Flow::tax);
    w.ledger.from_firms(w.ledger.sector(Sector::households), tot[drawings], Flow::dividend);
    cl.profit_rate = tot[Settlement::revenue] > 0 ? tot[Settlement::profit] / tot[Settlement::revenue] : 0.0;
  }
}

}  // namespace cs
