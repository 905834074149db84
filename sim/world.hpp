#pragma once
// The World owns all state of a run: no globals. `make_world` builds the initial cluster(s) from
// Params; `step` advances one month (step.cpp lists the phases in order).
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "agents/bds.hpp"
#include "agents/cluster_institutions.hpp"
#include "agents/exports.hpp"
#include "agents/firms.hpp"
#include "agents/institutions.hpp"
#include "agents/participation.hpp"
#include "core/ledger.hpp"
#include "core/parallel.hpp"
#include "levers.hpp"
#include "network/trust_graph.hpp"
#include "observe/indicators.hpp"
#include "params/params.hpp"

namespace cs {

struct World;

/// A programme that drives the levers (implemented in policies/). Called once a month at the
/// start of the step, before any other phase; it may read the world, set the month's levers and
/// move programme money between the ledger's accounts (funding, refunds), and nothing else.
class PolicyDriver {
 public:
  virtual ~PolicyDriver() = default;
  /// Called first in the policy phase, while w.levers and the clusters' tallies still hold the
  /// month just ended: lets the programme book what its purses spent.
  virtual void record(const World& w) { (void)w; }
  /// Sets `levers` (already reset to the scenario's standing settings) for month w.step.
  virtual void apply(const World& w, Levers& levers, Ledger& ledger) = 0;
};

struct World {
  Params params;
  Exec exec;
  int step = 0;                 ///< months simulated so far
  std::uint32_t next_uid = 0;   ///< uid of the next firm created
  Environment env;
  Levers levers;
  /// The programme, when the scenario has one (policies::attach_programme); null otherwise.
  std::shared_ptr<PolicyDriver> policy;
  Ledger ledger;
  Firms firms;
  TrustGraph net;
  Banks banks;
  SellingAgents agents;
  BdsProviders bds;
  ExportBook exports;
  Institutions inst;
  /// Which firms the programme reached, per intervention kind (empty without a programme).
  Participation part;
  std::vector<ClusterState> clusters;
  /// Alive firm slots of each cluster, ascending: members[c] (rebuilt in demography).
  std::vector<std::vector<Slot>> members;
  std::vector<Slot> free_slots; ///< dead slots available for entrants, descending
  /// Slots of the firms created since the last demography began (create_firm adds them): the
  /// BDS and institution rows of new firms are set up from this list, not from every slot.
  std::vector<Slot> created;
  /// Indicators of the last completed step, one per cluster.
  std::vector<Indicators> indicators;
  /// Per-slot scratch a phase uses for its own purposes (uniforms drawn in bulk by
  /// draw_uniforms, values computed in one pass and read in the next). It is not part of the
  /// data flow: a phase writes what it reads of it, so nothing passes from one phase to the next
  /// through it (tests/invariants/test_dataflow.cpp fills it with NaN before each phase).
  Column<double> scratch[2];
  /// Total money (all accounts) at creation; every step must preserve it.
  double money0 = 0;
};

/// Builds the initial world. Params must be valid (see validate()).
World make_world(const Params& p);

/// One phase of the step: its name (for timings), the function step() calls, and the data it
/// reads and writes, as space-separated names: firm columns as the code writes them after `f.`
/// (CS_FIRM_COLUMNS; `price`, `recv[0]`, `msg.demand`) and the other parts of the World as `w.<member>`
/// (`w.ledger`, `w.clusters`, ...). A column a phase writes without reading it first is declared
/// in `writes` only. tests/invariants/test_dataflow.cpp checks the declarations against what
/// each phase does; docs/model.md section 3 lists them.
struct StepPhase {
  const char* name;
  void (*run)(World&);
  const char* reads = "";
  const char* writes = "";
};

/// The phases of the step, in the order step() calls them.
std::span<const StepPhase> step_phases();

/// Called after each phase with its name (bench/ uses it to time the phases; no hook in the
/// phases themselves).
using PhaseHook = std::function<void(const char* phase)>;

/// Advances one month; `after_phase`, when set, is called after each phase.
void step(World& w, const PhaseHook& after_phase = {});

/// Sum of every money account: firms' cash plus the ledger's accounts.
double total_money(const World& w);

/// Problems with the books: money not conserved, loan books that differ from firms' debt,
/// negative stocks where none may be. Empty when the books close.
std::vector<std::string> check_books(const World& w, double rel_tol = 1e-9);

}  // namespace cs
