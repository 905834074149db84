// Phase 7, services: the BDS market (MODEL.md sections 2, 3 and 6), as request-then-resolve.
//  1. Each firm, in parallel, collects the transport saving of a running logistics contract,
//     may learn of service kinds its neighbours bought recently, and requests at most one
//     service: among the kinds it knows and may buy now, the one whose expected benefit exceeds
//     the fee (net of its voucher) of its best affordable provider by the most.
//  2. Each cluster's requests of a kind are served in the order of a counter-based draw per
//     (firm, month); each firm takes the best provider (quality / fee) with capacity left that it
//     can afford and whose expected benefit covers the fee, trying at most `search_max` of them.
//     Requests left over are unmet demand.
//  3. Served firms pay and receive the effect, in parallel; the sums settle the providers' and
//     the programme's accounts; providers then pay their costs, exit and enter (bds_providers.cpp).
// Vouchers (levers): a firm eligible under levers.voucher_target gets share voucher_share[k] of
// kind k's fee from purse[bds_development] and, for testing, certification_voucher from
// purse[quality_certification] (the two together at most 1: the certification share is cut
// first). Offers carry fees before vouchers; each firm decides on the fee net of its own voucher.
// When the vouchers of this month's served firms exceed a purse's budget, every voucher paid by
// that purse is scaled by the same share (Purse::share_of of the total over all clusters), the
// firm paying the rest of the fee as far as its cash goes (possibly eating into what it set
// aside for debt service); a provider forgoes what a firm cannot pay. A purse whose budget is
// spent (left = 0) offers no vouchers.
// While levers.provider_training > 0, every provider's quality first rises by
// provider_training x (1 - quality).
// Reads: firm revenue, employees, quality, debt, credit class, cash, the trust network.
// Writes: firms' cash, profit, quality, prod, skill, credit_class; w.bds; ledger accounts.
#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <limits>
#include <vector>

#include "core/rng.hpp"
#include "phases/bds_market.hpp"
#include "phases/finance.hpp"
#include "phases/phases.hpp"
#include "phases/settle.hpp"

