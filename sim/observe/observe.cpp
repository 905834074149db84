// Observation: indicators per cluster from the state, deterministically. Quantile-based
// indicators (productivity 90/10, Gini) use fixed log-spaced histograms: the bin of a value is
// read off its float exponent and top 7 mantissa bits (128 bins per doubling, 0.55 % wide), so
// binning costs no logarithm; bins span 2^-16 to 2^24.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <functional>

#include "observe/observe.hpp"
#include "phases/settle.hpp"

namespace cs {

namespace {

constexpr int kMantBits = 7, kExpLo = -16, kExpHi = 24;
constexpr int kBins = (kExpHi - kExpLo) << kMantBits;

int bin_of(double v) {
  if (!(v > 0)) return 0;
  const std::uint32_t bits = std::bit_cast<std::uint32_t>(static_cast<float>(v));
  const int b = static_cast<int>(bits >> (23 - kMantBits)) - ((127 + kExpLo) << kMantBits);
  return std::clamp(b, 0, kBins - 1);
}
double bin_mid(int b) {
  const std::uint32_t bits = static_cast<std::uint32_t>(b + ((127 + kExpLo) << kMantBits)) << (23 - kMantBits);
  return std::bit_cast<float>(bits) * (1.0 + 0.5 / (1 << kMantBits));
}

// Counts and sums per bin over the bins in use only: [lo, lo + count.size()). A cluster's
// values span a few octaves, so a histogram holds tens of bins instead of kBins (national mode
// builds one per cluster and block). Zero bins add nothing to any sum, so quantile() and gini()
// equal those over all kBins bins.
struct Hist {
  int lo = 0;
  std::vector<double> count, sum;
  // Makes bins [b0, b1] addressable.
  void cover(int b0, int b1) {
    if (count.empty()) {
      lo = b0;
      count.assign(b1 - b0 + 1, 0.0);
      sum.assign(b1 - b0 + 1, 0.0);
      return;
    }
    const int hi = lo + static_cast<int>(count.size()) - 1;
    if (b0 >= lo && b1 <= hi) return;
    // Grow on the side that needs it by at least the current width (at least 64 bins), within
    // [0, kBins): a histogram is copied a logarithmic number of times.
    const int grow = std::max(64, hi - lo + 1);
    const int nlo = b0 < lo ? std::max(0, std::min(b0, lo - grow)) : lo;
    const int nhi = b1 > hi ? std::min(kBins - 1, std::max(b1, hi + grow)) : hi;
    std::vector<double> c(nhi - nlo + 1, 0.0), s(nhi - nlo + 1, 0.0);
    std::copy(count.begin(), count.end(), c.begin() + (lo - nlo));
    std::copy(sum.begin(), sum.end(), s.begin() + (lo - nlo));
    count.swap(c);
    sum.swap(s);
    lo = nlo;
  }
  void add(double v) {
    const int b = bin_of(v);
    if (static_cast<std::size_t>(b - lo) >= count.size()) cover(b, b);  // also when empty
    count[b - lo] += 1;
    sum[b - lo] += v;
  }
  void merge(const Hist& o) {
    if (o.count.empty()) return;
    cover(o.lo, o.lo + static_cast<int>(o.count.size()) - 1);
    for (std::size_t k = 0; k < o.count.size(); ++k) {
      count[o.lo - lo + k] += o.count[k];
      sum[o.lo - lo + k] += o.sum[k];
    }
  }
  double quantile(double q) const {
    double n = 0;
    for (double c : count) n += c;
    if (!(q * n > 0)) return bin_mid(0);  // as a scan from bin 0 would stop at once
    double acc = 0;
    for (std::size_t k = 0; k < count.size(); ++k)
      if ((acc += count[k]) >= q * n) return bin_mid(lo + static_cast<int>(k));
    return bin_mid(kBins - 1);
  }
  // Gini of grouped data, each bin at its mean: G = 1 - sum_k p_k (L_{k-1} + L_k).
  double gini() const {
    double n = 0, total = 0;
    for (std::size_t k = 0; k < count.size(); ++k) {
      n += count[k];
      total += sum[k];
    }
    if (n <= 0 || total <= 0) return 0;
    double lorenz = 0, g = 1;
    for (std::size_t k = 0; k < count.size(); ++k) {
      if (count[k] == 0) continue;
      const double next = lorenz + sum[k] / total;
      g -= count[k] / n * (lorenz + next);
      lorenz = next;
    }
    return g;
  }
};

enum Col {
  kFirms, kMicro, kSmall, kMedium, kLarge, kEmp, kOut, kTurn, kUnfilledV, kDemandV, kProdW, kNear, kQual,
  kPriceW, kMarkupW, kShare, kProfit, kDebt, kInformal, kRationed, kDeg, kTrust, kEnergy, kCash, kNW, kHHI,
  kExports, kExporters, kExpEmp, kExpProd, kProdSum, kCert, kInCons, kSub, kSubFirms, kCount
};

struct Acc {
  Sums<kCount> s;
  Hist prod, emp;
};

}  // namespace

void observe(World& w) {
  const Params& P = w.params;
  const Firms& f = w.firms;
  const double frontier = w.env.frontier_prod;
  w.indicators.assign(w.clusters.size(), Indicators{});
  std::vector<double> consortia(w.clusters.size(), 0.0);  // alive consortia by cluster
  for (const Consortium& k : w.exports.consortia)
    if (k.alive) consortia[k.cluster] += 1;
  for_each_cluster(w, [&](std::size_t c) {
    const auto& m = w.members[c];
    Acc a = det_reduce(
        w.exec, m.size(), Acc{},
        [&](std::size_t b, std::size_t e) {
          Acc x;
          auto& s = x.s;
          for (std::size_t k = b; k < e; ++k) {
            const Slot i = m[k];
            s[kFirms] += 1;
            s[kMicro + static_cast<int>(size_class(f.capital[i], 12.0 * f.revenue[i]))] += 1;
            s[kEmp] += f.employees[i];
            s[kOut] += f.msg.output[i];
            s[kTurn] += f.revenue[i];
            s[kUnfilledV] += (double(f.msg.demand[i]) - f.sold[i]) * f.price[i];
            s[kDemandV] += double(f.msg.demand[i]) * f.price[i];
            s[kProdW] += double(f.employees[i]) * eff_prod(f, i);
            s[kNear] += f.prod[i] >= 0.9 * frontier;
            s[kQual] += f.quality[i];
            s[kPriceW] += f.share[i] * f.price[i];
            s[kMarkupW] += f.share[i] * f.markup[i];
            s[kShare] += f.share[i];
            s[kHHI] += f.share[i] * f.share[i];
            s[kProfit] += f.msg.profit[i];
            s[kDebt] += f.debt[i];
            s[kInformal] += f.debt_inf[i];
            s[kRationed] += f.msg.rationed[i];
            const int deg = w.net.degree(i);
            s[kDeg] += deg;
            for (int l = 0; l < deg; ++l) s[kTrust] += w.net.trust_at(i, l, w.step);
            s[kEnergy] += double(f.energy[i]) * f.msg.output[i];
            s[kCash] += f.cash[i];
            s[kNW] += net_worth(f, i);
            if (is_exporter(f, i)) {
              s[kExports] += f.msg.export_revenue[i];
              s[kExporters] += 1;
              s[kExpEmp] += f.employees[i];
              s[kExpProd] += eff_prod(f, i);
            }
            s[kCert] += certified(f, i, w.step);
            s[kInCons] += f.consortium[i] != kNoConsortium;
            s[kSub] += f.msg.sub_done[i];
            s[kSubFirms] += f.msg.sub_done[i] > 0;
            s[kProdSum] += eff_prod(f, i);
            x.prod.add(eff_prod(f, i));
            x.emp.add(f.employees[i]);
          }
          return x;
        },
        [](Acc& x, const Acc& y) {
          x.s.add(y.s);
          x.prod.merge(y.prod);
          x.emp.merge(y.emp);
        },
        65536);
    const auto& s = a.s;
    const ClusterState& cl = w.clusters[c];
    Indicators& o = w.indicators[c];
    const double n = std::max(1.0, s[kFirms]);
    o.firms = s[kFirms];
    o.micro = s[kMicro];
    o.small = s[kSmall];
    o.medium = s[kMedium];
    o.large = s[kLarge];
    o.entries = cl.entries;
    o.exits = cl.exits;
    o.exits_share = cl.exits_by[static_cast<int>(ExitReason::share)];
    o.exits_insolvent = cl.exits_by[static_cast<int>(ExitReason::insolvent)];
    o.exits_npa = cl.exits_by[static_cast<int>(ExitReason::npa)];
    o.employment = s[kEmp];
    o.output = s[kOut];
    o.turnover = s[kTurn];
    o.exports = s[kExports];
    o.export_share = s[kTurn] > 0 ? s[kExports] / s[kTurn] : 0;
    o.exporters = s[kExporters];
    const double non = s[kFirms] - s[kExporters];
    const double emp_non = (s[kEmp] - s[kExpEmp]) / std::max(1.0, non);
    const double prod_non = (s[kProdSum] - s[kExpProd]) / std::max(1.0, non);
    o.exporter_size_ratio = s[kExporters] > 0 && emp_non > 0 ? s[kExpEmp] / s[kExporters] / emp_non : 0;
    o.exporter_prod_ratio = s[kExporters] > 0 && prod_non > 0 ? s[kExpProd] / s[kExporters] / prod_non : 0;
    o.certified = s[kCert];
    o.consortium_firms = s[kInCons];
    o.subcontracted = s[kSub];
    o.subcontractors = s[kSubFirms];
    o.orders_arrived = w.exports.arrivals[c];
    o.orders_awarded = w.exports.awards[c];
    o.orders_failed = w.exports.failures[c];
    o.visibility = w.exports.visibility[c];
    o.consortia = consortia[c];
    o.demand = cl.demand;
    o.foreign_demand = cl.foreign;
    o.unfilled_share = s[kDemandV] > 0 ? s[kUnfilledV] / s[kDemandV] : 0;
    o.prod_mean = s[kEmp] > 0 ? s[kProdW] / s[kEmp] : 0;
    const double p10 = a.prod.quantile(0.1);
    o.prod_p90_p10 = p10 > 0 ? a.prod.quantile(0.9) / p10 : 0;
    o.frontier = frontier;
    o.near_frontier_share = s[kNear] / n;
    o.quality_mean = s[kQual] / n;
    o.price_mean = s[kShare] > 0 ? s[kPriceW] / s[kShare] : 0;
    o.input_price = w.env.input_price;
    o.wage = P.market.wage;
    o.markup_mean = s[kShare] > 0 ? s[kMarkupW] / s[kShare] : 0;
    o.margin = s[kTurn] > 0 ? s[kProfit] / s[kTurn] : 0;
    o.profit_rate = cl.profit_rate;
    o.credit = s[kDebt];
    o.informal_credit = s[kInformal];
    o.rationed_share = s[kRationed] / n;
    double bad = 0, npas = 0;
    for (std::uint32_t b = 0; b < cl.n_banks; ++b) {
      bad += w.banks.bad_debt[cl.first_bank + b];
      npas += w.banks.npa_count[cl.first_bank + b];
    }
    // bad_debt decays by 11/12 a month, so it holds about a year of write-offs.
    o.npa_ratio = s[kDebt] > 0 ? bad / s[kDebt] : 0;
    o.new_npas = npas;
    o.links = s[kDeg] / 2;
    o.mean_degree = s[kDeg] / n;
    o.trust_mean = s[kDeg] > 0 ? s[kTrust] / s[kDeg] : 0;
    o.energy = s[kEnergy];
    o.emissions = s[kEnergy] * P.market.emission_factor;
    o.emissions_intensity = s[kTurn] > 0 ? o.emissions / s[kTurn] : 0;
    o.gini_employment = a.emp.gini();
    o.hhi = s[kHHI];
    o.cash = s[kCash];
    o.net_worth = s[kNW];
    const ProgrammeTally& pt = cl.tally;
    o.programme_phase = w.levers.programme_phase;
    o.programme_spending = pt.spending + (c < w.levers.own_spending.size() ? w.levers.own_spending[c] : 0.0);
    o.subsidies = pt.subsidies;
    o.guarantee_claims = pt.guarantee_claims;
    o.guarantee_fees = pt.guarantee_fees;
    o.vouchers = pt.vouchers;
    o.audits = pt.audits;
    o.trained = pt.trained;
    o.fair_firms = pt.fair_firms;
    o.fair_links = pt.fair_links;
    o.consortium_grants = pt.consortium_grants;
    observe_bds(w, c, o);
    observe_institutions(w, c, o);
  });
}

void rebuild_members(World& w) {
  const Firms& f = w.firms;
  for (auto& m : w.members) m.clear();
  w.free_slots.clear();
  for (Slot i = 0; i < f.size(); ++i) {
    if (f.alive[i])
      w.members[f.cluster[i]].push_back(i);
    else
      w.free_slots.push_back(i);
  }
  std::reverse(w.free_slots.begin(), w.free_slots.end());
}

void update_members(World& w, std::vector<Slot> exited, const std::vector<std::vector<Slot>>& entered) {
  const Firms& f = w.firms;
  // Each cluster: the members still alive, merged from the back with its entrants (both
  // ascending; slots are distinct).
  for_each_cluster(w, [&](std::size_t c) {
    auto& m = w.members[c];
    const auto& in = entered[c];
    std::size_t a = static_cast<std::size_t>(std::remove_if(m.begin(), m.end(), [&f](Slot i) { return f.alive[i] == 0; }) - m.begin());
    std::size_t b = in.size(), o = a + b;
    m.resize(o);
    while (b > 0) m[--o] = a > 0 && m[a - 1] > in[b - 1] ? m[--a] : in[--b];
  });
  // Free slots, descending: those entrants did not take (the front of the list) and the exits.
  std::sort(exited.begin(), exited.end(), std::greater<Slot>());
  std::vector<Slot> free(w.free_slots.size() + exited.size());
  std::merge(w.free_slots.begin(), w.free_slots.end(), exited.begin(), exited.end(), free.begin(), std::greater<Slot>());
  w.free_slots.swap(free);
}

}  // namespace cs
