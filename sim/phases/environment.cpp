#include <algorithm>
#include <cmath>

#include "core/rng.hpp"
#include "phases/phases.hpp"
#include "phases/settle.hpp"

namespace cs {

namespace {
// Product of (1 + size) over the scheduled shocks of `kind` active at step t.
double shock_multiplier(const Params& p, const char* kind, int t) {
  double m = 1.0;
  for (const auto& s : p.shocks)
    if (s.kind == kind && t >= s.start && t < s.start + s.duration) m *= 1.0 + s.size;
  return m;
}
}  // namespace

void phase_environment(World& w) {
  const Params& P = w.params;
  const int t = w.step;
  Rng r(P.run.seed, Stream::environment, 0xFFFFFFFFu, static_cast<std::uint32_t>(t));
  Environment& e = w.env;
  e.input_log_dev = P.market.input_price_rho * e.input_log_dev + P.market.input_price_sd * r.normal();
  e.input_price = P.market.input_price * std::exp(e.input_log_dev) * shock_multiplier(P, "input_price", t);
  e.energy_price = P.market.energy_price * shock_multiplier(P, "energy_price", t);
  // The burn-in (months up to 0) runs in a steady environment: trends start at month 1.
  const double months = std::max(0, t);
  if (t > 0) {
    e.frontier_prod *= 1.0 + P.tech.frontier_growth;
    e.frontier_energy *= 1.0 - P.tech.energy_drift;
  }
  e.demand_mult = shock_multiplier(P, "demand", t);
  // Capacity lost to power: routine downtime and scheduled shortages; the infrastructure lever
  // removes downtime_cut of both.
  const double cut = std::clamp(w.levers.downtime_cut, 0.0, 1.0);
  const double shortage = 1.0 - std::max(0.0, shock_multiplier(P, "power_shortage", t));
  e.power_mult = std::max(0.0, (1.0 - P.market.power_downtime * (1.0 - cut)) * (1.0 - shortage * (1.0 - cut)));
  e.export_ban = std::any_of(P.shocks.begin(), P.shocks.end(), [t](const ShockParams& s) {
                   return s.kind == "export_ban" && t >= s.start && t < s.start + s.duration;
                 });
  e.global_log = P.exports.global_rho * e.global_log + P.exports.global_sd * r.normal();
  e.global_index = std::exp(e.global_log);
  for (std::size_t c = 0; c < w.clusters.size(); ++c) {
    ClusterState& cl = w.clusters[c];
    Rng rc(P.run.seed, Stream::environment, static_cast<std::uint32_t>(c), static_cast<std::uint32_t>(t));
    cl.demand_z = P.market.demand_rho * cl.demand_z + P.market.demand_sd * rc.normal();
    cl.demand = cl.demand0 * std::pow(1.0 + P.clusters[c].demand_growth, months / 12.0) * std::exp(cl.demand_z) *
                e.demand_mult;
    // Standing foreign demand follows its own trend and the global index; a ban stops it.
    cl.foreign = e.export_ban ? 0.0
                              : cl.foreign0 * std::pow(1.0 + P.clusters[c].export_growth, months / 12.0) * e.global_index;
  }
}

void phase_technology_offers(World& w) {
  const double rate = w.params.tech.brochure_rate;
  const float fp = static_cast<float>(w.env.frontier_prod), fe = static_cast<float>(w.env.frontier_energy);
  Firms& f = w.firms;
  auto& u = w.scratch[0];  // each firm's Rng(seed, brochures, uid, t).uniform(), drawn in bulk
  draw_uniforms(w, Stream::brochures, u);
  for_each_firm(w, [&](Slot i) {
    if (u[i] < rate) {
      f.known_prod[i] = fp;
      f.known_energy[i] = fe;
    }
  });
}

}  // namespace cs
