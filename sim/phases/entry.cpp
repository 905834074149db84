#include "phases/entry.hpp"

#include <algorithm>
#include <cmath>

#include "core/rng.hpp"

namespace cs {

double vintage_energy(const Params& p, double prod) {
  return p.tech.energy_intensity * std::sqrt(p.firm_init.productivity_mean / prod);
}

FirmTraits draw_traits(const World& w, std::size_t cluster, std::uint32_t uid, bool fund) {
  const Params& P = w.params;
  const ClusterState& cl = w.clusters[cluster];
  Rng r(P.run.seed, fund ? Stream::entry : Stream::init_firms, uid, 1);
  FirmTraits t;
  // Initial firms may hold a certificate with some validity left; entrants start without.
  if (!fund && r.bernoulli(P.firm_init.certified_share))
    t.cert_until = static_cast<std::int32_t>(1 + r.below(static_cast<std::uint32_t>(P.firm_init.certificate_months)));
  t.quality = static_cast<float>(r.beta(P.firm_init.quality_a, P.firm_init.quality_b));
  t.opportunism = static_cast<float>(r.beta_mean(P.firm_init.opportunism_mean, 4.0));
  t.awareness = static_cast<float>(r.beta_mean(P.firm_init.awareness_mean, 4.0));
  t.bank = static_cast<std::uint8_t>(r.below(cl.n_banks));
  t.agent = static_cast<std::uint16_t>(r.below(cl.n_agents));
  t.direct_draw = r.bernoulli(P.firm_init.direct_access_share);
  t.tfp = static_cast<float>(initial_tfp(P, uid));
  return t;
}

Slot create_firm(World& w, const FirmSeed& s, bool fund) {
  return create_firm(w, s, draw_traits(w, s.cluster, w.next_uid, fund), fund);
}

Slot create_firm(World& w, const FirmSeed& s, const FirmTraits& t, bool fund) {
  Firms& f = w.firms;
  const Params& P = w.params;
  Slot i;
  if (!w.free_slots.empty()) {
    i = w.free_slots.back();  // kept in descending order: the lowest free slot is reused first
    w.free_slots.pop_back();
    f.clear_row(i);
  } else {
    i = f.add_row();
    w.net.add_rows(1);
  }
  w.created.push_back(i);
  f.uid[i] = w.next_uid++;
  f.cluster[i] = static_cast<std::uint16_t>(s.cluster);
  f.alive[i] = 1;
  f.neighbourhood[i] = s.neighbourhood;
  f.x[i] = s.x;
  f.y[i] = s.y;
  f.birth[i] = s.birth;
  f.consortium[i] = kNoConsortium;
  f.cert_until[i] = t.cert_until;
  f.prod[i] = static_cast<float>(s.prod);
  f.tfp[i] = t.tfp;
  f.orders[i] = 1.0f;
  f.skill[i] = static_cast<float>(P.firm_init.skill_ratio * s.prod);
  f.quality[i] = t.quality;
  f.energy[i] = static_cast<float>(vintage_energy(P, s.prod));
  f.known_prod[i] = f.prod[i];
  f.known_energy[i] = f.energy[i];
  f.msg.prod_next[i] = f.prod[i];
  f.opportunism[i] = t.opportunism;
  f.awareness[i] = t.awareness;
  f.bank[i] = t.bank;
  f.agent[i] = t.agent;
  f.direct[i] = (t.direct_draw || s.employees >= P.market.direct_access_employees) ? 1 : 0;

  const double a_eff = eff_prod(f, i);
  const double q0 = s.employees * a_eff;
  const double util = std::min(1.0, P.clusters[s.cluster].demand_ratio);
  f.capital[i] = q0 / util * P.tech.capital_per_unit;
  const double c_var = P.market.wage / a_eff + P.market.input_per_unit * w.env.input_price +
                       f.energy[i] * w.env.energy_price;
  f.markup[i] = static_cast<float>(P.market.markup_init);
  f.unit_cost[i] = static_cast<float>(c_var);
  f.price[i] = static_cast<float>((1 + P.market.markup_init) * c_var);
  f.cash[i] = P.firm_init.cash_months * c_var * q0;
  f.debt[i] = fund ? 0.0 : P.finance.initial_leverage * f.capital[i];
  f.employees[i] = static_cast<float>(s.employees);
  f.msg.output[i] = f.sold[i] = f.msg.demand[i] = f.exp_demand[i] = static_cast<float>(q0);
  f.revenue[i] = static_cast<float>(f.price[i] * q0);
  f.share[i] = f.share_prev[i] = s.share;
  f.credit_class[i] = static_cast<std::uint8_t>((P.finance.credit_classes + 1) / 2);

  if (fund) {
    const AccountId hh = w.ledger.sector(Sector::households);
    w.ledger.to_firms(hh, f.cash[i], Flow::entry_equity);
    w.ledger.transfer(hh, w.ledger.sector(Sector::machinery_suppliers), f.capital[i], Flow::entry_equity);
  }
  return i;
}

}  // namespace cs
