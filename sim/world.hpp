#pragma once
// The World owns all state of a run: no globals. `make_world` builds the initial cluster(s) from
// Params; `step` advances one month (step.cpp lists the phases in order).
#include <cstdint>
#include <vector>

#include "agents/bds.hpp"
#include "agents/cluster_institutions.hpp"
#include "agents/exports.hpp"
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
  // The Cluster Development Agent: present while a programme appoints one.
  bool cda_active = false;      ///< a CDA works in every cluster this month
  double cda_hours = 0;         ///< its hours a month
  double cda_skill = 0;         ///< its skill in [0, 1]
  /// Shares of its hours for: diagnostic visits, trust-building meetings, consortium brokering,
  /// SPV mobilisation, BDS linkage (sum <= 1).
  double cda_priority[5] = {0, 0, 0, 0, 0};
  // A Common Facility Centre requested by the programme (one request at a time).
  bool cfc_requested = false;   ///< the programme wants a CFC built in cluster cfc_cluster
  int cfc_cluster = 0;          ///< where
  int cfc_kind = 0;             ///< 0 tool room, 1 testing lab, 2 effluent treatment, 3 raw-material bank, 4 design studio
  double cfc_project_cost = 0;  ///< ₹ lakh
  double cfc_grant_share = 0;   ///< share of the cost paid by the programme's grant
  double cfc_om_support_months = 0; ///< months of O&M support after opening
  double association_grant = 0; ///< monthly capacity-building grant to each association, ₹ lakh
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
  BdsProviders bds;
  ExportBook exports;
  Institutions inst;
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
