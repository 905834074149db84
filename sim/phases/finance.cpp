// Planning and finance (MODEL.md section 5): planned output and investment, then the credit
// market as request-then-resolve. Each firm asks its bank; the bank's answer for that firm is
// computed in parallel (ceiling, collateral, expected return); each bank's lending cap is then
// shared out by credit class, best class first, deterministically. Unmet working capital goes to
// informal lenders within their funds.
#include <algorithm>
#include <cmath>

#include "core/select.hpp"
#include "phases/finance.hpp"
#include "phases/market.hpp"
#include "phases/phases.hpp"
#include "phases/settle.hpp"

namespace cs {

namespace {

// Credit classes: banks rank firms by net worth / sales and re-rate every rating_interval months;
// a firm keeps its class in between (entrants start in class (classes + 1) / 2, rounded down).
void rate_firms(World& w) {
  const auto& F = w.params.finance;
  Firms& f = w.firms;
  auto score = [&](Slot i) { return net_worth(f, i) / std::max(1e-6, double(f.revenue[i])); };
  if ((w.step - 1) % F.rating_interval == 0) {
    for_each_cluster(w, [&](std::size_t c) {
      const auto& m = w.members[c];
      std::vector<double> v(m.size());
      for_each_index(w.exec, m.size(), [&](std::size_t k) { v[k] = score(m[k]); });
      // The k-th cut is the order statistic at position n k / K (found in parallel).
      std::vector<std::size_t> pos;
      for (int k = 1; k < F.credit_classes && !v.empty(); ++k) pos.push_back(v.size() * k / F.credit_classes);
      const auto& cuts = w.clusters[c].class_cut = order_statistics(w.exec, v, pos);
      for_each_index(w.exec, m.size(), [&](std::size_t k) {
        int below = 0;
        for (double cut : cuts) below += v[k] < cut;
        f.credit_class[m[k]] = static_cast<std::uint8_t>(1 + below);
      });
    });
  }
}

}  // namespace

// Default probability is logistic in leverage after the loan; recovery is
// min(1, (haircut x collateral + cover x min(exposure, covered cap)) / exposure). The guarantee
// counts only for a loan whose default probability is at most guarantee_pd_max: it stands in for
// collateral, not for the appraisal of viability (the bank judges any other loan on its own).
double bank_offer(const FinanceParams& F, double cover, double cap, double debt, double other_debt, double assets,
                  double collateral, double rate, double covered_cap) {
  if (cap <= 0) return 0;
  auto er = [&](double l) {
    const double exposure = debt + l;
    const double lev = (exposure + other_debt) / std::max(1e-9, assets + l);
    const double pd = 1.0 / (1.0 + std::exp(-(F.pd_intercept + F.pd_slope * lev)));
    const double c = pd > F.guarantee_pd_max ? 0.0 : cover;  // no guarantee for a loan that is not viable
    const double rec =
        std::min(1.0, (F.haircut * collateral + c * std::min(exposure, covered_cap)) / std::max(1e-9, exposure));
    return (1.0 - pd) * 12.0 * rate - pd * (1.0 - rec);
  };
  if (er(cap) >= 0) return cap;
  double lo = 0, hi = cap;
  if (er(1e-6 * cap) < 0) return 0;
  for (int it = 0; it < 10; ++it) {  // to 1/1024 of the cap
    const double mid = 0.5 * (lo + hi);
    (er(mid) >= 0 ? lo : hi) = mid;
  }
  return lo;
}

void phase_planning_finance(World& w) {
  const Params& P = w.params;
  const auto& F = P.finance;
  const auto& T = P.tech;
  const auto& M = P.market;
  Firms& f = w.firms;
  rate_firms(w);
  const Levers& L = w.levers;
  const double cover = std::min(0.99, L.guarantee_cover);
  const bool plan_on = w.part.tracks(Channel::credit_planning) && L.credit_ceiling_mult > 1;
  const bool guarantee_on = w.part.tracks(Channel::credit_guarantee) && cover > 0;

  // Plans and the bank's answer to each firm before caps (run inside the pass that sums the
  // requests by bank and class below).
  const DebtService debt_service(w);
  auto plan = [&](Slot i) {
    const double cap_units = capacity(f, i, T.capital_per_unit);
    const double wanted = std::max(0.0, f.msg.demand[i] + standing_demand(w, i) + f.export_qty[i] +
                                            M.inventory_target * f.exp_demand[i] - f.inventory[i]);
    const double q_plan = std::min(wanted, cap_units);
    const double r = list_rate(F, f.credit_class[i]);  // banks screen at their list rate
    f.msg.wc_need[i] = static_cast<float>(f.unit_cost[i] * q_plan + T.overhead * f.capital[i] + debt_service(i));

    // Investment: replace depreciation, expand when expected use is high, and replace the whole
    // vintage when the saving over the payback horizon pays for it (K+S payback rule).
    double inv = 0;
    f.msg.adopt[i] = 0;
    const double nw = net_worth(f, i);
    if (nw > 0) {
      inv = T.depreciation * f.capital[i];
      if (wanted > T.expansion_utilisation * cap_units)
        inv += std::min(T.expansion_max * f.capital[i],
                        (wanted / T.expansion_utilisation - cap_units) * T.capital_per_unit);
      const double saving = M.wage / f.prod[i] - M.wage / f.known_prod[i] +
                            (f.energy[i] - f.known_energy[i]) * w.env.energy_price;
      const double price = f.capital[i] - subsidy_ask(w, i).total();
      if (saving > 0 && saving * f.exp_demand[i] * T.payback_months >= price) {
        f.msg.adopt[i] = 1;
        inv += price;
      }
    }
    f.msg.inv_plan[i] = static_cast<float>(inv);
    const double need = f.msg.wc_need[i] + inv - f.cash[i];
    f.msg.credit_req[i] = static_cast<float>(std::max(0.0, need));
    f.msg.credit_ok[i] = 0;
    if (need > 0) {
      const double ceiling =
          F.credit_lambda * L.credit_ceiling_mult * std::max(nw, 12.0 * (f.revenue[i] - M.wage * f.employees[i])) -
          f.debt[i];
      // The guarantee covers `cover` of the debt up to the firm's covered limit (0 outside the
      // target): the bank lends against collateral for the uncovered part only. The bank seeks
      // the guarantee only for a firm that passes its viability test, paying its way after
      // interest on average (profit_avg at least viability_margin); any other firm is judged on
      // its collateral alone.
      const bool viable = f.profit_avg[i] >= F.viability_margin;
      const double glim = viable ? guarantee_limit(w, i) : 0.0;
      const double cover_i = glim > 0 ? cover : 0.0;
      const double collateral = F.collateral_share * f.capital[i];
      double coll_cap = F.ltv * L.credit_ceiling_mult * collateral / (1.0 - cover_i);
      if (cover_i > 0 && glim < coll_cap)
        coll_cap = std::min(coll_cap, F.ltv * L.credit_ceiling_mult * collateral + cover_i * glim);
      coll_cap -= f.debt[i];
      const double cap = std::min({need, ceiling, coll_cap});
      f.msg.credit_ok[i] = static_cast<float>(bank_offer(F, cover_i, cap, f.debt[i], f.debt_inf[i],
                                                     f.capital[i] + std::max(0.0, f.cash[i]), collateral, r, glim));
      if (plan_on && f.msg.credit_ok[i] > 0) {
        // Reached by the credit plan: offered more than its ceiling and collateral caps would
        // allow without the plan's multiplier (the credit above them is the amount).
        double coll0 = F.ltv * collateral / (1.0 - cover_i);
        if (cover_i > 0 && glim < coll0) coll0 = std::min(coll0, F.ltv * collateral + cover_i * glim);
        const double cap0 =
            std::min({need, (ceiling + f.debt[i]) / L.credit_ceiling_mult - f.debt[i], coll0 - f.debt[i]});
        if (f.msg.credit_ok[i] > cap0 + 1e-9) w.part.note(i, Channel::credit_planning, w.step, f.msg.credit_ok[i] - std::max(0.0, cap0));
      }
    }
  };

  // Each bank's room: min(its cash, cap - loans), cap = equity / (tau (1 + beta bad-debt share)).
  const std::size_t K = static_cast<std::size_t>(F.credit_classes);
  std::vector<std::vector<double>> frac(w.clusters.size());
  for_each_cluster(w, [&](std::size_t c) {
    const ClusterState& cl = w.clusters[c];
    const auto asked = group_sums(w, c, cl.n_banks, K, [&](Slot i, auto add) {
      plan(i);
      if (f.msg.credit_ok[i] > 0) add(f.bank[i], f.credit_class[i] - 1, f.msg.credit_ok[i]);
    });
    frac[c].assign(cl.n_banks * K, 0.0);
    for (std::uint32_t b = 0; b < cl.n_banks; ++b) {
      const std::size_t k = cl.first_bank + b;
      const double cash = w.ledger.balance(w.banks.account[k]);
      const double equity = cash + w.banks.loans[k] - w.banks.funding[k];
      const double bad = w.banks.bad_debt[k] / std::max(1e-9, w.banks.loans[k]);
      const double cap = std::max(0.0, equity) / (F.bank_tau * (1.0 + F.bank_beta * bad));
      double room = std::max(0.0, std::min(cash, cap - w.banks.loans[k]));
      for (std::size_t cls = 0; cls < K; ++cls) {
        const double a = asked[b * K + cls];
        const double g = a > 0 ? std::min(1.0, room / a) : 0.0;
        frac[c][b * K + cls] = g;
        room = std::max(0.0, room - g * a);
      }
    }
  });

  // Informal lenders cover the working-capital gap, within a limit in months of turnover and,
  // together, within their funds (shared pro rata): requests first, then loans.
  auto request = [&](Slot i) {
    const double gap = f.msg.wc_need[i] - f.cash[i];
    const double room = F.informal_cap_months * f.revenue[i] - f.debt_inf[i];
    return std::max(0.0, std::min(gap, room));
  };

  // Grants: each firm's row, summed by bank for the banks' side (blocks of 16384 members, as
  // group_sums); the same pass sums the informal requests in blocks of 4096 members (as
  // cluster_sums), so both totals are the sums of separate passes.
  const std::size_t C = w.clusters.size();
  std::vector<std::vector<double>> lent(C);
  std::vector<double> asked_informal(C, 0.0);
  for_each_cluster(w, [&](std::size_t c) {
    const auto& mem = w.members[c];
    const std::size_t nb = w.clusters[c].n_banks;
    constexpr std::size_t kGrantBlock = 16384, kAskBlock = 4096;
    static_assert(kGrantBlock % kAskBlock == 0);
    std::vector<double> ask_part((mem.size() + kAskBlock - 1) / kAskBlock, 0.0);
    lent[c] = det_reduce(
        w.exec, mem.size(), std::vector<double>(nb, 0.0),
        [&](std::size_t b, std::size_t e) {
          std::vector<double> s(nb, 0.0);
          for (std::size_t k = b; k < e; ++k) {
            const Slot i = mem[k];
            const double g = f.msg.credit_ok[i] * frac[c][f.bank[i] * K + f.credit_class[i] - 1];
            s[f.bank[i]] += g;
            f.cash[i] += g;
            f.debt[i] += g;
            f.msg.rationed[i] = g + 1e-9 < f.msg.credit_req[i] ? 1 : 0;
            // Reached by the guarantee: it holds covered debt (the amount: the largest covered part).
            if (guarantee_on && f.debt[i] > 0) {
              const double covered = cover * std::min(double(f.debt[i]), guarantee_limit(w, i));
              if (covered > 0) w.part.note_max(i, Channel::credit_guarantee, w.step, covered);
            }
            ask_part[k / kAskBlock] += request(i);
          }
          return s;
        },
        [](std::vector<double>& a, const std::vector<double>& b) {
          for (std::size_t k = 0; k < a.size(); ++k) a[k] += b[k];
        },
        kGrantBlock);
    double a = 0;
    for (double x : ask_part) a += x;
    asked_informal[c] = a;
  });
  for (std::size_t c = 0; c < C; ++c) {
    const ClusterState& cl = w.clusters[c];
    for (std::uint32_t b = 0; b < cl.n_banks; ++b) {
      w.ledger.to_firms(w.banks.account[cl.first_bank + b], lent[c][b], Flow::loan);
      w.banks.loans[cl.first_bank + b] += lent[c][b];
    }
  }

  std::vector<double> share(w.clusters.size(), 0.0);
  for (std::size_t c = 0; c < w.clusters.size(); ++c) {
    const double funds = std::max(0.0, w.ledger.balance(w.clusters[c].informal));
    share[c] = asked_informal[c] > funds ? funds / asked_informal[c] : 1.0;
  }
  const auto informal = all_cluster_sums<1>(w, [&](Slot i, Sums<1>& s) {
    const double x = request(i) * share[f.cluster[i]];
    s[0] += x;
    f.cash[i] += x;
    f.debt_inf[i] += x;
  });
  for (std::size_t c = 0; c < w.clusters.size(); ++c) {
    w.ledger.to_firms(w.clusters[c].informal, informal[c][0], Flow::informal_loan);
    w.clusters[c].informal_book += informal[c][0];
  }
}

}  // namespace cs
