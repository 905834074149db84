// Foreign buyers (MODEL.md section 2): orders arrive as a Poisson process whose rate scales with
// the global demand index and the cluster's visibility; each carries a monthly quantity for a
// number of months, a quality threshold and possibly a certification requirement. Single firms
// and consortia with the spare capacity, quality and certificate bid; the buyer picks with the
// EURACE logit P ~ exp(gamma (gamma_q ln q - ln p)). Deliveries happen in production; here the
// previous month's deliveries are judged: full delivery raises visibility, a shortfall lowers it
// and costs trust inside a consortium, a large one makes the buyer cancel.
// Programme levers, applied before this month's arrivals: levers.visibility_boost is added to
// every cluster's visibility (capped at 3 as any gain); buyers arrive at levers.buyer_rate_mult
// times the rate; a trade fair (levers.fair_firms > 0) takes that many firms of each cluster,
// chosen by a lottery (Stream::trade_fair, one key per firm and month) among the alive firms not
// about to exit, firms with quality above the cluster's median first; each participant meets up
// to two others drawn at random among the participants (its own stream, draws 1 and 2) and the
// pair gains trust (trust_pair, success: a link at trust_init where there was none). The fair's
// cost is the programme's own spending.
#include <algorithm>
#include <cmath>

#include "agents/bds.hpp"
#include "core/rng.hpp"
#include "network/trust_update.hpp"
#include "phases/phases.hpp"
#include "phases/settle.hpp"

