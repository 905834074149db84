#pragma once
// The World owns all state of a run: no globals. `make_world` builds the initial cluster(s) from
// Params; `step` advances one month (step.cpp lists the phases in order).
#include <cstdint>
#include <vector>

#include "agents/firms.hpp"
#include "agents/institutions.hpp"
#include "core/ledger.hpp"
#include "core/parallel.hpp"
#include "network/trust_graph.hpp"
#include "observe/indicators.hpp"
#include "params/params.hpp"

namespace cs {

/// Policy levers: the narrow interface through which interventions act on the simulation.
struct Levers {
  double guarantee_cover = 0;   ///< share of a formal loan covered by a credit guarantee
  double capital_subsidy = 0;   ///< share of a new vintage's price paid by the programme
};

struct World {
  Params params;
  Exec exec;
  int step = 0;                 ///< months simulated so far
  std::uint32_t next_uid = 0;   ///< uid of the next firm created
  Environment env;
  Levers levers;
  Ledger ledger;
  Firms firms;
  TrustGraph net;
  Banks banks;
  SellingAgents agents;
  std::vector<ClusterState> clusters;
  /// Alive firm slots of each cluster, ascending: members[c] (rebuilt in demography).
  std::vector<std::vector<Slot>> members;
  std::vector<Slot> free_slots; ///< dead slots available for entrants, ascending
  /// Indicators of the last completed step, one per cluster.
  std::vector<Indicators> indicators;
  /// Total money (all accounts) at creation; every step must preserve it.
  double money0 = 0;
};

/// Builds the initial world. Params must be valid (see validate()).
World make_world(const Params& p);

/// Advances one month.
void step(World& w);

/// Sum of every money account: firms' cash plus the ledger's accounts.
double total_money(const World& w);

/// Problems with the books: money not conserved, loan books that differ from firms' debt,
/// negative stocks where none may be. Empty when the books close.
std::vector<std::string> check_books(const World& w, double rel_tol = 1e-9);

}  // namespace cs
