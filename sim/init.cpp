// Building the initial world: clusters, institutions, firms, the proximity network, and the
// initial balance sheets. Initial balances are the only place money is created.
#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/rng.hpp"
#include "params/expand.hpp"
#include "phases/entry.hpp"
#include "observe/observe.hpp"
#include "phases/phases.hpp"
#include "phases/settle.hpp"

namespace cs {

namespace {

void make_institutions(World& w, std::size_t c) {
  const Params& P = w.params;
  const ClusterParams& cp = P.clusters[c];
  ClusterState& cl = w.clusters[c];
  cl.name = cp.name;
  cl.product = cp.product;
  cl.area = cp.area_km;
  Rng r(P.run.seed, Stream::init_institutions, static_cast<std::uint32_t>(c), 0);
  for (int k = 0; k < cp.neighbourhoods; ++k) {
    cl.nb_x.push_back(static_cast<float>(r.uniform(0.15, 0.85) * cp.area_km));
    cl.nb_y.push_back(static_cast<float>(r.uniform(0.15, 0.85) * cp.area_km));
  }
  cl.first_bank = static_cast<std::uint32_t>(w.banks.size());
  cl.n_banks = static_cast<std::uint32_t>(cp.banks);
  for (int b = 0; b < cp.banks; ++b) {
    w.banks.cluster.push_back(static_cast<std::uint16_t>(c));
    w.banks.account.push_back(w.ledger.open(cp.name + "/bank" + std::to_string(b), 0.0));
    w.banks.loans.push_back(0);
    w.banks.funding.push_back(0);
    w.banks.bad_debt.push_back(0);
    w.banks.npa_count.push_back(0);
  }
  cl.first_agent = static_cast<std::uint32_t>(w.agents.size());
  cl.n_agents = static_cast<std::uint32_t>(cp.selling_agents);
  for (int a = 0; a < cp.selling_agents; ++a) {
    w.agents.cluster.push_back(static_cast<std::uint16_t>(c));
    w.agents.account.push_back(w.ledger.open(cp.name + "/agent" + std::to_string(a), 0.0));
    w.agents.commission.push_back(
        static_cast<float>(r.uniform(P.market.agent_commission_min, P.market.agent_commission_max)));
    w.agents.delay.push_back(static_cast<std::uint8_t>(1 + r.below(P.market.agent_delay_max)));
  }
  cl.informal = w.ledger.open(cp.name + "/moneylenders", 0.0);
}

// Firms of a cluster are created neighbourhood by neighbourhood, placed around its centre at an
// angle that follows their rank, so firms adjacent in creation order are also close in space.
void make_firms(World& w, std::size_t c) {
  const Params& P = w.params;
  const ClusterParams& cp = P.clusters[c];
  ClusterState& cl = w.clusters[c];
  const auto& fi = P.firm_init;
  const double radius = 0.12 * cp.area_km;
  for (int k = 0; k < cp.firms; ++k) {
    Rng r(P.run.seed, Stream::init_firms, w.next_uid, 0);
    const int nb = static_cast<int>(static_cast<long long>(k) * cp.neighbourhoods / cp.firms);
    const int nb_first = static_cast<int>((static_cast<long long>(nb) * cp.firms + cp.neighbourhoods - 1) / cp.neighbourhoods);
    const int nb_size = static_cast<int>((static_cast<long long>(nb + 1) * cp.firms + cp.neighbourhoods - 1) / cp.neighbourhoods) - nb_first;
    const double angle = 2 * std::numbers::pi * (k - nb_first + r.uniform()) / std::max(1, nb_size);
    const double rad = radius * std::sqrt(r.uniform());
    FirmSeed s;
    s.cluster = c;
    s.neighbourhood = static_cast<std::uint8_t>(nb);
    s.x = static_cast<float>(std::clamp(cl.nb_x[nb] + rad * std::cos(angle), 0.0, cp.area_km));
    s.y = static_cast<float>(std::clamp(cl.nb_y[nb] + rad * std::sin(angle), 0.0, cp.area_km));
    s.employees = std::min(fi.size_max, fi.size_min * std::pow(r.uniform(), -1.0 / fi.size_pareto_alpha));
    const double sd = fi.productivity_sd;
    s.prod = fi.productivity_mean * std::exp(sd * r.normal() - 0.5 * sd * sd);
    s.birth = -static_cast<int>(r.uniform(0, fi.age_max_years * 12));
    create_firm(w, s, false);
  }
}

// Proximity and kinship links: each firm proposes links to firms close in creation order within
// its neighbourhood (most links) and to any firm of the cluster (kinship, a tenth of them).
// Initial trust is Beta-distributed around trust_init with sd trust_init_sd.
void make_network(World& w, std::size_t c) {
  const Params& P = w.params;
  const auto& m = w.members[c];
  const int per_firm = P.network.mean_degree / 2;
  const long n = static_cast<long>(m.size());
  const long window = 25;
  for (long k = 0; k < n; ++k) {
    const Slot i = m[k];
    Rng r(P.run.seed, Stream::init_network, w.firms.uid[i], 0);
    for (int l = 0; l < per_firm + (r.uniform() < 0.5 * (P.network.mean_degree % 2) ? 1 : 0); ++l) {
      long j;
      if (r.uniform() < 0.1) {
        j = r.below(static_cast<std::uint32_t>(n));
      } else {
        const long d = 1 + r.below(window);
        j = std::clamp(k + (r.uniform() < 0.5 ? -d : d), 0L, n - 1);
        if (w.firms.neighbourhood[m[j]] != w.firms.neighbourhood[i]) j = std::clamp(k + (j < k ? d : -d), 0L, n - 1);
      }
      const double mean = P.network.trust_init, sd = P.network.trust_init_sd;
      const double conc = sd > 0 ? std::max(2.0, mean * (1 - mean) / (sd * sd) - 1) : 0;
      const double trust = sd > 0 ? r.beta_mean(mean, conc) : mean;
      w.net.add(i, m[j], static_cast<float>(trust), 0);
    }
  }
}

}  // namespace

World make_world(const Params& p) {
  World w;
  w.params = p;
  // National mode: one entry per cluster, replicas expanded; everything after indexes this list.
  w.params.clusters = expand_clusters(p);
  const auto& P = w.params;
  w.env.input_price = P.market.input_price;
  w.env.energy_price = P.market.energy_price;
  w.env.frontier_prod = P.tech.frontier_ratio * P.firm_init.productivity_mean;
  w.env.frontier_energy = vintage_energy(P, w.env.frontier_prod);
  std::size_t total = 0;
  for (const auto& c : P.clusters) total += static_cast<std::size_t>(c.firms);
  w.net.init(0, P.network.max_links);
  w.net.set_decay(static_cast<float>(P.network.trust_baseline), static_cast<float>(P.network.trust_decay), 32767);
  // Room for an eighth more slots than the initial firms in every table with a row per slot:
  // entrants fill it before any table is moved to a larger block, whose copy would hold both
  // blocks at once (the process's peak memory).
  const std::size_t rows = total + total / 8;
  w.firms.for_each_column([rows](auto& col) { col.reserve(rows); });
  w.net.reserve(rows);
  for (auto& col : w.scratch) col.reserve(rows);
  BdsFirmState& b = w.bds.firm;
  b.owner.reserve(rows), b.aware.reserve(rows), b.last_buy.reserve(rows), b.recent.reserve(rows);
  b.recent_next.reserve(rows), b.logistics_saving.reserve(rows);
  InstitutionFirms& in = w.inst.firm;
  in.owner.reserve(rows), in.flags.reserve(rows), in.last_design.reserve(rows);
  w.clusters.resize(P.clusters.size());
  w.members.resize(P.clusters.size());
  for (std::size_t c = 0; c < P.clusters.size(); ++c) {
    make_institutions(w, c);
    make_firms(w, c);
  }
  rebuild_members(w);
  for (std::size_t c = 0; c < P.clusters.size(); ++c) {
    // Shares follow initial output value; demand starts at that value.
    const auto s = cluster_sums<2>(w, c, [&](Slot i, Sums<2>& acc) {
      acc[0] += double(w.firms.price[i]) * w.firms.msg.output[i];
      acc[1] += w.firms.capital[i];
    });
    for (Slot i : w.members[c]) w.firms.share[i] = w.firms.share_prev[i] = w.firms.price[i] * double(w.firms.msg.output[i]) / s[0];
    ClusterState& cl = w.clusters[c];
    cl.demand0 = cl.demand = s[0];
    init_export_market(w, c);
    // Banks: equity in proportion to the cluster's capital; the loan book is the firms' debt;
    // the rest of the balance sheet is funding (deposits) from the financial system.
    std::vector<double> book(cl.n_banks, 0.0);
    for (Slot i : w.members[c]) book[w.firms.bank[i]] += w.firms.debt[i];
    for (std::uint32_t b = 0; b < cl.n_banks; ++b) {
      const std::size_t k = cl.first_bank + b;
      const double equity = P.finance.bank_equity * s[1] / cl.n_banks;
      w.banks.loans[k] = book[b];
      w.banks.funding[k] = book[b];  // cash = equity, so funding = loans
      w.ledger.transfer(w.ledger.sector(Sector::financial_system), w.banks.account[k], equity, Flow::loan);
    }
    w.ledger.transfer(w.ledger.sector(Sector::financial_system), cl.informal, P.finance.informal_funds * s[1],
                      Flow::informal_loan);
    make_network(w, c);
  }
  init_bds(w);
  init_institutions(w);
  w.created.clear();  // both have set up every firm's rows
  w.exports.visibility.assign(w.clusters.size(), 1.0);
  w.exports.arrivals.assign(w.clusters.size(), 0);
  w.exports.awards.assign(w.clusters.size(), 0);
  w.exports.failures.assign(w.clusters.size(), 0);
  w.ledger.clear_flows();
  observe(w);
  w.money0 = total_money(w);
  // The burn-in: months -burn_in + 1 .. 0 run before the scenario's clock starts, so that month 0
  // is a settled state (firms' efficiency, shares and exits have found their level) rather than
  // the independent draws above. The environment stands still meanwhile (environment.cpp), and
  // no programme is attached yet.
  w.step = -P.run.burn_in;
  while (w.step < 0) step(w);
  return w;
}

}  // namespace cs