namespace cs {

namespace {

struct Bid {
  Slot firm = kNoSlot;
  std::uint32_t consortium = kNoConsortium;
  double price = 0, quality = 0;
  double score = 0;  // the buyer's logit utility, then its weight relative to the best bid
};

// A bid with the buyer's utility gamma (gamma_q ln q - ln p), worked out where the bid is made
// (single firms' bids in parallel).
Bid make_bid(const ExportParams& X, Slot firm, std::uint32_t consortium, double price, double quality) {
  return {firm, consortium, price, quality, X.logit_gamma * (X.logit_gamma_q * std::log(quality) - std::log(price))};
}

// Sets (or clears, with qty 0) the commitment of an order's supplier(s), split by capacity.
void assign(World& w, const Order& o, double qty, double price) {
  Firms& f = w.firms;
  const double cpu = w.params.tech.capital_per_unit;
  if (o.firm != kNoSlot) {
    f.export_qty[o.firm] = static_cast<float>(qty);
    f.export_price[o.firm] = static_cast<float>(price);
    return;
  }
  const auto& m = w.exports.consortia[o.consortium].members;
  double cap = 0;
  for (Slot i : m) cap += capacity(f, i, cpu);
  for (Slot i : m) {
    f.export_qty[i] = static_cast<float>(cap > 0 ? qty * capacity(f, i, cpu) / cap : 0.0);
    f.export_price[i] = static_cast<float>(price);
  }
}

void finish(World& w, Order& o) {
  assign(w, o, 0, 0);
  if (o.consortium != kNoConsortium) w.exports.consortia[o.consortium].busy = false;
  o.active = false;
}

// Judges last month's deliveries of every active order.
void judge_orders(World& w) {
  const auto& X = w.params.exports;
  const Firms& f = w.firms;
  for (Order& o : w.exports.orders) {
    if (!o.active) continue;
    double qty = 0, sold = 0;
    auto add = [&](Slot i) {
      qty += f.export_qty[i];
      sold += std::min(f.export_qty[i], f.export_sold[i]);  // orders are served before standing customers
    };
    if (o.firm != kNoSlot) add(o.firm);
    else for (Slot i : w.exports.consortia[o.consortium].members) add(i);
    const double fill = qty > 0 ? sold / qty : 0.0;
    double& vis = w.exports.visibility[o.cluster];
    const bool consortium = o.consortium != kNoConsortium;
    if (fill >= 0.95) {
      vis = std::min(3.0, vis + X.visibility_gain);
    } else {
      vis = std::max(0.2, vis - X.visibility_loss);
      ++w.exports.failures[o.cluster];
      if (consortium) trust_among(w, w.exports.consortia[o.consortium].members, false);
    }
    --o.months_left;
    if (fill < X.cancel_fill || o.months_left <= 0) {
      if (consortium && fill >= 0.95) trust_among(w, w.exports.consortia[o.consortium].members, true);
      finish(w, o);
    }
  }
}

// Capacity a firm can offer abroad: capacity less the expected domestic sales it would keep
// (exports pay a premium, so it would divert a share) and its current commitments.
double spare(const World& w, Slot i) {
  const Firms& f = w.firms;
  return capacity(f, i, w.params.tech.capital_per_unit) * w.env.power_mult -
         (1.0 - w.params.exports.export_divert) * f.exp_demand[i] - f.export_qty[i];
}

// A trade fair in cluster c with up to n of its firms (see the header comment).
void trade_fair(World& w, std::size_t c, int n) {
  const Firms& f = w.firms;
  const auto& m = w.members[c];
  const auto t = static_cast<std::uint32_t>(w.step);
  std::vector<float> q;
  q.reserve(m.size());
  for (Slot i : m)
    if (!f.msg.exit_mark[i]) q.push_back(f.quality[i]);
  if (q.empty() || n <= 0) return;
  const auto mid = q.begin() + static_cast<std::ptrdiff_t>(q.size() / 2);
  std::nth_element(q.begin(), mid, q.end());
  const float median = *mid;
  struct Entry {
    bool above;
    std::uint32_t key;
    Slot slot;
  };
  std::vector<Entry> lot;
  lot.reserve(q.size());
  for (Slot i : m)
    if (!f.msg.exit_mark[i]) lot.push_back({f.quality[i] > median, Rng(w.params.run.seed, Stream::trade_fair, f.uid[i], t).bits(), i});
  const std::size_t k = std::min(lot.size(), static_cast<std::size_t>(n));
  std::partial_sort(lot.begin(), lot.begin() + static_cast<std::ptrdiff_t>(k), lot.end(), [](const Entry& a, const Entry& b) {
    if (a.above != b.above) return a.above;
    return a.key != b.key ? a.key < b.key : a.slot < b.slot;
  });
  ProgrammeTally& tally = w.clusters[c].tally;
  tally.fair_firms += static_cast<double>(k);
  for (std::size_t a = 0; a < k; ++a) w.part.note(lot[a].slot, Channel::export_promotion, w.step);
  if (k < 2) return;
  const auto kk = static_cast<std::uint32_t>(k);
  for (std::size_t a = 0; a < k; ++a) {
    const Slot i = lot[a].slot;
    Rng r(w.params.run.seed, Stream::trade_fair, f.uid[i], t);
    r.bits();  // the lottery key
    for (int meet = 0; meet < 2 && meet + 1 < static_cast<int>(k); ++meet) {
      std::uint32_t b = r.below(kk - 1);
      if (b >= a) ++b;  // anyone but itself
      const Slot j = lot[b].slot;
      if (trust_between(w, i, j) < 0) tally.fair_links += 1;
      trust_pair(w, i, j, true);
    }
  }
}

// A foreign buyer of this month.
struct Buyer {
  double qty = 0, q_min = 0, u = 0;
  bool need_cert = false;
};

// The members of a cluster that could bid alone for at least one of up to 64 buyers (a window
// of the month's buyers), in slot order, with a bit per buyer. A firm's bid for a buyer also
// needs it to have won no earlier buyer this month: checked when the buyer is served (a window is
// qualified when its first buyer comes, so it already leaves out the earlier windows' winners).
// Nothing else that a bid reads changes while buyers are served.
struct Qualified {
  std::vector<Slot> slot;
  std::vector<std::uint64_t> mask;
};

Qualified qualify(const World& w, const std::vector<Slot>& m, const Buyer* buyers, std::size_t n) {
  const Firms& f = w.firms;
  return det_reduce(
      w.exec, m.size(), Qualified{},
      [&](std::size_t b, std::size_t e) {
        Qualified out;
        for (std::size_t k = b; k < e; ++k) {
          const Slot i = m[k];
          if (f.consortium[i] != kNoConsortium || f.export_qty[i] > 0) continue;
          const double qi = f.quality[i], sp = spare(w, i);
          const bool cert = certified(f, i, w.step);
          std::uint64_t x = 0;
          for (std::size_t j = 0; j < n; ++j) {
            const Buyer& by = buyers[j];
            const bool ok = !(qi < by.q_min) & (!by.need_cert || cert) & !(sp < by.qty);
            x |= std::uint64_t{ok} << j;
          }
          if (!x) continue;
          out.slot.push_back(i);
          out.mask.push_back(x);
        }
        return out;
      },
      [](Qualified& a, const Qualified& b) {
        a.slot.insert(a.slot.end(), b.slot.begin(), b.slot.end());
        a.mask.insert(a.mask.end(), b.mask.begin(), b.mask.end());
      },
      16384);
}

// What a consortium would bid: capacity-weighted price and quality, its spare capacity, and
// whether all its members are certified. A consortium's members change nothing of this until it
// wins an order (it is then busy).
struct ConsortiumBid {
  std::uint32_t index = 0;
  double cap = 0, free = 0, pq = 0, qq = 0;
  bool certified = true;
};

std::vector<ConsortiumBid> consortium_bids(const World& w, const std::vector<std::uint32_t>& of_cluster) {
  const Firms& f = w.firms;
  std::vector<ConsortiumBid> out;
  for (const std::uint32_t k : of_cluster) {
    const Consortium& cons = w.exports.consortia[k];
    if (cons.busy) continue;
    ConsortiumBid b;
    b.index = k;
    for (Slot i : cons.members) {
      const double ci = capacity(f, i, w.params.tech.capital_per_unit);
      b.cap += ci;
      b.free += spare(w, i);
      b.pq += ci * f.price[i];
      b.qq += ci * f.quality[i];
      b.certified = b.certified && certified(f, i, w.step);
    }
    out.push_back(b);
  }
  return out;
}

}  // namespace

void phase_foreign_orders(World& w) {
  const Params& P = w.params;
  const auto& X = P.exports;
  Firms& f = w.firms;
  ExportBook& xb = w.exports;
  std::fill(xb.arrivals.begin(), xb.arrivals.end(), 0u);
  std::fill(xb.awards.begin(), xb.awards.end(), 0u);
  std::fill(xb.failures.begin(), xb.failures.end(), 0u);
  judge_orders(w);
  const Levers& L = w.levers;
  for (std::size_t c = 0; c < w.clusters.size(); ++c) {
    if (L.visibility_boost > 0) xb.visibility[c] = std::min(3.0, xb.visibility[c] + L.visibility_boost);
    if (L.fair_firms > 0) trade_fair(w, c, L.fair_firms);
  }
  if (w.env.export_ban) return;

  // Consortia by cluster (in index order) and the free order slots (ascending): the bids and
  // the slot an award takes are the same as scanning every consortium and every order, without
  // the cost of doing that per arrival in national mode.
  std::vector<std::vector<std::uint32_t>> cons_of(w.clusters.size());
  for (std::uint32_t k2 = 0; k2 < xb.consortia.size(); ++k2)
    if (xb.consortia[k2].alive) cons_of[xb.consortia[k2].cluster].push_back(k2);
  std::vector<std::size_t> free_orders;
  for (std::size_t k = 0; k < xb.orders.size(); ++k)
    if (!xb.orders[k].active) free_orders.push_back(k);
  std::size_t next_free = 0;

  for (std::size_t c = 0; c < w.clusters.size(); ++c) {
    Rng r(P.run.seed, Stream::foreign_buyers, static_cast<std::uint32_t>(c), static_cast<std::uint32_t>(w.step));
    const std::uint32_t n = r.poisson(X.buyer_rate * L.buyer_rate_mult * w.env.global_index * xb.visibility[c]);
    if (n == 0) continue;
    // The month's buyers, drawn up front in arrival order (the draws are those made one buyer at
    // a time: nothing else reads this stream).
    std::vector<Buyer> buyers(n);
    for (Buyer& b : buyers) {
      b.qty = X.order_size_median * std::exp(X.order_size_sigma * r.normal());
      b.q_min = r.uniform(X.quality_min_lo, X.quality_min_hi);
      b.need_cert = r.bernoulli(X.certified_share);
      b.u = r.uniform();
    }
    const std::vector<ConsortiumBid> cons = consortium_bids(w, cons_of[c]);
    Qualified qualified;
    for (std::uint32_t k = 0; k < n; ++k) {
      ++xb.arrivals[c];
      if (k % 64 == 0) qualified = qualify(w, w.members[c], &buyers[k], std::min<std::size_t>(64, n - k));
      const Buyer& buyer = buyers[k];
      const double qty = buyer.qty, u = buyer.u;
      // Bidders: single firms (in slot order) that qualified and won no order this month, then
      // consortia.
      std::vector<Bid> bids = det_reduce(
          w.exec, qualified.slot.size(), std::vector<Bid>{},
          [&](std::size_t b, std::size_t e) {
            std::vector<Bid> out;
            for (std::size_t j = b; j < e; ++j) {
              const Slot i = qualified.slot[j];
              if (!(qualified.mask[j] >> (k % 64) & 1u) || f.export_qty[i] > 0) continue;
              out.push_back(make_bid(X, i, kNoConsortium, X.price_premium * f.price[i], f.quality[i]));
            }
            return out;
          },
          [](std::vector<Bid>& a, const std::vector<Bid>& b) { a.insert(a.end(), b.begin(), b.end()); }, 4096);
      for (const ConsortiumBid& cb : cons) {
        if (xb.consortia[cb.index].busy) continue;
        if ((buyer.need_cert && !cb.certified) || cb.cap <= 0 || cb.free < qty || cb.qq / cb.cap < buyer.q_min) continue;
        bids.push_back(make_bid(X, kNoSlot, cb.index, X.price_premium * cb.pq / cb.cap, cb.qq / cb.cap));
      }
      if (bids.empty()) continue;
      // Logit choice: weights relative to the best bid, so the exponentials never overflow
      // (computed in parallel, summed in bid order).
      double best = -1e300, total = 0;
      for (const Bid& b : bids) best = std::max(best, b.score);
      for_each_index(w.exec, bids.size(), [&](std::size_t b) { bids[b].score = std::exp(bids[b].score - best); }, 4096);
      for (const Bid& b : bids) total += b.score;
      std::size_t pick = bids.size() - 1;
      double acc = u * total;
      for (std::size_t b = 0; b < bids.size(); ++b)
        if ((acc -= bids[b].score) <= 0) {
          pick = b;
          break;
        }
      Order o;
      o.cluster = static_cast<std::uint32_t>(c);
      o.firm = bids[pick].firm;
      o.consortium = bids[pick].consortium;
      o.qty = qty;
      o.price = bids[pick].price;
      o.months_left = X.delivery_months;
      o.active = true;
      if (o.consortium != kNoConsortium) {
        xb.consortia[o.consortium].busy = true;
        ++xb.consortia[o.consortium].orders_won;
      }
      assign(w, o, o.qty, o.price);
      if (next_free < free_orders.size()) xb.orders[free_orders[next_free++]] = o;
      else xb.orders.push_back(o);
      ++xb.awards[c];
    }
  }
}

}  // namespace cs