namespace cs {

namespace {

constexpr int kDesign = 0, kTesting = 1, kConsulting = 2, kLogistics = 3, kFinance = 4;

struct Request {
  Slot slot;
  double keep;        // share of the fee the firm pays itself (1 - its vouchers)
  std::uint32_t key;  // priority: lower keys are served first
  double budget;      // the most the firm will pay now, ₹ lakh
  float b0, b1;       // expected benefit = b0 + b1 x provider quality, ₹ lakh
};

struct Demand {
  std::array<std::vector<Request>, kBdsKinds> req;
  double savings = 0;  // logistics savings credited to firms
};

struct Served {
  Slot slot;
  std::uint8_t kind;
  std::uint32_t offer;  // index in the cluster's offers of that kind
};

double benefit(float b0, float b1, double quality) { return double(b0) + double(b1) * quality; }

// Voucher shares of firm i for kind k: from purse[bds_development] and from
// purse[quality_certification] (testing only); together at most 1.
struct VoucherShare {
  double bds = 0, cert = 0;
  double keep() const { return 1.0 - (bds + cert); }
};

// A purse with nothing left offers no vouchers.
VoucherShare eligible_voucher_share(const Levers& L, int k) {
  VoucherShare v;
  if (L.purse[idx(Channel::bds_development)].left > 0) v.bds = std::clamp(L.voucher_share[k], 0.0, 1.0);
  if (k == kTesting && L.purse[idx(Channel::quality_certification)].left > 0)
    v.cert = std::clamp(L.certification_voucher, 0.0, 1.0 - v.bds);
  return v;
}
VoucherShare voucher_share(const Levers& L, Slot i, int k) {
  return eligible(L.voucher_target, i) ? eligible_voucher_share(L, k) : VoucherShare{};
}

// Expected benefit of kind k for firm i as b0 + b1 x provider quality, or false when the firm
// may not buy k now (bought too recently, certificate still valid, best credit class...).
bool expected_benefit(const World& w, Slot i, int k, float& b0, float& b1) {
  const BdsParams& B = w.params.bds;
  const Firms& f = w.firms;
  const BdsFirmState& s = w.bds.firm;
  const int t = w.step;
  const int since = t - s.last_buy[i][k];
  const double rev = f.revenue[i], q = f.quality[i];
  double v0 = 0, v1 = 0;
  switch (k) {
    case kDesign:  // a quality gain, valued as the revenue it brings over the horizon
      if (since < B.repeat_months) return false;
      v1 = B.design_gain * (1.0 - q) * B.design_value * rev * B.horizon_months;
      break;
    case kTesting:  // a certificate's value, plus a small quality gain
      if (f.cert_until[i] - t > B.cert_renewal_months) return false;
      v0 = B.cert_value * rev * B.horizon_months;
      v1 = B.testing_quality_gain * (1.0 - q) * B.design_value * rev * B.horizon_months;
      break;
    case kConsulting: {  // the expected productivity gain, valued as wages saved
      if (since < B.repeat_months) return false;
      const double mean_draw = B.consulting_beta_a / (B.consulting_beta_a + B.consulting_beta_b);
      v1 = B.consulting_gain * mean_draw * w.params.market.wage * f.employees[i] * B.horizon_months;
      break;
    }
    case kLogistics:  // transport saved while the contract runs
      if (since < B.logistics_months) return false;
      v1 = B.logistics_saving * rev * B.logistics_months;
      break;
    default: {  // finance: one credit class better until the banks' next rating
      const auto& F = w.params.finance;
      const int last_rating = t - (t - 1) % F.rating_interval;
      if (f.credit_class[i] <= 1 || f.debt[i] <= 0 || s.last_buy[i][k] >= last_rating) return false;
      v1 = F.rate_base * F.rate_class_step * f.debt[i] * (last_rating + F.rating_interval - t);
    }
  }
  b0 = static_cast<float>(v0);
  b1 = static_cast<float>(v1);
  return true;
}

// What stage 1 reads for every firm, worked out once a month: the voucher shares of an eligible
// firm for each kind, and per cluster the least net fee any firm could pay (below it a firm's
// budget buys nothing, so its kinds need not be looked at).
struct DemandCtx {
  explicit DemandCtx(const World& w) : debt_service(w) {}
  DebtService debt_service;
  VoucherShare eligible_share[kBdsKinds];
  bool all_eligible = true;
  std::vector<double> least_fee;  // per cluster
};

DemandCtx demand_ctx(const World& w) {
  const Levers& L = w.levers;
  DemandCtx x(w);
  x.all_eligible = L.voucher_target.empty();
  for (int k = 0; k < kBdsKinds; ++k) x.eligible_share[k] = eligible_voucher_share(L, k);
  x.least_fee.assign(w.clusters.size(), 0.0);
  for (std::size_t c = 0; c < w.clusters.size(); ++c) {
    double least = std::numeric_limits<double>::infinity();
    for (int k = 0; k < kBdsKinds; ++k) {
      // A firm's keep is 1 (not eligible) or the eligible keep: at least the smaller of the two.
      const double keep_lb = std::min(1.0, x.eligible_share[k].keep());
      least = std::min(least, w.bds.market[c].offers[k].back().min_net_fee * keep_lb);
    }
    x.least_fee[c] = least;
  }
  return x;
}

// Stage 1 for one firm: logistics saving, awareness spread, and at most one request.
void firm_demand(World& w, const DemandCtx& x, Slot i, Demand& d) {
  const BdsParams& B = w.params.bds;
  Firms& f = w.firms;
  BdsFirmState& s = w.bds.firm;
  const BdsMarket& m = w.bds.market[f.cluster[i]];
  const int t = w.step;

  const int since_log = t - s.last_buy[i][kLogistics];
  if (since_log >= 1 && since_log <= B.logistics_months && s.logistics_saving[i] > 0) {
    const double saving = double(s.logistics_saving[i]) * f.revenue[i];
    f.cash[i] += saving;
    f.msg.profit[i] += static_cast<float>(saving);
    d.savings += saving;
  }

  // Word of mouth: P(aware of k) = 1 - exp(-spread x share of neighbours who bought k recently).
  std::uint8_t aware = s.aware[i];
  const auto unaware = static_cast<std::uint8_t>(kBdsAllKinds & ~aware);
  // Checked every spread_interval months (staggered by uid) with the hazard of the whole
  // interval, which keeps the scan of neighbours off most firms in most months.
  const auto interval = static_cast<std::uint32_t>(B.spread_interval);
  if (unaware && (f.uid[i] + static_cast<std::uint32_t>(t)) % interval == 0) {
    const int deg = w.net.degree(i);
    int bought[kBdsKinds] = {0, 0, 0, 0, 0};
    unsigned any = 0;
    for (int l = 0; l < deg; ++l) {
      unsigned b = s.recent[w.net.neighbour(i, l)] & unaware;
      any |= b;
      for (; b; b &= b - 1) ++bought[std::countr_zero(b)];
    }
    if (any) {
      Rng r(w.params.run.seed, Stream::bds_awareness, f.uid[i], static_cast<std::uint32_t>(t));
      for (int k = 0; k < kBdsKinds; ++k)
        if (bought[k] > 0 && r.bernoulli(1.0 - std::exp(-B.spread * B.spread_interval * bought[k] / deg)))
          aware |= static_cast<std::uint8_t>(1u << k);
      s.aware[i] = aware;
    }
  }
  // What neighbours will see next month: kinds bought in months t - recent_months + 1 .. t - 1
  // (this month's purchase, if any, is added when it is served).
  std::uint8_t recent = 0;
  for (int k = 0; k < kBdsKinds; ++k)
    if (s.last_buy[i][k] > t - B.recent_months) recent |= static_cast<std::uint8_t>(1u << k);
  s.recent_next[i] = recent;

  if (!aware || f.msg.exit_mark[i]) return;

  const double budget = std::max(0.0, f.cash[i] - x.debt_service(i));
  if (x.least_fee[f.cluster[i]] > budget) return;  // every kind's cheapest offer is beyond it
  const bool elig = x.all_eligible || eligible(w.levers.voucher_target, i);
  int best = -1;
  double best_gain = 0;
  float b0 = 0, b1 = 0;
  double best_keep = 1;
  for (int k = 0; k < kBdsKinds; ++k) {
    if (!(aware >> k & 1u)) continue;
    const auto& offers = m.offers[k];
    const double keep = elig ? x.eligible_share[k].keep() : VoucherShare{}.keep();
    // Offers carry fees before vouchers (bds_rank_offers); x keep is the firm's net fee.
    if (offers.back().min_net_fee * keep > budget) continue;
    float c0, c1;
    if (!expected_benefit(w, i, k, c0, c1)) continue;
    if (benefit(c0, c1, m.best_quality[k]) < offers.back().min_net_fee * keep) continue;  // no offer can pay
    // The best-ranked affordable offer: the first whose running minimum fee is within budget.
    const auto o = std::partition_point(offers.begin(), offers.end(),
                                        [budget, keep](const BdsOffer& x) { return x.min_net_fee * keep > budget; });
    const double gain = benefit(c0, c1, o->quality) - o->net_fee * keep;
    if (gain >= 0 && (best < 0 || gain > best_gain)) {
      best = k;
      best_gain = gain;
      best_keep = keep;
      b0 = c0;
      b1 = c1;
    }
  }
  if (best < 0) return;
  Rng ra(w.params.run.seed, Stream::bds_allocation, f.uid[i], static_cast<std::uint32_t>(t));
  d.req[best].push_back({i, best_keep, ra.bits(), budget, b0, b1});
}

// Requests in (key, slot) order. They arrive in slot order, so a stable sort on the key alone
// gives that order: LSD radix sort on the 32-bit key (linear time) for long lists.
void sort_requests(std::vector<Request>& req, std::vector<Request>& tmp) {
  if (req.size() < 2048) {
    std::sort(req.begin(), req.end(),
              [](const Request& a, const Request& b) { return a.key != b.key ? a.key < b.key : a.slot < b.slot; });
    return;
  }
  tmp.resize(req.size());
  for (int shift = 0; shift < 32; shift += 8) {
    std::size_t pos[257] = {};
    for (const Request& r : req) ++pos[((r.key >> shift) & 255u) + 1];
    for (int d = 0; d < 256; ++d) pos[d + 1] += pos[d];
    for (const Request& r : req) tmp[pos[(r.key >> shift) & 255u]++] = r;
    req.swap(tmp);
  }
}

// Stage 2 for one cluster and kind: serve requests in key order; each takes the best-ranked
// offer with room that it can afford and whose benefit covers the fee, among the first
// `search_max` offers with room.
void allocate(World& w, std::size_t c, int k, std::vector<Request>& req, std::vector<Served>& served) {
  const int search_max = w.params.bds.search_max;
  BdsMarket& m = w.bds.market[c];
  const auto& offers = m.offers[k];
  const auto n = static_cast<std::uint32_t>(offers.size());
  std::vector<std::uint32_t> left(n), next(n + 1);  // next: skips offers without room
  std::size_t room = 0;
  for (std::uint32_t o = 0; o < n; ++o) {
    room += left[o] = offers[o].capacity;
    next[o] = left[o] > 0 ? o : o + 1;
  }
  next[n] = n;
  auto open_from = [&next](std::uint32_t o) {
    while (next[o] != o) o = next[o] = next[next[o]];
    return o;
  };
  m.requests[k] = static_cast<std::uint32_t>(req.size());
  m.served[k] = m.unmet[k] = 0;
  if (req.empty()) return;
  const BdsParams& B = w.params.bds;
  const double ref_fee = bds_reference_fee(B, k), ref_q = bds_mean_quality(B);
  auto entrant_could_serve = [&](const Request& r) {
    const double fee = ref_fee * r.keep;
    return fee <= r.budget && benefit(r.b0, r.b1, ref_q) >= fee;
  };
  std::vector<Request> tmp;
  if (room > 0) sort_requests(req, tmp);
  for (const Request& r : req) {
    bool done = false;
    int tried = 0;
    for (std::uint32_t o = open_from(0); room > 0 && o < n && tried < search_max; o = open_from(o + 1), ++tried) {
      const BdsOffer& x = offers[o];
      const double fee = x.net_fee * r.keep;
      if (fee > r.budget || benefit(r.b0, r.b1, x.quality) < fee) continue;
      if (--left[o] == 0) next[o] = o + 1;
      --room;
      served.push_back({r.slot, static_cast<std::uint8_t>(k), o});
      ++w.bds.served[x.provider];
      ++m.served[k];
      done = true;
      break;
    }
    if (!done && entrant_could_serve(r)) ++m.unmet[k];
  }
}

// Stage 3 for one served firm: it pays the provider (net of its vouchers, scaled by the purses'
// shares `pay`) and gets the effect. Returns the amounts paid by the firm and by the two purses.
void serve(World& w, std::size_t c, const Served& sv, const double pay[2], double& paid, double voucher[2]) {
  const BdsParams& B = w.params.bds;
  Firms& f = w.firms;
  BdsFirmState& s = w.bds.firm;
  const Slot i = sv.slot;
  const BdsOffer& o = w.bds.market[c].offers[sv.kind][sv.offer];
  const double fee = w.bds.fee[o.provider];
  const VoucherShare vs = voucher_share(w.levers, i, sv.kind);
  voucher[0] = fee * vs.bds;
  voucher[1] = fee * vs.cert;
  if (pay[0] == 1.0 && pay[1] == 1.0) {
    paid = o.net_fee * vs.keep();
  } else {
    voucher[0] *= pay[0];
    voucher[1] *= pay[1];
    // The firm pays the rest, as far as its cash goes (the provider forgoes any remainder).
    paid = std::min(fee - voucher[0] - voucher[1], std::max(0.0, f.cash[i]));
  }
  f.cash[i] -= paid;
  f.msg.profit[i] -= static_cast<float>(paid);
  const int t = w.step;
  if (voucher[0] > 0) w.part.note(i, Channel::bds_development, t, voucher[0]);
  if (voucher[1] > 0) w.part.note(i, Channel::quality_certification, t, voucher[1]);
  s.last_buy[i][sv.kind] = static_cast<std::int16_t>(t);
  s.recent_next[i] |= static_cast<std::uint8_t>(1u << sv.kind);
  const double qp = o.quality;
  Rng r(w.params.run.seed, Stream::bds_effects, f.uid[i], static_cast<std::uint32_t>(t));
  switch (sv.kind) {
    case kDesign:
      f.quality[i] += static_cast<float>(B.design_gain * qp * (1.0 - f.quality[i]));
      break;
    case kTesting:
      f.cert_until[i] = std::max(f.cert_until[i], t + w.params.firm_init.certificate_months);
      f.quality[i] += static_cast<float>(B.testing_quality_gain * qp * (1.0 - f.quality[i]));
      break;
    case kConsulting: {  // a one-off process gain: vintage productivity and skill rise together
      const double g = B.consulting_gain * qp * r.beta(B.consulting_beta_a, B.consulting_beta_b);
      f.prod[i] = static_cast<float>(f.prod[i] * (1.0 + g));
      f.skill[i] = static_cast<float>(f.skill[i] * (1.0 + g));
      break;
    }
    case kLogistics:
      s.logistics_saving[i] = static_cast<float>(B.logistics_saving * qp);
      break;
    default:  // finance: better books earn one credit class, with probability = provider quality
      if (r.bernoulli(qp)) f.credit_class[i] = static_cast<std::uint8_t>(std::max(1, f.credit_class[i] - 1));
  }
}

}  // namespace

void phase_services(World& w) {
  std::swap(w.bds.firm.recent, w.bds.firm.recent_next);
  bds_sync_firms(w);
  BdsProviders& p = w.bds;
  if (const double g = w.levers.provider_training; g > 0)
    for (std::uint32_t j = 0; j < p.size(); ++j)
      if (p.alive[j]) p.quality[j] += static_cast<float>(std::min(1.0, g) * (1.0 - p.quality[j]));
  bds_rank_offers(w);
  for (std::uint32_t j = 0; j < p.size(); ++j) p.served[j] = 0;
  const std::size_t C = w.clusters.size();

  // Stage 1 in fixed blocks of each cluster's members; the blocks' requests are concatenated in
  // block order, so each kind's list is in slot order whatever the thread count.
  constexpr std::size_t kBlock = 4096;
  const DemandCtx ctx = demand_ctx(w);
  std::vector<Demand> demand(C);
  for_each_cluster(w, [&](std::size_t c) {
    const auto& mem = w.members[c];
    std::vector<Demand> parts((mem.size() + kBlock - 1) / kBlock);
    for_each_index(w.exec, parts.size(), [&](std::size_t b) {
      for (std::size_t k = b * kBlock; k < std::min(mem.size(), (b + 1) * kBlock); ++k) firm_demand(w, ctx, mem[k], parts[b]);
    }, 1);
    Demand& d = demand[c];
    for (int k = 0; k < kBdsKinds; ++k) {
      std::size_t total = 0;
      for (const auto& x : parts) total += x.req[k].size();
      d.req[k].reserve(total);
      for (const auto& x : parts) d.req[k].insert(d.req[k].end(), x.req[k].begin(), x.req[k].end());
    }
    for (const auto& x : parts) d.savings += x.savings;
  });
  // Kinds share no provider and a firm asks for one kind a month, so each (cluster, kind) is
  // allocated on its own, in parallel; a cluster's list is its kinds' lists in kind order.
  std::vector<std::vector<Served>> by_kind(C * kBdsKinds);
  for_each_index(w.exec, C * kBdsKinds, [&](std::size_t ck) {
    allocate(w, ck / kBdsKinds, static_cast<int>(ck % kBdsKinds), demand[ck / kBdsKinds].req[ck % kBdsKinds], by_kind[ck]);
  }, 1);
  std::vector<std::vector<Served>> served(C);
  for (std::size_t c = 0; c < C; ++c)
    for (int k = 0; k < kBdsKinds; ++k) {
      auto& part = by_kind[c * kBdsKinds + k];
      served[c].insert(served[c].end(), part.begin(), part.end());
    }

  // Vouchers asked of each purse this month (clusters in order, each in service order); when a
  // purse cannot pay them all, each of its vouchers is paid in the same share pay[c][] (the same
  // in every cluster, unless the purse has a budget per cluster: then also within the cluster's).
  Levers& lv = w.levers;
  Purse* purse[2] = {&lv.purse[idx(Channel::bds_development)], &lv.purse[idx(Channel::quality_certification)]};
  std::vector<std::array<double, 2>> pay(C, {1.0, 1.0});
  if (purse[0]->left < std::numeric_limits<double>::infinity() ||
      purse[1]->left < std::numeric_limits<double>::infinity()) {
    double ask[2] = {0, 0};
    std::vector<std::array<double, 2>> ask_c(C, {0.0, 0.0});
    for (std::size_t c = 0; c < C; ++c)
      for (const Served& sv : served[c]) {
        const double fee = p.fee[p.market[c].offers[sv.kind][sv.offer].provider];
        const VoucherShare vs = voucher_share(lv, sv.slot, sv.kind);
        ask[0] += fee * vs.bds;
        ask[1] += fee * vs.cert;
        ask_c[c][0] += fee * vs.bds;
        ask_c[c][1] += fee * vs.cert;
      }
    for (std::size_t c = 0; c < C; ++c)
      for (int k = 0; k < 2; ++k) pay[c][k] = purse[k]->share_of(ask[k], c, ask_c[c][k]);
  }

  // Each served firm appears once (one request per firm a month), so rows are written once;
  // sums by provider (firm's part, the two purses' parts) settle the accounts.
  std::vector<std::vector<double>> sums(C);
  for_each_cluster(w, [&](std::size_t c) {
    const auto& sv = served[c];
    const std::size_t width = 3 * p.market[c].providers.size();
    sums[c] = det_reduce(
        w.exec, sv.size(), std::vector<double>(width, 0.0),
        [&](std::size_t b, std::size_t e) {
          std::vector<double> s(width, 0.0);
          for (std::size_t k = b; k < e; ++k) {
            double paid, voucher[2];
            serve(w, c, sv[k], pay[c].data(), paid, voucher);
            const std::uint32_t l = p.market[c].offers[sv[k].kind][sv[k].offer].local;
            s[3 * l] += paid;
            s[3 * l + 1] += voucher[0];
            s[3 * l + 2] += voucher[1];
          }
          return s;
        },
        [](std::vector<double>& a, const std::vector<double>& b) {
          for (std::size_t k = 0; k < a.size(); ++k) a[k] += b[k];
        },
        1024);
  });

  Ledger& L = w.ledger;
  for (std::size_t c = 0; c < C; ++c) {
    BdsMarket& m = p.market[c];
    ProgrammeTally& tally = w.clusters[c].tally;
    m.spending = m.vouchers = 0;
    for (std::size_t l = 0; l < m.providers.size(); ++l) {
      const std::uint32_t j = m.providers[l];
      const double paid = sums[c].empty() ? 0.0 : sums[c][3 * l];
      // take() bounds what rounding in the pro-rata shares could add beyond a purse's budget.
      const double v_bds = sums[c].empty() ? 0.0 : purse[0]->take(sums[c][3 * l + 1], c);
      const double v_cert = sums[c].empty() ? 0.0 : purse[1]->take(sums[c][3 * l + 2], c);
      const double voucher = v_bds + v_cert;
      p.revenue[j] = paid + voucher;
      if (paid == 0 && voucher == 0) continue;
      L.from_firms(p.account[j], paid, Flow::bds_fee);
      L.transfer(purse[0]->payer, p.account[j], v_bds, Flow::bds_voucher);
      if (v_cert != 0) L.transfer(purse[1]->payer, p.account[j], v_cert, Flow::bds_voucher);
      m.spending += paid;
      m.vouchers += voucher;
      tally.vouchers += voucher;
      tally.spending += voucher;
    }
    m.savings = demand[c].savings;
    L.to_firms(L.sector(Sector::input_suppliers), m.savings, Flow::bds_saving);
    bds_providers_month(w, c);
  }
}

}  // namespace cs
