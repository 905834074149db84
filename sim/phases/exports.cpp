// Foreign buyers (MODEL.md section 2): orders arrive as a Poisson process whose rate scales with
// the global demand index and the cluster's visibility; each carries a monthly quantity for a
// number of months, a quality threshold and possibly a certification requirement. Single firms
// and consortia with the spare capacity, quality and certificate bid; the buyer picks with the
// EURACE logit P ~ exp(gamma (gamma_q ln q - ln p)). Deliveries happen in production; here the
// previous month's deliveries are judged: full delivery raises visibility, a shortfall lowers it
// and costs trust inside a consortium, a large one makes the buyer cancel.
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
};

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
      sold += f.export_sold[i];
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
  if (w.env.export_ban) return;

  for (std::size_t c = 0; c < w.clusters.size(); ++c) {
    Rng r(P.run.seed, Stream::foreign_buyers, static_cast<std::uint32_t>(c), static_cast<std::uint32_t>(w.step));
    const std::uint32_t n = r.poisson(X.buyer_rate * w.env.global_index * xb.visibility[c]);
    for (std::uint32_t k = 0; k < n; ++k) {
      ++xb.arrivals[c];
      const double qty = X.order_size_median * std::exp(X.order_size_sigma * r.normal());
      const double q_min = r.uniform(X.quality_min_lo, X.quality_min_hi);
      const bool need_cert = r.bernoulli(X.certified_share);
      const double u = r.uniform();
      // Qualified bidders: single firms (found in parallel, kept in slot order), then consortia.
      const auto& m = w.members[c];
      std::vector<Bid> bids = det_reduce(
          w.exec, m.size(), std::vector<Bid>{},
          [&](std::size_t b, std::size_t e) {
            std::vector<Bid> out;
            for (std::size_t k3 = b; k3 < e; ++k3) {
              const Slot i = m[k3];
              if (f.consortium[i] != kNoConsortium || f.export_qty[i] > 0 || f.quality[i] < q_min) continue;
              if ((need_cert && !certified(f, i, w.step)) || spare(w, i) < qty) continue;
              out.push_back({i, kNoConsortium, X.price_premium * f.price[i], f.quality[i]});
            }
            return out;
          },
          [](std::vector<Bid>& a, const std::vector<Bid>& b) { a.insert(a.end(), b.begin(), b.end()); }, 16384);
      for (std::uint32_t k2 = 0; k2 < xb.consortia.size(); ++k2) {
        const Consortium& cons = xb.consortia[k2];
        if (!cons.alive || cons.busy || cons.cluster != c) continue;
        double cap = 0, free = 0, pq = 0, qq = 0;
        bool ok = true;
        for (Slot i : cons.members) {
          const double ci = capacity(f, i, P.tech.capital_per_unit);
          cap += ci;
          free += spare(w, i);
          pq += ci * f.price[i];
          qq += ci * f.quality[i];
          if (need_cert && !certified(f, i, w.step)) ok = false;
        }
        if (!ok || cap <= 0 || free < qty || qq / cap < q_min) continue;
        bids.push_back({kNoSlot, k2, X.price_premium * pq / cap, qq / cap});
      }
      if (bids.empty()) continue;
      // Logit choice: weights relative to the best bid, so the exponentials never overflow.
      std::vector<double> score(bids.size());
      double best = -1e300, total = 0;
      for (std::size_t b = 0; b < bids.size(); ++b) {
        score[b] = X.logit_gamma * (X.logit_gamma_q * std::log(bids[b].quality) - std::log(bids[b].price));
        best = std::max(best, score[b]);
      }
      for (double& s : score) total += (s = std::exp(s - best));
      std::size_t pick = bids.size() - 1;
      double acc = u * total;
      for (std::size_t b = 0; b < bids.size(); ++b)
        if ((acc -= score[b]) <= 0) {
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
      auto slot = std::find_if(xb.orders.begin(), xb.orders.end(), [](const Order& x) { return !x.active; });
      if (slot == xb.orders.end()) xb.orders.push_back(o);
      else *slot = o;
      ++xb.awards[c];
    }
  }
}

}  // namespace cs
