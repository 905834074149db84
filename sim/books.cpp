// The books: total money and the checks that every step must pass (MODEL.md section 9).
#include <cmath>
#include <sstream>

#include "phases/settle.hpp"
#include "world.hpp"

namespace cs {

double total_money(const World& w) {
  const auto& cash = w.firms.cash;
  return det_sum(w.exec, cash.size(), [&](std::size_t i) { return cash[i]; }) + w.ledger.total();
}

std::vector<std::string> check_books(const World& w, double rel_tol) {
  std::vector<std::string> out;
  const Firms& f = w.firms;
  auto fail = [&](auto&&... parts) {
    std::ostringstream s;
    s.precision(12);
    (s << ... << parts);
    out.push_back(s.str());
  };
  // Money that is NaN or infinite breaks every comparison below (all false for NaN), so it is a
  // failure of its own, reported for every holder, and kept out of the tolerance's scale.
  auto finite = [&](double v, auto&&... who) {
    if (std::isfinite(v)) return true;
    fail(who..., " is not a finite amount: ", v);
    return false;
  };
  double scale = 1.0;  // for tolerances: the sum of absolute finite balances
  for (std::size_t a = 0; a < w.ledger.size(); ++a) {
    const double b = w.ledger.balance(static_cast<AccountId>(a));
    if (finite(b, "ledger account ", a)) scale += std::fabs(b);
  }
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (!f.alive[i]) continue;
    if (finite(f.cash[i], "firm ", f.uid[i], " cash")) scale += std::fabs(f.cash[i]);
    finite(f.debt[i], "firm ", f.uid[i], " formal debt");
    finite(f.debt_inf[i], "firm ", f.uid[i], " informal debt");
    for (int k = 0; k < 3; ++k) finite(f.recv[k][i], "firm ", f.uid[i], " receivable ", k);
    finite(f.capital[i], "firm ", f.uid[i], " capital");
    finite(f.inventory[i], "firm ", f.uid[i], " inventory");
  }
  for (std::size_t b = 0; b < w.banks.size(); ++b) finite(w.banks.loans[b], "bank ", b, " loan book");
  for (std::size_t c = 0; c < w.clusters.size(); ++c) finite(w.clusters[c].informal_book, "cluster ", c, " informal book");
  finite(w.money0, "the initial money stock");
  const double tol = rel_tol * scale;

  // Each test below is written to fail when a side is NaN: !(|x - y| <= tol), not |x - y| > tol.
  const double money = total_money(w);
  if (!(std::fabs(money - w.money0) <= tol)) fail("money not conserved: ", money, " vs ", w.money0);

  std::vector<double> book(w.banks.size(), 0.0), recv(w.agents.size(), 0.0), inf(w.clusters.size(), 0.0);
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (!f.alive[i]) {
      if (f.cash[i] != 0 || f.debt[i] != 0 || f.debt_inf[i] != 0) fail("dead slot ", i, " holds money or debt");
      continue;
    }
    const ClusterState& cl = w.clusters[f.cluster[i]];
    book[cl.first_bank + f.bank[i]] += f.debt[i];
    if (!f.direct[i]) recv[cl.first_agent + f.agent[i]] += f.recv[0][i] + f.recv[1][i] + f.recv[2][i];
    else if (f.recv[0][i] + f.recv[1][i] + f.recv[2][i] != 0) fail("firm ", f.uid[i], " sells directly but holds receivables");
    inf[f.cluster[i]] += f.debt_inf[i];
    const double small = -1e-9 * (1.0 + std::fabs(f.capital[i]));
    if (f.cash[i] < small) fail("firm ", f.uid[i], " has negative cash ", f.cash[i]);
    if (f.debt[i] < small || f.debt_inf[i] < small) fail("firm ", f.uid[i], " has negative debt");
    if (f.capital[i] < 0 || f.inventory[i] < 0 || f.employees[i] < 0 || f.msg.output[i] < 0)
      fail("firm ", f.uid[i], " has a negative real stock");
  }
  for (std::size_t b = 0; b < w.banks.size(); ++b) {
    if (!(std::fabs(book[b] - w.banks.loans[b]) <= tol)) fail("bank ", b, " loan book ", w.banks.loans[b], " but firms owe ", book[b]);
    if (w.ledger.balance(w.banks.account[b]) < -tol) fail("bank ", b, " has negative cash");
  }
  for (std::size_t a = 0; a < w.agents.size(); ++a) {
    const double cash = w.ledger.balance(w.agents.account[a]);
    if (!(std::fabs(cash - recv[a]) <= tol)) fail("agent ", a, " holds ", cash, " but owes its firms ", recv[a]);
  }
  for (std::size_t c = 0; c < w.clusters.size(); ++c) {
    if (!(std::fabs(inf[c] - w.clusters[c].informal_book) <= tol))
      fail("cluster ", c, " informal book ", w.clusters[c].informal_book, " but firms owe ", inf[c]);
    if (w.ledger.balance(w.clusters[c].informal) < -tol) fail("cluster ", c, " moneylenders have negative cash");
  }
  return out;
}

}  // namespace cs
